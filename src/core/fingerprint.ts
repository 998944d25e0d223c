// Content fingerprints: a bottom-k sketch of hashed word shingles. A copy of an
// article in another template shares most of its shingles; a page that quotes a
// sentence or two shares few. Only hashes are stored, never the publisher's text.

/** Words per shingle: long enough to be specific to one article, short enough to survive light edits. */
export const SHINGLE_WORDS = 4;
/** Hashes kept per article. */
export const FINGERPRINT_SIZE = 64;
export const FINGERPRINT_ALGORITHM = 'shingle4-bottom64-v1';

const WORD = /[\p{L}\p{N}]+/gu;
// Soft hyphens and zero-width characters sit inside words a reader sees whole.
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashWord(word: string): number {
  // FNV-1a, 32 bit.
  let h = FNV_BASIS;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

function mix(h: number): number {
  // MurmurHash3's finaliser spreads the combined word hashes over all 32 bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// What one UTF-16 code unit is to the word splitter, learnt on first sight: recognition runs on
// every page not known by its address, so words are split and hashed in one pass without a
// regular expression. A letter's entry is its lowercase code unit + 1.
const UNKNOWN = 0;
const SEPARATOR = -1;
const INVISIBLE_CHAR = -2;
/** Needs the whole text: surrogate pairs, a lowercase of two units (U+0130), context-dependent Σ. */
const SLOW = -3;
const CHAR_KINDS = new Int32Array(0x10000);
const SINGLE_WORD_CHAR = /^[\p{L}\p{N}]$/u;
const SINGLE_INVISIBLE = /^[\u00ad\u200b-\u200d\u2060\ufeff]$/;

function classify(code: number): number {
  const char = String.fromCharCode(code);
  let kind: number;
  if ((code >= 0xd800 && code <= 0xdfff) || code === 0x03a3) {
    kind = SLOW;
  } else if (SINGLE_INVISIBLE.test(char)) {
    kind = INVISIBLE_CHAR;
  } else {
    const lower = char.toLowerCase();
    if (lower.length !== 1) kind = SLOW;
    else kind = SINGLE_WORD_CHAR.test(lower) ? lower.charCodeAt(0) + 1 : SEPARATOR;
  }
  CHAR_KINDS[code] = kind;
  return kind;
}

/** The hash of one shingle from its words' hashes. */
function shingleOf(a: number, b: number, c: number, d: number): number {
  return mix(Math.imul(Math.imul(Math.imul(Math.imul(a, 0x9e3779b1) ^ b, 0x9e3779b1) ^ c, 0x9e3779b1) ^ d, 0x9e3779b1));
}

/**
 * Writes the shingle hashes ≤ max of `text` to `out` and returns how many, the words being those
 * of text.replace(INVISIBLE, '').toLowerCase().match(WORD) hashed by `hashWord`; -1 when the text
 * has a character whose lowercase depends on more than itself.
 */
function shinglesFast(text: string, max: number, filter: Uint32Array | null, out: Uint32Array): number {
  let kept = 0;
  let words = 0;
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let h = FNV_BASIS;
  let inWord = false;
  for (let i = 0; i <= text.length; i++) {
    // One past the end reads as a separator and ends the last word.
    let kind = i < text.length ? (CHAR_KINDS[text.charCodeAt(i)] as number) : SEPARATOR;
    if (kind === UNKNOWN) kind = classify(text.charCodeAt(i));
    if (kind > 0) {
      h = Math.imul(h ^ (kind - 1), FNV_PRIME);
      inWord = true;
    } else if (kind === SEPARATOR) {
      if (inWord) {
        const w = h >>> 0;
        if (++words >= SHINGLE_WORDS) {
          const shingle = shingleOf(w0, w1, w2, w);
          if (shingle <= max && (filter === null || mayHold(filter, shingle))) out[kept++] = shingle;
        }
        w0 = w1;
        w1 = w2;
        w2 = w;
        h = FNV_BASIS;
        inWord = false;
      }
    } else if (kind === SLOW) {
      return -1;
    }
    // INVISIBLE_CHAR: dropped, so the word goes on.
  }
  return kept;
}

function shinglesSlow(text: string, max: number, filter: Uint32Array | null): Uint32Array {
  const words = text.replace(INVISIBLE, '').toLowerCase().match(WORD) ?? [];
  const hashes = words.map(hashWord);
  const out = new Uint32Array(Math.max(0, words.length - SHINGLE_WORDS + 1));
  let kept = 0;
  for (let i = 0; i + SHINGLE_WORDS <= hashes.length; i++) {
    const shingle = shingleOf(hashes[i] as number, hashes[i + 1] as number, hashes[i + 2] as number, hashes[i + 3] as number);
    if (shingle <= max && (filter === null || mayHold(filter, shingle))) out[kept++] = shingle;
  }
  return out.subarray(0, kept);
}

/**
 * A bitmap with one bit set per hash (by its low bits): a hash whose bit is clear is certainly
 * not among `hashes`. At least 8 bits per hash, so at most about one absent hash in eight passes.
 */
export function hashFilter(hashes: Uint32Array): Uint32Array {
  let words = 32;
  while (words * 32 < hashes.length * 8 && words < 1 << 19) words *= 2;
  const filter = new Uint32Array(words);
  const mask = words * 32 - 1;
  for (let i = 0; i < hashes.length; i++) {
    const bit = (hashes[i] as number) & mask;
    filter[bit >>> 5] = (filter[bit >>> 5] as number) | (1 << (bit & 31));
  }
  return filter;
}

function mayHold(filter: Uint32Array, hash: number): boolean {
  const bit = hash & (filter.length * 32 - 1);
  return ((filter[bit >>> 5] as number) & (1 << (bit & 31))) !== 0;
}

/**
 * Sorted, distinct hashes of every SHINGLE_WORDS-word run of `text` (case-insensitive); only
 * those ≤ `max` and passing `filter` (from `hashFilter`) when given: recognition needs no hash
 * the index cannot hold.
 */
export function shingleHashes(text: string, max = 0xffffffff, filter: Uint32Array | null = null): Uint32Array {
  const buffer = new Uint32Array((text.length >> 1) + 1);
  const kept = shinglesFast(text, max, filter, buffer);
  const sorted = (kept < 0 ? shinglesSlow(text, max, filter) : buffer.subarray(0, kept)).sort();
  let unique = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[unique++] = sorted[i] as number;
  return sorted.subarray(0, unique);
}

/** The fingerprint of an article's main text: its FINGERPRINT_SIZE smallest shingle hashes, as hex. */
export function makeFingerprint(text: string): string[] {
  return [...shingleHashes(text).subarray(0, FINGERPRINT_SIZE)].map((h) => h.toString(16).padStart(8, '0'));
}
