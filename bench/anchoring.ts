// Part 1: anchoring, side by side on the same inputs, in jsdom and in Chromium. The page-side
// bundle (bench/page/anchorers.ts) runs all four anchorers in interleaved rounds; this file
// loads each input, hands the bundle its quotes and turns the samples into medians and ratios.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { type Browser, chromium } from 'playwright-core';
import type { AnchorInput } from './inputs';
import { median, quantile, round } from './lib/stats';
import { servePages } from './lib/page-server';
import type { AnchorerName, AnchorerSamples, KontekstBench, RunOptions } from './page/anchorers';

export const ANCHORER_NAMES: readonly AnchorerName[] = ['floor', 'floor-root', 'kontekst', 'hypothesis', 'markjs'];

export interface AnchorerStats {
  medianMs: number;
  p25Ms: number;
  p75Ms: number;
  samples: number;
  repsPerSample: number;
  found: number;
}

export interface AnchoringRow {
  env: 'jsdom' | 'chromium';
  input: string;
  description: string;
  htmlBytes: number;
  quotes: number;
  anchorers: Record<string, AnchorerStats>;
  /** Ratios of medians from the same run; `kontekstOverRootFloor` (the floor over the article root) is reported, not a budget. */
  ratios: { kontekstOverFloor: number; kontekstOverRootFloor?: number; markjsOverKontekst: number; hypothesisOverKontekst: number };
}

export interface AnchoringSettings {
  /** Sampling budget per input (ms), shared by the anchorers. */
  budgetMs: (input: AnchorInput) => number;
  warmup: number;
  minSamples: number;
  maxSamples: number;
}

function summarise(env: AnchoringRow['env'], input: AnchorInput, raw: Record<string, AnchorerSamples>): AnchoringRow {
  const anchorers: Record<string, AnchorerStats> = {};
  for (const [name, r] of Object.entries(raw)) {
    anchorers[name] = {
      medianMs: round(median(r.samples), 4),
      p25Ms: round(quantile(r.samples, 0.25), 4),
      p75Ms: round(quantile(r.samples, 0.75), 4),
      samples: r.samples.length,
      repsPerSample: r.reps,
      found: r.found,
    };
  }
  const m = (name: string): number => median(raw[name]?.samples ?? []);
  return {
    env,
    input: input.name,
    description: input.description,
    htmlBytes: Buffer.byteLength(input.html),
    quotes: input.quotes.length,
    anchorers,
    ratios: {
      kontekstOverFloor: round(m('kontekst') / m('floor'), 2),
      kontekstOverRootFloor: round(m('kontekst') / m('floor-root'), 2),
      markjsOverKontekst: round(m('markjs') / m('kontekst'), 1),
      hypothesisOverKontekst: round(m('hypothesis') / m('kontekst'), 1),
    },
  };
}

function runOptions(settings: AnchoringSettings, input: AnchorInput): RunOptions {
  return {
    anchorers: ANCHORER_NAMES,
    warmup: settings.warmup,
    minSamples: settings.minSamples,
    maxSamples: settings.maxSamples,
    budgetMs: settings.budgetMs(input),
    minSampleMs: 5,
    slowMs: 1000,
  };
}

/** Every input in its own jsdom window, with the page bundle evaluated inside that window. */
export function anchoringInJsdom(inputs: readonly AnchorInput[], bundlePath: string, settings: AnchoringSettings, log: (line: string) => void): AnchoringRow[] {
  const bundle = readFileSync(bundlePath, 'utf8');
  const rows: AnchoringRow[] = [];
  for (const input of inputs) {
    // Page scripts stay off (as in the CLI); only the bench bundle runs, through window.eval.
    const dom = new JSDOM(input.html, { url: `http://127.0.0.1/${input.name}.html`, runScripts: 'outside-only' });
    const window = dom.window as unknown as { eval(code: string): unknown; kontekstBench: KontekstBench };
    window.eval(bundle);
    const raw = window.kontekstBench.runAnchoring(input.quotes, runOptions(settings, input));
    rows.push(summarise('jsdom', input, raw));
    log(`  jsdom     ${input.name}: ${formatLine(rows[rows.length - 1] as AnchoringRow)}`);
    dom.window.close();
  }
  return rows;
}

/** Every input loaded from a local server into headless Chromium; the bundle runs in the page. */
export async function anchoringInChromium(inputs: readonly AnchorInput[], bundlePath: string, settings: AnchoringSettings, log: (line: string) => void): Promise<{ rows: AnchoringRow[]; version: string }> {
  const server = await servePages(new Map(inputs.map((i) => [`/${i.name}.html`, i.html])));
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const rows: AnchoringRow[] = [];
    for (const input of inputs) {
      // A fresh tab per input: what one input did to the heap is not the next one's problem.
      const page = await browser.newPage();
      await page.goto(`${server.origin}/${input.name}.html`, { waitUntil: 'load' });
      await page.addScriptTag({ path: bundlePath });
      const raw = await page.evaluate(
        ([quotes, options]) => (window as unknown as { kontekstBench: KontekstBench }).kontekstBench.runAnchoring(quotes, options),
        [input.quotes, runOptions(settings, input)] as const,
      );
      rows.push(summarise('chromium', input, raw));
      log(`  chromium  ${input.name}: ${formatLine(rows[rows.length - 1] as AnchoringRow)}`);
      await page.close();
    }
    return { rows, version: browser.version() };
  } finally {
    await browser?.close();
    await server.close();
  }
}

function formatLine(row: AnchoringRow): string {
  return ANCHORER_NAMES.map((name) => {
    const a = row.anchorers[name];
    return a ? `${name} ${a.medianMs} ms (n=${a.samples}, ${a.found}/${row.quotes})` : `${name} -`;
  }).join(', ');
}
