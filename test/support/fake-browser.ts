// One typed fake of the extension APIs, for every context the unit tests run: the background
// (storage areas that serialise like the real ones, events a test can fire, scripting, tabs,
// action, the packaged data files), and the content script, popup and options page (runtime
// messaging, i18n read from the real _locales files with the browser's placeholder rules,
// tabs.query). It fakes the browser, not the code under test: when no background runs, the
// "background" is whatever answers the test gives it (`handlers`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { publicArticle, type Article } from '../../src/core/dataset/model';
import { compileIndex } from '../../src/core/recognition/index-compile';
import { INDEX_FILES, splitIndex } from '../../src/core/recognition/index-files';
import { PAGE_READS } from '../../src/background/page-reads';
import { publisherPatterns } from '../../src/core/dataset/publisher-sites';
import { type RequestName, type Requests, envelope } from '../../src/shared/messages';
import { PACKS, PAGES, ROOT, SEED_PAGE, SEED_URL } from './seed';

interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
type Locale = Record<string, LocaleEntry>;

const locales = new Map<string, Locale | null>();
function locale(lang: string): Locale | null {
  if (!locales.has(lang)) {
    try {
      locales.set(lang, JSON.parse(readFileSync(join(ROOT, `src/_locales/${lang}/messages.json`), 'utf8')) as Locale);
    } catch {
      locales.set(lang, null);
    }
  }
  return locales.get(lang) ?? null;
}

/** chrome.i18n.getMessage's rules: $NAME$ → the placeholder's content, whose $1…$9 are the substitutions. */
export function formatMessage(entry: LocaleEntry, substitutions: readonly string[]): string {
  const fill = (text: string): string => text.replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
  return entry.message
    .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
      const placeholder = entry.placeholders?.[name.toLowerCase()];
      return placeholder ? fill(placeholder.content) : whole;
    })
    .replace(/\$\$/g, '$');
}

type Listener = (...args: never[]) => unknown;

/** An extension event: listeners are kept so a test can deliver events to them. */
export class FakeEvent {
  readonly listeners: Listener[] = [];
  /** What each listener was added with after the listener itself (a filter), in the listeners' order. */
  readonly filters: unknown[][] = [];
  addListener(listener: Listener, ...filter: unknown[]): void {
    this.listeners.push(listener);
    this.filters.push(filter);
  }
  removeListener(listener: Listener): void {
    const at = this.listeners.indexOf(listener);
    if (at >= 0) {
      this.listeners.splice(at, 1);
      this.filters.splice(at, 1);
    }
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
    // As browsers do: removed keys are reported, with their old value only.
    const changes: Record<string, { oldValue?: unknown }> = {};
    for (const key of Array.isArray(keys) ? keys : [keys]) {
      if (this.data.has(key)) changes[key] = { oldValue: this.data.get(key) };
      this.data.delete(key);
    }
    if (Object.keys(changes).length === 0) return;
    for (const listener of this.changed.listeners) (listener as (c: unknown, a: string) => void)(changes, this.name);
  }
}

type MessageListener = (message: unknown, sender: Runtime.MessageSender, sendResponse: (response: unknown) => void) => unknown;

/** What the fake background answers, per message name. */
export type FakeHandlers = { [K in RequestName]?: (payload: Requests[K]['payload']) => Requests[K]['reply'] | Promise<Requests[K]['reply']> };

export interface SentMessage {
  type: string;
  payload: unknown;
}

/** The page open in the fake's one tab: its address, and what the page reader finds in it. */
export interface FakePage {
  url: string;
  facts: { canonical: string | null; ogUrl: string | null; text: string };
  /** How the first look (readPageFacts in its 'parsed' mode) finds the document, and the browser's id of that document. */
  parse: { state: 'loading' | 'interactive' | 'complete'; documentId: string };
  /** A small page's markup: the background's reads get it instead of the text (readPageFacts), except one asking for the text ('text'). */
  markup?: string;
  /** The reader clicked Kontekst's toolbar button on this page (activeTab): access to it until it navigates. */
  activeTab?: boolean;
}

const PATTERN = /^(\*|https?):\/\/([^/]+)\/(.*)$/;

/** Whether match pattern `granted` covers `wanted` (the parts Kontekst uses: scheme, host, path `*`). */
export function patternCovers(granted: string, wanted: string): boolean {
  const g = PATTERN.exec(granted);
  const w = PATTERN.exec(wanted);
  if (!g || !w) return false;
  const scheme = g[1] === '*' || g[1] === w[1];
  const host = g[2] === '*' || g[2] === w[2];
  return scheme && host && g[3] === '*';
}

