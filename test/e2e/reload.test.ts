// Kontekst reloaded (or updated) under a marked article, in Firefox: the old annotator is
// unloaded with its extension, but what it put in the page stays there, inert; the new
// extension marks the open page again (onInstalled) and its annotator takes out what the old one
// left (src/content/leftovers.ts). Before, the page held two markers' layers, a second marker
// for every claim (the old one dead), and kept the old one after the claims were edited away and
// after Kontekst was turned off.
// Firefox only: in the Chromium harness runtime.reload() leaves the extension's pages refused
// (ERR_BLOCKED_BY_CLIENT); Chrome's orphaned annotator is covered by test/unit/content/leftovers.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tab } from './support/driver';
import { type FirefoxExtensionBrowser, launchFirefox } from './support/firefox';
import { ARTICLE_URL, article, defaultRoutes, noteTitles } from './support/fixtures';
import { readMarks } from './support/page-probes';
import { type FixtureServer, startFixtureServer } from './support/server';
import { sleep, waitFor } from './support/wait';

const titles = noteTitles('en');
const markerName = (claimId: string): string => `Context notes: ${titles.get(claimId)}`;

/** How many markers each claim has, as assistive technology sees them (closed roots included). */
async function markerCounts(tab: Tab): Promise<number[]> {
  const counts: number[] = [];
  for (const claim of article.claims) counts.push(await tab.countAccessible('button', markerName(claim.id)));
  return counts;
}

describe('Kontekst reloaded under a marked article (Firefox)', () => {
  let server: FixtureServer;
  let browser: FirefoxExtensionBrowser;
  let tab: Tab;

  beforeAll(async () => {
    server = await startFixtureServer(defaultRoutes());
    browser = await launchFirefox(server);
    tab = await browser.open(ARTICLE_URL);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 30_000);

  it('the page holds one layer and one marker per claim after the reload; with the claims edited away no marker is left, and turned off, nothing of Kontekst', async () => {
    await waitFor('every claim to be marked', () => readMarks(tab), (m) => m.claimRanges === article.claims.length && m.ownElements === 1, 20_000);
    await waitFor('every marker', () => markerCounts(tab), (counts) => counts.every((n) => n === 1), 20_000);
    // The old annotator's layer, so it can be told from the new one's.
    await tab.evaluate(() => Object.assign(window, { oldLayer: document.querySelector('kontekst-markers') }));

    // The extension page that asks goes with the extension: its answer never comes.
    void browser.extensionEval((api) => api.runtime.reload()).catch(() => undefined);
    await waitFor(
      'the new annotator to take the page over',
      () => tab.evaluate(() => {
        const layers = [...document.querySelectorAll('*')].filter((el) => el.localName.startsWith('kontekst-'));
        return { layers: layers.length, old: (window as unknown as { oldLayer: Element }).oldLayer.isConnected };
      }),
      (seen) => !seen.old && seen.layers === 1,
      30_000,
    );
    await waitFor('every claim marked again, once', () => readMarks(tab), (m) => m.claimRanges === article.claims.length, 20_000);
    await waitFor('every marker, once', () => markerCounts(tab), (counts) => counts.every((n) => n === 1), 20_000);
    await sleep(1500);
    expect((await readMarks(tab)).ownElements).toBe(1);
    expect(await markerCounts(tab)).toEqual(article.claims.map(() => 1));

    // The claims edited away: no marks and no markers, the new annotator's layer alone (empty).
    await tab.evaluate(() => {
      for (const p of document.querySelectorAll('article p')) p.textContent = 'Anden tekst.';
    });
    await waitFor('the marks to go', () => readMarks(tab), (m) => m.claimRanges === 0, 20_000);
    await waitFor('the markers to go', () => markerCounts(tab), (counts) => counts.every((n) => n === 0), 20_000);
    expect((await readMarks(tab)).ownElements).toBeLessThanOrEqual(1);

    // Kontekst turned off: nothing of it is left in the page, the old annotator's nodes included.
    // (From a popup of the new extension: the extension page that asked for the reload went with the old one.)
    const popup = await browser.openExtensionPage('popup/popup.html');
    await popup.evaluate(() =>
      (globalThis as unknown as { browser: { runtime: { sendMessage(message: unknown): Promise<unknown> } } }).browser.runtime.sendMessage({ kontekst: 1, type: 'popup:set-enabled', payload: { enabled: false } }),
    );
    await popup.close();
    await waitFor('Kontekst to leave the page', () => readMarks(tab), (m) => m.ownElements === 0, 20_000);
    expect(await tab.evaluate(() => [CSS.highlights.has('kontekst-claim'), CSS.highlights.has('kontekst-claim-active')])).toEqual([false, false]);
    // The old annotator, unloaded, reported nothing either.
    expect(browser.consoleErrors()).toEqual([]);
  }, 120_000);
});
