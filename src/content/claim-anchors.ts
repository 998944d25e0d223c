// Anchoring and the change policy: where each claim is on the page (live ranges that never leave
// Kontekst), whether each still reads its claim, and when the page's own changes make Kontekst
// read the page again, within caps a page cannot exceed however it changes itself.
import { anchorArticleClaims } from '../core/anchoring/article-anchoring';
import { type FoldedSelector, type ReaderStatus, foldClaims, readerStatus } from '../core/anchoring/anchor-quote';
import { normalizeText } from '../core/anchoring/normalize';
import type { Claim } from '../core/dataset/model';
import { afterRender } from './after-render';
import { boxesSeen } from './boxes-seen';
import { Budget } from './budget';
import { lineBoxes } from './hit-test';
import { type PageChange, PageWatcher } from './watch';

/**
 * Re-anchoring after the page edited, replaced or removed a claim's text: 20 at once, then one
 * more every 5 s (a page that re-renders its article without end costs at most 12 runs a minute).
 * Stated in docs/security.md.
 */
export const EDIT_REANCHORS = { size: 20, refillMs: 5_000 };
/**
 * Re-anchoring because text arrived while a claim is missing (or was found outside the article):
 * 25 at once, then one more every 10 s (a live blog appending a paragraph a second costs at most
 * 6 runs a minute once the first 25 are spent).
 */
export const ARRIVAL_REANCHORS = { size: 25, refillMs: 10_000 };

/** One claim found on the page. */
export interface FoundClaim {
  id: string;
  claim: Claim;
  /** Live and private: follows the page's edits, never handed to the page. */
  range: Range;
  fuzzy: boolean;
}

export interface AnchorsOptions {
  /** The claims' selectors folded by the background, one per claim in order (null, absent or of another length: folded here, once). */
  folded?: readonly FoldedSelector[] | null;
  /**
   * Anchor only text the browser lays out (a browser: true; jsdom: false). Asked after the browser
   * has rendered a frame (afterRender), never inside anchoring: see \`verifyVisible\`.
   */
  requireVisible?: boolean;
  /** After every anchoring run, with what was found (document order). */
  onAnchored(found: readonly FoundClaim[]): void;
  /** The page's text changed under some claim; called at once, before the batch settles (the tint must not sit on other words). */
  onTextTouched(): void;
  /** The statuses changed: tell the background. */
  report(claims: { id: string; status: ReaderStatus }[]): void;
}

const hasLayout = (range: Range): boolean => lineBoxes(range).length > 0;

function documentOrder(a: FoundClaim, b: FoundClaim): number {
  try {
    return a.range.compareBoundaryPoints(Range.START_TO_START, b.range);
  } catch {
    return 0;
  }
}

/** The claims' anchors on one page, until the session's signal aborts. */
export class ClaimAnchors {
  private found_: FoundClaim[] = [];
  /** What each found claim read when it was anchored: as the page had it, and folded. */
  private expected = new Map<string, { raw: string; folded: string | null }>();
  private statuses_: { id: string; status: ReaderStatus }[] = [];
  private outsideArticle = false;
  /** Some claim was ambiguous in the last run (a copy the reader cannot see may have made it so). */
  private ambiguous = false;
  private reported = '';
  private readonly watcher: PageWatcher;
  private readonly edits = new Budget(EDIT_REANCHORS.size, EDIT_REANCHORS.refillMs);
  private readonly arrivals = new Budget(ARRIVAL_REANCHORS.size, ARRIVAL_REANCHORS.refillMs);
  /** The claims' folded selectors: the background's, else folded once here for every later anchoring. */
  private readonly folded: readonly FoldedSelector[];
  /** Anchoring runs so far: a later run's result supersedes an earlier one's layout check. */
  private runs = 0;

  constructor(
    private readonly doc: Document,
    private readonly claims: readonly Claim[],
    private readonly options: AnchorsOptions,
    private readonly signal: AbortSignal,
  ) {
    this.folded = options.folded?.length === claims.length ? options.folded : foldClaims(claims);
    this.watcher = new PageWatcher(doc, (change) => this.pageChanged(change), signal, () => options.onTextTouched());
  }

  /** Anchors once and starts following the page. */
  start(): void {
    // The background read the page just before it started the annotator: its choice of the main
    // text stands for this first anchoring (in Firefox ~1.5 ms less on a 1 MB article).
    this.anchor(false, true);
    this.watcher.observe(this.hasMissing());
  }

  /** The claims found, in document order. */
  get found(): readonly FoundClaim[] {
    return this.found_;
  }

  /** Whether a found claim's range still reads exactly what it read when anchored (the anchoring rule held then). */
  reads(id: string): boolean {
    const found = this.found_.find((f) => f.id === id);
    return found !== undefined && this.stillReads(found);
  }

  /** The found claims that still read their claim (what is marked, hit-tested and placed now). */
  readable(): FoundClaim[] {
    return this.found_.filter((f) => this.stillReads(f));
  }

