// The popup on a page Kontekst may not read: it says so and why, offers "Allow on SITE" (the
// browser's own prompt, asked in the click itself) and "Run once on this page"; on a page it
// may read, nothing about access shows.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { POLL_LIMIT, POLL_MS, type Popup, startPopup } from '../../../src/popup/controller';
import type { RunOnceReply, SiteAccess, TabState, TabStatus } from '../../../src/shared/messages';
import { FakeBrowser } from '../../support/fake-browser';
import { loadIntoDocument } from '../../support/page';

const html = readFileSync('src/popup/popup.html', 'utf8');
const COPY_SITE = 'avisen.example';
const COPY_ORIGINS = ['*://avisen.example/*', '*://www.avisen.example/*'];

function state(status: TabStatus, access: SiteAccess | null): TabState {
  return {
    status,
    site: COPY_SITE,
    settings: { enabled: true, disabledSites: status === 'off-site' ? [COPY_SITE] : [] },
    article: status === 'annotated' ? { id: 'jp', headline: 'Putin har inviteret Trump til Moskva', matchedBy: 'content' } : null,
    claims: status === 'annotated' ? [{ id: 'putin-invitation', status: 'exact', title: 'Putin said he had told Trump about the invitation', notes: 1 }] : [],
    access,
  };
}
const withheld = (scope: SiteAccess['scope'], publisher = false): SiteAccess => ({ readable: false, scope, publisher, origins: COPY_ORIGINS });
const readable: SiteAccess = { readable: true, scope: 'all', publisher: false, origins: COPY_ORIGINS };

/** Opens the popup; get-state answers `states` in turn (the last repeats), run-once answers `runOnce`. */
async function open(states: TabState[], options: { uiLanguage?: string; runOnce?: RunOnceReply } = {}): Promise<{ fake: FakeBrowser; popup: Popup }> {
  loadIntoDocument(html);
  let calls = 0;
  const fake = new FakeBrowser({ uiLanguage: options.uiLanguage ?? 'en-US', activeTabId: 42 });
  fake.handlers = {
    'popup:get-state': () => states[Math.min(calls++, states.length - 1)]!,
    'popup:run-once': () => options.runOnce ?? 'annotate',
  };
  const popup = startPopup(document, fake, '', () => undefined);
  await popup.ready;
  return { fake, popup };
}

const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.useRealTimers());

