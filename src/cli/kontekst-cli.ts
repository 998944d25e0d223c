import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Article, type Language, LANGUAGES, formatProblem, publicArticle } from '../core/dataset/model';
import { compileIndex } from '../core/recognition/index-compile';
import { publisherPatterns } from '../core/dataset/publisher-sites';
import { INDEX_FILES, splitIndex } from '../core/recognition/index-files';
import { annotateDocument } from './annotate-page';
import { loadDatasetDir, loadHtml } from './dataset-dir';
import { InputError, UsageError, datasetDir, readText, webAddress } from './io';
import { pageFingerprint } from './page-fingerprint';
import { checkPage } from './check-page';
import { exportCommand, importCommand } from './claimreview';
import { newArticle } from './new-article';
import { checkPackFile, packCommand, unpackCommand } from './pack';
import { condenseDraftProblems } from './draft';
import { parseJson } from '../core/dataset/article-checks';
import { isCalendarDate } from '../core/dataset/schema';

const USAGE = `usage:
  kontekst annotate PAGE.html --url ADDRESS [--lang da|en] [--dataset DIR]
  kontekst check [--dataset DIR] [--page PAGE.html --url ADDRESS [--article ID]] [--pack FILE] [--stale DAYS] [--today YYYY-MM-DD]
  kontekst fingerprint ARTICLE_ID [--dataset DIR]
  kontekst new PAGE.html --url ADDRESS [--claim "quote" ...] [--id ID] [--out FILE] [--dataset DIR] [--force]
  kontekst export --claimreview [--out FILE] [--author NAME] [--author-url URL] [--lang da|en] [--article ID ...] [--dataset DIR]
  kontekst import --claimreview FILE [--out DIR] [--dataset DIR]
  kontekst pack [ARTICLE_ID ...] --name NAME --version VERSION --dataset DIR [--out FILE]
  kontekst unpack PACK.json --dataset DIR [--force]`;

export { UsageError };

function loadChecked(dir: string, today?: string): ReturnType<typeof loadDatasetDir> {
  try {
    return loadDatasetDir(dir, today);
  } catch (error) {
    throw new UsageError(`cannot read the dataset in ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The dataset in `dir` checked as the build checks it: one line per problem, or its articles. */
export function checkDataset(dir: string): { problems: string[]; articles: Article[] } {
  try {
    const { articles, problems } = loadDatasetDir(dir);
    if (problems.length) return { problems: problems.map(formatProblem), articles: [] };
    return { problems: [], articles: articles.map((entry) => entry.article) };
  } catch (error) {
    // An unreadable dataset folder must fail the build like a bad file, not leave an extension without data.
    return { problems: [`${dir}: cannot read the dataset: ${(error as Error).message}`], articles: [] };
  }
}

/**
 * Writes the compiled index and per-article files of checked `articles` into each `outDirs/data`;
 * returns the manifest's host_permissions: the publishers' own sites, so a reader who allows only those is served.
 */
export function writeDataset(articles: readonly Article[], outDirs: readonly string[]): { publisherSites: string[] } {
  const { addresses, hashes, owners } = splitIndex(compileIndex(articles));
  const table = JSON.stringify(addresses);
  for (const out of outDirs) {
    mkdirSync(join(out, 'data', 'articles'), { recursive: true });
    writeFileSync(join(out, INDEX_FILES.addresses), table);
    writeFileSync(join(out, INDEX_FILES.hashes), hashes);
    writeFileSync(join(out, INDEX_FILES.owners), owners);
    for (const article of articles) writeFileSync(join(out, 'data', 'articles', `${article.id}.json`), JSON.stringify(publicArticle(article)));
  }
  return { publisherSites: publisherPatterns(articles.flatMap((article) => article.urls)) };
}

/** Checks the dataset and, when it has no problems, writes it into each `outDirs/data` (checkDataset then writeDataset). */
export function buildDataset(dir: string, outDirs: readonly string[]): { problems: string[]; articles: number; publisherSites: string[] } {
  const { problems, articles } = checkDataset(dir);
  if (problems.length) return { problems, articles: 0, publisherSites: [] };
  return { problems: [], articles: articles.length, ...writeDataset(articles, outDirs) };
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
  const doc = loadHtml(html, values.url, positionals[0]);
  const report = annotateDocument(doc, values.url, articles.map((a) => a.article), values.lang as Language | undefined);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

/** Each file named in `problems`, parsed, so unwritten draft notes can be reported as one line each. */
function parsedFiles(problems: readonly { file: string }[]): Map<string, unknown> {
  const parsed = new Map<string, unknown>();
  for (const { file } of problems) {
    if (parsed.has(file)) continue;
    try {
      parsed.set(file, parseJson(readFileSync(file, 'utf8'), file).value);
    } catch {
      // Unreadable now: its problems are shown as they are.
    }
  }
  return parsed;
}

/** The day `days` before `today` (YYYY-MM-DD, UTC). */
function daysBefore(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** One line per note whose "as of" is more than `days` before `today`, oldest first: what to recheck. */
export function staleNotes(articles: readonly { file: string; article: Article }[], days: number, today: string): string[] {
  const cutoff = daysBefore(today, days);
  const found: { asOf: string; line: string }[] = [];
  for (const { file, article } of articles) {
    article.claims.forEach((claim, c) =>
      claim.notes.forEach((note, n) => {
        if (note.asOf >= cutoff) return;
        const age = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${note.asOf}T00:00:00Z`)) / 86_400_000);
        found.push({ asOf: note.asOf, line: `${file}: $.claims[${c}].notes[${n}] (${note.id}): as of ${note.asOf}, ${age} days ago` });
      }),
    );
  }
  return found.sort((a, b) => a.asOf.localeCompare(b.asOf)).map((f) => f.line);
}

