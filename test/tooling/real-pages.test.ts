// Kontekst on 42 saved pages of real news sites (../shared/real-pages; never committed here): none is
// in the dataset, so none may be recognised; each page's own article text must be what Kontekst
// reads as its main text; and the seed article, put where each page's article was, must be
// recognised by its text and anchored in the page's body, not in a teaser, a hidden copy or a script.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readmeSection } from '../support/readme-sections';
import { type RealPageRow, realPageRows, realPagesReadmeSection } from '../support/real-pages-report';
import { ROOT, seedArticle, seedParagraphs } from '../support/seed';

const seed = seedArticle();
let rows: RealPageRow[] = [];

beforeAll(() => {
  rows = realPageRows(seed, seedParagraphs());
}, 600_000);

describe('real news pages (../shared/real-pages)', () => {
  it('recognises none of them as an article of the dataset, at their own addresses', () => {
    expect(rows).toHaveLength(42);
    expect(rows.filter((r) => r.negative !== null).map((r) => `${r.name}: ${r.negative}`)).toEqual([]);
  });

  it("recognises each page's own article text by content, at another address", () => {
    expect(rows.filter((r) => r.ownRecognised === false).map((r) => r.name)).toEqual([]);
  });

  it("reads each page's article body as its main text (at least 60% of the body's paragraphs on every page: spiegel.de's crossheads sit outside its text block)", () => {
    expect(rows.filter((r) => r.mainTextShare < 0.6).map((r) => `${r.name}: ${Math.round(r.mainTextShare * 100)}%`)).toEqual([]);
  });

  it('recognises the seed article templated into every page and anchors every claim in its body', () => {
    expect(rows.filter((r) => !r.seedRecognised || r.wrong > 0 || r.exact !== seed.claims.length).map((r) => `${r.name}: ${JSON.stringify(r)}`)).toEqual([]);
  });

  it("keeps the README's Real news pages section current (npm run docs writes it)", () => {
    expect(readmeSection(readFileSync(join(ROOT, 'README.md'), 'utf8'), 'Real news pages'), 'run npm run docs').toBe(realPagesReadmeSection(rows));
  });
});
