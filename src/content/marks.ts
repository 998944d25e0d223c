// Marks the anchored claims: with the CSS Custom Highlight API where the browser has it
// (the page's DOM is not touched for the marks at all), else by wrapping the claim's text in
// <kontekst-mark> elements. Either way a focusable marker goes in after each claim.
import { DomEdits } from './dom-edits';
import type { Marker } from './marker';

/** Highlight holding every anchored claim. */
export const CLAIM_HIGHLIGHT = 'kontekst-claim';
/** Highlight holding the claim whose card is open. */
export const ACTIVE_HIGHLIGHT = 'kontekst-claim-active';
/** The fallback wrapper's tag. */
export const MARK_TAG = 'kontekst-mark';

/** A claim to mark: its id, where it is, and its marker. */
export interface MarkTarget {
  id: string;
  range: Range;
  marker: Marker;
}

/** What marking produced for one claim. */
export interface MarkedClaim {
  id: string;
  /** Covers the claim's text; live, so it follows the page's edits and reflow. */
  range: Range;
  marker: Marker;
}

/** The marks on a page, until `remove()`. */
export interface Marking {
  readonly mode: 'highlight' | 'wrap';
  readonly claims: readonly MarkedClaim[];
  /** Shows one claim as the active one (its card is open), or none. */
  setActive(id: string | null): void;
  /** Removes every mark and marker: the page's DOM is as before. */
  remove(): void;
}

interface HighlightApi {
  registry: HighlightRegistry;
  Highlight: typeof Highlight;
}

function highlightApi(doc: Document): HighlightApi | null {
  const view = doc.defaultView as (Window & { CSS?: { highlights?: HighlightRegistry }; Highlight?: typeof Highlight }) | null;
  const registry = view?.CSS?.highlights;
  return registry && typeof view.Highlight === 'function' ? { registry, Highlight: view.Highlight } : null;
}

// A button inside a link (or another control) would trigger the link; the marker goes after it.
const INTERACTIVE = 'a[href], button, label, summary, select, textarea, [contenteditable=""], [contenteditable="true"]';

function insertMarkerAfter(range: Range, marker: Marker, edits: DomEdits): void {
  const end = range.endContainer;
  const element = end.nodeType === 1 ? (end as Element) : end.parentElement;
  const control = element?.closest(INTERACTIVE);
  if (control?.parentNode) {
    edits.insert(marker.host, control.parentNode, control.nextSibling);
  } else if (end.nodeType === 3) {
    const text = end as Text;
    if (range.endOffset > 0 && range.endOffset < text.length) edits.split(text, range.endOffset);
    if (range.endOffset === 0) edits.insert(marker.host, text.parentNode as Node, text);
    else edits.insert(marker.host, text.parentNode as Node, text.nextSibling);
  } else {
    edits.insert(marker.host, end, end.childNodes[range.endOffset] ?? null);
  }
}

/** One text node's part of a range, as offsets that survive nothing: computed before any edit. */
interface Segment {
  node: Text;
  start: number;
  end: number;
}

function segmentsOf(range: Range): Segment[] {
  const segments: Segment[] = [];
  const root = range.commonAncestorContainer;
  const doc = root.ownerDocument ?? (root as Document);
  const add = (node: Text): void => {
    const start = node === range.startContainer ? range.startOffset : 0;
    const end = node === range.endContainer ? range.endOffset : node.length;
    if (end > start) segments.push({ node, start, end });
  };
  if (root.nodeType === 3) {
    add(root as Text);
    return segments;
  }
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (range.intersectsNode(node)) add(node as Text);
  }
  return segments;
}

