// Builds dist/chrome and dist/firefox (Manifest V3, one manifest.json plus the Firefox
// patch below), the compiled dataset inside each, and the command-line tool dist/cli/kontekst.mjs.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
// --dataset and --out let tests (and the benchmark) build other datasets into a folder of their own without touching dist/.
// --package also writes the store packages (see packageExtension at the end).
const { values: options } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'src/dataset' },
    out: { type: 'string', default: 'dist' },
    package: { type: 'boolean', default: false },
    // The benchmark's build keeps source maps so its profiles can name Kontekst's functions.
    sourcemap: { type: 'boolean', default: false },
  },
});
const dist = options.out;
const targets = ['chrome', 'firefox'];

// Firefox differences, each forced by the browser:
// - background: Firefox MV3 runs event pages (`scripts`), not service workers
//   (https://bugzilla.mozilla.org/show_bug.cgi?id=1573659).
// - browser_specific_settings: a fixed id keeps storage across reinstalls and is required
//   for signing; data_collection_permissions is required for new add-ons since Firefox 140.
// - minimum_chrome_version means nothing to Firefox and web-ext lint warns about it.
// - host access needs no patch: Firefox grants MV3 host_permissions at install since 127
//   (https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/manifest.json/host_permissions)
//   and supports optional_host_permissions
//   since 128; where it differs at run time (permissions.request only synchronously in a click,
//   its prompt taking the popup's place), the popup and src/shared/access-choice.ts say so.
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

// Host access (README "Permissions"): manifest.json asks for all sites only as optional
// (optional_host_permissions), granted when the reader chooses it on the welcome or options page;
// the required host_permissions are the publishers' own sites, derived here from the dataset's
// article addresses, so a reader who grants no more still gets notes on the articles themselves.
function manifestFor(target, publisherSites) {
  const base = JSON.parse(readFileSync('manifest.json', 'utf8'));
  const merged = { ...base, version: pkg.version, host_permissions: publisherSites, ...(target === 'firefox' ? FIREFOX_PATCH : {}) };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return merged;
}

const entryPoints = {
  'content/annotate': 'src/content/annotate.ts',
  background: 'src/background/main.ts',
  'popup/popup': 'src/popup/popup.ts',
  'options/options': 'src/options/options.ts',
  'welcome/welcome': 'src/welcome/welcome.ts',
};

async function buildExtension(target) {
  const out = `${dist}/${target}`;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const { metafile } = await build({
    entryPoints,
    outdir: out,
    metafile: true,
    bundle: true,
    format: 'iife',
    minify: true,
    target: target === 'chrome' ? 'chrome105' : 'firefox128',
    // Firefox's background uses Firefox's own promise-returning API (src/background/firefox-browser.ts says why).
    alias: target === 'firefox' ? { 'webextension-polyfill': './src/background/firefox-browser.ts' } : {},
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
    sourcemap: options.sourcemap ? 'linked' : false,
    sourcesContent: false,
  });
  appendBundleAnswer(`${out}/content/annotate.js`);
  if (target === 'firefox') await writePageReads(out);
  cpSync('src/_locales', `${out}/_locales`, { recursive: true });
  cpSync('src/popup/popup.html', `${out}/popup/popup.html`);
  cpSync('src/options/options.html', `${out}/options/options.html`);
  cpSync('src/options/options.css', `${out}/options/options.css`);
  cpSync('src/welcome/welcome.html', `${out}/welcome/welcome.html`);
  cpSync('src/content/page.css', `${out}/content/page.css`);
  // The licence, the notices of the packages bundled in (their own licence comments are
  // stripped by the minifier), and the privacy policy the options page links to.
  cpSync('LICENSE', `${out}/LICENSE.txt`);
  writeFileSync(`${out}/THIRD_PARTY_NOTICES.txt`, thirdPartyNotices(metafile));
  cpSync('docs/privacy.md', `${out}/privacy.txt`);
  cpSync('docs/editorial-policy.md', `${out}/editorial-policy.txt`);
  mkdirSync(`${out}/icons`, { recursive: true });
  for (const size of [16, 32, 48, 96, 128]) cpSync(`icons/icon-${size}.png`, `${out}/icons/icon-${size}.png`);
}