function check(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      dataset: { type: 'string' },
      page: { type: 'string' },
      url: { type: 'string' },
      article: { type: 'string' },
      pack: { type: 'string' },
      stale: { type: 'string' },
      today: { type: 'string' },
    },
  });
  if (values.today !== undefined && !isCalendarDate(values.today)) throw new UsageError('--today must be a date written YYYY-MM-DD');
  if (values.stale !== undefined && !/^\d{1,5}$/.test(values.stale)) throw new UsageError('--stale takes a number of days, like --stale 180');
  const today = values.today ?? new Date().toISOString().slice(0, 10);
  if (values.page === undefined && (values.url !== undefined || values.article !== undefined)) throw new UsageError('--url and --article go with --page PAGE.html');
  const pageUrl = values.page !== undefined ? webAddress(values.url, 'check --page') : '';
  const pageHtml = values.page !== undefined ? readText(values.page) : '';
  const dir = datasetDir(values.dataset);
  const { articles, problems, warnings } = loadChecked(dir, today);
  const shown = condenseDraftProblems(problems, parsedFiles(problems));
  for (const problem of shown) process.stderr.write(`${formatProblem(problem)}\n`);
  for (const warning of warnings) process.stderr.write(`warning: ${formatProblem(warning)}\n`);
  let code = 0;
  if (problems.length) {
    process.stderr.write(`${shown.length} problem(s) in ${dir}\n`);
    code = 1;
  } else {
    const claims = articles.reduce((n, a) => n + a.article.claims.length, 0);
    process.stdout.write(`ok: ${articles.length} article(s), ${claims} claim(s) in ${dir}\n`);
  }
  if (values.stale !== undefined) {
    const stale = staleNotes(articles, Number(values.stale), today);
    for (const line of stale) process.stdout.write(`${line}\n`);
    process.stdout.write(`${stale.length} note(s) not checked in the last ${values.stale} day(s) (as of before ${daysBefore(today, Number(values.stale))})\n`);
  }
  const pack = values.pack !== undefined ? checkPackFile(values.pack) : null;
  if (values.pack !== undefined && !pack) code = 1;
  if (values.page !== undefined) {
    // A page is checked against the dataset and, with --pack, the pack's articles too.
    const candidates = [...articles.map((a) => a.article), ...(pack?.articles ?? [])];
    code = Math.max(code, checkPage(values.page, pageHtml, pageUrl, candidates, values.article));
  }
  return code;
}

function fingerprint(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { dataset: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('fingerprint takes one ARTICLE_ID');
  const dir = datasetDir(values.dataset);
  const file = join(dir, 'articles', `${positionals[0]}.json`);
  const parsed = parseJson(readText(file), file);
  if (parsed.problems.length) throw new InputError(parsed.problems.map(formatProblem));
  const article = parsed.value as { savedCopy?: string; fingerprint?: unknown };
  if (!article.savedCopy) throw new UsageError(`${file} has no savedCopy to fingerprint`);
  const fingerprinted = pageFingerprint(loadHtml(readText(join(dir, 'saved', article.savedCopy))));
  if (!fingerprinted) throw new UsageError(`the saved copy ${article.savedCopy} has no text`);
  article.fingerprint = fingerprinted;
  writeFileSync(file, `${JSON.stringify(article, null, 2)}\n`);
  process.stdout.write(`wrote the fingerprint of ${file}\n`);
  return 0;
}

const COMMANDS: Record<string, (args: string[]) => number> = {
  annotate,
  check,
  fingerprint,
  new: newArticle,
  export: exportCommand,
  import: importCommand,
  pack: packCommand,
  unpack: unpackCommand,
};

/** Runs the tool; returns the exit code. */
export function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  const run = command ? COMMANDS[command] : undefined;
  try {
    if (command === '--help' || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const known = Object.keys(COMMANDS).join(', ');
    if (!run) throw new UsageError(`${command ? `unknown command ${JSON.stringify(command)}` : 'no command given'} (commands: ${known}; see kontekst --help)`);
    return run(rest);
  } catch (error) {
    if (error instanceof InputError) {
      for (const line of error.lines) process.stderr.write(`kontekst: ${line.split('\n')[0]}\n`);
      return 1;
    }
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (!usage) throw error;
    process.stderr.write(`kontekst: ${(error as Error).message.split('\n')[0]}\n`);
    return 2;
  }
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.exitCode = main(process.argv.slice(2));
