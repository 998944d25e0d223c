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
import { FINGERPRINT_ALGORITHM, makeFingerprint } from '../src/core/recognition/fingerprint';
import { type CompiledIndex, loadIndex, recognize } from '../src/core/recognition/recognize';
import { SIGNAL_TEXT_LIMIT } from '../src/injected/read-page-facts';
import { type PageSignals } from '../src/core/recognition/page-signals';
import { Prose } from './lib/prose';
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
  /** JS heap + external (typed arrays) retained by loadIndex(JSON.parse(index.json)). */
  indexMemoryBytes: number;
  indexMemoryHeapBytes: number;
  indexMemoryExternalBytes: number;
  loadIndexMs: number;
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

function articleId(n: number): string {
  return `syn-${String(n).padStart(5, '0')}-byraad-budget`;
}

function articleUrl(n: number): string {
  return `https://nyheder.eksempel.example/indland/2024/${String(1 + (n % 12)).padStart(2, '0')}/artikel-${n}`;
}

/** One synthetic article: paragraphs of prose, its fingerprint, and claims with notes. */
function synthesise(n: number, claims: number): { article: Article; paragraphs: string[] } {
  const prose = new Prose(1000 + n);
  const paragraphs = Array.from({ length: 8 + prose.int(8) }, () => prose.sentences(2 + prose.int(3)).join(' '));
  const sentences = paragraphs.flatMap((p, i) => p.split(/(?<=\.) /).map((s) => ({ s, i })));
  const picked = sentences.filter((_, k) => k % Math.max(1, Math.floor(sentences.length / claims)) === 0).slice(0, claims);
  const text = paragraphs.join('\n');
  const article: Article = {
    id: articleId(n),
    language: 'da',
    headline: prose.sentence(5, 9).slice(0, -1),
    publisher: 'Dagbladet Eksempel',
    published: '2024-05-17',
    urls: [articleUrl(n)],
    fingerprint: { algorithm: FINGERPRINT_ALGORITHM, hashes: makeFingerprint(text) },
    claims: picked.map(({ s }, c) => {
      const at = text.indexOf(s);
      return {
        id: `claim-${c + 1}`,
        selector: { type: 'TextQuoteSelector' as const, exact: s, prefix: text.slice(Math.max(0, at - 32), at), suffix: text.slice(at + s.length, at + s.length + 32) },
        notes: [
          {
            id: `claim-${c + 1}-note`,
            kind: 'background' as const,
            title: { da: prose.sentence(4, 8).slice(0, -1), en: prose.sentence(4, 8).slice(0, -1) },
            body: { da: prose.sentences(2).join(' '), en: prose.sentences(2).join(' ') },
            sources: [{ title: prose.sentence(3, 6).slice(0, -1), publisher: 'Danmarks Statistik', date: '2024-05-01', url: `https://www.dst.dk/da/statistik/${n}-${c}` }],
            asOf: '2024-06-01',
          },
        ],
      };
    }),
  };
  return { article, paragraphs };
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

/** Text as readSignals joins it: every text node, separated by a space, at most SIGNAL_TEXT_LIMIT. */
function pageText(parts: readonly string[]): string {
  return parts.join(' ').slice(0, SIGNAL_TEXT_LIMIT);
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
  const indexJson = buildMs !== null ? readFileSync(join(outDir, 'data', 'index.json'), 'utf8') : JSON.stringify(compiled);

  // Memory: what the background keeps after fetch → JSON.parse → loadIndex.
  list.length = 0;
  const before = heap();
  const l0 = performance.now();
  let index = loadIndex(JSON.parse(indexJson) as CompiledIndex);
  const loadIndexMs = performance.now() - l0;
  const after = heap();
  // Keep `index` alive across the measurement.
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
    while (large.join(' ').length < SIGNAL_TEXT_LIMIT) large.push(prose.sentences(3).join(' '));
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
  index = index as typeof index;

  return {
    articles: args.articles,
    claims,
    datasetBytesOnDisk,
    generateMs: round(generateMs, 0),
    buildMs: buildMs === null ? null : round(buildMs, 0),
    ...(buildError ? { buildError } : {}),
    compileIndexMs: round(compileIndexMs, 1),
    indexBytes: Buffer.byteLength(indexJson),
    indexGzipBytes: gzipSync(indexJson).length,
    shippedArticlesBytes,
    indexMemoryBytes: after.heap - before.heap + (after.external - before.external),
    indexMemoryHeapBytes: after.heap - before.heap,
    indexMemoryExternalBytes: after.external - before.external,
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
