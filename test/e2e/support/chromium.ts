// Debian's Chromium with dist/chrome loaded, driven by playwright-core
// (recipe and gotchas: ../../../../shared/browser-testing.md).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'webextension-polyfill';
import { type BrowserContext, type CDPSession, type Page, chromium } from 'playwright-core';
import { type BrowserRequest, type ConsoleError, type ExtensionBrowser, type Tab, extensionExpression } from './driver';
import type { FixtureServer } from './server';
import { readNetLog } from './netlog';
import { CHROMIUM } from './browser-paths';
import { waitFor } from './wait';

export { CHROMIUM };

export interface ChromiumOptions {
  /** Unpacked extension directory; dist/chrome by default. */
  extensionDir?: string;
  /** Browser UI language (what i18n.getUILanguage() reports). */
  lang?: string;
  /**
   * Host access: 'all-sites' (default) is a reader who chose all sites; 'as-installed' is the
   * manifest as shipped, with only the publishers' sites granted (see allSitesGranted).
   */
  access?: 'all-sites' | 'as-installed';
}

/**
 * A copy of the extension in `extensionDir` whose manifest grants all sites at install: what a
 * reader who chose "All sites" has. Chromium grants optional host access only through its own
 * prompt, which no automation protocol can answer, so the scenarios that need all sites get the
 * same grant this way; the code is the shipped code, only the manifest's grant differs.
 * A manifest without optional host access (a test extension) is copied as it is.
 */
export function allSitesGranted(extensionDir: string, into: string): string {
  cpSync(extensionDir, into, { recursive: true });
  const manifest = JSON.parse(readFileSync(`${into}/manifest.json`, 'utf8')) as { host_permissions?: string[]; optional_host_permissions?: string[] };
  const optional = manifest.optional_host_permissions ?? [];
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...optional];
  delete manifest.optional_host_permissions;
  writeFileSync(`${into}/manifest.json`, JSON.stringify(manifest, null, 2));
  return into;
}

interface AXNode {
  ignored: boolean;
  role?: { value?: unknown };
  name?: { value?: unknown };
  backendDOMNodeId?: number;
}

interface DOMNode {
  nodeName: string;
  backendNodeId: number;
  children?: DOMNode[];
  shadowRoots?: DOMNode[];
  contentDocument?: DOMNode;
}

export class ChromiumTab implements Tab {
  #cdp: CDPSession | undefined;

  constructor(
    readonly page: Page,
    readonly owner: ChromiumExtensionBrowser,
  ) {}

  async cdp(): Promise<CDPSession> {
    this.#cdp ??= await this.page.context().newCDPSession(this.page);
    return this.#cdp;
  }

