// `npm start` with a display: Chromium or Firefox in a window, with a fresh profile, Kontekst
// loaded from dist/, and the demo hosts (only those) routed to the local server; with
// --watch, every change is rebuilt and the extension and the open demo pages are reloaded.
import { type FSWatcher, mkdtempSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { CHROMIUM, FIREFOX } from '../e2e/support/browser-paths';
import type { FixtureServer } from '../e2e/support/server';

/** A browser window with Kontekst, as `npm start` drives it. */
export interface StartedBrowser {
  /** The open tabs. */
  pages(): Promise<OpenPage[]>;
  /** Opens `url` in a new tab. */
  open(url: string): Promise<void>;
  /** Reloads the extension from dist/ and then every open page of the demo. */
  reload(): Promise<void>;
  /** Resolves when the reader closes the browser. */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** One open tab. */
export interface OpenPage {
  url: string;
  /** Runs `fn` in the page's main world. */
  evaluate<T>(fn: () => T): Promise<T>;
}

export interface WindowOptions {
  firefox: boolean;
  server: FixtureServer;
  startUrl: string;
  /** Without a window (for the tests of this module). */
  headless?: boolean;
}

/** Pages on the demo's hosts (not the browser's own pages or the extension's). */
const isDemoPage = (url: string, hosts: string[]): boolean => /^https?:/.test(url) && hosts.includes(new URL(url).hostname);

/** Chromium (playwright-core) with the unpacked extension; each demo host mapped to the server. */
async function startChromium(options: WindowOptions): Promise<StartedBrowser> {
  const extension = resolve('dist/chrome');
  const profile = mkdtempSync(join(tmpdir(), 'kontekst-start-chromium-'));
  const hosts = options.server.hosts();
  const rules = hosts.map((host) => `MAP ${host} 127.0.0.1:${options.server.port}`).join(', ');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: options.headless ?? false,
    viewport: null,
    // Playwright disables extensions and marks the window as automated by default.
    ignoreDefaultArgs: ['--disable-extensions', '--enable-automation'],
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      `--host-resolver-rules=${rules}`,
      '--no-first-run',
      '--no-default-browser-check',
      // Lets the reload below use the protocol's Extensions.loadUnpacked.
      '--enable-unsafe-extension-debugging',
      // Chromium's sandbox refuses to run as root (containers, CI machines), and needs user
      // namespaces that CI machines often lack; a reader's window keeps it.
      ...(process.getuid?.() === 0 || options.headless ? ['--no-sandbox'] : []),
    ],
  });
  // The extension is running once its service worker is.
  if (!context.serviceWorkers()[0]) await context.waitForEvent('serviceworker', { timeout: 15_000 });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(options.startUrl);
  const closed = new Promise<void>((done) => context.once('close', () => done()));
  // The browser may still be writing to its profile as it closes: retry, and never fail over a temporary folder.
  const removeProfile = (): void => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      // Left in the system's temporary folder.
    }
  };
  void closed.then(removeProfile);
  return {
    closed,
    pages: async () => context.pages().map((open) => ({ url: open.url(), evaluate: (fn) => open.evaluate(fn) })),
    async open(url) {
      await (await context.newPage()).goto(url);
    },
    async reload() {
      // chrome.runtime.reload() leaves an extension loaded with --load-extension disabled
      // (Chromium 156); loading the folder again over the protocol replaces it, same id
      // (https://chromedevtools.github.io/devtools-protocol/tot/Extensions/#method-loadUnpacked).
      const cdp = await context.browser()?.newBrowserCDPSession();
      if (!cdp) throw new Error('no protocol session to reload the extension');
      const next = context.waitForEvent('serviceworker', { timeout: 15_000 });
      await cdp.send('Extensions.loadUnpacked' as never, { path: extension } as never);
      await next;
      await cdp.detach();
      for (const open of context.pages()) if (isDemoPage(open.url(), hosts)) await open.reload();
    },
    async close() {
      await context.close();
      removeProfile();
    },
  };
}

