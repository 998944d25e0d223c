// Part: what Kontekst costs on the article it marks. Chromium loads the seed article at its own
// address (7 KiB) and the same article followed by ~1 MB of reader comments, with the extension
// built with source maps; the CDP sampling profiler (0.1 ms) runs from before the navigation until
// 1.5 s after the load event (the marks are on screen by then; checked after the profile). Samples with an extension frame on the stack are
// Kontekst's main-thread time (as in cost.ts); each goes to the innermost extension frame, named
// through the source map (native callees such as layout count for the Kontekst function that
// called them). The longest task is approximated by the longest run of consecutive samples that
// all hold an extension frame: Kontekst's code on the main thread without a break.
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type BrowserContext, type CDPSession, type Page, chromium } from 'playwright-core';
import { median, quantile, round } from './lib/stats';
import { SourceMap } from './lib/source-map';

export interface ArticleCostRow {
  /** Absent in runs before Firefox was profiled: Chromium. */
  browser?: 'chromium' | 'firefox';
  page: string;
  htmlBytes: number;
  loads: number;
  /** Kontekst's main-thread time per load. */
  totalMs: { median: number; p90: number; max: number };
  /** Firefox: the main thread's CPU time within that (Gecko's threadCPUDelta); absent for Chromium, whose profiler records none. */
  cpuMs?: { median: number; p90: number; max: number };
  /**
   * Firefox on Linux: the page's main thread over each load's whole window (navigation to the end of
   * the settle), medians: ms it ran and ms it waited on the run queue for a core (bench/lib/run-queue.ts);
   * `ranWithout`: ms it ran in the same loads in a Firefox without Kontekst; `unprofiled`: ms it ran
   * and waited in the same loads with Kontekst in a Firefox without the profiler (each absent in runs
   * before it was measured).
   */
  pageThreadMs?: { ran: number; waited: number; ranWithout?: number; unprofiled?: { ran: number; waited: number } };
  /** The longest unbroken run of Kontekst's samples per load. */
  longestMs: { median: number; max: number };
  /** Where the time goes: mean ms per load by function (innermost Kontekst frame), the largest first. */
  /** `cpuMeanMs`: of it on the CPU (Firefox only: Gecko records a thread's CPU time). */
  functions: { name: string; meanMs: number; cpuMeanMs?: number }[];
}

export interface ArticlePage {
  name: string;
  html: string;
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Names frames of the extension's scripts through their source maps. */
class FrameNamer {
  private readonly maps = new Map<string, SourceMap | null>();
  constructor(private readonly extensionDir: string) {}

