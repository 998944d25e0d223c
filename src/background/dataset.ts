import browser from 'webextension-polyfill';
import type { PublicArticle } from '../core/dataset';
import { type CompiledIndex, type RecognitionIndex, loadIndex } from '../core/recognize';

// The bundled dataset is read from the extension's own files (never the network), on
// first use after the background starts, and kept while it lives.

let index: Promise<RecognitionIndex> | null = null;
const articles = new Map<string, Promise<PublicArticle>>();

async function readPackaged<T>(path: string): Promise<T> {
  const response = await fetch(browser.runtime.getURL(path));
  if (!response.ok) throw new Error(`cannot read ${path}: ${response.status}`);
  return (await response.json()) as T;
}

/** The recognition index of the bundled dataset. */
export function bundledIndex(): Promise<RecognitionIndex> {
  index ??= readPackaged<CompiledIndex>('data/index.json').then(loadIndex);
  index.catch(() => (index = null));
  return index;
}

/** One bundled article with its claims and notes, by id. */
export function bundledArticle(id: string): Promise<PublicArticle> {
  let article = articles.get(id);
  if (!article) {
    if (!/^[a-z0-9-]+$/.test(id)) return Promise.reject(new Error(`bad article id ${id}`));
    article = readPackaged<PublicArticle>(`data/articles/${id}.json`);
    article.catch(() => articles.delete(id));
    articles.set(id, article);
  }
  return article;
}
