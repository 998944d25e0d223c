// The annotator (injected only into recognised pages) registers itself here, in the content
// scripts' isolated world, which the page cannot see. The background's startAnnotator finds it
// and starts or refreshes it (or, sent with the bundle and come first, waits here for it); the
// background's clearAnnotator (src/injected/growth-watch.ts) finds it by the same registry key
// and clears it.
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

/** A start the background sent with the bundle that arrived before it (startAnnotator's `waitMs`): its article, and how to answer it. */
interface ParkedStart {
  json: string;
  styled: boolean;
  answer(report: AnchoredReport | null): void;
}

const PARKED = Symbol.for('kontekst.parked-start');

/** Registers the page's annotator, which takes a start that came before it. */
export function registerAnnotator(annotator: Annotator): void {
  const world = globalThis as { [KEY]?: Annotator; [PARKED]?: ParkedStart };
  world[KEY] = annotator;
  const parked = world[PARKED];
  if (!parked) return;
  delete world[PARKED];
  let report: AnchoredReport | null = null;
  try {
    report = annotator.start(parked.json, parked.styled);
  } finally {
    parked.answer(report);
  }
}
