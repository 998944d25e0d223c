import { type ContextMatcher, MAX_CONTEXT, QUOTE_EDIT_WEIGHT, contextMatcher, foldPrefix, foldSuffix } from './context';
import { findApproximate, patternMasks } from './fuzzy';
import { changesNegation, negationKey } from './negation';
import { normalizeText } from './normalize';
import { BLOCK_BREAK, type PageText, rangeFromOffsets } from './page-text';
import { snapToWords } from './word-bounds';

export { contextScore } from './context';

/** A W3C Web Annotation TextQuoteSelector (https://www.w3.org/TR/annotation-model/#text-quote-selector). */
export interface TextQuoteSelector {
  exact: string;
  prefix?: string;
  suffix?: string;
}

/**
 * How a quote was found: `exact`, `fuzzy` (approximately), `missing`, or `ambiguous` (found in
 * places that differ, which its context cannot tell apart: shown to editors, never marked).
 */
export type AnchorStatus = 'exact' | 'fuzzy' | 'missing' | 'ambiguous';

/** What a reader is shown of an anchor: an ambiguous claim is not marked, like a missing one. */
export type ReaderStatus = Exclude<AnchorStatus, 'ambiguous'>;

/** Where a quote was found in `PageText.text`. */
export interface TextAnchor {
  status: AnchorStatus;
  /** 1 for exact, 1 - edits/length for fuzzy, 0 for missing and ambiguous. */
  score: number;
  start: number;
  end: number;
  /** For `ambiguous`: how many places fit the quote and its context equally well. */
  candidates?: number;
}

export interface AnchorOptions {
  /** Lowest fuzzy score accepted; below it the claim is reported missing. */
  minScore?: number;
  /** Decides whether a candidate is visible to the reader (a browser can check layout; jsdom cannot). */
  accept?: (start: number, end: number) => boolean;
}

/** Fuzzy matches below this share of matching characters are not the claim. */
export const DEFAULT_MIN_SCORE = 0.8;
/** Shorter quotes are too easy to match by accident: they anchor exactly or not at all. */
const MIN_FUZZY_LENGTH = 24;

const MISSING: TextAnchor = { status: 'missing', score: 0, start: -1, end: -1 };

/** The status a reader's page reports for an anchor: marked (exact, fuzzy) or not (missing). */
export function readerStatus(anchor: { status: AnchorStatus; range: Range | null }): ReaderStatus {
  return anchor.range === null || anchor.status === 'ambiguous' ? 'missing' : anchor.status;
}

/** Folded form of a selector, computed once per claim. */
export interface FoldedSelector {
  exact: string;
  /** Folded, whitespace at either end kept as one space (whitespace is context too). */
  prefix: string;
  /** Folded, whitespace at either end kept as one space. */
  suffix: string;
}

export function foldSelector(selector: TextQuoteSelector): FoldedSelector {
  const exact = selector.exact ?? '';
  return {
    exact: normalizeText(exact),
    prefix: foldPrefix(selector.prefix ?? '', exact),
    suffix: foldSuffix(selector.suffix ?? '', exact),
  };
}

/**
 * Every claim's selector folded (foldSelector), in order: what anchoring compares with the page.
 * It depends only on the dataset, so the background folds an article's claims once and hands
 * them to the annotator with the article (src/background/marked.ts).
 */
export function foldClaims(claims: readonly { selector: TextQuoteSelector }[]): FoldedSelector[] {
  return claims.map((claim) => foldSelector(claim.selector));
}

/** Every place where `quote` occurs exactly in `text`, overlapping ones included; no cap. */
export function exactOccurrences(text: string, quote: string): number[] {
  const found: number[] = [];
  if (!quote) return found;
  for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) found.push(at);
  return found;
}

/** A place the quote may be, with its rank: weighted edits in the quote and its context, fewest first. */
interface Candidate {
  start: number;
  end: number;
  errors: number;
  rank: number;
}

/**
 * Whether two candidates are copies no selector could tell apart: the same text, with the same
 * MAX_CONTEXT characters (the longest context the dataset allows) on either side.
 */
function interchangeable(text: string, a: Candidate, b: Candidate): boolean {
  if (a.end - a.start !== b.end - b.start || a.start < MAX_CONTEXT || b.start < MAX_CONTEXT) return false;
  return text.slice(a.start - MAX_CONTEXT, a.end + MAX_CONTEXT) === text.slice(b.start - MAX_CONTEXT, b.end + MAX_CONTEXT);
}

/**
 * The best-ranked candidate the reader can see. Ties go to the first in reading order only when
 * the tied places are interchangeable copies; a visible tie between places that differ makes the
 * quote ambiguous. `accept` is asked in rank order, and only until the answer is known.
 */
