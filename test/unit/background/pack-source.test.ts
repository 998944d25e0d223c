// The background tells the annotator where a recognised article's notes come from: the added
// pack's name for a pack article (the card names it), null for a bundled one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Article } from '../../../src/core/dataset/model';
import { envelope } from '../../../src/shared/messages';
import { EXTENSION_BASE, EXTENSION_ID, type FakeBrowser, startBackground } from '../../support/fake-browser';
import { PACKS, readJson, SEED_ID, SEED_URL, seedArticle } from '../../support/seed';

vi.mock('webextension-polyfill', () => ({
  default: new Proxy({}, { get: (_target, key) => (globalThis as unknown as { browser: Record<string | symbol, unknown> }).browser[key] }),
}));

const FERRY_URL = 'https://coastal-courier.example/news/2024/03/14/ferry-pier-vote';
const FERRY_ID = 'cc-2024-03-14-ferry-pier-vote';
const packText = readFileSync(join(PACKS, 'coastal-courier.json'), 'utf8');
const seed = seedArticle();
const options = { id: EXTENSION_ID, url: `${EXTENSION_BASE}options/options.html` };
const tab = (url: string) => ({ id: EXTENSION_ID, url, tab: { id: 7 }, frameId: 0 });

let browser: FakeBrowser;

// What the page reader finds at each article's address: the article's text (an address alone marks nothing).
const textOf = (file: string): string => new DOMParser().parseFromString(readFileSync(file, 'utf8'), 'text/html').body.textContent ?? '';
const PAGE_TEXT: Record<string, string> = {
  [FERRY_URL]: textOf(join(__dirname, '../../fixtures/pages/packs/ferry-pier.html')),
  [SEED_URL]: textOf(join(__dirname, '../../../src/dataset/saved', `${SEED_ID}.html`)),
};

async function send(type: string, payload: unknown, sender: object): Promise<unknown> {
  const listener = browser.runtime.onMessage.listeners[0] as (message: unknown, sender: object) => Promise<unknown> | undefined;
  return listener(envelope(type, payload), sender);
}

/** A page at `url` finishes loading in tab 7; then the annotator there asks for its article. */
async function articleFor(url: string): Promise<{ article: Article; language: string; pack: unknown }> {
  browser.page.url = url;
  browser.page.facts = { canonical: null, ogUrl: null, text: PAGE_TEXT[url] ?? '' };
  const listener = browser.tabs.onUpdated.listeners[0] as (tabId: number, change: object, tab: object) => Promise<unknown> | undefined;
  expect(await listener(7, { status: 'complete' }, { id: 7, url, status: 'complete' })).toBe('annotate');
  return (await send('content:get-article', {}, tab(url))) as { article: Article; language: string; pack: unknown };
}

beforeEach(async () => {
  browser = await startBackground([seed]);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('content:get-article says where the notes come from', () => {
  it('names the pack of a pack article, and no pack for the bundled one beside it', async () => {
    expect(await send('options:add-pack', { file: 'coastal-courier.json', text: packText }, options)).toMatchObject({ ok: true });

    const fromPack = await articleFor(FERRY_URL);
    expect(fromPack.article.id).toBe(FERRY_ID);
    expect(fromPack.pack).toEqual({ name: 'Coastal Courier notes' });

    // The popup names it too, once the annotator reported what it anchored.
    const popup = { id: EXTENSION_ID, url: `${EXTENSION_BASE}popup/popup.html` };
    await send('content:anchored', { claims: [{ id: 'pier-vote', status: 'exact' }] }, tab(FERRY_URL));
    expect(await send('popup:get-state', { tabId: 7 }, popup)).toMatchObject({ status: 'annotated', pack: { name: 'Coastal Courier notes' } });

    const bundled = await articleFor(SEED_URL);
    expect(bundled.article.id).toBe(SEED_ID);
    expect(bundled.pack).toBeNull();
    await send('content:anchored', { claims: [{ id: bundled.article.claims[0]!.id, status: 'exact' }] }, tab(SEED_URL));
    expect(await send('popup:get-state', { tabId: 7 }, popup)).toMatchObject({ status: 'annotated', pack: null });
  });

  it('names the pack as it is now: removed, then added again under another name', async () => {
    await send('options:add-pack', { file: 'coastal-courier.json', text: packText }, options);
    await send('options:remove-pack', { id: 'coastal-courier-notes' }, options);
    const renamed = JSON.stringify({ ...JSON.parse(packText), name: 'Courier fact desk' });
    expect(await send('options:add-pack', { file: 'renamed.json', text: renamed }, options)).toMatchObject({ ok: true });
    expect((await articleFor(FERRY_URL)).pack).toEqual({ name: 'Courier fact desk' });
  });
});
