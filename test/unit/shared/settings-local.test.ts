// The reader's settings name the sites they turned Kontekst off on, so they stay on the device
// (storage.local), never in storage.sync (which the browser copies to its vendor's servers):
// the popup's "Nothing leaves your browser" holds. Settings an older version kept in sync move
// to local on first read, with nothing lost, and leave sync.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelope } from '../../../src/shared/messages';
import { SETTINGS_VERSION } from '../../../src/shared/settings';
import { type FakeBrowser, SENDERS, startBackground } from '../../support/fake-browser';
import { seedArticle } from '../../support/seed';

vi.mock('webextension-polyfill', () => ({
  default: new Proxy({}, { get: (_target, key) => (globalThis as unknown as { browser: Record<string | symbol, unknown> }).browser[key] }),
}));

const popup = SENDERS.popup;
let browser: FakeBrowser;

beforeEach(async () => {
  browser = await startBackground([seedArticle()]);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function send(type: string, payload: unknown): Promise<unknown> {
  const listener = browser.runtime.onMessage.listeners[0] as (message: unknown, sender: object) => Promise<unknown> | undefined;
  return listener(envelope(type, payload), popup);
}

describe('settings stay on the device', () => {
  it('turning a site off writes it to storage.local and nothing to storage.sync', async () => {
    await send('popup:set-site', { site: 'jyllands-posten.dk', enabled: false });
    await send('popup:set-enabled', { enabled: false });
    expect(browser.storage.sync.data.size).toBe(0);
    expect(browser.storage.local.data.get('settings')).toEqual({ version: SETTINGS_VERSION, enabled: false, disabledSites: ['jyllands-posten.dk'] });
  });

  it.each([
    { reason: 'version 2, as the last version wrote it to sync', stored: { version: 2, enabled: false, disabledSites: ['b.dk', 'a.dk'] }, enabled: false, sites: ['a.dk', 'b.dk'] },
    { reason: 'version 1 in sync (sites as a map)', stored: { version: 1, enabled: true, sites: { 'jp.dk': false, 'dr.dk': true } }, enabled: true, sites: ['jp.dk'] },
  ])('moves settings an older version kept in sync to local, losing nothing: $reason', async ({ stored, enabled, sites }) => {
    browser.storage.sync.data.set('settings', stored);
    const state = (await send('popup:get-state', { tabId: 7 })) as { settings: { enabled: boolean; disabledSites: string[] } };
    expect(state.settings).toEqual({ enabled, disabledSites: sites });
    expect(browser.storage.local.data.get('settings')).toEqual({ version: SETTINGS_VERSION, enabled, disabledSites: sites });
    expect(browser.storage.sync.data.has('settings')).toBe(false);
  });

  it('once moved, what another device still writes to sync changes nothing here', async () => {
    browser.storage.sync.data.set('settings', { version: 2, enabled: true, disabledSites: ['a.dk'] });
    await send('popup:get-state', { tabId: 7 });
    browser.storage.sync.data.set('settings', { version: 2, enabled: false, disabledSites: [] });
    const state = (await send('popup:get-state', { tabId: 7 })) as { settings: unknown };
    expect(state.settings).toEqual({ enabled: true, disabledSites: ['a.dk'] });
  });

  it('a browser without storage.sync keeps working', async () => {
    (browser.storage as { sync?: unknown }).sync = undefined;
    await send('popup:set-site', { site: 'a.dk', enabled: false });
    expect(((await send('popup:get-state', { tabId: 7 })) as { settings: unknown }).settings).toEqual({ enabled: true, disabledSites: ['a.dk'] });
  });
});