  url(): string {
    return this.page.url();
  }

  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    // The driver's generic signature is narrower than the library's; the function is serialised either way.
    return this.page.evaluate(fn as never, arg as never) as Promise<R>;
  }

  async countAccessible(role: string, name: string): Promise<number> {
    // The accessibility tree is built from the flat tree, closed shadow roots included.
    const { nodes } = (await (await this.cdp()).send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    return nodes.filter((node) => !node.ignored && node.role?.value === role && node.name?.value === name).length;
  }

  async clickAccessible(role: string, name: string): Promise<void> {
    await this.page.getByRole(role as Parameters<Page['getByRole']>[0], { name, exact: true }).click();
  }

  async mouseMove(x: number, y: number): Promise<void> {
    await this.page.mouse.move(x, y);
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
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
    const cdp = await this.cdp();
    // DOM.getDocument with pierce lists closed shadow roots, as DevTools shows them.
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DOMNode };
    const pairs: { host: number; shadow: number }[] = [];
    const walk = (node: DOMNode): void => {
      if (node.nodeName.toLowerCase().startsWith('kontekst-')) {
        for (const shadow of node.shadowRoots ?? []) pairs.push({ host: node.backendNodeId, shadow: shadow.backendNodeId });
      }
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
    };
    walk(root);
    const revealed: string[] = [];
    for (const { host, shadow } of pairs) {
      const hostObject = (await cdp.send('DOM.resolveNode', { backendNodeId: host })) as { object: { objectId: string } };
      const shadowObject = (await cdp.send('DOM.resolveNode', { backendNodeId: shadow })) as { object: { objectId: string } };
      await cdp.send('Runtime.callFunctionOn', {
        objectId: hostObject.object.objectId,
        functionDeclaration: 'function (root) { Object.defineProperty(this, "shadowRoot", { value: root, configurable: true }); }',
        arguments: [{ objectId: shadowObject.object.objectId }],
      });
      revealed.push(hostObject.object.objectId);
    }
    return async () => {
      for (const objectId of revealed) {
        await cdp.send('Runtime.callFunctionOn', { objectId, functionDeclaration: 'function () { delete this.shadowRoot; }' });
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

export class ChromiumExtensionBrowser implements ExtensionBrowser {
  readonly name = 'chromium' as const;
  readonly #requests: BrowserRequest[] = [];
  readonly #errors: ConsoleError[] = [];
  #extensionPage: ChromiumTab | undefined;

  constructor(
    readonly server: FixtureServer,
    readonly context: BrowserContext,
    readonly extensionId: string,
    readonly profileDir: string,
    readonly netLogPath: string,
  ) {
    context.on('request', (request) => {
      this.#requests.push({ url: request.url(), origin: request.serviceWorker() ? 'background' : 'page' });
    });
    context.on('page', (page) => this.#watchPage(page));
    for (const page of context.pages()) this.#watchPage(page);
  }

  get extensionOrigin(): string {
    return `chrome-extension://${this.extensionId}`;
  }

  #watchPage(page: Page): void {
    const source = (): string => (page.url().startsWith(this.extensionOrigin) ? 'popup' : `page ${page.url()}`);
    // Content scripts log into their tab's console: the location tells whose script it was.
    page.on('console', (message) => {
      if (message.type() !== 'error' && message.type() !== 'assert') return;
      const where = message.location().url;
      this.#errors.push({ source: where.startsWith(this.extensionOrigin) ? `content script in ${source()}` : source(), text: message.text() });
    });
    page.on('pageerror', (error) => this.#errors.push({ source: source(), text: error.stack ?? error.message }));
  }

  /** Listens to the service worker's console over a second CDP attachment (Playwright reports no worker exceptions). */
  async watchServiceWorker(): Promise<void> {
    const browser = this.context.browser();
    if (!browser) throw new Error('no browser for the persistent context');
    const session = await browser.newBrowserCDPSession();
    let nextId = 1;
    const attached = new Set<string>();
    const attach = async (targetId: string): Promise<void> => {
      if (attached.has(targetId)) return;
      attached.add(targetId);
      // Not flattened: Playwright's CDPSession cannot address child sessions directly.
      const { sessionId } = (await session.send('Target.attachToTarget', { targetId, flatten: false })) as { sessionId: string };
      for (const method of ['Runtime.enable', 'Log.enable']) {
        await session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: nextId++, method }) });
      }
    };
    session.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
      const message = JSON.parse(event.message) as { method?: string; params?: Record<string, unknown> };
      const params = message.params as
        | { type?: string; args?: { value?: unknown; description?: string }[]; exceptionDetails?: { text: string; exception?: { description?: string } }; entry?: { level: string; text: string } }
        | undefined;
      if (message.method === 'Runtime.consoleAPICalled' && (params?.type === 'error' || params?.type === 'assert')) {
        this.#errors.push({ source: 'service worker', text: (params.args ?? []).map((a) => String(a.value ?? a.description)).join(' ') });
      } else if (message.method === 'Runtime.exceptionThrown' && params?.exceptionDetails) {
        const details = params.exceptionDetails;
        this.#errors.push({ source: 'service worker', text: `${details.text} ${details.exception?.description ?? ''}` });
      } else if (message.method === 'Log.entryAdded' && params?.entry?.level === 'error') {
        this.#errors.push({ source: 'service worker', text: params.entry.text });
      }
    });
    const isOurWorker = (info: { type: string; url: string }): boolean => info.type === 'service_worker' && info.url.startsWith(this.extensionOrigin);
    // A worker stopped and started again is a new target: attach to each one.
    session.on('Target.targetCreated', (event: { targetInfo: { targetId: string; type: string; url: string } }) => {
      if (isOurWorker(event.targetInfo)) void attach(event.targetInfo.targetId).catch(() => undefined);
    });
    await session.send('Target.setDiscoverTargets', { discover: true });
    const { targetInfos } = (await session.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    for (const info of targetInfos.filter(isOurWorker)) await attach(info.targetId);
  }

  async open(url: string, until: 'load' | 'domcontentloaded' = 'load'): Promise<Tab> {
    const page = await this.context.newPage();
    await page.goto(url, { waitUntil: until });
    return new ChromiumTab(page, this);
  }

  async openPopup(target: Tab): Promise<Tab> {
    const tabId = await target.tabId();
    const page = await this.context.newPage();
    await page.goto(`${this.extensionOrigin}/popup/popup.html?tab=${tabId}`, { waitUntil: 'load' });
    return new ChromiumTab(page, this);
  }

  async extensionPage(): Promise<ChromiumTab> {
    if (!this.#extensionPage || this.#extensionPage.page.isClosed()) {
      const page = await this.context.newPage();
      await page.goto(`${this.extensionOrigin}/popup/popup.html`, { waitUntil: 'load' });
      this.#extensionPage = new ChromiumTab(page, this);
    }
    return this.#extensionPage;
  }

  async extensionEval<R, A = undefined>(fn: (api: Browser, arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return (await this.extensionPage()).page.evaluate(extensionExpression(fn, arg as A)) as Promise<R>;
  }

  async tabIdOf(url: string): Promise<number> {
    const tabs = await this.extensionEval(async (api) => (await api.tabs.query({})).map((tab) => ({ id: tab.id, url: tab.url })));
    const matching = tabs.filter((tab) => tab.url === url);
    if (matching.length !== 1 || matching[0]?.id === undefined) throw new Error(`expected one tab at ${url}, found ${JSON.stringify(tabs)}`);
    return matching[0].id;
  }

  requests(): BrowserRequest[] {
    const netLog = readNetLog(this.netLogPath).map(({ url, initiator }): BrowserRequest => ({
      url,
      origin: initiator === this.extensionOrigin ? 'background' : initiator === 'not an origin' ? 'browser' : 'page',
    }));
    const network = this.server.requests.map((request): BrowserRequest => ({ url: request.url, origin: 'network' }));
    return [...this.#requests, ...netLog, ...network];
  }

  consoleErrors(): ConsoleError[] {
    return [...this.#errors];
  }

  /** Opens one of the extension's pages (e.g. welcome/welcome.html) as a tab. */
  async openExtensionPage(path: string): Promise<ChromiumTab> {
    const page = await this.context.newPage();
    await page.goto(`${this.extensionOrigin}/${path}`, { waitUntil: 'load' });
    return new ChromiumTab(page, this);
  }

  /** Clicks Kontekst's toolbar button with `tab` in front, as the reader does: opens the popup and grants activeTab. */
  async clickAction(tab: Tab): Promise<void> {
    const page = (tab as ChromiumTab).page;
    await page.bringToFront();
    const browser = this.context.browser();
    if (!browser) throw new Error('no browser for the persistent context');
    const session = await browser.newBrowserCDPSession();
    try {
      const { targetInfos } = (await session.send('Target.getTargets', { filter: [{ type: 'tab' }] })) as { targetInfos: { targetId: string; url: string }[] };
      const target = targetInfos.find((info) => info.url === page.url());
      if (!target) throw new Error(`no tab target at ${page.url()}`);
      await session.send('Extensions.triggerAction', { id: this.extensionId, targetId: target.targetId });
    } finally {
      await session.detach();
    }
  }

  /**
   * Sets Kontekst's site access as the reader does in chrome://extensions ("On click" withholds
   * the granted sites, "On all sites" grants them again), through that page's own API.
   */
  async setSiteAccess(hostAccess: 'ON_CLICK' | 'ON_ALL_SITES'): Promise<void> {
    const page = await this.context.newPage();
    try {
      await page.goto('chrome://extensions', { waitUntil: 'load' });
      await page.evaluate(
        ([extensionId, access]) =>
          (globalThis as unknown as { chrome: { developerPrivate: { updateExtensionConfiguration(c: object): Promise<void> } } }).chrome.developerPrivate.updateExtensionConfiguration({ extensionId, hostAccess: access }),
        [this.extensionId, hostAccess] as const,
      );
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profileDir, { recursive: true, force: true });
    rmSync(`${this.profileDir}-extension`, { recursive: true, force: true });
    rmSync(this.netLogPath, { force: true });
  }
}

/** Starts Chromium with the extension loaded and every fixture host mapped to `server`. */
export async function launchChromium(server: FixtureServer, options: ChromiumOptions = {}): Promise<ChromiumExtensionBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'kontekst-chromium-'));
  const shipped = resolve(options.extensionDir ?? 'dist/chrome');
  const extensionDir = options.access === 'as-installed' ? shipped : allSitesGranted(shipped, `${profileDir}-extension`);
  const netLogPath = `${profileDir}.netlog.json`;
  // Every host name resolves to the local server: fixtures answer at their real addresses,
  // nothing can leave the machine, and the server's log holds every request, even one the
  // service worker sends as it starts, before any DevTools client is attached to it.
  const rules = `MAP * 127.0.0.1:${server.port}`;
  // A Chromium that does not start (or whose extension does not) leaves no profile behind.
  const removeProfile = (): void => {
    for (const path of [profileDir, `${profileDir}-extension`, netLogPath]) rmSync(path, { recursive: true, force: true });
  };
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=${rules}`,
      `--lang=${options.lang ?? 'en-US'}`,
      `--log-net-log=${netLogPath}`,
      '--net-log-capture-mode=Default',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // The Extensions domain of the protocol (Extensions.triggerAction: the reader's click on the toolbar button).
      '--enable-unsafe-extension-debugging',
    ],
  }).catch((error: unknown) => {
    removeProfile();
    throw error;
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const browser = new ChromiumExtensionBrowser(server, context, new URL(worker.url()).host, profileDir, netLogPath);
    await browser.watchServiceWorker();
    await waitFor('the extension page to load', () => browser.extensionEval(() => document.readyState), (state) => state === 'complete');
    return browser;
  } catch (error) {
    await context.close();
    removeProfile();
    throw error;
  }
}
