// Issue 12: the caps on what a page can make the background do hold when Chrome stops and starts
// Kontekst's service worker (it does so after 30 s idle, and a page can wait for that or bring it
// about). A page spends its cap of address changes (history.pushState, MAX_PAGE_DETECTIONS a
// minute), the service worker is stopped (CDP Target.closeTarget on its target, as
// bench/time-to-marks.ts does), and the page then changes its address once more with an
// article's text in it: a worker that started with fresh counts would read it and mark it; the
// counts kept in storage.session refuse it. Firefox's event page has no protocol call that
// unloads it on demand: it is launched with extensions.background.idle.timeout at 1 s (as
// bench/time-to-marks.ts does), and the test waits until Firefox reports the event page stopped
// (extension.backgroundState, read from the browser window) and then started again by the move.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE_DETECTIONS } from '../../src/background/page-caps';
import { type ChromiumExtensionBrowser, launchChromium } from './support/chromium';
import type { ExtensionBrowser, Tab } from './support/driver';
import { type FirefoxExtensionBrowser, launchFirefox } from './support/firefox';
import { ARTICLE_URL, defaultRoutes } from './support/fixtures';
import { seedArticleText } from './support/framework-pages';
import { readMarks } from './support/page-probes';
import { type FixtureServer, startFixtureServer } from './support/server';
import { sleep, waitFor } from './support/wait';

const DIST = process.env.KONTEKST_DIST ?? 'dist';
const PROBE = 'http://probe.example/start';
/** Small pages served at once: loaded, or nearly, by the time the background's first look reaches them. */
const BLANK = 'http://blank.example/';
const BLANK_PAGE = '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>blank</title></head><body><p>blank</p></body></html>';
/** Rounds of a blank page and the article: more loads than the page's cap of moves (MAX_PAGE_DETECTIONS), within a minute. */
const FAST_ROUNDS = 14;

