// The card and focus: which claim's card is open and why, where it sits, and where keyboard
// focus goes when it closes. A card opens, and is placed, only while its claim's range still
// reads its claim; otherwise it stays shut and the page is read again (ClaimAnchors.recheck).
import type { Claim, Language } from '../core/dataset/model';
import type { ContentKey, Translate } from '../shared/i18n';
import type { ArticlePack } from '../shared/messages';
import { Card, type Placement } from './card';
import type { ClaimAnchors } from './claim-anchors';
import { type Box, type ClaimHitTester, unionBox } from './hit-test';
import type { CardControl, OpenMode, Point } from './hover-intent';
import type { MarkerLayer } from './marker-layer';
import type { Tint } from './marks';

/** What the card needs from the rest of the session. */
export interface CardParts {
  doc: Document;
  t: Translate<ContentKey>;
  language: Language;
  pack: ArticlePack | null;
  /** The line saying whose article a copy carries, written when the card is (null at the article's own address). */
  copy?: (() => string) | null;
  claims: ReadonlyMap<string, Claim>;
  anchors: ClaimAnchors;
  hits: ClaimHitTester;
  tint: Tint;
  layer: MarkerLayer;
}

/** The open card and keyboard focus around it. */
export class CardFocus implements CardControl {
  private readonly card: Card;
  private open_: { id: string; mode: OpenMode; x: number | null } | null = null;
  private refocusing = false;

  constructor(private readonly parts: CardParts) {
    this.card = new Card(parts.doc, parts.t, () => this.close(true), () => this.tabOut(), parts.pack, parts.copy ?? null);
  }

  openCard(): { id: string; mode: OpenMode } | null {
    return this.open_ ? { id: this.open_.id, mode: this.open_.mode } : null;
  }

  cardHasFocus(): boolean {
    return this.card.hasFocus();
  }

  isCard(target: EventTarget | null): boolean {
    return target !== null && target === this.card.host;
  }

  open(id: string, mode: OpenMode, at: Point | null, focusCard: boolean): void {
    const { anchors, claims, layer, tint } = this.parts;
    const claim = claims.get(id);
    const found = anchors.found.find((f) => f.id === id);
    if (!claim || !found) return;
    if (!anchors.reads(id)) {
      // The page changed this claim's words since it was anchored: no card beside other words.
      this.close(false);
      anchors.recheck();
      return;
    }
    if (mode === 'focus' && this.refocusing) return;
    const previous = this.open_;
    if (previous && previous.id !== id) layer.setExpanded(previous.id, false);
    this.open_ = { id, mode, x: at?.x ?? (previous?.id === id ? previous.x : null) };
    this.card.show(id, claim.notes, this.parts.language, this.placement(id), found.fuzzy);
    tint.setActive(id);
    layer.setExpanded(id, true);
    if (focusCard) this.card.focus();
  }

  close(returnFocus: boolean): void {
    const open = this.open_;
    if (!open) return;
    const hadFocus = this.card.hasFocus();
    this.open_ = null;
    this.card.hide();
    this.parts.tint.setActive(null);
    this.parts.layer.setExpanded(open.id, false);
    if (returnFocus || hadFocus) this.focusMarker(open.id);
  }

  /** After anchoring: the open card's claim is marked again, or its card goes. */
  afterAnchoring(): void {
    const open = this.open_;
    if (!open) return;
    if (this.parts.anchors.reads(open.id)) {
      this.parts.tint.setActive(open.id);
      this.parts.layer.setExpanded(open.id, true);
    } else {
      this.close(false);
    }
  }

  /** Moves the open card next to its claim, from boxes measured in this frame (the caller batches reads before writes). */
  follow(viewportHeight: number): void {
    const open = this.open_;
    if (!open) return;
    if (!this.parts.anchors.reads(open.id)) {
      this.close(false);
      this.parts.anchors.recheck();
      return;
    }
    const placement = this.placement(open.id);
    const away = placement.anchor.bottom < 0 || placement.anchor.top > viewportHeight;
    // A preview follows the pointer's claim; once the claim has scrolled away it has no reason to stay.
    if (away && open.mode === 'hover' && !this.card.hasFocus()) this.close(false);
    else this.card.place(placement);
  }

  private placement(id: string): Placement {
    const rects = this.parts.hits.rectsOf(id);
    const last: Box | undefined = rects[rects.length - 1];
    const anchor = rects.length ? unionBox(rects) : { left: 0, right: 0, top: 0, bottom: 0 };
    const x = this.open_?.id === id && this.open_.x !== null ? this.open_.x : last?.right ?? anchor.left;
    return { anchor, x };
  }

  private focusMarker(id: string): void {
    this.refocusing = true;
    try {
      this.parts.layer.focus(id);
    } finally {
      this.refocusing = false;
    }
  }

  // The card's last control, tabbed past, goes back to the claim's marker, and the card stays
  // while focus is there, as when the reader first tabbed to it.
  private tabOut(): void {
    const open = this.open_;
    if (!open) return;
    open.mode = 'focus';
    this.focusMarker(open.id);
  }

  /** Scrolls a claim into view and opens its card with focus in it (the popup's list). */
  showClaim(id: string): boolean {
    const found = this.parts.anchors.found.find((f) => f.id === id);
    if (!found || !this.parts.anchors.reads(id)) return false;
    const view = this.parts.doc.defaultView as Window;
    // A hidden tab renders no frames, so a smooth scroll there would not move at all.
    const smooth = this.parts.doc.visibilityState === 'visible' && !view.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    const element = found.range.startContainer.parentElement;
    if (element && typeof element.scrollIntoView === 'function') element.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
    this.parts.hits.invalidate();
    this.open(id, 'pin', null, true);
    return true;
  }

  /** Hides the card for good (teardown). */
  hide(): void {
    this.open_ = null;
    this.card.hide();
  }
}
