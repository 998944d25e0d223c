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

function hashWord(word: string): number {
  // FNV-1a, 32 bit.
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
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

/** Sorted, distinct hashes of every SHINGLE_WORDS-word run of `text` (case-insensitive). */
export function shingleHashes(text: string): Uint32Array {
  const words = text.replace(INVISIBLE, '').toLowerCase().match(WORD) ?? [];
  const count = words.length - SHINGLE_WORDS + 1;
  if (count <= 0) return new Uint32Array(0);
  const wordHashes = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) wordHashes[i] = hashWord(words[i] as string);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let h = 0;
    for (let k = 0; k < SHINGLE_WORDS; k++) h = Math.imul(h ^ (wordHashes[i + k] as number), 0x9e3779b1);
    out[i] = mix(h);
  }
  out.sort();
  let unique = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[unique++] = out[i] as number;
  return out.subarray(0, unique);
}

/** The fingerprint of an article's main text: its FINGERPRINT_SIZE smallest shingle hashes, as hex. */
export function makeFingerprint(text: string): string[] {
  return [...shingleHashes(text).subarray(0, FINGERPRINT_SIZE)].map((h) => h.toString(16).padStart(8, '0'));
}
