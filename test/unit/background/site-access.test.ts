// The background with whatever host access the reader granted (src/background/main.ts and
// access.ts, the extension APIs faked as the browsers behave: without access a tab's address is
// hidden and scripting refuses): it skips what it may not read without an error, tells the popup
// why, runs once when the reader asks, and follows access granted or withdrawn at once.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALL_SITES, sitePatterns } from '../../../src/core/dataset/publisher-sites';
import { type TabState, envelope } from '../../../src/shared/messages';
import { EXTENSION_BASE, type FakeBrowser, SENDERS, startBackground } from '../../support/fake-browser';
import { SEED_PAGE, SEED_URL, seedArticle } from '../../support/seed';

vi.mock('webextension-polyfill', () => ({
  default: new Proxy({}, { get: (_target, key) => (globalThis as unknown as { browser: Record<string | symbol, unknown> }).browser[key] }),
}));

const COPY_URL = 'https://aggregator.example/story/1';
const seedText = new DOMParser().parseFromString(readFileSync(SEED_PAGE, 'utf8'), 'text/html').querySelector('article')?.textContent ?? '';
const popup = SENDERS.popup;

let browser: FakeBrowser;

let consoleErrors: ReturnType<typeof vi.spyOn>;

beforeEach(async () => {
  browser = await startBackground([seedArticle()]);
  consoleErrors = vi.spyOn(console, 'error');
});

