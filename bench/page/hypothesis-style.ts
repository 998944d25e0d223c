// A Hypothesis-style quote anchorer, written for the benchmark after the hypothesis client's
// algorithm (src/annotator/anchoring/match-quote.ts and text-range.ts, BSD-2-Clause):
// read the root's textContent for every quote, take exact hits or else approx-string-match
// candidates with up to min(256, length / 2) errors, rank them by quote, prefix and suffix
// similarity (weights 50/20/20, plus 2 for position), and resolve the winner's offsets to a
// Range by walking the text nodes with a NodeIterator.
import approxSearch from 'approx-string-match';

interface Candidate {
  start: number;
  end: number;
  errors: number;
}

function candidates(text: string, pattern: string, maxErrors: number): Candidate[] {
  // Exact hits first: approx-string-match has no such shortcut of its own.
  const exact: Candidate[] = [];
  for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) {
    exact.push({ start: at, end: at + pattern.length, errors: 0 });
  }
  return exact.length > 0 ? exact : approxSearch(text, pattern, maxErrors);
}

function similarity(text: string, pattern: string): number {
  if (pattern.length === 0 || text.length === 0) return 0;
  const best = candidates(text, pattern, pattern.length)[0];
  return best ? 1 - best.errors / pattern.length : 0;
}

/** The best-scoring place of `quote` in `text`, or null. */
export function matchQuote(text: string, quote: string, prefix: string, suffix: string): Candidate | null {
  if (quote.length === 0) return null;
  const found = candidates(text, quote, Math.min(256, quote.length / 2));
  let best: Candidate | null = null;
  let bestScore = -1;
  for (const match of found) {
    const quoteScore = 1 - match.errors / quote.length;
    const prefixScore = prefix ? similarity(text.slice(Math.max(0, match.start - prefix.length), match.start), prefix) : 1;
    const suffixScore = suffix ? similarity(text.slice(match.end, match.end + suffix.length), suffix) : 1;
    // No position hint is stored with a dataset quote, so the position term is constant.
    const score = (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2) / 92;
    if (score > bestScore) {
      bestScore = score;
      best = match;
    }
  }
  return best;
}

/** A Range over characters [start, end) of `root.textContent`, found by walking its text nodes. */
export function rangeFromTextOffsets(root: Element, start: number, end: number): Range | null {
  const doc = root.ownerDocument;
  const iterator = doc.createNodeIterator(root, 4 /* NodeFilter.SHOW_TEXT */);
  const range = doc.createRange();
  let seen = 0;
  let startSet = false;
  for (let node = iterator.nextNode() as Text | null; node !== null; node = iterator.nextNode() as Text | null) {
    const length = node.data.length;
    if (!startSet && seen + length > start) {
      range.setStart(node, start - seen);
      startSet = true;
    }
    if (startSet && seen + length >= end) {
      range.setEnd(node, end - seen);
      return range;
    }
    seen += length;
  }
  return null;
}
