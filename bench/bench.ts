// `npm run bench` (bench/run.mjs bundles this file and calls main): builds the extension, then
// measures anchoring, the cost on pages not in the dataset, a 10,000-article dataset and the
// shipped sizes, side by side on the same inputs in one run; prints the tables and budgets and
// writes bench/results.json (and the README section draft, bench/README-section.md).
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type AnchoringRow, type AnchoringSettings, anchoringInChromium, anchoringInJsdom } from './anchoring';
import { type CostRow, measureCost } from './cost';
import { type BlockRow, measureBlocks } from './cost-blocks';
import { SEED_ID, anchorInputs, otherPages } from './inputs';
import { type BenchResults, evaluateBudgets, formatReport } from './report';
import { readmeSection } from './readme-section';
import type { ScaleResult } from './scale-worker';
import { type Sizes, buildAndMeasure } from './sizes';
import { type MarksBuild, type MarksRow, measureTimeToMarks } from './time-to-marks';
import { buildWithSynthetic } from './lib/synthetic-build';
import { type ArticleCostRow, measureArticleCost } from './cost-article';
import { measureArticleCostFirefox } from './cost-article-firefox';
import { allSitesGranted } from '../test/e2e/support/chromium';
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';

const PARTS = ['anchoring', 'cost', 'article', 'marks', 'scale', 'sizes'] as const;
/** Not in the default run (about two minutes more): why the cost part costs what it does. */
const EXTRA_PARTS = ['blocks'] as const;
type Part = (typeof PARTS)[number] | (typeof EXTRA_PARTS)[number];

const log = (line: string): void => void process.stderr.write(`${line}\n`);

function anchoringSettings(quick: boolean): AnchoringSettings {
  const scale = quick ? 0.2 : 1;
  const budgets: Record<string, number> = { seed: 6000, 'comments-1mb': 24000, edited: 6000, 'long-200': 30000 };
  return { budgetMs: (input) => (budgets[input.name] ?? 10_000) * scale, warmup: 3, minSamples: quick ? 3 : 5, maxSamples: quick ? 15 : 60 };
}

/** Runs the scale worker in a child process with --expose-gc (for the memory measurement). */
function runScale(work: string, root: string, quick: boolean): Promise<ScaleResult> {
  const args = ['--expose-gc', join(work, 'scale-worker.mjs'), join(work, 'scale'), join(root, 'dist', 'cli', 'kontekst.mjs'), quick ? '2000' : '10000', '15', quick ? '50' : '200'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`scale worker exited with ${code}`));
      try {
        resolve(JSON.parse(last) as ScaleResult);
      } catch {
        reject(new Error(`scale worker printed no result: ${last.slice(0, 200)}`));
      }
    });
  });
}

