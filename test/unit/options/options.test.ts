import { CORRECTIONS_ADDRESS } from '../../../src/shared/corrections';
// The options page (src/options/) in jsdom, talking to the real background code through a
// fake runtime.sendMessage that delivers messages as the browser would, from the options page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Article } from '../../../src/core/dataset/model';
import { EXTENSION_BASE, EXTENSION_ID, type FakeBrowser, fakeBrowser, packagedFiles } from '../../support/fake-browser';
import { PACKS, readJson, ROOT, SEED_ID } from '../../support/seed';
import { shownPackName } from '../../../src/shared/pack-source';
import { ALL_SITES, publisherPatterns, sitePatterns } from '../../../src/core/dataset/publisher-sites';

vi.mock('webextension-polyfill', () => ({
  default: new Proxy({}, { get: (_target, key) => (globalThis as unknown as { browser: Record<string | symbol, unknown> }).browser[key] }),
}));

const packText = readFileSync(join(PACKS, 'coastal-courier.json'), 'utf8');
const seed = readJson<Article>(join(ROOT, 'src/dataset/articles', `${SEED_ID}.json`));
const optionsHtml = readFileSync(join(ROOT, 'src/options/options.html'), 'utf8');

let browser: FakeBrowser;

async function openOptionsPage(language: 'en' | 'da' = 'en'): Promise<void> {
  // The manifest's publisher sites, as build.mjs derives them from the bundled dataset.
  browser = fakeBrowser(language, publisherPatterns(seed.urls));
  vi.stubGlobal('browser', browser);
  vi.stubGlobal('fetch', packagedFiles([seed]));
  vi.resetModules();
  await import('../../../src/background/main');
  const background = browser.runtime.onMessage.listeners[0] as (message: unknown, sender: object) => Promise<unknown> | undefined;
  browser.runtime.sendMessage = async (message: unknown) => background(message, { id: EXTENSION_ID, url: `${EXTENSION_BASE}options/options.html` });
  document.documentElement.innerHTML = optionsHtml.replace(/^[\s\S]*?<html>/, '').replace(/<\/html>\s*$/, '');
  await import('../../../src/options/options');
  await vi.waitFor(() => expect(document.getElementById('no-packs')?.hidden).toBe(false));
}

