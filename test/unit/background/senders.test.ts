// The background (src/background/main.ts, as the browser runs it, with the extension APIs
// faked) answers each kind of message only from the sender allowed to send it, and does
// nothing at all for anyone else: no reply, no storage write, no API call.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Article } from '../../../src/core/dataset/model';
import { type RequestName, envelope } from '../../../src/shared/messages';
import { EXTENSION_BASE, EXTENSION_ID, type FakeBrowser, startBackground } from '../../support/fake-browser';
import { SEED_URL, seedArticle } from '../../support/seed';

vi.mock('webextension-polyfill', () => ({
  default: new Proxy({}, { get: (_target, key) => (globalThis as unknown as { browser: Record<string | symbol, unknown> }).browser[key] }),
}));

/** One well-formed payload per message, so only the sender decides. */
const PAYLOADS: Record<RequestName, unknown> = {
  'content:changed': {},
  'content:anchored': { claims: [{ id: 'putin-invitation', status: 'exact' }] },
  'content:cleared': {},
  'popup:get-state': { tabId: 7 },
  'popup:set-enabled': { enabled: false },
  'popup:set-site': { site: 'jyllands-posten.dk', enabled: false },
  'popup:show-claim': { tabId: 7, claimId: 'putin-invitation' },
  'options:list-packs': {},
  'options:add-pack': { file: 'p.json', text: '{}' },
  'options:remove-pack': { id: 'some-pack' },
  'popup:run-once': { tabId: 7 },
  'options:pack-origins': {},
};
const CONTENT = ['content:changed', 'content:anchored', 'content:cleared'];
const POPUP = ['popup:get-state', 'popup:set-enabled', 'popup:set-site', 'popup:show-claim', 'popup:run-once'];
const OPTIONS = ['options:list-packs', 'options:add-pack', 'options:remove-pack', 'options:pack-origins'];

const SENDERS: { name: string; sender: Record<string, unknown>; allowed: readonly string[] }[] = [
  { name: 'Kontekst\'s content script in an https tab', sender: { id: EXTENSION_ID, url: SEED_URL, tab: { id: 7 }, frameId: 0 }, allowed: CONTENT },
  { name: 'Kontekst\'s content script in an http tab', sender: { id: EXTENSION_ID, url: 'http://avis.example/a', tab: { id: 7 }, frameId: 0 }, allowed: CONTENT },
  { name: 'the popup', sender: { id: EXTENSION_ID, url: `${EXTENSION_BASE}popup/popup.html?tab=7` }, allowed: POPUP },
  { name: 'the popup opened as a tab', sender: { id: EXTENSION_ID, url: `${EXTENSION_BASE}popup/popup.html`, tab: { id: 9 }, frameId: 0 }, allowed: POPUP },
  { name: 'the options page', sender: { id: EXTENSION_ID, url: `${EXTENSION_BASE}options/options.html` }, allowed: OPTIONS },
  { name: 'another extension (its own popup)', sender: { id: 'someone-else', url: 'chrome-extension://someone-else/popup/popup.html' }, allowed: [] },
  { name: 'another extension\'s content script in a tab', sender: { id: 'someone-else', url: SEED_URL, tab: { id: 7 }, frameId: 0 }, allowed: [] },
  { name: 'a sender without an id', sender: { url: SEED_URL, tab: { id: 7 } }, allowed: [] },
  { name: 'a content script in a file:// tab', sender: { id: EXTENSION_ID, url: 'file:///home/reader/a.html', tab: { id: 7 }, frameId: 0 }, allowed: [] },
  { name: 'a content script without an address', sender: { id: EXTENSION_ID, tab: { id: 7 }, frameId: 0 }, allowed: [] },
  { name: 'an extension page that is neither popup nor options', sender: { id: EXTENSION_ID, url: `${EXTENSION_BASE}background.html` }, allowed: [] },
  { name: 'a web page whose path looks like the popup\'s', sender: { id: EXTENSION_ID, url: 'https://evil.example/popup/popup.html', tab: { id: 7 } }, allowed: CONTENT },
];

let browser: FakeBrowser;

beforeEach(async () => {
  browser = await startBackground([seedArticle()]);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const rows = SENDERS.flatMap(({ name, sender, allowed }) =>
  (Object.keys(PAYLOADS) as RequestName[]).map((type) => ({ name, type, sender, answered: allowed.includes(type) })),
);

describe('the background answers each message only from its own sender', () => {
  it.each(rows)('$type from $name: answered $answered', async ({ type, sender, answered }) => {
    const listener = browser.runtime.onMessage.listeners[0] as (message: unknown, sender: object) => Promise<unknown> | undefined;
    const before = JSON.stringify([...browser.storage.sync.data, ...browser.storage.local.data, ...browser.storage.session.data]);
    const reply = listener(envelope(type, PAYLOADS[type]), sender);
    expect(reply !== undefined).toBe(answered);
    await reply?.catch(() => undefined);
    if (!answered) {
      // Dropped means dropped: nothing stored, no browser API called.
      expect(JSON.stringify([...browser.storage.sync.data, ...browser.storage.local.data, ...browser.storage.session.data])).toBe(before);
      expect(browser.calls).toEqual([]);
    }
  });
});
