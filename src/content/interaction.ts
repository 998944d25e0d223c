// How a reader opens and closes a claim's card: hover, keyboard focus on the claim's marker, a
// click or a tap; Escape dismisses. Only the reader's own events count: an event a page script
// dispatched (isTrusted false, https://dom.spec.whatwg.org/#dom-event-istrusted) opens, closes
// and moves nothing.
import { type CardControl, HoverIntent, type Point } from './hover-intent';
import type { MarkerEvents } from './marker-input';

export { CLOSE_DELAY_MS, OPEN_DELAY_MS, type OpenMode, type Point } from './hover-intent';

/** What the interaction needs from the annotator. */
export interface InteractionHost extends CardControl {
  /** The claim whose text is at a viewport point. */
  claimAt(point: Point): string | null;
  /** The claim whose marker the pointer is on, when `target` is the markers' layer. */
  markerClaim(target: EventTarget | null): string | null;
  /** Whether `target` is the markers' layer (its events arrive through MarkerEvents). */
  isMarkers(target: EventTarget | null): boolean;
  /** Whether `target` is the card. */
  isCard(target: EventTarget | null): boolean;
  /** The page scrolled (`inner`: an element inside it) or resized: boxes are stale. */
  layoutChanged(inner: boolean): void;
}

// A click on a link or control inside a claim is for that control, not for the card.
const CONTROL = 'a[href], button, input, select, textarea, label, summary';

/** Listens for the reader's pointer, focus and keys until `signal` aborts; returns what the markers report to. */
export function installInteraction(doc: Document, host: InteractionHost, signal: AbortSignal): MarkerEvents {
  const view = doc.defaultView as Window;
  const intent = new HoverIntent(view, host, signal);
  let target: EventTarget | null = null;
  let frameScheduled = false;

  const evaluate = (): void => {
    frameScheduled = false;
    const at = intent.at;
    if (signal.aborted) return;
    if (at === null) return intent.hover(null, null);
    if (host.isCard(target)) return intent.onCard();
    intent.hover(host.markerClaim(target) ?? host.claimAt(at), at);
  };

  const options = { capture: true, passive: true, signal };
  view.addEventListener('pointermove', (event) => {
    if (!event.isTrusted || event.pointerType === 'touch') return;
    intent.at = { x: event.clientX, y: event.clientY };
    target = event.target;
    // One hit test per frame, however many events arrive.
    if (!frameScheduled) {
      frameScheduled = true;
      if (typeof view.requestAnimationFrame === 'function') view.requestAnimationFrame(evaluate);
      else view.setTimeout(evaluate, 16);
    }
  }, options);
  doc.addEventListener('pointerout', (event) => {
    // Leaving the window: nothing is under the pointer any more.
    if (event.isTrusted && event.relatedTarget === null && event.pointerType !== 'touch') {
      intent.at = null;
      evaluate();
    }
  }, options);

  view.addEventListener('click', (event) => {
    if (!event.isTrusted || host.isMarkers(event.target) || host.isCard(event.target)) return;
    const at = { x: event.clientX, y: event.clientY };
    intent.cancelOpen();
    const selection = view.getSelection();
    const control = (event.target as Element | null)?.closest?.(CONTROL);
    const id = !control && (selection === null || selection.isCollapsed) ? host.claimAt(at) : null;
    if (id !== null) host.open(id, 'pin', at, false);
    else if (host.openCard()) host.close(false);
  }, options);

  doc.addEventListener('focusout', (event) => {
    const open = host.openCard();
    const to = event.relatedTarget;
    // relatedTarget null: the window lost focus (another window, the toolbar popup); keep the card.
    // Focus leaving a marker is reported by the markers' layer (MarkerEvents.blur).
    if (!event.isTrusted || !open || to === null || host.isCard(to) || host.isMarkers(event.target)) return;
    if (host.isMarkers(to) && open.mode !== 'pin') return;
    if (open.mode === 'focus' || host.isCard(event.target)) host.close(false);
  }, options);

  view.addEventListener('keydown', (event) => {
    const open = host.openCard();
    if (!event.isTrusted || event.key !== 'Escape' || !open) return;
    // The card takes this Escape; the page's own Escape handlers wait for the next one.
    event.preventDefault();
    event.stopPropagation();
    intent.dismiss(open.id);
    host.close(host.cardHasFocus() || host.isMarkers(doc.activeElement));
  }, { capture: true, signal });

  view.addEventListener('scroll', (event) => host.layoutChanged(event.target !== doc && event.target !== view), options);
  view.addEventListener('resize', () => host.layoutChanged(true), { passive: true, signal });

  return markerEvents(host, intent);
}

function markerEvents(host: InteractionHost, intent: HoverIntent): MarkerEvents {
  return {
    hover(id) {
      // The next pointermove's hit test sees the marker; this only keeps a card open meanwhile.
      if (id !== null && host.openCard()?.id === id) intent.cancel();
    },
    activate(id, keyboard, at) {
      intent.cancelOpen();
      const open = host.openCard();
      // From the keyboard (Enter/Space, detail 0), focus goes into the card.
      if (keyboard) host.open(id, 'pin', null, true);
      else if (open?.id === id && open.mode === 'pin') host.close(false);
      else host.open(id, 'pin', at, false);
    },
    focus(id) {
      if (host.openCard()?.id !== id) host.open(id, 'focus', null, false);
    },
    blur(id, to) {
      const open = host.openCard();
      if (!open || open.id !== id || to === null || host.isCard(to)) return;
      if (open.mode === 'focus') host.close(false);
    },
  } satisfies MarkerEvents;
}
