// The compiled index ships in the extension and in every stored pack, so compileIndex must write,
// for the same articles, the very JSON it wrote before its pairs were sorted as packed numbers.
// That implementation is kept here as the oracle.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWords } from '../../../../src/core/recognition/base64';
import { type Article } from '../../../../src/core/dataset/model';
import { compileIndex } from '../../../../src/core/recognition/index-compile';
import { FINGERPRINT_ALGORITHM } from '../../../../src/core/recognition/fingerprint';
import type { CompiledIndex } from '../../../../src/core/recognition/recognize';
import { normalizeUrl } from '../../../../src/core/recognition/address';
import { randomFloats } from '../../../support/random';

function referenceCompileIndex(articles: readonly Article[]): CompiledIndex {
  const urls: Record<string, number> = {};
  const rows: [number, number][] = [];
  articles.forEach((article, owner) => {
    for (const url of article.urls) urls[normalizeUrl(url) as string] = owner;
    for (const hex of new Set(article.fingerprint.hashes)) rows.push([parseInt(hex, 16), owner]);
  });
  rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return {
    format: 1,
    ids: articles.map((a) => a.id),
    urls,
    hashes: encodeWords(Uint32Array.from(rows, (r) => r[0])),
    owners: encodeWords(Uint32Array.from(rows, (r) => r[1])),
    sizes: articles.map((a) => new Set(a.fingerprint.hashes).size),
  };
}

const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/**
 * Articles whose fingerprints share hashes (so one hash has many owners, in no particular order of
 * appearance), repeat a hash within one fingerprint, reach the ends of the hash range, and share
 * addresses (the later article takes it).
 */
function generatedArticles(count: number, seed: number): Article[] {
  const next = randomFloats(seed);
  const shared = Array.from({ length: 50 }, () => hex(next() * 2 ** 32));
  return Array.from({ length: count }, (_, n) => {
    const hashes = Array.from({ length: 1 + Math.floor(next() * 64) }, () => {
      const r = next();
      if (r < 0.2) return shared[Math.floor(next() * shared.length)] as string;
      if (r < 0.22) return next() < 0.5 ? '00000000' : 'ffffffff';
      return hex(next() * 2 ** 32);
    });
    if (hashes.length > 2 && next() < 0.3) hashes.push(hashes[0] as string);
    return {
      id: `generated-${n}`,
      urls: [`https://avis.example/${n}`, ...(next() < 0.1 ? [`https://avis.example/${Math.floor(next() * count)}?utm_source=x`] : [])],
      fingerprint: { algorithm: FINGERPRINT_ALGORITHM, hashes },
    } as unknown as Article;
  });
}

function datasetArticles(): Article[] {
  const dir = join(__dirname, '../../../../src/dataset/articles');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Article);
}

describe('compileIndex writes the JSON it always wrote', () => {
  it.each([
    ['the bundled dataset', () => datasetArticles()],
    ['no articles', () => []],
    ['one article', () => generatedArticles(1, 1)],
    ['2,000 generated articles sharing hashes and addresses', () => generatedArticles(2000, 2)],
    ['the same, in reverse order (owners renumbered)', () => generatedArticles(2000, 2).reverse()],
  ])('%s', (_reason, articles) => {
    const list = articles();
    expect(JSON.stringify(compileIndex(list))).toBe(JSON.stringify(referenceCompileIndex(list)));
  });
});
