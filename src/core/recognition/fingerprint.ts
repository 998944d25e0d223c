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
/** Needs the whole text: a lowercase of two units (U+0130), context-dependent Σ. (Surrogates never reach the scan: it reads UTF-8.) */
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

// Outside the BMP (emoji, mathematical letters, Deseret …), learnt on first sight like CHAR_KINDS:
// code point → its lowercase code point + 1 for a letter or digit, SEPARATOR, or SLOW.
const SUPPLEMENTARY_KINDS = new Map<number, number>();

function classifySupplementary(codePoint: number): number {
  const lower = String.fromCodePoint(codePoint).toLowerCase();
  const lowerPoint = lower.codePointAt(0) as number;
  const kind = lower.length !== String.fromCodePoint(lowerPoint).length ? SLOW : SINGLE_WORD_CHAR.test(lower) ? lowerPoint + 1 : SEPARATOR;
  SUPPLEMENTARY_KINDS.set(codePoint, kind);
  return kind;
}

// What a byte of UTF-8 is when it is a whole character (ASCII): its lowercase for a letter or
// digit, 0 for a separator; MULTIBYTE for the first byte of a longer one (and, unused, the rest).
const MULTIBYTE = -1;
const ASCII_KINDS = new Int32Array(256).fill(MULTIBYTE);
for (let code = 0; code < 0x80; code++) {
  const kind = classify(code);
  ASCII_KINDS[code] = kind > 0 ? kind - 1 : 0;
}

// Buffers reused across calls: recognition runs on every page not known by its address, and
// fresh buffers per call (180 KB of UTF-8, the word hashes, the shingles) cost more than the scan.
const encoder = new TextEncoder();
let utf8 = new Uint8Array(0);
let wordHashes = new Int32Array(0);
let scratch = new Uint32Array(0);
const FNV_BASIS_INT = FNV_BASIS | 0;

/**
 * The character of two to four UTF-8 bytes at `bytes[at]`: the code point of its lowercase for a
 * letter or digit, 0 for a separator, INVISIBLE_CHAR or SLOW. (encodeInto writes a lone surrogate
 * as U+FFFD, a separator, as the regex formulation sees it.)
 */
function multibyteKind(bytes: Uint8Array, at: number): number {
  const lead = bytes[at] as number;
  const b1 = (bytes[at + 1] as number) & 0x3f;
  if (lead >= 0xf0) {
    const code = ((lead & 0x07) << 18) | (b1 << 12) | (((bytes[at + 2] as number) & 0x3f) << 6) | ((bytes[at + 3] as number) & 0x3f);
    const kind = SUPPLEMENTARY_KINDS.get(code) ?? classifySupplementary(code);
    return kind > 0 ? kind - 1 : kind === SEPARATOR ? 0 : kind;
  }
  const code = lead < 0xe0 ? ((lead & 0x1f) << 6) | b1 : ((lead & 0x0f) << 12) | (b1 << 6) | ((bytes[at + 2] as number) & 0x3f);
  let kind = CHAR_KINDS[code] as number;
  if (kind === UNKNOWN) kind = classify(code);
  return kind > 0 ? kind - 1 : kind === SEPARATOR ? 0 : kind;
}

/**
 * Writes the shingle hashes ≤ max of `text` to `out` (unsorted, repeats kept) and returns how
 * many, the words being those of text.replace(INVISIBLE, '').toLowerCase().match(WORD) hashed by
 * `hashWord`; -1 when the text has a character whose lowercase depends on more than itself.
 * `out` needs room for one more than the number of words. (One function, scan and shingles: split
 * in two, V8 inlined the scan into recognize() and small pages paid for it.)
 */
