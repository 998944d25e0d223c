// Bounded approximate matching: exact "seed" pieces of the quote find candidate
// places in the text (pigeonhole filtering), and a semi-global edit distance
// verifies each candidate window. Cost is bounded by MAX_CANDIDATES windows of
// about quote length + 2 × maxErrors characters, whatever the text's length.
// Windows are scanned with Myers' bit-parallel edit distance (32 pattern characters
// per step); only where a window holds a match does the full dynamic programme run,
// over just the match, to find where it starts.

export interface FuzzyMatch {
  start: number;
  end: number;
  errors: number;
}

const MIN_PIECE = 8;
const MAX_PIECES = 16;
const MAX_OCCURRENCES_PER_PIECE = 64;
/** Most candidate windows verified per search. */
export const MAX_CANDIDATES = 12;

/**
 * Test seam: when set, called with each candidate window the verifier aligns (text[from, to)),
 * so tests can show its work is bounded by the quote, whatever the page. Null in the extension.
 */
export const verifierSeam: { onWindow: ((from: number, to: number) => void) | null } = { onWindow: null };

/**
 * Best alignment of `pattern` inside text[from, to) with at most `maxErrors` edits
 * (Levenshtein), or null. The whole pattern is aligned; the text around it is free.
 */
export function alignInWindow(text: string, pattern: string, from: number, to: number, maxErrors: number): FuzzyMatch | null {
  const m = pattern.length;
  const codes = new Int32Array(m);
  for (let i = 0; i < m; i++) codes[i] = pattern.charCodeAt(i);
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
    for (let i = 1; i <= m; i++) {
      // Substitution or match.
      let value = (cost[i - 1] as number) + (codes[i - 1] === c ? 0 : 1);
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
    }
    const errors = nextCost[m] as number;
    if (errors <= maxErrors && (best === null || errors < best.errors)) {
      best = { start: nextStart[m] as number, end: j + 1, errors };
    }
    const swapCost = cost;
    cost = nextCost;
    nextCost = swapCost;
    const swapStart = start;
    start = nextStart;
    nextStart = swapStart;
  }
  return best;
}

/** Where each character occurs in a pattern: one bit per pattern position, 32 positions per block. */
export interface PatternMasks {
  length: number;
  blocks: number;
  masks: Map<number, Int32Array>;
  /** Per block, the bit of its last pattern position. */
  lastBits: Int32Array;
  /** `masks` for the ASCII codes, by code: most characters of most pages, without a map lookup. */
  ascii: (Int32Array | undefined)[];
  /** The mask of a character the pattern does not have. */
  none: Int32Array;
}

/** The bit masks of `pattern` for the bit-parallel scans (computed once per pattern). */
export function patternMasks(pattern: string): PatternMasks {
  const length = pattern.length;
  const blocks = Math.ceil(length / 32);
  const masks = new Map<number, Int32Array>();
  for (let i = 0; i < length; i++) {
    const code = pattern.charCodeAt(i);
    let mask = masks.get(code);
    if (!mask) masks.set(code, (mask = new Int32Array(blocks)));
    mask[i >> 5] = (mask[i >> 5] as number) | (1 << (i & 31));
  }
  const lastBits = new Int32Array(blocks).fill(1 << 31);
  lastBits[blocks - 1] = 1 << ((length - 1) & 31);
  const ascii: (Int32Array | undefined)[] = Array.from({ length: 128 }, (_, code) => masks.get(code));
  return { length, blocks, masks, lastBits, ascii, none: new Int32Array(blocks) };
}

/**
 * One text character's column of Myers' bit-vector edit table, block by block (Hyyrö's block
 * form): updates the vertical deltas P (+1) and M (-1) in place from the pattern's match bits
 * `eqs`, with `hIn` the horizontal delta entering the top row (0: the alignment may start
 * anywhere; 1: it is anchored). Returns the delta leaving the bottom row: the score's change.
 */