afterEach(() => {
  // Missing access is an ordinary state, never an error in the background's console.
  expect(consoleErrors).not.toHaveBeenCalled();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** The reader chose only the publishers' own sites (all sites not granted). */
function publishersOnly(): void {
  browser.permissions.withdraw([ALL_SITES]);
}

/** Tab 7 finished loading `url`; resolves with what detection did. */
function loaded(url: string, text = ''): Promise<unknown> {
  browser.page.url = url;
  browser.page.facts = { canonical: null, ogUrl: null, text };
  const listener = browser.tabs.onUpdated.listeners[0] as (tabId: number, change: object, tab: object) => Promise<unknown>;
  // As the browser reports it: no address in the tab where Kontekst may not read.
  return listener(7, { status: 'complete' }, { id: 7, status: 'complete', url: browser.permissions.canRead(url) ? url : undefined });
}

function injected(): string[] {
  return browser.calls
    .filter((c) => c.api === 'scripting.executeScript')
    .map((c) => {
      const injection = c.args[0] as { func?: { name: string }; files?: string[] };
      return injection.func?.name ?? injection.files?.join(',') ?? '?';
    });
}

async function send<T>(type: string, payload: unknown, sender: object = popup): Promise<T> {
  const listener = browser.runtime.onMessage.listeners[0] as (message: unknown, sender: object) => Promise<unknown>;
  return (await listener(envelope(type, payload), sender)) as T;
}

const state = (): Promise<TabState> => send<TabState>('popup:get-state', { tabId: 7 });
const badges = (): string[] => browser.calls.filter((c) => c.api === 'action.setBadgeText').map((c) => (c.args[0] as { text: string }).text);

describe('with access to the publishers\' own sites only', () => {
  beforeEach(async () => {
    publishersOnly();
    // Let the background finish following the change (onRemoved re-detects open tabs) before the page loads.
    await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it('marks the article at its own address, and reads nothing of a copy elsewhere', async () => {
    expect(await loaded(SEED_URL, seedText)).toBe('annotate');
    expect(await loaded(COPY_URL, seedText)).toBe('unreadable');
    expect(injected()).toEqual(['readPageFacts', 'startOrStash', 'content/annotate.js']);
    // Nothing stored about a page it may not read.
    expect([...browser.storage.session.data.values()].map((r) => (r as { url?: string }).url)).not.toContain(COPY_URL);
  });

  it('tells the popup (opened from the toolbar, which shows it the address) why the copy is not marked, and what to ask for', async () => {
    await loaded(COPY_URL, seedText);
    browser.page.activeTab = true;
    const shown = await state();
    expect(shown.status).toBe('no-access');
    expect(shown.site).toBe('aggregator.example');
    expect(shown.access).toEqual({ readable: false, scope: 'publishers', publisher: false, origins: ['*://aggregator.example/*', '*://www.aggregator.example/*'] });
  });

  it('changes nothing on a page it may read: the article is annotated, its access readable', async () => {
    await loaded(SEED_URL, seedText);
    await send('content:anchored', { claims: [{ id: 'putin-invitation', status: 'exact' }] }, SENDERS.tab(SEED_URL));
    const shown = await state();
    expect(shown.status).toBe('annotated');
    expect(shown.access).toMatchObject({ readable: true, scope: 'publishers' });
  });

  it('runs once on a copy it may not read, with the access the toolbar click gave (activeTab)', async () => {
    await loaded(COPY_URL, seedText);
    browser.page.activeTab = true;
    expect(await send('popup:run-once', { tabId: 7 })).toBe('annotate');
    expect(injected()).toEqual(['readPageFacts', 'startOrStash', 'content/annotate.js']);
    const shown = await state();
    // Read once; the site itself is still not allowed.
    expect(shown.status).toBe('pending');
    expect(shown.access?.readable).toBe(false);
  });

  it('runs nothing when asked to run once without that access, and answers unreadable', async () => {
    await loaded(COPY_URL, seedText);
    expect(await send('popup:run-once', { tabId: 7 })).toBe('unreadable');
    expect(injected()).toEqual([]);
  });

  it.each([
    { reason: 'the copy\'s site alone ("Allow on SITE" in the popup)', origins: sitePatterns('aggregator.example') },
    { reason: 'all sites (the welcome or options page)', origins: [ALL_SITES] },
  ])('marks an open copy as soon as the reader grants $reason, without a reload', async ({ origins }) => {
    expect(await loaded(COPY_URL, seedText)).toBe('unreadable');
    browser.permissions.grant(origins);
    await vi.waitFor(() => expect(injected()).toEqual(['readPageFacts', 'startOrStash', 'content/annotate.js']));
  });
});

describe('when the reader withdraws access', () => {
  it('tells the popup a publisher\'s own site was withheld (not "only the publishers")', async () => {
    publishersOnly();
    browser.permissions.withdraw(sitePatterns('jyllands-posten.dk'));
    expect(await loaded(SEED_URL)).toBe('unreadable');
    expect(injected()).toEqual([]);
    browser.page.activeTab = true;
    const shown = await state();
    expect(shown.status).toBe('no-access');
    expect(shown.access).toMatchObject({ readable: false, scope: 'publishers', publisher: true });
  });

  it('forgets what it knew of a tab it may no longer read and clears its badge, without an error', async () => {
    expect(await loaded(COPY_URL, seedText)).toBe('annotate');
    await send('content:anchored', { claims: [{ id: 'putin-invitation', status: 'exact' }] }, SENDERS.tab(COPY_URL));
    expect(badges().at(-1)).toBe('1');
    publishersOnly();
    await vi.waitFor(() => expect(badges().at(-1)).toBe(''));
    expect(browser.storage.session.data.has('tab:7')).toBe(false);
    // Scripting may no longer run there; the annotator is told by message to take its marks away.
    await vi.waitFor(() => expect(browser.calls.filter((c) => c.api === 'tabs.sendMessage').map((c) => c.args[1])).toEqual([{ kontekst: 1, type: 'background:clear', payload: {} }]));
    browser.page.activeTab = true;
    expect((await state()).status).toBe('no-access');
  });
});

describe('first run', () => {
  const onInstalled = (reason: string): unknown => (browser.runtime.onInstalled.listeners[0] as (d: { reason: string }) => unknown)({ reason });
  const welcomes = (): unknown[] => browser.calls.filter((c) => c.api === 'tabs.create').map((c) => c.args[0]);

  it('opens the welcome page once, on install', () => {
    onInstalled('install');
    expect(welcomes()).toEqual([{ url: `${EXTENSION_BASE}welcome/welcome.html` }]);
  });

  it.each(['update', 'browser_update'])('does not open it again on %s', (reason) => {
    onInstalled(reason);
    expect(welcomes()).toEqual([]);
  });
});
