// The claims' tint, with the CSS Custom Highlight API. The registry (CSS.highlights) is shared
// with the page, so it gets only StaticRange copies of Kontekst's ranges: a StaticRange's
// boundaries cannot be changed (https://dom.spec.whatwg.org/#interface-staticrange), and the
// Highlight API takes any AbstractRange (https://drafts.csswg.org/css-highlight-api-1/#highlight).
// The live ranges, which hit-testing and the card use, never leave Kontekst. Copies do not
// follow the page's edits, so they are made again whenever the page's text changes.

/** Highlight holding every anchored claim. */
export const CLAIM_HIGHLIGHT = 'kontekst-claim';
/** Highlight holding the claim whose card is open. */
export const ACTIVE_HIGHLIGHT = 'kontekst-claim-active';

/** A claim to tint: its id and its (private, live) range. */
export interface TintTarget {
  id: string;
  range: Range;
}

/** The page's CSS Custom Highlight API, as Kontekst uses it. */
export interface HighlightApi {
  registry: HighlightRegistry;
  Highlight: typeof Highlight;
  StaticRange: typeof StaticRange;
}

/** The browser's highlight API, or null where it has none (the markers' layer then draws underlines). */
export function highlightApi(doc: Document): HighlightApi | null {
  const view = doc.defaultView as (Window & { CSS?: { highlights?: HighlightRegistry }; Highlight?: typeof Highlight; StaticRange?: typeof StaticRange }) | null;
  const registry = view?.CSS?.highlights;
  return registry && typeof view.Highlight === 'function' && typeof view.StaticRange === 'function'
    ? { registry, Highlight: view.Highlight, StaticRange: view.StaticRange }
    : null;
}

function copyOf(api: HighlightApi, range: Range): StaticRange {
  return new api.StaticRange({ startContainer: range.startContainer, startOffset: range.startOffset, endContainer: range.endContainer, endOffset: range.endOffset });
}

function sameBoundaries(range: Range, copy: StaticRange): boolean {
  return range.startContainer === copy.startContainer && range.startOffset === copy.startOffset && range.endContainer === copy.endContainer && range.endOffset === copy.endOffset;
}

/** The tint of the claims; registers nothing until there is a claim to show. */
export class Tint {
  private all: Highlight | null = null;
  private active: Highlight | null = null;
  private targets: readonly TintTarget[] = [];
  private copies: StaticRange[] = [];
  private activeId: string | null = null;

  constructor(private readonly api: HighlightApi | null) {}

  /** Tints `targets` (fresh copies of their ranges); an empty list takes the tint away. Copies already right are kept. */
  show(targets: readonly TintTarget[]): void {
    const same = targets.length === this.copies.length && targets.every(({ range }, i) => sameBoundaries(range, this.copies[i] as StaticRange));
    this.targets = targets;
    const api = this.api;
    if (!api) return;
    if (targets.length === 0 && !this.all) return;
    const ours = this.all !== null && api.registry.get(CLAIM_HIGHLIGHT) === this.all;
    if (same && ours) return;
    this.copies = targets.map(({ range }) => copyOf(api, range));
    // A new Highlight made with every copy: one call, where clearing the old one and adding each
    // copy was one call a claim, and in a Firefox content script each goes through an Xray
    // wrapper (bench "Cost on the article itself": Highlight.add, ~0.6 ms a load on the seed article).
    this.all = new api.Highlight(...this.copies);
    api.registry.set(CLAIM_HIGHLIGHT, this.all);
    if (!ours) {
      this.active = new api.Highlight();
      this.active.priority = 1;
      api.registry.set(ACTIVE_HIGHLIGHT, this.active);
    }
    this.setActive(this.activeId);
  }

  /** Tints one claim as the active one (its card is open), or none. */
  setActive(id: string | null): void {
    this.activeId = id;
    const api = this.api;
    if (!api || !this.active) return;
    this.active.clear();
    const target = id === null ? undefined : this.targets.find((t) => t.id === id);
    if (target) this.active.add(copyOf(api, target.range));
  }

  /** Removes Kontekst's entries from the registry (the page's own stay). */
  remove(): void {
    const api = this.api;
    if (api && this.all && api.registry.get(CLAIM_HIGHLIGHT) === this.all) api.registry.delete(CLAIM_HIGHLIGHT);
    if (api && this.active && api.registry.get(ACTIVE_HIGHLIGHT) === this.active) api.registry.delete(ACTIVE_HIGHLIGHT);
    this.all = this.active = null;
    this.targets = [];
    this.copies = [];
  }
}