function advanceColumn(P: Int32Array, M: Int32Array, eqs: Int32Array, lastBits: Int32Array, blocks: number, hIn: number): number {
  for (let b = 0; b < blocks; b++) {
    const pv = P[b] as number;
    const mv = M[b] as number;
    const hInNegative = hIn < 0 ? 1 : 0;
    const eq = (eqs[b] as number) | hInNegative;
    const xv = eq | mv;
    const xh = (((eq & pv) + pv) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    const last = lastBits[b] as number;
    const hOut = (ph & last) !== 0 ? 1 : (mh & last) !== 0 ? -1 : 0;
    ph = (ph << 1) | (hIn > 0 ? 1 : 0);
    mh = (mh << 1) | hInNegative;
    P[b] = mh | ~(xv | ph);
    M[b] = ph & xv;
    hIn = hOut;
  }
  return hIn;
}

/**
 * The first end (exclusive) in text[from, to) where the whole pattern aligns with the fewest
 * edits, if that is at most `maxErrors`: the edit distances `alignInWindow` computes, by Myers'
 * bit-vector algorithm in Hyyrö's block form (https://doi.org/10.1145/316542.316550,
 * https://doi.org/10.1007/978-3-540-24624-8_4). Where the alignment starts it does not tell.
 */
function bestEnd(text: string, pattern: PatternMasks, from: number, to: number, maxErrors: number): { end: number; errors: number } | null {
  const { blocks, masks, lastBits } = pattern;
  // Vertical deltas of each column, +1 (P) or -1 (M): the first column is 0, 1, 2, ... m.
  const P = new Int32Array(blocks).fill(-1);
  const M = new Int32Array(blocks);
  const none = new Int32Array(blocks);
  let score = pattern.length;
  let best: { end: number; errors: number } | null = null;
  for (let j = from; j < to; j++) {
    const eqs = masks.get(text.charCodeAt(j)) ?? none;
    // The top row is all zeros (the alignment may start anywhere): no horizontal delta enters.
    score += advanceColumn(P, M, eqs, lastBits, blocks, 0);
    if (score <= maxErrors && (best === null || score < best.errors)) best = { end: j + 1, errors: score };
  }
  return best;
}

const LINE_FEED = 0x0a;
const SPACE = 0x20;
let scratchP = new Int32Array(2);
let scratchM = new Int32Array(2);

/**
 * Edit distances between a pattern and the text read from `from` one character at a time in
 * direction `step` (+1 forwards, -1 backwards), for at most `count` characters, where the
 * alignment must start at `from` (the top row of the table is 0, 1, 2, ...: text skipped at the
 * start costs an edit each; edlib's global mode of the same bit-vector algorithm). Line feeds,
 * the page text's block breaks, read as spaces. Returns the fewest edits over every end (`min`)
 * and the edits for all `count` characters (`last`), both at most max(pattern length, count).
 */
export function anchoredEdits(text: string, from: number, step: 1 | -1, count: number, pattern: PatternMasks): { min: number; last: number } {
  const { blocks, masks, lastBits, ascii, none } = pattern;
  // Called once per side per occurrence (1,000 times on a page that repeats a sentence 1,000
  // times): the column state lives in scratch arrays instead of new ones per call.
  if (scratchP.length < blocks) {
    scratchP = new Int32Array(blocks);
    scratchM = new Int32Array(blocks);
  }
  const P = scratchP.fill(-1, 0, blocks);
  const M = scratchM.fill(0, 0, blocks);
  let score = pattern.length;
  let min = score;
  for (let k = 0, j = from; k < count; k++, j += step) {
    let code = text.charCodeAt(j);
    if (code === LINE_FEED) code = SPACE;
    const eqs = (code < 128 ? ascii[code] : masks.get(code)) ?? none;
    // Row 0 grows by one per column: the alignment is anchored at `from`.
    score += advanceColumn(P, M, eqs, lastBits, blocks, 1);
    if (score < min) min = score;
  }
  return { min, last: score };
}

/**
 * `alignInWindow`'s alignment ending at `end` with `errors` edits, computed only on the
 * diagonals such an alignment can use: it starts within `errors` of end - m and strays at most
 * `errors` from its diagonal, so cells more than 2 × errors off the diagonal of end - m are
 * never on it. Cells there count as unreachable; the rest hold costs of real alignments, so no
 * cell on the optimal path changes its cost or its choice, and the start is the one
 * `alignInWindow` finds. Null if that does not give `errors` (it always should).
 */
function alignEndingAt(text: string, pattern: string, from: number, end: number, errors: number): FuzzyMatch | null {
  const m = pattern.length;
  const codes = new Int32Array(m);
  for (let i = 0; i < m; i++) codes[i] = pattern.charCodeAt(i);
  const unreachable = 0x3fffffff;
  // Column c has read text[from, from + c); row i has aligned pattern[0, i).
  const lowDiagonal = end - m - 2 * errors - from;
  const highDiagonal = end - m + 2 * errors - from;
  let cost = new Int32Array(m + 1);
  let start = new Int32Array(m + 1);
  let nextCost = new Int32Array(m + 1).fill(unreachable);
  let nextStart = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) {
    cost[i] = i;
    start[i] = from;
  }
  const columns = end - from;
  for (let c = 1; c <= columns; c++) {
    const ch = text.charCodeAt(from + c - 1);
    nextCost[0] = 0;
    nextStart[0] = from + c;
    const low = Math.max(1, c - highDiagonal);
    const high = Math.min(m, c - lowDiagonal);
    if (low - 1 >= 1) nextCost[low - 1] = unreachable;
    for (let i = low; i <= high; i++) {
      let value = (cost[i - 1] as number) + (codes[i - 1] === ch ? 0 : 1);
      let from_ = start[i - 1] as number;
      const skipText = (cost[i] as number) + 1;
      if (skipText < value) {
        value = skipText;
        from_ = start[i] as number;
      }
      const skipPattern = (nextCost[i - 1] as number) + 1;
      if (skipPattern < value) {
        value = skipPattern;
        from_ = nextStart[i - 1] as number;
      }
      nextCost[i] = value;
      nextStart[i] = from_;
    }
    if (high + 1 <= m) nextCost[high + 1] = unreachable;
    const swapCost = cost;
    cost = nextCost;
    nextCost = swapCost;
    const swapStart = start;
    start = nextStart;
    nextStart = swapStart;
  }
  return cost[m] === errors ? { start: start[m] as number, end, errors } : null;
}

