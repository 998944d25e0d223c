// Every reader-facing scenario, written once and run in each browser (chromium.test.ts,
// firefox.test.ts). Tests in a file run in order against one browser; the last two check
// what the whole file did: no request left the fixture server, no console reported an error.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeText } from '../../../src/core/anchoring/normalize';
import { audit } from './axe';
import type { BrowserName, ExtensionBrowser, Tab } from './driver';
import { ARTICLE_URL, article, claimsIn, clientRenderedBatches, defaultRoutes, e2ePages, fixturePages, noteTitles } from './fixtures';
import { type PageMarks, badgeText, pageHtml, readMarks, tabState } from './page-probes';
import { requestsBreakingTheRule } from './requests';
import { type FixtureServer, startFixtureServer } from './server';
import { sleep, waitFor } from './wait';

/** Where each browser's screenshots go (named in the README; ignored by git). */
export const SCREENSHOT_DIR = 'test-results/e2e';

/** Longer than the detector's settle time (600 ms) plus a round trip: enough for Kontekst to act if it were going to. */
const QUIET_MS = 1500;

/** A point on the first line of the highlighted range that reads `quote`, scrolled into view. */
async function claimPoint(tab: Tab, quote: string): Promise<{ x: number; y: number }> {
  const index = (await readMarks(tab)).claimTexts.findIndex((text) => normalizeText(text) === normalizeText(quote));
  if (index < 0) throw new Error(`no highlighted range reads ${quote}`);
  const rect = await tab.evaluate((i) => {
    const range = ([...((CSS.highlights.get('kontekst-claim') as unknown as Iterable<AbstractRange> | undefined) ?? [])].map((r) => { const x = document.createRange(); x.setStart(r.startContainer, r.startOffset); x.setEnd(r.endContainer, r.endOffset); return x; }))[i] as Range;
    range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
    const first = range.getClientRects()[0] as DOMRect;
    return { x: first.x, y: first.y, width: first.width, height: first.height };
  }, index);
  return { x: rect.x + Math.min(rect.width / 2, 40), y: rect.y + rect.height / 2 };
}

