// Part 2: what Kontekst costs on pages that are not in the dataset. Chromium loads each page
// with dist/chrome, with a minimal extension (one content script that only reads
// storage.local) and with no extension. The CDP sampling profiler runs from before the
// navigation until the page has settled; the samples whose stack holds an extension's frame
// (a chrome-extension:// script, or a function the extension ran with scripting.executeScript,
// which V8 reports without a URL; native callees included) are the extension's main-thread time.
// The same rule is applied to the browser without extensions, where it must find nothing. Whole-page
// Performance.getMetrics deltas are reported too, as context only: they are mostly noise here
// (see /work/shared/browser-testing.md, "Measuring the extension's own cost").
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BrowserContext, type CDPSession, type Page, chromium } from 'playwright-core';
import type { OtherPage } from './inputs';
import { median, quantile, round } from './lib/stats';
import { servePages } from './lib/page-server';
import { allSitesGranted } from '../test/e2e/support/chromium';

export type CostConfig = 'none' | 'minimal' | 'kontekst';
const CONFIGS: readonly CostConfig[] = ['none', 'minimal', 'kontekst'];

export interface Spread {
  medianMs: number;
  p25Ms: number;
  p75Ms: number;
  /** The mean, and the share of loads with any time at all: the cost comes in rare lumps. */
  meanMs: number;
  nonZero: number;
}

export interface CostRow {
  page: string;
  description: string;
  htmlBytes: number;
  loads: number;
  /** Main-thread time in samples with an extension frame on the stack (none: the rule's false positives, 0). */
  attributed: { kontekst: Spread; minimal: Spread; none: Spread };
  /** Of `attributed`, the time in samples taken late (extensionLateTime): time the profile cannot tell run from waited. */
  late?: { kontekst: Spread; minimal: Spread };
  /** Median Kontekst attribution minus median minimal-extension attribution. */
  addedOverMinimalMs: number;
  /** ScriptDuration + LayoutDuration + RecalcStyleDuration over the load (context only). */
  wholePage: Record<CostConfig, Spread> & { kontekstMinusNoneMs: number; minimalMinusNoneMs: number };
}

export interface CostSettings {
  loads: number;
  warmupLoads: number;
  /** How long after `load` the page is left to run (detection, messages, the text read). */
  settleMs: number;
}

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  endTime: number;
  startTime: number;
}

/** Milliseconds of samples whose stack holds a frame from a chrome-extension:// script. */
export function extensionTime(profile: Profile): number {
  let total = 0;
  for (const ms of extensionTimeByScript(profile).values()) total += ms;
  return total;
}

/**
 * The extension script a frame runs, or null: a chrome-extension:// file, or a function run in
 * the page with scripting.executeScript({ func }), which V8 compiles from source without a URL
 * (native functions and the profiler's own nodes have no URL either, but no line number).
 */
function extensionScript(frame: ProfileNode['callFrame']): string | null {
  if (frame.url.startsWith('chrome-extension://')) return frame.url;
  if (frame.url === '' && frame.lineNumber >= 0) return `(injected function ${frame.functionName || 'anonymous'})`;
  return null;
}

/** The profiler's sampling interval (µs) in this bench's Chromium runs. */
const SAMPLING_INTERVAL_US = 100;
/**
 * A sample followed by the next one this much later than the interval was taken late: the
 * sampler's thread or the sampled one waited for a core (on this 2-core machine, while the
 * browser's other processes ran), so the profile cannot tell how much of that time the sampled
 * thread ran and how much it waited.
 */
const LATE_AFTER_US = 2.5 * SAMPLING_INTERVAL_US;

/** Each sample with an extension frame on its stack: the outermost such frame's script, and the time (µs) until the next sample, which it stands for (as DevTools counts it). */
function extensionSamples(profile: Profile): { script: string; us: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const scriptOf = new Map<number, string | null>();
  // Parents come before children in the node list, but do not rely on it: walk from the root.
  const root = profile.nodes[0];
  const stack: [ProfileNode, string | null][] = root ? [[root, null]] : [];
  while (stack.length) {
    const [node, inherited] = stack.pop() as [ProfileNode, string | null];
    const script = inherited ?? extensionScript(node.callFrame);
    scriptOf.set(node.id, script);
    for (const child of node.children ?? []) {
      const c = byId.get(child);
      if (c) stack.push([c, script]);
    }
  }
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const out: { script: string; us: number }[] = [];
  for (let i = 0; i < samples.length; i++) {
    const us = Math.max(0, i + 1 < deltas.length ? (deltas[i + 1] as number) : SAMPLING_INTERVAL_US);
    const script = scriptOf.get(samples[i] as number);
    if (script) out.push({ script, us });
  }
  return out;
}

/** extensionTime per script: each sample goes to the outermost extension frame's script. */
export function extensionTimeByScript(profile: Profile): Map<string, number> {
  const micros = new Map<string, number>();
  for (const { script, us } of extensionSamples(profile)) micros.set(script, (micros.get(script) ?? 0) + us);
  return new Map([...micros].map(([script, us]) => [script, us / 1000]));
}

/** Of extensionTime, the milliseconds in samples taken late (LATE_AFTER_US): run or waited, the profile cannot tell. */
export function extensionLateTime(profile: Profile): number {
  return extensionSamples(profile).reduce((ms, { us }) => (us > LATE_AFTER_US ? ms + us / 1000 : ms), 0);
}

const METRICS = ['ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'];

async function mainThreadSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.filter((m) => METRICS.includes(m.name)).reduce((sum, m) => sum + m.value, 0);
}