// A single-page site: it moves its address without loading (each move is a detection the page
// starts) and can put the seed article's text in its page.
const probePage = (): string => {
  const article = JSON.stringify(seedArticleText).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Forside</title></head>
<body><main id="main"><h1>Forside</h1><p>Seneste nyt fra ind- og udland.</p></main>
<script>
window.move = function (path) { history.pushState({}, '', path); };
window.becomeArticle = function () {
  var a = ${article};
  var main = document.getElementById('main');
  main.textContent = '';
  var article = document.createElement('article');
  var h1 = document.createElement('h1'); h1.textContent = a.headline; article.appendChild(h1);
  a.paragraphs.forEach(function (text) { var p = document.createElement('p'); p.textContent = text; article.appendChild(p); });
  main.appendChild(article);
};
</script></body></html>`;
};

/** The extension's service-worker targets (none while it is stopped). */
async function workerTargets(browser: ChromiumExtensionBrowser): Promise<string[]> {
  const cdp = await browser.context.browser()?.newBrowserCDPSession();
  if (!cdp) throw new Error('no browser for the persistent context');
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    return targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(browser.extensionOrigin)).map((t) => t.targetId);
  } finally {
    await cdp.detach();
  }
}

/** Stops the service worker as Chrome does after 30 s idle (everything it held in memory goes). */
async function stopWorker(browser: ChromiumExtensionBrowser): Promise<void> {
  const before = await workerTargets(browser);
  const cdp = await browser.context.browser()?.newBrowserCDPSession();
  if (!cdp) throw new Error('no browser for the persistent context');
  try {
    for (const targetId of before) await cdp.send('Target.closeTarget', { targetId });
  } finally {
    await cdp.detach();
  }
  await waitFor('the service worker to stop', () => workerTargets(browser), (ids) => ids.length === 0, 5_000);
}

type Move = (path: string) => void;

/**
 * The scenario for one browser: the page spends its cap, `restart` stops the background and the
 * page's next move (with the article's text) must start it again and still not be read; the same
 * page in a fresh tab is marked.
 */
async function spendCapThenRestart(browser: ExtensionBrowser, restart: { stop(): Promise<void>; started(): Promise<void> }): Promise<void> {
  const tab = await browser.open(PROBE);
  try {
    // The page spends its cap: address after address, each read by the background (one detection
    // at a time; spaced so that each starts one of its own).
    for (let i = 0; i < MAX_PAGE_DETECTIONS + 10; i++) {
      await tab.evaluate((path) => (window as unknown as { move: Move }).move(path), `/p${i}`);
      await sleep(250);
    }
    // Past the cap, the article's text at a new address is not read (the page learns nothing from it).
    await tab.evaluate(() => (window as unknown as { becomeArticle(): void }).becomeArticle());
    await tab.evaluate(() => (window as unknown as { move: Move }).move('/artikel-1'));
    await sleep(3000);
    expect((await readMarks(tab)).claimRanges, 'capped before the restart').toBe(0);

    await restart.stop();
    // The page moves again; the browser starts the background afresh to tell it.
    await tab.evaluate(() => (window as unknown as { move: Move }).move('/artikel-2'));
    await restart.started();
    await sleep(4000);
    expect((await readMarks(tab)).claimRanges, 'capped after the restart').toBe(0);
  } finally {
    await tab.close();
  }
  // The same page in a new tab (a cap of its own) is read and marked: what was refused above was the cap.
  const fresh = await browser.open(PROBE);
  try {
    await fresh.evaluate(() => (window as unknown as { becomeArticle(): void }).becomeArticle());
    await fresh.evaluate(() => (window as unknown as { move: Move }).move('/artikel-3'));
    await waitFor('the article marked in a fresh tab', () => readMarks(fresh), (m) => m.claimRanges > 0, 15_000);
  } finally {
    await fresh.close();
  }
}

/**
 * A reader loading pages fast in one tab: a small page on another site (loaded, or nearly, before
 * the background's first look reaches it) then the article, round after round, more loads than
 * the page's own cap of moves. Firefox reports each load twice, first without the address; where
 * both first looks found the same parsed document, the second was taken for the page moving its
 * address (5 of 28 such loads here before the fix), and a reader past 20 of those a minute got
 * no marks. Every article is marked, and not one load counts against the page's cap of moves.
 */
async function fastLoadsCountAsLoads(browser: ExtensionBrowser): Promise<void> {
  const tab = await browser.open(BLANK);
  try {
    for (let i = 0; i < FAST_ROUNDS; i++) {
      await tab.goto(`${BLANK}?n=${i}`);
      await tab.goto(ARTICLE_URL);
      await waitFor(`the article of round ${i + 1} marked`, () => readMarks(tab), (m) => m.claimRanges > 0, 8_000);
    }
    const spent = await spentBy(browser, tab);
    expect(spent.moves).toBe(0);
    // Every article's load counted as a load (each was judged: it is marked). Not asserted for
    // the blank pages: a CI run in Chromium counted 27 of the 28 loads, none as a move. Likely, not
    // shown: a blank page its first look found loaded is judged at its load event, and a page the
    // reader has left by the time the browser reports that event is never judged, so not counted.
    expect(spent.loads).toBeGreaterThanOrEqual(FAST_ROUNDS);
  } finally {
    await tab.close();
  }
}

/** What a tab has spent of the page's cap of moves and of the cap of loads (times kept in storage.session: page-budget.ts). */
async function spentBy(browser: ExtensionBrowser, tab: Tab): Promise<{ moves: number; loads: number }> {
  const tabId = await tab.tabId();
  return browser.extensionEval(async (api, id) => {
    const stored = await api.storage.session.get([`budget-page:${id}`, `budget-load:${id}`]);
    const count = (key: string): number => (Array.isArray(stored[key]) ? (stored[key] as unknown[]).length : 0);
    return { moves: count(`budget-page:${id}`), loads: count(`budget-load:${id}`) };
  }, tabId);
}

/**
 * A page moving to the address it already has (history.pushState or replaceState): Chrome
 * reports it like a load with no address (the address did not change), Firefox as an address
 * change. Either way the page's own doing, counted against its cap of moves, never as a load.
 */
async function sameAddressMovesAreMoves(browser: ExtensionBrowser): Promise<void> {
  const tab = await browser.open(PROBE);
  try {
    // The load's own detections (Firefox may judge the new document on both its reports) are done by then.
    await sleep(1500);
    const before = await spentBy(browser, tab);
    for (let i = 0; i < 6; i++) {
      await tab.evaluate((replace) => (replace ? history.replaceState({}, '', location.href) : history.pushState({}, '', location.href)), i % 2 === 1);
      await sleep(300);
    }
    const after = await waitFor('the moves counted', () => spentBy(browser, tab), (spent) => spent.moves > before.moves, 5_000);
    expect(after.loads).toBe(before.loads);
  } finally {
    await tab.close();
  }
}

describe('caps that outlive the service worker (Chromium)', () => {
  let server: FixtureServer;
  let browser: ChromiumExtensionBrowser;

  beforeAll(async () => {
    const routes = defaultRoutes();
    routes.set(PROBE, { body: probePage() });
    routes.set(BLANK, { body: BLANK_PAGE });
    server = await startFixtureServer(routes);
    browser = await launchChromium(server, { extensionDir: `${DIST}/chrome` });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 30_000);

  it('a reader loading more pages a minute than the cap of moves (small ones loaded before the first look) gets every article marked, each load counted as a load', async () => {
    await fastLoadsCountAsLoads(browser);
  }, 120_000);

  it('a page moving to the address it has (pushState, replaceState) spends its cap of moves, not of loads', async () => {
    await sameAddressMovesAreMoves(browser);
  }, 60_000);

  it('a page that spent its cap of address changes gets no fresh cap when the service worker stops and starts again', async () => {
    await spendCapThenRestart(browser, {
      stop: () => stopWorker(browser),
      started: async () => void (await waitFor('the service worker to start again', () => workerTargets(browser), (ids) => ids.length > 0, 10_000)),
    });
  }, 120_000);

  it('writes no error to any console', () => {
    expect(browser.consoleErrors()).toEqual([]);
  });
});

/** Firefox unloads an idle event page after this long (extensions.background.idle.timeout). */
const FIREFOX_IDLE_MS = 1000;

describe('caps that outlive the event page (Firefox)', () => {
  let server: FixtureServer;
  let browser: FirefoxExtensionBrowser;

  beforeAll(async () => {
    const routes = defaultRoutes();
    routes.set(PROBE, { body: probePage() });
    routes.set(BLANK, { body: BLANK_PAGE });
    server = await startFixtureServer(routes);
    browser = await launchFirefox(server, { extensionDir: `${DIST}/firefox`, prefs: { 'extensions.background.idle.timeout': FIREFOX_IDLE_MS } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 30_000);

  it('a reader loading more pages a minute than the cap of moves (small ones loaded before the first look) gets every article marked, each load counted as a load', async () => {
    await fastLoadsCountAsLoads(browser);
  }, 120_000);

  it('a page moving to the address it has (pushState, replaceState) spends its cap of moves, not of loads', async () => {
    await sameAddressMovesAreMoves(browser);
  }, 60_000);

  it('a page that spent its cap of address changes gets no fresh cap when the event page unloads and starts again', async () => {
    await spendCapThenRestart(browser, {
      // Nothing touches the extension now: Firefox unloads the idle event page (memory and all).
      stop: async () => void (await waitFor('the event page to unload', () => browser.backgroundState(), (state) => state === 'stopped', 15_000)),
      // Polled every ~100 ms; a started event page stays at least the idle time before it unloads again.
      started: async () => void (await waitFor('the event page to start again', () => browser.backgroundState(), (state) => state !== 'stopped', 5_000)),
    });
  }, 120_000);

  it('writes no error to any console', () => {
    expect(browser.consoleErrors()).toEqual([]);
  });
});