/** Wraps every claim's text in <kontekst-mark> elements; returns each claim's marks in order. */
function wrapClaims(doc: Document, ranges: readonly Range[], edits: DomEdits): Element[][] {
  const perClaim = ranges.map(segmentsOf);
  // Split every text node at every boundary first, highest offset first, so the lower
  // offsets still point into the original node.
  const cuts = new Map<Text, Set<number>>();
  for (const segments of perClaim) {
    for (const { node, start, end } of segments) {
      let set = cuts.get(node);
      if (!set) cuts.set(node, (set = new Set()));
      if (start > 0) set.add(start);
      if (end < node.length) set.add(end);
    }
  }
  const pieces = new Map<Text, { start: number; node: Text }[]>();
  for (const [node, set] of cuts) {
    const offsets = [...set].sort((a, b) => b - a);
    const list: { start: number; node: Text }[] = [];
    for (const offset of offsets) list.unshift({ start: offset, node: edits.split(node, offset) });
    list.unshift({ start: 0, node });
    pieces.set(node, list);
  }
  const wrappers = new Map<Text, Element>();
  return perClaim.map((segments) => {
    const marks: Element[] = [];
    for (const { node, start, end } of segments) {
      for (const piece of pieces.get(node) ?? []) {
        if (piece.start < start || piece.start >= end) continue;
        let mark = wrappers.get(piece.node);
        if (!mark) {
          mark = doc.createElement(MARK_TAG);
          edits.wrap(piece.node, mark);
          wrappers.set(piece.node, mark);
        }
        marks.push(mark);
      }
    }
    return marks;
  });
}

/** Marks `targets` on the page; `forceWrap` uses the fallback even where highlights exist. */
export function markClaims(doc: Document, targets: readonly MarkTarget[], forceWrap = false): Marking {
  const edits = new DomEdits();
  const api = forceWrap ? null : highlightApi(doc);
  let claims: MarkedClaim[];
  let setActive: (id: string | null) => void;
  let removeMarks: () => void;

  if (api) {
    claims = targets.map(({ id, range, marker }) => ({ id, range, marker }));
    // Live ranges follow the split and the insertion, so the highlight still covers the claim.
    for (const claim of claims) insertMarkerAfter(claim.range, claim.marker, edits);
    const all = new api.Highlight(...claims.map((c) => c.range));
    const active = new api.Highlight();
    active.priority = 1;
    api.registry.set(CLAIM_HIGHLIGHT, all);
    api.registry.set(ACTIVE_HIGHLIGHT, active);
    setActive = (id) => {
      active.clear();
      const claim = claims.find((c) => c.id === id);
      if (claim) active.add(claim.range);
    };
    removeMarks = () => {
      // The registry is shared with the page: remove our own entries only.
      if (api.registry.get(CLAIM_HIGHLIGHT) === all) api.registry.delete(CLAIM_HIGHLIGHT);
      if (api.registry.get(ACTIVE_HIGHLIGHT) === active) api.registry.delete(ACTIVE_HIGHLIGHT);
    };
  } else {
    const marksPerClaim = wrapClaims(doc, targets.map((t) => t.range), edits);
    claims = targets.map(({ id, marker }, i) => {
      const marks = marksPerClaim[i] ?? [];
      const range = doc.createRange();
      const first = marks[0];
      const last = marks[marks.length - 1];
      if (first && last) {
        range.setStartBefore(first);
        range.setEndAfter(last);
      }
      return { id, range, marker };
    });
    for (const claim of claims) if (!claim.range.collapsed) insertMarkerAfter(claim.range, claim.marker, edits);
    const marksOf = new Map(claims.map((c, i) => [c.id, marksPerClaim[i] ?? []]));
    let activeMarks: Element[] = [];
    setActive = (id) => {
      for (const mark of activeMarks) mark.removeAttribute('data-active');
      activeMarks = (id !== null && marksOf.get(id)) || [];
      for (const mark of activeMarks) mark.setAttribute('data-active', '');
    };
    removeMarks = () => setActive(null);
  }

  return {
    mode: api ? 'highlight' : 'wrap',
    claims,
    setActive,
    remove() {
      removeMarks();
      edits.revert();
    },
  };
}
