// How closely the page text beside a candidate reads like a selector's prefix and suffix.
// Context is compared approximately (edits, not only an exact run next to the quote), so a
// prefix with a typo still points at the right occurrence, and whitespace counts: the suffix
// "a" does not match " amet" (https://www.w3.org/TR/annotation-model/#text-quote-selector:
// prefix and suffix are the characters immediately before and after the quote).
import { type PatternMasks, anchoredEdits, patternMasks } from './fuzzy';
import { DROP, SPACE, foldCode, normalizeText } from './normalize';

/**
 * Characters of prefix and suffix compared, the nearest to the quote: the dataset schema's limit
 * for each (src/cli/quote-context.ts MAX_CONTEXT). Longer context from other tools is cut to it,
 * so each comparison costs two bit-vector words per character of page text read.
 */
export const MAX_CONTEXT = 64;

/**
 * Weights of one edit (a character inserted, removed or changed) when candidates are ranked.
 * Prefix and suffix weigh the same: an editor's selection gives no reason to trust one side more.
 * An edit in the quote itself (fuzzy candidates only) weighs the same as one in its context: the
 * candidate whose text and surroundings together read closest to what the editor selected wins.
 * Exact copies of the quote always come before fuzzy ones (see anchorQuote).
 */
export const PREFIX_EDIT_WEIGHT = 1;
export const SUFFIX_EDIT_WEIGHT = 1;
export const QUOTE_EDIT_WEIGHT = 1;

/** Whether the first (or, `fromEnd`, the last) visible character of `text` folds to a space. */
function edgeIsSpace(text: string, fromEnd: boolean): boolean {
  for (let k = 0; k < text.length; k++) {
    const code = foldCode(text.charCodeAt(fromEnd ? text.length - 1 - k : k));
    if (code !== DROP) return code === SPACE;
  }
  return false;
}

/** `text` folded like the page, with the one space it starts or ends with kept (`before`, `after` force them). */
function foldContext(text: string, before: boolean, after: boolean): string {
  const folded = normalizeText(text);
  const lead = before || edgeIsSpace(text, false);
  const trail = after || edgeIsSpace(text, true);
  if (folded === '') return lead || trail ? ' ' : '';
  return `${lead ? ' ' : ''}${folded}${trail ? ' ' : ''}`;
}

/**
 * A selector's prefix folded like the page, whitespace at either end kept as one space: the end
 * that touches the quote also gets the quote's own leading whitespace, which folding trims from
 * the quote and which belongs to the text before it.
 */
export function foldPrefix(prefix: string, exact = ''): string {
  return foldContext(prefix, false, edgeIsSpace(exact, false));
}

/** A selector's suffix folded like the page (see foldPrefix), with the quote's trailing whitespace. */
export function foldSuffix(suffix: string, exact = ''): string {
  return foldContext(suffix, edgeIsSpace(exact, true), false);
}

/** Compares candidates' surroundings with one selector's folded prefix and suffix. */
export interface ContextMatcher {
  /** The most weighted edits a candidate can have: no character of context fits (0 without context). */
  readonly most: number;
  /** Weighted edits between the context and the page text around [start, end); 0 is a perfect fit. */
  edits(text: string, start: number, end: number): number;
}

// By UTF-16 code unit, as the page text is read backwards.
const reverse = (text: string): string => text.split('').reverse().join('');

/** Builds the matcher once per selector: the bit masks are the costly part. */
export function contextMatcher(prefix: string, suffix: string): ContextMatcher {
  const before = prefix.slice(-MAX_CONTEXT);
  const after = suffix.slice(0, MAX_CONTEXT);
  // The prefix is read backwards from the quote, so its last character is compared first.
  const prefixMasks: PatternMasks | null = before ? patternMasks(reverse(before)) : null;
  const suffixMasks: PatternMasks | null = after ? patternMasks(after) : null;
  return {
    most: PREFIX_EDIT_WEIGHT * before.length + SUFFIX_EDIT_WEIGHT * after.length,
    edits(text, start, end) {
      let edits = 0;
      // An alignment with e edits spans at most m + e <= 2m characters of page text.
      if (prefixMasks) edits += PREFIX_EDIT_WEIGHT * anchoredEdits(text, start - 1, -1, Math.min(start, 2 * before.length), prefixMasks).min;
      if (suffixMasks) edits += SUFFIX_EDIT_WEIGHT * anchoredEdits(text, end, 1, Math.min(text.length - end, 2 * after.length), suffixMasks).min;
      return edits;
    },
  };
}

/**
 * How well the text around [start, end) agrees with a folded prefix and suffix, 0 to 1:
 * 1 - edits / characters compared (0 when there is no context to compare).
 */
export function contextScore(text: string, start: number, end: number, prefix: string, suffix: string): number {
  const matcher = contextMatcher(prefix, suffix);
  if (matcher.most === 0) return 0;
  return Math.max(0, 1 - matcher.edits(text, start, end) / matcher.most);
}