/** alignFast found a match that overlaps one already kept. */
const KEPT = 'kept';

/**
 * `alignInWindow` for findApproximate, faster: a bit-parallel scan finds the best end and its
 * edits, then `alignEndingAt` finds where that alignment starts. Should that ever disagree,
 * the whole window is aligned the slow way.
 */
function alignFast(text: string, pattern: string, masks: PatternMasks, from: number, to: number, maxErrors: number, kept: readonly FuzzyMatch[]): FuzzyMatch | typeof KEPT | null {
  const found = bestEnd(text, masks, from, to, maxErrors);
  if (!found) return null;
  // A match spans at least m - errors characters. If every start it could have overlaps a match
  // already kept, it would be dropped: its start need not be found (neighbouring candidate
  // windows mostly find the same match again).
  const latestStart = found.end - pattern.length + found.errors;
  if (kept.some((other) => other.start < found.end && latestStart < other.end)) return KEPT;
  // An alignment with e edits spans at most m + e characters.
  const narrowFrom = Math.max(from, found.end - pattern.length - found.errors - 1);
  const match = alignEndingAt(text, pattern, narrowFrom, found.end, found.errors);
  return match ?? alignInWindow(text, pattern, from, to, maxErrors);
}

/** What a search could not do within its bounds. */
export interface SearchBounds {
  /**
   * A place left unverified (beyond MAX_CANDIDATES) had as many votes as one of the matches found:
   * it may hold another match, which the caller never saw.
   */
  exhausted: boolean;
}

/**
 * Candidate alignments of `pattern` in `text` with at most `maxErrors` edits, best first;
 * `bounds`, when given, says whether the MAX_CANDIDATES bound may have hidden some.
 */
export function findApproximate(text: string, pattern: string, maxErrors: number, bounds?: SearchBounds): FuzzyMatch[] {
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
  const ranked = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const buckets = ranked.slice(0, MAX_CANDIDATES);
  const matches: FuzzyMatch[] = [];
  const masks = patternMasks(pattern);
  let fewestVotesOfAMatch = Infinity;
  for (const [bucket, count] of buckets) {
    const from = Math.max(0, bucket * bucketSize - maxErrors);
    const to = Math.min(text.length, (bucket + 1) * bucketSize + m + maxErrors);
    verifierSeam.onWindow?.(from, to);
    const match = alignFast(text, pattern, masks, from, to, maxErrors, matches);
    if (match !== null && match !== KEPT && !matches.some((other) => other.start < match.end && match.start < other.end)) {
      matches.push(match);
      // Buckets come most-voted first: this is the most any bucket gave this match.
      fewestVotesOfAMatch = Math.min(fewestVotesOfAMatch, count);
    }
  }
  if (bounds) bounds.exhausted = ranked.length > buckets.length && (ranked[buckets.length] as [number, number])[1] >= fewestVotesOfAMatch;
  return matches.sort((a, b) => a.errors - b.errors || a.start - b.start);
}
