import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { POLL_LIMIT, POLL_MS, type Popup, startPopup } from '../../../src/popup/controller';
import type { ClaimSummary, TabState, TabStatus } from '../../../src/shared/messages';
import type { Settings } from '../../../src/shared/settings';
import { FakeBrowser } from '../../support/fake-browser';
import { loadIntoDocument } from '../../support/page';

const html = readFileSync('src/popup/popup.html', 'utf8');

const claims: ClaimSummary[] = [
  { id: 'putin-invitation', status: 'exact', title: 'Putin said he had told Trump about the invitation', notes: 1 },
  { id: 'guardian-report', status: 'fuzzy', title: 'The Guardian report', notes: 2 },
  { id: 'sanders-quote', status: 'missing', title: 'Not on this page', notes: 4 },
];

function state(status: TabStatus, patch: Partial<TabState> = {}): TabState {
  return {
    status,
    site: 'jyllands-posten.dk',
    settings: { enabled: true, disabledSites: [] },
    article: status === 'annotated' ? { id: 'jp', headline: 'Putin har inviteret Trump til Moskva', matchedBy: 'url' } : null,
    claims: status === 'annotated' ? claims : [],
    ...patch,
  };
}

interface Harness {
  fake: FakeBrowser;
  popup: Popup;
  closed: () => number;
}

/** Opens the popup against a fake background that answers get-state with `states` in turn (the last repeats). */
async function open(states: TabState[], options: { search?: string; uiLanguage?: string; showClaim?: boolean } = {}): Promise<Harness> {
  loadIntoDocument(html);
  let settings: Settings = states[0]!.settings;
  let calls = 0;
  const fake = new FakeBrowser({ uiLanguage: options.uiLanguage ?? 'en-US', activeTabId: 42 });
  fake.handlers = {
    'popup:get-state': () => ({ ...states[Math.min(calls++, states.length - 1)]!, settings }),
    'popup:set-enabled': ({ enabled }) => (settings = { ...settings, enabled }),
    'popup:set-site': ({ site, enabled }) =>
      (settings = { ...settings, disabledSites: enabled ? settings.disabledSites.filter((s) => s !== site) : [...settings.disabledSites, site] }),
    'popup:show-claim': () => options.showClaim ?? true,
  };
  let closes = 0;
  const popup = startPopup(document, fake, options.search ?? '', () => closes++);
  await popup.ready;
  return { fake, popup, closed: () => closes };
}

const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;
const status = () => $('#status').textContent;
const claimButtons = () => [...document.querySelectorAll<HTMLButtonElement>('#claims button')];
const labelOf = (input: HTMLInputElement) => input.labels?.[0]?.textContent?.trim();
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.useRealTimers());