/**
 * chrome.permissions for host access: what is granted (all sites and the publishers' sites by
 * default, as for a reader who chose all sites), what pages asked for, and the events the
 * browser fires when the reader grants or withdraws access. `answer` is the reader's answer to
 * the browser's prompt.
 */
export class FakePermissions {
  readonly granted = new Set<string>();
  readonly requested: string[][] = [];
  answer = true;
  readonly onAdded = new FakeEvent();
  readonly onRemoved = new FakeEvent();
  /** `required`: the manifest's host_permissions, which the browser refuses to remove. */
  constructor(granted: readonly string[], private readonly required: readonly string[] = []) {
    for (const origin of granted) this.granted.add(origin);
  }
  covers(origin: string): boolean {
    return [...this.granted].some((g) => patternCovers(g, origin));
  }
  /** Whether a page at `url` may be read. */
  canRead(url: string): boolean {
    try {
      const { protocol, hostname } = new URL(url);
      return /^https?:$/.test(protocol) && this.covers(`${protocol}//${hostname}/*`);
    } catch {
      return false;
    }
  }
  contains = async ({ origins = [] }: { origins?: string[] }): Promise<boolean> => origins.every((o) => this.covers(o));
  getAll = async (): Promise<{ origins: string[]; permissions: string[] }> => ({ origins: [...this.granted].sort(), permissions: ['activeTab', 'scripting', 'storage'] });
  request = async ({ origins = [] }: { origins?: string[] }): Promise<boolean> => {
    this.requested.push([...origins]);
    if (this.answer) this.grant(origins);
    return this.answer;
  };
  remove = async ({ origins = [] }: { origins?: string[] }): Promise<boolean> => {
    // As Chrome: "You cannot remove required permissions" (an error, nothing removed).
    if (origins.some((o) => this.required.includes(o))) throw new Error('You cannot remove required permissions.');
    this.withdraw(origins);
    return true;
  };
  /** The reader grants `origins` (a prompt, the browser's site access menu); the browser fires onAdded. */
  grant(origins: readonly string[]): void {
    const added = origins.filter((o) => !this.granted.has(o));
    for (const origin of added) this.granted.add(origin);
    if (added.length) for (const listener of this.onAdded.listeners) (listener as (p: unknown) => void)({ origins: added, permissions: [] });
  }
  /** The reader withdraws `origins`; the browser fires onRemoved. */
  withdraw(origins: readonly string[]): void {
    const removed = origins.filter((o) => this.granted.delete(o));
    if (removed.length) for (const listener of this.onRemoved.listeners) (listener as (p: unknown) => void)({ origins: removed, permissions: [] });
  }
}

export const EXTENSION_ID = 'kontekst-test-id';
export const EXTENSION_BASE = `chrome-extension://${EXTENSION_ID}/`;

/** The fake extension APIs. */
export class FakeBrowser {
  /** Every message sent with runtime.sendMessage, in order. */
  readonly sent: SentMessage[] = [];
  /** Every other browser API call that changes something (badge, CSS, scripts, tab messages), in order. */
  readonly calls: { api: string; args: unknown[] }[] = [];
  /** The page open in the one tab. */
  readonly page: FakePage = { url: 'https://example.com/', facts: { canonical: null, ogUrl: null, text: '' }, parse: { state: 'loading', documentId: 'document-1' } };
  handlers: FakeHandlers;
  uiLanguage: string;
  activeTabId: number | null;
  tabQueries = 0;
  optionsPagesOpened = 0;
  /** The manifest's host_permissions (the publishers' sites). */
  readonly publisherSites: string[];
  readonly permissions: FakePermissions;

  constructor(options: { uiLanguage?: string; handlers?: FakeHandlers; activeTabId?: number | null; publisherSites?: readonly string[] } = {}) {
    this.uiLanguage = options.uiLanguage ?? 'en-US';
    this.handlers = options.handlers ?? {};
    this.activeTabId = options.activeTabId === undefined ? 1 : options.activeTabId;
    this.publisherSites = [...(options.publisherSites ?? [])];
    this.permissions = new FakePermissions(['*://*/*', ...this.publisherSites], this.publisherSites);
  }

