// Builds dist/chrome and dist/firefox (Manifest V3, one manifest.json plus the Firefox
// patch below), the compiled dataset inside each, and the command-line tool dist/cli/kontekst.mjs.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
// --dataset and --out let tests build other datasets into a folder of their own without touching dist/.
const { values: options } = parseArgs({ options: { dataset: { type: 'string', default: 'src/dataset' }, out: { type: 'string', default: 'dist' } } });
const dist = options.out;
const targets = ['chrome', 'firefox'];

// Firefox differences, each forced by the browser:
// - background: Firefox MV3 runs event pages (`scripts`), not service workers
//   (https://bugzilla.mozilla.org/show_bug.cgi?id=1573659).
// - browser_specific_settings: a fixed id keeps storage across reinstalls and is required
//   for signing; data_collection_permissions is required for new add-ons since Firefox 140.
// - minimum_chrome_version means nothing to Firefox and web-ext lint warns about it.
const FIREFOX_PATCH = {
  background: { scripts: ['background.js'] },
  minimum_chrome_version: undefined,
  browser_specific_settings: {
    gecko: {
      id: 'kontekst@kontekst.invalid',
      strict_min_version: '142.0',
      data_collection_permissions: { required: ['none'] },
    },
  },
};

function manifestFor(target) {
  const base = JSON.parse(readFileSync('manifest.json', 'utf8'));
  const merged = { ...base, version: pkg.version, ...(target === 'firefox' ? FIREFOX_PATCH : {}) };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return merged;
}

const entryPoints = {
  'content/detect': 'src/content/detect.ts',
  'content/annotate': 'src/content/annotate.ts',
  background: 'src/background/main.ts',
  'popup/popup': 'src/popup/popup.ts',
  'options/options': 'src/options/options.ts',
};

async function buildExtension(target) {
  const out = `${dist}/${target}`;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints,
    outdir: out,
    bundle: true,
    format: 'iife',
    minify: true,
    target: target === 'chrome' ? 'chrome105' : 'firefox128',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
  });
  writeFileSync(`${out}/manifest.json`, `${JSON.stringify(manifestFor(target), null, 2)}\n`);
  cpSync('src/_locales', `${out}/_locales`, { recursive: true });
  cpSync('src/popup/popup.html', `${out}/popup/popup.html`);
  cpSync('src/options/options.html', `${out}/options/options.html`);
  cpSync('src/options/options.css', `${out}/options/options.css`);
  cpSync('src/content/page.css', `${out}/content/page.css`);
  mkdirSync(`${out}/icons`, { recursive: true });
  for (const size of [16, 32, 48, 96, 128]) cpSync(`icons/icon-${size}.png`, `${out}/icons/icon-${size}.png`);
}

async function buildCli() {
  await build({
    entryPoints: ['src/cli/main.ts'],
    outfile: `${dist}/cli/kontekst.mjs`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['jsdom'],
    charset: 'utf8',
    logLevel: 'warning',
    banner: { js: '#!/usr/bin/env node' },
  });
}

await Promise.all([...targets.map(buildExtension), buildCli()]);

// The dataset is compiled by the CLI's own code, so the build and `kontekst check` agree.
const cli = await import(pathToFileURL(`${dist}/cli/kontekst.mjs`).href);
let dataset;
try {
  dataset = cli.buildDataset(options.dataset, targets.map((t) => `${dist}/${t}`));
} catch (error) {
  // An unreadable dataset folder must fail the build like a bad file, not leave an extension without data.
  dataset = { problems: [`${options.dataset}: cannot read the dataset: ${error.message}`], articles: 0 };
}
const { problems, articles } = dataset;
if (problems.length) {
  for (const line of problems) console.error(line);
  console.error(`build failed: ${problems.length} problem(s) in the dataset; no extension was left in ${dist}/`);
  for (const target of targets) rmSync(`${dist}/${target}`, { recursive: true, force: true });
  process.exit(1);
}
console.log(`built ${dist}/chrome, ${dist}/firefox (${articles} article(s)) and ${dist}/cli/kontekst.mjs`);
