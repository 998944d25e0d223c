// What an earlier annotator left in the page when its extension went away under it: Firefox
// unloads a content script with its extension but leaves the nodes and highlights it made; Chrome
// keeps it running, orphaned (annotator.ts), in a world of its own. The new annotator's world
// holds no trace of it, so what it left is found by Kontekst's names: its hosts (kontekst-*
// children of the root element, where the markers' layer and the card go) and the highlights under
// Kontekst's names. Kontekst's page stylesheet (page.css, inserted by the background) only styles
// those highlights, and a content script cannot take out what scripting.insertCSS put in.
import { ACTIVE_HIGHLIGHT, CLAIM_HIGHLIGHT } from './marks';
import { isOwnElement } from './shadow';

/**
 * Takes out of `doc` every kontekst-* host and Kontekst highlight from `registry` (the page's, looked
 * up once by the annotator for this and its session): called with no session of this annotator running.
 */
export function removeLeftovers(doc: Document, registry: HighlightRegistry | null): void {
  const root = doc.documentElement;
  if (root) for (const el of [...root.children]) if (isOwnElement(el)) el.remove();
  if (!registry) return;
  registry.delete(CLAIM_HIGHLIGHT);
  registry.delete(ACTIVE_HIGHLIGHT);
}
