// Part: time to marks. How long after DOMContentLoaded a recognised article shows its marks, on
// pages whose subresources keep loading (an image the server answers after 10 s), by address (the
// seed article at its own address) and by content (the syndicated copy), in Chromium and Firefox,
// with the background warm (it just handled another page) and cold (Chromium: its service worker
// stopped through the DevTools protocol; Firefox: its event page unloaded after a 1 s idle
// timeout), with the bundled dataset and with 10,000 synthetic articles added to it.
// Measured in the page itself: a script added before the page's own records performance.now() at
// DOMContentLoaded and at the first animation frame in which the page's highlight registry holds
// Kontekst's claim highlight.
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser, type Page as PuppeteerPage } from 'puppeteer-core';
import { median, quantile, round } from './lib/stats';
import { allSitesGranted } from '../test/e2e/support/chromium';

export type BrowserName = 'chromium' | 'firefox';
export type Temperature = 'warm' | 'cold';

export interface MarksRow {
  browser: BrowserName;
  background: Temperature;
  dataset: string;
  by: 'address' | 'content';
  loads: number;
  /** Loads that showed no marks within the timeout. */
  missed: number;
  medianMs: number;
  p90Ms: number;
  maxMs: number;
}

/** One extension build to measure: its dataset's name and the unpacked folders. */
export interface MarksBuild {
  dataset: string;
  chrome: string;
  firefox: string;
}

export interface MarksSettings {
  loads: number;
  /** How long a load may take to show marks before it counts as missed. */
  timeoutMs: number;
  /** How long the server holds the page's image: the page keeps loading this long. */
  slowMs: number;
  /** The browsers to measure in. */
  browsers: readonly BrowserName[];
}

const SEED_ID = 'jp-2018-07-27-putin-inviterer-trump';
const SLOW_PATH = '/kontekst-bench/slow-image.png';
const BLANK_URL = 'http://blank.kontekst-bench.example/';
const GECKO_UUID = '8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

interface Target {
  by: 'address' | 'content';
  url: string;
  html: string;
}

/** The seed article at its own address, and the syndicated copy found by its text, each with an image that takes `slowMs`. */
function targets(root: string): Target[] {
  const withSlowImage = (html: string): string => html.replace(/<body([^>]*)>/i, `<body$1><img src="${SLOW_PATH}" alt="" width="40" height="40">`);
  const seed = JSON.parse(readFileSync(join(root, 'src/dataset/articles', `${SEED_ID}.json`), 'utf8')) as { urls: string[] };
  const syndicated = JSON.parse(readFileSync(join(root, 'test/fixtures/pages/syndicated.expected.json'), 'utf8')) as { url: string };
  const http = (url: string): string => url.replace(/^https:/, 'http:');
  return [
    { by: 'address', url: http(seed.urls[0] as string), html: withSlowImage(readFileSync(join(root, 'src/dataset/saved', `${SEED_ID}.html`), 'utf8')) },
    { by: 'content', url: http(syndicated.url), html: withSlowImage(readFileSync(join(root, 'test/fixtures/pages/syndicated.html'), 'utf8')) },
  ];
}