describe('the popup on a page Kontekst may not read', () => {
  it.each([
    {
      reason: 'the reader allowed only the publishers\' sites',
      scope: 'publishers' as const,
      publisher: false,
      uiLanguage: 'en-US',
      why: "You let Kontekst read only the sites where the articles it has notes for were published, and avisen.example is not one of them: a copy of an article here is not recognised unless you allow it.",
      status: 'Kontekst has not read this page.',
      allow: 'Allow on avisen.example',
      once: 'Run once on this page',
    },
    {
      reason: 'the reader withheld this site (all sites otherwise)',
      scope: 'all' as const,
      publisher: false,
      uiLanguage: 'en-US',
      why: 'You have not allowed Kontekst to read avisen.example.',
      status: 'Kontekst has not read this page.',
      allow: 'Allow on avisen.example',
      once: 'Run once on this page',
    },
    {
      reason: 'in Danish',
      scope: 'publishers' as const,
      publisher: false,
      uiLanguage: 'da',
      why: 'Du har kun givet Kontekst lov til at læse de websteder, hvor artiklerne med noter blev udgivet, og avisen.example er ikke et af dem: en kopi af en artikel her genkendes ikke, medmindre du tillader det.',
      status: 'Kontekst har ikke læst denne side.',
      allow: 'Tillad på avisen.example',
      once: 'Kør én gang på denne side',
    },
    {
      reason: 'the reader withheld a publisher\'s own site (Chrome\'s "On click")',
      scope: 'publishers' as const,
      publisher: true,
      uiLanguage: 'en-US',
      why: 'You have not allowed Kontekst to read avisen.example.',
      status: 'Kontekst has not read this page.',
      allow: 'Allow on avisen.example',
      once: 'Run once on this page',
    },
  ])('says so and why, with both ways to let it ($reason)', async ({ scope, publisher, uiLanguage, why, status, allow, once }) => {
    await open([state('no-access', withheld(scope, publisher))], { uiLanguage });
    expect($('#status').textContent).toBe(status);
    expect($('#access').hidden).toBe(false);
    expect($('#access-why').textContent).toBe(why);
    expect($('#allow-site').textContent).toBe(allow);
    expect($<HTMLButtonElement>('#run-once').textContent).toBe(once);
    expect($<HTMLButtonElement>('#run-once').hidden).toBe(false);
  });

  it.each([
    { reason: 'annotated, with access', state: state('annotated', readable) },
    { reason: 'not an article, with access', state: state('not-article', readable) },
    { reason: 'a browser page (no site, no access to speak of)', state: { ...state('unsupported', null), site: null } },
    { reason: 'the reader turned Kontekst off for the site', state: state('off-site', withheld('publishers')) },
  ])('shows nothing about access where it changes nothing: $reason', async ({ state: shown }) => {
    await open([shown]);
    expect($('#access').hidden).toBe(true);
  });

  it('asks the browser for exactly this site, inside the click (Firefox refuses a request made after an await)', async () => {
    const { fake } = await open([state('no-access', withheld('publishers')), state('annotated', readable)]);
    $<HTMLButtonElement>('#allow-site').click();
    // Synchronously: nothing was awaited between the click and the request.
    expect(fake.permissions.requested).toEqual([COPY_ORIGINS]);
    await settle();
    await settle();
    // Granted: the background marks the page on its own (permissions.onAdded); the popup shows it.
    expect($('#status').textContent).toBe('1 note on this page');
    expect($('#access').hidden).toBe(true);
    expect(fake.messages('popup:run-once')).toEqual([]);
  });

  it('keeps asking the background until the page has been read after access was granted', async () => {
    vi.useFakeTimers();
    const { fake } = await open([state('no-access', withheld('publishers')), state('not-article', readable), state('pending', readable), state('annotated', readable)]);
    $<HTMLButtonElement>('#allow-site').click();
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect($('#status').textContent).toBe('1 note on this page');
    expect($('#access').hidden).toBe(true);
    const asked = fake.messages('popup:get-state').length;
    await vi.advanceTimersByTimeAsync(POLL_MS * (POLL_LIMIT + 2));
    // Once read, it stops asking.
    expect(fake.messages('popup:get-state').length).toBe(asked);
  });

  it('follows access granted elsewhere while it is open (the browser\'s own site access menu)', async () => {
    const { fake } = await open([state('no-access', withheld('publishers', true)), state('annotated', readable)]);
    expect($('#access').hidden).toBe(false);
    fake.permissions.grant(['*://avisen.example/*']);
    await settle();
    await settle();
    expect($('#status').textContent).toBe('1 note on this page');
    expect($('#access').hidden).toBe(true);
  });

  it('says the browser did not grant access when the reader declines its prompt', async () => {
    const { fake } = await open([state('no-access', withheld('all'))]);
    fake.permissions.answer = false;
    $<HTMLButtonElement>('#allow-site').click();
    await settle();
    expect($('#status').textContent).toBe('The browser did not grant access to avisen.example.');
    expect($('#access').hidden).toBe(false);
  });

  it('runs once: asks the background to read this tab, then shows what it found and still offers the site', async () => {
    const { fake } = await open([state('no-access', withheld('publishers')), state('annotated', { ...withheld('publishers') })]);
    $<HTMLButtonElement>('#run-once').click();
    await settle();
    await settle();
    expect(fake.messages('popup:run-once')).toEqual([{ tabId: 42 }]);
    expect(fake.permissions.requested).toEqual([]);
    expect($('#status').textContent).toBe('1 note on this page');
    expect($('#access-why').textContent).toBe('Kontekst read this page once, because you asked. Allow avisen.example to have it read every time.');
    expect($<HTMLButtonElement>('#run-once').hidden).toBe(true);
    expect($<HTMLButtonElement>('#allow-site').hidden).toBe(false);
  });

  it('says what to do when running once could not read the tab (no access was given by a click)', async () => {
    await open([state('no-access', withheld('publishers'))], { runOnce: 'unreadable' });
    $<HTMLButtonElement>('#run-once').click();
    await settle();
    expect($('#status').textContent).toBe('Kontekst could not read this page. Open Kontekst from its toolbar button and try again.');
  });
});