export function extensionScenarios(name: BrowserName, launch: (server: FixtureServer) => Promise<ExtensionBrowser>): void {
  describe(`Kontekst in ${name}`, () => {
    let server: FixtureServer;
    let browser: ExtensionBrowser;
    const shots = `${SCREENSHOT_DIR}/${name}`;

    const screenshot = async (tab: Tab, scenario: string): Promise<void> => {
      mkdirSync(shots, { recursive: true });
      await tab.screenshot(`${shots}/${scenario}.png`);
    };

    beforeAll(async () => {
      server = await startFixtureServer(defaultRoutes());
      browser = await launch(server);
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    }, 30_000);

    it('loads the extension: its background answers the popup', async () => {
      const manifest = await browser.extensionEval((api) => api.runtime.getManifest());
      expect(manifest.manifest_version).toBe(3);
      const state = await browser.extensionEval(
        (api) => api.runtime.sendMessage({ kontekst: 1, type: 'popup:get-state', payload: { tabId: 0 } }) as Promise<{ settings: { enabled: boolean } }>,
      );
      expect(state.settings.enabled).toBe(true);
    });

    const negatives = [
      { name: 'not-in-dataset', url: e2ePages.notInDataset.url, reason: 'an article on the same site that the dataset does not know' },
      ...fixturePages.filter((fixture) => fixture.article === null).map((fixture) => ({ name: fixture.name, url: fixture.url, reason: fixture.reason })),
    ];

    it.each(negatives)('leaves a page that is not in the dataset alone: $name ($reason)', async ({ name: scenario, url }) => {
      const tab = await browser.open(url);
      try {
        const before = await tab.evaluate(() => document.documentElement.outerHTML);
        // The detector has asked and the background has decided: this is no article it knows.
        await waitFor('the background to decide', () => tabState(browser, tab), (state) => state.status === 'not-article');
        await sleep(QUIET_MS);
        const marks = await readMarks(tab);
        expect(marks).toMatchObject({ claimRanges: 0, activeRanges: 0, ownElements: 0 });
        expect(await tab.evaluate(() => CSS.highlights.has('kontekst-claim'))).toBe(false);
        expect(await badgeText(browser, tab)).toBe('');
        expect(await tab.evaluate(() => document.documentElement.outerHTML)).toBe(before);
        await screenshot(tab, `not-in-dataset-${scenario}`);
      } finally {
        await tab.close();
      }
    });

    describe('on the article at its own address', () => {
      let tab: Tab;
      const titles = noteTitles('en');
      const firstClaim = article.claims[0]?.id as string;

      beforeAll(async () => {
        tab = await browser.open(ARTICLE_URL);
      });

      afterAll(async () => {
        await tab?.close();
      });

      it('recognises the article and marks every claim, each with a marker named after its first note', async () => {
        const marks = await waitFor('every claim to be marked', () => readMarks(tab), (m) => m.claimRanges === article.claims.length);
        // Each highlighted range reads exactly one claim's quote.
        const quotes = article.claims.map((claim) => normalizeText(claim.selector.exact)).sort();
        expect(marks.claimTexts.map((text) => normalizeText(text)).sort()).toEqual(quotes);
        expect(marks.activeRanges).toBe(0);
        // Markers are built when the browser is idle after the marks are painted: wait for each.
        for (const claim of article.claims) {
          const name = `Context notes: ${titles.get(claim.id)}`;
          expect(await waitFor(`the marker of ${claim.id}`, () => tab.countAccessible('button', name), (n) => n >= 1), claim.id).toBe(1);
        }
        expect(await tab.countAccessible('dialog', titles.get(firstClaim) as string)).toBe(0);
        // Each marker sits just after its claim's last character, on its last line (positions
        // are one rule of the layer's own sheet, src/content/marker-layer.ts).
        const conceal = await tab.revealClosedShadowRoots();
        try {
          const offsets = await waitFor('every marker to be placed', () => tab.evaluate(() => {
            const ranges = [...((CSS.highlights.get('kontekst-claim') as unknown as Iterable<AbstractRange> | undefined) ?? [])].map((r) => { const x = document.createRange(); x.setStart(r.startContainer, r.startOffset); x.setEnd(r.endContainer, r.endOffset); return x; });
            const buttons = [...(document.querySelector('kontekst-markers')?.shadowRoot?.querySelectorAll('button') ?? [])];
            return ranges.map((range, i) => {
              const lines = [...range.getClientRects()].filter((r) => r.width > 0);
              const last = lines[lines.length - 1];
              const marker = buttons[i]?.getBoundingClientRect();
              return last && marker && marker.width > 0 ? { dx: marker.left - last.right, overlaps: marker.bottom > last.top && marker.top < last.bottom } : null;
            });
          }), (list) => list.length === article.claims.length && list.every((o) => o !== null));
          for (const offset of offsets) expect(offset).toEqual({ dx: expect.closeTo(1, 0), overlaps: true });
        } finally {
          await conceal();
        }
        expect(await badgeText(browser, tab)).toBe(String(article.claims.length));
        expect((await tabState(browser, tab)).status).toBe('annotated');
        // The page's text is the article's text: Kontekst added no light-DOM text.
        const text = await tab.evaluate(() => document.body.textContent ?? '');
        expect(text).not.toMatch(/Context notes/);
        await screenshot(tab, 'article-marked');
      });

      it("hovering a marked sentence opens its card, named after the claim's first note", async () => {
        await tab.bringToFront();
        const claim = article.claims[2] as (typeof article.claims)[number];
        const title = titles.get(claim.id) as string;
        const point = await claimPoint(tab, claim.selector.exact);
        await tab.mouseMove(point.x, point.y);
        await waitFor('the card to open on hover', () => tab.countAccessible('dialog', title), (n) => n === 1, 5000);
        expect((await readMarks(tab)).activeRanges).toBe(1);
        await screenshot(tab, 'card-on-hover');
        // Moving away (not onto the card) closes it again.
        await tab.mouseMove(2, 2);
        await waitFor('the card to close', () => tab.countAccessible('dialog', title), (n) => n === 0, 5000);
        expect((await readMarks(tab)).activeRanges).toBe(0);
      });

      it('Tab to the first marker opens its card; Escape closes it and keeps focus on the marker', async () => {
        await tab.bringToFront();
        await tab.evaluate(() => {
          (document.activeElement as HTMLElement | null)?.blur();
          window.scrollTo(0, 0);
        });
        const focused = (): Promise<string> => tab.evaluate(() => document.activeElement?.localName ?? '');
        let presses = 0;
        while ((await focused()) !== 'kontekst-markers') {
          if (++presses > 80) throw new Error('Tab never reached a Kontekst marker');
          await tab.press('Tab');
        }
        const title = titles.get(firstClaim) as string;
        await waitFor('the card to open on focus', () => tab.countAccessible('dialog', title), (n) => n === 1, 5000);
        await screenshot(tab, 'card-on-focus');
        await tab.press('Escape');
        await waitFor('the card to close on Escape', () => tab.countAccessible('dialog', title), (n) => n === 0, 5000);
        expect(await focused()).toBe('kontekst-markers');
        expect((await readMarks(tab)).activeRanges).toBe(0);
      });

      it('the card and the markers have no serious or critical accessibility violation (axe-core)', async () => {
        await tab.bringToFront();
        // Not the first claim: its card was just dismissed with Escape, and stays shut for the pointer until it visits another claim.
        const claim = article.claims[3] as (typeof article.claims)[number];
        const point = await claimPoint(tab, claim.selector.exact);
        await tab.mouseMove(point.x, point.y);
        await waitFor('the card to open', () => tab.countAccessible('dialog', titles.get(claim.id) as string), (n) => n === 1, 5000);
        const conceal = await tab.revealClosedShadowRoots();
        try {
          // axe must see inside: the card's dialog is there for it to audit.
          expect(await tab.evaluate(() => Boolean(document.querySelector('kontekst-card')?.shadowRoot?.querySelector('[role="dialog"]')))).toBe(true);
          const result = await audit(tab, 'kontekst-');
          expect(result.violations).toEqual([]);
          // It looked inside: the card's dialog, buttons, links and text, and every marker's button.
          expect(result.checkedNodes).toBeGreaterThan(article.claims.length);
        } finally {
          await conceal();
          await tab.mouseMove(2, 2);
        }
      });

      it('a corrected note says so on its card, and the popup marks its claim (issue 11)', async () => {
        await tab.bringToFront();
        await waitFor('every claim to be marked', () => readMarks(tab), (m) => m.claimRanges === article.claims.length);
        const claim = article.claims.find((c) => c.id === 'intelligence-contradiction') as (typeof article.claims)[number];
        const newest = (revisions: readonly { date: string; en: string }[]) => [...revisions].sort((a, b) => a.date.localeCompare(b.date)).at(-1) as { date: string; en: string };
        const expected = claim.notes.filter((n) => n.revisions?.length).map((n) => `Corrected 2 December 2026: ${newest(n.revisions ?? []).en}`);
        expect(expected.length).toBeGreaterThan(0);
        const point = await claimPoint(tab, claim.selector.exact);
        await tab.mouseMove(point.x, point.y);
        await waitFor('the card to open', () => tab.countAccessible('dialog', titles.get(claim.id) as string), (n) => n === 1, 5000);
        const conceal = await tab.revealClosedShadowRoots();
        try {
          const lines = await tab.evaluate(() => [...(document.querySelector('kontekst-card')?.shadowRoot?.querySelectorAll('.correction') ?? [])].map((el) => el.textContent));
          expect(lines).toEqual(expected);
          await screenshot(tab, 'card-corrected');
        } finally {
          await conceal();
          await tab.mouseMove(2, 2);
        }
        const popup = await browser.openPopup(tab);
        try {
          await waitFor('the popup to list the claims', () => popup.evaluate(() => document.querySelectorAll('#claims li').length), (n) => n === article.claims.length);
          const marked = await popup.evaluate(() =>
            [...document.querySelectorAll<HTMLElement>('#claims button')].map((b) => [b.dataset.claimId ?? '', b.querySelector('.claim-corrected')?.textContent ?? null]),
          );
          const corrected = new Set(article.claims.filter((c) => c.notes.some((n) => n.revisions?.length)).map((c) => c.id));
          expect(marked).toEqual(article.claims.map((c) => [c.id, corrected.has(c.id) ? 'Corrected 2 December 2026' : null]));
        } finally {
          await popup.close();
        }
      });

      it('the popup has no serious or critical accessibility violation (axe-core)', async () => {
        const popup = await browser.openPopup(tab);
        try {
          await waitFor('the popup to list the claims', () => popup.evaluate(() => document.querySelectorAll('#claims li').length), (n) => n === article.claims.length);
          await screenshot(popup, 'popup');
          const result = await audit(popup);
          expect(result.violations).toEqual([]);
          expect(result.checkedNodes).toBeGreaterThan(article.claims.length);
        } finally {
          await popup.close();
        }
      });

      it("the popup's switches turn marking off and on live, and off leaves the page's DOM exactly as before", async () => {
        const popup = await browser.openPopup(tab);
        const site = new URL(ARTICLE_URL).hostname;
        const marked = (): Promise<PageMarks> => waitFor('every claim to be marked', () => readMarks(tab), (m) => m.claimRanges === article.claims.length);
        const unmarked = (): Promise<PageMarks> =>
          waitFor('every mark to be gone', () => readMarks(tab), (m) => m.claimRanges === 0 && m.ownElements === 0 && m.activeRanges === 0);
        try {
          await marked();
          await popup.clickAccessible('switch', 'On everywhere');
          await unmarked();
          const afterOff = await pageHtml(tab);
          // The same document loaded while Kontekst is off is the page as it was without it.
          await tab.reload();
          await waitFor('the tab to be off', () => tabState(browser, tab), (state) => state.status === 'off');
          await sleep(QUIET_MS);
          const pristine = await pageHtml(tab);
          expect((await readMarks(tab)).claimRanges).toBe(0);
          expect(afterOff).toBe(pristine);

          await popup.clickAccessible('switch', 'On everywhere');
          await marked();
          await popup.clickAccessible('switch', `On for ${site}`);
          await unmarked();
          expect(await tab.evaluate(() => CSS.highlights.has('kontekst-claim'))).toBe(false);
          expect(await pageHtml(tab)).toBe(pristine);
          expect(await badgeText(browser, tab)).toBe('');
          await screenshot(popup, 'popup-site-off');

          await popup.clickAccessible('switch', `On for ${site}`);
          await marked();
          await popup.clickAccessible('switch', 'On everywhere');
          await unmarked();
          expect(await pageHtml(tab)).toBe(pristine);

          await popup.clickAccessible('switch', 'On everywhere');
          await marked();
        } finally {
          await popup.close();
        }
      });
    });

    describe('on pages that change after load', () => {
      it('a client-rendered article gets its claims as its paragraphs arrive', async () => {
        const restore = server.override(ARTICLE_URL, e2ePages.clientRendered);
        const tab = await browser.open(ARTICLE_URL);
        try {
          const batches = clientRenderedBatches();
          for (const [index, text] of batches.entries()) {
            if (index > 0) await tab.evaluate(() => (document.getElementById('more') as HTMLButtonElement).click());
            const expected = claimsIn(text).length;
            await waitFor(`${expected} claims marked after batch ${index + 1}`, () => readMarks(tab), (m) => m.claimRanges === expected);
          }
          expect(claimsIn(batches.at(-1) as string)).toHaveLength(article.claims.length);
          await screenshot(tab, 'client-rendered');
        } finally {
          restore();
          await tab.close();
        }
      });

      it('a front page that opens the article with history.pushState gets the claims once the article is shown', async () => {
        const tab = await browser.open(e2ePages.spaFront.url);
        try {
          await waitFor('the front page to be judged', () => tabState(browser, tab), (state) => state.status === 'not-article');
          expect((await readMarks(tab)).claimRanges).toBe(0);
          await tab.bringToFront();
          await tab.clickAccessible('link', 'Putin har inviteret Trump til Moskva');
          expect(tab.url()).toBe(ARTICLE_URL);
          await waitFor('every claim to be marked', () => readMarks(tab), (m) => m.claimRanges === article.claims.length);
          await screenshot(tab, 'push-state');
        } finally {
          await tab.close();
        }
      });
    });

    // Issue 13: marks when the text is there (DOMContentLoaded), not when the page's last image or
    // ad has loaded. Each page holds an image the server never finishes sending: its load event never comes.
    describe('on pages whose subresources never finish loading', () => {
      const syndicated = fixturePages.find((fixture) => fixture.name === 'syndicated') as (typeof fixturePages)[number];
      const stalled = [
        { by: 'address', url: ARTICLE_URL, body: defaultRoutes().get(ARTICLE_URL)?.body as string, marked: article.claims.length },
        { by: 'content', url: syndicated.url, body: syndicated.page.body, marked: syndicated.marked.length },
      ];

      it.each(stalled)('marks the article known by $by while the page is still loading', async ({ url, body, marked }) => {
        const image = new URL('/kontekst-e2e/never-loads.png', url).href;
        const restoreImage = server.override(image, { body: '', contentType: 'image/png', hold: true });
        const restorePage = server.override(url, { body: body.replace(/<body([^>]*)>/i, `<body$1><img src="${image}" alt="" width="40" height="40">`) });
        const tab = await browser.open(url, 'domcontentloaded');
        try {
          await waitFor(`${marked} claims marked`, () => readMarks(tab), (m) => m.claimRanges === marked);
          // Marked before the load event: the image is still on its way.
          expect(await tab.evaluate(() => document.readyState)).toBe('interactive');
          expect(server.requests.some((request) => request.url === image)).toBe(true);
          await screenshot(tab, `still-loading-by-${url === ARTICLE_URL ? 'address' : 'content'}`);
        } finally {
          await tab.close();
          restorePage();
          restoreImage();
        }
      });

      it('marks the article again while it is still loading when the reader reloads it', async () => {
        const tab = await browser.open(ARTICLE_URL);
        const image = new URL('/kontekst-e2e/never-loads.png', ARTICLE_URL).href;
        const body = defaultRoutes().get(ARTICLE_URL)?.body as string;
        const restoreImage = server.override(image, { body: '', contentType: 'image/png', hold: true });
        const restorePage = server.override(ARTICLE_URL, { body: body.replace(/<body([^>]*)>/i, `<body$1><img src="${image}" alt="" width="40" height="40">`) });
        try {
          await waitFor('the first load marked', () => readMarks(tab), (m) => m.claimRanges === article.claims.length);
          // A reload reports no new address (Chrome's 'loading' without a url): the reloaded
          // document is read once parsed all the same, not at a load event that never comes.
          await tab.reload('domcontentloaded');
          await waitFor(`${article.claims.length} claims marked after the reload`, () => readMarks(tab), (m) => m.claimRanges === article.claims.length);
          expect(await tab.evaluate(() => document.readyState)).toBe('interactive');
        } finally {
          await tab.close();
          restorePage();
          restoreImage();
        }
      });
    });

    const positives = fixturePages.filter((fixture) => fixture.article !== null);

    it.each(positives)('marks the claims expected on the fixture page $name ($reason)', async (fixture) => {
      const restore = server.override(fixture.url, fixture.page);
      const tab = await browser.open(fixture.url);
      try {
        await waitFor(`${fixture.marked.length} claims marked`, () => readMarks(tab), (m) => m.claimRanges === fixture.marked.length);
        await sleep(QUIET_MS);
        expect((await readMarks(tab)).claimRanges).toBe(fixture.marked.length);
        await screenshot(tab, `fixture-${fixture.name}`);
      } finally {
        restore();
        await tab.close();
      }
    });

    it('sends no request anywhere but the fixture pages and its own files', () => {
      expect(requestsBreakingTheRule(browser.requests(), server)).toEqual([]);
      expect(server.requests.length).toBeGreaterThan(0);
    });

    it('writes no error to any console (background, content scripts, popup, pages)', () => {
      expect(browser.consoleErrors()).toEqual([]);
    });
  });
}
