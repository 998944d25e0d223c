// Negation words, for refusing approximate matches that reverse a claim: a page sentence
// with "ikke" or "not" inserted is within fuzzy anchoring's edit threshold, yet says the
// opposite, and the claim's note must not appear beside it. Whole words only ("notat",
// "nordisk" and "ingeniør" hold no negation), compared as counts per word.

/**
 * Danish and English words that negate what they stand in, lower-case. Forms that say the same
 * ("didn't" and "did not", "cannot" and "can not") are read as one word by `negationWord`.
 */
export const NEGATION_WORDS: ReadonlySet<string> = new Set([
  // Danish
  'ikke',
  'ej',
  'aldrig',
  'ingen',
  'intet',
  'ingenting',
  'hverken',
  'næppe',
  'nej',
  'ingensinde',
  'ingensteds',
  'intetsteds',
  'ingenlunde',
  // English
  'not',
  'no',
  'never',
  'none',
  'nothing',
  'neither',
  'nor',
  'nobody',
  'nowhere',
  'hardly',
  'scarcely',
]);

// "dont", "didnt": contractions written without their apostrophe ("cant" and "wont" are words
// of their own and stay out).
const BARE_CONTRACTIONS: ReadonlySet<string> = new Set([
  'aint', 'arent', 'couldnt', 'didnt', 'doesnt', 'dont', 'hadnt', 'hasnt', 'havent', 'isnt',
  'mightnt', 'mustnt', 'neednt', 'shant', 'shouldnt', 'wasnt', 'werent', 'wouldnt',
]);

// normalize.ts folds ’ and ‘ to '; ʼ and ´ stand in for apostrophes on some pages and are not folded.
const APOSTROPHE = "['\u2019\u02bc\u00b4]";
let patterns: { word: RegExp; wordCharacter: RegExp; contraction: RegExp } | null = null;

// Built on first use, not when the script is evaluated: most pages anchor every claim exactly and
// never ask, and compiling Unicode property classes took about a millisecond of every article's
// load in Firefox (RegExp constructor under the annotator's evaluation, bench "Cost on the article itself").
function regexps(): { word: RegExp; wordCharacter: RegExp; contraction: RegExp } {
  return (patterns ??= {
    word: new RegExp(`[\\p{L}\\p{N}]+(?:${APOSTROPHE}[\\p{L}]+)*`, 'gu'),
    wordCharacter: new RegExp(`[\\p{L}\\p{N}]|${APOSTROPHE}`, 'u'),
    /** didn't, isn't, won't, can't: "n't" after at least one letter. */
    contraction: new RegExp(`\\p{L}n${APOSTROPHE}t$`, 'u'),
  });
}
/** How far a candidate is widened to reach a whole word: longer "words" are not negations. */
const MAX_WIDENING = 32;

/** The negation a lower-case word expresses ("not" for "didn't", "cannot", "dont"), or null. */
export function negationWord(word: string): string | null {
  if (NEGATION_WORDS.has(word)) return word;
  if (word === 'cannot' || BARE_CONTRACTIONS.has(word)) return 'not';
  return regexps().contraction.test(word) ? 'not' : null;
}

/** The negations in `text`, sorted, one entry per occurrence: equal keys mean equal counts per word. */
export function negationKey(text: string): string {
  const found: string[] = [];
  for (const [word] of text.toLowerCase().matchAll(regexps().word)) {
    const negation = negationWord(word);
    if (negation) found.push(negation);
  }
  return found.sort().join(' ');
}

/**
 * text[start, end) widened to whole words, so a candidate cut inside a page word ("nor" of
 * "nordisk", "or" of "nor") is read as the word the reader sees.
 */
export function wholeWordsAround(text: string, start: number, end: number): string {
  let from = start;
  let to = end;
  const wordCharacter = regexps().wordCharacter;
  while (from > 0 && start - from < MAX_WIDENING && wordCharacter.test(text.charAt(from - 1))) from--;
  while (to < text.length && to - end < MAX_WIDENING && wordCharacter.test(text.charAt(to))) to++;
  return text.slice(from, to);
}

/** True when the candidate text[start, end) adds or removes a negation relative to the quote's `quoteKey` (`negationKey(quote)`). */
export function changesNegation(quoteKey: string, text: string, start: number, end: number): boolean {
  return negationKey(wholeWordsAround(text, start, end)) !== quoteKey;
}
