// Debian's Firefox ESR with dist/firefox installed as a temporary add-on, driven by
// puppeteer-core over WebDriver BiDi (recipe and gotchas: ../../../../shared/browser-testing.md).
import { appendFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser as PuppeteerBrowser, type Page } from 'puppeteer-core';
import type { Browser } from 'webextension-polyfill';
import { type BrowserRequest, type ConsoleError, type ExtensionBrowser, type Tab, extensionExpression } from './driver';
import type { FixtureServer } from './server';
import { FIREFOX } from './browser-paths';
import { waitFor } from './wait';

export { FIREFOX };
/** Fixed so the popup's address is known: moz-extension://FIXED_UUID/popup/popup.html. */
export const FIXED_UUID = '6f1d3a52-0c4e-4b7a-9e2f-5a8b7c6d4e31';
/** Kontekst's add-on id (build.mjs FIREFOX_PATCH). */
const GECKO_ID = 'kontekst@kontekst.invalid';

/** Where puppeteer's Firefox preferences send the browser's own services (@puppeteer/browsers, firefox.js). */
const BROWSER_SERVICES_HOST = 'dummy.test';

export interface FirefoxOptions {
  /** Unpacked extension directory; dist/firefox by default. */
  extensionDir?: string;
  /**
   * Host access: 'all-sites' (default) chooses "All sites" on the welcome page, as a reader
   * does; 'as-installed' leaves what Firefox granted at install (the publishers' sites).
   */
  access?: 'all-sites' | 'as-installed';
  /** Further Firefox preferences (e.g. extensions.background.idle.timeout, in ms). */
  prefs?: Record<string, string | number | boolean>;
}

/**
 * The extension's errors among Firefox's output, one text per message (a message runs on over
 * indented and stack lines). Kept: uncaught errors in the extension's files; console.error
 * calls of documents (logged strings print quoted; Firefox's own modules log `Prefix: …` with
 * resource:// stacks) or that name the extension; errors of extension API calls (with one
 * add-on under test, they are its calls; Firefox's built-in add-ons do not run on the fixtures).
 */