/** Runs the benchmark; returns the process exit code (0 even when a budget fails: it is a report). */
export async function main({ work, argv }: { work: string; argv: string[] }): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      blocks: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      out: { type: 'string' },
      from: { type: 'string' },
      merge: { type: 'string' },
      // Parts "article" and "marks" in one browser only (chromium or firefox), while iterating; --merge takes both.
      browser: { type: 'string' },
    },
  });
  if (values.from) {
    // Tables and budgets of an earlier run, evaluated again (say, after a change to the report).
    const earlier = JSON.parse(readFileSync(values.from, 'utf8')) as BenchResults;
    const again: BenchResults = { ...earlier, costBlocks: earlier.costBlocks ?? null, marks: earlier.marks ?? null, article: earlier.article ?? null, budgets: evaluateBudgets(earlier) };
    const report = formatReport(again);
    process.stdout.write(`${report}\n`);
    // The run's measurements stay as they were; only the budgets' verdicts are written again.
    writeFileSync(values.from, `${JSON.stringify(again, null, 2)}\n`);
    writeFileSync(join(process.cwd(), 'bench', 'README-section.md'), readmeSection(again, report));
    log(`wrote ${values.from} (budgets) and bench/README-section.md`);
    return 0;
  }
  const only = new Set((values.only ?? PARTS.join(',')).split(',').map((s) => s.trim()) as Part[]);
  if (values.blocks) only.add('blocks');
  const quick = values.quick ?? false;
  const full = !quick && PARTS.every((p) => only.has(p));
  const root = process.cwd();
  const started = Date.now();
  const loadAtStart = loadavg();

  // Sizes first: it runs the build (and the packages), which every other part uses.
  let sizes: Sizes | null = null;
  log('build and sizes');
  sizes = buildAndMeasure(root, log);
  if (!only.has('sizes')) sizes = null;

  let anchoring: AnchoringRow[] = [];
  let chromiumVersion: string | null = null;
  if (only.has('anchoring')) {
    const inputs = anchorInputs(root);
    const settings = anchoringSettings(quick);
    const bundle = join(work, 'page-anchorers.js');
    log('anchoring in jsdom');
    anchoring = anchoringInJsdom(inputs, bundle, settings, log);
    log('anchoring in Chromium');
    const chromium = await anchoringInChromium(inputs, bundle, settings, log);
    anchoring = [...anchoring, ...chromium.rows];
    chromiumVersion = chromium.version;
  }

  let cost: CostRow[] | null = null;
  let costBlocks: BlockRow[] | null = null;
  if (only.has('cost')) {
    log('cost on pages not in the dataset (Chromium, sampling profiler)');
    cost = await measureCost(otherPages(), join(root, 'dist', 'chrome'), { loads: quick ? 5 : 31, warmupLoads: 2, settleMs: 1000 }, log);
  }
  if (only.has('blocks')) {
    log("Kontekst's building blocks, each alone");
    costBlocks = await measureBlocks(root, work, otherPages(), quick ? 4 : 12, 1000, log);
  }

  let article: ArticleCostRow[] | null = null;
  if (only.has('article')) {
    log("cost on the article itself (Chromium, sampling profiler, the build with source maps)");
    const out = join(work, 'sourcemapped');
    const built = spawnSync(process.execPath, ['build.mjs', '--sourcemap', '--out', relative(root, out)], { cwd: root, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`build with source maps failed:\n${built.stdout}\n${built.stderr}`);
    const inputs = anchorInputs(root);
    const seed = JSON.parse(readFileSync(join(root, 'src/dataset/articles', `${SEED_ID}.json`), 'utf8')) as { urls: string[] };
    const pages = ['seed', 'comments-1mb'].map((name) => ({ name, html: inputs.find((i) => i.name === name)?.html ?? '' }));
    const url = (seed.urls[0] as string).replace(/^https:/, 'http:');
    article = values.browser === 'firefox' ? [] : await measureArticleCost(join(out, 'chrome'), url, pages, quick ? 3 : 15, log);
    if (values.browser !== 'chromium') {
      log('cost on the article itself (Firefox, Gecko profiler, the build with source maps)');
      // Firefox asks the reader for host access (MV3): granted here as a reader who chose all sites.
      // The same build as Chromium's: the shipped, minified code with its source maps.
      const firefox = allSitesGranted(join(out, 'firefox'), join(work, 'sourcemapped-firefox-all-sites'));
      article = [...article, ...(await measureArticleCostFirefox(firefox, url, pages, quick ? 3 : 15, log))];
    }
  }

  let marks: MarksRow[] | null = null;
  if (only.has('marks')) {
    const synthetic = quick ? 2000 : 10_000;
    log(`time to marks: building the extension with ${synthetic.toLocaleString('en')} synthetic articles added`);
    const builds: MarksBuild[] = [
      { dataset: 'bundled', chrome: join(root, 'dist', 'chrome'), firefox: join(root, 'dist', 'firefox') },
      { dataset: `${synthetic.toLocaleString('en')} articles`, ...buildWithSynthetic(root, join(work, 'synthetic'), synthetic) },
    ];
    log('time to marks (Chromium and Firefox, warm and cold, pages with an image that takes 10 s)');
    marks = await measureTimeToMarks(root, work, builds, { loads: quick ? 3 : 11, timeoutMs: 8000, slowMs: 10_000, browsers: values.browser === 'chromium' || values.browser === 'firefox' ? [values.browser] : ['chromium', 'firefox'] }, log);
  }

  let scale: ScaleResult | null = null;
  if (only.has('scale')) {
    log(`scale: synthetic dataset of ${quick ? '2,000' : '10,000'} articles`);
    scale = await runScale(work, root, quick);
  }

  const partial: Omit<BenchResults, 'budgets'> = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', loadAverage: [...loadAtStart, ...loadavg()].map((l) => Math.round(l * 100) / 100), node: process.version, chromium: chromiumVersion, platform: process.platform },
    anchoring,
    cost,
    costBlocks,
    article,
    marks,
    scale,
    sizes,
  };
  if (values.merge) {
    if (quick) throw new Error('--merge takes a full measurement of its parts, not --quick');
    if (values.browser) throw new Error('--merge takes the article and marks parts in both browsers, not --browser');
    return mergeInto(values.merge, partial, only);
  }
  const results: BenchResults = { ...partial, budgets: evaluateBudgets(partial) };
  const report = formatReport(results);
  process.stdout.write(`\n${report}\n\n(${((Date.now() - started) / 1000).toFixed(0)} s; load average at start ${loadAtStart.map((l) => l.toFixed(1)).join(' ')})\n`);
  const out = values.out ?? (full ? join(root, 'bench', 'results.json') : null);
  if (out) {
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${out}`);
  }
  if (full) {
    writeFileSync(join(root, 'bench', 'README-section.md'), readmeSection(results, report));
    log('wrote bench/README-section.md');
  }
  return 0;
}

/** Where each part keeps its rows in the results. */
const PART_KEYS: Record<Part, keyof BenchResults> = { anchoring: 'anchoring', cost: 'cost', blocks: 'costBlocks', article: 'article', marks: 'marks', scale: 'scale', sizes: 'sizes' };

/**
 * `--merge FILE`: the parts just measured replace theirs in an earlier full run's results, each
 * recorded with its own date, command and load average (the README section says so); the other
 * parts, and the run's own header, stay as they were. Budgets are evaluated again.
 */
function mergeInto(file: string, run: Omit<BenchResults, 'budgets'>, parts: ReadonlySet<Part>): number {
  const earlier = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  const merged: BenchResults = { ...earlier, costBlocks: earlier.costBlocks ?? null, marks: earlier.marks ?? null, article: earlier.article ?? null, remeasured: { ...earlier.remeasured } };
  for (const part of parts) {
    const key = PART_KEYS[part];
    (merged as unknown as Record<string, unknown>)[key] = run[key as keyof typeof run];
    (merged.remeasured as NonNullable<BenchResults['remeasured']>)[part] = { generatedAt: run.generatedAt, command: run.command, loadAverage: run.machine.loadAverage };
  }
  merged.budgets = evaluateBudgets(merged);
  const report = formatReport(merged);
  process.stdout.write(`\n${report}\n`);
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  writeFileSync(join(process.cwd(), 'bench', 'README-section.md'), readmeSection(merged, report));
  log(`merged ${[...parts].join(', ')} into ${file}; wrote bench/README-section.md`);
  return 0;
}