function shinglesFast(text: string, max: number, out: Uint32Array): number {
  // Reading the text as UTF-8 bytes (one native call) beats charCodeAt per character, which
  // V8 dispatches on the string's representation every time.
  if (utf8.length < text.length * 3 + 1) utf8 = new Uint8Array(text.length * 3 + 1);
  if (wordHashes.length < (text.length >> 1) + 2) wordHashes = new Int32Array((text.length >> 1) + 2);
  const bytes = utf8;
  const words = wordHashes;
  const end = encoder.encodeInto(text, bytes).written;
  // A separator one past the end ends the last word.
  bytes[end] = 0x20;
  const ascii = ASCII_KINDS;
  let count = 0;
  // Int32 throughout (Math.imul and ^ read hashes so anyway): V8 keeps them in registers
  // instead of boxing uint32 values above 2^31 as doubles.
  let h = FNV_BASIS_INT;
  // -1 while inside a word, else 0.
  let inWord = 0;
  for (let i = 0; i <= end; i++) {
    let kind = ascii[bytes[i] as number] as number;
    if (kind < 0) {
      // A character of two to four bytes: rare in most text, and decoded in a function of its
      // own, which keeps this loop small enough for V8 to optimise.
      const lead = bytes[i] as number;
      kind = multibyteKind(bytes, i);
      i += lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : 3;
      if (kind < 0) {
        // Dropped, so the word goes on.
        if (kind === INVISIBLE_CHAR) continue;
        return -1;
      }
      if (kind > 0xffff) {
        // Outside the BMP: the lowercase's two UTF-16 code units, as toLowerCase() gives them.
        h = Math.imul(h ^ (0xd800 + ((kind - 0x10000) >>> 10)), FNV_PRIME);
        inWord = -1;
        kind = 0xdc00 + ((kind - 0x10000) & 0x3ff);
      }
    }
    // No branch on letter or not: word lengths vary, so it would be mispredicted twice a word.
    // A word's hash is written at every character and kept (count moves on) at its end.
    const letter = (0 - kind) >> 31;
    words[count] = h;
    count += inWord & ~letter & 1;
    h = (Math.imul(h ^ kind, FNV_PRIME) & letter) | (FNV_BASIS_INT & ~letter);
    inWord = letter;
  }
  let kept = 0;
  for (let i = SHINGLE_WORDS - 1; i < count; i++) {
    const shingle = shingleOf(words[i - 3] as number, words[i - 2] as number, words[i - 1] as number, words[i] as number);
    // Written always, counted only when in range.
    out[kept] = shingle;
    kept += shingle <= max ? 1 : 0;
  }
  return kept;
}

/** shinglesFast by the regex formulation itself, for the texts it declines. */
function shinglesSlow(text: string, max: number, out: Uint32Array): number {
  const words = text.replace(INVISIBLE, '').toLowerCase().match(WORD) ?? [];
  const hashes = words.map(hashWord);
  let kept = 0;
  for (let i = 0; i + SHINGLE_WORDS <= hashes.length; i++) {
    const shingle = shingleOf(hashes[i] as number, hashes[i + 1] as number, hashes[i + 2] as number, hashes[i + 3] as number);
    if (shingle <= max) out[kept++] = shingle;
  }
  return kept;
}

/** Keeps, in place, the first `count` hashes that `filter` may hold; returns how many. */
function keepMaybeHeld(filter: Uint32Array, hashes: Uint32Array, count: number): number {
  // Branch-free, so the CPU overlaps the bitmap's cache misses instead of waiting on each.
  const mask = filter.length * 32 - 1;
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const hash = hashes[i] as number;
    const bit = hash & mask;
    hashes[kept] = hash;
    kept += ((filter[bit >>> 5] as number) >>> (bit & 31)) & 1;
  }
  return kept;
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

/**
 * Sorted, distinct hashes of every SHINGLE_WORDS-word run of `text` (case-insensitive); only
 * those ≤ `max` and passing `filter` (from `hashFilter`) when given: recognition needs no hash
 * the index cannot hold.
 */
export function shingleHashes(text: string, max = 0xffffffff, filter: Uint32Array | null = null): Uint32Array {
  if (scratch.length < (text.length >> 1) + 2) scratch = new Uint32Array((text.length >> 1) + 2);
  let count = shinglesFast(text, max, scratch);
  if (count < 0) count = shinglesSlow(text, max, scratch);
  if (filter !== null) count = keepMaybeHeld(filter, scratch, count);
  const sorted = scratch.subarray(0, count).sort();
  let unique = 0;
  for (let i = 0; i < count; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[unique++] = sorted[i] as number;
  return sorted.slice(0, unique);
}

/** The fingerprint of an article's main text: its FINGERPRINT_SIZE smallest shingle hashes, as hex. */
export function makeFingerprint(text: string): string[] {
  return [...shingleHashes(text).subarray(0, FINGERPRINT_SIZE)].map((h) => h.toString(16).padStart(8, '0'));
}
