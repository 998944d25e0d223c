// `npm run bench`: bundles the benchmark (TypeScript) with esbuild into a temporary directory,
// since Node 20 cannot run .ts, then runs it. Options: --only anchoring,cost,scale,sizes  --quick  --browser firefox (parts article and marks in one browser)
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Inside node_modules (ignored by git) so the bundles resolve jsdom and playwright-core from it.
mkdirSync('node_modules/.cache', { recursive: true });
const work = mkdtempSync(join(process.cwd(), 'node_modules/.cache/kontekst-bench-'));
const keep = process.argv.includes('--keep');
try {
  // Node-side harness and the scale worker (run in a child with --expose-gc).
  await build({
    entryPoints: { main: 'bench/bench.ts', 'scale-worker': 'bench/scale-worker.ts' },
    outdir: work,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['jsdom', 'playwright-core', 'puppeteer-core', 'esbuild'],
    charset: 'utf8',
    logLevel: 'warning',
  });
  // What runs inside the page: the same esbuild settings build.mjs uses for the extension.
  await build({
    entryPoints: ['bench/page/anchorers.ts'],
    outfile: join(work, 'page-anchorers.js'),
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'chrome105',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const { main } = await import(pathToFileURL(join(work, 'main.mjs')).href);
  process.exitCode = await main({ work, argv: process.argv.slice(2) });
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
