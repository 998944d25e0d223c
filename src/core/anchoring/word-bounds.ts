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
 * `match` (of the pattern behind `masks`) moved to the page's word boundaries, with its edits
 * counted again; null when no such range stays within `maxErrors`: the match only fit by cutting
 * a word. Each cut end is either widened over the whole word it cuts or pulled back before that
 * word, whichever leaves fewer edits; on a tie, widened: when the cut word meets a word of the
 * quote, pulling back would leave a word of the page's sentence out of the mark, and it costs
 * more edits; when it does not (the quote's last word is gone from the page and the match ran
 * into the next clause: "til, men ti|dligere" for "til Washington"), pulling back costs fewer.
 */
export function snapToWords(text: string, match: FuzzyMatch, masks: PatternMasks, maxErrors: number): FuzzyMatch | null {
  if (!cutsWord(text, match.start) && !cutsWord(text, match.end)) return match;
  const starts = [match.start];
  if (cutsWord(text, match.start)) {
    let widened = match.start;
    while (cutsWord(text, widened)) widened--;
    let pulled = match.start;
    while (cutsWord(text, pulled)) pulled++;
    while (pulled < match.end && /\s/.test(text.charAt(pulled))) pulled++;
    starts.splice(0, 1, widened, pulled);
  }
  const ends = [match.end];
  if (cutsWord(text, match.end)) {
    let widened = match.end;
    while (cutsWord(text, widened)) widened++;
    let pulled = match.end;
    while (cutsWord(text, pulled)) pulled--;
    while (pulled > match.start && /\s/.test(text.charAt(pulled - 1))) pulled--;
    ends.splice(0, 1, widened, pulled);
  }
  // Widened choices come first, so a tie keeps them.
  let best: FuzzyMatch | null = null;
  for (const start of starts) {
    for (const end of ends) {
      if (end <= start || text.slice(start, end).includes(BLOCK_BREAK)) continue;
      const errors = anchoredEdits(text, start, 1, end - start, masks).last;
      if (errors <= maxErrors && (best === null || errors < best.errors)) best = { start, end, errors };
      // Pulling back only chooses between ends of a match that widening keeps: it never rescues one.
      if (best === null) return null;
    }
  }
  return best;
}
