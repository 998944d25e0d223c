import { findApproximate } from './fuzzy';
import { changesNegation, negationKey } from './negation';
import { normalizeText } from './normalize';
import { BLOCK_BREAK, type PageText, rangeFromOffsets } from './page-text';

/** A W3C Web Annotation TextQuoteSelector (https://www.w3.org/TR/annotation-model/#text-quote-selector). */
export interface TextQuoteSelector {
  exact: string;
  prefix?: string;
  suffix?: string;
}

export type AnchorStatus = 'exact' | 'fuzzy' | 'missing';

/** Where a quote was found in `PageText.text`. */
export interface TextAnchor {
  status: AnchorStatus;
  /** 1 for exact, 1 - edits/length for fuzzy, 0 for missing. */
  score: number;
  start: number;
  end: number;
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
const MAX_EXACT_OCCURRENCES = 32;

const MISSING: TextAnchor = { status: 'missing', score: 0, start: -1, end: -1 };

/** Length of the common run of `a` and `b`, read backwards from their ends when `backwards`. */
function commonRun(a: string, b: string, backwards: boolean): number {
  const n = Math.min(a.length, b.length);
  let k = 0;
  if (backwards) {
    while (k < n && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  } else {
    while (k < n && a.charCodeAt(k) === b.charCodeAt(k)) k++;
  }
  return k;
}

/** How well the text around [start, end) agrees with the selector's prefix and suffix, 0 to 1. */
export function contextScore(text: string, start: number, end: number, prefix: string, suffix: string): number {
  let score = 0;
  let weight = 0;
  if (prefix) {
    // Block breaks read as spaces here: a prefix may reach back into the previous paragraph.
    const before = text.slice(Math.max(0, start - prefix.length - 1), start).replaceAll(BLOCK_BREAK, ' ').trimEnd();
    score += commonRun(before, prefix, true) / prefix.length;
    weight++;
  }
  if (suffix) {
    const after = text.slice(end, end + suffix.length + 1).replaceAll(BLOCK_BREAK, ' ').trimStart();
    score += commonRun(after, suffix, false) / suffix.length;
    weight++;
  }
  return weight ? score / weight : 0;
}

/** Folded form of a selector, computed once per claim. */
export interface FoldedSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

export function foldSelector(selector: TextQuoteSelector): FoldedSelector {
  return {
    exact: normalizeText(selector.exact),
    prefix: normalizeText(selector.prefix ?? ''),
    suffix: normalizeText(selector.suffix ?? ''),
  };
}

/** All places where `quote` occurs exactly in `text` (up to a bound). */
export function exactOccurrences(text: string, quote: string): number[] {
  const found: number[] = [];
  if (!quote) return found;
  for (let at = text.indexOf(quote); at >= 0 && found.length < MAX_EXACT_OCCURRENCES; at = text.indexOf(quote, at + 1)) {
    found.push(at);
  }
  return found;
}

/** Finds one quote in folded page text: exact first, then bounded approximate matching. */
export function anchorQuote(text: string, selector: FoldedSelector, options: AnchorOptions = {}): TextAnchor {
  const { exact, prefix, suffix } = selector;
  if (!exact) return MISSING;
  const accept = options.accept ?? (() => true);

  const exactHits = exactOccurrences(text, exact);
  let best: TextAnchor | null = null;
  let bestContext = -1;
  for (const start of exactHits) {
    const end = start + exact.length;
    const context = exactHits.length > 1 ? contextScore(text, start, end, prefix, suffix) : 1;
    if (context > bestContext && accept(start, end)) {
      best = { status: 'exact', score: 1, start, end };
      bestContext = context;
    }
  }
  if (best) return best;

  if (exact.length < MIN_FUZZY_LENGTH) return MISSING;
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const maxErrors = Math.floor(exact.length * (1 - minScore));
  let bestRank = -Infinity;
  let quoteNegations: string | null = null;
  for (const match of findApproximate(text, exact, maxErrors)) {
    // Never across blocks: text in two blocks is not one sentence of the article.
    if (text.slice(match.start, match.end).includes(BLOCK_BREAK)) continue;
    const score = 1 - match.errors / exact.length;
    if (score < minScore) continue;
    // A word or two of edits can reverse the sentence ("har ikke inviteret"): that is not the claim.
    quoteNegations ??= negationKey(exact);
    if (changesNegation(quoteNegations, text, match.start, match.end) || !accept(match.start, match.end)) continue;
    // Prefix and suffix only choose between candidates; the quote itself decides acceptance.
    const rank = score * 4 + contextScore(text, match.start, match.end, prefix, suffix);
    if (rank > bestRank) {
      bestRank = rank;
      best = { status: 'fuzzy', score: Math.round(score * 1000) / 1000, start: match.start, end: match.end };
    }
  }
  return best ?? MISSING;
}

/** A claim's anchor on the page: the text match and, when found, its DOM Range. */
export interface Anchor extends TextAnchor {
  range: Range | null;
}

/** Anchors every selector in one read page text; order of results follows `selectors`. */
export function anchorQuotes(page: PageText, selectors: readonly FoldedSelector[], options: AnchorOptions = {}): Anchor[] {
  return selectors.map((selector) => {
    const found = anchorQuote(page.text, selector, options);
    const range = found.status === 'missing' ? null : rangeFromOffsets(page, found.start, found.end);
    // Text that cannot be given a range cannot be marked: to the reader the claim is missing.
    return range ? { ...found, range } : { ...MISSING, range: null };
  });
}
