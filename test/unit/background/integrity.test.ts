// What a page can make the background do (src/background, with the extension APIs faked): nothing
// is injected, inserted or registered in a page until its text carries the article (an address,
// canonical or og:url match alone is not enough), the stylesheet goes in only once a claim is
// marked and comes out when the marks do, and what a page can trigger (address changes, reports)
// is capped per tab, so a page cannot use Kontekst to learn which articles the reader's data holds.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readSignals } from '../../../src/core/recognition/page-signals';
import { MAX_PAGE_DETECTIONS, MAX_PAGE_LOADS, MAX_PAGE_REPORTS, PAGE_WINDOW_MS } from '../../../src/background/page-caps';
import { envelope } from '../../../src/shared/messages';
import { EXTENSION_BASE, EXTENSION_ID, type FakeBrowser, restartBackground, startBackground } from '../../support/fake-browser';
import { PAGES, SEED_URL, seedArticle } from '../../support/seed';

vi.mock('webextension-polyfill', () => ({
  default: new Proxy({}, { get: (_target, key) => (globalThis as unknown as { browser: Record<string | symbol, unknown> }).browser[key] }),
}));

type Facts = { canonical: string | null; ogUrl: string | null; text: string };

/** What the page reader finds in a fixture page of test/fixtures/pages. */
function factsOf(name: string, url: string): Facts {
  const { canonical, ogUrl, text } = readSignals(new JSDOM(readFileSync(`${PAGES}/${name}.html`, 'utf8'), { url }).window.document, url);
  return { canonical, ogUrl, text };
}

const PAYWALL = factsOf('paywall', SEED_URL);
const FULL = factsOf('tracking-copy', 'https://aggregator.example/story/1');
const NOTHING: Facts = { canonical: null, ogUrl: null, text: '' };
const popup = { id: EXTENSION_ID, url: `${EXTENSION_BASE}popup/popup.html` };
const contentSender = (url: string) => ({ id: EXTENSION_ID, url, tab: { id: 7 }, frameId: 0 });

let browser: FakeBrowser;

