import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { annotateDocument } from '../../../src/cli/annotate-page';
import { SEED_ID, SEED_PAGE, SEED_URL, loadPage, seedArticle } from '../../support/seed';

interface Expected {
  url: string;
  reason: string;
  article: string | null;
  matchedBy: 'url' | 'canonical' | 'content' | null;
  claims: Record<string, 'exact' | 'fuzzy' | 'missing'>;
}

const dir = 'test/fixtures/pages';
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => {
    const name = f.replace('.expected.json', '');
    return { name, page: `${dir}/${name}.html`, expected: JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as Expected };
  });

// Every claim exact: the article as its publisher serves it.
const allExact = Object.fromEntries(seedArticle().claims.map((c) => [c.id, 'exact' as const]));
const ownSite = (url: string, reason: string) => ({
  name: `own site at ${url}`,
  page: SEED_PAGE,
  expected: { url, reason, article: SEED_ID, matchedBy: 'url' as const, claims: allExact },
});

const rows = [
  ownSite(SEED_URL, 'the article at the address the dataset knows'),
  ownSite(`${SEED_URL}?utm_source=facebook&utm_medium=social&fbclid=IwAR0abc`, 'tracking parameters do not change the document'),
  ownSite(SEED_URL.replace('https://', 'http://www.').replace(/\/$/, ''), 'http, www. and a missing trailing slash are the same address'),
  ownSite(`${SEED_URL}#comments`, 'a fragment is a place in the document, not another document'),
  ...fixtures,
];

describe('fixture pages: recognition and anchoring as the extension does them', () => {
  it.each(rows)('$name', ({ page, expected }) => {
    const report = annotateDocument(loadPage(page, expected.url), expected.url, [seedArticle()]);
    expect(report.article?.id ?? null, expected.reason).toBe(expected.article);
    expect(report.article?.matchedBy ?? null, expected.reason).toBe(expected.matchedBy);
    const statuses = Object.fromEntries(report.claims.map((c) => [c.id, c.status]));
    expect(statuses, expected.reason).toEqual(expected.claims);
    for (const claim of report.claims) {
      // Anchored text is the claim: exact matches are the quote itself, fuzzy ones stay close to it.
      if (claim.status === 'exact') expect(claim.text?.replace(/["']/g, '')).toBe(claim.quote.replace(/[»«"'“”]/g, ''));
      if (claim.status === 'fuzzy') expect(claim.score).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('a page at another address with a different article is not the seed article even when it links to it', () => {
    const report = annotateDocument(loadPage(`${dir}/blog-quote.html`, 'https://blog.example/'), 'https://blog.example/', [seedArticle()]);
    expect(report.article).toBeNull();
    expect(report.claims).toEqual([]);
  });
});
