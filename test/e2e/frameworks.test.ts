// Issue 12 on real framework pages, in Chromium and Firefox: the seed article rendered by React 19
// (server HTML hydrating after Kontekst marked it), Vue 3 and Svelte 5, at a syndication address.
// The page changes its article the way each framework does; at every step the page reads exactly
// the text it set (each paragraph one text node, nothing of Kontekst's inside), and the marks
// follow. Turning Kontekst off and on in between leaves the page's DOM as the page made it.
// The live blog on the same pages is test/e2e/live-blog.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import type { ExtensionBrowser, Tab } from './support/driver';
import { article, defaultRoutes } from './support/fixtures';
import { launchFirefox } from './support/firefox';
import { type Framework, frameworkPages, frameworkUrl, seedArticleText } from './support/framework-pages';
import { type PageMarks, readMarks } from './support/page-probes';
import { type FixtureServer, startFixtureServer } from './support/server';
import { sleep, waitFor } from './support/wait';

const launchers = [
  { name: 'chromium', launch: (server: FixtureServer) => launchChromium(server) },
  { name: 'firefox', launch: (server: FixtureServer) => launchFirefox(server) },
];
const FRAMEWORKS: Framework[] = ['react', 'vue', 'svelte'];
const ALL = article.claims.length;
/** The paragraph (index among the paragraphs, headline apart) carrying white-house-open. */
const MARKED = seedArticleText.paragraphs.findIndex((text) => text.startsWith('Ifølge Hvide Hus'));
const ORIGINAL = seedArticleText.paragraphs[MARKED] as string;
/** The claim reversed: past the negation guard, so the claim must lose its mark. */
const REVERSED = ORIGINAL.replace('Trump åben', 'Trump aldrig åben');

/** What the page sees of its own article: its text, what it set, and whether anything of Kontekst's is inside. */
interface PageView {
  text: string;
  expected: string;
  /** The article holds only the headline and paragraphs (and the framework's own comment anchors), each exactly one text node. */
  ownNodesOnly: boolean;
  /** Elements named kontekst-* anywhere in the document. */
  kontekst: number;
  console: string[];
}

function view(tab: Tab): Promise<PageView> {
  return tab.evaluate(() => {
    const app = document.getElementById('app') as HTMLElement;
    const blocks = [...app.children];
    return {
      text: app.textContent ?? '',
      expected: (window.__fixture as FrameworkFixture).texts().join(''),
      ownNodesOnly: [...app.childNodes].every((n) => n.nodeType === 1 || n.nodeType === 8) && blocks.every((el) => (el.localName === 'p' || el.localName === 'h1') && el.childNodes.length === 1 && el.firstChild?.nodeType === 3),
      kontekst: [...document.querySelectorAll('*')].filter((el) => el.localName.startsWith('kontekst-')).length,
      console: window.__console ?? [],
    };
  });
}

/** Runs one of the page's own changes and reads the page at once, in the same task. */
function change(tab: Tab, step: { call: 'setText' | 'replace' | 'rerender'; i?: number; text?: string }): Promise<PageView> {
  return tab.evaluate(async ({ call, i, text }) => {
    const fixture = window.__fixture as FrameworkFixture;
    if (call === 'setText') await fixture.setText(i as number, text as string);
    else if (call === 'replace') await fixture.replace(i as number);
    else await fixture.rerender();
    const app = document.getElementById('app') as HTMLElement;
    return {
      text: app.textContent ?? '',
      // Read again: React's fixture is renewed with each render.
      expected: (window.__fixture as FrameworkFixture).texts().join(''),
      ownNodesOnly: [...app.children].every((el) => el.childNodes.length === 1 && el.firstChild?.nodeType === 3),
      kontekst: [...app.querySelectorAll('*')].filter((el) => el.localName.startsWith('kontekst-')).length,
      console: [],
    };
  }, step);
}

const marked = (tab: Tab, count: number): Promise<PageMarks> =>
  waitFor(`${count} claims marked`, () => readMarks(tab), (m) => m.claimRanges === count && !m.claimTexts.some((t) => t.includes('aldrig')), 20_000);

