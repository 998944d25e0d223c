// The background as the browser runs it (src/background/main.ts), with the extension APIs
// faked: packs added from the options page are recognised and served like the bundled dataset,
// and no other sender can add or remove packs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Article } from '../../../src/core/dataset/model';
import { EXTENSION_ID, FERRY_ID, FERRY_PACK_TEXT, FERRY_URL, type FakeBrowser, SENDERS, articleTextAt, restartBackground, sendToBackground, startBackground } from '../../support/fake-browser';
import { SEED_ID, SEED_URL, seedArticle } from '../../support/seed';

vi.mock('webextension-polyfill', () => ({
  default: new Proxy({}, { get: (_target, key) => (globalThis as unknown as { browser: Record<string | symbol, unknown> }).browser[key] }),
}));

const packText = FERRY_PACK_TEXT;
const seed = seedArticle();

const senders = {
  ...SENDERS,
  otherExtension: { id: 'someone-else', url: `chrome-extension://someone-else/options/options.html` },
};

let browser: FakeBrowser;

const send = (type: string, payload: unknown, sender: object): Promise<unknown> => sendToBackground(browser, type, payload, sender);

/** A page finishes loading in tab 7: what the background's detection then did. */
async function detect(url: string, text = articleTextAt(url)): Promise<unknown> {
  browser.page.url = url;
  browser.page.facts = { canonical: null, ogUrl: null, text };
  const listener = browser.tabs.onUpdated.listeners[0] as (tabId: number, change: object, tab: object) => Promise<unknown> | undefined;
  return listener(7, { status: 'complete' }, { id: 7, url, status: 'complete' });
}

beforeEach(async () => {
  browser = await startBackground([seed]);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the background with dataset packs', () => {
  it('recognises and serves a pack article the way it does a bundled one, until the pack is removed', async () => {
    expect(await detect(FERRY_URL)).toBe('none');

    const added = await send('options:add-pack', { file: 'coastal-courier.json', text: packText }, senders.options);
    expect(added).toMatchObject({ ok: true, pack: { name: 'Coastal Courier notes', version: '1.0.0', articles: 1 } });
    expect(await send('options:list-packs', {}, senders.options)).toEqual([expect.objectContaining({ id: 'coastal-courier-notes' })]);

    // By address, then by text on a copy elsewhere: both as for the bundled article.
    expect(await detect(FERRY_URL)).toBe('annotate');
    expect(browser.calls.some((c) => c.api === 'scripting.executeScript' && JSON.stringify(c.args).includes('content/annotate.js'))).toBe(true);
    const served = browser.handedOver()!;
    expect(served.article.id).toBe(FERRY_ID);
    expect(served.article.claims.map((c) => c.id)).toEqual(['pier-vote', 'pier-closed-2019', 'passenger-forecast']);
    const copyText = articleTextAt(FERRY_URL);
    expect(await detect('https://aggregator.example/story/1', copyText)).toBe('annotate');

    // The bundled article is still there beside the pack.
    expect(await detect(SEED_URL)).toBe('annotate');
    expect(browser.handedOver()?.article.id).toBe(SEED_ID);

    expect(await send('options:remove-pack', { id: 'coastal-courier-notes' }, senders.options)).toBe(true);
    expect(await detect(FERRY_URL)).toBe('none');
  });

  it('answers a bad pack with its problems and keeps nothing', async () => {
    const bad = JSON.stringify({ ...JSON.parse(packText), kontekstPack: 2 });
    expect(await send('options:add-pack', { file: 'bad.json', text: bad }, senders.options)).toEqual({ ok: false, problems: ['bad.json: $.kontekstPack: must be 1, not 2'] });
    expect(browser.storage.local.data.size).toBe(0);
  });

  it.each([
    { reason: 'a content script in a web page', sender: senders.tab('https://evil.example/') },
    { reason: 'the popup', sender: senders.popup },
    { reason: 'another extension\'s options page', sender: senders.otherExtension },
    { reason: 'a sender without a URL', sender: { id: EXTENSION_ID } },
  ])('drops pack messages from $reason without an answer', async ({ sender }) => {
    expect(await send('options:add-pack', { file: 'coastal-courier.json', text: packText }, sender)).toBeUndefined();
    expect(await send('options:remove-pack', { id: 'coastal-courier-notes' }, sender)).toBeUndefined();
    expect(await send('options:list-packs', {}, sender)).toBeUndefined();
    expect(browser.storage.local.data.size).toBe(0);
  });

  it.each([
    { reason: 'text that is not a string', payload: { file: 'a.json', text: { articles: [] } } },
    { reason: 'no file name', payload: { text: packText } },
    { reason: 'text over the size limit', payload: { file: 'a.json', text: 'x'.repeat(2 * 1024 * 1024 + 1) } },
  ])('drops a malformed add-pack message: $reason', async ({ payload }) => {
    expect(await send('options:add-pack', payload, senders.options)).toBeUndefined();
    expect(browser.storage.local.data.size).toBe(0);
  });

  it('drops a remove-pack message whose id is not an id', async () => {
    expect(await send('options:remove-pack', { id: '../settings' }, senders.options)).toBeUndefined();
  });
});

// A background that wakes for a page reads the list of packs from its copy in storage.session,
// not from storage.local (src/background/packs.ts): the copy must follow every change.
describe('the packs in a background started again', () => {
  it('are the ones added and removed before, in the options page or in storage.local by hand', async () => {
    // Read once with no packs: the copy says none.
    expect(await detect(FERRY_URL)).toBe('none');
    await send('options:add-pack', { file: 'coastal-courier.json', text: packText }, senders.options);
    await restartBackground(browser);
    expect(await detect(FERRY_URL)).toBe('annotate');
    await send('options:remove-pack', { id: 'coastal-courier-notes' }, senders.options);
    await restartBackground(browser);
    expect(await detect(FERRY_URL)).toBe('none');
    // Added again, then its list taken out of storage.local and put back by hand (developer tools).
    await send('options:add-pack', { file: 'coastal-courier.json', text: packText }, senders.options);
    const listed = browser.storage.local.data.get('packs');
    await browser.storage.local.remove('packs');
    await restartBackground(browser);
    expect(await detect(FERRY_URL)).toBe('none');
    await browser.storage.local.set({ packs: listed });
    await restartBackground(browser);
    expect(await detect(FERRY_URL)).toBe('annotate');
  });
});
