// The annotator (injected only into recognised pages) registers itself here, in the content
// scripts' isolated world, which the page cannot see. The background's startAnnotator (or
// startOrStash, sent beside the bundle) finds it and starts or refreshes it; the background's
// clearAnnotator (src/injected/growth-watch.ts) finds it by the same registry key and clears it.
import type { AnchoredReport } from '../shared/messages';

/** What the annotator offers the background's injections (src/injected/annotator-start.ts, growth-watch.ts). */
export interface Annotator {
  /**
   * Marks the page for the article the background hands over (JSON text of an ArticleStart,
   * checked: null when malformed) and answers what it anchored; the same article again keeps the
   * marks and answers them again. `styled`: Kontekst's stylesheet is in the page already (the
   * markers need not wait for answered()).
   */
  start(json: string, styled?: boolean): AnchoredReport | null;
  /** The background has taken the report (and put in Kontekst's stylesheet): the markers may be built. */
  answered(): void;
  /** Scrolls to a marked claim and opens its card; false when it is not marked. */
  showClaim(claimId: string): boolean;
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

const STASHED_START = Symbol.for('kontekst.start');
const STARTED = Symbol.for('kontekst.started');

/**
 * Begins the start the background sent beside the bundle when it ran before the bundle
 * (startOrStash in src/injected/annotator-start.ts), and leaves its report where the bundle's last
 * statement reads it (build.mjs, BUNDLE_ANSWER): the bundle's injection answers with it.
 */
export function beginStashedStart(): void {
  const scope = globalThis as { [STASHED_START]?: unknown; [STARTED]?: unknown };
  const stashed = scope[STASHED_START] as { json?: unknown; styled?: unknown } | undefined;
  delete scope[STASHED_START];
  if (stashed && typeof stashed.json === 'string') scope[STARTED] = currentAnnotator()?.start(stashed.json, stashed.styled === true) ?? null;
}
