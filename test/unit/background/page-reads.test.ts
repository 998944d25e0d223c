// How the background's reads of a page are sent (src/background/page-reads.ts): Chromium runs
// readPageFacts as a function; Firefox runs the built file, which it compiles once per extension
// rather than on every page load, and which answers exactly what the function call would.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAGE_READS, pageRead, pageReadSource } from '../../../src/background/page-reads';
import { SIGNAL_WORD_LIMIT, readPageFacts } from '../../../src/injected/read-page-facts';
import { type FakeBrowser, restartBackground, startBackground } from '../../support/fake-browser';
import { SEED_PAGE, SEED_URL, seedArticle } from '../../support/seed';
import { readFileSync } from 'node:fs';

vi.mock('webextension-polyfill', () => ({
  default: new Proxy({}, { get: (_target, key) => (globalThis as unknown as { browser: Record<string | symbol, unknown> }).browser[key] }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
});

const seedText = new DOMParser().parseFromString(readFileSync(SEED_PAGE, 'utf8'), 'text/html').querySelector('article')?.textContent ?? '';

/** Gives the fake browser Firefox's shape: its runtime has getBrowserInfo, Chromium's has not. */
function shapeAsFirefox(browser: FakeBrowser): void {
  Object.assign(browser.runtime, { getBrowserInfo: async () => ({ name: 'Firefox', vendor: 'Mozilla', version: '140.0', buildID: '' }) });
}

/** Starts the background in `browserName`'s shape. */
async function backgroundIn(browserName: 'chromium' | 'firefox'): Promise<FakeBrowser> {
  const browser = await startBackground([seedArticle()]);
  if (browserName === 'firefox') shapeAsFirefox(browser);
  return browser;
}

/** The tab reports `change` for the seed article's page; resolves with what detection did (undefined: left to the first look). */
function report(browser: FakeBrowser, change: object): Promise<unknown> | undefined {
  browser.page.url = SEED_URL;
  browser.page.facts = { canonical: null, ogUrl: null, text: seedText };
  const listener = browser.tabs.onUpdated.listeners[0] as (tabId: number, change: object, tab: object) => Promise<unknown> | undefined;
  return listener(7, change, { id: 7, url: SEED_URL, status: (change as { status?: string }).status ?? 'complete' });
}

/** The page reads the background made, each as the injection it sent (less its target). */
function reads(browser: FakeBrowser): object[] {
  return browser.calls
    .filter((c) => c.api === 'scripting.executeScript')
    .map((c) => c.args[0] as { func?: { name: string }; args?: unknown[]; files?: string[] })
    .filter((injection) => injection.func?.name === 'readPageFacts' || injection.files?.some((file) => file.startsWith('injected/')))
    .map(({ func, args, files }) => (files ? { files } : { func: func?.name, args }));
}

describe('the tab changes the background asks to be told of', () => {
  it.each([
    { browserName: 'firefox' as const, filters: [[{ properties: ['status', 'url'] }]], reason: 'status and url only: Firefox would send every change of a tab (title, icon, reader view), 7 a page load' },
    { browserName: 'chromium' as const, filters: [[]], reason: 'no filter: Chrome has none for tabs.onUpdated and refuses a listener added with one' },
  ])('$browserName: $reason', async ({ browserName, filters }) => {
    const browser = await startBackground([seedArticle()]);
    if (browserName === 'firefox') {
      // The background reads the browser's shape as it starts: started again as Firefox.
      shapeAsFirefox(browser);
      await restartBackground(browser);
    }
    expect(browser.tabs.onUpdated.filters).toEqual(filters);
  });
});

describe('the page reads, sent the way each browser runs them fastest', () => {
  it.each([
    { browserName: 'chromium' as const, expected: [{ func: 'readPageFacts', args: [SIGNAL_WORD_LIMIT, null, 'parsed', 1500] }, { func: 'readPageFacts', args: [SIGNAL_WORD_LIMIT, null, null, 1500] }], reason: "V8 caches a function's compiled source: the look, then the probe" },
    // Firefox reports the start of every load without the address and the new document again with it: the first report gets no look.
    { browserName: 'firefox' as const, expected: [{ files: ['injected/read-page-facts.js'] }], reason: 'Firefox compiles a sent function on every call, a file once; no look at the start of a load' },
  ])('$browserName: a report without an address, then the load event: the page is read as $reason, and the article is marked', async ({ browserName, expected }) => {
    const browser = await backgroundIn(browserName);
    // A load the first look finds already loaded is left to the load event, whose detection probes the page.
    browser.page.parse = { state: 'complete', documentId: 'old' };
    void report(browser, { status: 'loading' });
    expect(await report(browser, { status: 'complete' })).toBe('annotate');
    expect(reads(browser)).toEqual(expected);
  });

  it("Firefox: its two reports of one load (the start, then the new document with its address) read the page once, from the addressed report's look", async () => {
    const browser = await backgroundIn('firefox');
    browser.page.parse = { state: 'loading', documentId: 'new' };
    void report(browser, { status: 'loading' });
    void report(browser, { status: 'loading', url: SEED_URL });
    expect(await report(browser, { status: 'complete' })).toBe('annotate');
    expect(reads(browser)).toEqual([{ files: ['injected/first-look-addressed.js'] }]);
    // The look, the annotator's bundle and its start: nothing else is run in the page.
    expect(browser.calls.filter((c) => c.api === 'scripting.executeScript')).toHaveLength(3);
  });

  it.each([
    { state: 'loading' as const, reason: 'parsed after the look came' },
    { state: 'complete' as const, reason: 'loaded before the look came: read all the same, the report naming its address' },
  ])('marks an article found by the first look in Firefox, from the file it ran ($reason)', async ({ state }) => {
    const browser = await backgroundIn('firefox');
    browser.page.parse = { state, documentId: 'new' };
    void report(browser, { status: 'loading', url: SEED_URL });
    await vi.waitFor(() => expect(browser.calls.some((c) => (c.args[0] as { files?: string[] }).files?.includes('content/annotate.js'))).toBe(true));
    expect(reads(browser)).toEqual([{ files: ['injected/first-look-addressed.js'] }]);
  });

  it('gives each read in Firefox its own file, and the same arguments as the function call', () => {
    const firefox = { getBrowserInfo: () => undefined };
    expect(pageRead('facts', firefox)).toEqual({ files: [PAGE_READS.facts.file] });
    expect(pageRead('parsed', firefox)).toEqual({ files: [PAGE_READS.parsed.file] });
    expect(pageRead('addressed', firefox)).toEqual({ files: [PAGE_READS.addressed.file] });
    expect(pageRead('facts', {})).toEqual({ func: readPageFacts, args: [SIGNAL_WORD_LIMIT, null, null, 1500] });
    expect(pageRead('parsed', {})).toEqual({ func: readPageFacts, args: [SIGNAL_WORD_LIMIT, null, 'parsed', 1500] });
    expect(pageRead('addressed', {})).toEqual({ func: readPageFacts, args: [SIGNAL_WORD_LIMIT, null, 'parsed', 1500, true] });
  });
});

describe("the read's file (what build.mjs writes for Firefox)", () => {
  it.each([
    { kind: 'facts' as const, want: null },
    { kind: 'parsed' as const, want: 'parsed' as const },
    { kind: 'addressed' as const, want: 'addressed' as const },
  ])('$kind: its completion value is what the function call returns, and it leaves no global behind', async ({ kind, want }) => {
    // A page of its own: the growth watcher both calls leave there watches it, not the test window's document.
    const page = new DOMParser().parseFromString(`<article><p>${'Et langt stykke tekst om havnen og færgen. '.repeat(40)}</p></article>`, 'text/html');
    vi.stubGlobal('document', page);
    const expected = await (want === 'parsed' ? readPageFacts(SIGNAL_WORD_LIMIT, null, 'parsed', 1500) : want === 'addressed' ? readPageFacts(SIGNAL_WORD_LIMIT, null, 'parsed', 1500, true) : readPageFacts(SIGNAL_WORD_LIMIT, null, null, 1500));
    const globals = Reflect.ownKeys(globalThis);
    // Indirect eval: a script's completion value, in the global scope, as Firefox runs the file.
    const completion: unknown = await (0, eval)(pageReadSource(kind));
    expect(completion).toEqual(expected);
    expect(completion).not.toBeUndefined();
    expect(Reflect.ownKeys(globalThis)).toEqual(globals);
  });
});
