// Part "article", Firefox: the same loads as cost-article.ts, profiled with the Gecko profiler,
// which WebDriver BiDi cannot drive: it is started with the browser (MOZ_PROFILER_STARTUP, 1 ms
// interval, JS frames, main threads only) and writes its profile when the browser quits (MOZ_PROFILER_SHUTDOWN). The
// page's content process's main thread (GeckoMain) is read: samples inside a load's window
// (navigation to 1.5 s after load) are Kontekst's time when, going out from the innermost frame,
// a Kontekst frame comes first (kontekstFrame), each named by its innermost such frame: Gecko's label
// (given back its original name through the source map: namer) and the source map's file and line
// of the function. The background itself runs in Firefox's extension process and is not
// counted; what it runs in the page is. A second Firefox, without the extension, then loads the
// same page as often: what its page thread ran is the baseline for all the page pays for Kontekst.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import { type ArticleCostRow, type ArticlePage, loadPlan } from './cost-article';
import { type ThreadTimes, mainThreadTimes, medianTimes, timesBetween } from './lib/run-queue';
import { SourceMap } from './lib/source-map';
import { median, quantile, round } from './lib/stats';

interface Table {
  schema: Record<string, number>;
  data: (number | null)[][];
}

interface GeckoThread {
  name: string;
  samples: Table;
  stackTable: Table;
  frameTable: Table;
  stringTable: string[];
}

export interface GeckoProfile {
  meta: { startTime: number };
  threads: GeckoThread[];
  processes?: GeckoProfile[];
}

/**
 * The Gecko profiler's sampling interval (ms), its own default. Every sample stops the sampled
 * thread while its stack is walked, and that time counts as Kontekst's when Kontekst's frame is on
 * the stack: side by side on 2026-12-03 (20:00 to 20:26, load under 1, one build), the seed article
 * measured 33.9 to 45.4 ms of Kontekst's wall time in five runs at 0.5 ms (median 42.2; 14.3 to 16.7
 * on the CPU), 25.8 to 33.7 in three at 1 ms (median 27.3; 12.0 to 12.9) and 28.5 in one at 2 ms.
 */
const GECKO_INTERVAL_MS = 1;

/**
 * What the Gecko profiler records: JavaScript frames (with the labels of Firefox's own C++ work,
 * which the attribution reads) and each thread's CPU time. Not `stackwalk`: native frames come as
 * unsymbolicated addresses the attribution never reads, and unwinding them at every sample cost
 * the page's thread CPU time. Side by side on 2026-12-04 (10:59 to 11:13, the shipped build, four
 * runs each, alternated), Kontekst's CPU time on the seed article: 15.5 to 18.4 ms median with it,
 * 14.4 to 15.3 without; the wall time 32.7 to 41.3 and 28.9 to 38.0.
 */
const GECKO_FEATURES = 'js,cpu';

/** The names (comm) Linux gives Firefox's content processes, where the pages run: Fission's isolated ones and the others. */
const CONTENT_PROCESSES = ['Isolated Web Co', 'Web Content'];

