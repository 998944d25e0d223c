// Bounded approximate matching: exact "seed" pieces of the quote find candidate
// places in the text (pigeonhole filtering), and a semi-global edit distance
// verifies each candidate window. Cost is bounded by MAX_CANDIDATES windows of
// about quote length + 2 × maxErrors characters, whatever the text's length.

export interface FuzzyMatch {
  start: number;
  end: number;
  errors: number;
}

const MIN_PIECE = 8;
const MAX_PIECES = 16;
const MAX_OCCURRENCES_PER_PIECE = 64;
const MAX_CANDIDATES = 12;

/**
 * Best alignment of `pattern` inside text[from, to) with at most `maxErrors` edits
 * (Levenshtein), or null. The whole pattern is aligned; the text around it is free.
 */
export function alignInWindow(text: string, pattern: string, from: number, to: number, maxErrors: number): FuzzyMatch | null {
  const m = pattern.length;
  let cost = new Int32Array(m + 1);
  let start = new Int32Array(m + 1);
  let nextCost = new Int32Array(m + 1);
  let nextStart = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) {
    cost[i] = i;
    start[i] = from;
  }
  let best: FuzzyMatch | null = null;
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    nextCost[0] = 0;
    nextStart[0] = j + 1;
    let rowMin = 0;
    for (let i = 1; i <= m; i++) {
      // Substitution or match.
      let value = (cost[i - 1] as number) + (pattern.charCodeAt(i - 1) === c ? 0 : 1);
      let from_ = start[i - 1] as number;
      // The text has a character the pattern lacks.
      const skipText = (cost[i] as number) + 1;
      if (skipText < value) {
        value = skipText;
        from_ = start[i] as number;
      }
      // The pattern has a character the text lacks.
      const skipPattern = (nextCost[i - 1] as number) + 1;
      if (skipPattern < value) {
        value = skipPattern;
        from_ = nextStart[i - 1] as number;
      }
      nextCost[i] = value;
      nextStart[i] = from_;
      if (value < rowMin || i === 1) rowMin = Math.min(rowMin, value);
    }
    const errors = nextCost[m] as number;
    if (errors <= maxErrors && (best === null || errors < best.errors)) {
      best = { start: nextStart[m] as number, end: j + 1, errors };
    }
    [cost, nextCost] = [nextCost, cost];
    [start, nextStart] = [nextStart, start];
  }
  return best;
}

/** Candidate alignments of `pattern` in `text` with at most `maxErrors` edits, best first. */
export function findApproximate(text: string, pattern: string, maxErrors: number): FuzzyMatch[] {
  const m = pattern.length;
  if (m < MIN_PIECE * 2) return [];
  const pieceCount = Math.min(MAX_PIECES, maxErrors + 1, Math.floor(m / MIN_PIECE));
  const pieceLength = Math.floor(m / pieceCount);
  // Votes per diagonal bucket (where the pattern would start), from exact piece hits.
  const votes = new Map<number, number>();
  const bucketSize = maxErrors + 1;
  for (let p = 0; p < pieceCount; p++) {
    const offset = p * pieceLength;
    const piece = pattern.slice(offset, offset + pieceLength);
    const hits: number[] = [];
    for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + 1)) {
      hits.push(at);
      if (hits.length > MAX_OCCURRENCES_PER_PIECE) break;
    }
    // A piece found everywhere says nothing about where the quote is.
    if (hits.length > MAX_OCCURRENCES_PER_PIECE) continue;
    for (const at of hits) {
      const bucket = Math.floor((at - offset) / bucketSize);
      votes.set(bucket, (votes.get(bucket) ?? 0) + 1);
    }
  }
  const buckets = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_CANDIDATES);
  const matches: FuzzyMatch[] = [];
  for (const [bucket] of buckets) {
    const from = Math.max(0, bucket * bucketSize - maxErrors);
    const to = Math.min(text.length, (bucket + 1) * bucketSize + m + maxErrors);
    const match = alignInWindow(text, pattern, from, to, maxErrors);
    if (match && !matches.some((other) => other.start < match.end && match.start < other.end)) matches.push(match);
  }
  return matches.sort((a, b) => a.errors - b.errors || a.start - b.start);
}
