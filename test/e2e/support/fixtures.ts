// The pages the e2e server answers for, each at its real address, and what Kontekst should
// do on each (from the dataset and the fixtures' NAME.expected.json, never from Kontekst).
import { readFileSync, readdirSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import type { Article } from '../../../src/core/dataset/model';
import { normalizeText } from '../../../src/core/anchoring/normalize';
import type { Page } from './server';

const root = new URL('../../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

/** Switches http:// for https://: the fixtures are served over plain HTTP (recognition ignores the scheme). */
export function overHttp(address: string): string {
  return address.replace(/^https:/, 'http:');
}

export const ARTICLE_ID = 'jp-2018-07-27-putin-inviterer-trump';
export const article = JSON.parse(read(`src/dataset/articles/${ARTICLE_ID}.json`)) as Article;
/** The article at its own address on its own site, as the reader opens it. */
export const ARTICLE_URL = overHttp(article.urls[0] as string);
const savedCopy = read(`src/dataset/saved/${ARTICLE_ID}.html`);

/** The first note's title of each claim, in the language the card shows. */
export function noteTitles(language: 'da' | 'en'): Map<string, string> {
  return new Map(article.claims.map((claim) => [claim.id, claim.notes[0]?.title[language] ?? '']));
}

/** The article's headline and paragraphs as the saved copy has them, for the client-rendered pages. */
const articleText: string[] = (() => {
  const { document } = new JSDOM(savedCopy).window;
  const headline = document.querySelector('article h1')?.textContent ?? '';
  return [headline, ...[...document.querySelectorAll('article > p')].map((p) => p.textContent ?? '')];
})();

/** The claims whose quote is in `text` (folded the way Kontekst folds page text). */
export function claimsIn(text: string): string[] {
  const folded = normalizeText(text);
  return article.claims.filter((claim) => folded.includes(normalizeText(claim.selector.exact))).map((claim) => claim.id);
}

/** The text of the client-rendered article after each of its batches (see client-rendered.html). */
export function clientRenderedBatches(): string[] {
  const batches = [3, 4, 99];
  const body = articleText.slice(1);
  const texts: string[] = [];
  let shown = 0;
  for (const size of batches) {
    shown = Math.min(body.length, shown + size);
    texts.push(body.slice(0, shown).join('\n'));
    if (shown === body.length) break;
  }
  return texts;
}

function withArticle(file: string): Page {
  return { body: read(file).replace('/*ARTICLE_JSON*/[]', JSON.stringify(articleText).replace(/</g, '\\u003c')) };
}

/** A fixture page from test/fixtures/pages with what it expects. */
export interface FixturePage {
  name: string;
  url: string;
  reason: string;
  article: string | null;
  /** Claims expected to be marked (exact or fuzzy). */
  marked: string[];
  page: Page;
}

export const fixturePages: FixturePage[] = readdirSync(new URL('test/fixtures/pages/', root))
  .filter((file) => file.endsWith('.expected.json'))
  .sort()
  .map((file) => {
    const name = file.replace('.expected.json', '');
    const expected = JSON.parse(read(`test/fixtures/pages/${file}`)) as {
      url: string; reason: string; article: string | null; claims: Record<string, string>;
    };
    return {
      name,
      url: overHttp(expected.url),
      reason: expected.reason,
      article: expected.article,
      marked: Object.entries(expected.claims).filter(([, status]) => status !== 'missing').map(([id]) => id),
      page: { body: read(`test/fixtures/pages/${name}.html`) },
    };
  });

/** Pages written for the browser tests (test/fixtures/e2e). */
export const e2ePages = {
  /** The article rendered by the page's own script after load, a batch at a time. */
  clientRendered: withArticle('test/fixtures/e2e/client-rendered.html'),
  /** A front page that opens the article with history.pushState. */
  spaFront: { url: 'http://jyllands-posten.dk/', page: withArticle('test/fixtures/e2e/spa-front.html') },
  /** An article on the same site that the dataset does not know. */
  notInDataset: {
    url: 'http://jyllands-posten.dk/indland/ECE10771999/vejret-sol-og-varme-i-weekenden/',
    page: { body: read('test/fixtures/e2e/not-in-dataset.html') },
  },
};

/** Every address the server answers for by default; fixtures sharing the article's address are swapped in by tests. */
export function defaultRoutes(): Map<string, Page> {
  const routes = new Map<string, Page>();
  for (const fixture of fixturePages) routes.set(fixture.url, fixture.page);
  routes.set(e2ePages.spaFront.url, e2ePages.spaFront.page);
  routes.set(e2ePages.notInDataset.url, e2ePages.notInDataset.page);
  // Last, so the saved copy wins the article's own address over fixtures that share it.
  routes.set(ARTICLE_URL, { body: savedCopy });
  return routes;
}
