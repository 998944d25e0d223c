// Part 3 (run in a child process with --expose-gc): a synthetic dataset of 10,000 articles
// and 150,000 claims, written as dataset files, built by the real build code (the CLI's
// buildDataset, as build.mjs calls it), its index loaded as the background loads it, and
// recognition timed per page: by address, by content, and pages it does not know.
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Article } from '../src/core/dataset/model';
import { compileIndex } from '../src/core/recognition/index-compile';
import { type CompiledIndex, loadIndex, recognize } from '../src/core/recognition/recognize';
import { type AddressTable, INDEX_FILES, addressIndex, indexFromFiles, splitIndex, withFingerprints } from '../src/core/recognition/index-files';
import { SIGNAL_WORD_LIMIT } from '../src/injected/read-page-facts';
import { type PageSignals } from '../src/core/recognition/page-signals';
import { Prose } from './lib/prose';
import { articleId, articleUrl, synthesise } from './lib/synthetic';
import { median, quantile, round } from './lib/stats';

export interface ScaleResult {
  articles: number;
  claims: number;
  datasetBytesOnDisk: number;
  generateMs: number;
  /** The whole dataset build: read and check every file, compile the index, write the shipped files. */
  buildMs: number | null;
  buildError?: string;
  /** compileIndex alone, on the checked articles. */
  compileIndexMs: number;
  indexBytes: number;
  indexGzipBytes: number;
  shippedArticlesBytes: number | null;
  /** JS heap + external (typed arrays) retained by the index read from its shipped files. */
  indexMemoryBytes: number;
  indexMemoryHeapBytes: number;
  indexMemoryExternalBytes: number;
  loadIndexMs: number;
  /** The address table's bytes (data/addresses.json). */
  addressTableBytes?: number;
  /** Waking for a page: JSON.parse + addressIndex of the address table (median ms). */
  wakeAddressMs?: number;
  /** Waking for a page its address does not decide: the address table and both binary tables into the whole index. */
  wakeWholeMs?: number;
  /** The same from the single index.json with base64 tables shipped before (JSON.parse + loadIndex). */
  wakeOldFormatMs?: number;
  recognition: Record<string, { pages: number; medianMs: number; p90Ms: number; maxMs: number; correct: number }>;
}

interface Args {
  work: string;
  cli: string;
  articles: number;
  claimsPerArticle: number;
  pagesPerKind: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function heap(): { heap: number; external: number } {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external };
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    total += s.isDirectory() ? dirBytes(path) : s.size;
  }
  return total;
}

/** Text as readSignals joins it: every text node, separated by a space, at most SIGNAL_WORD_LIMIT words. */
function pageText(parts: readonly string[]): string {
  return parts.join(' ').split(' ').slice(0, SIGNAL_WORD_LIMIT).join(' ');
}

const BOILERPLATE_BEFORE = ['Forside', 'Indland', 'Udland', 'Sport', 'Kultur', 'Debat', 'Log ind', 'Abonnér'];
const BOILERPLATE_AFTER = ['Læs også', 'Mest læste', '© Avisen Andetsteds', 'Kontakt', 'Cookiepolitik'];