/**
 * The annotator bundle's last statement: the report of a start that ran before the bundle
 * (src/content/bridge.ts, beginStashedStart), taken out of the content scripts' world. A file
 * that executeScript runs answers with its last statement's value, so the background has the
 * report from the bundle's own injection, without a second call into the page.
 */
const BUNDLE_ANSWER = ';(()=>{const k=Symbol.for("kontekst.started"),r=globalThis[k];delete globalThis[k];return r})();\n';

function appendBundleAnswer(file) {
  const code = readFileSync(file, 'utf8');
  // Before the source map's comment, which stays last; the lines it maps do not move.
  const at = code.lastIndexOf('//# sourceMappingURL=');
  writeFileSync(file, at < 0 ? code + BUNDLE_ANSWER : code.slice(0, at) + BUNDLE_ANSWER + code.slice(at));
}

/**
 * Firefox only: the files the background runs for its reads of a page (src/background/page-reads.ts
 * says why), each `(readPageFacts)(...args)` with readPageFacts minified as in the bundles. They
 * are run by scripting.executeScript alone: listed nowhere in the manifest (not web-accessible).
 */
async function writePageReads(out) {
  const { outputFiles } = await build({
    entryPoints: ['src/background/page-reads.ts'],
    outfile: `${out}/injected/page-reads.js`,
    write: false,
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'firefox128',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
    sourcemap: options.sourcemap ? 'external' : false,
    sourcesContent: false,
  });
  const code = outputFiles.find((f) => f.path.endsWith('.js'));
  const reads = await import(`data:text/javascript;base64,${Buffer.from(code.contents).toString('base64')}`);
  mkdirSync(`${out}/injected`, { recursive: true });
  for (const [kind, { file }] of Object.entries(reads.PAGE_READS)) writeFileSync(`${out}/${file}`, reads.pageReadSource(kind));
  // The benchmark's build: the module the reads' function was taken from, with its map, so a
  // profile's frames in a read can be named (bench/cost-article-firefox.ts, namer). Run by nothing.
  if (options.sourcemap) for (const f of outputFiles) writeFileSync(f.path, f.contents);
}

/** The name, version, licence and licence text of every npm package with code in a bundle. */
function thirdPartyNotices(metafile) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  const sections = [...packages].sort().map((name) => {
    const dir = `node_modules/${name}`;
    const { version, license, repository } = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
    // MPL-2.0 §3.2 asks to say where the source of the bundled form is.
    const source = (typeof repository === 'string' ? repository : repository?.url ?? '').replace(/^git\+/, '');
    const file = readdirSync(dir).find((entry) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(entry));
    if (!file) throw new Error(`${name} is bundled but ships no licence file to include in THIRD_PARTY_NOTICES.txt`);
    return `${name} ${version} (${license})${source ? `\nSource: ${source}` : ''}\n\n${readFileSync(`${dir}/${file}`, 'utf8').trim()}\n`;
  });
  // Firefox's build bundles no package (src/background/firefox-browser.ts stands in for the polyfill).
  if (sections.length === 0) return 'Kontekst includes no third-party software.\n';
  const rule = `\n${'-'.repeat(72)}\n\n`;
  return `Kontekst includes the following third-party software.\n${rule}${sections.join(rule)}`;
}