/** Firefox (puppeteer-core over WebDriver BiDi) with Kontekst as a temporary add-on; the demo hosts reach the server through a PAC file. */
async function startFirefox(options: WindowOptions): Promise<StartedBrowser> {
  const extension = resolve('dist/firefox');
  const hosts = options.server.hosts();
  // Only the demo's hosts go to the local server; everything else is fetched as usual.
  const pac = `function FindProxyForURL(url, host) { return ${JSON.stringify(hosts)}.indexOf(host) >= 0 ? "PROXY 127.0.0.1:${options.server.port}" : "DIRECT"; }`;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: options.headless ?? false,
    defaultViewport: null,
    extraPrefsFirefox: {
      'network.proxy.type': 2,
      'network.proxy.autoconfig_url': `data:application/x-ns-proxy-autoconfig,${encodeURIComponent(pac)}`,
    },
  });
  await browser.installExtension(extension);
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  await page.goto(options.startUrl);
  const closed = new Promise<void>((done) => browser.once('disconnected', () => done()));
  return {
    closed,
    pages: async () => (await browser.pages()).map((open) => ({ url: open.url(), evaluate: (fn) => open.evaluate(fn) })),
    async open(url) {
      await (await browser.newPage()).goto(url);
    },
    async reload() {
      // Installing again over it updates the temporary add-on from its folder, as an update
      // would: the reader's site access and settings stay, and no welcome page opens again.
      await browser.installExtension(extension);
      for (const open of await browser.pages()) if (isDemoPage(open.url(), hosts)) await open.reload();
    },
    close: () => browser.close(),
  };
}

/** Starts the browser the options name, with the start page open. */
export function startBrowser(options: WindowOptions): Promise<StartedBrowser> {
  return options.firefox ? startFirefox(options) : startChromium(options);
}

/** What --watch watches: everything the build reads for the extension. */
export const WATCHED = ['src', 'manifest.json', 'icons'];

/**
 * Calls `rebuild` after changes settle (150 ms without another), one build at a time, and
 * `reload` after each build that worked, saying so ("rebuilt and DONE in N ms"); returns the function that stops watching.
 */
export function watchSources(rebuild: () => Promise<string | null>, reload: () => Promise<void>, report: (line: string) => void, done = 'reloaded'): () => void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  const cycle = async (): Promise<void> => {
    const started = Date.now();
    const error = await rebuild();
    if (error) return report(`npm start: ${error} (still watching; the browser keeps the last good build)`);
    await reload();
    report(`rebuilt and ${done} in ${Date.now() - started} ms`);
  };
  const changed = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (again) return;
      again = true;
      running = running.then(() => {
        again = false;
        return cycle();
      }).catch((error: unknown) => report(`npm start: reloading failed: ${(error as Error).message}`));
    }, 150);
  };
  const watchers: FSWatcher[] = WATCHED.map((path) => watch(path, { recursive: true }, changed));
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}

/** `npm start` with a window: runs until the reader closes the browser or presses Ctrl+C. */
export async function openWindow(options: WindowOptions & { watch: boolean; rebuild: () => Promise<string | null> }): Promise<void> {
  const browser = await startBrowser(options);
  console.log(`Kontekst is loaded in ${options.firefox ? 'Firefox' : 'Chromium'}; start page ${options.startUrl} (pages served on port ${options.server.port}).`);
  const unwatch = options.watch ? watchSources(options.rebuild, () => browser.reload(), (line) => console.log(line)) : () => undefined;
  if (options.watch) console.log(`Watching ${WATCHED.join(', ')}: a saved change rebuilds and reloads the extension and the pages.`);
  console.log('Close the browser or press Ctrl+C to stop.');
  const interrupted = new Promise<void>((done) => process.once('SIGINT', () => done()));
  await Promise.race([browser.closed, interrupted]);
  unwatch();
  await browser.close().catch(() => undefined);
}