async function main(args: Args): Promise<ScaleResult> {
  const datasetDir = join(args.work, 'dataset');
  mkdirSync(join(datasetDir, 'articles'), { recursive: true });
  const t0 = performance.now();
  const list: Article[] = [];
  const bodies: string[][] = [];
  for (let n = 0; n < args.articles; n++) {
    const { article, paragraphs } = synthesise(n, args.claimsPerArticle);
    list.push(article);
    // Keep the text of the articles used as recognised pages below.
    if (n % Math.floor(args.articles / args.pagesPerKind) === 0) bodies.push(paragraphs);
    writeFileSync(join(datasetDir, 'articles', `${article.id}.json`), `${JSON.stringify(article, null, 2)}\n`);
  }
  const generateMs = performance.now() - t0;
  const claims = list.reduce((sum, a) => sum + a.claims.length, 0);
  const datasetBytesOnDisk = dirBytes(datasetDir);

  // The build as build.mjs runs it: the CLI bundle's buildDataset.
  const outDir = join(args.work, 'out');
  let buildMs: number | null = null;
  let buildError: string | undefined;
  let shippedArticlesBytes: number | null = null;
  try {
    const cli = (await import(pathToFileURL(args.cli).href)) as { buildDataset?: (dir: string, out: string[]) => { problems: string[]; articles: number } };
    if (typeof cli.buildDataset !== 'function') throw new Error(`${args.cli} exports no buildDataset`);
    const b0 = performance.now();
    const built = cli.buildDataset(datasetDir, [outDir]);
    buildMs = performance.now() - b0;
    if (built.problems.length) throw new Error(`${built.problems.length} problem(s), first: ${built.problems[0]}`);
    shippedArticlesBytes = dirBytes(join(outDir, 'data', 'articles'));
  } catch (error) {
    buildError = (error as Error).message;
  }

  const c0 = performance.now();
  const compiled = compileIndex(list);
  const compileIndexMs = performance.now() - c0;
  // The shipped files (src/core/recognition/index-files.ts): the address table and the binary fingerprint tables.
  const split = splitIndex(compiled);
  const shipped = buildMs !== null
    ? { table: readFileSync(join(outDir, INDEX_FILES.addresses), 'utf8'), hashes: readFileSync(join(outDir, INDEX_FILES.hashes)), owners: readFileSync(join(outDir, INDEX_FILES.owners)) }
    : { table: JSON.stringify(split.addresses), hashes: Buffer.from(split.hashes), owners: Buffer.from(split.owners) };
  const arrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

  // What a background that wakes for a page pays: the address table alone (a page its address
  // decides), and the whole index as it searches it (a page recognised by its text: the hash table
  // as read, its lookup prepared only after the page, src/background/dataset.ts). Medians of 5.
  const addressTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const a0 = performance.now();
    addressIndex(JSON.parse(shipped.table) as AddressTable);
    addressTimes.push(performance.now() - a0);
  }
  const wholeTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const w0 = performance.now();
    withFingerprints(addressIndex(JSON.parse(shipped.table) as AddressTable), arrayBuffer(shipped.hashes), arrayBuffer(shipped.owners));
    wholeTimes.push(performance.now() - w0);
  }
  // The format before the split, for comparison: one JSON file with base64 tables.
  const oldJson = JSON.stringify(compiled);
  const oldTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const o0 = performance.now();
    loadIndex(JSON.parse(oldJson) as CompiledIndex);
    oldTimes.push(performance.now() - o0);
  }

  // The index as the background keeps it: fetch → the three files → indexFromFiles (its memory is measured at the end).
  list.length = 0;
  const l0 = performance.now();
  let index = indexFromFiles(JSON.parse(shipped.table) as AddressTable, arrayBuffer(shipped.hashes), arrayBuffer(shipped.owners));
  const loadIndexMs = performance.now() - l0;
  if (index.ids.length !== args.articles) throw new Error('index lost articles');

  // Pages to recognise.
  const prose = new Prose(77);
  const kinds: Record<string, { signals: PageSignals; expect: string | null }[]> = { url: [], content: [], 'unknown, address only': [], 'unknown, 6K chars': [], 'unknown, 60K chars': [] };
  bodies.forEach((paragraphs, k) => {
    const n = k * Math.floor(args.articles / args.pagesPerKind);
    kinds.url?.push({ signals: { url: `${articleUrl(n)}?utm_source=nyhedsbrev`, canonical: null, ogUrl: null, text: '' }, expect: articleId(n) });
    const copy = pageText([...BOILERPLATE_BEFORE, prose.sentence(5, 9), ...paragraphs, ...BOILERPLATE_AFTER]);
    kinds.content?.push({ signals: { url: `https://andetsteds.example/nyheder/${n}`, canonical: null, ogUrl: null, text: copy }, expect: articleId(n) });
  });
  for (let k = 0; k < args.pagesPerKind; k++) {
    const url = `https://blog.example/indlaeg/${k}`;
    kinds['unknown, address only']?.push({ signals: { url, canonical: null, ogUrl: null, text: '' }, expect: null });
    const small: string[] = [...BOILERPLATE_BEFORE];
    while (small.join(' ').length < 6000) small.push(prose.sentences(3).join(' '));
    kinds['unknown, 6K chars']?.push({ signals: { url, canonical: `${url}/`, ogUrl: null, text: pageText(small) }, expect: null });
    const large: string[] = [...BOILERPLATE_BEFORE];
    while (large.join(' ').split(' ').length < SIGNAL_WORD_LIMIT) large.push(prose.sentences(3).join(' '));
    kinds['unknown, 60K chars']?.push({ signals: { url, canonical: null, ogUrl: null, text: pageText(large) }, expect: null });
  }
  const recognition: ScaleResult['recognition'] = {};
  for (const [kind, pages] of Object.entries(kinds)) {
    // One untimed pass warms the code up; then three timed passes.
    for (const p of pages) recognize(p.signals, index);
    const times: number[] = [];
    let correct = 0;
    for (let pass = 0; pass < 3; pass++) {
      for (const p of pages) {
        const r0 = performance.now();
        const found = recognize(p.signals, index);
        times.push(performance.now() - r0);
        if (pass === 0 && (found?.id ?? null) === p.expect) correct++;
      }
    }
    recognition[kind] = { pages: pages.length, medianMs: round(median(times), 4), p90Ms: round(quantile(times, 0.9), 4), maxMs: round(Math.max(...times), 4), correct };
  }
  // What the index keeps alive, measured as what dropping it frees (heap + typed arrays, its lookup
  // tables included): a before/after pair around the load also counted the garbage the load made
  // or freed meanwhile.
  const withIndex = heap();
  index = undefined as unknown as typeof index;
  const withoutIndex = heap();
  const retained = { heap: withIndex.heap - withoutIndex.heap, external: withIndex.external - withoutIndex.external };

  return {
    articles: args.articles,
    claims,
    datasetBytesOnDisk,
    generateMs: round(generateMs, 0),
    buildMs: buildMs === null ? null : round(buildMs, 0),
    ...(buildError ? { buildError } : {}),
    compileIndexMs: round(compileIndexMs, 1),
    indexBytes: Buffer.byteLength(shipped.table) + shipped.hashes.length + shipped.owners.length,
    indexGzipBytes: gzipSync(shipped.table).length + gzipSync(shipped.hashes).length + gzipSync(shipped.owners).length,
    addressTableBytes: Buffer.byteLength(shipped.table),
    wakeAddressMs: round(median(addressTimes), 1),
    wakeWholeMs: round(median(wholeTimes), 1),
    wakeOldFormatMs: round(median(oldTimes), 1),
    shippedArticlesBytes,
    indexMemoryBytes: retained.heap + retained.external,
    indexMemoryHeapBytes: retained.heap,
    indexMemoryExternalBytes: retained.external,
    loadIndexMs: round(loadIndexMs, 1),
    recognition,
  };
}

const [work, cli, articles, claimsPerArticle, pagesPerKind] = process.argv.slice(2);
if (!gc) throw new Error('run with node --expose-gc');
const result = await main({
  work: work as string,
  cli: cli as string,
  articles: Number(articles),
  claimsPerArticle: Number(claimsPerArticle),
  pagesPerKind: Number(pagesPerKind),
});
// The parent reads the last line.
process.stdout.write(`\n${JSON.stringify(result)}\n`);
