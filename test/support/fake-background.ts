// A stand-in for the extension APIs the background and the options page call, for tests in
// jsdom: storage areas that serialise like the real ones, events whose listeners the test can
// call, i18n read from src/_locales, and the extension's packaged data files served from memory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { compileIndex } from '../../src/core/recognition/index-compile';
import { publicArticle, type Article } from '../../src/core/dataset/model';
import { ROOT } from './cli';

type Listener = (...args: never[]) => unknown;

/** An extension event: listeners are kept so a test can deliver events to them. */
export class FakeEvent {
  readonly listeners: Listener[] = [];
  addListener(listener: Listener): void {
    this.listeners.push(listener);
  }
  removeListener(listener: Listener): void {
    const at = this.listeners.indexOf(listener);
    if (at >= 0) this.listeners.splice(at, 1);
  }
  hasListener(listener: Listener): boolean {
    return this.listeners.includes(listener);
  }
}

/** A storage area: values go through JSON as the browser serialises them. */
export class FakeArea {
  readonly data = new Map<string, unknown>();
  constructor(
    private readonly name: string,
    private readonly changed: FakeEvent,
  ) {}
  async get(keys?: string | string[] | null): Promise<Record<string, unknown>> {
    const wanted = keys === undefined || keys === null ? [...this.data.keys()] : Array.isArray(keys) ? keys : [keys];
    const out: Record<string, unknown> = {};
    for (const key of wanted) if (this.data.has(key)) out[key] = JSON.parse(JSON.stringify(this.data.get(key)));
    return out;
  }
  async set(items: Record<string, unknown>): Promise<void> {
    const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
    for (const [key, value] of Object.entries(items)) {
      changes[key] = { oldValue: this.data.get(key), newValue: value };
      this.data.set(key, JSON.parse(JSON.stringify(value)));
    }
    for (const listener of this.changed.listeners) (listener as (c: unknown, a: string) => void)(changes, this.name);
  }
  async remove(keys: string | string[]): Promise<void> {
    for (const key of Array.isArray(keys) ? keys : [keys]) this.data.delete(key);
  }
}

const locales = {
  en: JSON.parse(readFileSync(join(ROOT, 'src/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string; placeholders?: Record<string, { content: string }> }>,
  da: JSON.parse(readFileSync(join(ROOT, 'src/_locales/da/messages.json'), 'utf8')) as Record<string, { message: string; placeholders?: Record<string, { content: string }> }>,
};

/** chrome.i18n.getMessage: named placeholders filled from their "$n" contents. */
function getMessage(language: 'en' | 'da', key: string, substitutions?: string | string[]): string {
  if (key === '@@ui_locale') return language;
  const entry = locales[language][key];
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (__, n: string) => subs[Number(n) - 1] ?? '');
  });
}

export const EXTENSION_ID = 'kontekst-test-id';
export const EXTENSION_BASE = `chrome-extension://${EXTENSION_ID}/`;

/** Serves the extension's own data files (data/index.json, data/articles/ID.json) compiled from `articles`. */
export function packagedFiles(articles: readonly Article[]): (url: string) => Promise<Response> {
  const files = new Map<string, string>([[`${EXTENSION_BASE}data/index.json`, JSON.stringify(compileIndex(articles))]]);
  for (const article of articles) files.set(`${EXTENSION_BASE}data/articles/${article.id}.json`, JSON.stringify(publicArticle(article)));
  return async (url: string) => {
    const body = files.get(url);
    return body === undefined ? new Response('not found', { status: 404 }) : new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

/** The page open in the fake's one tab: its address, and what the page reader finds in it. */
export interface FakePage {
  url: string;
  facts: { canonical: string | null; ogUrl: string | null; text: string };
  /** How the page-parsed waiter (whenParsed) finds the document, and the browser's id of that document. */
  parse: { state: 'loading' | 'interactive' | 'complete'; documentId: string };
}

/** A fresh fake `browser`. */
export function fakeBrowser(language: 'en' | 'da' = 'en') {
  const storageChanged = new FakeEvent();
  const calls: { api: string; args: unknown[] }[] = [];
  const record = (api: string) => async (...args: unknown[]) => void calls.push({ api, args });
  const page: FakePage = { url: 'https://example.com/', facts: { canonical: null, ogUrl: null, text: '' }, parse: { state: 'loading', documentId: 'document-1' } };
  return {
    calls,
    page,
    runtime: {
      id: EXTENSION_ID,
      getURL: (path: string) => `${EXTENSION_BASE}${path.replace(/^\//, '')}`,
      onMessage: new FakeEvent(),
      onInstalled: new FakeEvent(),
      sendMessage: async (_message: unknown): Promise<unknown> => undefined,
    },
    storage: {
      local: new FakeArea('local', storageChanged),
      sync: new FakeArea('sync', storageChanged),
      session: new FakeArea('session', storageChanged),
      onChanged: storageChanged,
    },
    i18n: {
      getUILanguage: () => language,
      getMessage: (key: string, subs?: string | string[]) => getMessage(language, key, subs),
    },
    action: { setBadgeText: record('action.setBadgeText'), setBadgeBackgroundColor: record('action.setBadgeBackgroundColor') },
    scripting: {
      insertCSS: record('scripting.insertCSS'),
      removeCSS: record('scripting.removeCSS'),
      // A function injected into the page answers as the page reader would there (a copy, as the
      // browser sends it); files (the annotator) and other functions answer nothing.
      executeScript: async (injection: { func?: (...args: never[]) => unknown; files?: string[] }): Promise<{ frameId: number; documentId?: string; result: unknown }[]> => {
        calls.push({ api: 'scripting.executeScript', args: [injection] });
        const { documentId } = page.parse;
        if (injection.func?.name === 'whenParsed') return [{ frameId: 0, documentId, result: page.parse.state }];
        return [{ frameId: 0, documentId, result: injection.func?.name === 'readPageFacts' ? JSON.parse(JSON.stringify(page.facts)) : undefined }];
      },
    },
    tabs: {
      onRemoved: new FakeEvent(),
      onUpdated: new FakeEvent(),
      get: async (tabId: number) => ({ id: tabId, url: page.url, status: 'complete' }),
      query: async () => [{ id: 7, url: page.url, status: 'complete' }],
      sendMessage: record('tabs.sendMessage'),
    },
  };
}

export type FakeBrowser = ReturnType<typeof fakeBrowser>;

/**
 * Starts the background (src/background/main.ts) afresh against a new fake browser serving
 * `articles` as the bundled dataset. The test file mocks webextension-polyfill onto `browser`.
 */
export async function startBackground(articles: readonly Article[], language: 'en' | 'da' = 'en'): Promise<FakeBrowser> {
  const browser = fakeBrowser(language);
  vi.stubGlobal('browser', browser);
  vi.stubGlobal('fetch', packagedFiles(articles));
  vi.resetModules();
  await import('../../src/background/main');
  return browser;
}