  /** As the browsers do: without access to its page, a tab's address is not shown and nothing runs in it. */
  private readable(): boolean {
    return this.page.activeTab === true || this.permissions.canRead(this.page.url);
  }
  private shownUrl(): string | undefined {
    return this.readable() ? this.page.url : undefined;
  }

  private readonly record =
    (api: string) =>
    async (...args: unknown[]): Promise<void> =>
      void this.calls.push({ api, args });

  readonly runtime = {
    id: EXTENSION_ID,
    getURL: (path: string): string => `${EXTENSION_BASE}${path.replace(/^\//, '')}`,
    sendMessage: async (message: unknown): Promise<unknown> => {
      // Structured clone, as the real channel does: nothing is shared by reference.
      const { type, payload } = structuredClone(message) as SentMessage;
      this.sent.push({ type, payload });
      const handler = this.handlers[type as RequestName] as ((p: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`Could not establish connection. Receiving end does not exist. (${type})`);
      return structuredClone(await handler(payload));
    },
    openOptionsPage: async (): Promise<void> => void this.optionsPagesOpened++,
    getManifest: () => ({ manifest_version: 3, host_permissions: [...this.publisherSites], optional_host_permissions: ['*://*/*'] }),
    onMessage: new FakeEvent(),
    onInstalled: new FakeEvent(),
  };

  private readonly storageChanged = new FakeEvent();
  readonly storage = {
    local: new FakeArea('local', this.storageChanged),
    sync: new FakeArea('sync', this.storageChanged),
    session: new FakeArea('session', this.storageChanged),
    onChanged: this.storageChanged,
  };

  readonly i18n = {
    getUILanguage: (): string => this.uiLanguage,
    getMessage: (key: string, substitutions?: string | string[]): string => {
      // The browser's choice: the UI language's locale when the extension has it, else default_locale (en).
      const lang = this.uiLanguage.toLowerCase().split(/[-_]/)[0] ?? 'en';
      const chosen = locale(lang) ? lang : 'en';
      if (key === '@@ui_locale') return chosen;
      const entry = locale(chosen)?.[key] ?? locale('en')?.[key];
      if (!entry) return '';
      return formatMessage(entry, substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions]);
    },
  };

  readonly action = { setBadgeText: this.record('action.setBadgeText'), setBadgeBackgroundColor: this.record('action.setBadgeBackgroundColor') };

  readonly scripting = {
    insertCSS: this.record('scripting.insertCSS'),
    removeCSS: this.record('scripting.removeCSS'),
    // A function injected into the page answers as the page reader would there (a copy, as the
    // browser sends it); files (the annotator) and other functions answer nothing.
    executeScript: async (injection: { func?: (...args: never[]) => unknown; args?: unknown[]; files?: string[] }): Promise<{ frameId: number; documentId?: string; result: unknown }[]> => {
      if (!this.readable()) throw new Error('Cannot access contents of the page. Extension manifest must request permission to access the respective host.');
      this.calls.push({ api: 'scripting.executeScript', args: [injection] });
      const { documentId } = this.page.parse;
      const bundles = this.annotatorIn;
      // The annotator answers its start with what it anchored (a test sets it; else no annotator answered).
      if (injection.func?.name === 'startAnnotator') return [{ frameId: 0, documentId, result: bundles && !bundles.has(documentId) ? null : structuredClone(this.annotatorReport) }];
      // The start sent beside the bundle, which runs first here (as it mostly does in a browser: it
      // has no file to read): it waits in the page for the bundle, whose injection then answers
      // with the annotator's report; once the bundle is in, it starts the annotator itself.
      const bundled = (bundles ?? this.bundledDocuments).has(documentId);
      if (injection.func?.name === 'startOrStash') {
        // Or the bundle first, where a test says so: the start then finds the annotator there.
        if (this.bundleFirst && !bundled) await new Promise<void>((arrived) => this.bundleArrivals.push(arrived));
        if (bundled || this.bundleFirst) return [{ frameId: 0, documentId, result: structuredClone(this.annotatorReport) }];
        this.stashedStarts.add(documentId);
        return [{ frameId: 0, documentId, result: 'stashed' }];
      }
      if (injection.files?.includes('content/annotate.js')) {
        bundles?.add(documentId);
        this.bundledDocuments.add(documentId);
        for (const arrived of this.bundleArrivals.splice(0)) arrived();
        return [{ frameId: 0, documentId, result: this.stashedStarts.delete(documentId) ? structuredClone(this.annotatorReport) : undefined }];
      }
      // The page reader, as a function or (Firefox) as its built file, which runs it with the read's arguments.
      const read = Object.values(PAGE_READS).find(({ file }) => injection.files?.includes(file));
      const args = read ? read.args : injection.args;
      const markup = this.page.markup !== undefined && args?.[2] !== 'text' ? { text: '', markup: this.page.markup } : {};
      const facts = injection.func?.name === 'readPageFacts' || read ? { ...structuredClone(this.page.facts), ...markup, ...(bundles ? { annotator: bundles.has(documentId) } : {}) } : undefined;
      // The first look ('parsed'): how it found the document, and its facts unless it had loaded (and was not asked to read a loaded one).
      if (args?.[2] === 'parsed') return [{ frameId: 0, documentId, result: { state: this.page.parse.state, facts: this.page.parse.state === 'complete' && args[4] !== true ? null : facts } }];
      return [{ frameId: 0, documentId, result: facts }];
    },
  };

