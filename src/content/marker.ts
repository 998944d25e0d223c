import { infoIcon } from './icons';
import { createShadowHost } from './shadow';
import { MARKER_CSS } from './styles';

/** The keyboard-focusable marker after one claim. */
export interface Marker {
  claimId: string;
  /** `<kontekst-marker>`, put into the page after the claim's text. */
  host: HTMLElement;
  /** The button inside the closed shadow root. */
  button: HTMLButtonElement;
}

/** Creates the marker for a claim; `label` is its accessible name ("Context notes: …"). */
export function createMarker(doc: Document, claimId: string, label: string): Marker {
  const { host, root } = createShadowHost(doc, 'kontekst-marker', MARKER_CSS, true);
  const button = doc.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-label', label);
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  button.append(infoIcon(doc));
  root.append(button);
  return { claimId, host, button };
}
