// When the pointer means a card: it opens after the pointer rests on a claim (as Wikipedia's
// page previews do), closes a while after the pointer left both the claim and the card, and
// stays shut after Escape while the pointer rests on the same claim (WCAG 2.2 SC 1.4.13,
// https://www.w3.org/TR/WCAG22/#content-on-hover-or-focus).

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

/** The card as the pointer's intent sees it. */
export interface CardControl {
  openCard(): { id: string; mode: OpenMode } | null;
  cardHasFocus(): boolean;
  open(id: string, mode: OpenMode, at: Point | null, focusCard: boolean): void;
  close(returnFocus: boolean): void;
}

/** The pointer's intent, with its two timers; both stop when `signal` aborts. */
export class HoverIntent {
  private openTimer = 0;
  private pendingId: string | null = null;
  private closeTimer = 0;
  /** After Escape the card stays shut while the pointer rests on the same claim. */
  private dismissed: string | null = null;
  /** The claim under the pointer at the last hit test, before any dismissal is applied. */
  private underPointer: string | null = null;
  /** Where the pointer is now (the card opens there when the delay ends). */
  at: Point | null = null;

  constructor(
    private readonly view: Window,
    private readonly card: CardControl,
    signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => this.cancel(), { once: true });
  }

  /** Stops both timers (the reader acted some other way). */
  cancel(): void {
    this.cancelOpen();
    this.cancelClose();
  }

  cancelOpen(): void {
    this.view.clearTimeout(this.openTimer);
    this.openTimer = 0;
    this.pendingId = null;
  }

  private cancelClose(): void {
    this.view.clearTimeout(this.closeTimer);
    this.closeTimer = 0;
  }

  /** The pointer is on the card: nothing closes or opens. */
  onCard(): void {
    this.cancel();
  }

  /** The pointer rests on claim `id` (null: on none) at `at`. */
  hover(id: string | null, at: Point | null): void {
    this.underPointer = id;
    if (this.dismissed !== null && id !== this.dismissed) this.dismissed = null;
    if (id !== null && id === this.dismissed) id = null;
    const open = this.card.openCard();
    if (id !== null && open?.id === id) return this.cancel();
    if (id !== this.pendingId) {
      this.cancelOpen();
      if (id !== null && at !== null) {
        this.pendingId = id;
        const claim = id;
        this.openTimer = this.view.setTimeout(() => {
          this.openTimer = 0;
          this.pendingId = null;
          this.cancelClose();
          this.card.open(claim, 'hover', this.at ?? at, false);
        }, OPEN_DELAY_MS);
      }
    }
    this.scheduleClose();
  }

  private scheduleClose(): void {
    const open = this.card.openCard();
    if (!open || open.mode !== 'hover' || this.card.cardHasFocus() || this.closeTimer) return;
    this.closeTimer = this.view.setTimeout(() => {
      this.closeTimer = 0;
      const still = this.card.openCard();
      if (still?.mode === 'hover' && !this.card.cardHasFocus()) this.card.close(false);
    }, CLOSE_DELAY_MS);
  }

  /** Escape closed the open card `id`: it stays shut only while the pointer rests on it. */
  dismiss(id: string): void {
    this.cancel();
    // A card opened from the keyboard or a tap elsewhere must open again when the pointer later comes to its claim.
    this.dismissed = this.underPointer === id ? id : null;
  }
}
