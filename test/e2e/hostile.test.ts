// Hostile and unusual pages in real browsers (test/fixtures/hostile, the same pages the jsdom
// tests read, here with their own scripts running): Kontekst keeps working or does nothing,
// writes no error to any console, sends no request; the card stays legible and on top under a
// page's aggressive CSS; a page that sweeps away unknown elements does not start a loop; and
// nothing Kontekst does is visible to the page beyond its own kontekst-* elements and highlights.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/core/anchoring/normalize';
import { type HostileExpectation, hostileFixtures } from '../support/hostile-fixtures';
import { launchChromium } from './support/chromium';
import type { ConsoleError, ExtensionBrowser, Tab } from './support/driver';
import { ARTICLE_URL, article, defaultRoutes, e2ePages, noteTitles, overHttp } from './support/fixtures';
import { launchFirefox } from './support/firefox';
import { readMarks } from './support/page-probes';
import { requestsBreakingTheRule } from './support/requests';
import { type FixtureServer, type Page, startFixtureServer } from './support/server';
import { sleep, waitFor } from './support/wait';

/** Longer than the detector's settle time (600 ms) plus a round trip. */
const QUIET_MS = 2000;

// KONTEKST_DIST points the run at another build than dist/ (to test while others use dist/).
const DIST = process.env.KONTEKST_DIST ?? 'dist';
const launchers = [
  { name: 'chromium', launch: (server: FixtureServer) => launchChromium(server, { extensionDir: `${DIST}/chrome` }) },
  { name: 'firefox', launch: (server: FixtureServer) => launchFirefox(server, { extensionDir: `${DIST}/firefox` }) },
];

const quoteOf = new Map(article.claims.map((claim) => [claim.id, normalizeText(claim.selector.exact)]));

/** A hostile fixture as the browser gets it: at its address, with its content type. */
function served(expected: HostileExpectation, file: string): { url: string; page: Page } {
  return { url: overHttp(expected.url), page: { body: readFileSync(file, 'utf8'), contentType: expected.contentType } };
}

/** What the card shows, measured from inside its shadow root. */
interface CardMeasure {
  samples: { text: string; fontSize: number; contrast: number; visible: boolean }[];
  width: number;
  inViewport: boolean;
  sampled: number;
  covered: number;
}

/** Claims the fixture expects marked (exact or fuzzy). */
const markedIn = (expected: HostileExpectation): string[] => Object.entries(expected.claims).filter(([, s]) => s !== 'missing').map(([id]) => id);

/** What a page script can see Kontekst do, recorded by the page itself from before Kontekst runs. */
// It starts at DOMContentLoaded: after the page's own parsing and scripts, before any content
// script (they run at document_idle, which comes after it).
const SPY = `<script>
(function () {
  var seen = { attributes: [], added: [], messages: 0, globals: [], text: '' };
  window.__spy = seen;
  document.addEventListener('DOMContentLoaded', function () {
    seen.globals = Object.getOwnPropertyNames(window);
    seen.text = document.documentElement.textContent;
    new MutationObserver(function (records) {
      records.forEach(function (r) {
        if (r.type === 'attributes' && !/^kontekst-/.test(r.target.localName)) seen.attributes.push(r.target.localName + '@' + r.attributeName);
        r.addedNodes.forEach(function (n) { seen.added.push(n.nodeType === 1 ? n.localName : '#' + n.nodeType); });
      });
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  window.addEventListener('message', function () { seen.messages++; }, true);
})();
</script>`;

/** Whether Kontekst's stylesheet (content/page.css) is in the page: the page can tell from the computed style of Kontekst's highlight name. */
function pageSeesStylesheet(tab: Tab): Promise<boolean> {
  return tab.evaluate(() => getComputedStyle(document.body, '::highlight(kontekst-claim)').backgroundColor !== getComputedStyle(document.body, '::highlight(kontekst-unknown)').backgroundColor);
}

/** The page's record of what it saw, and what it can find of Kontekst now. */
function readSpy(tab: Tab): Promise<{ attributes: string[]; added: string[]; messages: number; newGlobals: string[]; openRoots: number; ownWithChildren: number; textChanged: boolean }> {
  return tab.evaluate(() => {
    const seen = (window as unknown as { __spy: { attributes: string[]; added: string[]; messages: number; globals: string[]; text: string } }).__spy;
    const own = [...document.querySelectorAll('*')].filter((el) => el.localName.startsWith('kontekst-'));
    return {
      attributes: seen.attributes,
      added: seen.added,
      messages: seen.messages,
      newGlobals: Object.getOwnPropertyNames(window).filter((name) => !seen.globals.includes(name) && name !== '__spy'),
      openRoots: own.filter((el) => el.shadowRoot !== null).length,
      ownWithChildren: own.filter((el) => el.childNodes.length > 0).length,
      textChanged: document.documentElement.textContent !== seen.text,
    };
  });
}