/** Answers every host: the targets at their addresses, a blank page, and the slow image after `slowMs`. */
async function serve(pages: readonly Target[], slowMs: number): Promise<{ port: number; close: () => Promise<void> }> {
  const byKey = new Map(pages.map((p) => [`${new URL(p.url).host}${new URL(p.url).pathname}`, p.html]));
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    if (url.pathname === SLOW_PATH) {
      const timer = setTimeout(() => response.end(), slowMs);
      response.on('close', () => clearTimeout(timer));
      return void response.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
    }
    const html = byKey.get(`${url.host}${url.pathname}`) ?? (url.pathname === '/' ? '<!doctype html><title>blank</title><p>blank</p>' : undefined);
    response.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(html ?? 'not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Runs in every page before its own scripts: the time of DOMContentLoaded and of the first frame with marks. */
const PAGE_CLOCK = `(() => {
  const t = { dcl: null, marks: null, visible: null };
  Object.defineProperty(window, '__kontekstBenchClock', { value: t });
  document.addEventListener('DOMContentLoaded', () => { t.dcl = performance.now(); t.visible = document.visibilityState === 'visible'; }, { once: true });
  const poll = () => {
    const claims = globalThis.CSS && CSS.highlights && CSS.highlights.get('kontekst-claim');
    if (claims && claims.size > 0) { t.marks = performance.now(); return; }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();`;

interface Clock {
  dcl: number | null;
  marks: number | null;
  /** Whether the page was shown at DOMContentLoaded (a hidden tab renders no frames). */
  visible: boolean | null;
}

/** What the measurement needs from a browser. */
interface Driver {
  /** Loads `url` until DOMContentLoaded. */
  goto(url: string): Promise<void>;
  clock(): Promise<Clock | null>;
  /** Makes the background cold: stopped, so the next page's events start it again. */
  chill(): Promise<void>;
  /** Goes on in a new tab (the old one closed): Kontekst caps the loads one tab can make it look at (60 a minute). */
  newTab(): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

async function chromiumDriver(extension: string, port: number, profile: string): Promise<Driver> {
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--disable-extensions-except=${extension}`, `--load-extension=${extension}`, `--host-resolver-rules=MAP * 127.0.0.1:${port}`],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const origin = new URL(worker.url()).origin;
  await context.addInitScript(PAGE_CLOCK);
  // Kontekst opens its welcome page on install: closed, so that no tab is in front of the bench's.
  for (const other of context.pages().filter((p) => p.url().includes('/welcome/'))) await other.close();
  let page = context.pages()[0] ?? (await context.newPage());
  await page.bringToFront();
  const browser = context.browser();
  if (!browser) throw new Error('no browser for the persistent context');
  const cdp = await browser.newBrowserCDPSession();
  const workerTargets = async (): Promise<string[]> => {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    return targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(origin)).map((t) => t.targetId);
  };
  return {
    goto: async (url) => void (await page.goto(url, { waitUntil: 'domcontentloaded' })),
    clock: () => page.evaluate(() => (window as unknown as { __kontekstBenchClock?: Clock }).__kontekstBenchClock ?? null),
    chill: async () => {
      // Closing the worker's target stops the service worker, as Chrome does after 30 s idle.
      for (const id of await workerTargets()) await cdp.send('Target.closeTarget', { targetId: id });
      for (let i = 0; i < 50 && (await workerTargets()).length > 0; i++) await sleep(20);
      if ((await workerTargets()).length > 0) throw new Error('the service worker did not stop');
    },
    newTab: async () => {
      const old = page;
      page = await context.newPage();
      await page.bringToFront();
      await old.close();
    },
    close: () => context.close(),
  };
}

/** Firefox unloads an idle event page after this long (extensions.background.idle.timeout). */
const FIREFOX_IDLE_MS = 1000;

async function firefoxDriver(extension: string, port: number): Promise<Driver> {
  const manifest = JSON.parse(readFileSync(join(extension, 'manifest.json'), 'utf8')) as { browser_specific_settings: { gecko: { id: string } } };
  const browser: PuppeteerBrowser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [manifest.browser_specific_settings.gecko.id]: GECKO_UUID }),
      'extensions.background.idle.timeout': FIREFOX_IDLE_MS,
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
    },
  });
  await browser.installExtension(resolve(extension));
  const open = async (): Promise<PuppeteerPage> => {
    const tab = await browser.newPage();
    await tab.evaluateOnNewDocument(PAGE_CLOCK);
    await tab.bringToFront();
    return tab;
  };
  let page: PuppeteerPage = await open();
  // Kontekst opens its welcome page on install, sometimes after the bench's tab and in front of
  // it (the loads would run in a hidden tab, which renders no frames): closed once it is there.
  for (let waited = 0; waited < 5000; waited += 100) {
    const welcome = (await browser.pages()).filter((other) => other !== page && other.url().includes('/welcome/'));
    if (welcome.length > 0) {
      for (const other of welcome) await other.close();
      break;
    }
    await sleep(100);
  }
  await page.bringToFront();
  return {
    goto: async (url) => void (await page.goto(url, { waitUntil: 'domcontentloaded' })),
    clock: () => page.evaluate(() => (window as unknown as { __kontekstBenchClock?: Clock }).__kontekstBenchClock ?? null),
    // Nothing touches the extension meanwhile, so its event page is unloaded.
    chill: () => sleep(FIREFOX_IDLE_MS * 2.5),
    newTab: async () => {
      const old = page;
      page = await open();
      await old.close();
    },
    close: () => browser.close(),
  };
}

/** One load: DOMContentLoaded to the first frame with marks, or null when none came in time. */
async function oneLoad(driver: Driver, url: string, timeoutMs: number): Promise<number | null> {
  await driver.goto(url);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const clock = await driver.clock();
    if (clock?.visible === false) throw new Error(`the bench's tab was hidden at DOMContentLoaded on ${url}: another tab is in front of it`);
    if (clock?.dcl != null && clock.marks != null) return clock.marks - clock.dcl;
    if (Date.now() > until) return null;
    await sleep(25);
  }
}

/** Time to marks for every build, browser, background temperature and target, loads interleaved. */
export async function measureTimeToMarks(root: string, work: string, builds: readonly MarksBuild[], settings: MarksSettings, log: (line: string) => void): Promise<MarksRow[]> {
  const pages = targets(root);
  const server = await serve(pages, settings.slowMs);
  const rows: MarksRow[] = [];
  try {
    for (const build of builds) {
      for (const name of settings.browsers) {
        // A reader who chose all sites: the syndicated copy is on no publisher's site (as installed,
        // Kontekst reads only the publishers' own sites; the article at its own address is one of them).
        const tag = `${name}-${build.dataset.replace(/\W/g, '')}`;
        const extension = allSitesGranted(name === 'chromium' ? build.chrome : build.firefox, join(work, `ttm-extension-${tag}`));
        const driver = name === 'chromium' ? await chromiumDriver(extension, server.port, join(work, `ttm-profile-${tag}`)) : await firefoxDriver(extension, server.port);
        try {
          const times = new Map<string, number[]>();
          const missed = new Map<string, number>();
          const warmup = 2;
          for (let i = 0; i < warmup + settings.loads; i++) {
            // Each round (eight loads) in a tab of its own: one tab loading pages faster than a
            // reader can (about 100 a minute here) reaches Kontekst's cap of 60 loads a minute per
            // tab, and its later pages are detected only when the window allows (marks seconds late).
            await driver.newTab();
            for (const temperature of ['warm', 'cold'] as const) {
              for (const target of pages) {
                const key = `${temperature}|${target.by}`;
                // The blank page's load wakes the background: warm unless chilled after it.
                await driver.goto(BLANK_URL);
                await sleep(150);
                if (temperature === 'cold') await driver.chill();
                const ms = await oneLoad(driver, target.url, settings.timeoutMs);
                if (i < warmup) continue;
                if (ms === null) missed.set(key, (missed.get(key) ?? 0) + 1);
                else times.set(key, [...(times.get(key) ?? []), ms]);
              }
            }
          }
          for (const temperature of ['warm', 'cold'] as const) {
            for (const target of pages) {
              const key = `${temperature}|${target.by}`;
              const values = times.get(key) ?? [];
              const row: MarksRow = {
                browser: name,
                background: temperature,
                dataset: build.dataset,
                by: target.by,
                loads: settings.loads,
                missed: missed.get(key) ?? 0,
                medianMs: round(median(values), 1),
                p90Ms: round(quantile(values, 0.9), 1),
                maxMs: round(values.length ? Math.max(...values) : NaN, 1),
              };
              rows.push(row);
              log(`  ${name} ${build.dataset} ${temperature} by ${target.by}: median ${row.medianMs} ms, p90 ${row.p90Ms} ms, missed ${row.missed}/${row.loads}`);
            }
          }
        } finally {
          await driver.close().catch(() => undefined);
        }
      }
    }
    return rows;
  } finally {
    await server.close();
  }
}