  private stillReads({ id, range }: FoundClaim): boolean {
    if (!range.startContainer.isConnected || !range.endContainer.isConnected) return false;
    const expected = this.expected.get(id);
    if (!expected) return false;
    // Text as it was reads the same; only changed text is folded to be compared (folding on
    // every check was most of normalizeText's time in Firefox's profile of the seed article).
    const text = range.toString();
    if (text === expected.raw) return true;
    // Folded only once the text differs: on most pages it never does (normalizeText for every
    // claim at every anchoring was ~0.45 ms a load of Firefox's profile of the seed article).
    expected.folded ??= normalizeText(expected.raw);
    return normalizeText(text) === expected.folded;
  }

  /** A claim stopped reading its claim where Kontekst looked (say, before opening its card): read the page again, within the cap. */
  recheck(): void {
    if (this.signal.aborted || this.found_.every((f) => this.stillReads(f))) return;
    if (this.edits.take()) this.anchor();
  }

  /** Reads the page and anchors every claim; with \`checkLayout\`, only in text the browser lays out; with \`leftRoot\`, from the main text the background's read chose. */
  private anchor(checkLayout = false, leftRoot = false): void {
    const run = ++this.runs;
    // Changes so far are covered by the fresh read below.
    this.watcher.discard();
    const { anchored, article } = anchorArticleClaims(this.doc, this.claims, checkLayout ? { acceptRange: hasLayout, folded: this.folded } : { leftRoot, folded: this.folded });
    this.ambiguous = anchored.some(({ anchor }) => anchor.status === 'ambiguous');
    this.outsideArticle = anchored.some(({ anchor, page }) => anchor.range !== null && page !== article);
    this.found_ = anchored
      .flatMap(({ claim, anchor }) => (anchor.range ? [{ id: claim.id, claim, range: anchor.range, fuzzy: anchor.status === 'fuzzy' }] : []))
      .sort(documentOrder);
    this.expected = new Map(this.found_.map((f) => [f.id, { raw: f.range.toString(), folded: null }]));
    // An ambiguous claim is not marked and, to the reader, missing: neither popup nor badge counts it.
    this.statuses_ = anchored.map(({ claim, anchor }) => ({ id: claim.id, status: readerStatus(anchor) }));
    this.options.onAnchored(this.found_);
    const key = JSON.stringify(this.statuses_);
    if (key !== this.reported) {
      this.reported = key;
      this.options.report(this.statuses_);
    }
    if (this.options.requireVisible && !checkLayout) this.verifyVisible(run);
  }

  // Whether the reader can see a place is a question of layout. Asked during anchoring, it made
  // the browser lay out the page inside Kontekst's task, at DOMContentLoaded its whole first
  // layout (bench, "Cost on the article itself"). So anchoring reads the markup alone (hidden
  // attributes and inline styles; page-text.ts), the marks go up at once, and when the browser
  // has rendered, each found claim's text must sit in an element with a box: the browser says so
  // through an IntersectionObserver (boxes-seen.ts), or, without one, the claim's boxes are read
  // just after a frame. A copy the page hides with its stylesheet (found instead of the visible
  // one, or making a claim ambiguous) has none: the page is read again, judging candidates by
  // their boxes (an element without a box of its own around visible text, rare, costs that too).
  private verifyVisible(run: number): void {
    const found = this.found_;
    if (found.length === 0 && !this.ambiguous) return;
    // A later run checks its own result.
    const check = (visible: (f: FoundClaim, i: number) => boolean): void => {
      if (this.signal.aborted || run !== this.runs) return;
      if (this.ambiguous || !found.every(visible)) this.anchor(true);
    };
    // Each claim's holders, looked up once (four DOM reads a claim, each a call through an Xray
    // wrapper in a Firefox content script); the ranges are read when found, as before.
    const held = found.map((f) => [f.range.startContainer.parentElement, f.range.endContainer.parentElement].filter((e): e is HTMLElement => e !== null));
    const view = this.doc.defaultView as Window;
    const observed = boxesSeen(view, held.flat(), this.signal, (seen) => check((_, i) => (held[i] as Element[]).some((e) => seen.has(e))));
    if (!observed) afterRender(view, () => check((f) => hasLayout(f.range)), this.signal);
  }

  /** Each claim's status in the last anchoring (what was last reported). */
  statuses(): { id: string; status: ReaderStatus }[] {
    return [...this.statuses_];
  }

  private hasMissing(): boolean {
    return this.statuses_.some((s) => s.status === 'missing');
  }

  private pageChanged(change: PageChange): void {
    if (this.signal.aborted) return;
    let again = false;
    if (change.textChanged && !this.found_.every((f) => this.stillReads(f))) again = this.edits.take();
    if (!again && change.textArrived && (this.hasMissing() || this.outsideArticle)) again = this.arrivals.take();
    if (!again) return;
    this.anchor();
    if (this.watcher.observingAttributes !== this.hasMissing()) this.watcher.observe(this.hasMissing());
  }
}
