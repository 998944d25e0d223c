// The engine's fast paths (issue 5: the benchmark's budgets) must give exactly what the plain
// formulations give: the same fingerprints (they are stored in the dataset) and the same fuzzy
// matches (the same anchors). Each plain formulation lives here as the test's oracle.
import { describe, expect, it } from 'vitest';
import { hashFilter, shingleHashes } from '../../../src/core/recognition/fingerprint';
import { type FuzzyMatch, alignInWindow, findApproximate } from '../../../src/core/anchoring/fuzzy';
import { randomFloats as random } from '../../support/random';

/** Fingerprint shingles as FINGERPRINT_ALGORITHM defines them: regex words, FNV-1a, 4-word mix. */
function plainShingleHashes(text: string): number[] {
  const words = text.replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const hashes = words.map((word) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    return h >>> 0;
  });
  const out = new Set<number>();
  for (let i = 0; i + 4 <= hashes.length; i++) {
    let h = 0;
    for (let k = 0; k < 4; k++) h = Math.imul(h ^ (hashes[i + k] as number), 0x9e3779b1);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    out.add(h >>> 0);
  }
  return [...out].sort((a, b) => a - b);
}

/** findApproximate before the bit-parallel scan: every candidate window aligned in full. */
function plainFindApproximate(text: string, pattern: string, maxErrors: number): FuzzyMatch[] {
  const m = pattern.length;
  if (m < 16) return [];
  const pieceCount = Math.min(16, maxErrors + 1, Math.floor(m / 8));
  const pieceLength = Math.floor(m / pieceCount);
  const votes = new Map<number, number>();
  const bucketSize = maxErrors + 1;
  for (let p = 0; p < pieceCount; p++) {
    const offset = p * pieceLength;
    const piece = pattern.slice(offset, offset + pieceLength);
    const hits: number[] = [];
    for (let at = text.indexOf(piece); at >= 0 && hits.length <= 64; at = text.indexOf(piece, at + 1)) hits.push(at);
    if (hits.length > 64) continue;
    for (const at of hits) votes.set(Math.floor((at - offset) / bucketSize), (votes.get(Math.floor((at - offset) / bucketSize)) ?? 0) + 1);
  }
  const matches: FuzzyMatch[] = [];
  for (const [bucket] of [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 12)) {
    const from = Math.max(0, bucket * bucketSize - maxErrors);
    const to = Math.min(text.length, (bucket + 1) * bucketSize + m + maxErrors);
    const match = alignInWindow(text, pattern, from, to, maxErrors);
    if (match && !matches.some((o) => o.start < match.end && match.start < o.end)) matches.push(match);
  }
  return matches.sort((a, b) => a.errors - b.errors || a.start - b.start);
}

describe('shingle hashes: the one-pass splitter gives the regex formulation’s hashes', () => {
  it.each([
    ['Danish prose with æ, ø, å and capitals', 'Den russiske Præsident, Vladimir Putin, sagde fredag, at Ærø og Østerbro er åbne.'],
    ['typographic quotes and dashes separate words', '»Præsident Trump ser frem til« – sagde hun — “i går”, fredag'],
    ['soft hyphens and zero-width characters join a word', 'efter\u00adretnings\u200btjeneste og for\u2060hand\ufefflinger om aftalen i dag'],
    ['İ lowercases to two code units (the regex path)', 'İstanbul er en by i Tyrkiet med mange indbyggere'],
    ['capital sigma lowercases by context (the regex path)', 'ΟΔΟΣ ΣΟΦΟΚΛΕΟΥΣ Σ και άλλα λόγια εδώ'],
    ['letters outside the BMP (surrogate pairs, the regex path)', 'tal 𝟙𝟚 og 𝒜𝒷 er bogstaver ogsaa her'],
    ['digits of other scripts and combining marks', 'år ١٢٣ og é (e\u0301) samt ǅ og ẞ og K\u212a'],
    ['fewer than four words', 'kun tre ord'],
  ])('%s', (_reason, text) => {
    expect([...shingleHashes(text)]).toEqual(plainShingleHashes(text));
  });

  it('with a bound and an index bitmap, keeps exactly the hashes the index can hold', () => {
    const text = 'Trump og Putin mødtes i Helsingfors i sidste uge, og Trump modtog efterfølgende en del kritik for sin håndtering af mødet.';
    const all = plainShingleHashes(text);
    const index = Uint32Array.from(all.filter((_, i) => i % 3 === 0));
    const max = index[index.length - 1] as number;
    const kept = [...shingleHashes(text, max, hashFilter(index))];
    for (const hash of index) expect(kept).toContain(hash);
    expect(kept.every((hash) => all.includes(hash) && hash <= max)).toBe(true);
  });
});

describe('findApproximate: the bit-parallel scan finds the matches full alignment finds', () => {
  it('on 300 random texts and edited quotes (small alphabets too, where ties abound)', () => {
    const next = random(5);
    const pick = (n: number) => Math.floor(next() * n);
    for (let trial = 0; trial < 300; trial++) {
      const alphabet = trial % 3 === 0 ? 'ab c' : 'abcdefghij klmnop,.';
      let text = '';
      for (let i = 0, n = 200 + pick(1500); i < n; i++) text += alphabet[pick(alphabet.length)];
      const at = pick(Math.max(1, text.length - 200));
      let quote = text.slice(at, at + 16 + pick(180));
      for (let e = 0, edits = pick(Math.floor(quote.length * 0.3)); e < edits; e++) {
        const i = pick(quote.length);
        quote = [quote.slice(0, i) + quote.slice(i + 1), `${quote.slice(0, i)}x${quote.slice(i)}`, `${quote.slice(0, i)}z${quote.slice(i + 1)}`][pick(3)] as string;
      }
      const maxErrors = Math.floor(quote.length * (trial % 2 ? 0.2 : 0.35));
      expect(findApproximate(text, quote, maxErrors), `trial ${trial}`).toEqual(plainFindApproximate(text, quote, maxErrors));
    }
  });
});