const GECKO_UUID = '8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/**
 * Names a frame "label (file:line)": the label is the engine's own, the function's name in the
 * shipped, minified build, given back its original name through the source map where the map
 * names it just before the place Gecko points at (SourceMap.originalName; `outer/<`, Gecko's label of an anonymous
 * function inside `outer`, keeps the minified outer name), and the file and line are the source
 * map's for the function's start (where the location points). The files the background's reads
 * run in Firefox (injected/*.js, build.mjs) hold a function taken from another bundle, which the
 * bench's build writes with its map (injected/page-reads.js): they are named through it.
 */
export function namer(extensionDir: string): (location: string) => string {
  const files = new Map<string, MappedFile | null>();
  return (location) => {
    const m = /^(.*?) ?\(?moz-extension:\/\/[^/]+\/([^:)[]+)(?::(\d+):(\d+))?/.exec(location);
    if (!m) return location;
    const [, label, path, line, column] = m as unknown as [string, string, string, string | undefined, string | undefined];
    // A location without line and column is the script's own top level (its compile and first run).
    if (line === undefined || column === undefined) return `(top level) (${path})`;
    if (!files.has(path)) files.set(path, mappedFile(extensionDir, path));
    // Gecko counts lines and columns from 1.
    const place = files.get(path)?.locate(Number(line) - 1, Number(column) - 1) ?? null;
    const at = place ? place.file.map.at(place.line, place.column) : null;
    // The bundle's own wrapper (esbuild's IIFE) maps to no source: it is the script's top level too.
    if (at?.before && !label) return `(top level) (${path})`;
    const minified = /^[\w$]+/.exec(label)?.[0];
    const original = place && minified && !label.includes('/') ? place.file.map.originalName(place.line, place.column, minified, place.file.lines[place.line] ?? '') : null;
    const named = original && minified ? original + label.slice(minified.length) : label;
    return `${named || '(anonymous)'} (${at ? `${at.file}:${at.line}` : `${path}:${line}:${column}`})`;
  };
}

/** A built file with its source map and its lines; `locate` takes a position in the file Gecko ran to one in it. */
interface MappedFile {
  map: SourceMap;
  lines: string[];
  locate(line: number, column: number): { file: MappedFile; line: number; column: number } | null;
}

/** The built file at `path` with its map, or, for a read's file (`(fn)(args);`), the bundle its `fn` was taken from. */
function mappedFile(extensionDir: string, path: string): MappedFile | null {
  const read = (file: string): MappedFile | null => {
    try {
      const text = readFileSync(join(extensionDir, file), 'utf8');
      const map = new SourceMap(JSON.parse(readFileSync(join(extensionDir, `${file}.map`), 'utf8')));
      const mapped: MappedFile = { map, lines: text.split('\n'), locate: (line, column) => ({ file: mapped, line, column }) };
      return mapped;
    } catch {
      return null;
    }
  };
  const own = read(path);
  if (own || !path.startsWith('injected/')) return own;
  const origin = read('injected/page-reads.js');
  let text: string;
  try {
    text = readFileSync(join(extensionDir, path), 'utf8');
  } catch {
    return null;
  }
  const fn = text.slice(1, text.lastIndexOf(')('));
  const whole = origin?.lines.join('\n') ?? '';
  const from = fn ? whole.indexOf(fn) : -1;
  if (!origin || from < 0) return null;
  const lineStarts = [0];
  for (const l of origin.lines) lineStarts.push((lineStarts.at(-1) as number) + l.length + 1);
  const ownLines = text.split('\n');
  return {
    ...origin,
    locate(line, column) {
      // The offset in the read's file, less its opening parenthesis, is the offset in the function.
      const offset = ownLines.slice(0, line).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
      const at = from + offset;
      let l = 0;
      while ((lineStarts[l + 1] as number) <= at) l++;
      return { file: origin, line: l, column: at - (lineStarts[l] as number) };
    },
  };
}

const EXECUTE = "Firefox's own work for Kontekst's scripting calls";

/** What Firefox's work for a scripting call was doing, told by the frames inside its executeInWin. */
const EXECUTE_PARTS: [RegExp, string][] = [
  [/^(ContentScriptContextChild|getContext)\b/, "the page's content-script context"],
  [/evalInSandbox/, 'compiling the functions executeScript sends'],
  [/^(PrecompiledScript|#compileScriptSource|ScriptCache)\b/, 'the files executeScript runs'],
  [/^(loadCSS|removeStyleSheets|addCSSCode|CSSCache)\b/, 'insertCSS and removeCSS'],
];

/**
 * What a frame says of whose time a sample is: Kontekst's code (a moz-extension:// script, or a
 * function the background runs in the page with scripting.executeScript({ func }), which Gecko
 * reports as "sandbox eval code"), Firefox carrying out one of Kontekst's scripting calls in the
 * page (ExtensionContent.sys.mjs, handleActorExecute/executeInWin: the content script's context,
 * compiling, cloning results, telemetry; the only extension in the bench's browser, named by what
 * the frames inside it, `inner`, do), or neither (null). The walk goes out from the innermost
 * frame: a Kontekst frame outside Firefox's executeInWin is a stale entry Gecko's stack merge
 * leaves there, not what ran.
 */
function kontekstFrame(location: string, inner: readonly string[], name: (location: string) => string): string | null {
  if (location.includes('moz-extension://')) return name(location);
  const injected = /^(?:(.*?) \()?sandbox eval code\b/.exec(location);
  if (injected) return `${injected[1] || '(top level)'} (a function the background runs in the page)`;
  if (location.includes('ExtensionContent.sys.mjs') && /^(handleActorExecute|executeInWin)\b/.test(location)) {
    const part = EXECUTE_PARTS.find(([pattern]) => inner.some((frame) => pattern.test(frame)));
    return `(${EXECUTE}: ${part ? part[1] : 'each call\'s matching, ids, results and telemetry'})`;
  }
  return null;
}

/** Per window: Kontekst's time, its longest unbroken run, and time by innermost function. */
export function attributeGecko(profile: GeckoProfile, windows: readonly [number, number][], name: (location: string) => string): { totalMs: number; cpuMs: number; longestMs: number; byFunction: Map<string, number>; cpuByFunction: Map<string, number> }[] {
  const result = windows.map(() => ({ totalMs: 0, cpuMs: 0, longestMs: 0, byFunction: new Map<string, number>(), cpuByFunction: new Map<string, number>() }));
  for (const process of [profile, ...(profile.processes ?? [])]) {
    for (const thread of process.threads) {
      // The page's main thread; the extension process's (the background page's) is not the page's.
      if (thread.name !== 'GeckoMain' || thread.stringTable.some((s) => s.includes('moz-extension://') && s.includes('/background.js'))) continue;
      const { samples, stackTable, frameTable, stringTable } = thread;
      const innermost = new Map<number, string | null>();
      const own = (leaf: number | null): string | null => {
        if (leaf === null) return null;
        const known = innermost.get(leaf);
        if (known !== undefined) return known;
        const inner: string[] = [];
        let found: string | null = null;
        for (let stack: number | null = leaf; stack !== null && found === null; ) {
          const row = stackTable.data[stack] as (number | null)[];
          const frame = frameTable.data[row[stackTable.schema.frame as number] as number] as (number | null)[];
          const location = stringTable[frame[frameTable.schema.location as number] as number] ?? '';
          found = kontekstFrame(location, inner, name);
          // The bench's own driver (WebDriver BiDi, chrome://remote/) run inside Kontekst's code or
          // Firefox's work for its calls (it follows every new realm and window global): no reader's
          // browser runs it, so the sample is not Kontekst's (0 to 8 ms a load on the seed article).
          if (found !== null && inner.some((at) => at.includes('chrome://remote/'))) {
            found = null;
            break;
          }
          inner.push(location);
          stack = row[stackTable.schema.prefix as number] as number | null;
        }
        innermost.set(leaf, found);
        return found;
      };
      const timeAt = (i: number): number => process.meta.startTime + (samples.data[i]?.[samples.schema.time as number] as number);
      // The thread's CPU time between a sample and the one before it (ns; profiles that record
      // it): what the main thread ran of the time a sample stands for. A thread that waits (for a
      // core on a busy machine, or for a lock) keeps its stack and counts wall time, not CPU time.
      const cpuColumn = samples.schema.threadCPUDelta;
      const cpuAfter = (i: number): number => (cpuColumn === undefined || i + 1 >= samples.data.length ? 0 : ((samples.data[i + 1]?.[cpuColumn] as number | null) ?? 0) / 1e6);
      const runs = windows.map(() => 0);
      for (let i = 0; i < samples.data.length; i++) {
        const time = timeAt(i);
        const w = windows.findIndex(([from, to]) => time >= from && time < to);
        if (w < 0) continue;
        const fn = own(samples.data[i]?.[samples.schema.stack as number] as number | null);
        const r = result[w] as (typeof result)[number];
        if (!fn) {
          runs[w] = 0;
          continue;
        }
        const ms = i + 1 < samples.data.length ? Math.min(timeAt(i + 1) - time, 5) : GECKO_INTERVAL_MS;
        r.totalMs += ms;
        r.cpuMs += cpuAfter(i);
        runs[w] = (runs[w] as number) + ms;
        r.longestMs = Math.max(r.longestMs, runs[w] as number);
        r.byFunction.set(fn, (r.byFunction.get(fn) ?? 0) + ms);
        r.cpuByFunction.set(fn, (r.cpuByFunction.get(fn) ?? 0) + cpuAfter(i));
      }
    }
  }
  return result;
}

/** What one browser's loads of a page left: each measured load's window, the page's main thread in it, and the Gecko profile (Kontekst's browser only). */
interface ProfiledLoads {
  windows: [number, number][];
  pageThread: ThreadTimes[];
  profile: GeckoProfile | null;
}

/**
 * Loads `html` at `articleUrl` `loads` times (after warm-up loads, in a new tab every few: loadPlan)
 * in a Firefox of its own with the Gecko profiler running; with Kontekst installed from
 * `extensionDir` (each load must show marks), or without any extension (null: the same page's
 * baseline, which must show none; its profiler samples as in Kontekst's browser, but writes no
 * profile: none is read). `profiler` false: no profiler at all and no profile, only the page's thread
 * times (set beside the profiled browser's, what the profiler being on adds to them).
 */
async function profiledLoads(extensionDir: string | null, articleUrl: string, p: ArticlePage, loads: number, settleMs: number, profiler = true): Promise<ProfiledLoads> {
  const address = new URL(articleUrl);
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    const html = url.host === address.host && url.pathname === address.pathname ? p.html : '<!doctype html><title>blank</title><p>blank</p>';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(html);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const dir = mkdtempSync(join(tmpdir(), 'kontekst-gecko-profile-'));
  const out = join(dir, 'profile.json');
  const windows: [number, number][] = [];
  const pageThread: ThreadTimes[] = [];
  const uuids = extensionDir ? { [(JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { browser_specific_settings: { gecko: { id: string } } }).browser_specific_settings.gecko.id]: GECKO_UUID } : {};
  const launching = puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    args: ['--remote-allow-system-access'],
    env: profiler ? { ...process.env, MOZ_PROFILER_STARTUP: '1', MOZ_PROFILER_STARTUP_FEATURES: GECKO_FEATURES, MOZ_PROFILER_STARTUP_INTERVAL: String(GECKO_INTERVAL_MS), MOZ_PROFILER_STARTUP_ENTRIES: '100000000', MOZ_PROFILER_STARTUP_FILTERS: 'GeckoMain', ...(extensionDir ? { MOZ_PROFILER_SHUTDOWN: out } : {}) } : { ...process.env },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify(uuids),
      // Every host goes to the local server (the article at its own address).
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
    },
  });
  // A browser that does not start (none at the path, say) leaves neither the server nor the profile's folder behind.
  const browser = await launching.catch((error: unknown) => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  try {
    if (extensionDir) await browser.installExtension(resolve(extensionDir));
    let page = await browser.newPage();
    if (extensionDir) {
      // Kontekst opens its welcome page on install, in front of the bench's tab (sometimes after
      // newPage): the loads would be measured in a hidden tab, which renders nothing and where the
      // annotator builds the extension API at once (annotator.ts, listenLater). Closed, and the
      // bench's tab brought to the front; each load checks that the page was visible.
      for (let waited = 0; waited < 5000; waited += 100) {
        const welcome = (await browser.pages()).filter((other) => other !== page && other.url().includes('/welcome/'));
        if (welcome.length > 0) {
          for (const other of welcome) await other.close();
          break;
        }
        await new Promise((done) => setTimeout(done, 100));
      }
    }
    await page.bringToFront();
    // A new tab every few rounds (loadPlan; the browser's first tab is the first round's).
    for (const [round, { fresh, measured }] of loadPlan(loads).entries()) {
      if (fresh && round > 0) {
        const old = page;
        page = await browser.newPage();
        await page.bringToFront();
        await old.close();
      }
      await page.goto(`http://${address.host}/blank`, { waitUntil: 'load' });
      await new Promise((done) => setTimeout(done, 150));
      const before = mainThreadTimes(CONTENT_PROCESSES);
      const from = Date.now();
      await page.goto(articleUrl, { waitUntil: 'load' });
      await new Promise((done) => setTimeout(done, settleMs));
      const to = Date.now();
      const between = timesBetween(before, mainThreadTimes(CONTENT_PROCESSES));
      const visible = await page.evaluate(() => document.visibilityState);
      if (visible !== 'visible') throw new Error(`the bench's tab was ${visible} on ${p.name} in Firefox: another tab is in front of it`);
      const marked = await page.evaluate(() => (globalThis as { CSS?: { highlights?: Map<string, Set<unknown>> } }).CSS?.highlights?.get('kontekst-claim')?.size ?? 0);
      if (extensionDir && marked === 0) throw new Error(`no marks on ${p.name} in Firefox within ${settleMs} ms of the load event`);
      if (!extensionDir && marked > 0) throw new Error(`marks on ${p.name} in the Firefox without Kontekst`);
      if (measured) {
        windows.push([from, to]);
        pageThread.push(between);
      }
    }
  } finally {
    // The profile is written as the browser quits, which takes seconds, and browser.close() kills
    // the process group (process.kill(-pid)) once BiDi's browser.close is answered: that kill is
    // held back until the browser has exited by itself (a SIGTERM would skip the profile).
    const child = browser.process();
    const exited = child && child.exitCode === null ? new Promise((done) => child.once('exit', done)) : Promise.resolve();
    const kill = process.kill;
    process.kill = ((pid: number, signal?: string | number) => (child?.pid !== undefined && pid === -child.pid ? true : kill.call(process, pid, signal))) as typeof process.kill;
    try {
      await Promise.race([browser.close(), new Promise((done) => setTimeout(done, 120_000))]);
      await Promise.race([exited, new Promise((done) => setTimeout(done, 120_000))]);
    } finally {
      process.kill = kill;
    }
    if (child?.exitCode === null) child.kill('SIGKILL');
    server.closeAllConnections();
    server.close();
  }
  if (!extensionDir || !profiler) {
    rmSync(dir, { recursive: true, force: true });
    return { windows, pageThread, profile: null };
  }
  let profile: GeckoProfile | null = null;
  for (let i = 0; i < 300 && profile === null; i++) {
    try {
      profile = JSON.parse(readFileSync(out, 'utf8')) as GeckoProfile;
    } catch {
      await new Promise((done) => setTimeout(done, 200));
    }
  }
  if (!profile) throw new Error(`Firefox wrote no profile at exit (${existsSync(out) ? 'incomplete' : 'none'})`);
  // KONTEKST_BENCH_PROFILES=<folder> keeps each page's raw Gecko profile there (and the loads' windows), to read beyond the table.
  if (process.env.KONTEKST_BENCH_PROFILES) {
    mkdirSync(process.env.KONTEKST_BENCH_PROFILES, { recursive: true });
    copyFileSync(out, join(process.env.KONTEKST_BENCH_PROFILES, `firefox-${p.name}.json`));
    writeFileSync(join(process.env.KONTEKST_BENCH_PROFILES, `firefox-${p.name}.windows.json`), JSON.stringify(windows));
  }
  rmSync(dir, { recursive: true, force: true });
  return { windows, pageThread, profile };
}

/**
 * Measures each page in Firefox: `loads` loads with Kontekst, profiled and attributed, then as many
 * in a Firefox without it, whose page thread is the baseline of what the page's main thread ran in
 * all (Kontekst's own frames and what they leave to Firefox: style, layout, paint, garbage collection).
 */
export async function measureArticleCostFirefox(extensionDir: string, articleUrl: string, pages: readonly ArticlePage[], loads: number, log: (line: string) => void, settleMs = 1500): Promise<ArticleCostRow[]> {
  const name = namer(extensionDir);
  const rows: ArticleCostRow[] = [];
  for (const p of pages) {
    const { windows, pageThread, profile } = await profiledLoads(extensionDir, articleUrl, p, loads, settleMs);
    if (!profile) throw new Error(`no Gecko profile of ${p.name}`);
    const without = (await profiledLoads(null, articleUrl, p, loads, settleMs)).pageThread;
    // The same loads with Kontekst in a Firefox without the profiler: the profiler being on adds to
    // what the page's thread runs and waits, under Kontekst's samples too (README, where the budgets stand).
    const unprofiled = (await profiledLoads(extensionDir, articleUrl, p, loads, settleMs, false)).pageThread;
    const perLoad = attributeGecko(profile, windows, name);
    const totals = perLoad.map((l) => l.totalMs);
    const cpu = perLoad.map((l) => l.cpuMs);
    const longest = perLoad.map((l) => l.longestMs);
    const sums = new Map<string, number>();
    const cpuSums = new Map<string, number>();
    for (const l of perLoad) for (const [fn, ms] of l.byFunction) sums.set(fn, (sums.get(fn) ?? 0) + ms);
    for (const l of perLoad) for (const [fn, ms] of l.cpuByFunction) cpuSums.set(fn, (cpuSums.get(fn) ?? 0) + ms);
    const withKontekst = medianTimes(pageThread);
    const withoutKontekst = medianTimes(without);
    const noProfiler = medianTimes(unprofiled);
    const row: ArticleCostRow = {
      browser: 'firefox',
      page: p.name,
      htmlBytes: Buffer.byteLength(p.html),
      loads,
      totalMs: { median: round(median(totals), 2), p90: round(quantile(totals, 0.9), 2), max: round(Math.max(...totals), 2) },
      cpuMs: { median: round(median(cpu), 2), p90: round(quantile(cpu, 0.9), 2), max: round(Math.max(...cpu), 2) },
      longestMs: { median: round(median(longest), 2), max: round(Math.max(...longest), 2) },
      ...(withKontekst ? { pageThreadMs: { ...withKontekst, ...(withoutKontekst ? { ranWithout: withoutKontekst.ran } : {}), ...(noProfiler ? { unprofiled: noProfiler } : {}) } } : {}),
      functions: [...sums].map(([fn, ms]) => ({ name: fn, meanMs: round(ms / loads, 2), cpuMeanMs: round((cpuSums.get(fn) ?? 0) / loads, 2) })).sort((a, b) => b.meanMs - a.meanMs).slice(0, 10),
    };
    rows.push(row);
    log(`  firefox ${p.name}: Kontekst ${row.totalMs.median} ms median (p90 ${row.totalMs.p90}; on the CPU ${row.cpuMs?.median}), longest run ${row.longestMs.median} ms (max ${row.longestMs.max}); the page's main thread ran ${row.pageThreadMs?.ran} ms a load with it, ${row.pageThreadMs?.ranWithout} without, ${row.pageThreadMs?.unprofiled?.ran} with it and no profiler`);
  }
  return rows;
}
