// What a saved news page says about itself in its metadata: Open Graph and article:
// meta tags (https://ogp.me/), JSON-LD (https://schema.org/NewsArticle), then plain HTML.
import { type Language, LANGUAGES } from '../core/dataset/model';
import { isCalendarDate } from '../core/dataset/schema';
import { tidyText } from '../core/dataset/slug';
import { normalizeUrl } from '../core/recognition/address';
import { type JsonObject, isObject } from '../core/dataset/json-object';

/** The facts `kontekst new` reads from a page; empty strings where the page does not say. */
export interface PageMeta {
  headline: string;
  publisher: string;
  /** YYYY-MM-DD, the date as written in the publisher's own time zone. */
  published: string;
  language: Language | '';
  /** The addresses the page names as its own (canonical link, og:url), absolute, without duplicates. */
  addresses: string[];
}



function meta(doc: Document, selector: string): string {
  return tidyText(doc.querySelector(selector)?.getAttribute('content') ?? '');
}

/** Every JSON-LD node of the page, flattened out of arrays and @graph lists; broken blocks are skipped. */
export function jsonLdNodes(doc: Document): JsonObject[] {
  const nodes: JsonObject[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) {
      nodes.push(value);
      if (value['@graph'] !== undefined) visit(value['@graph']);
    }
  };
  for (const script of doc.querySelectorAll('script[type="application/ld+json" i]')) {
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      // A page's broken JSON-LD says nothing; the other sources still do.
    }
  }
  return nodes;
}

const ARTICLE_TYPES = /^(?:https?:\/\/schema\.org\/|schema:)?(?:\w*Article|BlogPosting|Report)$/;
const PAGE_TYPES = /^(?:https?:\/\/schema\.org\/|schema:)?\w*WebPage$/;

function typesOf(node: JsonObject): string[] {
  const type = node['@type'];
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return tidyText(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (isObject(value)) return textOf(value.name);
  return '';
}

/** The date part of an ISO date or date-time, as written (no time-zone conversion). */
export function datePart(value: string): string {
  const date = value.trim().slice(0, 10);
  return isCalendarDate(date) ? date : '';
}

function language(doc: Document, article: JsonObject | undefined): Language | '' {
  const declared = (doc.documentElement.getAttribute('lang') || textOf(article?.inLanguage)).toLowerCase();
  const primary = declared.split(/[-_]/)[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : '';
}

/** Reads headline, publisher, date, language and the page's own addresses from its metadata. */
export function readPageMeta(doc: Document, url: string): PageMeta {
  const nodes = jsonLdNodes(doc);
  // The article node when there is one; a WebPage node (often listed first in an @graph) only otherwise.
  const article = nodes.find((node) => typesOf(node).some((t) => ARTICLE_TYPES.test(t))) ?? nodes.find((node) => typesOf(node).some((t) => PAGE_TYPES.test(t)));
  const headline =
    meta(doc, 'meta[property="og:title" i]') ||
    textOf(article?.headline) ||
    tidyText(doc.querySelector('h1')?.textContent ?? '') ||
    tidyText(doc.title);
  const publisher = meta(doc, 'meta[property="og:site_name" i]') || textOf(article?.publisher);
  const published = [
    meta(doc, 'meta[property="article:published_time" i]'),
    textOf(article?.datePublished),
    doc.querySelector('time[datetime]')?.getAttribute('datetime') ?? '',
  ]
    .map(datePart)
    .find(Boolean) ?? '';
  const addresses: string[] = [];
  const seen = new Set<string>();
  for (const linked of [doc.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href'), meta(doc, 'meta[property="og:url" i]')]) {
    if (!linked) continue;
    const key = normalizeUrl(linked, url);
    if (key === null || seen.has(key)) continue;
    seen.add(key);
    addresses.push(new URL(linked.trim(), url).href);
  }
  return { headline, publisher, published, language: language(doc, article), addresses };
}