export function extensionErrorsIn(output: string, uuid: string): string[] {
  const blocks = output.split(/\n(?=console\.\w+: |JavaScript (?:error|warning): |Extension error: |\[(?:Parent|Child|GFX)|\(firefox|\S+ \d+ )/);
  return blocks
    .map((block) => block.trim())
    .filter((block) => {
      const ours = block.includes(`moz-extension://${uuid}/`);
      if (block.startsWith('JavaScript error: ')) return ours;
      if (/^console\.(error|assert): /.test(block)) return ours || /^console\.(error|assert): ["'(]/.test(block) && !/resource:\/\/|chrome:\/\//.test(block);
      return block.startsWith('Extension error: ');
    });
}

/** A WebDriver BiDi remote value (only the parts read here). */
interface RemoteNode {
  type: string;
  sharedId?: string;
  value?: { localName?: string; shadowRoot?: RemoteNode | null } | RemoteNode[];
}

interface BidiSession {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
}

/** The raw BiDi session and context id behind a puppeteer page (puppeteer has no public call for locateNodes). */
function bidiOf(page: Page): { session: BidiSession; context: string } {
  const frame = page.mainFrame() as unknown as { browsingContext: { id: string; userContext: { browser: { session: BidiSession } } } };
  return { session: frame.browsingContext.userContext.browser.session, context: frame.browsingContext.id };
}

class FirefoxTab implements Tab {
  constructor(
    readonly page: Page,
    readonly owner: FirefoxExtensionBrowser,
  ) {}

  url(): string {
    return this.page.url();
  }

  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    // The driver's generic signature is narrower than the library's; the function is serialised either way.
    return this.page.evaluate(fn as never, arg as never) as Promise<R>;
  }

  /** Every closed or open shadow root of `kontekst-*` hosts, nested ones included. */
  async #shadowRoots(): Promise<RemoteNode[]> {
    const { session, context } = bidiOf(this.page);
    // BiDi serialises a host's shadow root (closed ones too) when asked for the shadow tree.
    const hostsUnder = async (functionDeclaration: string, args: RemoteNode[]): Promise<RemoteNode[]> => {
      const { result } = await session.send('script.callFunction', {
        functionDeclaration,
        arguments: args.map((node) => ({ sharedId: node.sharedId })),
        target: { context },
        awaitPromise: false,
        serializationOptions: { maxDomDepth: 0, maxObjectDepth: 1, includeShadowTree: 'all' },
      });
      const value = (result.result as RemoteNode | undefined)?.value;
      return Array.isArray(value) ? value : [];
    };
    const list = 'return [...root.querySelectorAll("*")].filter((e) => e.localName.startsWith("kontekst-"));';
    const roots: RemoteNode[] = [];
    let hosts = await hostsUnder(`function () { const root = document; ${list} }`, []);
    while (hosts.length) {
      const next: RemoteNode[] = [];
      for (const host of hosts) {
        const shadow = (host.value as { shadowRoot?: RemoteNode | null } | undefined)?.shadowRoot;
        if (!shadow?.sharedId) continue;
        roots.push(shadow);
        next.push(...(await hostsUnder(`function (root) { ${list} }`, [shadow])));
      }
      hosts = next;
    }
    return roots;
  }

  async countAccessible(role: string, name: string): Promise<number> {
    const { session, context } = bidiOf(this.page);
    const documentElement = (await session.send('script.evaluate', {
      expression: 'document.documentElement',
      target: { context },
      awaitPromise: false,
      serializationOptions: { maxDomDepth: 0 },
    })).result.result as RemoteNode;
    // The accessibility locator does not cross shadow boundaries: start it in each root.
    let count = 0;
    for (const start of [documentElement, ...(await this.#shadowRoots())]) {
      const { result } = await session.send('browsingContext.locateNodes', {
        context,
        locator: { type: 'accessibility', value: { role, name } },
        startNodes: [{ sharedId: start.sharedId }],
      });
      count += (result.nodes as unknown[]).length;
    }
    return count;
  }

  async clickAccessible(role: string, name: string): Promise<void> {
    const escaped = name.replace(/["\\]/g, '\\$&');
    const handle = await this.page.waitForSelector(`::-p-aria([role="${role}"][name="${escaped}"])`, { timeout: 10_000 });
    if (!handle) throw new Error(`no ${role} named ${name}`);
    await handle.click();
  }

  async mouseMove(x: number, y: number): Promise<void> {
    await this.page.mouse.move(x, y);
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key as Parameters<Page['keyboard']['press']>[0]);
  }

  async addScript(source: string): Promise<void> {
    // A string is evaluated by the protocol itself, so the page's CSP (no eval) does not apply.
    await this.page.evaluate(`${source}\n;undefined`);
  }

  async reload(until: 'load' | 'domcontentloaded' = 'load'): Promise<void> {
    await this.page.reload({ waitUntil: until });
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'load' });
  }

  async bringToFront(): Promise<void> {
    await this.page.bringToFront();
  }

  async revealClosedShadowRoots(): Promise<() => Promise<void>> {
    const { session, context } = bidiOf(this.page);
    const roots = await this.#shadowRoots();
    for (const root of roots) {
      await session.send('script.callFunction', {
        functionDeclaration: 'function (root) { Object.defineProperty(root.host, "shadowRoot", { value: root, configurable: true }); }',
        arguments: [{ sharedId: root.sharedId }],
        target: { context },
        awaitPromise: false,
      });
    }
    return async () => {
      for (const root of roots) {
        await session.send('script.callFunction', {
          functionDeclaration: 'function (root) { delete root.host.shadowRoot; }',
          arguments: [{ sharedId: root.sharedId }],
          target: { context },
          awaitPromise: false,
        });
      }
    };
  }

  async tabId(): Promise<number> {
    return this.owner.tabIdOf(this.page.url());
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

export class FirefoxExtensionBrowser implements ExtensionBrowser {
  readonly name = 'firefox' as const;
  readonly #requests: BrowserRequest[] = [];
  readonly #errors: ConsoleError[] = [];
  #output = '';
  #extensionPage: FirefoxTab | undefined;

  constructor(
    readonly server: FixtureServer,
    readonly browser: PuppeteerBrowser,
  ) {
    // Firefox prints to its own output what its consoles show: console.error calls of web and
    // extension documents (devtools.console.stdout.content), uncaught errors ("JavaScript error:
    // URL, line N: …") and errors of extension API calls ("Extension error: …").
    const collect = (chunk: Buffer): void => {
      if (process.env.E2E_FIREFOX_LOG) appendFileSync(process.env.E2E_FIREFOX_LOG, chunk);
      this.#output += chunk.toString('utf8');
    };
    browser.process()?.stdout?.on('data', collect);
    browser.process()?.stderr?.on('data', collect);
  }

  /** Errors in Firefox's output that belong to the extension (see extensionErrorsIn). */
  #outputErrors(): ConsoleError[] {
    return extensionErrorsIn(this.#output, FIXED_UUID).map((text) => ({ source: 'firefox console', text }));
  }

  get extensionOrigin(): string {
    return `moz-extension://${FIXED_UUID}`;
  }

  async #newPage(): Promise<Page> {
    const page = await this.browser.newPage();
    page.on('request', (request) => this.#requests.push({ url: request.url(), origin: 'page' }));
    page.on('pageerror', (error) => this.#errors.push({ source: `page ${page.url()}`, text: String((error as Error).stack ?? error) }));
    return page;
  }

  async open(url: string, until: 'load' | 'domcontentloaded' = 'load'): Promise<Tab> {
    const page = await this.#newPage();
    await page.goto(url, { waitUntil: until });
    return new FirefoxTab(page, this);
  }

  /** Loads an extension page; page.goto() on moz-extension: never resolves though the page loads. */
  async #openExtensionPage(path: string): Promise<FirefoxTab> {
    const page = await this.#newPage();
    const url = `${this.extensionOrigin}/${path}`;
    void page.goto(url).catch(() => undefined);
    await waitFor(
      `${url} to load`,
      () => page.evaluate(() => [location.href, document.readyState]),
      ([href, state]) => href === url && state === 'complete',
    );
    return new FirefoxTab(page, this);
  }

  async openPopup(target: Tab): Promise<Tab> {
    return this.#openExtensionPage(`popup/popup.html?tab=${await target.tabId()}`);
  }

  async extensionEval<R, A = undefined>(fn: (api: Browser, arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    if (!this.#extensionPage || this.#extensionPage.page.isClosed()) this.#extensionPage = await this.#openExtensionPage('popup/popup.html');
    return this.#extensionPage.page.evaluate(extensionExpression(fn, arg as A)) as Promise<R>;
  }

  async tabIdOf(url: string): Promise<number> {
    const tabs = await this.extensionEval(async (api) => (await api.tabs.query({})).map((tab) => ({ id: tab.id, url: tab.url })));
    const matching = tabs.filter((tab) => tab.url === url);
    if (matching.length !== 1 || matching[0]?.id === undefined) throw new Error(`expected one tab at ${url}, found ${JSON.stringify(tabs)}`);
    return matching[0].id;
  }

  requests(): BrowserRequest[] {
    // With the proxy pointing at the fixture server, its log holds everything Firefox sent.
    // puppeteer points Firefox's own services (Remote Settings, health report, add-on
    // discovery) at http://dummy.test/: those requests are the browser's, not the extension's.
    const network = this.server.requests.map((request): BrowserRequest => ({
      url: request.method === 'CONNECT' ? `connect://${request.url}` : request.url,
      origin: request.host === BROWSER_SERVICES_HOST ? 'browser' : 'network',
    }));
    return [...this.#requests, ...network];
  }

  consoleErrors(): ConsoleError[] {
    return [...this.#errors, ...this.#outputErrors()];
  }

  /** Opens one of the extension's pages (e.g. welcome/welcome.html) as a tab. */
  openExtensionPage(path: string): Promise<FirefoxTab> {
    return this.#openExtensionPage(path);
  }

  /** Evaluates `expression` in Firefox's own browser window (privileged; needs --remote-allow-system-access). */
  async inBrowserWindow(expression: string): Promise<unknown> {
    const page = (await this.browser.pages())[0];
    if (!page) throw new Error('no page to reach the browser through');
    const { session } = bidiOf(page);
    const { result: tree } = await session.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
    const context = (tree.contexts as { context: string }[])[0]?.context;
    if (!context) throw new Error('no browser window');
    const { result } = await session.send('script.evaluate', { expression, target: { context }, awaitPromise: true });
    if (result.type === 'exception') throw new Error(`in the browser window: ${JSON.stringify(result.exceptionDetails)}`);
    return result.result;
  }

  /**
   * Clicks Kontekst's toolbar button with `tab` in front, as the reader does: the same call
   * Firefox makes for the button and its keyboard shortcut (opens the popup, grants activeTab).
   */
  async clickAction(tab: Tab): Promise<void> {
    await tab.bringToFront();
    const id = JSON.stringify(GECKO_ID);
    await this.inBrowserWindow(`(() => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const { ViewPopup } = ChromeUtils.importESModule('resource:///modules/ExtensionPopups.sys.mjs');
      const extension = WebExtensionPolicy.getByID(${id}).extension;
      // A second click on the button closes an open popup instead (triggerAction toggles): close it first.
      ViewPopup.for(extension, window)?.closePopup();
      ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(window);
    })()`);
  }

  /**
   * The state of Kontekst's event page as Firefox keeps it (ext-backgroundPage.js BACKGROUND_STATE:
   * starting, running, suspending, stopped); read from the browser window, so asking does not wake it.
   */
  async backgroundState(): Promise<string> {
    const id = JSON.stringify(GECKO_ID);
    const state = (await this.inBrowserWindow(`WebExtensionPolicy.getByID(${id}).extension.backgroundState`)) as { value?: unknown };
    return String(state.value);
  }

  /** Withdraws host access to `origins`, as the reader does in the add-on's permissions in about:addons. */
  async withdrawHostAccess(origins: string[]): Promise<void> {
    const id = JSON.stringify(GECKO_ID);
    await this.inBrowserWindow(`(async () => {
      const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
      const extension = WebExtensionPolicy.getByID(${id}).extension;
      await ExtensionPermissions.remove(${id}, { origins: ${JSON.stringify(origins)}, permissions: [] }, extension);
    })()`);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** Chooses "All sites" on the welcome page with a real click, and waits until Firefox granted it. */
async function chooseAllSites(driver: FirefoxExtensionBrowser): Promise<void> {
  const welcome = await driver.openExtensionPage('welcome/welcome.html');
  try {
    await welcome.page.click('#access-all');
    await waitFor('all sites to be granted', () => driver.extensionEval((api) => api.permissions.contains({ origins: ['*://*/*'] })), (granted) => granted);
  } finally {
    await welcome.close();
  }
}

/** Starts Firefox ESR with the extension installed and the fixture server as its HTTP proxy. */
export async function launchFirefox(server: FixtureServer, options: FirefoxOptions = {}): Promise<FirefoxExtensionBrowser> {
  const extensionDir = resolve(options.extensionDir ?? 'dist/firefox');
  const manifest = JSON.parse(readFileSync(`${extensionDir}/manifest.json`, 'utf8')) as { browser_specific_settings: { gecko: { id: string } }; optional_host_permissions?: string[] };
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: { width: 1100, height: 900 },
    args: ['--remote-allow-system-access'],
    // Release builds ignore services.settings.server without this and keep asking Mozilla's
    // servers; with it, Remote Settings asks puppeteer's placeholder host (see requests()).
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [manifest.browser_specific_settings.gecko.id]: FIXED_UUID }),
      // Every request, to any host, goes to the fixture server: the fixtures answer at their
      // real addresses and anything else is recorded there (and answered 404/403).
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': server.port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': server.port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'network.dns.disablePrefetch': true,
      'network.prefetch-next': false,
      // Nimbus experiments and Normandy would fetch recipes and log their failure to the console.
      'messaging-system.rsexperimentloader.enabled': false,
      'app.normandy.enabled': false,
      'devtools.console.stdout.content': true,
      // Firefox's own switch that grants an optional permission request without its prompt
      // (which no protocol can answer); the request must still come from a click in the page.
      'extensions.webextOptionalPermissionPrompts': false,
      'intl.locale.requested': 'en-US',
      ...options.prefs,
    },
  });
  try {
    // Listen to Firefox's output before the add-on starts, so its first errors are not missed.
    const driver = new FirefoxExtensionBrowser(server, browser);
    await browser.installExtension(extensionDir);
    await driver.extensionEval(() => document.readyState);
    if (options.access !== 'as-installed' && manifest.optional_host_permissions?.includes('*://*/*')) await chooseAllSites(driver);
    return driver;
  } catch (error) {
    await browser.close();
    throw error;
  }
}