function choose(text: string, candidates: Candidate[], accept: (start: number, end: number) => boolean): Candidate | { ambiguous: number } | null {
  candidates.sort((a, b) => a.rank - b.rank || a.start - b.start);
  let winner: Candidate | null = null;
  let k = 0;
  for (; k < candidates.length && winner === null; k++) {
    const candidate = candidates[k] as Candidate;
    if (accept(candidate.start, candidate.end)) winner = candidate;
  }
  if (winner === null) return null;
  let tied = 1;
  let rival = false;
  for (; k < candidates.length && (candidates[k] as Candidate).rank === winner.rank; k++) {
    const candidate = candidates[k] as Candidate;
    tied++;
    // A copy that is the same to any selector changes nothing; another place does, if visible.
    if (!rival && !interchangeable(text, winner, candidate) && accept(candidate.start, candidate.end)) rival = true;
  }
  return rival ? { ambiguous: tied } : winner;
}

/** Finds one quote in folded page text: exact first, then bounded approximate matching. */
export function anchorQuote(text: string, selector: FoldedSelector, options: AnchorOptions = {}): TextAnchor {
  const { exact, prefix, suffix } = selector;
  if (!exact) return MISSING;
  const accept = options.accept ?? (() => true);
  let context: ContextMatcher | null = null;

  // Every exact copy is ranked by its context; the cost is one bit-parallel comparison of at most
  // 2 × MAX_CONTEXT characters per side per copy, whatever the number of copies.
  const hits = exactOccurrences(text, exact);
  if (hits.length > 0) {
    const ranked = hits.length > 1 ? (context ??= contextMatcher(prefix, suffix)) : null;
    const candidates = hits.map((start) => ({ start, end: start + exact.length, errors: 0, rank: ranked ? ranked.edits(text, start, start + exact.length) : 0 }));
    const chosen = choose(text, candidates, accept);
    if (chosen && 'ambiguous' in chosen) return { status: 'ambiguous', score: 0, start: -1, end: -1, candidates: chosen.ambiguous };
    if (chosen) return { status: 'exact', score: 1, start: chosen.start, end: chosen.end };
  }

  if (exact.length < MIN_FUZZY_LENGTH) return MISSING;
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const maxErrors = Math.floor(exact.length * (1 - minScore));
  const bounds = { exhausted: false };
  const matches = findApproximate(text, exact, maxErrors, bounds);
  if (matches.length === 0) return MISSING;
  const masks = patternMasks(exact);
  const quoteNegations = negationKey(exact);
  const candidates: Candidate[] = [];
  for (const found of matches) {
    // Never across blocks: text in two blocks is not one sentence of the article.
    if (text.slice(found.start, found.end).includes(BLOCK_BREAK)) continue;
    // Whole words only: a match that fits only by cutting a word is not the claim.
    const match = snapToWords(text, found, masks, maxErrors);
    if (match === null || 1 - match.errors / exact.length < minScore) continue;
    // A word or two of edits can reverse the sentence ("har ikke inviteret"): that is not the claim.
    if (changesNegation(quoteNegations, text, match.start, match.end)) continue;
    if (candidates.some((other) => other.start < match.end && match.start < other.end)) continue;
    context ??= contextMatcher(prefix, suffix);
    candidates.push({ ...match, rank: QUOTE_EDIT_WEIGHT * match.errors + context.edits(text, match.start, match.end) });
  }
  // Places as likely as the matches found were left unverified (MAX_CANDIDATES): the best of those
  // seen may not be the best on the page, so the claim is not marked rather than marked at a guess.
  if (bounds.exhausted && candidates.length > 0) return { status: 'ambiguous', score: 0, start: -1, end: -1, candidates: candidates.length };
  const chosen = choose(text, candidates, accept);
  if (chosen && 'ambiguous' in chosen) return { status: 'ambiguous', score: 0, start: -1, end: -1, candidates: chosen.ambiguous };
  if (!chosen) return MISSING;
  return { status: 'fuzzy', score: Math.round((1 - chosen.errors / exact.length) * 1000) / 1000, start: chosen.start, end: chosen.end };
}

/** A claim's anchor on the page: the text match and, when found, its DOM Range. */
export interface Anchor extends TextAnchor {
  range: Range | null;
}

/** Anchors every selector in one read page text; order of results follows `selectors`. */
export function anchorQuotes(page: PageText, selectors: readonly FoldedSelector[], options: AnchorOptions = {}): Anchor[] {
  return selectors.map((selector) => {
    const found = anchorQuote(page.text, selector, options);
    if (found.status === 'ambiguous' || found.status === 'missing') return { ...found, range: null };
    const range = rangeFromOffsets(page, found.start, found.end);
    // Text that cannot be given a range cannot be marked: to the reader the claim is missing.
    return range ? { ...found, range } : { ...MISSING, range: null };
  });
}
