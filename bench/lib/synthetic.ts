// The synthetic dataset of the scale and time-to-marks parts: articles of generated prose, each
// with its fingerprint and claims with one note, from fixed seeds (the same on every machine).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Article } from '../../src/core/dataset/model';
import { FINGERPRINT_ALGORITHM, makeFingerprint } from '../../src/core/recognition/fingerprint';
import { Prose } from './prose';

/** The id of synthetic article n. */
export function articleId(n: number): string {
  return `syn-${String(n).padStart(5, '0')}-byraad-budget`;
}

/** The address of synthetic article n. */
export function articleUrl(n: number): string {
  return `https://nyheder.eksempel.example/indland/2024/${String(1 + (n % 12)).padStart(2, '0')}/artikel-${n}`;
}

/** One synthetic article: paragraphs of prose, its fingerprint, and claims with notes. */
export function synthesise(n: number, claims: number): { article: Article; paragraphs: string[] } {
  const prose = new Prose(1000 + n);
  const paragraphs = Array.from({ length: 8 + prose.int(8) }, () => prose.sentences(2 + prose.int(3)).join(' '));
  const sentences = paragraphs.flatMap((p, i) => p.split(/(?<=\.) /).map((s) => ({ s, i })));
  const picked = sentences.filter((_, k) => k % Math.max(1, Math.floor(sentences.length / claims)) === 0).slice(0, claims);
  const text = paragraphs.join('\n');
  const article: Article = {
    id: articleId(n),
    language: 'da',
    headline: prose.sentence(5, 9).slice(0, -1),
    publisher: 'Dagbladet Eksempel',
    published: '2024-05-17',
    urls: [articleUrl(n)],
    fingerprint: { algorithm: FINGERPRINT_ALGORITHM, hashes: makeFingerprint(text) },
    claims: picked.map(({ s }, c) => {
      const at = text.indexOf(s);
      return {
        id: `claim-${c + 1}`,
        selector: { type: 'TextQuoteSelector' as const, exact: s, prefix: text.slice(Math.max(0, at - 32), at), suffix: text.slice(at + s.length, at + s.length + 32) },
        notes: [
          {
            id: `claim-${c + 1}-note`,
            kind: 'background' as const,
            title: { da: prose.sentence(4, 8).slice(0, -1), en: prose.sentence(4, 8).slice(0, -1) },
            body: { da: prose.sentences(2).join(' '), en: prose.sentences(2).join(' ') },
            sources: [{ title: prose.sentence(3, 6).slice(0, -1), publisher: 'Danmarks Statistik', published: '2024-05-01', url: `https://www.dst.dk/da/statistik/${n}-${c}` }],
            asOf: '2024-06-01',
          },
        ],
      };
    }),
  };
  return { article, paragraphs };
}

/** Writes `count` synthetic articles (claimsPerArticle claims each) as dataset files into `dir`/articles. */
export function writeSyntheticDataset(dir: string, count: number, claimsPerArticle: number): void {
  mkdirSync(join(dir, 'articles'), { recursive: true });
  for (let n = 0; n < count; n++) {
    const { article } = synthesise(n, claimsPerArticle);
    writeFileSync(join(dir, 'articles', `${article.id}.json`), `${JSON.stringify(article, null, 2)}\n`);
  }
}
