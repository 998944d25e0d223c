// Detection as the background drives it (src/background/detection.ts, through main.ts's event
// listeners, with the extension APIs faked): a page is read once (its address alone decides
// nothing: background-integrity.test.ts), nothing runs in pages while Kontekst is off, and the
// switches reach open tabs at once.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Article } from '../../../src/core/dataset/model';
import { envelope } from '../../../src/shared/messages';
import { SIGNAL_WORD_LIMIT } from '../../../src/injected/read-page-facts';
import { PAGE_CALL_LIMIT_MS } from '../../../src/background/page-calls';
import { SETTINGS_VERSION } from '../../../src/shared/settings';
import { INDEX_FILES } from '../../../src/core/recognition/index-files';
import { EXTENSION_BASE, type FakeBrowser, SENDERS, restartBackground, startBackground } from '../../support/fake-browser';
import { SEED_PAGE, SEED_URL, seedArticle } from '../../support/seed';

vi.mock('webextension-polyfill', () => ({
  default: new Proxy({}, { get: (_target, key) => (globalThis as unknown as { browser: Record<string | symbol, unknown> }).browser[key] }),
}));

const COPY_URL = 'https://aggregator.example/story/1';
const seedArticleHtml = new DOMParser().parseFromString(readFileSync(SEED_PAGE, 'utf8'), 'text/html').querySelector('article')?.innerHTML ?? '';
const seedText = new DOMParser().parseFromString(readFileSync(SEED_PAGE, 'utf8'), 'text/html').querySelector('article')?.textContent ?? '';
const popup = SENDERS.popup;
const isFingerprintTable = (file: string): boolean => file === INDEX_FILES.hashes || file === INDEX_FILES.owners;

let browser: FakeBrowser;