describe.each(launchers)('framework-rendered pages in $name', ({ launch }) => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;

  const setEnabled = (enabled: boolean): Promise<unknown> =>
    browser.extensionEval((api, on) => api.runtime.sendMessage({ kontekst: 1, type: 'popup:set-enabled', payload: { enabled: on } }), enabled);

  beforeAll(async () => {
    const routes = defaultRoutes();
    for (const [framework, page] of await frameworkPages()) routes.set(frameworkUrl(framework), page);
    server = await startFixtureServer(routes);
    browser = await launch(server);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 30_000);

  it('react: the server HTML is marked before it hydrates; hydration then keeps every node (no re-mount), logs nothing, and the marks stay', async () => {
    const tab = await browser.open(frameworkUrl('react'));
    try {
      await marked(tab, ALL);
      const before = await tab.evaluate(() => {
        (window as unknown as { __firstP: Element | null }).__firstP = document.querySelector('#app p');
        return window.__hydrated === true;
      });
      expect(before, 'marked before hydration').toBe(false);
      await waitFor('the page to hydrate', () => tab.evaluate(() => window.__hydrated === true), (h) => h, 15_000);
      const after = await tab.evaluate(() => ({
        sameNodes: document.querySelector('#app p') === (window as unknown as { __firstP: Element | null }).__firstP,
        recoverable: window.__recoverable ?? [],
      }));
      expect(after).toEqual({ sameNodes: true, recoverable: [] });
      expect((await view(tab)).console).toEqual([]);
      await sleep(1000);
      expect((await readMarks(tab)).claimRanges).toBe(ALL);
    } finally {
      await tab.close();
    }
  });

  it.each(FRAMEWORKS)('%s: the page updates, replaces and re-renders marked sentences, with Kontekst turned off and on between: it reads its own text at every step, and the marks follow', async (framework) => {
    const tab = await browser.open(frameworkUrl(framework));
    try {
      await marked(tab, ALL);
      if (framework === 'react') await waitFor('the page to hydrate', () => tab.evaluate(() => window.__hydrated === true), (h) => h, 15_000);
      const steps: { step: Parameters<typeof change>[1]; marks: number }[] = [
        { step: { call: 'setText', i: MARKED, text: REVERSED }, marks: ALL - 1 },
        { step: { call: 'setText', i: MARKED, text: ORIGINAL }, marks: ALL },
        { step: { call: 'replace', i: MARKED }, marks: ALL },
        { step: { call: 'rerender' }, marks: ALL },
      ];
      for (const { step, marks } of steps) {
        const now = await change(tab, step);
        expect(now.text, `${step.call}: at once`).toBe(now.expected);
        expect(now.ownNodesOnly, `${step.call}: one text node per block`).toBe(true);
        await marked(tab, marks);
        const later = await view(tab);
        expect(later.text, `${step.call}: after Kontekst followed`).toBe(later.expected);
        expect(later.ownNodesOnly).toBe(true);
      }
      // Off: nothing of Kontekst's left; the page goes on changing; on again: marked again.
      await setEnabled(false);
      await waitFor('every mark to be gone', () => readMarks(tab), (m) => m.claimRanges === 0 && m.ownElements === 0, 15_000);
      let off = await change(tab, { call: 'setText', i: MARKED, text: REVERSED });
      expect(off.text).toBe(off.expected);
      off = await change(tab, { call: 'rerender' });
      expect(off).toMatchObject({ ownNodesOnly: true, kontekst: 0 });
      await setEnabled(true);
      await marked(tab, ALL - 1);
      const on = await change(tab, { call: 'setText', i: MARKED, text: ORIGINAL });
      expect(on.text).toBe(on.expected);
      await marked(tab, ALL);
      await setEnabled(false);
      await waitFor('every mark to be gone', () => readMarks(tab), (m) => m.claimRanges === 0 && m.ownElements === 0, 15_000);
      const last = await view(tab);
      expect(last).toMatchObject({ ownNodesOnly: true, kontekst: 0, console: [] });
      expect(last.text).toBe(last.expected);
      expect(await tab.evaluate(() => [...document.documentElement.children].map((el) => el.localName))).toEqual(['head', 'body']);
    } finally {
      await setEnabled(true);
      await tab.close();
    }
  });

  it('writes no error to any console', () => {
    expect(browser.consoleErrors()).toEqual([]);
  });
});
