// The detector (on every page) and the annotator (injected only on recognised pages)
// share the content script's isolated world, which the page cannot see; they meet here.

/** What the annotator offers the detector. */
export interface Annotator {
  /** Fetch the tab's article again and re-anchor (a new article, or turned back on). */
  refresh(): void;
  /** Remove every mark and listener: the page is as it was before Kontekst. */
  clear(): void;
}

const KEY = Symbol.for('kontekst.annotator');

export function currentAnnotator(): Annotator | undefined {
  return (globalThis as { [KEY]?: Annotator })[KEY];
}

export function registerAnnotator(annotator: Annotator): void {
  (globalThis as { [KEY]?: Annotator })[KEY] = annotator;
}
