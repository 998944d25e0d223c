import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mainTextRoot } from '../core/annotate';
import { type Language, LANGUAGES, compileIndex, formatProblem, publicArticle } from '../core/dataset';
import { FINGERPRINT_ALGORITHM, makeFingerprint } from '../core/fingerprint';
import { readPageText } from '../core/page-text';
import { annotateDocument } from './annotate';
import { loadDatasetDir, loadHtml } from './dataset-dir';

const USAGE = `usage:
  kontekst annotate PAGE.html --url ADDRESS [--lang da|en] [--dataset DIR]
  kontekst check [--dataset DIR]
  kontekst fingerprint ARTICLE_ID [--dataset DIR]`;

/** A mistake in how the tool was called or a file it cannot read: one line on stderr, exit 2. */
export class UsageError extends Error {}

/** The dataset next to the built CLI (dist/cli → src/dataset), unless --dataset says otherwise. */
function datasetDir(option: string | undefined): string {
  return option ? resolve(option) : resolve(dirname(fileURLToPath(import.meta.url)), '../../src/dataset');
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function loadChecked(dir: string): ReturnType<typeof loadDatasetDir> {
  try {
    return loadDatasetDir(dir);
  } catch (error) {
    throw new UsageError(`cannot read the dataset in ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Checks the dataset and writes the compiled index and per-article files into each `outDirs/data`. */
export function buildDataset(dir: string, outDirs: readonly string[]): { problems: string[]; articles: number } {
  const { articles, problems } = loadDatasetDir(dir);
  if (problems.length) return { problems: problems.map(formatProblem), articles: 0 };
  const list = articles.map((entry) => entry.article);
  const index = JSON.stringify(compileIndex(list));
  for (const out of outDirs) {
    mkdirSync(join(out, 'data', 'articles'), { recursive: true });
    writeFileSync(join(out, 'data', 'index.json'), index);
    for (const article of list) writeFileSync(join(out, 'data', 'articles', `${article.id}.json`), JSON.stringify(publicArticle(article)));
  }
  return { problems: [], articles: list.length };
}

function annotate(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { url: { type: 'string' }, lang: { type: 'string' }, dataset: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('annotate takes one PAGE.html');
  if (!values.url) throw new UsageError('annotate needs --url ADDRESS (the address the page was saved from)');
  try {
    new URL(values.url);
  } catch {
    throw new UsageError(`--url ${JSON.stringify(values.url)} is not an absolute address`);
  }
  if (values.lang !== undefined && !LANGUAGES.includes(values.lang as Language)) throw new UsageError('--lang must be da or en');
  const html = readText(positionals[0] as string);
  const { articles, problems } = loadChecked(datasetDir(values.dataset));
  if (problems.length) throw new UsageError(`the dataset has ${problems.length} problem(s); run kontekst check`);
  const doc = loadHtml(html, values.url);
  const report = annotateDocument(doc, values.url, articles.map((a) => a.article), values.lang as Language | undefined);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

function check(args: string[]): number {
  const { values } = parseArgs({ args, options: { dataset: { type: 'string' } } });
  const dir = datasetDir(values.dataset);
  const { articles, problems } = loadChecked(dir);
  for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
  if (problems.length) {
    process.stderr.write(`${problems.length} problem(s) in ${dir}\n`);
    return 1;
  }
  const claims = articles.reduce((n, a) => n + a.article.claims.length, 0);
  process.stdout.write(`ok: ${articles.length} article(s), ${claims} claim(s) in ${dir}\n`);
  return 0;
}

function fingerprint(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { dataset: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('fingerprint takes one ARTICLE_ID');
  const dir = datasetDir(values.dataset);
  const file = join(dir, 'articles', `${positionals[0]}.json`);
  const article = JSON.parse(readText(file)) as { savedCopy?: string; fingerprint?: unknown };
  if (!article.savedCopy) throw new UsageError(`${file} has no savedCopy to fingerprint`);
  const doc = loadHtml(readText(join(dir, 'saved', article.savedCopy)));
  const root = mainTextRoot(doc);
  if (!root) throw new UsageError(`the saved copy ${article.savedCopy} has no text`);
  article.fingerprint = { algorithm: FINGERPRINT_ALGORITHM, hashes: makeFingerprint(readPageText(root).text) };
  writeFileSync(file, `${JSON.stringify(article, null, 2)}\n`);
  process.stdout.write(`wrote the fingerprint of ${file}\n`);
  return 0;
}

const COMMANDS: Record<string, (args: string[]) => number> = { annotate, check, fingerprint };

/** Runs the tool; returns the exit code. */
export function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  const run = command ? COMMANDS[command] : undefined;
  try {
    if (!run) throw new UsageError(command ? `unknown command ${JSON.stringify(command)}` : 'no command given');
    return run(rest);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (!usage) throw error;
    process.stderr.write(`kontekst: ${(error as Error).message.split('\n')[0]}\n`);
    if (!command || !run) process.stderr.write(`${USAGE}\n`);
    return 2;
  }
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.exitCode = main(process.argv.slice(2));