  readonly tabs = {
    onRemoved: new FakeEvent(),
    onUpdated: new FakeEvent(),
    get: async (tabId: number) => ({ id: tabId, url: this.shownUrl(), status: 'complete' }),
    /** The one tab, which is the active tab of the current window (none when activeTabId is null). */
    query: async (_query: { active?: boolean; currentWindow?: boolean }): Promise<{ id: number; url?: string; status: string }[]> => {
      this.tabQueries++;
      return this.activeTabId === null ? [] : [{ id: this.activeTabId, url: this.shownUrl(), status: 'complete' }];
    },
    sendMessage: this.record('tabs.sendMessage'),
    create: this.record('tabs.create'),
  };

  /** Number of runtime.onMessage listeners. */
  get listenerCount(): number {
    return this.runtime.onMessage.listeners.length;
  }

  /** Delivers a message as tabs.sendMessage from the background would; resolves with the answer, or undefined. */
  deliver(message: unknown, sender: Runtime.MessageSender = { id: EXTENSION_ID }): Promise<unknown> {
    return new Promise((resolve) => {
      let answered = false;
      let keepOpen = false;
      for (const listener of [...this.runtime.onMessage.listeners] as MessageListener[]) {
        const result = listener(structuredClone(message), sender, (response) => {
          if (!answered) {
            answered = true;
            resolve(structuredClone(response));
          }
        });
        if (result === true) keepOpen = true;
      }
      // No listener kept the channel open and none answered: the sender sees undefined.
      if (!answered && !keepOpen) resolve(undefined);
    });
  }

  /** What the annotator in the page answers the background's startAnnotator with. */
  annotatorReport: unknown = undefined;

  /** The documents content/annotate.js went into, and those where a start waits for it (startOrStash). */
  private readonly bundledDocuments = new Set<string>();
  private readonly stashedStarts = new Set<string>();
  private readonly bundleArrivals: (() => void)[] = [];

  /** Whether the bundle runs before the start sent beside it (in a browser the start mostly comes first: it has no file to read). */
  bundleFirst = false;

  /**
   * The documents (page.parse.documentId) content/annotate.js went into, where a test follows
   * them: the page reader then says whether the annotator is there, and a start where it is not
   * answers null, as in a browser. Null: not followed (the page reader does not say).
   */
  annotatorIn: Set<string> | null = null;

  /** What the background last handed the annotator it injected (startAnnotator's or startOrStash's argument), as the page receives it. */
  handedOver(): { article: Article; language: string; pack: unknown; copy?: boolean; folded?: unknown } | undefined {
    const starts = this.calls.filter((c) => c.api === 'scripting.executeScript' && ['startAnnotator', 'startOrStash'].includes((c.args[0] as { func?: { name: string } }).func?.name ?? ''));
    const given = (starts.at(-1)?.args[0] as { args?: unknown[] } | undefined)?.args?.[0];
    return typeof given === 'string' ? (JSON.parse(given) as { article: Article; language: string; pack: unknown; copy?: boolean; folded?: unknown }) : undefined;
  }

  /** Messages of one type sent so far. */
  messages<K extends RequestName>(type: K): Requests[K]['payload'][] {
    return this.sent.filter((m) => m.type === type).map((m) => m.payload as Requests[K]['payload']);
  }
}

