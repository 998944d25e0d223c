import browser from 'webextension-polyfill';
import type { PublicArticle } from '../core/dataset/model';
import { mergeIndexes } from '../core/recognition/index-merge';
import { type RecognitionIndex, isPrepared, prepareIndex } from '../core/recognition/recognize';
import { type AddressTable, INDEX_FILES, addressIndex, withFingerprints } from '../core/recognition/index-files';
import { PackStore } from './packs';

// The bundled dataset is read from the extension's own files (never the network), on
// first use after the background starts (or as a page starts loading: prefetchIndex), and kept
// while it lives. The address table is prepared first; the fingerprint tables (megabytes at
// thousands of articles) only when a page's address decides nothing (src/core/recognition/index-files.ts).

let table: Promise<AddressTable> | null = null;
let addresses: Promise<RecognitionIndex> | null = null;
let fingerprints: Promise<[ArrayBuffer, ArrayBuffer]> | null = null;
let index: Promise<RecognitionIndex> | null = null;
const articles = new Map<string, Promise<PublicArticle>>();

async function readResponse(path: string): Promise<Response> {
  const response = await fetch(browser.runtime.getURL(path));
  if (!response.ok) throw new Error(`cannot read ${path}: ${response.status}`);
  return response;
}

async function readPackaged<T>(path: string): Promise<T> {
  return (await (await readResponse(path)).json()) as T;
}

async function readBytes(path: string): Promise<ArrayBuffer> {
  return (await readResponse(path)).arrayBuffer();
}

function addressTable(): Promise<AddressTable> {
  table ??= readPackaged<AddressTable>(INDEX_FILES.addresses);
  table.catch(() => (table = null));
  return table;
}

/** The bundled dataset's addresses only: enough to recognise a page by its address or canonical link. */
export function bundledAddresses(): Promise<RecognitionIndex> {
  addresses ??= addressTable().then(addressIndex);
  addresses.catch(() => (addresses = null));
  return addresses;
}

/** The fingerprint tables' bytes, as read (preparing them for lookups waits until a page needs them). */
function fingerprintBytes(): Promise<[ArrayBuffer, ArrayBuffer]> {
  fingerprints ??= Promise.all([readBytes(INDEX_FILES.hashes), readBytes(INDEX_FILES.owners)]);
  fingerprints.catch(() => (fingerprints = null));
  return fingerprints;
}

/** The recognition index of the bundled dataset. */
export function bundledIndex(): Promise<RecognitionIndex> {
  // The address index's lookup is shared, not built a second time from the address table.
  index ??= Promise.all([bundledAddresses(), fingerprintBytes()]).then(([a, [hashes, owners]]) => withFingerprints(a, hashes, owners));
  index.catch(() => (index = null));
  return index;
}

/**
 * A page is loading: starts reading every file of the bundled index, so that they are read while
 * the page is parsed and read. The address table is prepared as soon as it is read; the
 * fingerprint tables only when a page's address decides nothing, as then (which is most pages:
 * every page not in the dataset) the page's marks or its judgement wait only for that.
 */
export function prefetchIndex(): void {
  void bundledAddresses().catch(() => undefined);
  void fingerprintBytes().catch(() => undefined);
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
let merged: Merged | null = null;

/** The reader's added packs. */
export function packs(): PackStore {
  packStore ??= new PackStore(browser.storage.local, bundledIndex, (browser.storage as { session?: browser.Storage.StorageArea }).session);
  return packStore;
}

type Merged = { bundled: RecognitionIndex; packs: readonly RecognitionIndex[]; index: RecognitionIndex };

/** mergeIndexes, done again only when a part changed (merging sorts every hash). */
function remerge(previous: Merged | null, bundled: RecognitionIndex, added: readonly RecognitionIndex[]): Merged {
  if (previous && previous.bundled === bundled && previous.packs.length === added.length && previous.packs.every((p, i) => p === added[i])) return previous;
  return { bundled, packs: added, index: mergeIndexes([bundled, ...added]) };
}

/** One index over the bundled dataset and every added pack. */
export async function datasetIndex(): Promise<RecognitionIndex> {
  const [bundled, added] = await Promise.all([bundledIndex(), packs().indexes()]);
  merged = remerge(merged, bundled, added);
  return merged.index;
}

/**
 * Prepares the content lookup of the index recognition last used, when it was searched unprepared
 * (a background that just woke: preparing it first held the page up 15–75 ms at 10,000 articles),
 * once the detection that used it is over: the next page finds it ready.
 */
export function prepareIndexLater(): void {
  const current = merged?.index;
  if (!current || isPrepared(current)) return;
  setTimeout(() => prepareIndex(current), 0);
}

let mergedAddresses: Merged | null = null;

/** What recognises a page by its address: the bundled addresses and every added pack (the full index once it is loaded anyway). */
export async function datasetAddressIndex(): Promise<RecognitionIndex> {
  if (merged) return datasetIndex();
  const [bundled, added] = await Promise.all([bundledAddresses(), packs().indexes()]);
  mergedAddresses = remerge(mergedAddresses, bundled, added);
  return mergedAddresses.index;
}

/** An article by id: from the bundled dataset when it has it, else from an added pack. */
export async function datasetArticle(id: string): Promise<PublicArticle> {
  return (await datasetSource(id)).article;
}

/** An article by id with where it came from: `pack` names the added pack, null for the bundled dataset. */
export async function datasetSource(id: string): Promise<{ article: PublicArticle; pack: { name: string } | null }> {
  const bundled = await bundledAddresses();
  if (bundled.ids.includes(id)) return { article: await bundledArticle(id), pack: null };
  const added = await packs().articleWithPack(id);
  if (added) return { article: added.article, pack: { name: added.pack.name } };
  throw new Error(`no article ${id}`);
}
