// The card with a claim's notes: a non-modal dialog in a closed shadow root, placed next to
// the claim inside the viewport, above the page (top layer where the browser has popovers,
// else the highest z-index). Its content is built by card-content.ts, as text, never as HTML.
import type { Language, Note } from '../core/dataset/model';
import type { ContentKey, Translate } from '../shared/i18n';
import type { ArticlePack } from '../shared/messages';
import { renderCard } from './card-content';
import type { Box } from './hit-test';
import { createShadowHost } from './shadow';
import { CARD_CSS } from './styles';

/** Space kept between the card and the viewport's edges, and between the card and the claim. */
const EDGE = 8;
const GAP = 8;

/** Where to put the card: next to `anchor` (the claim's box), lined up with `x`. */
export interface Placement {
  anchor: Box;
  x: number;
}

/** The one card on a page; shows one claim's notes at a time. Its element is made when it first opens. */
export class Card {
  private shadow: { host: HTMLElement; root: ShadowRoot } | null = null;
  private dialog: HTMLElement | null = null;
  private claim: string | null = null;
  private approximate = false;

  constructor(
    private readonly doc: Document,
    private readonly t: Translate<ContentKey>,
    private readonly onCloseButton: () => void,
    private readonly onTabOut: () => void,
    /** The added pack the page's notes come from; null for the bundled dataset. */
    private readonly pack: ArticlePack | null = null,
    /** The line saying whose article a copy carries, written when the card is (null at the article's own address). */
    private readonly copy: (() => string) | null = null,
  ) {}

  /** The card's host element, once it has opened. */
  get host(): HTMLElement | null {
    return this.shadow?.host ?? null;
  }

  private ensureShadow(): { host: HTMLElement; root: ShadowRoot } {
    if (this.shadow) return this.shadow;
    const shadow = createShadowHost(this.doc, 'kontekst-card', CARD_CSS);
    shadow.root.addEventListener('keydown', (event) => this.keepTabOrder(event as KeyboardEvent));
    return (this.shadow = shadow);
  }

  /** Whether keyboard focus is inside the card. */
  hasFocus(): boolean {
    return this.shadow !== null && this.doc.activeElement === this.shadow.host;
  }

  /** Shows `notes` for `claimId` at `placement`; `approximate` when the claim was anchored fuzzily. */
  show(claimId: string, notes: readonly Note[], language: Language, placement: Placement, approximate = false): void {
    const { host, root } = this.ensureShadow();
    // A claim anchored again (the page changed) may have changed between exact and fuzzy.
    if (this.claim !== claimId || this.approximate !== approximate || !this.dialog) {
      const dialog = renderCard(this.doc, notes, language, this.t, this.onCloseButton, approximate, this.pack, this.copy?.() ?? null);
      if (this.dialog) this.dialog.replaceWith(dialog);
      else root.append(dialog);
      this.dialog = dialog;
      this.claim = claimId;
      this.approximate = approximate;
    }
    // The last element of the document, so it paints over the page's own fixed layers; the
    // top layer (popover) puts it above even the page's modal dialogs where available.
    if (host.parentNode !== this.doc.documentElement || host.nextSibling) this.doc.documentElement.append(host);
    if (typeof host.showPopover === 'function') {
      host.popover = 'manual';
      if (!host.matches(':popover-open')) host.showPopover();
    }
    this.place(placement);
  }

  /** Moves the card next to the claim, inside the viewport. */
  place({ anchor, x }: Placement): void {
    const dialog = this.dialog;
    const view = this.doc.defaultView;
    if (!dialog || !view) return;
    const width = this.doc.documentElement.clientWidth || view.innerWidth;
    const height = this.doc.documentElement.clientHeight || view.innerHeight;
    // Every read before the first write: the card's natural size is its content's height
    // (scrollHeight ignores max-height) plus its borders.
    const size = { width: dialog.offsetWidth, height: dialog.scrollHeight + dialog.offsetHeight - dialog.clientHeight };
    const below = height - anchor.bottom - GAP - EDGE;
    const above = anchor.top - GAP - EDGE;
    let top: number;
    let room: number;
    if (size.height <= below || below >= above) {
      room = below;
      top = anchor.bottom + GAP;
    } else {
      room = above;
      top = anchor.top - GAP - Math.min(size.height, above);
    }
    // Never smaller than a few lines, and never outside the viewport, even for a claim scrolled away.
    room = Math.max(room, Math.min(160, height - 2 * EDGE));
    const shown = Math.min(size.height, room);
    top = Math.min(Math.max(top, EDGE), height - EDGE - shown);
    const left = Math.min(Math.max(x - 24, EDGE), Math.max(EDGE, width - size.width - EDGE));
    dialog.style.maxHeight = `${Math.floor(room)}px`;
    dialog.style.top = `${Math.round(top)}px`;
    dialog.style.left = `${Math.round(left)}px`;
  }

  /** Moves keyboard focus into the card. */
  focus(): void {
    this.dialog?.focus({ preventScroll: true });
  }

  /** Hides the card. */
  hide(): void {
    const host = this.shadow?.host;
    if (host && typeof host.hidePopover === 'function' && host.matches(':popover-open')) host.hidePopover();
    host?.remove();
    this.dialog?.remove();
    this.dialog = null;
    this.claim = null;
  }

  // The card sits at the end of the document; Tab past its last control (or Shift+Tab
  // before its first) goes back to the claim's marker, as if the card followed the marker.
  private keepTabOrder(event: KeyboardEvent): void {
    if (event.key !== 'Tab' || !this.dialog) return;
    const focusable = Array.from(this.dialog.querySelectorAll<HTMLElement>('a[href], button'));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = this.shadow?.root.activeElement;
    if ((event.shiftKey && (active === first || active === this.dialog)) || (!event.shiftKey && active === last)) {
      event.preventDefault();
      this.onTabOut();
    }
  }
}