  name(frame: CallFrame): string | null {
    if (frame.url.startsWith('chrome-extension://')) {
      const path = new URL(frame.url).pathname.slice(1);
      if (!this.maps.has(path)) {
        try {
          this.maps.set(path, new SourceMap(JSON.parse(readFileSync(join(this.extensionDir, `${path}.map`), 'utf8'))));
        } catch {
          this.maps.set(path, null);
        }
      }
      const at = this.maps.get(path)?.at(frame.lineNumber, frame.columnNumber);
      if (!at) return `${frame.functionName || '(anonymous)'} (${path})`;
      // The bundle's own wrapper (esbuild's IIFE) maps to no source: the script's top level.
      if (at.before && !frame.functionName) return `(top level) (${path})`;
      return `${at.name ?? frame.functionName ?? '(anonymous)'} (${at.file}:${at.line})`;
    }
    // A function the background ran with executeScript: V8 gives it no URL (native frames have no line).
    if (frame.url === '' && frame.lineNumber >= 0) return `(function run by the background: ${frame.functionName || 'anonymous'})`;
    return null;
  }
}

/** Kontekst's time in one profile: total, longest unbroken run, and per innermost function. */
export function attribute(profile: Profile, namer: FrameNamer): { totalMs: number; longestMs: number; byFunction: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const innermost = new Map<number, string | null>();
  const root = profile.nodes[0];
  const stack: [ProfileNode, string | null][] = root ? [[root, null]] : [];
  while (stack.length) {
    const [node, inherited] = stack.pop() as [ProfileNode, string | null];
    const own = namer.name(node.callFrame);
    const name = own ?? inherited;
    innermost.set(node.id, name);
    for (const child of node.children ?? []) {
      const c = byId.get(child);
      if (c) stack.push([c, name]);
    }
  }
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const byFunction = new Map<string, number>();
  let total = 0;
  let run = 0;
  let longest = 0;
  for (let i = 0; i < samples.length; i++) {
    const ms = Math.max(0, i + 1 < deltas.length ? (deltas[i + 1] as number) : 100) / 1000;
    const name = innermost.get(samples[i] as number);
    if (!name) {
      run = 0;
      continue;
    }
    total += ms;
    run += ms;
    longest = Math.max(longest, run);
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  return { totalMs: total, longestMs: longest, byFunction };
}

/** Rounds of loads (a blank page, then the article) in one tab before the next tab; see loadPlan. */
const ROUNDS_PER_TAB = 8;

/**
 * The rounds of one page's loads, in order: `fresh`, the round starts in a new tab (each page starts
 * in one); `measured`, its load counts. A tab makes at most ROUNDS_PER_TAB rounds: Kontekst caps
 * the new documents one tab can make it look at (MAX_PAGE_LOADS, 60 a minute,
 * src/background/page-caps.ts), and a tab loading faster than that (two documents a round, a round
 * every 2 s or less on a quick machine) gets its detections deferred, its marks a minute late. The
 * first two rounds are warm-up, and so is the first round in each new tab (its renderer may be new).
 */
export function loadPlan(loads: number): { fresh: boolean; measured: boolean }[] {
  const plan: { fresh: boolean; measured: boolean }[] = [];
  for (let round = 0, counted = 0; counted < loads; round++) {
    const inTab = round % ROUNDS_PER_TAB;
    const fresh = inTab === 0;
    const measured = round >= 2 && !fresh;
    plan.push({ fresh, measured });
    if (measured) counted++;
  }
  return plan;
}

/** A CDP session on `page` with the sampling profiler enabled at 0.1 ms. */
async function profiled(context: BrowserContext, page: Page): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  return cdp;
}

/** Loads each page `loads` times at the article's address with the source-mapped build and attributes Kontekst's time. */
export async function measureArticleCost(extensionDir: string, articleUrl: string, pages: readonly ArticlePage[], loads: number, log: (line: string) => void, settleMs = 1500): Promise<ArticleCostRow[]> {
  let current = '';
  const address = new URL(articleUrl);
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    const html = url.host === address.host && url.pathname === address.pathname ? current : '<!doctype html><title>blank</title><p>blank</p>';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(html);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const context = await chromium.launchPersistentContext(join(extensionDir, '..', 'profile-article-cost'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, `--host-resolver-rules=MAP * 127.0.0.1:${port}`],
  });
  const namer = new FrameNamer(extensionDir);
  const rows: ArticleCostRow[] = [];
  try {
    if (context.serviceWorkers().length === 0) await context.waitForEvent('serviceworker', { timeout: 15_000 });
    let page = context.pages()[0] ?? (await context.newPage());
    // The profiler's session on the tab in use (none yet: the browser's first tab is the first round's).
    let cdp: CDPSession | null = null;
    for (const p of pages) {
      current = p.html;
      const totals: number[] = [];
      const longest: number[] = [];
      const sums = new Map<string, number>();
      for (const { fresh, measured } of loadPlan(loads)) {
        if (fresh && cdp) {
          const old = page;
          page = await context.newPage();
          cdp = null;
          await old.close();
        }
        cdp ??= await profiled(context, page);
        await page.goto(`http://${address.host}/blank`, { waitUntil: 'load' });
        await page.waitForTimeout(150);
        await cdp.send('Profiler.start');
        await page.goto(articleUrl, { waitUntil: 'load' });
        // Nothing of the driver's runs in the page while the profiler does: Playwright's own
        // helper scripts have no URL either, like the functions the background runs there.
        await page.waitForTimeout(settleMs);
        const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
        const marked = await page.evaluate(() => CSS.highlights.get('kontekst-claim')?.size ?? 0);
        if (marked === 0) throw new Error(`no marks on ${p.name} within ${settleMs} ms of the load event`);
        if (!measured) continue;
        const a = attribute(profile, namer);
        totals.push(a.totalMs);
        longest.push(a.longestMs);
        for (const [name, ms] of a.byFunction) sums.set(name, (sums.get(name) ?? 0) + ms);
      }
      const functions = [...sums].map(([name, ms]) => ({ name, meanMs: round(ms / loads, 2) })).sort((a, b) => b.meanMs - a.meanMs).slice(0, 10);
      const row: ArticleCostRow = {
        browser: 'chromium',
        page: p.name,
        htmlBytes: Buffer.byteLength(p.html),
        loads,
        totalMs: { median: round(median(totals), 2), p90: round(quantile(totals, 0.9), 2), max: round(Math.max(...totals), 2) },
        longestMs: { median: round(median(longest), 2), max: round(Math.max(...longest), 2) },
        functions,
      };
      rows.push(row);
      log(`  ${p.name}: Kontekst ${row.totalMs.median} ms median (p90 ${row.totalMs.p90}), longest run ${row.longestMs.median} ms (max ${row.longestMs.max})`);
    }
    return rows;
  } finally {
    await context.close().catch(() => undefined);
    await new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  }
}
