// The first-run page (src/welcome/) in jsdom: it says what Kontekst reads, in the reader's
// language, and offers the choice of sites with the publishers' sites named.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALL_SITES, publisherPatterns } from '../../../src/core/dataset/publisher-sites';
import { SHOWN_SITES } from '../../../src/shared/access-choice';
import { type FakeBrowser, fakeBrowser } from '../../support/fake-browser';
import { ROOT } from '../../support/seed';

const html = readFileSync(join(ROOT, 'src/welcome/welcome.html'), 'utf8');
let browser: FakeBrowser;

async function openWelcome(language: 'en' | 'da', granted: 'all' | 'publishers', urls = ['https://jyllands-posten.dk/a/', 'https://www.politiken.dk/b']): Promise<void> {
  browser = fakeBrowser(language, publisherPatterns(urls));
  if (granted === 'publishers') browser.permissions.withdraw([ALL_SITES]);
  vi.stubGlobal('browser', browser);
  vi.resetModules();
  document.documentElement.innerHTML = html.replace(/^[\s\S]*?<html>/, '').replace(/<\/html>\s*$/, '');
  await import('../../../src/welcome/welcome');
}

const $ = (id: string): HTMLElement => document.getElementById(id) as HTMLElement;
const radio = (id: string): HTMLInputElement => $(id) as HTMLInputElement;

afterEach(() => vi.unstubAllGlobals());

describe('the welcome page', () => {
  it.each([
    { language: 'en' as const, title: 'Welcome to Kontekst', reads: 'What Kontekst reads', all: 'All sites', publishers: "Only the publishers' own sites", leaves: 'Nothing you read leaves your browser' },
    { language: 'da' as const, title: 'Velkommen til Kontekst', reads: 'Hvad Kontekst læser', all: 'Alle websteder', publishers: 'Kun udgivernes egne websteder', leaves: 'Intet af det, du læser, forlader din browser' },
  ])('explains what Kontekst reads and why, in $language', async ({ language, title, reads, all, publishers, leaves }) => {
    await openWelcome(language, 'publishers');
    expect(document.documentElement.lang).toBe(language);
    expect(document.querySelector('h1')?.textContent).toBe(title);
    expect([...document.querySelectorAll('h2')].map((h) => h.textContent)).toContain(reads);
    expect(document.body.textContent).toContain(leaves);
    expect(radio('access-all').labels?.[0]?.textContent?.trim()).toBe(all);
    expect(radio('access-publishers').labels?.[0]?.textContent?.trim()).toBe(publishers);
    // The publishers' sites, named from the manifest (one name per site, www. or not).
    expect($('publisher-sites').textContent).toContain('(jyllands-posten.dk, politiken.dk)');
    // No key shown raw: every data-i18n node got its text.
    for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) expect(node.textContent, node.dataset.i18n).not.toBe(node.dataset.i18n);
  });

  it.each([
    { granted: 'all' as const, checked: 'access-all' },
    { granted: 'publishers' as const, checked: 'access-publishers' },
  ])('shows the access the browser has now ($granted) as the choice', async ({ granted, checked }) => {
    await openWelcome('en', granted);
    await vi.waitFor(() => expect(radio(checked).checked).toBe(true));
  });

  it('names the first publishers\' sites and counts the rest when there are many', async () => {
    const urls = Array.from({ length: SHOWN_SITES + 5 }, (_, i) => `https://avis-${String(i).padStart(2, '0')}.example/a`);
    await openWelcome('en', 'publishers', urls);
    const named = urls.slice(0, SHOWN_SITES).map((url) => new URL(url).hostname).join(', ');
    expect($('publisher-sites').textContent).toBe(`Notes appear on the articles at their own addresses (${named} and 5 more sites). On other pages you can still run Kontekst once from its toolbar button.`);
  });

  it('choosing all sites asks the browser for them in the click', async () => {
    await openWelcome('en', 'publishers');
    radio('access-all').click();
    expect(browser.permissions.requested).toEqual([[ALL_SITES]]);
    await vi.waitFor(() => expect($('access-status').textContent).toBe('Kontekst may now read all sites.'));
    expect(browser.permissions.covers(ALL_SITES)).toBe(true);
  });
});