beforeEach(async () => {
  browser = await startBackground([seedArticle()]);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The page in tab 7 fires tabs.onUpdated with `change`; resolves with what detection did (undefined: none started). */
function update(url: string, change: object, text = ''): Promise<unknown> | undefined {
  browser.page.url = url;
  browser.page.facts = { canonical: null, ogUrl: null, text };
  const listener = browser.tabs.onUpdated.listeners[0] as (tabId: number, change: object, tab: object) => Promise<unknown> | undefined;
  // The tab's own status is the change's while the page loads (Chrome reports pushState as loading + complete too).
  return listener(7, change, { id: 7, url, status: (change as { status?: string }).status ?? 'complete' });
}

const loaded = (url: string, text = ''): Promise<unknown> | undefined => update(url, { status: 'complete' }, text);

/** Names of the functions run in the page, and the files injected, in order. */
function injected(): string[] {
  return browser.calls
    .filter((c) => c.api === 'scripting.executeScript')
    .map((c) => {
      const injection = c.args[0] as { func?: { name: string }; args?: unknown[]; files?: string[] };
      // The first look at a page that starts loading: readPageFacts once it is parsed.
      if (injection.args?.[2] === 'parsed') return 'firstLook';
      return injection.func?.name ?? injection.files?.join(',') ?? '?';
    });
}

async function send(type: string, payload: unknown, sender: object): Promise<unknown> {
  const listener = browser.runtime.onMessage.listeners[0] as (message: unknown, sender: object) => Promise<unknown> | undefined;
  return listener(envelope(type, payload), sender);
}

describe('the background detects pages itself', () => {
  it('marks a page known by its address once the page reader found its text there', async () => {
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    expect(injected()).toEqual(['readPageFacts', 'startOrStash', 'content/annotate.js']);
  });

  it('reads a page its address does not decide once, and leaves the growth watcher there in the same injection', async () => {
    expect(await loaded('https://avis.example/anden-historie', 'Helt anden tekst om vejret.')).toBe('none');
    // One injection: the page reader leaves the watcher itself, waiting for a story's worth of text.
    expect(injected()).toEqual(['readPageFacts']);
    expect(browser.calls.find((c) => c.api === 'scripting.executeScript')?.args[0]).toMatchObject({ args: [SIGNAL_WORD_LIMIT, null, null, 1500] });
  });

  it('recognises a copy elsewhere by the text the page reader returns', async () => {
    expect(await loaded(COPY_URL, seedText)).toBe('annotate');
    expect(injected()).toEqual(['readPageFacts', 'startOrStash', 'content/annotate.js']);
  });

  it('recognises a small copy by the text of the markup its page reader sends (read here, not in the page)', async () => {
    browser.page.markup = `<body><header><a href="/">Forside</a></header><article>${seedArticleHtml}</article><script>var x = 1;</script></body>`;
    expect(await loaded(COPY_URL, '')).toBe('annotate');
    expect(injected()).toEqual(['readPageFacts', 'startOrStash', 'content/annotate.js']);
  });

  it("reads a small page's text in the page after all when its markup holds more words than are read (the main text is chosen there)", async () => {
    browser.page.markup = `<body><div>${'ord '.repeat(SIGNAL_WORD_LIMIT)}</div><article>${seedArticleHtml}</article></body>`;
    expect(await loaded(COPY_URL, seedText)).toBe('annotate');
    expect(injected()).toEqual(['readPageFacts', 'readPageFacts', 'startOrStash', 'content/annotate.js']);
    const reads = browser.calls.filter((c) => (c.args[0] as { func?: { name: string } }).func?.name === 'readPageFacts');
    expect(reads[1]?.args[0]).toMatchObject({ args: [SIGNAL_WORD_LIMIT, null, 'text', 1500] });
  });

  it('starts nothing for pages that are not web pages', async () => {
    expect(update('chrome://settings/', { status: 'loading', url: 'chrome://settings/' })).toBeUndefined();
    expect(await loaded('chrome://settings/')).toBe('unreadable');
    expect(injected()).toEqual([]);
  });

  it('looks again when a single-page site moves to another address (history.pushState)', async () => {
    expect(await loaded('https://avis.example/')).toBe('none');
    expect(await update(SEED_URL, { url: SEED_URL }, seedText)).toBe('annotate');
  });

  it('looks again when the growth watcher reports much new text', async () => {
    expect(await loaded(COPY_URL, 'Indlæser …')).toBe('none');
    browser.page.facts = { canonical: null, ogUrl: null, text: seedText };
    expect(await send('content:changed', {}, SENDERS.tab(COPY_URL))).toBeNull();
    await vi.waitFor(() => expect(injected()).toContain('content/annotate.js'));
  });

  it('ends a burst of events in at most two detections of the page as it is then', async () => {
    browser.page.url = COPY_URL;
    const burst = Array.from({ length: 6 }, () => loaded(COPY_URL, 'Noget tekst.'));
    await Promise.all(burst);
    expect(injected().filter((name) => name === 'readPageFacts')).toHaveLength(2);
  });

  it('runs nothing in any page while Kontekst is off, and clears a marked tab when it is turned off', async () => {
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    await send('popup:set-enabled', { enabled: false }, popup);
    const marked = ['readPageFacts', 'startOrStash', 'content/annotate.js', 'clearAnnotator'];
    await vi.waitFor(() => expect(injected()).toEqual(marked));
    expect(await loaded('https://avis.example/anden-historie', 'Tekst.')).toBe('off');
    expect(injected()).toEqual(marked);
  });

  it('marks open tabs again when Kontekst is turned back on, without a reload', async () => {
    await send('popup:set-enabled', { enabled: false }, popup);
    expect(await loaded(SEED_URL, seedText)).toBe('off');
    await send('popup:set-enabled', { enabled: true }, popup);
    await vi.waitFor(() => expect(injected()).toEqual(['readPageFacts', 'startOrStash', 'content/annotate.js']));
  });

  it('clears the annotator once when a single-page site leaves the article, and not again on later pages', async () => {
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    expect(await update('https://jyllands-posten.dk/', { url: 'https://jyllands-posten.dk/' })).toBe('none');
    expect(await loaded('https://jyllands-posten.dk/sport')).toBe('none');
    expect(injected().filter((name) => name === 'clearAnnotator')).toHaveLength(1);
  });

  it('turning a site off clears its marked tab', async () => {
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    await send('popup:set-site', { site: 'jyllands-posten.dk', enabled: false }, popup);
    await vi.waitFor(() => expect(injected()).toEqual(['readPageFacts', 'startOrStash', 'content/annotate.js', 'clearAnnotator']));
  });

  it('treats a page the browser will not let it read (a store page, an error page) as unreadable, and stores nothing for it', async () => {
    browser.scripting.executeScript = async () => {
      throw new Error('Cannot access contents of the page');
    };
    expect(await loaded('https://chromewebstore.google.com/detail/x')).toBe('unreadable');
    // Only the tab's count of detections (times, no address), which outlives a restart of the
    // background, and the background's copies of the reader's settings and list of packs (current-settings.ts, packs.ts).
    const stored = [...browser.storage.session.data].filter(([key]) => !key.startsWith('budget-') && key !== 'settings-copy' && key !== 'packs-copy');
    expect(stored).toEqual([]);
    expect(JSON.stringify([...browser.storage.session.data.values()])).not.toContain('chromewebstore');
  });

  it.each([
    { reason: 'no answer (the page navigated away mid-read)', result: undefined },
    { reason: 'text that is not a string', result: { canonical: null, ogUrl: null, text: 42 } },
    { reason: 'a field too many', result: { canonical: null, ogUrl: null, text: '', url: SEED_URL } },
  ])('does not trust a malformed answer from the page: $reason', async ({ result }) => {
    browser.scripting.executeScript = async () => [{ frameId: 0, result }];
    expect(await loaded(COPY_URL)).toBe('unreadable');
  });
});

// A page whose images or ads keep loading for seconds gets its marks when its text is there
// (DOMContentLoaded): the load event that never comes, or comes late, is not waited for.
describe('detection when the page is parsed, before it has loaded', () => {
  const loading = (url: string, text = '', change: object = { status: 'loading', url }): void => void update(url, change, text);

  it.each([
    { by: 'address', url: SEED_URL, text: seedText, expected: ['firstLook', 'startOrStash', 'content/annotate.js'] },
    { by: 'content', url: COPY_URL, text: seedText, expected: ['firstLook', 'startOrStash', 'content/annotate.js'] },
  ])('marks an article known by $by with no load event at all', async ({ url, text, expected }) => {
    loading(url, text);
    await vi.waitFor(() => expect(injected()).toEqual(expected));
    // The first look was run before the page's own scripts could finish: at once, not at document_idle.
    const waiter = browser.calls.find((c) => (c.args[0] as { args?: unknown[] }).args?.[2] === 'parsed')?.args[0];
    expect(waiter).toMatchObject({ injectImmediately: true, target: { tabId: 7, frameIds: [0] } });
    // And nothing after it waits for the browser's document_idle (up to 200 ms after DOMContentLoaded).
    const injections = browser.calls.filter((c) => c.api === 'scripting.executeScript').map((c) => c.args[0] as { injectImmediately?: boolean });
    expect(injections.every((injection) => injection.injectImmediately === true)).toBe(true);
  });

  it('does not detect the page again when its load event finally comes', async () => {
    loading(SEED_URL, seedText);
    await vi.waitFor(() => expect(injected()).toContain('content/annotate.js'));
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    expect(injected()).toEqual(['firstLook', 'startOrStash', 'content/annotate.js']);
  });

  it('leaves a document that had already loaded to the load event (Firefox reports a load before the new document exists)', async () => {
    browser.page.parse = { state: 'complete', documentId: 'old' };
    loading(SEED_URL, seedText, { status: 'loading' });
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    // Nothing read in the loaded document; the load event's detection reads the page.
    expect(injected()).toEqual(['firstLook', 'readPageFacts', 'startOrStash', 'content/annotate.js']);
  });

  it.each([
    { by: 'address', url: SEED_URL, text: seedText, outcome: 'annotate', pages: ['firstLook', 'startOrStash', 'content/annotate.js'] },
    { by: 'nothing (not in the dataset)', url: 'https://avis.example/vejret', text: 'Helt anden tekst om vejret.', outcome: 'none', pages: ['firstLook'] },
  ])("reads a new document found loaded by the look of a report naming its address (a small page served fast), with no read of its own at the load event: $by", async ({ url, text, outcome, pages }) => {
    browser.page.parse = { state: 'complete', documentId: 'document-2' };
    loading(url, text);
    expect(await loaded(url, text)).toBe(outcome);
    expect(injected()).toEqual(pages);
  });

  it('judges a document once, when a second report of its load reaches the same document', async () => {
    loading(SEED_URL, seedText);
    await vi.waitFor(() => expect(injected()).toContain('content/annotate.js'));
    // The page still loads its images; the browser reports the load again, the waiter finds the same document.
    browser.page.parse = { state: 'interactive', documentId: 'document-1' };
    loading(SEED_URL, seedText, { status: 'loading' });
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    expect(injected().filter((name) => name === 'content/annotate.js')).toHaveLength(1);
  });

  it('keeps the article of a document its first report already reached when a second report, with the address, comes', async () => {
    // A load reported twice, first without the address (the waiter can already reach the new
    // document), then with it, when the background forgets what the tab showed before (Chrome's
    // report of a load, then of the page's replaceState; Firefox looks only at the second).
    loading(SEED_URL, seedText, { status: 'loading' });
    await vi.waitFor(() => expect(injected()).toContain('content/annotate.js'));
    loading(SEED_URL, seedText);
    await vi.waitFor(() => expect(injected().filter((name) => name === 'content/annotate.js')).toHaveLength(2));
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    const record = browser.handedOver();
    expect(record?.article.id).toBe(seedArticle().id);
  });

  it('judges a document once when two reports of its load both reach it before it is parsed', async () => {
    // The first report (no address) and the second (with it, clearing what the tab showed) both
    // come before DOMContentLoaded: both first looks answer from the new document.
    loading(SEED_URL, seedText, { status: 'loading' });
    loading(SEED_URL, seedText);
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    await vi.waitFor(() => expect(injected()).toContain('content/annotate.js'));
    expect(injected().filter((name) => name === 'content/annotate.js')).toHaveLength(1);
    expect(injected().filter((name) => name === 'readPageFacts')).toHaveLength(0);
    const record = browser.handedOver();
    expect(record?.article.id).toBe(seedArticle().id);
  });

  it('leaves the growth watcher with the first look: one injection on a page not in the dataset', async () => {
    const url = 'https://avis.example/anden-historie';
    loading(url, 'Helt anden tekst om vejret.');
    // The load event's detection is the first look's (it judged the page).
    expect(await loaded(url, 'Helt anden tekst om vejret.')).toBe('none');
    expect(injected()).toEqual(['firstLook']);
    expect(browser.calls.find((c) => c.api === 'scripting.executeScript')?.args[0]).toMatchObject({ args: [SIGNAL_WORD_LIMIT, null, 'parsed', 1500, true] });
  });

  it('detects again when the same document moves to another address before it has loaded (pushState)', async () => {
    loading('https://jyllands-posten.dk/');
    await vi.waitFor(() => expect(injected()).toEqual(['firstLook']));
    browser.page.parse = { state: 'interactive', documentId: 'document-1' };
    loading(SEED_URL, seedText);
    await vi.waitFor(() => expect(injected()).toContain('content/annotate.js'));
  });

  it("a background that wakes for a page known by its address marks it from the address table, without waiting for the dataset's fingerprint tables", async () => {
    // The fingerprint tables are read as the page starts loading (a page its address does not
    // decide, as every page not in the dataset, needs them), here held back until released.
    const served = globalThis.fetch;
    const read: string[] = [];
    let release = (): void => undefined;
    const held = new Promise<void>((done) => (release = done));
    vi.stubGlobal('fetch', (url: string) => {
      const file = url.replace(EXTENSION_BASE, '');
      read.push(file);
      return isFingerprintTable(file) ? held.then(() => served(url)) : served(url);
    });
    loading(SEED_URL, seedText);
    await vi.waitFor(() => expect(injected()).toContain('content/annotate.js'));
    expect(read).toEqual(expect.arrayContaining(['data/addresses.json', 'data/hashes', 'data/owners', `data/articles/${seedArticle().id}.json`]));
    // A page its address does not decide waits for them, and is marked once they are read.
    loading(COPY_URL, seedText);
    await new Promise((done) => setTimeout(done, 50));
    expect(injected().filter((name) => name === 'content/annotate.js')).toHaveLength(1);
    release();
    await vi.waitFor(() => expect(injected().filter((name) => name === 'content/annotate.js')).toHaveLength(2));
    // Each file read once for both pages.
    expect(read.filter(isFingerprintTable)).toEqual(['data/hashes', 'data/owners']);
  });

  it.each([
    { by: 'address', url: SEED_URL, read: true },
    { by: 'content (its address names no article)', url: COPY_URL, read: false },
  ])('reads the article a page is known by while its first look is under way: by $by', async ({ url, read }) => {
    const served = globalThis.fetch;
    const files: string[] = [];
    vi.stubGlobal('fetch', (file: string) => {
      files.push(file.replace(EXTENSION_BASE, ''));
      return served(file);
    });
    // The first look answers only when released (the page is still being parsed).
    const run = browser.scripting.executeScript;
    let release = (): void => undefined;
    const parsed = new Promise<void>((done) => (release = done));
    let looking = false;
    browser.scripting.executeScript = async (injection: Parameters<typeof run>[0]) => {
      if (injection.args?.[2] === 'parsed') {
        looking = true;
        await parsed;
      }
      return run(injection);
    };
    loading(url, seedText);
    const article = `data/articles/${seedArticle().id}.json`;
    if (read) await vi.waitFor(() => expect(files).toContain(article));
    else await new Promise((done) => setTimeout(done, 50));
    // The look is under way and nothing else has run in the page yet.
    expect(looking).toBe(true);
    expect(injected()).toEqual([]);
    expect(files.includes(article)).toBe(read);
    release();
    await vi.waitFor(() => expect(injected()).toEqual(['firstLook', 'startOrStash', 'content/annotate.js']));
    // Read once.
    expect(files.filter((file) => file === article)).toHaveLength(1);
  });

  it('runs not even the first look in a page while Kontekst is off there', async () => {
    browser.page.url = SEED_URL;
    await send('popup:set-site', { site: 'jyllands-posten.dk', enabled: false }, popup);
    loading(SEED_URL, seedText);
    expect(await loaded(SEED_URL)).toBe('off');
    expect(injected()).toEqual([]);
  });

  it('marks the next article in a tab whose last stylesheet call the browser never answered (Firefox: the reader left the page while it went in)', async () => {
    // Firefox leaves a scripting call pending for good when the tab leaves its document while the
    // call is under way. Here: the article's stylesheet going in as the reader moves on.
    const pending: string[] = [];
    const answering = browser.scripting.insertCSS;
    // The sheets that go in with a bundle answer; the one the report asks for never does.
    let sheets = 0;
    browser.scripting.insertCSS = async (injection) => (++sheets !== 2 ? answering(injection) : void (await new Promise<void>(() => pending.push('insertCSS'))));
    loading(SEED_URL, seedText);
    await vi.waitFor(() => expect(injected()).toContain('content/annotate.js'));
    void send('content:anchored', { claims: [{ id: seedArticle().claims[0]?.id, status: 'exact' }] }, SENDERS.tab(SEED_URL));
    await vi.waitFor(() => expect(pending).toEqual(['insertCSS']));
    // A page that is no article (its marks and stylesheet are cleared), then an article by its text.
    browser.page.parse = { state: 'complete', documentId: 'document-2' };
    loading('https://example.com/', '');
    void loaded('https://example.com/', '');
    await vi.waitFor(() => expect(injected()).toContain('clearAnnotator'));
    browser.page.parse = { state: 'interactive', documentId: 'document-3' };
    loading(COPY_URL, seedText);
    await vi.waitFor(() => expect(injected().filter((name) => name === 'startAnnotator' || name === 'startOrStash')).toHaveLength(2));
    expect(browser.handedOver()).toMatchObject({ article: { id: seedArticle().id }, copy: true });
  });

  it('stops waiting for a call the browser never answers after PAGE_CALL_LIMIT_MS where the tab stays on the document', async () => {
    const answering = browser.scripting.insertCSS;
    // The sheet that goes in with the bundle answers; the one the report asks for never does.
    let sheets = 0;
    browser.scripting.insertCSS = (injection) => (++sheets === 1 ? answering(injection) : new Promise<void>(() => undefined));
    loading(SEED_URL, seedText);
    const removals = (): number => browser.calls.filter((c) => c.api === 'scripting.removeCSS').length;
    // The start has no answer here: the sheet that went in with the bundle comes out again.
    await vi.waitFor(() => expect(removals()).toBe(1));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      void send('content:anchored', { claims: [{ id: seedArticle().claims[0]?.id, status: 'exact' }] }, SENDERS.tab(SEED_URL));
      // The single-page site moves to its front page (Firefox reports the address alone): its
      // marks are cleared, and the stylesheet taken out once the change before it is given up.
      const moved = update('https://jyllands-posten.dk/', { url: 'https://jyllands-posten.dk/' });
      await vi.advanceTimersByTimeAsync(PAGE_CALL_LIMIT_MS - 100);
      expect(injected()).toContain('clearAnnotator');
      expect(removals()).toBe(2);
      await vi.advanceTimersByTimeAsync(200);
      expect(await moved).toBe('none');
      expect(removals()).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('falls back to the load event when the browser refuses the first look', async () => {
    const real = browser.scripting.executeScript;
    browser.scripting.executeScript = async (injection) => {
      if (injection.args?.[2] === 'parsed') throw new Error('Frame with ID 0 was removed.');
      return real(injection);
    };
    loading(SEED_URL, seedText);
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    expect(injected()).toEqual(['readPageFacts', 'startOrStash', 'content/annotate.js']);
  });
});

// A background that wakes for a page reads the settings from its copy in storage.session, not
// from storage.local (src/background/current-settings.ts): the copy must follow every change.
describe("the reader's settings in a background started again", () => {
  const SEED_SITE = new URL(SEED_URL).hostname.replace(/^www\./, '');
  it.each([
    { reason: 'turned off for the site in the popup', change: () => send('popup:set-site', { site: SEED_SITE, enabled: false }, popup) },
    { reason: 'turned off everywhere in the popup', change: () => send('popup:set-enabled', { enabled: false }, popup) },
    { reason: 'turned off in storage.local by hand (developer tools)', change: () => browser.storage.local.set({ settings: { version: 3, enabled: false, disabledSites: [] } }) },
  ])('are the ones stored: $reason, a restarted background runs nothing in the page', async ({ change }) => {
    browser.page.url = SEED_URL;
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    await change();
    await restartBackground(browser);
    const before = injected().length;
    expect(await loaded(SEED_URL, seedText)).toBe('off');
    expect(injected().slice(before)).toEqual([]);
  });

  it('read cold from storage.local, are copied in their stored form with its version: read back, no migration runs on them again', async () => {
    // An old reader's choice (version 1 kept sites as a map); a background with no copy yet.
    await browser.storage.local.set({ settings: { version: 1, enabled: true, sites: { [SEED_SITE]: false } } });
    browser.storage.session.data.clear();
    await restartBackground(browser);
    expect(await loaded(SEED_URL, seedText)).toBe('off');
    // As storage.local would hold them: a copy without its version is read as version 1 and
    // migrated again from there (harmless only while every migration is idempotent).
    expect(browser.storage.session.data.get('settings-copy')).toEqual({ version: SETTINGS_VERSION, enabled: true, disabledSites: [SEED_SITE] });
    await restartBackground(browser);
    const before = injected().length;
    expect(await loaded(SEED_URL, seedText)).toBe('off');
    expect(injected().slice(before)).toEqual([]);
  });

  it('are the ones stored after they were removed from storage.local (the defaults: on)', async () => {
    await send('popup:set-enabled', { enabled: false }, popup);
    await browser.storage.local.remove('settings');
    await restartBackground(browser);
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
  });
});

describe('a page recognised again is handed its article, not the annotator again', () => {
  /** How often the annotator's bundle went into the page, and how often it was started. */
  const counts = (): { bundles: number; starts: number } => ({ bundles: injected().filter((n) => n === 'content/annotate.js').length, starts: injected().filter((n) => n === 'startAnnotator' || n === 'startOrStash').length });

  beforeEach(() => {
    // The page follows which documents hold the annotator; the annotator marks nothing here.
    browser.annotatorIn = new Set();
    browser.annotatorReport = { claims: [] };
  });

  it('a live blog that grows a story again and again gets the bundle once', async () => {
    expect(await loaded(COPY_URL, seedText)).toBe('annotate');
    for (let i = 1; i <= 3; i++) {
      await send('content:changed', {}, SENDERS.tab(COPY_URL));
      await vi.waitFor(() => expect(counts().starts).toBe(i + 1));
    }
    expect(counts()).toEqual({ bundles: 1, starts: 4 });
  });

  it('Kontekst turned off and on again: the annotator still in the page is started again', async () => {
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    await send('popup:set-enabled', { enabled: false }, popup);
    await vi.waitFor(() => expect(injected()).toContain('clearAnnotator'));
    await send('popup:set-enabled', { enabled: true }, popup);
    await vi.waitFor(() => expect(counts().starts).toBe(2));
    expect(counts().bundles).toBe(1);
    expect(browser.handedOver()?.article.id).toBe(seedArticle().id);
  });

  it('a new document in the tab gets the bundle', async () => {
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    browser.page.parse = { state: 'complete', documentId: 'document-2' };
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    expect(counts()).toEqual({ bundles: 2, starts: 2 });
  });

  it('the extension reloaded (Firefox takes its scripts out of the page; storage.session is emptied): the new background puts the bundle in', async () => {
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    browser.annotatorIn = new Set();
    browser.storage.session.data.clear();
    await restartBackground(browser);
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    expect(counts()).toEqual({ bundles: 2, starts: 2 });
  });

  it('the page reader saw an annotator the start no longer finds (the tab shows a new document by then): the bundle goes in and the start is made again', async () => {
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    const before = injected().length;
    const real = browser.scripting.executeScript;
    browser.scripting.executeScript = async (injection) => {
      const answer = await real(injection);
      if (injection.func?.name === 'readPageFacts') browser.page.parse = { state: 'complete', documentId: 'document-2' };
      return answer;
    };
    await send('content:changed', {}, SENDERS.tab(SEED_URL));
    await vi.waitFor(() => expect(counts().starts).toBe(3));
    await vi.waitFor(() => expect(injected().slice(before)).toEqual(['readPageFacts', 'startAnnotator', 'startOrStash', 'content/annotate.js']));
  });
});
