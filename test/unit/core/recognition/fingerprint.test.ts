// Fingerprints are stored in dataset files and packs (FINGERPRINT_ALGORITHM), so a faster
// shingleHashes must give exactly the hashes the one it replaced gave. That implementation is kept
// here, verbatim in behaviour, as the oracle: a per-character scan over UTF-16 code units with a
// lazily learnt class table, falling back to the regex formulation for the characters it could not
// handle alone (surrogate pairs, İ, Σ).
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_SIZE, hashFilter, makeFingerprint, shingleHashes } from '../../../../src/core/recognition/fingerprint';
import { randomFloats } from '../../../support/random';

const WORD = /[\p{L}\p{N}]+/gu;
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashWord(word: string): number {
  let h = FNV_BASIS;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function shingleOf(a: number, b: number, c: number, d: number): number {
  return mix(Math.imul(Math.imul(Math.imul(Math.imul(a, 0x9e3779b1) ^ b, 0x9e3779b1) ^ c, 0x9e3779b1) ^ d, 0x9e3779b1));
}

const UNKNOWN = 0;
const SEPARATOR = -1;
const SLOW = -3;
const CHAR_KINDS = new Int32Array(0x10000);

function classify(code: number): number {
  const char = String.fromCharCode(code);
  let kind: number;
  if ((code >= 0xd800 && code <= 0xdfff) || code === 0x03a3) kind = SLOW;
  else if (/^[\u00ad\u200b-\u200d\u2060\ufeff]$/.test(char)) kind = -2;
  else {
    const lower = char.toLowerCase();
    if (lower.length !== 1) kind = SLOW;
    else kind = /^[\p{L}\p{N}]$/u.test(lower) ? lower.charCodeAt(0) + 1 : SEPARATOR;
  }
  CHAR_KINDS[code] = kind;
  return kind;
}

function mayHold(filter: Uint32Array, hash: number): boolean {
  const bit = hash & (filter.length * 32 - 1);
  return ((filter[bit >>> 5] as number) & (1 << (bit & 31))) !== 0;
}

function referenceFast(text: string, max: number, filter: Uint32Array | null, out: Uint32Array): number {
  let kept = 0;
  let words = 0;
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let h = FNV_BASIS;
  let inWord = false;
  for (let i = 0; i <= text.length; i++) {
    let kind = i < text.length ? (CHAR_KINDS[text.charCodeAt(i)] as number) : SEPARATOR;
    if (kind === UNKNOWN) kind = classify(text.charCodeAt(i));
    if (kind > 0) {
      h = Math.imul(h ^ (kind - 1), FNV_PRIME);
      inWord = true;
    } else if (kind === SEPARATOR) {
      if (inWord) {
        const w = h >>> 0;
        if (++words >= 4) {
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
  }
  return kept;
}

function referenceSlow(text: string, max: number, filter: Uint32Array | null): Uint32Array {
  const hashes = (text.replace(INVISIBLE, '').toLowerCase().match(WORD) ?? []).map(hashWord);
  const out = new Uint32Array(Math.max(0, hashes.length - 3));
  let kept = 0;
  for (let i = 0; i + 4 <= hashes.length; i++) {
    const shingle = shingleOf(hashes[i] as number, hashes[i + 1] as number, hashes[i + 2] as number, hashes[i + 3] as number);
    if (shingle <= max && (filter === null || mayHold(filter, shingle))) out[kept++] = shingle;
  }
  return out.subarray(0, kept);
}

/** shingleHashes as it was when 'shingle4-bottom64-v1' fingerprints were first stored. */
function referenceShingleHashes(text: string, max = 0xffffffff, filter: Uint32Array | null = null): number[] {
  const buffer = new Uint32Array((text.length >> 1) + 1);
  const kept = referenceFast(text, max, filter, buffer);
  const sorted = (kept < 0 ? referenceSlow(text, max, filter) : buffer.subarray(0, kept)).sort();
  return [...new Set(sorted)];
}

// Pieces of text as pages have them: Danish and other letters in both cases, digits, punctuation
// and typographic marks, invisible characters inside words, characters outside the BMP (letters,
// digits, emoji, a lowercase of its own: Deseret), and the characters whose lowercase needs context
// or grows (Σ, İ), plus lone surrogates as a broken page can hold.
const PIECES = [
  'og', 'i', 'at', 'det', 'Regeringen', 'ØKONOMIEN', 'Æblet', 'på', 'sø', 'gård', 'BÅDE', 'år', '2024', '17,5', '١٢٣', 'Ǆ', 'ẞ',
  'efter\u00adretnings\u200btjeneste', 'for\u2060hand\ufefflinger', 'ikke\u200c\u200dmere', 'café', 'e\u0301', 'naïve', 'K\u212a',
  'Straße', 'Москва', 'ΟΔΟΣ', 'λόγια', 'שלום', 'مرحبا', '東京', '한국어', 'ﬁnans', 'Ⅻ',
  '𝒜𝒷', '𝟙𝟚', '😀', '👍🏽', '𐐀𐐁', '𐐨', '🇩🇰', 'İstanbul', 'ΣΟΦΟΚΛΕΟΥΣ', 'Σ', '\ud800', '\udc00x', 'x\ud83d',
  ' ', ' ', ' ', ' ', ', ', '. ', '\n', '\u00a0', ' – ', ' — ', '»', '«', '“', '”', '’', '-', '/', '(', ')', '\t', '…',
];
const SEPARATORS = [' ', ' ', ' ', ', ', '. ', '\n', '\u00a0', ' – '];

function generated(seed: number, pieces: readonly string[], length: number): string {
  const next = randomFloats(seed);
  let text = '';
  while (text.length < length) {
    text += pieces[Math.floor(next() * pieces.length)];
    text += SEPARATORS[Math.floor(next() * SEPARATORS.length)];
  }
  return text;
}

describe('shingleHashes gives the hashes the stored fingerprints were made with', () => {
  it.each([
    ['Danish prose with capitals', 'Den russiske Præsident, Vladimir Putin, sagde fredag, at ÆRØ og Østerbro er åbne for alle.'],
    ['digits and decimal commas are words', 'I 2018 steg prisen med 17,5 procent til 1.200 kroner om året i Danmark'],
    ['soft hyphens and zero-width characters join a word', 'efter\u00adretnings\u200btjeneste og for\u2060hand\ufefflinger om aftalen i dag'],
    ['letters outside the BMP are hashed as their two code units', 'tal 𝟙𝟚 og 𝒜𝒷 er bogstaver ogsaa her og mere'],
    ['a letter outside the BMP with a lowercase of its own (Deseret)', 'ord 𐐀𐐁 og 𐐨𐐩 er samme ord to gange her'],
    ['emoji separate words', 'godt😀nyt i dag 👍🏽 for alle 🇩🇰 danskere i landet'],
    ['İ lowercases to two code units', 'İstanbul er en by i Tyrkiet med mange indbyggere'],
    ['capital sigma lowercases by context', 'ΟΔΟΣ ΣΟΦΟΚΛΕΟΥΣ Σ και άλλα λόγια εδώ'],
    ['a lone surrogate is a separator', 'lone \ud800 surrogate here and \udc00 there ok ok'],
    ['a letter at the very end', 'kun fire ord her'],
    ['fewer than four words', 'kun tre ord'],
    ['nothing', ''],
  ])('%s', (_reason, text) => {
    expect([...shingleHashes(text)]).toEqual(referenceShingleHashes(text));
  });

  it('on 400 generated texts of every kind of character, with and without a bound and a bitmap', () => {
    const next = randomFloats(11);
    for (let trial = 0; trial < 400; trial++) {
      // Some texts stay in the Latin range (the common case), others mix everything.
      const pieces = trial % 2 ? PIECES : PIECES.slice(0, 25);
      const text = generated(trial, pieces, 20 + Math.floor(next() * (trial % 10 === 0 ? 20_000 : 2_000)));
      const all = referenceShingleHashes(text);
      expect([...shingleHashes(text)], `trial ${trial}`).toEqual(all);
      const index = Uint32Array.from(all.filter(() => next() < 0.3));
      if (index.length === 0) continue;
      const max = index[index.length - 1] as number;
      const filter = hashFilter(index);
      expect([...shingleHashes(text, max, filter)], `trial ${trial} with a bound`).toEqual(referenceShingleHashes(text, max, filter));
    }
  });

  it('gives the same fingerprint of a long article, as makeFingerprint stores it', () => {
    const text = generated(3, PIECES.slice(0, 25), 60_000);
    const expected = referenceShingleHashes(text).slice(0, FINGERPRINT_SIZE).map((h) => h.toString(16).padStart(8, '0'));
    expect(makeFingerprint(text)).toEqual(expected);
  });

  it('gives the same hashes for a text read after a longer one (buffers reused across calls)', () => {
    const long = generated(5, PIECES, 30_000);
    const short = generated(6, PIECES.slice(0, 25), 300);
    shingleHashes(long);
    expect([...shingleHashes(short)]).toEqual(referenceShingleHashes(short));
  });
});
