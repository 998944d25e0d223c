// Issue 12's live blog, in Chromium and Firefox: the seed article rendered by React 19, Vue 3 and
// Svelte 5 (test/fixtures/frameworks), each page appending a paragraph every second for a minute
// below the marked claims, as a live blog does. Kontekst's work stays bounded and its memory does
// not grow:
// - reports to the background are counted from the outside: an extension page of the test's own
//   (the popup document) listens to runtime.onMessage, which every extension page receives with
//   the background, and records each message a tab's scripts send; nothing is counted inside
//   Kontekst's code;
// - anchoring runs: the calls of the annotator's anchoring method in the built content/annotate.js
//   (found by its text), counted exactly. Chromium: the protocol's precise coverage (call counts).
//   Firefox: WebDriver BiDi reaches no content-script realm, so privileged script (allowed by
//   --remote-allow-system-access) sets a breakpoint that counts and goes on at the method's entry,
//   with the Debugger API on the tab's content-script sandbox (support/gecko-probes.ts). The Gecko
//   profiler was the other route (bench/cost-article-firefox.ts): its samples can miss a run
//   shorter than the interval, so they could not show "0 runs"; the count is exact instead;
// - memory: what the tab holds after full collections, at the start, half way and end of the
//   minute, in tabs without the run counter, against the same page at a site where the reader
//   turned Kontekst off, side by side in the same minute. Chromium: the page's heaps (CDP
//   Runtime.getHeapUsage after HeapProfiler.collectGarbage; the content script shares the page's
//   isolate). Firefox: its memory reporters (about:memory's figures) for the tab's window and the
//   content-script sandbox in its zone, after GC, CC and a compacting GC (support/gecko-probes.ts);
//   a malloc counter of the whole process (the profiler's "memory" track) would mix in every other
//   tab sharing the process, so it was not used.
// Shown once, by hand, to fail (KONTEKST_DIST=<build> with `-t firefox`, builds never committed):
// a build keeping one copy of the page's text per batch of changes (memory, both browsers) and a
// build anchoring again on every batch (Firefox: 60 runs counted, over the cap and not 0).
// Real time, not compressed: the growth watcher waits 600 ms after a burst and the page watcher
// acts at most every 150 ms, so appends faster than every 600 ms would be seen as one burst and
// the test would measure less work than a real live blog causes. The three frameworks, each in a
// counted tab and in memory tabs with Kontekst and without, run in parallel tabs (in Chromium each
// site in its own renderer process), so the minute is spent once per browser.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE_DETECTIONS, MAX_PAGE_REPORTS } from '../../src/background/page-caps';
import { ARRIVAL_REANCHORS, EDIT_REANCHORS } from '../../src/content/claim-anchors';
import { type ChromiumTab, launchChromium } from './support/chromium';
import type { ExtensionBrowser, Tab } from './support/driver';
import { article, defaultRoutes } from './support/fixtures';
import { type FirefoxExtensionBrowser, launchFirefox } from './support/firefox';
import { type Framework, frameworkPages, seedArticleText } from './support/framework-pages';
import { callsSince, countCalls, memoryAfterGc } from './support/gecko-probes';
import { readMarks } from './support/page-probes';
import { type FixtureServer, startFixtureServer } from './support/server';
import { sleep, waitFor } from './support/wait';

const FRAMEWORKS: Framework[] = ['react', 'vue', 'svelte'];
const ALL = article.claims.length;
/** One update a second for a minute, as the issue describes a live blog. */
const UPDATES = 60;
const EVERY_MS = 1000;
/**
 * What Kontekst may add to the page's memory over the minute beyond what the same page adds
 * without it. Measured in Chromium (4 runs): +100 to +330 KB, against the page's own +580 to +720
 * KB; a build patched to keep one copy of the page's text per batch of changes adds 3.7 to 14 MB
 * and fails. In Firefox (3 runs): -123 to -12 KB, against the page's own +234 to +443 KB; the
 * same broken build adds 9,107 to 30,658 KB and fails.
 */
const HEAP_BOUND = 768 * 1024;
/**
 * The same over the minute's second half, when what Kontekst costs once is spent. Measured in
 * Chromium: -44 to +180 KB, that is up to some 40 KB for each of the 4 recognitions of the grown
 * page in that half (whether the browser releases that later is not known yet); there are at most
 * 20 a minute. In Firefox (3 runs): -8 to +130 KB.
 */
