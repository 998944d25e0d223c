// How the background's reads of a page are sent (src/background/page-reads.ts): Chromium runs
// readPageFacts as a function; Firefox runs the built file, which it compiles once per extension
// rather than on every page load, and which answers exactly what the function call would.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANNOTATED_LOOK, PAGE_READS, annotatedLookSource, pageRead, pageReadSource } from '../../../src/background/page-reads';
import { SIGNAL_WORD_LIMIT, readPageFacts } from '../../../src/injected/read-page-facts';
import { type FakeBrowser, startBackground } from '../../support/fake-browser';
import { SEED_PAGE, SEED_URL, seedArticle } from '../../support/seed';
import { readFileSync } from 'node:fs';

vi.mock('webextension-polyfill', () => ({
  default: new Proxy({}, { get: (_target, key) => (globalThis as unknown as { browser: Record<string | symbol, unknown> }).browser[key] }),
}));

afterEach(() => {
  vi.unstubAllGlobals();
});

const seedText = new DOMParser().parseFromString(readFileSync(SEED_PAGE, 'utf8'), 'text/html').querySelector('article')?.textContent ?? '';

/** Starts the background in `browserName`'s shape: Firefox's runtime has getBrowserInfo, Chromium's has not. */
async function backgroundIn(browserName: 'chromium' | 'firefox'): Promise<FakeBrowser> {
  const browser = await startBackground([seedArticle()]);
  if (browserName === 'firefox') Object.assign(browser.runtime, { getBrowserInfo: async () => ({ name: 'Firefox', vendor: 'Mozilla', version: '140.0', buildID: '' }) });
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

describe("Firefox: the look at a known article's address brings the annotator's bundle (one scripting call fewer)", () => {
  /** A background that has read its address table: it marked the article once, in another document. */
  async function warm(): Promise<FakeBrowser> {
    const browser = await backgroundIn('firefox');
    browser.annotatorIn = new Set();
    browser.annotatorReport = { claims: [{ id: seedArticle().claims[0]?.id, status: 'exact' }] };
    browser.page.parse = { state: 'loading', documentId: 'first' };
    void report(browser, { status: 'loading', url: SEED_URL });
    expect(await report(browser, { status: 'complete' })).toBe('annotate');
    browser.calls.length = 0;
    return browser;
  }
  const injections = (browser: FakeBrowser): string[] =>
    browser.calls.filter((c) => c.api.startsWith('scripting.')).map((c) => {
      const { func, files } = c.args[0] as { func?: { name: string }; files?: string[] };
      return `${c.api.slice('scripting.'.length)} ${func?.name ?? files?.join()}`;
    });

  it.each([
    { state: 'loading' as const, reason: 'parsed after the look came' },
    { state: 'complete' as const, reason: 'loaded before the look came' },
  ])('a new document at the address ($reason): the look with the bundle, the sheet, the start; nothing else', async ({ state }) => {
    const browser = await warm();
    browser.page.parse = { state, documentId: 'second' };
    void report(browser, { status: 'loading', url: SEED_URL });
    expect(await report(browser, { status: 'complete' })).toBe('annotate');
    expect(injections(browser)).toEqual([`executeScript ${ANNOTATED_LOOK.file}`, 'insertCSS content/page.css', 'executeScript startAnnotator']);
    // Started with the sheet in: its markers wait for no answer.
    const start = browser.calls.find((c) => (c.args[0] as { func?: { name: string } }).func?.name === 'startAnnotator')?.args[0] as { args: [string, boolean] };
    expect(start.args[1]).toBe(true);
  });

  it('a document that has the annotator already (restored from the back-forward cache): no second sheet goes in with the start', async () => {
    const browser = await warm();
    browser.page.parse = { state: 'complete', documentId: 'first' };
    void report(browser, { status: 'loading', url: SEED_URL });
    await report(browser, { status: 'complete' });
    await vi.waitFor(() => expect(injections(browser)).toContain('executeScript startAnnotator'));
    expect(injections(browser)[0]).toBe(`executeScript ${ANNOTATED_LOOK.file}`);
    // The sheet is taken out before it goes in again: a document keeps one.
    await vi.waitFor(() => expect(injections(browser).filter((i) => i.startsWith('insertCSS'))).toHaveLength(1));
    expect(injections(browser).indexOf('removeCSS content/page.css')).toBeLessThan(injections(browser).indexOf('insertCSS content/page.css'));
  });

  it.each([
    { url: 'https://andetsteds.example/nyheder/1', reason: 'an address the dataset does not name (a copy, or any page)' },
  ])('$reason: the plain look, the bundle only once the text is found', async ({ url }) => {
    const browser = await warm();
    browser.page.parse = { state: 'loading', documentId: 'second' };
    browser.page.url = url;
    browser.page.facts = { canonical: null, ogUrl: null, text: seedText };
    const listener = browser.tabs.onUpdated.listeners[0] as (tabId: number, change: object, tab: object) => Promise<unknown> | undefined;
    void listener(7, { status: 'loading', url }, { id: 7, url, status: 'loading' });
    await vi.waitFor(() => expect(injections(browser)).toContain('executeScript startAnnotator'));
    expect(injections(browser).slice(0, 2)).toEqual([`executeScript ${PAGE_READS.addressed.file}`, 'executeScript content/annotate.js']);
  });

  it('a background that just woke does not wait for its address table: the plain look', async () => {
    const browser = await backgroundIn('firefox');
    browser.page.parse = { state: 'loading', documentId: 'new' };
    void report(browser, { status: 'loading', url: SEED_URL });
    expect(await report(browser, { status: 'complete' })).toBe('annotate');
    expect(reads(browser)).toEqual([{ files: [PAGE_READS.addressed.file] }]);
  });
});

describe("the look with the annotator's bundle (ANNOTATED_LOOK, what build.mjs writes for Firefox)", () => {
  const KEY = Symbol.for('kontekst.annotator');
  // Stands in for content/annotate.js: registers an annotator where none is, as the bundle does (src/content/annotate.ts).
  const bundle = `"use strict";(()=>{globalThis[Symbol.for('kontekst.annotator')] ??= { made: (globalThis.made = (globalThis.made ?? 0) + 1) };})();\n//# sourceMappingURL=annotate.js.map\n`;
  afterEach(() => {
    delete (globalThis as { [KEY]?: unknown })[KEY];
    delete (globalThis as { made?: number }).made;
  });

  it('answers the look, registers the annotator, and says it was not there before; once it is, that it was', async () => {
    const page = new DOMParser().parseFromString(`<article><p>${'Et langt stykke tekst om havnen og færgen. '.repeat(40)}</p></article>`, 'text/html');
    vi.stubGlobal('document', page);
    const expected = readPageFacts(SIGNAL_WORD_LIMIT, null, 'parsed', 1500, true) as { facts: object };
    const first = (await (0, eval)(annotatedLookSource(bundle))) as { facts: { annotator?: boolean } };
    expect(first).toEqual({ ...expected, facts: { ...expected.facts, annotator: false } });
    const second = (await (0, eval)(annotatedLookSource(bundle))) as { facts: { annotator?: boolean } };
    expect(second.facts.annotator).toBe(true);
    expect((globalThis as { made?: number }).made).toBe(1);
    // Nothing of the note is left behind.
    expect(Object.getOwnPropertySymbols(globalThis).filter((s) => s.description === 'kontekst.annotator-new')).toEqual([]);
  });

  it('is strict, as the bundle is, and carries no source-map comment of the bundle (its map is written beside it)', () => {
    const source = annotatedLookSource(bundle);
    expect(source.startsWith('"use strict";\n')).toBe(true);
    expect(source).not.toContain('sourceMappingURL');
    expect(source.split('\n')[2]).toBe(bundle.split('\n')[0]);
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
