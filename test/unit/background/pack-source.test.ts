// The background tells the annotator where a recognised article's notes come from: the added
// pack's name for a pack article (the card names it), null for a bundled one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { foldSelector } from '../../../src/core/anchoring/anchor-quote';
import { type Article, latestRevision } from '../../../src/core/dataset/model';
import { INJECTIONS } from '../../../src/shared/messages';
import { FERRY_ID, FERRY_PACK_TEXT, FERRY_URL, type FakeBrowser, SENDERS, articleTextAt, sendToBackground, startBackground } from '../../support/fake-browser';
import { SEED_ID, SEED_URL, seedArticle } from '../../support/seed';

vi.mock('webextension-polyfill', () => ({
  default: new Proxy({}, { get: (_target, key) => (globalThis as unknown as { browser: Record<string | symbol, unknown> }).browser[key] }),
}));

const packText = FERRY_PACK_TEXT;
const seed = seedArticle();
const options = SENDERS.options;
const tab = SENDERS.tab;

let browser: FakeBrowser;

const send = (type: string, payload: unknown, sender: object): Promise<unknown> => sendToBackground(browser, type, payload, sender);

/** A page at `url` finishes loading in tab 7; what the background hands the annotator it injects there. */
async function articleFor(url: string): Promise<{ article: Article; language: string; pack: unknown; folded?: unknown }> {
  browser.page.url = url;
  browser.page.facts = { canonical: null, ogUrl: null, text: articleTextAt(url) };
  const listener = browser.tabs.onUpdated.listeners[0] as (tabId: number, change: object, tab: object) => Promise<unknown> | undefined;
  expect(await listener(7, { status: 'complete' }, { id: 7, url, status: 'complete' })).toBe('annotate');
  return browser.handedOver()!;
}

beforeEach(async () => {
  browser = await startBackground([seed]);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the article handed to the annotator says where the notes come from', () => {
  it('names the pack of a pack article, and no pack for the bundled one beside it', async () => {
    expect(await send('options:add-pack', { file: 'coastal-courier.json', text: packText }, options)).toMatchObject({ ok: true });

    const fromPack = await articleFor(FERRY_URL);
    expect(fromPack.article.id).toBe(FERRY_ID);
    expect(fromPack.pack).toEqual({ name: 'Coastal Courier notes' });

    // The popup names it too, once the annotator reported what it anchored.
    const popup = SENDERS.popup;
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

describe("the claims' selectors go to the annotator folded, so the page does not fold them on every load", () => {
  it('hands each claim of a bundled and of a pack article folded, in order, as the annotator would fold it, in a start its check accepts', async () => {
    await send('options:add-pack', { file: 'coastal-courier.json', text: packText }, options);
    for (const url of [SEED_URL, FERRY_URL]) {
      const given = await articleFor(url);
      expect(given.folded).toEqual(given.article.claims.map((claim) => foldSelector(claim.selector)));
      expect(INJECTIONS['annotator:start'].payload(given)).toBe(true);
    }
  });
});

describe("the annotator is handed the notes in the reader's language only", () => {
  it.each(['da', 'en'] as const)('reader in %s: each note in that language, with its newest correction; the other language empty', async (language) => {
    browser.uiLanguage = language;
    const given = await articleFor(SEED_URL);
    expect(given.language).toBe(language);
    const other = language === 'da' ? 'en' : 'da';
    const whole = seed.claims.flatMap((claim) => claim.notes);
    const handed = given.article.claims.flatMap((claim) => claim.notes);
    expect(handed.map((note) => note.id)).toEqual(whole.map((note) => note.id));
    whole.forEach((note, i) => {
      const shown = handed[i]!;
      expect([shown.title[language], shown.body[language]]).toEqual([note.title[language], note.body[language]]);
      expect([shown.title[other], shown.body[other]]).toEqual(['', '']);
      const newest = latestRevision(note);
      expect(shown.revisions).toEqual(newest ? [{ date: newest.date, [language]: newest[language], [other]: '' }] : undefined);
    });
    // The seed has corrected notes, so the test shows the newest correction is the one kept.
    expect(whole.some((note) => (note.revisions?.length ?? 0) > 0)).toBe(true);
    expect(INJECTIONS['annotator:start'].payload(given)).toBe(true);
  });
});