const HEAP_LATE_BOUND = 384 * 1024;

/**
 * What a tab is for: `counted` (Kontekst on; anchoring runs counted by coverage or a breakpoint,
 * which keep code and feedback alive and so are kept apart from the memory readings), `measured`
 * (Kontekst on; memory), `baseline` (the reader turned Kontekst off on its site; memory).
 */
type Role = 'counted' | 'measured' | 'baseline';
const SITE: Record<Role, string> = { counted: 'med', measured: 'maalt', baseline: 'uden' };
/** Each framework's page, per role at a site of its own (in Chromium, so in its own renderer process). */
const liveUrl = (framework: Framework, role: Role): string => `http://${SITE[role]}-${framework}.example/live/putin-inviterer-trump`;

const MARKED = seedArticleText.paragraphs.findIndex((text) => text.startsWith('Ifølge Hvide Hus'));
const ORIGINAL = seedArticleText.paragraphs[MARKED] as string;

// KONTEKST_DIST points the run at another build than dist/ (as in hostile.test.ts).
const DIST = process.env.KONTEKST_DIST ?? 'dist';
const launchers = [
  { name: 'chromium', launch: (server: FixtureServer) => launchChromium(server, { extensionDir: `${DIST}/chrome` }) },
  { name: 'firefox', launch: (server: FixtureServer) => launchFirefox(server, { extensionDir: `${DIST}/firefox` }) },
];

/** A message one of Kontekst's scripts in a tab sent, as an extension page received it. */
interface Seen {
  tab: number;
  type: string;
  at: number;
}

/** Starts recording every message Kontekst's scripts in any tab send (in the test's extension page). */
function recordReports(browser: ExtensionBrowser): Promise<unknown> {
  return browser.extensionEval((api) => {
    const page = globalThis as unknown as { __seen?: { tab: number; type: string; at: number }[] };
    if (page.__seen) return null;
    const seen: { tab: number; type: string; at: number }[] = (page.__seen = []);
    // Returns nothing: the background alone answers.
    api.runtime.onMessage.addListener((message: unknown, sender: { tab?: { id?: number } }) => {
      const type = (message as { type?: unknown } | null)?.type;
      if (sender.tab?.id !== undefined && typeof type === 'string') seen.push({ tab: sender.tab.id, type, at: Date.now() });
      return undefined;
    });
    return null;
  });
}

const reportsSoFar = (browser: ExtensionBrowser): Promise<Seen[]> =>
  browser.extensionEval(() => (globalThis as unknown as { __seen?: Seen[] }).__seen ?? []);

/** The anchoring method's unique text in content/annotate.js (it alone discards the watcher's records). */
const ANCHORING_MARKER = '.watcher.discard()';

/** Calls of the annotator's anchoring method in one tab since the last reading. */
interface AnchoringRuns {
  start(): Promise<void>;
  read(): Promise<number>;
}

/** Chromium: precise coverage, which resets its counts when read. */
class CoverageAnchoringRuns implements AnchoringRuns {
  /** Offset of the anchoring method's body in content/annotate.js (it alone discards the watcher's records). */
  private readonly at: number;

  constructor(private readonly tab: ChromiumTab) {
    const source = readFileSync(resolve(DIST, 'chrome/content/annotate.js'), 'utf8');
    this.at = source.indexOf(ANCHORING_MARKER);
    if (this.at < 0 || source.indexOf(ANCHORING_MARKER, this.at + 1) >= 0) throw new Error('the anchoring method is not unique in content/annotate.js');
  }

  async start(): Promise<void> {
    const cdp = await this.tab.cdp();
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
    await this.read();
  }

  /** Runs since the last call (every injection of the bundle is its own script: summed). */
  async read(): Promise<number> {
    const cdp = await this.tab.cdp();
    type Fn = { ranges: { startOffset: number; endOffset: number; count: number }[] };
    const { result } = (await cdp.send('Profiler.takePreciseCoverage')) as { result: { url: string; functions: Fn[] }[] };
    let runs = 0;
    for (const script of result.filter((s) => s.url.endsWith('/content/annotate.js'))) {
      // The innermost function around the marker is the anchoring method.
      const around = script.functions
        .map((fn) => fn.ranges[0])
        .filter((r): r is NonNullable<typeof r> => r !== undefined && r.startOffset <= this.at && this.at < r.endOffset)
        .sort((a, b) => a.endOffset - a.startOffset - (b.endOffset - b.startOffset))[0];
      runs += around?.count ?? 0;
    }
    return runs;
  }
}