const $ = (id: string): HTMLElement => document.getElementById(id) as HTMLElement;
const rows = (): string[][] => [...document.querySelectorAll('#packs tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent ?? ''));

async function choose(file: File): Promise<void> {
  const input = $('pack-file') as HTMLInputElement;
  const before = $('status').textContent;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change'));
  await vi.waitFor(() => expect($('status').textContent).not.toBe(before));
}

beforeEach(() => {
  document.documentElement.innerHTML = '';
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('options page: dataset packs', () => {
  it('adds a pack from a file, lists its name, version and article count, and removes it', async () => {
    await openOptionsPage();
    expect(document.documentElement.lang).toBe('en');
    expect(document.querySelector('h1')?.textContent).toBe('Kontekst settings');
    expect($('packs').hidden).toBe(true);

    await choose(new File([packText], 'coastal-courier.json', { type: 'application/json' }));
    expect($('status').textContent).toBe('Added the pack "Coastal Courier notes", version 1.0.0, with 1 article(s).');
    expect($('problems').hidden).toBe(true);
    // The list is refreshed just after the status is shown.
    await vi.waitFor(() => expect($('packs').hidden).toBe(false));
    expect($('no-packs').hidden).toBe(true);
    expect(rows()).toEqual([['Coastal Courier notes', '1.0.0', '1', 'Remove']]);
    const remove = document.querySelector('#packs tbody button') as HTMLButtonElement;
    expect(remove.getAttribute('aria-label')).toBe('Remove the pack Coastal Courier notes');
    // Stored where the background reads packs from.
    expect([...browser.storage.local.data.keys()].sort()).toEqual(['pack:coastal-courier-notes', 'packs']);

    remove.click();
    await vi.waitFor(() => expect($('status').textContent).toBe('Removed the pack "Coastal Courier notes".'));
    await vi.waitFor(() => expect(rows()).toEqual([]));
    expect($('no-packs').hidden).toBe(false);
    expect(browser.storage.local.data.has('pack:coastal-courier-notes')).toBe(false);
  });

  it('shows a bad pack\'s problems as text, one per line, and adds nothing', async () => {
    await openOptionsPage();
    const bad = JSON.parse(packText) as { name: string; articles: Article[] };
    bad.name = '<img src=x onerror="document.title=1">';
    (bad.articles[0] as Article).claims[0]!.selector.exact = 'short';
    (bad.articles[0] as Article).language = 'de' as Article['language'];
    await choose(new File([JSON.stringify(bad)], 'bad <b>pack</b>.json'));
    expect($('status').textContent).toBe('"bad <b>pack</b>.json" was not added: 2 problem(s).');
    expect([...$('problems').children].map((li) => li.textContent)).toEqual([
      'bad <b>pack</b>.json: $.articles[0].language: must be one of "da", "en", not "de"',
      'bad <b>pack</b>.json: $.articles[0].claims[0].selector.exact: must be at least 8 characters long',
    ]);
    expect(document.querySelector('img, b')).toBeNull();
    expect(rows()).toEqual([]);
    expect(browser.storage.local.data.size).toBe(0);
  });

  it('renders a pack name holding markup as text', async () => {
    await openOptionsPage();
    const named = { ...JSON.parse(packText), name: '<img src=x onerror=alert(1)> Notes' };
    await choose(new File([JSON.stringify(named)], 'named.json'));
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]?.[0]).toBe('<img src=x onerror=alert(1)> Notes');
    expect(document.querySelector('img')).toBeNull();
  });

  it('cleans a pack name exactly as the card does (one function): bidi overrides and controls dropped, spaces collapsed, capped', async () => {
    await openOptionsPage();
    const raw = `\u202Eevil\u202C  Notes\n\t${'x'.repeat(100)}`;
    await choose(new File([JSON.stringify({ ...JSON.parse(packText), name: raw.slice(0, 80) })], 'named.json'));
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    const shown = shownPackName(raw.slice(0, 80));
    expect(shown).not.toMatch(/[\u202A-\u202E\n\t]/);
    expect(rows()[0]?.[0]).toBe(shown);
    expect($('status').textContent).toContain(shown);
    expect(document.querySelector('#packs tbody button')?.getAttribute('aria-label')).toContain(shown);
  });

  it('asks before a pack replaces an added one of the same name, saying which version replaces which; keeping it changes nothing', async () => {
    await openOptionsPage();
    await choose(new File([packText], 'v1.json'));
    await vi.waitFor(() => expect(rows()[0]?.[1]).toBe('1.0.0'));
    const v2 = new File([JSON.stringify({ ...JSON.parse(packText), version: '2.0.0' })], 'v2.json');
    await choose(v2);
    expect($('status').textContent).toContain('1.0.0');
    expect($('status').textContent).toContain('2.0.0');
    const [replace, keep] = [...$('status').querySelectorAll('button')];
    expect(replace && keep).toBeTruthy();
    keep?.click();
    await vi.waitFor(() => expect($('status').querySelector('button')).toBeNull());
    expect(rows()[0]?.[1]).toBe('1.0.0');
    await choose(v2);
    ($('status').querySelector('button') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(rows()[0]?.[1]).toBe('2.0.0'));
    expect($('status').textContent).toMatch(/from version 1\.0\.0 to 2\.0\.0/);
  });

  it('refuses a file over the size limit before reading it', async () => {
    await openOptionsPage();
    const big = new File(['x'.repeat(2 * 1024 * 1024 + 10)], 'big.json');
    const read = vi.spyOn(big, 'text');
    await choose(big);
    expect($('status').textContent).toBe('"big.json" was not added: 1 problem(s).');
    expect($('problems').textContent).toBe('big.json: $: is 2097162 bytes; a pack may be at most 2097152 bytes (2 MiB)');
    expect(read).not.toHaveBeenCalled();
  });

  it('speaks Danish to a Danish reader', async () => {
    await openOptionsPage('da');
    expect(document.documentElement.lang).toBe('da');
    expect(document.querySelector('h1')?.textContent).toBe('Kontekst-indstillinger');
    await choose(new File([packText], 'coastal-courier.json'));
    expect($('status').textContent).toBe('Pakken »Coastal Courier notes«, version 1.0.0, med 1 artikel(er) er tilføjet.');
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]?.[3]).toBe('Fjern');
  });
});

