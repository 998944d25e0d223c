import browser from 'webextension-polyfill';
import type { ReaderStatus } from '../core/anchoring/anchor-quote';
import type { MatchedBy } from '../core/recognition/recognize';
import type { TabStatus } from '../shared/messages';

/** What the background knows about one tab's page. */
export interface TabRecord {
  url: string;
  frameId: number;
  status: TabStatus;
  article: { id: string; headline: string; matchedBy: MatchedBy; publisher?: string; published?: string } | null;
  anchored: { id: string; status: ReaderStatus }[];
}

// Chrome stops an idle MV3 service worker after about 30 seconds, and with it anything
// kept in memory; storage.session outlives the worker (not the browser session) and is
// never written to disk (https://developer.chrome.com/docs/extensions/reference/api/storage#property-session).
// The in-memory map answers while the worker lives.
const records = new Map<number, TabRecord>();
const key = (tabId: number): string => `tab:${tabId}`;

function session(): browser.Storage.StorageArea | undefined {
  return (browser.storage as { session?: browser.Storage.StorageArea }).session;
}

/** The record of a tab, from memory or, after a restart of the background, from session storage. */
export async function getTab(tabId: number): Promise<TabRecord | undefined> {
  const known = records.get(tabId);
  if (known) return known;
  const stored = (await session()?.get(key(tabId)))?.[key(tabId)] as TabRecord | undefined;
  if (stored) records.set(tabId, stored);
  return stored;
}

export async function setTab(tabId: number, record: TabRecord): Promise<void> {
  records.set(tabId, record);
  await session()?.set({ [key(tabId)]: record });
}

export async function forgetTab(tabId: number): Promise<void> {
  records.delete(tabId);
  await session()?.remove(key(tabId));
}

// Tabs the annotator was injected into since they opened. A new document has none, but the
// browser reports a single-page site's history.pushState like a navigation: the annotator of the
// article it left must still be told to clear (a no-op in a document that has none).
const annotatorKey = (tabId: number): string => `annotator:${tabId}`;
const annotated = new Set<number>();

/** Notes that a tab's page has (or had) an annotator. */
export async function rememberAnnotator(tabId: number): Promise<void> {
  annotated.add(tabId);
  await session()?.set({ [annotatorKey(tabId)]: true });
}

/** Whether the annotator was ever injected into the tab. */
export async function hadAnnotator(tabId: number): Promise<boolean> {
  if (annotated.has(tabId)) return true;
  return (await session()?.get(annotatorKey(tabId)))?.[annotatorKey(tabId)] === true;
}

/** Notes that a tab's annotator was cleared: later documents in it have none until it is injected again. */
export async function forgetAnnotator(tabId: number): Promise<void> {
  annotated.delete(tabId);
  await session()?.remove(annotatorKey(tabId));
}

// The document (the browser's documentId) the page-parsed waiter last found in each tab: the
// same document at a new address is the page moving its own address (detection.ts), also after
// a restart of the background, which must not turn the page's moves into new documents.
const documentKey = (tabId: number): string => `document:${tabId}`;
const documents = new Map<number, string>();

/** The document the waiter last found in the tab, if any. */
export async function lastDocument(tabId: number): Promise<string | undefined> {
  const known = documents.get(tabId);
  if (known !== undefined) return known;
  const stored = (await session()?.get(documentKey(tabId)))?.[documentKey(tabId)];
  return typeof stored === 'string' ? stored : undefined;
}

/** Notes the document the waiter found in the tab (in memory at once; the session copy follows). */
export function rememberDocument(tabId: number, documentId: string): Promise<void> {
  if (documents.get(tabId) === documentId) return Promise.resolve();
  documents.set(tabId, documentId);
  return Promise.resolve(session()?.set({ [documentKey(tabId)]: documentId })).catch(() => undefined);
}

/** Forgets everything about a closed tab. */
export async function forgetClosedTab(tabId: number): Promise<void> {
  await forgetTab(tabId);
  await forgetAnnotator(tabId);
  documents.delete(tabId);
  await session()?.remove(documentKey(tabId));
}
