// How a reader opens and closes a claim's card: hover (with the delays readers know from
// Wikipedia's page previews), keyboard focus on the claim's marker, a click or a tap. It meets
// WCAG 2.2 SC 1.4.13 (https://www.w3.org/TR/WCAG22/#content-on-hover-or-focus): the pointer can
// travel onto the card, Escape dismisses it, and it stays until the reader leaves or dismisses it.

/** Open a card after the pointer rests this long on a claim. */
export const OPEN_DELAY_MS = 500;
/** Close a hover card this long after the pointer left both the claim and the card. */
export const CLOSE_DELAY_MS = 300;

/** Why a card is open, which decides what closes it. */
export type OpenMode = 'hover' | 'focus' | 'pin';

/** A viewport point. */
export interface Point {
  x: number;
  y: number;
}

/** What the interaction needs from the annotator. */
export interface InteractionHost {
  /** The claim whose text is at a viewport point. */
  claimAt(point: Point): string | null;
  /** The claim whose marker `target` is, if it is one. */
  markerClaim(target: EventTarget | null): string | null;
  /** Whether `target` is the card. */
  isCard(target: EventTarget | null): boolean;
  /** Whether keyboard focus is in the card. */
  cardHasFocus(): boolean;
  /** The open card's claim and mode. */
  openCard(): { id: string; mode: OpenMode } | null;
  open(id: string, mode: OpenMode, at: Point | null, focusCard: boolean): void;
  close(returnFocus: boolean): void;
  /** The page scrolled or resized: cached boxes are stale and the card must follow its claim. */
  layoutChanged(): void;
}

/** Listens to the page for the reader's pointer, focus and keys until `signal` aborts. */
export function installInteraction(doc: Document, host: InteractionHost, signal: AbortSignal): void {
  const view = doc.defaultView as Window;
  const frame = (callback: () => void): void => {
    if (typeof view.requestAnimationFrame === 'function') view.requestAnimationFrame(callback);
    else view.setTimeout(callback, 16);
  };
  let pointer: (Point & { target: EventTarget | null }) | null = null;
  let frameScheduled = false;
  let openTimer = 0;
  let pendingId: string | null = null;
  let closeTimer = 0;
  // After Escape the card stays shut while the pointer rests on the same claim.
  let dismissed: string | null = null;
  // The claim under the pointer at the last hit test, before any dismissal is applied.
  let underPointer: string | null = null;

  const cancelOpen = (): void => {
    view.clearTimeout(openTimer);
    openTimer = 0;
    pendingId = null;
  };
  const cancelClose = (): void => {
    view.clearTimeout(closeTimer);
    closeTimer = 0;
  };
  signal.addEventListener('abort', () => {
    cancelOpen();
    cancelClose();
  }, { once: true });

  const scheduleClose = (): void => {
    const open = host.openCard();
    if (!open || open.mode !== 'hover' || host.cardHasFocus() || closeTimer) return;
    closeTimer = view.setTimeout(() => {
      closeTimer = 0;
      const still = host.openCard();
      if (still?.mode === 'hover' && !host.cardHasFocus()) host.close(false);
    }, CLOSE_DELAY_MS);
  };

  const hover = (id: string | null, at: Point | null): void => {
    underPointer = id;
    if (dismissed !== null && id !== dismissed) dismissed = null;
    if (id !== null && id === dismissed) id = null;
    const open = host.openCard();
    if (id !== null && open?.id === id) {
      cancelOpen();
      cancelClose();
      return;
    }
    if (id !== pendingId) {
      cancelOpen();
      if (id !== null && at !== null) {
        pendingId = id;
        openTimer = view.setTimeout(() => {
          openTimer = 0;
          pendingId = null;
          cancelClose();
          host.open(id, 'hover', pointer ?? at, false);
        }, OPEN_DELAY_MS);
      }
    }
    scheduleClose();
  };

  const evaluate = (): void => {
    frameScheduled = false;
    if (signal.aborted) return;
    if (pointer === null) return hover(null, null);
    if (host.isCard(pointer.target)) {
      cancelOpen();
      cancelClose();
      return;
    }
    hover(host.markerClaim(pointer.target) ?? host.claimAt(pointer), pointer);
  };

  const options = { capture: true, passive: true, signal };
  view.addEventListener('pointermove', (event) => {
    if (event.pointerType === 'touch') return;
    pointer = { x: event.clientX, y: event.clientY, target: event.target };
    // One hit test per frame, however many events arrive.
    if (!frameScheduled) {
      frameScheduled = true;
      frame(evaluate);
    }
  }, options);
  doc.addEventListener('pointerout', (event) => {
    // Leaving the window: nothing is under the pointer any more.
    if (event.relatedTarget === null && event.pointerType !== 'touch') {
      pointer = null;
      evaluate();
    }
  }, options);

  view.addEventListener('click', (event) => {
    const markerId = host.markerClaim(event.target);
    const at = { x: event.clientX, y: event.clientY };
    cancelOpen();
    if (markerId !== null) {
      const open = host.openCard();
      // detail 0: activated from the keyboard (Enter/Space), so focus goes into the card.
      if (event.detail === 0) host.open(markerId, 'pin', null, true);
      else if (open?.id === markerId && open.mode === 'pin') host.close(false);
      else host.open(markerId, 'pin', at, false);
      return;
    }
    if (host.isCard(event.target)) return;
    const selection = view.getSelection();
    // A click on a link or control inside a claim is for that control, not for the card.
    const control = (event.target as Element | null)?.closest?.('a[href], button, input, select, textarea, label, summary');
    const id = !control && (selection === null || selection.isCollapsed) ? host.claimAt(at) : null;
    if (id !== null) host.open(id, 'pin', at, false);
    else if (host.openCard()) host.close(false);
  }, options);

  doc.addEventListener('focusin', (event) => {
    const id = host.markerClaim(event.target);
    if (id !== null && host.openCard()?.id !== id) host.open(id, 'focus', null, false);
  }, options);
  doc.addEventListener('focusout', (event) => {
    const open = host.openCard();
    const to = event.relatedTarget;
    // relatedTarget null: the window lost focus (another window, the toolbar popup); keep the card.
    if (!open || to === null || host.isCard(to) || host.markerClaim(to) === open.id) return;
    if (open.mode === 'focus' || host.isCard(event.target)) host.close(false);
  }, options);

  view.addEventListener('keydown', (event) => {
    const open = host.openCard();
    if (event.key !== 'Escape' || !open) return;
    // The card takes this Escape; the page's own Escape handlers wait for the next one.
    event.preventDefault();
    event.stopPropagation();
    cancelOpen();
    cancelClose();
    // Only a card the pointer is resting on stays shut; one opened from the keyboard or a tap
    // elsewhere must open again when the pointer later comes to its claim.
    dismissed = underPointer === open.id ? open.id : null;
    host.close(host.cardHasFocus());
  }, { capture: true, signal });

  const layout = (): void => host.layoutChanged();
  view.addEventListener('scroll', layout, options);
  view.addEventListener('resize', layout, { passive: true, signal });
}
