// Approximate matches end on the page's word boundaries: a mark that stops inside a word
// ("ullamcor" of "ullamcorper") covers text that is not a sentence of the claim.
import { type FuzzyMatch, type PatternMasks, anchoredEdits } from './fuzzy';
import { BLOCK_BREAK } from './page-text';

// Letters, digits and combining marks: what a reader sees as one word.
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;

const isWord = (text: string, i: number): boolean => i >= 0 && i < text.length && WORD_CHARACTER.test(text.charAt(i));

/** Whether a range boundary at `at` falls between two characters of one word. */
export function cutsWord(text: string, at: number): boolean {
  return isWord(text, at - 1) && isWord(text, at);
}

/**
 * `match` (of the pattern behind `masks`) widened to the whole words it cuts into, with its edits
 * counted again; null when the widened range no longer stays within `maxErrors`: the match only
 * fit by cutting a word. It is never pulled back instead: the part of the quote that met the cut
 * word would then meet nothing, and the mark would leave out a word of the page's sentence.
 */
export function snapToWords(text: string, match: FuzzyMatch, masks: PatternMasks, maxErrors: number): FuzzyMatch | null {
  let { start, end } = match;
  while (cutsWord(text, start)) start--;
  while (cutsWord(text, end)) end++;
  if (start === match.start && end === match.end) return match;
  if (text.slice(start, end).includes(BLOCK_BREAK)) return null;
  const errors = anchoredEdits(text, start, 1, end - start, masks).last;
  return errors <= maxErrors ? { start, end, errors } : null;
}
