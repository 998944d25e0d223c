import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import type { Article } from '../../src/core/dataset/model';

/** The seed article as editors wrote it (src/dataset/articles). */
export const SEED_ID = 'jp-2018-07-27-putin-inviterer-trump';
export const SEED_URL = 'https://jyllands-posten.dk/international/europa/ECE10772669/putin-har-inviteret-trump-til-moskva/';
export const SEED_SAVED_COPY = `src/dataset/saved/${SEED_ID}.html`;

export function seedArticle(): Article {
  return JSON.parse(readFileSync(`src/dataset/articles/${SEED_ID}.json`, 'utf8')) as Article;
}

/** A saved page parsed as the CLI parses it: no scripts run. */
export function loadPage(path: string, url?: string): Document {
  return new JSDOM(readFileSync(path, 'utf8'), url ? { url } : {}).window.document;
}

/** The seed article's paragraphs, as its saved copy shows them (the repository's own copy of the text). */
export function seedParagraphs(): string[] {
  return [...loadPage(SEED_SAVED_COPY).querySelectorAll('article p')]
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
