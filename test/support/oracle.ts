// Independent checks of what the anchorer claims: plain edit distance, and the text a
// DOM Range really covers, read back through the same reader on a copy of its contents.
import { DEFAULT_MIN_SCORE, type Anchor } from '../../src/core/anchoring/anchor-quote';
import { MAX_CANDIDATES, verifierSeam } from '../../src/core/anchoring/fuzzy';
import { normalizeText } from '../../src/core/anchoring/normalize';
import { BLOCK_BREAK, type PageText, readPageText } from '../../src/core/anchoring/page-text';

/** Levenshtein distance, the textbook dynamic programme (two rows). */
export function editDistance(a: string, b: string): number {
  let previous = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + (ca === b.charCodeAt(j - 1) ? 0 : 1));
    }
    [previous, row] = [row, previous];
  }
  return previous[b.length] as number;
}

/** The most edits an anchored text may differ from its quote by: the fuzzy threshold. */
export function allowedEdits(foldedQuote: string): number {
  return Math.floor(foldedQuote.length * (1 - DEFAULT_MIN_SCORE));
}

const spaced = (text: string): string => normalizeText(text.replaceAll(BLOCK_BREAK, ' '));

/**
 * What is wrong with an anchor, or null: its text must be the quote (exact) or within the
 * fuzzy threshold of it (fuzzy), and its Range must cover exactly that text on the page.
 */
export function anchorProblem(page: PageText, quote: string, anchor: Anchor): string | null {
  if (anchor.status === 'missing' || anchor.status === 'ambiguous') return anchor.range === null ? null : `${anchor.status} claim has a range`;
  const folded = normalizeText(quote);
  const text = page.text.slice(anchor.start, anchor.end);
  if (anchor.status === 'exact' && text !== folded) return `exact anchor on ${JSON.stringify(text)}`;
  const distance = anchor.status === 'exact' ? 0 : editDistance(text, folded);
  if (distance > allowedEdits(folded)) return `anchored text is ${distance} edits from the quote (at most ${allowedEdits(folded)}): ${JSON.stringify(text)}`;
  if (!anchor.range) return 'an anchored claim has no range';
  const covered = spaced(readPageText(anchor.range.cloneContents()).text);
  if (covered !== spaced(text)) return `the range covers ${JSON.stringify(covered)}, not ${JSON.stringify(text)}`;
  return null;
}

/**
 * The most verification anchoring `quotes` may cost on any page: per quote, MAX_CANDIDATES
 * windows of at most quote + 3 × allowed edits + 1 characters (findApproximate's window:
 * a bucket of edits + 1, the quote, and the edits on either side).
 */
export function verifierBound(quotes: readonly string[]): { windows: number; characters: number } {
  let characters = 0;
  for (const quote of quotes) {
    const folded = normalizeText(quote);
    characters += MAX_CANDIDATES * (folded.length + 3 * allowedEdits(folded) + 1);
  }
  return { windows: MAX_CANDIDATES * quotes.length, characters };
}

/** Runs `run` with the fuzzy verifier's work counted: the candidate windows it aligned and the characters they span. */
export function countVerifierWork<T>(run: () => T): { result: T; windows: number; characters: number } {
  const work = { windows: 0, characters: 0 };
  verifierSeam.onWindow = (from, to) => {
    work.windows++;
    work.characters += to - from;
  };
  try {
    return { result: run(), ...work };
  } finally {
    verifierSeam.onWindow = null;
  }
}
