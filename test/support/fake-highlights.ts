// The CSS Custom Highlight API as the spec defines it (https://drafts.csswg.org/css-highlight-api-1/),
// for jsdom, which has none: Highlight is a set of ranges with a priority, the registry a map
// from names to Highlights, shared by everyone in the document.

export class FakeHighlight extends Set<AbstractRange> {
  priority = 0;
  type: 'highlight' | 'spelling-error' | 'grammar-error' = 'highlight';
  constructor(...ranges: AbstractRange[]) {
    // Set's constructor would call this.add for each: a browser's Highlight takes them in one call.
    super();
    for (const range of ranges) Set.prototype.add.call(this, range);
  }
}

export class FakeHighlightRegistry extends Map<string, FakeHighlight> {
  override set(name: string, highlight: FakeHighlight): this {
    if (!(highlight instanceof FakeHighlight)) throw new TypeError("Failed to execute 'set' on 'HighlightRegistry': parameter 2 is not of type 'Highlight'.");
    return super.set(name, highlight);
  }
}

type Patched = { Highlight?: unknown; CSS?: { highlights?: unknown } };

/** Installs the API on `window`; returns the registry and a function that removes it again. */
export function installHighlights(view: Window = window): { registry: FakeHighlightRegistry; uninstall: () => void } {
  const target = view as unknown as Patched;
  const registry = new FakeHighlightRegistry();
  const hadCss = 'CSS' in target;
  const css = (target.CSS ??= {}) as { highlights?: unknown };
  css.highlights = registry;
  target.Highlight = FakeHighlight;
  return {
    registry,
    uninstall() {
      delete css.highlights;
      delete target.Highlight;
      if (!hadCss) delete target.CSS;
    },
  };
}
