// The annotator (injected only into recognised pages) registers itself here, in the content
// scripts' isolated world, which the page cannot see. A later injection of annotate.js finds
// it and refreshes it; the background's clearAnnotator (src/injected/growth-watch.ts) finds it by the
// same registry key and clears it.

/** What the annotator offers later injections. */
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