/**
 * Firefox: a counting breakpoint (Debugger API) at the entry of the same method in each copy of
 * content/annotate.js the tab runs, copies injected later included (support/gecko-probes.ts).
 * Exact: every call stops there once, whatever the JIT did with it.
 */
class BreakpointAnchoringRuns implements AnchoringRuns {
  constructor(
    private readonly browser: FirefoxExtensionBrowser,
    private readonly url: string,
  ) {}

  async start(): Promise<void> {
    await countCalls(this.browser, this.url, 'content/annotate.js', ANCHORING_MARKER);
  }

  read(): Promise<number> {
    return callsSince(this.browser, this.url);
  }
}

/** The page's memory after full collections (Chromium; the content script's world is in the same isolate): collected until two readings agree. */
async function heapAfterGc(tab: ChromiumTab): Promise<number> {
  const cdp = await tab.cdp();
  await cdp.send('HeapProfiler.enable');
  const read = async (): Promise<number> => {
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number; backingStorageSize?: number };
    // The V8 heap, the DOM's (Oilpan) heap, and backing stores outside both: strings the DOM hands
    // out (textContent) are external and live there, so a retained copy of the page's text shows
    // only in that last part.
    return usage.usedSize + (usage.embedderHeapUsedSize ?? 0) + (usage.backingStorageSize ?? 0);
  };
  let last = await read();
  for (let i = 0; i < 5; i++) {
    const now = await read();
    if (Math.abs(now - last) < 16 * 1024) return now;
    last = now;
  }
  return last;
}

/** The page's own live blog: one update a second, and how often the tint's copies in the shared registry were renewed meanwhile. */
function startBlog(tab: Tab): Promise<void> {
  return tab.evaluate(
    ({ updates, every }) => {
      const state = { half: false, done: false, renewals: 0 };
      (window as unknown as { __blog: typeof state }).__blog = state;
      let seen: unknown = [...((CSS.highlights.get('kontekst-claim') as unknown as Iterable<unknown> | undefined) ?? [])][0];
      const watch = setInterval(() => {
        const first = [...((CSS.highlights.get('kontekst-claim') as unknown as Iterable<unknown> | undefined) ?? [])][0];
        if (first !== seen) (state.renewals++, (seen = first));
      }, 50);
      let n = 0;
      const blog = setInterval(() => {
        n++;
        // A few sentences per update, each different, as a live blog posts them.
        void (window.__fixture as FrameworkFixture).append(
          `Opdatering ${n}, kl. ${String(10 + Math.floor(n / 60)).padStart(2, '0')}.${String(n % 60).padStart(2, '0')}: Ritzau følger sagen og opdaterer løbende. ` +
            `Kreml har endnu ikke kommenteret meldingen nummer ${n}, og Det Hvide Hus henviser til tidligere udtalelser. Flere detaljer følger, når de foreligger.`,
        );
        if (n === updates / 2) state.half = true;
        if (n === updates) {
          clearInterval(blog);
          setTimeout(() => (clearInterval(watch), (state.done = true)), 2500);
        }
      }, every);
    },
    { updates: UPDATES, every: EVERY_MS },
  );
}

interface PageEnd {
  renewals: number;
  text: string;
  expected: string;
  paragraphs: number;
  ownNodesOnly: boolean;
}

function pageEnd(tab: Tab): Promise<PageEnd> {
  return tab.evaluate(() => {
    const app = document.getElementById('app') as HTMLElement;
    return {
      renewals: (window as unknown as { __blog: { renewals: number } }).__blog.renewals,
      text: app.textContent ?? '',
      expected: (window.__fixture as FrameworkFixture).texts().join(''),
      paragraphs: app.querySelectorAll('p').length,
      ownNodesOnly: [...app.children].every((el) => el.childNodes.length === 1 && el.firstChild?.nodeType === 3),
    };
  });
}

const hydrated = (tab: Tab, framework: Framework): Promise<unknown> =>
  framework === 'react' ? waitFor('the page to hydrate', () => tab.evaluate(() => window.__hydrated === true), (h) => h, 15_000) : Promise.resolve();

