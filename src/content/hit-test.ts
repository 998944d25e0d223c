// Which claim is under the pointer. Highlights take no pointer events, so this is geometry:
// the claims' line boxes (cached, recomputed only after scroll, resize, reflow or re-anchoring),
// confirmed by the caret position at the point, which sees what is actually on top there
// (a fixed header over the text is not the claim).

/** A claim with its live range. */
export interface HitTarget {
  id: string;
  range: Range;
}

/** A rectangle in viewport coordinates. */
export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

interface Cached {
  id: string;
  range: Range;
  rects: Box[];
  box: Box;
  length: number;
}

const EMPTY: Box = { left: 0, right: 0, top: 0, bottom: 0 };

/** A plain copy of a box the browser gave: its four sides read once. */
export function plainBox({ left, right, top, bottom }: Box): Box {
  return { left, right, top, bottom };
}

/**
 * The non-empty line boxes of a range (none where the browser does no layout), as plain objects:
 * in a Firefox content script every read of a DOMRect's side is a call through an Xray wrapper,
 * and the boxes are read again and again (hit tests, the markers' places, the card's).
 */
export function lineBoxes(range: Range): Box[] {
  // jsdom has no Range.getClientRects.
  if (typeof range.getClientRects !== 'function') return [];
  const boxes: Box[] = [];
  for (const rect of range.getClientRects()) {
    const box = plainBox(rect);
    if (box.right > box.left && box.bottom > box.top) boxes.push(box);
  }
  return boxes;
}

/** The smallest box around `boxes`. */
export function unionBox(boxes: readonly Box[]): Box {
  if (boxes.length === 0) return EMPTY;
  return {
    left: Math.min(...boxes.map((b) => b.left)),
    right: Math.max(...boxes.map((b) => b.right)),
    top: Math.min(...boxes.map((b) => b.top)),
    bottom: Math.max(...boxes.map((b) => b.bottom)),
  };
}

/** A caret position: the text node (or element) and offset under a point. */
export function caretAt(doc: Document, x: number, y: number): { node: Node; offset: number } | null {
  // caretPositionFromPoint is the standard (Firefox; Chrome 128+), caretRangeFromPoint the older WebKit/Blink one.
  if (typeof doc.caretPositionFromPoint === 'function') {
    const position = doc.caretPositionFromPoint(x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  if (typeof doc.caretRangeFromPoint === 'function') {
    const range = doc.caretRangeFromPoint(x, y);
    return range ? { node: range.startContainer, offset: range.startOffset } : null;
  }
  return null;
}

const within = (r: Box, x: number, y: number): boolean => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;

/** Finds the claim under a point, from cached line boxes. */
export class ClaimHitTester {
  private cache: Cached[] | null = null;

  constructor(
    private readonly doc: Document,
    private targets: readonly HitTarget[],
  ) {}

  /** Replaces the claims (after re-anchoring). */
  setTargets(targets: readonly HitTarget[]): void {
    this.targets = targets;
    this.cache = null;
  }

  /** Forgets the cached boxes: the layout moved. */
  invalidate(): void {
    this.cache = null;
  }

  private boxes(): Cached[] {
    this.cache ??= this.targets
      .filter((t) => !t.range.collapsed)
      .map(({ id, range }) => {
        const rects = lineBoxes(range);
        return { id, range, rects, box: unionBox(rects), length: range.toString().length };
      });
    return this.cache;
  }

  /** The line boxes of one claim, in viewport coordinates. */
  rectsOf(id: string): Box[] {
    return this.boxes().find((c) => c.id === id)?.rects ?? [];
  }

  /** The id of the claim at viewport point (x, y), or null; the shortest wins where claims overlap. */
  claimAt(x: number, y: number): string | null {
    const hits = this.boxes().filter((c) => within(c.box, x, y) && c.rects.some((r) => within(r, x, y)));
    if (hits.length === 0) return null;
    const caret = caretAt(this.doc, x, y);
    const confirmed = caret ? hits.filter((c) => isPointIn(c.range, caret.node, caret.offset)) : hits;
    if (confirmed.length === 0) return null;
    confirmed.sort((a, b) => a.length - b.length);
    return (confirmed[0] as Cached).id;
  }
}

function isPointIn(range: Range, node: Node, offset: number): boolean {
  try {
    return range.isPointInRange(node, offset);
  } catch {
    // A point in another document or a doctype.
    return false;
  }
}