describe('options page: where Kontekst may read', () => {
  const radio = (id: string): HTMLInputElement => $(id) as HTMLInputElement;

  it('shows the current choice and the publishers\' sites; publishers only withdraws all sites, all sites asks the browser', async () => {
    await openOptionsPage();
    await vi.waitFor(() => expect(radio('access-all').checked).toBe(true));
    expect(radio('access-publishers').checked).toBe(false);
    expect($('publisher-sites').textContent).toContain('(jyllands-posten.dk)');

    radio('access-publishers').click();
    await vi.waitFor(() => expect($('access-status').textContent).toBe("Kontekst now reads only the publishers' own sites."));
    expect(browser.permissions.covers(ALL_SITES)).toBe(false);
    // The publishers' sites are the manifest's own: still there.
    expect(browser.permissions.canRead('https://jyllands-posten.dk/a')).toBe(true);
    expect(radio('access-publishers').checked).toBe(true);

    radio('access-all').click();
    // Asked in the click itself, for all sites and nothing else.
    expect(browser.permissions.requested).toEqual([[ALL_SITES]]);
    await vi.waitFor(() => expect($('access-status').textContent).toBe('Kontekst may now read all sites.'));
    expect(radio('access-all').checked).toBe(true);
  });

  it('goes back to publishers only when the reader declines the browser\'s prompt', async () => {
    await openOptionsPage();
    browser.permissions.withdraw([ALL_SITES]);
    browser.permissions.answer = false;
    await vi.waitFor(() => expect(radio('access-publishers').checked).toBe(true));
    radio('access-all').click();
    await vi.waitFor(() => expect($('access-status').textContent).toBe("The browser did not grant access to all sites; Kontekst reads only the publishers' own sites."));
    expect(radio('access-all').checked).toBe(false);
    expect(radio('access-publishers').checked).toBe(true);
  });

  it('follows access changed elsewhere (the popup, the browser\'s own menu)', async () => {
    await openOptionsPage();
    await vi.waitFor(() => expect(radio('access-all').checked).toBe(true));
    browser.permissions.withdraw([ALL_SITES]);
    await vi.waitFor(() => expect(radio('access-publishers').checked).toBe(true));
  });

  it('asks, with one click, for the sites of a pack added while only the publishers\' sites are allowed', async () => {
    await openOptionsPage();
    browser.permissions.withdraw([ALL_SITES]);
    await choose(new File([packText], 'coastal-courier.json', { type: 'application/json' }));
    await vi.waitFor(() => expect($('pack-sites').hidden).toBe(false));
    expect($('pack-sites-text').textContent).toBe('Your added packs have articles on sites Kontekst may not read yet: coastal-courier.example.');
    ($('allow-pack-sites') as HTMLButtonElement).click();
    expect(browser.permissions.requested).toEqual([sitePatterns('coastal-courier.example')]);
    await vi.waitFor(() => expect($('pack-sites').hidden).toBe(true));
  });

  it('gives back a removed pack\'s sites that nothing else needs, and keeps the publishers\' own', async () => {
    await openOptionsPage();
    browser.permissions.withdraw([ALL_SITES]);
    await choose(new File([packText], 'coastal-courier.json', { type: 'application/json' }));
    await vi.waitFor(() => expect($('pack-sites').hidden).toBe(false));
    ($('allow-pack-sites') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(browser.permissions.canRead('https://coastal-courier.example/a')).toBe(true));

    (document.querySelector('#packs tbody button') as HTMLButtonElement).click();
    await vi.waitFor(() =>
      expect($('status').textContent).toBe('Removed the pack "Coastal Courier notes". Kontekst no longer reads coastal-courier.example: no pack you kept needs it.'),
    );
    expect(browser.permissions.canRead('https://coastal-courier.example/a')).toBe(false);
    expect(browser.permissions.canRead('https://jyllands-posten.dk/a')).toBe(true);
    expect($('pack-sites').hidden).toBe(true);
  });

  it('leaves access to all sites alone when a pack is removed', async () => {
    await openOptionsPage();
    await choose(new File([packText], 'coastal-courier.json', { type: 'application/json' }));
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    (document.querySelector('#packs tbody button') as HTMLButtonElement).click();
    await vi.waitFor(() => expect($('status').textContent).toBe('Removed the pack "Coastal Courier notes".'));
    expect(browser.permissions.covers(ALL_SITES)).toBe(true);
  });

  it('asks for nothing more for a pack when all sites are allowed', async () => {
    await openOptionsPage();
    await choose(new File([packText], 'coastal-courier.json', { type: 'application/json' }));
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    expect($('pack-sites').hidden).toBe(true);
  });
});

describe('options page: corrections (issue 11)', () => {
  it.each([
    { language: 'en' as const, policy: 'How notes are written and corrected', report: 'Report a mistake by e-mail', subject: 'Kontekst: a mistake in a note', body: 'Sentence:' },
    { language: 'da' as const, policy: 'Sådan skrives og rettes noterne', report: 'Meld en fejl via e-mail', subject: 'Kontekst: en fejl i en note', body: 'Sætning:' },
  ])('links the editorial policy and offers a prefilled e-mail the reader may send ($language)', async ({ language, policy, report, subject, body }) => {
    await openOptionsPage(language);
    const policyLink = $('editorial-policy-link') as HTMLAnchorElement;
    expect(policyLink.textContent).toBe(policy);
    expect(policyLink.getAttribute('href')).toBe('../editorial-policy.txt');
    const mail = $('report-mistake') as HTMLAnchorElement;
    expect(mail.textContent).toBe(report);
    const href = new URL(mail.href);
    expect(href.protocol).toBe('mailto:');
    expect(href.pathname).toBe(CORRECTIONS_ADDRESS);
    expect(href.searchParams.get('subject')).toBe(subject);
    expect(href.searchParams.get('body')).toContain(body);
  });
});