async function buildCli() {
  await build({
    entryPoints: ['src/cli/kontekst-cli.ts'],
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

// The dataset is checked by the CLI's own code, so the build and `kontekst check` agree; it is
// checked before the extension is bundled, so a bad dataset fails in the time the CLI takes to build.
await buildCli();
const cli = await import(pathToFileURL(`${dist}/cli/kontekst.mjs`).href);
const { problems, articles } = cli.checkDataset(options.dataset);
if (problems.length) {
  for (const line of problems) console.error(line);
  console.error(`build failed: ${problems.length} problem(s) in the dataset; no extension was left in ${dist}/`);
  for (const target of targets) rmSync(`${dist}/${target}`, { recursive: true, force: true });
  process.exit(1);
}
await Promise.all(targets.map(buildExtension));
const { publisherSites } = cli.writeDataset(articles, targets.map((t) => `${dist}/${t}`));
for (const target of targets) writeFileSync(`${dist}/${target}/manifest.json`, `${JSON.stringify(manifestFor(target, publisherSites), null, 2)}\n`);
console.log(`built ${dist}/chrome, ${dist}/firefox (${articles.length} article(s)) and ${dist}/cli/kontekst.mjs`);

// Store packages: dist/kontekst-<target>-<version>.zip, the same bytes for the same source
// (entries sorted by name, one fixed timestamp and mode, deflate level 9), so a reviewer can
// rebuild a submitted package and compare it byte for byte.
// Zip format: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
/** Zips an extension folder reproducibly after checking it leaks no path of this machine. */
function packageExtension(folder, zipFile) {
  const names = readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `${entry.parentPath ?? entry.path}/${entry.name}`.slice(folder.length + 1).split('\\').join('/'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const here = process.cwd();
  const entries = names.map((name) => {
    const data = readFileSync(`${folder}/${name}`);
    if (data.includes(here)) throw new Error(`${folder}/${name} contains the absolute path ${here}`);
    if (name.endsWith('.map')) {
      const { sources = [], sourceRoot = '' } = JSON.parse(data.toString('utf8'));
      const absolute = [sourceRoot, ...sources].find((source) => /^(\/|[a-z]:|file:)/i.test(source));
      if (absolute) throw new Error(`${folder}/${name}: source map names an absolute path (${absolute})`);
    }
    return { name, data };
  });
  writeFileSync(zipFile, zip(entries));
  return zipFile;
}

// 1980-01-01 00:00:00, the earliest MS-DOS date: nothing of the build time gets in.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const FILE_MODE = 0o100644;

/** CRC-32 of the zip format; zlib.crc32 exists from Node 20.15, the table is for older 20.x. */
const crc32 =
  zlib.crc32 ??
  ((table) => (data) => {
    let crc = 0xffffffff;
    for (const byte of data) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  })(Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  }));

/** A zip archive of `entries` ({ name, data }), in the order given. */
function zip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0 (so the mode below is read)
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(stored ? 0 : 8, 10);
    header.writeUInt16LE(DOS_TIME, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, body);
    central.push(header, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

// addons.mozilla.org asks for the source of minified code and how to build it
// (https://extensionworkshop.com/documentation/publish/source-code-submission/): the files the
// build reads, what git tracks or would track of them (so no ignored local file gets in), with the instructions
// as BUILDING.md at the top; zipped like the packages, so the same source gives the same bytes.
const SOURCE_PATHS = ['package.json', 'package-lock.json', 'build.mjs', 'manifest.json', 'tsconfig.json', 'LICENSE', 'CHANGELOG.md', 'README.md', 'docs/privacy.md', 'docs/editorial-policy.md', 'docs/store/building.md', 'src', 'icons'];

/** The source files to archive: git's list where this is a checkout, every file otherwise. */
function sourceFiles() {
  let names;
  try {
    names = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...SOURCE_PATHS], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\0');
  } catch {
    names = SOURCE_PATHS.filter((path) => existsSync(path)).flatMap((path) =>
      statSync(path).isDirectory()
        ? readdirSync(path, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => `${entry.parentPath ?? entry.path}/${entry.name}`)
        : [path],
    );
  }
  return names.filter((name) => name && existsSync(name)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

if (options.package) {
  for (const target of targets) {
    const file = packageExtension(`${dist}/${target}`, `${dist}/kontekst-${target}-${pkg.version}.zip`);
    console.log(`packaged ${file}`);
  }
  const source = `${dist}/kontekst-source-${pkg.version}.zip`;
  const entries = [{ name: 'BUILDING.md', data: readFileSync('docs/store/building.md') }, ...sourceFiles().map((name) => ({ name, data: readFileSync(name) }))];
  writeFileSync(source, zip(entries));
  console.log(`packaged ${source} (the source and build instructions for addons.mozilla.org)`);
}