/** A tiny MV3 extension whose content script only reads storage.local: the floor for any extension. */
function writeMinimalExtension(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const manifest = {
    manifest_version: 3,
    name: 'Minimal content script',
    version: '1.0.0',
    permissions: ['storage'],
    content_scripts: [{ matches: ['http://*/*', 'https://*/*'], js: ['cs.js'], run_at: 'document_idle' }],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'cs.js'), "chrome.storage.local.get('settings').then(() => undefined);\n");
}

interface Browserish {
  config: CostConfig;
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
}

async function open(config: CostConfig, work: string, extensions: Record<'minimal' | 'kontekst', string>): Promise<Browserish> {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
  if (config !== 'none') args.push(`--disable-extensions-except=${extensions[config]}`, `--load-extension=${extensions[config]}`);
  const context = await chromium.launchPersistentContext(join(work, `profile-${config}`), { executablePath: '/usr/bin/chromium', headless: true, args });
  if (config === 'kontekst' && context.serviceWorkers().length === 0) await context.waitForEvent('serviceworker', { timeout: 15_000 });
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await cdp.send('Performance.enable');
  return { config, context, page, cdp };
}

async function measureLoad(b: Browserish, origin: string, path: string, settleMs: number): Promise<{ extensionMs: number; lateMs: number; wholePageMs: number }> {
  // Same-origin blank page first, so the measured navigation stays in one renderer process.
  await b.page.goto(`${origin}/blank.html`, { waitUntil: 'load' });
  await b.page.waitForTimeout(100);
  await b.cdp.send('Profiler.start');
  await b.page.goto(`${origin}${path}`, { waitUntil: 'load' });
  await b.page.waitForTimeout(settleMs);
  const { profile } = (await b.cdp.send('Profiler.stop')) as { profile: Profile };
  // The durations count from the start of the current document (a navigation resets them).
  const wholePage = await mainThreadSeconds(b.cdp);
  return { extensionMs: extensionTime(profile), lateMs: extensionLateTime(profile), wholePageMs: wholePage * 1000 };
}

/** Median, quartiles, mean and the share of non-zero values of per-load times. */
export function spread(values: readonly number[]): Spread {
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
  const nonZero = values.length ? values.filter((v) => v > 0).length / values.length : NaN;
  return { medianMs: round(median(values), 3), p25Ms: round(quantile(values, 0.25), 3), p75Ms: round(quantile(values, 0.75), 3), meanMs: round(mean, 3), nonZero: round(nonZero, 2) };
}

/** Loads every page many times in each browser, interleaved, and attributes main-thread time. */
export async function measureCost(pages: readonly OtherPage[], kontekstDir: string, settings: CostSettings, log: (line: string) => void): Promise<CostRow[]> {
  const work = mkdtempSync(join(process.env.TMPDIR ?? '/tmp', 'kontekst-cost-'));
  const minimalDir = join(work, 'minimal-extension');
  writeMinimalExtension(minimalDir);
  const served = new Map(pages.map((p) => [`/${p.name}.html`, p.html]));
  served.set('/blank.html', '<!doctype html><title>blank</title><p>blank</p>');
  const server = await servePages(served);
  const browsers: Browserish[] = [];
  try {
    // The pages are served from 127.0.0.1, no publisher's site: measured for a reader who chose all
    // sites (as installed, Kontekst would not read them at all and cost nothing).
    const kontekst = allSitesGranted(kontekstDir, join(work, 'kontekst-all-sites'));
    for (const config of CONFIGS) browsers.push(await open(config, work, { minimal: minimalDir, kontekst }));
    const rows: CostRow[] = [];
    for (const p of pages) {
      const ext: Record<CostConfig, number[]> = { none: [], minimal: [], kontekst: [] };
      const late: Record<CostConfig, number[]> = { none: [], minimal: [], kontekst: [] };
      const whole: Record<CostConfig, number[]> = { none: [], minimal: [], kontekst: [] };
      for (let i = 0; i < settings.warmupLoads + settings.loads; i++) {
        // Rotate the order so no browser always loads right after another's load.
        for (let k = 0; k < browsers.length; k++) {
          const b = browsers[(i + k) % browsers.length] as Browserish;
          const m = await measureLoad(b, server.origin, `/${p.name}.html`, settings.settleMs);
          if (i < settings.warmupLoads) continue;
          ext[b.config].push(m.extensionMs);
          late[b.config].push(m.lateMs);
          whole[b.config].push(m.wholePageMs);
        }
      }
      const wholePage = {
        none: spread(whole.none),
        minimal: spread(whole.minimal),
        kontekst: spread(whole.kontekst),
        kontekstMinusNoneMs: round(median(whole.kontekst) - median(whole.none), 2),
        minimalMinusNoneMs: round(median(whole.minimal) - median(whole.none), 2),
      };
      const row: CostRow = {
        page: p.name,
        description: p.description,
        htmlBytes: Buffer.byteLength(p.html),
        loads: settings.loads,
        attributed: { kontekst: spread(ext.kontekst), minimal: spread(ext.minimal), none: spread(ext.none) },
        late: { kontekst: spread(late.kontekst), minimal: spread(late.minimal) },
        addedOverMinimalMs: round(median(ext.kontekst) - median(ext.minimal), 3),
        wholePage,
      };
      rows.push(row);
      log(
        `  ${p.name}: kontekst ${row.attributed.kontekst.medianMs} ms, minimal ${row.attributed.minimal.medianMs} ms (profiler, n=${settings.loads}); ` +
          `whole page none/minimal/kontekst ${wholePage.none.medianMs}/${wholePage.minimal.medianMs}/${wholePage.kontekst.medianMs} ms`,
      );
    }
    return rows;
  } finally {
    for (const b of browsers) await b.context.close().catch(() => undefined);
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}