describe.each(launchers)('hostile pages in $name', ({ name, launch }) => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  let errorsBefore = 0;

  const newErrors = (): ConsoleError[] => browser.consoleErrors().slice(errorsBefore);

  beforeAll(async () => {
    const routes = defaultRoutes();
    // The frameset fixture's frames, so the page asks only for addresses that exist.
    routes.set('http://arkiv.kystposten.example/top.html', { body: '<!doctype html><p>Arkivet</p>' });
    routes.set('http://arkiv.kystposten.example/artikel.html', { body: '<!doctype html><p>Artiklen</p>' });
    // Every fixture's own address, so its host is one the server (and the request rule) knows;
    // fixtures at the article's own address are swapped in by each test.
    for (const { file, expected } of hostileFixtures()) {
      const { url, page } = served(expected, file);
      if (!routes.has(url)) routes.set(url, page);
    }
    server = await startFixtureServer(routes);
    browser = await launch(server);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 30_000);

  /** Opens a fixture at its address; `body` runs with the tab, and no row may log an error. */
  async function withFixture(url: string, page: Page, body: (tab: Tab) => Promise<void>): Promise<void> {
    const restore = server.override(url, page);
    errorsBefore = browser.consoleErrors().length;
    const tab = await browser.open(url);
    try {
      await body(tab);
      expect(newErrors(), `console errors on ${url}`).toEqual([]);
    } finally {
      restore();
      await tab.close();
    }
  }

  // spa-front needs a click (its own test below). deep-nesting runs at 500 levels here: Chromium's
  // renderer itself crashes on a script-built DOM about 1,000 levels deep, extension or not
  // (measured: 500 loads; 1,000 crashed in 2 of 3 runs without Kontekst; 2,000 always); the
  // 50,000 levels are read in jsdom (test/unit/core/hostile-pages.test.ts).
  const fixtures = hostileFixtures().filter(({ expected }) => expected.mutation !== 'push-state-to-article' && expected.mutation !== 'nest-50000');

  it('deep-nesting at 500 levels: every claim marked, or (where the browser does not lay such depth out) none, and no error', async () => {
    const fixture = hostileFixtures().find((f) => f.name === 'deep-nesting');
    if (!fixture) throw new Error('no deep-nesting fixture');
    const { url, page } = served(fixture.expected, fixture.file);
    await withFixture(url, { body: page.body.replace('i < 50000', 'i < 500') }, async (tab) => {
      expect(await tab.evaluate(() => document.querySelectorAll('article').length)).toBe(1);
      await sleep(QUIET_MS * 2);
      expect([0, article.claims.length]).toContain((await readMarks(tab)).claimRanges);
    });
  });

  it.each(fixtures)('$name: as many claims marked as in jsdom, each on its own words, no console error', async ({ name: fixture, file, expected }) => {
    const { url, page } = served(expected, file);
    await withFixture(url, page, async (tab) => {
      const marked = markedIn(expected);
      // Pages that change after load (hydration, leaving the article) settle first.
      if (expected.mutation === 'rebuild-article' || expected.mutation === 'push-state-away') await sleep(QUIET_MS);
      await waitFor(`${marked.length} claims marked on ${fixture}`, () => readMarks(tab), (m) => m.claimRanges === marked.length, 20_000);
      await sleep(QUIET_MS);
      const marks = await readMarks(tab);
      expect(marks.claimRanges, expected.reason).toBe(marked.length);
      // Every highlighted range still reads a claim's words (none left on nodes a script removed).
      for (const text of marks.claimTexts) expect(normalizeText(text).length, `${fixture}: an empty or stale range`).toBeGreaterThan(0);
      const exact = marked.filter((id) => expected.claims[id] === 'exact').map((id) => quoteOf.get(id));
      const texts = marks.claimTexts.map((text) => normalizeText(text));
      for (const quote of exact) expect(texts, `${fixture}: ${quote}`).toContain(quote);
      if (expected.anchoredIn) {
        const outside = await tab.evaluate((selectors) => {
          const ranges = [...((CSS.highlights.get('kontekst-claim') as unknown as Iterable<AbstractRange> | undefined) ?? [])].map((r) => { const x = document.createRange(); x.setStart(r.startContainer, r.startOffset); x.setEnd(r.endContainer, r.endOffset); return x; });
          return ranges
            .filter((range) => {
              const container = range.commonAncestorContainer;
              const element = container.nodeType === 1 ? (container as Element) : container.parentElement;
              return !selectors.some((selector) => element?.closest(selector));
            })
            .map((range) => range.toString());
        }, Object.values(expected.anchoredIn));
        expect(outside, `${fixture}: marks outside ${JSON.stringify(expected.anchoredIn)}`).toEqual([]);
      }
    });
  });

  it('spa-front: after history.pushState into the article, every claim is marked', async () => {
    const fixture = hostileFixtures().find((f) => f.name === 'spa-front');
    if (!fixture) throw new Error('no spa-front fixture');
    const { url, page } = served(fixture.expected, fixture.file);
    await withFixture(url, page, async (tab) => {
      await sleep(QUIET_MS);
      expect((await readMarks(tab)).claimRanges).toBe(0);
      await tab.bringToFront();
      await tab.clickAccessible('link', 'Putin har inviteret Trump til Moskva');
      await waitFor('every claim to be marked after pushState', () => readMarks(tab), (m) => m.claimRanges === article.claims.length, 20_000);
    });
  });

  /** Opens the card of `claim` (its sentence scrolled just below the top 140 px) and measures it from inside its shadow root. */
  async function measureCard(tab: Tab, claim: (typeof article.claims)[number]): Promise<CardMeasure> {
    const title = noteTitles('en').get(claim.id) as string;
    await waitFor('every claim to be marked', () => readMarks(tab), (m) => m.claimRanges === article.claims.length, 20_000);
    await tab.bringToFront();
    // The claim just below where a fixed header sits, so a card above it would have to cover the header.
    const point = await tab.evaluate((quote) => {
      const ranges = [...((CSS.highlights.get('kontekst-claim') as unknown as Iterable<AbstractRange> | undefined) ?? [])].map((r) => { const x = document.createRange(); x.setStart(r.startContainer, r.startOffset); x.setEnd(r.endContainer, r.endOffset); return x; });
      const range = ranges.find((r) => r.toString().replace(/\s+/g, ' ').includes(quote.slice(0, 40))) as Range;
      window.scrollBy(0, (range.getClientRects()[0] as DOMRect).y - 140);
      const rect = range.getClientRects()[0] as DOMRect;
      return { x: rect.x + Math.min(rect.width / 2, 40), y: rect.y + rect.height / 2 };
    }, claim.selector.exact);
    await tab.mouseMove(point.x, point.y);
    await waitFor('the card to open', () => tab.countAccessible('dialog', title), (n) => n === 1, 8000);
    const conceal = await tab.revealClosedShadowRoots();
    try {
      const card = await tab.evaluate(() => {
        const host = document.querySelector('kontekst-card');
        const dialog = host?.shadowRoot?.querySelector('[role="dialog"]') as HTMLElement | null | undefined;
        if (!host || !dialog) return null;
        const rgb = (color: string): number[] => (color.match(/[\d.]+/g) ?? []).map(Number);
        const luminance = ([r, g, b]: number[]): number => {
          const channel = (v: number): number => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
          return 0.2126 * channel(r ?? 0) + 0.7152 * channel(g ?? 0) + 0.0722 * channel(b ?? 0);
        };
        const texts = [...dialog.querySelectorAll('*')].filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent?.trim())) as HTMLElement[];
        const samples = texts.map((el) => {
          const style = getComputedStyle(el);
          // The first opaque background from the text up, inside the card.
          let back: Element | null = el;
          let background = 'rgb(255, 255, 255)';
          while (back) {
            const value = getComputedStyle(back).backgroundColor;
            if (value !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(value)) {
              background = value;
              break;
            }
            back = back.parentElement;
          }
          const [l1, l2] = [luminance(rgb(style.color)), luminance(rgb(background))].sort((a, b) => b - a) as [number, number];
          return {
            text: (el.textContent ?? '').trim().slice(0, 30),
            fontSize: parseFloat(style.fontSize),
            contrast: Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100,
            visible: style.visibility === 'visible' && style.display !== 'none' && Number(style.opacity) > 0.99,
          };
        });
        const rect = dialog.getBoundingClientRect();
        // Every sampled point of the card shows the card: nothing of the page is above it.
        const points: [number, number][] = [];
        for (const fx of [0.1, 0.5, 0.9]) for (const fy of [0.1, 0.5, 0.9]) points.push([rect.x + rect.width * fx, rect.y + rect.height * fy]);
        const inView = points.filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight);
        return {
          samples,
          width: Math.round(rect.width),
          inViewport: rect.x >= 0 && rect.y >= 0 && rect.right <= innerWidth && rect.bottom <= innerHeight,
          sampled: inView.length,
          covered: inView.filter(([x, y]) => document.elementFromPoint(x, y) !== host).length,
        };
      });
      if (!card) throw new Error('the card or its dialog is missing');
      return card;
    } finally {
      await conceal();
      await tab.mouseMove(2, 2);
    }
  }

  it('aggressive CSS: the card looks as it does on a plain page (size, fonts, contrast), in view and on top of a fixed header at z-index 2147483647', async () => {
    const fixture = hostileFixtures().find((f) => f.name === 'aggressive-css');
    if (!fixture) throw new Error('no aggressive-css fixture');
    const claim = article.claims[2] as (typeof article.claims)[number];
    let plain: CardMeasure | null = null;
    await withFixture(ARTICLE_URL, { body: readFileSync('src/dataset/saved/jp-2018-07-27-putin-inviterer-trump.html', 'utf8') }, async (tab) => {
      plain = await measureCard(tab, claim);
    });
    const { url, page } = served(fixture.expected, fixture.file);
    await withFixture(url, page, async (tab) => {
      const hostile = await measureCard(tab, claim);
      // The page's CSS reaches nothing of the card.
      expect(hostile.samples).toEqual(plain?.samples);
      expect(hostile.width).toBe(plain?.width);
      // And the card is legible: every text at least 11.5 px (body text 15 px), contrast at least 4.5:1 (WCAG 1.4.3).
      expect(hostile.samples.length).toBeGreaterThan(3);
      for (const sample of hostile.samples) {
        expect(sample.visible, sample.text).toBe(true);
        expect(sample.fontSize, sample.text).toBeGreaterThanOrEqual(11.5);
        expect(sample.contrast, sample.text).toBeGreaterThanOrEqual(4.5);
      }
      expect(hostile.width).toBeGreaterThanOrEqual(300);
      expect(hostile.inViewport).toBe(true);
      expect(hostile.sampled).toBe(9);
      expect(hostile.covered, 'points of the card covered by the page').toBe(0);
    });
  });

  it('a page that removes unknown elements as they appear: no endless re-insertion, the claims stay marked', async () => {
    const fixture = hostileFixtures().find((f) => f.name === 'removes-unknown-elements');
    if (!fixture) throw new Error('no removes-unknown-elements fixture');
    const { url, page } = served(fixture.expected, fixture.file);
    const counted = {
      body: page.body.replace(
        '<head>',
        `<head><script>window.__inserted = 0; new MutationObserver(function (rs) { rs.forEach(function (r) { r.addedNodes.forEach(function (n) { if (n.nodeType === 1 && /^kontekst-/.test(n.localName)) window.__inserted++; }); }); }).observe(document, { childList: true, subtree: true });</script>`,
      ),
    };
    await withFixture(url, counted, async (tab) => {
      await waitFor('every claim to be marked', () => readMarks(tab), (m) => m.claimRanges === article.claims.length, 20_000);
      const inserted = (): Promise<number> => tab.evaluate(() => (window as unknown as { __inserted: number }).__inserted);
      await sleep(5000);
      const settled = await inserted();
      await sleep(3000);
      // The markers' layer once, put back at most three times (src/content/annotator.ts), then left out: no loop.
      expect(settled, 'kontekst-* elements inserted in all').toBeLessThanOrEqual(article.claims.length * 4);
      expect(await inserted(), 'kontekst-* elements inserted once it settled').toBe(settled);
      // The highlights need no element: every claim is still marked.
      expect((await readMarks(tab)).claimRanges).toBe(article.claims.length);
    });
  });

  it('a page that defines kontekst-* custom elements itself: Kontekst keeps working or does nothing, without errors', async () => {
    const body = readFileSync('src/dataset/saved/jp-2018-07-27-putin-inviterer-trump.html', 'utf8').replace(
      '<head>',
      `<head><script>
        ['kontekst-markers', 'kontekst-card'].forEach(function (name) {
          customElements.define(name, class extends HTMLElement {
            constructor() { super(); this.attachShadow({ mode: 'open' }).textContent = 'taken by the page'; window.__taken = (window.__taken || 0) + 1; }
          });
        });
      </script>`,
    );
    await withFixture(ARTICLE_URL, { body }, async (tab) => {
      await sleep(QUIET_MS * 2);
      const marks = await readMarks(tab);
      expect([0, article.claims.length]).toContain(marks.claimRanges);
    });
  });

  it('exposes nothing to the page: no attributes on its elements, no nodes but kontekst-* hosts, no messages, no globals, closed roots', async () => {
    const body = readFileSync('src/dataset/saved/jp-2018-07-27-putin-inviterer-trump.html', 'utf8').replace('<head>', `<head>${SPY}`);
    await withFixture(ARTICLE_URL, { body }, async (tab) => {
      await waitFor('every claim to be marked', () => readMarks(tab), (m) => m.claimRanges === article.claims.length, 20_000);
      await sleep(QUIET_MS);
      const spy = await readSpy(tab);
      expect(spy.attributes).toEqual([]);
      // Only Kontekst's hosts are added (highlights need no element), and text nodes where a
      // marker goes in mid-text (a split text node: the page's text reads the same).
      expect(spy.added.filter((n) => !n.startsWith('kontekst-') && n !== '#3')).toEqual([]);
      expect(spy.textChanged).toBe(false);
      expect(spy.messages).toBe(0);
      expect(spy.newGlobals).toEqual([]);
      expect(spy.openRoots).toBe(0);
      expect(spy.ownWithChildren).toBe(0);
    });
  });

  it('exposes nothing at all on a page that is not in the dataset', async () => {
    const notInDataset = e2ePages.notInDataset;
    const body = notInDataset.page.body.replace('<head>', `<head>${SPY}`);
    await withFixture(notInDataset.url, { body }, async (tab) => {
      await sleep(QUIET_MS);
      const spy = await readSpy(tab);
      expect(spy).toMatchObject({ attributes: [], messages: 0, newGlobals: [], openRoots: 0 });
      expect(spy.added.filter((n) => n.startsWith('kontekst-'))).toEqual([]);
      expect(await tab.evaluate(() => CSS.highlights.size)).toBe(0);
    });
  });

  it('a page naming known articles without their text (canonical, og:url, then pushState after pushState): nothing injected, registered or styled', async () => {
    const fixture = hostileFixtures().find(({ file }) => file.endsWith('canonical-only.html'));
    if (!fixture) throw new Error('fixture canonical-only is missing');
    const { url, page } = served(fixture.expected, fixture.file);
    await withFixture(url, { ...page, body: page.body.replace('<head>', `<head>${SPY}`) }, async (tab) => {
      await sleep(QUIET_MS);
      // The page probes: new addresses, each naming the known article in its links.
      await tab.evaluate((known) => {
        for (let i = 0; i < 5; i++) {
          history.pushState(null, '', `/probe-${i}`);
          document.querySelector('link[rel=canonical]')?.setAttribute('href', known);
        }
      }, ARTICLE_URL);
      await sleep(QUIET_MS);
      const spy = await readSpy(tab);
      expect(spy.added.filter((n) => n.startsWith('kontekst-'))).toEqual([]);
      expect(await tab.evaluate(() => CSS.highlights.size)).toBe(0);
      expect(await pageSeesStylesheet(tab)).toBe(false);
      const state = await browser.extensionEval((api, id) => api.runtime.sendMessage({ kontekst: 1, type: 'popup:get-state', payload: { tabId: id } }), await tab.tabId());
      expect(state).toMatchObject({ status: 'not-article', article: null });
    });
  });

  it("turning Kontekst off takes its stylesheet out of the page, and turning it on puts it back", async () => {
    const setEnabled = (enabled: boolean) => browser.extensionEval((api, on) => api.runtime.sendMessage({ kontekst: 1, type: 'popup:set-enabled', payload: { enabled: on } }), enabled);
    const body = readFileSync('src/dataset/saved/jp-2018-07-27-putin-inviterer-trump.html', 'utf8');
    await withFixture(ARTICLE_URL, { body }, async (tab) => {
      await waitFor('every claim to be marked', () => readMarks(tab), (m) => m.claimRanges === article.claims.length, 20_000);
      await waitFor('the stylesheet to be in', () => pageSeesStylesheet(tab), (seen) => seen);
      try {
        await setEnabled(false);
        await waitFor('the marks to go', () => readMarks(tab), (m) => m.claimRanges === 0, 20_000);
        await waitFor('the stylesheet to go', () => pageSeesStylesheet(tab), (seen) => !seen);
      } finally {
        await setEnabled(true);
      }
      await waitFor('every claim to be marked again', () => readMarks(tab), (m) => m.claimRanges === article.claims.length, 20_000);
      await waitFor('the stylesheet to be back', () => pageSeesStylesheet(tab), (seen) => seen);
    });
  });

  it('sends no request anywhere but the fixture pages and its own files', () => {
    expect(requestsBreakingTheRule(browser.requests(), server)).toEqual([]);
  });

  it(`writes no error to any console in ${name}`, () => {
    expect(browser.consoleErrors()).toEqual([]);
  });
});