describe.each(launchers)('a live blog in $name', ({ name, launch }) => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  const chromium = name === 'chromium';

  beforeAll(async () => {
    const routes = defaultRoutes();
    for (const [framework, page] of await frameworkPages()) {
      for (const role of Object.keys(SITE) as Role[]) routes.set(liveUrl(framework, role), page);
    }
    server = await startFixtureServer(routes);
    browser = await launch(server);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 30_000);

  it('React, Vue and Svelte append a paragraph a second for a minute: reports and anchoring runs stay within their caps, the tint is never renewed, the marks stay, and memory grows no more than without Kontekst', async () => {
    await recordReports(browser);
    // The pages without Kontekst: the memory's baseline.
    const offSites = FRAMEWORKS;
    for (const framework of offSites) {
      await browser.extensionEval((api, site) => api.runtime.sendMessage({ kontekst: 1, type: 'popup:set-site', payload: { site, enabled: false } }), new URL(liveUrl(framework, 'baseline')).hostname);
    }
    const tabs: { framework: Framework; role: Role; kontekst: boolean; tab: Tab; url: string }[] = [];
    const roles: Role[] = ['counted', 'measured', 'baseline'];
    // The page's memory after full collections: the tab's heaps (Chromium) or its window and content scripts as Firefox's memory reporters see them.
    const memoryOf = ({ tab, url }: { tab: Tab; url: string }): Promise<number> => (chromium ? heapAfterGc(tab as ChromiumTab) : memoryAfterGc(browser as FirefoxExtensionBrowser, url));
    try {
      for (const role of roles) {
        for (const framework of FRAMEWORKS) {
          const url = liveUrl(framework, role);
          tabs.push({ framework, role, kontekst: role !== 'baseline', tab: await browser.open(url), url });
        }
      }
      for (const { framework, kontekst, tab } of tabs) {
        await hydrated(tab, framework);
        if (kontekst) await waitFor(`${framework}: every claim marked`, () => readMarks(tab), (m) => m.claimRanges === ALL, 20_000);
      }
      // Markers are built when the browser is idle; let every page settle before the minute starts.
      await sleep(1500);
      const runs = new Map<Tab, AnchoringRuns>();
      for (const { role, tab, url } of tabs) {
        if (role !== 'counted') continue;
        const counter: AnchoringRuns = chromium ? new CoverageAnchoringRuns(tab as ChromiumTab) : new BreakpointAnchoringRuns(browser as FirefoxExtensionBrowser, url);
        await counter.start();
        // The counter sees runs: the page edits a marked sentence and puts it back (an editor's correction).
        await tab.evaluate(({ i, text }) => (window.__fixture as FrameworkFixture).setText(i, text), { i: MARKED, text: ORIGINAL.replace('Trump åben', 'Trump aldrig åben') });
        await waitFor('the edited claim to lose its mark', () => readMarks(tab), (m) => m.claimRanges === ALL - 1);
        await tab.evaluate(({ i, text }) => (window.__fixture as FrameworkFixture).setText(i, text), { i: MARKED, text: ORIGINAL });
        await waitFor('every claim marked again', () => readMarks(tab), (m) => m.claimRanges === ALL);
        expect(await counter.read(), 'anchoring runs for an edit and its correction').toBeGreaterThanOrEqual(2);
        runs.set(tab, counter);
      }
      const heapBefore = new Map<Tab, number>();
      const heapTabs = tabs.filter(({ role }) => role !== 'counted');
      for (const entry of heapTabs) heapBefore.set(entry.tab, await memoryOf(entry));
      const tabIds = new Map<Tab, number>();
      for (const { tab } of tabs) tabIds.set(tab, await tab.tabId());

      const startedAt = Date.now();
      for (const { tab } of tabs) await startBlog(tab);
      // Halfway: what Kontekst costs once (code it runs for the first time, its first layout work)
      // is spent by then; from here to the end, a leak is all that could make it grow.
      const heapHalf = new Map<Tab, number>();
      for (const { tab } of tabs) {
        await waitFor('half the minute', () => tab.evaluate(() => (window as unknown as { __blog: { half: boolean } }).__blog.half), (half) => half, 60_000);
      }
      for (const entry of heapTabs) heapHalf.set(entry.tab, await memoryOf(entry));
      for (const { tab } of tabs) {
        await waitFor('the minute to end', () => tab.evaluate(() => (window as unknown as { __blog: { done: boolean } }).__blog.done), (done) => done, 90_000);
      }
      const reports = (await reportsSoFar(browser)).filter((seen) => seen.at >= startedAt);

      const heapGrowth = new Map<Framework, { with: number; without: number; withLate: number; withoutLate: number }>();
      const summary: string[] = [];
      for (const { framework, role, kontekst, tab, url } of tabs) {
        const end = await pageEnd(tab);
        expect(end.text, `${framework}: the page reads what it set`).toBe(end.expected);
        expect(end.ownNodesOnly, `${framework}: one text node per block`).toBe(true);
        expect(end.paragraphs).toBe(seedArticleText.paragraphs.length + UPDATES);
        if (role !== 'counted') {
          const end = await memoryOf({ tab, url });
          const entry = heapGrowth.get(framework) ?? { with: 0, without: 0, withLate: 0, withoutLate: 0 };
          const whole = end - (heapBefore.get(tab) as number);
          const late = end - (heapHalf.get(tab) as number);
          heapGrowth.set(framework, kontekst ? { ...entry, with: whole, withLate: late } : { ...entry, without: whole, withoutLate: late });
        }
        if (!kontekst) {
          expect((await readMarks(tab)).ownElements, `${framework}: Kontekst is off on the baseline`).toBe(0);
          continue;
        }
        const marks = await readMarks(tab);
        expect(marks.claimRanges, `${framework}: every claim still marked`).toBe(ALL);
        // Text arriving below the claims moves none of them: the tint's copies are never renewed.
        expect(end.renewals, `${framework}: passes over the tint`).toBe(0);
        const mine = reports.filter((seen) => seen.tab === tabIds.get(tab));
        const byType = (type: string): number => mine.filter((seen) => seen.type === type).length;
        // docs/security.md: at most 120 reports a minute, and 20 detections a page can start (each growth report starts one).
        expect(mine.length, `${framework}: reports to the background`).toBeLessThanOrEqual(MAX_PAGE_REPORTS);
        expect(byType('content:changed'), `${framework}: detections the page started`).toBeLessThanOrEqual(MAX_PAGE_DETECTIONS);
        // The page grew by about 15,000 characters: the growth watcher asks again every 1,500.
        expect(byType('content:changed'), `${framework}: the page's growth was noticed`).toBeGreaterThan(0);
        let anchoring = -1;
        const counter = runs.get(tab);
        if (counter) {
          anchoring = await counter.read();
          // No claim changed or went missing: not one pass over the page (the caps would allow 20 + 12 and 25 + 6).
          expect(anchoring, `${framework}: anchoring runs`).toBeLessThanOrEqual(EDIT_REANCHORS.size + ARRIVAL_REANCHORS.size);
          expect(anchoring, `${framework}: anchoring runs`).toBe(0);
        }
        summary.push(`${framework} (${role}): ${mine.length} reports (${byType('content:changed')} growth, ${byType('content:anchored')} anchored), ${anchoring < 0 ? 'runs not counted' : `${anchoring} anchoring runs`}`);
      }
      const kb = (n: number): string => `${n < 0 ? '' : '+'}${Math.round(n / 1024)} KB`;
      for (const [framework, g] of heapGrowth) {
        summary.push(`${framework}: memory over the minute ${kb(g.with)} with Kontekst, ${kb(g.without)} without; over its second half ${kb(g.withLate)} with, ${kb(g.withoutLate)} without`);
      }
      console.log(`live blog in ${name} (${UPDATES} updates, ${EVERY_MS} ms apart, ${Math.round((Date.now() - startedAt) / 1000)} s):\n  ${summary.join('\n  ')}`);
      for (const [framework, g] of heapGrowth) {
        expect(g.with - g.without, `${framework}: memory Kontekst adds over the minute`).toBeLessThanOrEqual(HEAP_BOUND);
        expect(g.withLate - g.withoutLate, `${framework}: memory Kontekst adds over the second half`).toBeLessThanOrEqual(HEAP_LATE_BOUND);
      }
    } finally {
      for (const { tab } of tabs) await tab.close();
      for (const framework of offSites) {
        await browser.extensionEval((api, site) => api.runtime.sendMessage({ kontekst: 1, type: 'popup:set-site', payload: { site, enabled: true } }), new URL(liveUrl(framework, 'baseline')).hostname);
      }
    }
  }, 180_000);

  it('writes no error to any console', () => {
    expect(browser.consoleErrors()).toEqual([]);
  });
});
