import { SIGNAL_WORD_LIMIT, readPageFacts } from '../../injected/read-page-facts';
import { type Anchor, type AnchorOptions, type FoldedSelector, anchorQuotes, foldClaims } from './anchor-quote';
import type { Claim } from '../dataset/model';
import { mayShowText, rangeFromOffsets, readPageText, type PageText } from './page-text';

/** A claim with where it sits on the page. */
export interface AnchoredClaim {
  claim: Claim;
  anchor: Anchor;
  /** The read text that `anchor.start`/`anchor.end` index into. */
  page: PageText;
}

export interface AnchorClaimsOptions extends AnchorOptions {
  /** Decides whether a candidate's DOM range is visible (a browser checks layout); joins `accept`. */
  acceptRange?: (range: Range) => boolean;
}

/** Anchors folded selectors in one read text, with `acceptRange` turned into an offset check on that text. */
function anchorIn(page: PageText, selectors: readonly FoldedSelector[], options: AnchorClaimsOptions): Anchor[] {
  const { acceptRange, ...rest } = options;
  // `accept` sees offsets in the folded text; only here is the page at hand to turn them into a Range.
  const accept = acceptRange
    ? (start: number, end: number): boolean => {
        const range = rangeFromOffsets(page, start, end);
        return range !== null && acceptRange(range) && (rest.accept?.(start, end) ?? true);
      }
    : rest.accept;
  return anchorQuotes(page, selectors, { ...rest, accept });
}

/** Reads the text under `root` once and anchors every claim in it. */
export function anchorClaims(root: Node, claims: readonly Claim[], options: AnchorClaimsOptions = {}): { page: PageText; anchored: AnchoredClaim[] } {
  const page = readPageText(root);
  const anchors = anchorIn(page, foldClaims(claims), options);
  return { page, anchored: claims.map((claim, i) => ({ claim, anchor: anchors[i] as Anchor, page })) };
}

/**
 * The element holding an article's main text (the one recognition reads too: `readPageFacts`
 * chooses it, docs/anchoring.md says how), else the body. `left`: the one the background's read
 * of this page chose, when it left one still in `doc` (taken once), instead of choosing again.
 */
export function mainTextRoot(doc: Document, left = false): Element | null {
  return readPageFacts(SIGNAL_WORD_LIMIT, doc, left ? 'left' : 'root') ?? doc.body ?? doc.documentElement;
}

/** Options of `anchorArticleClaims`: offsets differ per stage, so candidates are judged by their Range. */
export interface ArticleAnchorOptions extends Omit<AnchorClaimsOptions, 'accept'> {
  /**
   * The claims' selectors already folded (`foldClaims`, one per claim, in order): the background
   * folds them once per article, so the page does not on every load. A list that does not fit
   * the claims (another length) is not used: the claims are folded here.
   */
  folded?: readonly FoldedSelector[] | null;
  /**
   * Start from the main text the background's read of the page chose (mainTextRoot's `left`): the
   * annotator's first anchoring, which the background starts right after that read.
   */
  leftRoot?: boolean;
}

/** What `anchorArticleClaims` read and found. */
export interface ArticleAnchoring {
  /** The element read first (`mainTextRoot`), or null for a document without one. */
  root: Element | null;
  /** The text of `root`. */
  article: PageText;
  /** The text of the rest of the page, read only when a claim was not in the article. */
  rest: PageText | null;
  /** One entry per claim, in order; each carries the text its offsets index into. */
  anchored: AnchoredClaim[];
}

const EMPTY: PageText = { text: '', nodes: [], starts: [], offsets: [], rawStarts: [] };

/**
 * Anchors claims in the article's main text first, and looks in the rest of the page only for
 * the claims not found there. Claims belong to the article: a reader comment or a teaser that
 * repeats a sentence must not win over the article's own copy, and on a long page with
 * thousands of comments the article is a small part of the text to read.
 */
export function anchorArticleClaims(doc: Document, claims: readonly Claim[], { leftRoot = false, folded = null, ...options }: ArticleAnchorOptions = {}): ArticleAnchoring {
  const root = mainTextRoot(doc, leftRoot);
  const selectors = folded?.length === claims.length ? folded : foldClaims(claims);
  // readPageText reads below its root without judging the root itself: a hidden article shows nothing.
  const article = root && mayShowText(root) ? readPageText(root) : EMPTY;
  const anchors = anchorIn(article, selectors, options);
  const anchored: AnchoredClaim[] = claims.map((claim, i) => ({ claim, anchor: anchors[i] as Anchor, page: article }));

  // An ambiguous claim was found in the article, in places its context cannot tell apart: a copy
  // elsewhere on the page (a comment, a teaser) is not a better answer.
  const missing = anchored.flatMap((a, i) => (a.anchor.range || a.anchor.status === 'ambiguous' ? [] : [i]));
  // The whole page as the extension has always read it; nothing more to read when that is the root.
  const whole = doc.body ?? doc.documentElement;
  if (missing.length === 0 || whole === null || root === null || root.contains(whole)) return { root, article, rest: null, anchored };

  const rest = readPageText(whole, root);
  const found = anchorIn(rest, missing.map((i) => selectors[i] as FoldedSelector), options);
  missing.forEach((claimIndex, k) => {
    const anchor = found[k] as Anchor;
    if (anchor.range || anchor.status === 'ambiguous') anchored[claimIndex] = { claim: claims[claimIndex] as Claim, anchor, page: rest };
  });
  return { root, article, rest, anchored };
}