/** Serves the extension's own data files (the index's three files, data/articles/ID.json) compiled from `articles`, as the build writes them. */
export function packagedFiles(articles: readonly Article[]): (url: string) => Promise<Response> {
  const { addresses, hashes, owners } = splitIndex(compileIndex(articles));
  const files = new Map<string, string | Uint8Array>([
    [`${EXTENSION_BASE}${INDEX_FILES.addresses}`, JSON.stringify(addresses)],
    [`${EXTENSION_BASE}${INDEX_FILES.hashes}`, hashes],
    [`${EXTENSION_BASE}${INDEX_FILES.owners}`, owners],
  ]);
  for (const article of articles) files.set(`${EXTENSION_BASE}data/articles/${article.id}.json`, JSON.stringify(publicArticle(article)));
  return async (url: string) => {
    const body = files.get(url);
    if (body === undefined) return new Response('not found', { status: 404 });
    return new Response(typeof body === 'string' ? body : (body.slice().buffer as ArrayBuffer), { status: 200, headers: { 'content-type': typeof body === 'string' ? 'application/json' : 'application/octet-stream' } });
  };
}

/** A fake browser whose one tab (id 7) is where the background's tests open their pages. */
export function fakeBrowser(language: 'en' | 'da' = 'en', publisherSites: readonly string[] = []): FakeBrowser {
  return new FakeBrowser({ uiLanguage: language, activeTabId: 7, publisherSites });
}

/**
 * Starts the background (src/background/main.ts) afresh against a new fake browser serving
 * `articles` as the bundled dataset. The test file mocks webextension-polyfill onto `browser`.
 */
export async function startBackground(articles: readonly Article[], language: 'en' | 'da' = 'en'): Promise<FakeBrowser> {
  // The manifest's host_permissions, as build.mjs derives them from the bundled articles.
  const browser = fakeBrowser(language, publisherPatterns(articles.flatMap((article) => article.urls)));
  vi.stubGlobal('browser', browser);
  vi.stubGlobal('fetch', packagedFiles(articles));
  vi.resetModules();
  await import('../../src/background/main');
  return browser;
}

/** Every FakeEvent reachable from `root` (the APIs' events). */
function fakeEvents(root: object, seen = new Set<object>()): FakeEvent[] {
  if (seen.has(root)) return [];
  seen.add(root);
  if (root instanceof FakeEvent) return [root];
  return Object.values(root).flatMap((value: unknown) => (value !== null && typeof value === 'object' ? fakeEvents(value, seen) : []));
}

/**
 * Stops the background and starts it again on the same fake browser, as Chrome does with an idle
 * service worker: its memory and listeners are gone, storage (storage.session too) stays.
 */
export async function restartBackground(browser: FakeBrowser): Promise<void> {
  for (const event of fakeEvents(browser)) {
    event.listeners.length = 0;
    event.filters.length = 0;
  }
  vi.resetModules();
  await import('../../src/background/main');
}

/** Kontekst's own parts as senders of messages to the background: the options page, the popup, its content script in tab 7. */
export const SENDERS = {
  options: { id: EXTENSION_ID, url: `${EXTENSION_BASE}options/options.html` },
  popup: { id: EXTENSION_ID, url: `${EXTENSION_BASE}popup/popup.html` },
  tab: (url: string) => ({ id: EXTENSION_ID, url, tab: { id: 7 }, frameId: 0 }),
};

/** A message to the running background from `sender`, as the browser delivers it; resolves with the reply. */
export async function sendToBackground(browser: FakeBrowser, type: string, payload: unknown, sender: object): Promise<unknown> {
  const listener = browser.runtime.onMessage.listeners[0] as (message: unknown, sender: object) => Promise<unknown> | undefined;
  return listener(envelope(type, payload), sender);
}

/** The test pack (test/fixtures/packs/coastal-courier.json) and its one article. */
export const FERRY_URL = 'https://coastal-courier.example/news/2024/03/14/ferry-pier-vote';
export const FERRY_ID = 'cc-2024-03-14-ferry-pier-vote';
export const FERRY_PACK_TEXT = readFileSync(join(PACKS, 'coastal-courier.json'), 'utf8');

const bodyText = (file: string): string => new DOMParser().parseFromString(readFileSync(file, 'utf8'), 'text/html').body.textContent ?? '';
let articleTexts: Record<string, string> | null = null;

/** What the page reader finds at an article's address (the pack's and the seed's): its text; '' elsewhere (an address alone marks nothing). */
export function articleTextAt(url: string): string {
  articleTexts ??= { [FERRY_URL]: bodyText(join(PAGES, 'packs/ferry-pier.html')), [SEED_URL]: bodyText(SEED_PAGE) };
  return articleTexts[url] ?? '';
}
