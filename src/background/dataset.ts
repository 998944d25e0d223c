import browser from 'webextension-polyfill';
import type { PublicArticle } from '../core/dataset/model';
import { mergeIndexes } from '../core/recognition/index-merge';
import { type CompiledIndex, type RecognitionIndex, loadIndex } from '../core/recognition/recognize';
import { PackStore } from './packs';

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

// Packs the reader added in the options page, from storage.local; recognised and served
// exactly like the bundled dataset, through one merged index.
let packStore: PackStore | null = null;
let merged: { bundled: RecognitionIndex; packs: readonly RecognitionIndex[]; index: RecognitionIndex } | null = null;

/** The reader's added packs. */
export function packs(): PackStore {
  packStore ??= new PackStore(browser.storage.local, bundledIndex);
  return packStore;
}

/** One index over the bundled dataset and every added pack. */
export async function datasetIndex(): Promise<RecognitionIndex> {
  const [bundled, added] = await Promise.all([bundledIndex(), packs().indexes()]);
  // Merging sorts every hash; do it again only when a pack came or went.
  if (!merged || merged.bundled !== bundled || merged.packs.length !== added.length || merged.packs.some((p, i) => p !== added[i])) {
    merged = { bundled, packs: added, index: mergeIndexes([bundled, ...added]) };
  }
  return merged.index;
}

/** An article by id: from the bundled dataset when it has it, else from an added pack. */
export async function datasetArticle(id: string): Promise<PublicArticle> {
  return (await datasetSource(id)).article;
}

/** An article by id with where it came from: `pack` names the added pack, null for the bundled dataset. */
export async function datasetSource(id: string): Promise<{ article: PublicArticle; pack: { name: string } | null }> {
  const bundled = await bundledIndex();
  if (bundled.ids.includes(id)) return { article: await bundledArticle(id), pack: null };
  const added = await packs().articleWithPack(id);
  if (added) return { article: added.article, pack: { name: added.pack.name } };
  throw new Error(`no article ${id}`);
}