beforeEach(async () => {
  browser = await startBackground([seedArticle()]);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** The page in tab 7 at `url` with `facts` fires tabs.onUpdated with `change`; resolves with what detection did. */
function update(url: string, facts: Facts, change: object = { status: 'complete' }): Promise<unknown> | undefined {
  browser.page.url = url;
  browser.page.facts = facts;
  const listener = browser.tabs.onUpdated.listeners[0] as (tabId: number, change: object, tab: object) => Promise<unknown> | undefined;
  return listener(7, change, { id: 7, url, status: (change as { status?: string }).status ?? 'complete' });
}

/** history.pushState to `url`: the browser reports the new address of a complete tab. */
const pushState = (url: string, facts: Facts): Promise<unknown> | undefined => update(url, facts, { url });

/** Everything the background did to the page: functions run, files injected, stylesheets inserted or removed. */
function pageCalls(): string[] {
  return browser.calls
    .filter((c) => c.api.startsWith('scripting.'))
    .map((c) => {
      const injection = c.args[0] as { func?: { name: string }; args?: unknown[]; files?: string[] };
      // The first look at a page that starts loading (readPageFacts once it is parsed; in a loaded
      // document, read only when the report named the address: 'addressedLook').
      const what = injection.args?.[2] === 'parsed' ? (injection.args[4] === true ? 'addressedLook' : 'firstLook') : injection.func?.name ?? injection.files?.join(',') ?? '?';
      return c.api === 'scripting.executeScript' ? what : `${c.api.slice('scripting.'.length)} ${what}`;
    });
}

async function send(type: string, payload: unknown, sender: object): Promise<unknown> {
  const listener = browser.runtime.onMessage.listeners[0] as (message: unknown, sender: object) => Promise<unknown> | undefined;
  return listener(envelope(type, payload), sender);
}

const anchored = (statuses: string[]) => ({ claims: statuses.map((status, i) => ({ id: seedArticle().claims[i]?.id as string, status })) });

describe('nothing reaches a page until its text carries the article', () => {
  it.each([
    { reason: 'a canonical link to a known article and none of its text', url: 'https://probe.example/a', facts: { ...NOTHING, canonical: SEED_URL } },
    { reason: 'an og:url naming a known article and none of its text', url: 'https://probe.example/b', facts: { ...NOTHING, ogUrl: SEED_URL } },
    { reason: "the article's own address with none of its text (a shell, an error page)", url: SEED_URL, facts: NOTHING },
    { reason: 'a canonical link and one short line of the article (25 characters: any page can carry a line)', url: 'https://probe.example/c', facts: { canonical: SEED_URL, ogUrl: null, text: 'Forside. Det skriver The Guardian. Læs mere.' } },
  ])('$reason: nothing injected, no stylesheet, the popup says it is no article', async ({ url, facts }) => {
    expect(await update(url, facts)).toBe('none');
    // The page reader (which leaves the growth watcher), then the watcher told to look again after
    // a few sentences (the article's text may be on its way): nothing the page's own scripts see.
    expect(pageCalls()).toEqual(['readPageFacts', 'lowerGrowth']);
    const state = (await send('popup:get-state', { tabId: 7 }, popup)) as { status: string; article: unknown };
    expect(state).toMatchObject({ status: 'not-article', article: null });
  });

  it.each([
    { browserName: 'chromium' as const, look: 'addressedLook' },
    { browserName: 'firefox' as const, look: 'injected/first-look-addressed.js' },
  ])("$browserName: a new document at the article's own address without its text, in a background that has its address table (it marked the article before): the look and the watcher's call, nothing else", async ({ browserName, look }) => {
    if (browserName === 'firefox') Object.assign(browser.runtime, { getBrowserInfo: async () => ({ name: 'Firefox', vendor: 'Mozilla', version: '140.0', buildID: '' }) });
    browser.annotatorReport = anchored(['exact', 'exact', 'exact']);
    browser.page.parse = { state: 'loading', documentId: 'marked' };
    void update(SEED_URL, PAYWALL, { status: 'loading', url: SEED_URL });
    expect(await update(SEED_URL, PAYWALL)).toBe('annotate');
    // The reader goes on to a shell at the same address (an error page, a page still to render its article).
    browser.page.parse = { state: 'loading', documentId: 'shell' };
    browser.calls.length = 0;
    void update(SEED_URL, NOTHING, { status: 'loading', url: SEED_URL });
    expect(await update(SEED_URL, NOTHING)).toBe('none');
    // (The annotator of the document before is told to clear, a no-op in a document without one.)
    expect(pageCalls().filter((call) => call !== 'clearAnnotator' && call !== 'removeCSS content/page.css')).toEqual([look, 'lowerGrowth']);
  });

  it('a known address looks exactly like an unknown one to the page while its text is absent', async () => {
    await update('https://probe.example/unknown', NOTHING);
    const unknown = pageCalls();
    browser.calls.length = 0;
    await update('https://probe.example/known', { ...NOTHING, canonical: SEED_URL });
    // Only the watcher, in Kontekst's isolated world, is told to look again sooner.
    expect(pageCalls()).toEqual([...unknown, 'lowerGrowth']);
  });

  it('the paywalled article at its own address (three paragraphs, three claims) is marked', async () => {
    browser.annotatorReport = anchored(['exact', 'exact', 'exact']);
    expect(await update(SEED_URL, PAYWALL)).toBe('annotate');
    // The start, the bundle and the stylesheet go in together, so the start's answer needs no call back.
    expect(pageCalls()).toEqual(['readPageFacts', 'startOrStash', 'content/annotate.js', 'insertCSS content/page.css']);
  });

  it('a copy with a canonical link and the whole text is marked', async () => {
    expect(await update('https://aggregator.example/story/1', FULL)).toBe('annotate');
  });

  it('a known address whose text arrives later is marked when it arrives', async () => {
    expect(await update(SEED_URL, NOTHING)).toBe('none');
    browser.page.facts = PAYWALL;
    await send('content:changed', {}, contentSender(SEED_URL));
    await vi.waitFor(() => expect(pageCalls()).toContain('content/annotate.js'));
  });
});

describe("Kontekst's stylesheet is in the page only while a claim is marked", () => {
  it("goes in with the annotator's bundle, and stays only once a claim is reported marked", async () => {
    await update(SEED_URL, PAYWALL);
    // The start has no answer here: the sheet that went in with the bundle comes out again.
    expect(pageCalls().filter((c) => c.includes('CSS'))).toEqual(['insertCSS content/page.css', 'removeCSS content/page.css']);
    await send('content:anchored', anchored(['exact', 'missing']), contentSender(SEED_URL));
    expect(pageCalls().filter((c) => c.includes('CSS'))).toEqual(['insertCSS content/page.css', 'removeCSS content/page.css', 'removeCSS content/page.css', 'insertCSS content/page.css']);
  });

  it.each([
    { report: anchored(['exact', 'missing']), calls: [], badge: '1', reason: 'a marked claim: the sheet went in with the bundle (no removeCSS before it in a document the bundle just went into), so the markers need no answer' },
    { report: anchored(['missing', 'missing']), calls: ['removeCSS content/page.css'], badge: '', reason: 'nothing marked: the sheet comes out again' },
    { report: { claims: [{ id: '<b>', status: 'exact' }] }, calls: ['removeCSS content/page.css'], badge: '', reason: 'a malformed answer: nothing recorded, and the sheet comes out again' },
  ])("takes the annotator's answer to its start as its first report ($reason)", async ({ report, calls, badge }) => {
    browser.annotatorReport = report;
    await firstReport(calls, badge);
  });

  // The start and the bundle go into the page together; whichever runs first, the report comes back once.
  it.each([
    { report: anchored(['exact', 'missing']), calls: [], badge: '1', reason: 'a marked claim' },
    { report: anchored(['missing', 'missing']), calls: ['removeCSS content/page.css'], badge: '', reason: 'nothing marked' },
  ])("takes the report from the start itself when the bundle ran first ($reason)", async ({ report, calls, badge }) => {
    browser.annotatorReport = report;
    browser.bundleFirst = true;
    await firstReport(calls, badge);
  });

  /** Loads the paywalled article and checks the calls after the start and the badges it got. */
  async function firstReport(calls: string[], badge: string): Promise<void> {
    await update(SEED_URL, PAYWALL);
    const all = pageCalls();
    // The start, the bundle and the sheet, together (the start's answer or, where it waited for the bundle, the bundle's is the report).
    expect(all.slice(all.indexOf('startOrStash'), all.indexOf('startOrStash') + 3)).toEqual(['startOrStash', 'content/annotate.js', 'insertCSS content/page.css']);
    expect(all.slice(all.indexOf('startOrStash') + 3)).toEqual(calls);
    const badges = browser.calls.filter((c) => c.api === 'action.setBadgeText').map((c) => (c.args[0] as { text: string }).text);
    expect(badges.filter((text) => text !== '')).toEqual(badge ? [badge] : []);
  }

  it('is taken out before it goes in again in a document that had it (Firefox refuses a second copy)', async () => {
    await update(SEED_URL, PAYWALL);
    await send('content:anchored', anchored(['missing', 'missing']), contentSender(SEED_URL));
    const before = pageCalls().length;
    await send('content:anchored', anchored(['exact', 'missing']), contentSender(SEED_URL));
    expect(pageCalls().slice(before)).toEqual(['removeCSS content/page.css', 'insertCSS content/page.css']);
  });

  it('does not stay when the annotator marks nothing', async () => {
    browser.annotatorReport = anchored(['missing', 'missing']);
    await update(SEED_URL, PAYWALL);
    await send('content:anchored', anchored(['missing', 'missing']), contentSender(SEED_URL));
    expect(pageCalls().filter((c) => c.includes('CSS'))).toEqual(['insertCSS content/page.css', 'removeCSS content/page.css']);
  });

  it('comes out when the page clears its marks', async () => {
    await update(SEED_URL, PAYWALL);
    await send('content:anchored', anchored(['exact']), contentSender(SEED_URL));
    await send('content:cleared', {}, contentSender(SEED_URL));
    expect(pageCalls().at(-1)).toBe('removeCSS content/page.css');
  });

  it('comes out when the marked claims go (the page removed their text)', async () => {
    await update(SEED_URL, PAYWALL);
    await send('content:anchored', anchored(['exact']), contentSender(SEED_URL));
    await send('content:anchored', anchored(['missing']), contentSender(SEED_URL));
    expect(pageCalls().at(-1)).toBe('removeCSS content/page.css');
  });

  it('comes out when Kontekst is turned off on a marked page', async () => {
    await update(SEED_URL, PAYWALL);
    await send('content:anchored', anchored(['exact']), contentSender(SEED_URL));
    await send('popup:set-enabled', { enabled: false }, popup);
    await vi.waitFor(() => expect(pageCalls()).toContain('clearAnnotator'));
    expect(pageCalls().slice(pageCalls().indexOf('clearAnnotator'))).toContain('removeCSS content/page.css');
  });
});

describe('what a page can trigger is capped per tab', () => {
  it('probing by address after address (history.pushState) runs at most the cap of detections per window, and reveals nothing', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    await update('https://probe.example/', NOTHING);
    // The document's load is counted apart (MAX_PAGE_LOADS): what follows is the page's own doing.
    browser.calls.length = 0;
    const outcomes: unknown[] = [];
    for (let i = 0; i < 60; i++) {
      // Every other address names a known article in its canonical link.
      outcomes.push(await pushState(`https://probe.example/p${i}`, { ...NOTHING, canonical: i % 2 ? SEED_URL : `https://elsewhere.example/${i}` }));
    }
    expect(outcomes.filter((o) => o === 'annotate')).toEqual([]);
    const reads = pageCalls().filter((c) => c === 'readPageFacts').length;
    expect(reads).toBeLessThanOrEqual(MAX_PAGE_DETECTIONS);
    expect(outcomes.filter((o) => o === 'capped').length).toBeGreaterThan(0);
    // After the window, the page as it is then is detected once more (a reader's page is not left unmarked).
    browser.page.facts = PAYWALL;
    browser.page.url = SEED_URL;
    await vi.advanceTimersByTimeAsync(PAGE_WINDOW_MS + 10);
    await vi.waitFor(() => expect(pageCalls()).toContain('content/annotate.js'));
  });

  it('reports from a page beyond the cap are dropped without any work', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    await update('https://probe.example/', NOTHING);
    browser.calls.length = 0;
    const answers: unknown[] = [];
    for (let i = 0; i < MAX_PAGE_REPORTS + 50; i++) answers.push(await send('content:anchored', anchored(['missing']), contentSender('https://probe.example/')));
    expect(answers.filter((a) => a === undefined).length).toBe(50);
    const badges = browser.calls.filter((c) => c.api === 'action.setBadgeText').length;
    expect(badges).toBeLessThanOrEqual(MAX_PAGE_REPORTS);
  });

  it("Chrome reports history.pushState as a load ('loading' with the address, then 'complete', the same document): counted against the page's cap of 20, not the 60 loads", async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    // A real load: the waiter finds the new document while it is parsed.
    update('https://probe.example/', NOTHING, { status: 'loading', url: 'https://probe.example/' });
    await update('https://probe.example/', NOTHING);
    browser.calls.length = 0;
    browser.page.parse = { ...browser.page.parse, state: 'complete' };
    const outcomes: unknown[] = [];
    for (let i = 0; i < MAX_PAGE_DETECTIONS + 20; i++) {
      const url = `https://probe.example/p${i}`;
      update(url, { ...NOTHING, canonical: i % 2 ? SEED_URL : null }, { status: 'loading', url });
      outcomes.push(await update(url, { ...NOTHING, canonical: i % 2 ? SEED_URL : null }));
    }
    // The loaded page is read once per detection (in its look, the report naming the address), never past the cap.
    expect(pageCalls().filter((c) => c === 'readPageFacts' || c === 'addressedLook').length).toBe(MAX_PAGE_DETECTIONS);
    expect(outcomes.filter((o) => o === 'capped').length).toBe(20);
  });

  it('growth reports beyond the cap start no detection', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    await update('https://probe.example/', NOTHING);
    browser.calls.length = 0;
    for (let i = 0; i < 100; i++) {
      await send('content:changed', {}, contentSender('https://probe.example/'));
      // Each report's detection ends before the next report (a page spacing its growth out).
      for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(pageCalls().filter((c) => c === 'readPageFacts').length).toBeLessThanOrEqual(MAX_PAGE_DETECTIONS);
  });

  it('a reader following links loads article after article in one tab: each new document is marked, however many a minute (up to one a second)', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const outcomes: unknown[] = [];
    for (let i = 0; i < 30; i++) {
      // A front page, then an article from it: 60 loads within two seconds of each other.
      await vi.advanceTimersByTimeAsync(500);
      outcomes.push(await update(`https://front.example/?from=${i}`, NOTHING));
      await vi.advanceTimersByTimeAsync(500);
      outcomes.push(await update(SEED_URL, PAYWALL));
    }
    expect(outcomes.filter((o) => o === 'capped')).toEqual([]);
    expect(outcomes.filter((o) => o === 'annotate').length).toBe(30);
  });

  // A page that has already been parsed (or loaded) when the first look reaches it: in Firefox the
  // bench's blank pages, and any small page served fast. Firefox reports each load twice, first
  // without the address (the tab still shows the one it leaves; no look), then with it; its look
  // finds the new document, which must not be taken for the page moving its own address.
  const onUpdated = (change: object, tabUrl: string, status: string): Promise<unknown> | undefined =>
    (browser.tabs.onUpdated.listeners[0] as (tabId: number, change: object, tab: object) => Promise<unknown> | undefined)(7, change, { id: 7, url: tabUrl, status });
  /** Lets every pending promise run (the fake browser answers at once; setImmediate is not faked). */
  const settle = async (): Promise<void> => {
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
  };
  type Load = { from: string; url: string; facts: Facts; document: string; state: 'interactive' | 'complete' };
  /** Holds the next first look until the returned function is called (a look the page keeps waiting). */
  const holdNextLook = (): (() => void) => {
    const real = browser.scripting.executeScript;
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    browser.scripting.executeScript = async (injection) => {
      if (injection.args?.[2] !== 'parsed') return real(injection);
      browser.scripting.executeScript = real;
      await gate;
      return real(injection);
    };
    return release;
  };
  /** The background as it runs in Firefox (its runtime has getBrowserInfo): the report of a load's start gets no look. */
  const inFirefox = (): void => void Object.assign(browser.runtime, { getBrowserInfo: async () => ({ name: 'Firefox', vendor: 'Mozilla', version: '140.0', buildID: '' }) });
  const reportsOf: Record<'Firefox' | 'Firefox, load event first' | 'Chrome', (load: Load) => Promise<unknown>> = {
    Firefox: async ({ from, url }) => {
      inFirefox();
      onUpdated({ status: 'loading' }, from, 'loading');
      // The first look answers before the second report comes.
      await settle();
      onUpdated({ status: 'loading', url }, url, 'loading');
      await settle();
      return onUpdated({ status: 'complete' }, url, 'complete');
    },
    // As seen in Firefox with pages served at once: the load event comes before the second look answers.
    'Firefox, load event first': async ({ from, url }) => {
      inFirefox();
      onUpdated({ status: 'loading' }, from, 'loading');
      await settle();
      const release = holdNextLook();
      onUpdated({ status: 'loading', url }, url, 'loading');
      const loaded = onUpdated({ status: 'complete' }, url, 'complete');
      await settle();
      release();
      return loaded;
    },
    Chrome: async ({ url }) => {
      onUpdated({ status: 'loading', url }, url, 'loading');
      await settle();
      return onUpdated({ status: 'complete' }, url, 'complete');
    },
  };

  it.each([
    { browserName: 'Firefox' as const, articleState: 'complete' as const },
    { browserName: 'Firefox' as const, articleState: 'interactive' as const },
    { browserName: 'Firefox, load event first' as const, articleState: 'complete' as const },
    { browserName: 'Chrome' as const, articleState: 'complete' as const },
    { browserName: 'Chrome' as const, articleState: 'interactive' as const },
  ])('$browserName: a reader loading more than 20 fast pages a minute in one tab (articles $articleState at the first look) gets every article marked', async ({ browserName, articleState }) => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    let from = 'https://front.example/';
    const articleOutcomes: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      // A blank page (loaded by the first look), then an article: 40 loads in 40 seconds.
      const loads: Load[] = [
        { from, url: `https://blank.example/?n=${i}`, facts: NOTHING, document: `blank-${i}`, state: 'complete' },
        { from: `https://blank.example/?n=${i}`, url: SEED_URL, facts: PAYWALL, document: `article-${i}`, state: articleState },
      ];
      for (const load of loads) {
        await vi.advanceTimersByTimeAsync(1000);
        browser.page.url = load.url;
        browser.page.facts = load.facts;
        browser.page.parse = { state: load.state, documentId: load.document };
        const outcome = await reportsOf[browserName](load);
        if (load.url === SEED_URL) articleOutcomes.push(outcome);
        from = load.url;
      }
    }
    expect(articleOutcomes).toEqual(Array.from({ length: 20 }, () => 'annotate'));
    // And the last one's annotator is handed its article.
    expect(browser.handedOver()?.article.id).toBe(seedArticle().id);
  });

  it.each([
    { reason: "Firefox: pushState to the address it has, while its images load ('loading' with the address)", browserName: 'Firefox' as const, state: 'interactive' as const, change: (url: string) => ({ status: 'loading', url }) },
    { reason: "Chrome: pushState to another address and back ('loading' with the address)", browserName: 'Chrome' as const, state: 'complete' as const, change: (url: string, i: number) => ({ status: 'loading', url: i % 2 ? url : `${url}#${i}` }) },
    { reason: "Chrome: pushState or replaceState to the address it has ('loading' with no address: it did not change)", browserName: 'Chrome' as const, state: 'complete' as const, change: () => ({ status: 'loading' }) },
  ])('a fast page cannot pass its own moves off as loads: $reason', async ({ browserName, state, change }) => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const url = 'https://probe.example/';
    browser.page.url = url;
    browser.page.parse = { state: 'interactive', documentId: 'probe' };
    expect(await reportsOf[browserName]({ from: 'https://front.example/', url, facts: NOTHING, document: 'probe', state: 'interactive' })).toBe('none');
    browser.page.parse = { state, documentId: 'probe' };
    browser.calls.length = 0;
    // Every detection starts by asking the browser for the tab's address (nothing else does here).
    const detections = vi.spyOn(browser.tabs, 'get');
    for (let i = 0; i < MAX_PAGE_LOADS; i++) {
      // A new text each time, in a minute: what the page would test against the reader's data.
      browser.page.facts = { ...NOTHING, canonical: i % 2 ? SEED_URL : null, text: `Tekst ${i}.` };
      const moved = change(url, i) as { url?: string };
      onUpdated(moved, moved.url ?? url, 'loading');
      await settle();
      await onUpdated({ status: 'complete' }, moved.url ?? url, 'complete');
    }
    // The page made at most its cap of detections.
    expect(detections.mock.calls.length).toBeLessThanOrEqual(MAX_PAGE_DETECTIONS);
  });

  it('a page that used up its cap of address changes does not hold up the next document', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    await update('https://probe.example/', NOTHING);
    for (let i = 0; i < MAX_PAGE_DETECTIONS + 5; i++) await pushState(`https://probe.example/p${i}`, NOTHING);
    expect(await pushState('https://probe.example/last', NOTHING)).toBe('capped');
    expect(await update(SEED_URL, PAYWALL)).toBe('annotate');
  });

  it('a page that reloads itself (or moves to another document) again and again is held to the cap of loads', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const outcomes: unknown[] = [];
    for (let i = 0; i < MAX_PAGE_LOADS + 20; i++) outcomes.push(await update(`https://probe.example/${i}`, NOTHING));
    expect(outcomes.filter((o) => o !== 'capped').length).toBe(MAX_PAGE_LOADS);
    expect(pageCalls().filter((c) => c === 'readPageFacts').length).toBe(MAX_PAGE_LOADS);
  });

  it('the caps outlive a restart of the background (Chrome stops an idle service worker): a page gets no fresh window by waiting for one', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    await update('https://probe.example/', NOTHING);
    for (let i = 0; i < MAX_PAGE_DETECTIONS; i++) await pushState(`https://probe.example/p${i}`, NOTHING);
    expect(await pushState('https://probe.example/last', NOTHING)).toBe('capped');
    const report = (): Promise<unknown> => send('content:anchored', anchored(['missing']), contentSender('https://probe.example/last'));
    for (let i = 0; i < MAX_PAGE_REPORTS; i++) expect(await report()).not.toBeUndefined();
    expect(await report()).toBeUndefined();

    await restartBackground(browser);
    browser.calls.length = 0;
    // The article's text at a new address is not read; the tab's reports are still dropped.
    expect(await pushState('https://probe.example/article', PAYWALL)).toBe('capped');
    expect(pageCalls()).toEqual([]);
    expect(await report()).toBeUndefined();
    // The window passes: the page as it is then is detected (by the restarted background's own timer).
    await vi.advanceTimersByTimeAsync(PAGE_WINDOW_MS + 10);
    await vi.waitFor(() => expect(pageCalls()).toContain('content/annotate.js'));
    expect(await report()).not.toBeUndefined();
  });

  it("after a restart of the background, Chrome's report of a pushState is still the page's own move (the document it was is remembered in storage.session)", async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    update('https://probe.example/', NOTHING, { status: 'loading', url: 'https://probe.example/' });
    await update('https://probe.example/', NOTHING);
    browser.page.parse = { ...browser.page.parse, state: 'complete' };
    const chromePushState = (url: string, facts: Facts): Promise<unknown> | undefined => {
      update(url, facts, { status: 'loading', url });
      return update(url, facts);
    };
    for (let i = 0; i < MAX_PAGE_DETECTIONS; i++) await chromePushState(`https://probe.example/p${i}`, NOTHING);
    await restartBackground(browser);
    expect(await chromePushState('https://probe.example/article', PAYWALL)).toBe('capped');
  });

  it('counts stored by an earlier run that are not times count as nothing', async () => {
    await browser.storage.session.set({ 'budget-page:7': ['x', null, { t: 1 }], 'budget-reports:7': 'garbage' });
    await restartBackground(browser);
    expect(await pushState('https://probe.example/article', PAYWALL)).toBe('annotate');
    expect(await send('content:anchored', anchored(['missing']), contentSender('https://probe.example/article'))).not.toBeUndefined();
  });

  it('caps are per tab: another tab is detected as usual', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    for (let i = 0; i < 40; i++) await pushState(`https://probe.example/p${i}`, NOTHING);
    browser.page.url = SEED_URL;
    browser.page.facts = PAYWALL;
    const listener = browser.tabs.onUpdated.listeners[0] as (tabId: number, change: object, tab: object) => Promise<unknown> | undefined;
    expect(await listener(8, { status: 'complete' }, { id: 8, url: SEED_URL, status: 'complete' })).toBe('annotate');
  });
});