describe('the popup', () => {
  it('marks a claim whose notes were corrected, with the date, in the reader\'s language', async () => {
    const marked = [{ ...claims[0]!, corrected: '2026-12-02' }, claims[1]!];
    await open([state('annotated', { claims: marked })]);
    expect(claimButtons().map((b) => b.querySelector('.claim-corrected')?.textContent ?? null)).toEqual(['Corrected 2 December 2026', null]);
    await open([state('annotated', { claims: marked })], { uiLanguage: 'da' });
    expect(claimButtons()[0]!.querySelector('.claim-corrected')!.textContent).toBe('Rettet 2. december 2026');
  });

  it('counts the notes on the page and lists the claims found, as buttons', async () => {
    await open([state('annotated')]);
    expect(status()).toBe('3 notes on this page');
    expect(claimButtons().map((b) => b.querySelector('.claim-title')!.textContent)).toEqual([claims[0]!.title, claims[1]!.title]);
    expect(claimButtons().map((b) => b.querySelector('.claim-count')!.textContent)).toEqual(['1 note', '2 notes']);
    expect($('#claims-section').hidden).toBe(false);
    expect($('#claims-heading').textContent).toBe('Claims on this page');
  });

  it.each([
    { status: 'not-article' as const, line: 'This page is not an article Kontekst knows.' },
    { status: 'off-site' as const, line: 'Kontekst is turned off for this site.', patch: { settings: { enabled: true, disabledSites: ['jyllands-posten.dk'] } } },
    { status: 'off' as const, line: 'Kontekst is turned off everywhere.', patch: { settings: { enabled: false, disabledSites: [] } } },
    { status: 'unsupported' as const, line: 'Kontekst does not work on this kind of page.', patch: { site: null } },
  ])('says why there is nothing: $status', async ({ status: s, line, patch }) => {
    await open([state(s, patch)]);
    expect(status()).toBe(line);
    expect(claimButtons()).toHaveLength(0);
    expect($('#claims-section').hidden).toBe(true);
  });

  it('says so when the article is known but none of its claims is on the page', async () => {
    await open([state('annotated', { claims: [{ ...claims[2]! }] })]);
    expect(status()).toMatch(/^Kontekst knows this article, but none of its marked claims are on the page/);
    expect(claimButtons()).toHaveLength(0);
  });

  it('has two labelled switches that reflect the settings', async () => {
    await open([state('annotated', { settings: { enabled: true, disabledSites: [] } })]);
    const enabled = $<HTMLInputElement>('#enabled');
    const site = $<HTMLInputElement>('#site');
    for (const input of [enabled, site]) {
      expect(input.type).toBe('checkbox');
      expect(input.getAttribute('role')).toBe('switch');
      expect(input.disabled).toBe(false);
    }
    expect(labelOf(enabled)).toBe('On everywhere');
    expect(labelOf(site)).toBe('On for jyllands-posten.dk');
    expect(enabled.checked).toBe(true);
    expect(site.checked).toBe(true);
  });

  it('the site switch is unavailable where there is no site, or when Kontekst is off everywhere', async () => {
    await open([state('unsupported', { site: null })]);
    expect($<HTMLInputElement>('#site').disabled).toBe(true);
    expect(labelOf($<HTMLInputElement>('#site'))).toBe('On for this site');
    await open([state('off', { settings: { enabled: false, disabledSites: [] } })]);
    expect($<HTMLInputElement>('#site').disabled).toBe(true);
    expect($<HTMLInputElement>('#enabled').checked).toBe(false);
  });

  it('turning Kontekst off everywhere asks the background and shows the new state', async () => {
    const h = await open([state('annotated'), state('off')]);
    const enabled = $<HTMLInputElement>('#enabled');
    enabled.click();
    await vi.waitFor(() => expect(status()).toBe('Kontekst is turned off everywhere.'));
    expect(h.fake.messages('popup:set-enabled')).toEqual([{ enabled: false }]);
    expect(enabled.checked).toBe(false);
  });

  it('turning a site off asks the background for exactly that site', async () => {
    const h = await open([state('annotated'), state('off-site')]);
    $<HTMLInputElement>('#site').click();
    await vi.waitFor(() => expect(status()).toBe('Kontekst is turned off for this site.'));
    expect(h.fake.messages('popup:set-site')).toEqual([{ site: 'jyllands-posten.dk', enabled: false }]);
    expect($<HTMLInputElement>('#site').checked).toBe(false);
  });

  it('after turning back on, it waits for the page to be read and then lists its claims', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const h = await open([state('off', { settings: { enabled: false, disabledSites: [] } }), state('pending'), state('pending'), state('annotated')]);
    $<HTMLInputElement>('#enabled').click();
    await vi.advanceTimersByTimeAsync(0);
    expect(status()).toBe('Reading the page…');
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(status()).toBe('3 notes on this page');
    expect(h.fake.messages('popup:get-state')).toHaveLength(4);
  });

  it(`stops asking after ${POLL_LIMIT} more tries when the page never finishes`, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const h = await open([state('pending')]);
    await vi.advanceTimersByTimeAsync(POLL_MS * POLL_LIMIT * 3);
    expect(h.fake.messages('popup:get-state')).toHaveLength(POLL_LIMIT + 1);
  });

  it('choosing a claim asks the tab to show it, then closes the popup', async () => {
    const h = await open([state('annotated')]);
    claimButtons()[1]!.click();
    await vi.waitFor(() => expect(h.closed()).toBe(1));
    expect(h.fake.messages('popup:show-claim')).toEqual([{ tabId: 42, claimId: 'guardian-report' }]);
  });

  it('stays open when the tab could not show the claim', async () => {
    const h = await open([state('annotated')], { showClaim: false });
    claimButtons()[0]!.click();
    await vi.waitFor(() => expect(h.fake.messages('popup:show-claim')).toHaveLength(1));
    await nextTask();
    expect(h.closed()).toBe(0);
  });

  it('?tab=ID speaks about that tab (tests open the popup as a tab) and does not close itself', async () => {
    const h = await open([state('annotated')], { search: '?tab=7' });
    expect(h.fake.tabQueries).toBe(0);
    expect(h.fake.messages('popup:get-state')).toEqual([{ tabId: 7 }]);
    claimButtons()[0]!.click();
    await vi.waitFor(() => expect(h.fake.messages('popup:show-claim')).toEqual([{ tabId: 7, claimId: 'putin-invitation' }]));
    await nextTask();
    expect(h.closed()).toBe(0);
  });

  it.each([
    { search: '?tab=abc', why: 'not a number' },
    { search: '?tab=-1', why: 'negative' },
    { search: '', why: 'absent' },
  ])('uses the active tab of the current window when ?tab is $why', async ({ search }) => {
    const h = await open([state('annotated')], { search });
    expect(h.fake.tabQueries).toBe(1);
    expect(h.fake.messages('popup:get-state')).toEqual([{ tabId: 42 }]);
  });

  it('offers the dataset packs on the options page, and closes as a popup', async () => {
    const { fake, closed } = await open([state('not-article')]);
    expect($<HTMLButtonElement>('#packs').textContent).toBe('Dataset packs…');
    $<HTMLButtonElement>('#packs').click();
    await nextTask();
    expect(fake.optionsPagesOpened).toBe(1);
    expect(closed()).toBe(1);
  });

  it('speaks Danish in a Danish browser', async () => {
    await open([state('annotated')], { uiLanguage: 'da' });
    expect(document.documentElement.lang).toBe('da');
    expect(status()).toBe('3 noter på denne side');
    expect(labelOf($<HTMLInputElement>('#enabled'))).toBe('Slået til overalt');
    expect(labelOf($<HTMLInputElement>('#site'))).toBe('Slået til på jyllands-posten.dk');
    expect(claimButtons().map((b) => b.querySelector('.claim-count')!.textContent)).toEqual(['1 note', '2 noter']);
    expect($('#privacy').textContent).toBe('Intet forlader din browser.');
  });

  it('says it could not read the tab when the background fails', async () => {
    loadIntoDocument(html);
    const fake = new FakeBrowser({ activeTabId: 3 });
    fake.handlers = { 'popup:get-state': () => Promise.reject(new Error('gone')) };
    await startPopup(document, fake, '', () => undefined).ready;
    expect(status()).toBe('Kontekst could not read this tab. Reloading the page may help.');
  });

  it('renders claim titles as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    await open([state('annotated', { claims: [{ ...claims[0]!, title: hostile }] })]);
    expect(document.querySelector('#claims img')).toBeNull();
    expect(claimButtons()[0]!.textContent).toContain(hostile);
  });
});
