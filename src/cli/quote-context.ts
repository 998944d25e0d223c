// Choosing a claim's prefix and suffix: the fewest words of surrounding page text that
// single out one occurrence of its quote, the way `anchorQuote` and `checkQuoteOnPage`
// tell occurrences apart (by `contextScore`).
import { anchorQuote, contextScore, exactOccurrences, foldSelector } from '../core/anchoring/anchor-quote';
import { normalizeText } from '../core/anchoring/normalize';
import type { PageText } from '../core/anchoring/page-text';

/** The schema's limit for prefix and suffix. */
export const MAX_CONTEXT = 64;
// Context is grown in these steps; even a unique quote gets the first, so a later edit
// that duplicates a sentence (a pull quote, say) still anchors where the editor meant.
const CONTEXT_STEPS = [24, 32, 40, 48, 56, MAX_CONTEXT];

/** A quote placed on a page. */
export type PlacedQuote =
  | { found: true; exact: string; prefix: string; suffix: string; occurrences: number; start: number }
  | { found: false; exact: string; reason: 'not-on-page' | 'across-blocks' | 'too-short' | 'ambiguous'; occurrences: number; nearest: { text: string; score: number } | null };

const WORD_CHAR = /[\p{L}\p{N}]/u;

// Where pages repeat a sentence of the article around it: pull quotes, captions, teasers.
const FRAMES = 'aside, blockquote, figure, figcaption, nav, header, footer';

/** True when the text at folded offset `at` sits in one of FRAMES. */
function isFramed(page: PageText, at: number): boolean {
  let lo = 0;
  let hi = page.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((page.starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return page.nodes[lo]?.parentElement?.closest(FRAMES) != null;
}

/**
 * The page's own characters for folded text [start, end): guillemets and curly quotes
 * as printed, whitespace as one space, block breaks as '\n', invisible characters gone.
 * Folding the result gives back `page.text.slice(start, end)`.
 */
export function originalText(page: PageText, start: number, end: number): string {
  let out = '';
  let node = 0;
  for (let i = start; i < end; i++) {
    const folded = page.text[i] as string;
    // Spaces and block breaks may come from <br> or from between blocks: no text node holds them.
    if (folded === ' ' || folded === '\n') {
      out += folded;
      continue;
    }
    while (node + 1 < page.starts.length && (page.starts[node + 1] as number) <= i) node++;
    while (node > 0 && (page.starts[node] as number) > i) node--;
    const local = i - (page.starts[node] as number);
    const map = page.offsets[node];
    const raw = map ? (map[local] as number) : (page.rawStarts[node] as number) + local;
    out += page.nodes[node]?.data[raw] ?? folded;
  }
  return out;
}

/** Up to `length` characters of `text` before `start`, not starting inside a word. */
function before(text: string, start: number, length: number): string {
  const from = Math.max(0, start - length);
  let slice = text.slice(from, start);
  if (from > 0 && WORD_CHAR.test(text[from - 1] ?? '') && WORD_CHAR.test(slice[0] ?? '')) {
    const cut = slice.search(/[ \n]/);
    slice = cut < 0 ? '' : slice.slice(cut + 1);
  }
  return slice;
}

/** Up to `length` characters of `text` from `end`, not ending inside a word. */
function after(text: string, end: number, length: number): string {
  const to = Math.min(text.length, end + length);
  let slice = text.slice(end, to);
  if (to < text.length && WORD_CHAR.test(text[to] ?? '') && WORD_CHAR.test(slice[slice.length - 1] ?? '')) {
    const cut = Math.max(slice.lastIndexOf(' '), slice.lastIndexOf('\n'));
    slice = cut < 0 ? '' : slice.slice(0, cut);
  }
  return slice;
}

/** True when `prefix`/`suffix` make the occurrence at `target` score strictly best of `hits`. */
function singlesOut(text: string, hits: readonly number[], target: number, length: number, prefix: string, suffix: string): boolean {
  const folded = foldSelector({ exact: '', prefix, suffix });
  const own = contextScore(text, target, target + length, folded.prefix, folded.suffix);
  return hits.every((hit) => hit === target || contextScore(text, hit, hit + length, folded.prefix, folded.suffix) < own);
}

/**
 * Places `quote` (as the editor typed it) on the page, with the shortest prefix and suffix
 * (word-aligned, at most MAX_CONTEXT) that tell its occurrence apart from the others. The
 * occurrence is the `occurrence`-th (1-based) when given, else the first in the article's
 * own text rather than in a pull quote, caption or teaser (see FRAMES).
 */
export function placeQuote(page: PageText, quote: string, occurrence = 0): PlacedQuote {
  const exact = normalizeText(quote);
  const hits = exactOccurrences(page.text, exact);
  if (exact.length < 8) return { found: false, exact, reason: 'too-short', occurrences: hits.length, nearest: null };
  if (hits.length === 0) {
    // A quote runs across paragraphs (or a heading and its text): the page has it, but not as one sentence.
    if (page.text.replaceAll('\n', ' ').includes(exact)) return { found: false, exact, reason: 'across-blocks', occurrences: 0, nearest: null };
    const near = anchorQuote(page.text, { exact, prefix: '', suffix: '' });
    const nearest = near.status === 'fuzzy' ? { text: page.text.slice(near.start, near.end), score: near.score } : null;
    return { found: false, exact, reason: 'not-on-page', occurrences: 0, nearest };
  }
  const target = occurrence > 0 ? (hits[Math.min(occurrence, hits.length) - 1] as number) : (hits.find((hit) => !isFramed(page, hit)) ?? (hits[0] as number));
  const end = target + exact.length;
  for (const step of CONTEXT_STEPS) {
    const prefix = before(page.text, target, step);
    const suffix = after(page.text, end, step);
    if (hits.length === 1 || singlesOut(page.text, hits, target, exact.length, prefix, suffix)) {
      return {
        found: true,
        exact: originalText(page, target, end),
        prefix: originalText(page, target - prefix.length, target),
        suffix: originalText(page, end, end + suffix.length),
        occurrences: hits.length,
        start: target,
      };
    }
  }
  return { found: false, exact, reason: 'ambiguous', occurrences: hits.length, nearest: null };
}
