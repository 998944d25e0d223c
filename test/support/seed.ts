// The seed article (the dataset's first entry) and the repository's fixture folders: the one
// place tests get them from.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import type { Article } from '../../src/core/dataset/model';

/** The repository's root folder. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The bundled dataset (articles, saved pages, schema). */
export const SEED_DATASET = join(ROOT, 'src/dataset');
export const SEED_ID = 'jp-2018-07-27-putin-inviterer-trump';
export const SEED_URL = 'https://jyllands-posten.dk/international/europa/ECE10772669/putin-har-inviteret-trump-til-moskva/';
/** The seed article's saved copy, the page its quotes are checked against. */
export const SEED_PAGE = join(SEED_DATASET, 'saved', `${SEED_ID}.html`);
/** Fixture pages (NAME.html with NAME.expected.json) and dataset packs. */
export const PAGES = join(ROOT, 'test/fixtures/pages');
export const PACKS = join(ROOT, 'test/fixtures/packs');

/** Parsed JSON of a file. */
export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** The seed article as editors wrote it (src/dataset/articles), a fresh copy each call. */
export function seedArticle(): Article {
  return readJson<Article>(join(SEED_DATASET, 'articles', `${SEED_ID}.json`));
}

/** A saved page parsed as the CLI parses it: no scripts run. */
export function loadPage(path: string, url?: string): Document {
  return new JSDOM(readFileSync(path, 'utf8'), url ? { url } : {}).window.document;
}

/** The seed article's paragraphs, as its saved copy shows them (the repository's own copy of the text). */
export function seedParagraphs(): string[] {
  return [...loadPage(SEED_PAGE).querySelectorAll('article p')]
    .map((p) => (p.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter((text) => text.length > 0 && !/^(Af |Læs også)/.test(text));
}

/** A paragraph's text cut into pieces, each either one claim's quote or text between claims. */
export interface ClaimPiece {
  text: string;
  claim: string | null;
}

/** Cuts a paragraph at the claims it contains (claims never overlap in the seed article). */
export function claimPieces(paragraph: string, claims: readonly { id: string; selector: { exact: string } }[]): ClaimPiece[] {
  const found = claims
    .map((claim) => ({ id: claim.id, at: paragraph.indexOf(claim.selector.exact), length: claim.selector.exact.length }))
    .filter((c) => c.at >= 0)
    .sort((a, b) => a.at - b.at);
  const out: ClaimPiece[] = [];
  let at = 0;
  for (const c of found) {
    if (c.at > at) out.push({ text: paragraph.slice(at, c.at), claim: null });
    out.push({ text: paragraph.slice(c.at, c.at + c.length), claim: c.id });
    at = c.at + c.length;
  }
  if (at < paragraph.length) out.push({ text: paragraph.slice(at), claim: null });
  return out;
}

/** A document from an HTML string. */
export function htmlDocument(html: string, url = 'https://example.test/'): Document {
  return new JSDOM(html, { url }).window.document;
}
