// `npm run bench:libraries`: hand-written code against the well-kept library that does the same
// job, side by side in one run on the same inputs (issue 15): the fuzzy verifier against
// approx-string-match on the same candidate windows; build.mjs's zip writer against JSZip with
// fixed dates; the message validators against zod in the content bundle. Prints Markdown.
import { deflateRawSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import search from 'approx-string-match';
import JSZip from 'jszip';
import { JSDOM } from 'jsdom';
import { findApproximate, verifierSeam } from '../src/core/anchoring/fuzzy';
import { normalizeText } from '../src/core/anchoring/normalize';
import { readPageText } from '../src/core/anchoring/page-text';
import type { Article } from '../src/core/dataset/model';

const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

// 1. Verifier. The seed page's text with every claim edited (one character dropped every 12), so
// each claim goes through the candidate filter and then the verifier; the windows the filter
// picks are recorded once (through the verifier's test seam) and both verifiers get exactly those.
const article = JSON.parse(readFileSync(join(ROOT, 'src/dataset/articles/jp-2018-07-27-putin-inviterer-trump.json'), 'utf8')) as Article;
const html = readFileSync(join(ROOT, 'src/dataset/saved/jp-2018-07-27-putin-inviterer-trump.html'), 'utf8');
let edited = html;
for (const claim of article.claims) edited = edited.replace(claim.selector.exact, claim.selector.exact.replace(/(.{11})./g, '$1'));
const text = readPageText(new JSDOM(edited).window.document.body).text;
const cases = article.claims.map((claim) => {
  const quote = normalizeText(claim.selector.exact);
  const maxErrors = Math.floor(quote.length * 0.2);
  const windows: [number, number][] = [];
  verifierSeam.onWindow = (from, to) => void windows.push([from, to]);
  const ours = findApproximate(text, quote, maxErrors)[0] ?? null;
  verifierSeam.onWindow = null;
  return { quote, maxErrors, windows, ours };
});
const theirsOf = (c: (typeof cases)[number]) => {
  let best: { start: number; end: number; errors: number } | null = null;
  for (const [from, to] of c.windows) {
    for (const m of search(text.slice(from, to), c.quote, c.maxErrors)) {
      if (!best || m.errors < best.errors) best = { start: m.start + from, end: m.end + from, errors: m.errors };
    }
  }
  return best;
};
const agree = cases.filter((c) => {
  const theirs = theirsOf(c);
  return (theirs?.errors ?? null) === (c.ours?.errors ?? null);
}).length;
const ourTimes: number[] = [];
const theirTimes: number[] = [];
const ours = (): void => {
  for (const c of cases) findApproximate(text, c.quote, c.maxErrors);
};
// approx-string-match on the windows the filter chose, without the filter's cost: a lower
// bound of what the library would cost in its place.
const theirs = (): void => {
  for (const c of cases) theirsOf(c);
};
const ROUNDS = 400;
for (let round = -50; round < ROUNDS; round++) {
  // Interleaved, in alternating order, after a warm-up: both sides see the same machine state.
  const order = round % 2 === 0 ? [ours, theirs] : [theirs, ours];
  for (const side of order) {
    const t = performance.now();
    side();
    if (round >= 0) (side === ours ? ourTimes : theirTimes).push(performance.now() - t);
  }
}
const windowsTotal = cases.reduce((n, c) => n + c.windows.length, 0);

// 2. Zip. build.mjs's writer (taken from build.mjs as it is) against JSZip with the same fixed
// date and deflate level 9, on the built dist/chrome.
const buildSource = readFileSync(join(ROOT, 'build.mjs'), 'utf8');
const zipSource = buildSource.slice(buildSource.indexOf('// 1980-01-01'), buildSource.indexOf('\nfunction sourceFiles'));
const ourZip = new Function('deflateRawSync', 'zlib', `${zipSource}\nreturn zip;`)(deflateRawSync, zlib) as (entries: { name: string; data: Buffer }[]) => Buffer;
const folder = join(ROOT, 'dist/chrome');
const names = (readdirSync(folder, { recursive: true }) as string[]).filter((n) => statSync(join(folder, n)).isFile()).sort();
const entries = names.map((name) => ({ name, data: readFileSync(join(folder, name)) }));
const jszip = async (): Promise<Buffer> => {
  const z = new JSZip();
  for (const { name, data } of entries) z.file(name, data, { date: new Date(Date.UTC(1980, 0, 1)), createFolders: false });
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'UNIX' });
};
const ourZipTimes: number[] = [];
const jszipTimes: number[] = [];
let ourBytes = 0;
let theirBytes = 0;
let jszipSame = true;
let previous: Buffer | null = null;
for (let round = 0; round < 8; round++) {
  let t = performance.now();
  ourBytes = ourZip(entries).length;
  ourZipTimes.push(performance.now() - t);
  t = performance.now();
  const out = await jszip();
  jszipTimes.push(performance.now() - t);
  theirBytes = out.length;
  if (previous && !previous.equals(out)) jszipSame = false;
  previous = out;
}
const zipLines = zipSource.split('\n').filter((l) => l.trim() && !l.trim().startsWith('//')).length;

// 3. Validators. The content bundle as built, against the same bundle with zod checking the one
// message the annotator receives (the smallest use of the library a content script would make).
const bundleSize = async (extra: string): Promise<number> => {
  const out = await build({
    stdin: { contents: `import '${join(ROOT, 'src/content/annotate.ts')}';\n${extra}`, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'iife',
    write: false,
    target: 'chrome105',
    logLevel: 'silent',
  });
  return out.outputFiles[0]?.contents.length ?? 0;
};
const plain = await bundleSize('');
const withZod = await bundleSize(`import { z } from 'zod';\n(globalThis as any).__k = z.object({ claimId: z.string().max(80).regex(/^[a-z0-9-]+$/) }).strict();`);

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
console.log(`| choice | hand-written | library | result |
|---|---|---|---|
| fuzzy verifier (${cases.length} edited claims, ${windowsTotal} candidate windows; median of ${ROUNDS} interleaved rounds) | ${median(ourTimes).toFixed(2)} ms (filter + bit-parallel verifier) | ${median(theirTimes).toFixed(2)} ms (approx-string-match 2.0 on the same windows, the filter's time not counted) | same best edit count on ${agree}/${cases.length} claims; library (verifying alone) ÷ ours (filter and verifier) ${(median(theirTimes) / median(ourTimes)).toFixed(2)}× |
| zip writer (dist/chrome, ${entries.length} files; median of 8) | ${median(ourZipTimes).toFixed(1)} ms, ${kib(ourBytes)}, ${zipLines} lines | JSZip 3.10: ${median(jszipTimes).toFixed(1)} ms, ${kib(theirBytes)}, repeatable: ${jszipSame} | |
| message validators (content bundle, minified) | ${kib(plain)} | + zod 3.25 for one message: ${kib(withZod)} (+${kib(withZod - plain)}) | |`);
