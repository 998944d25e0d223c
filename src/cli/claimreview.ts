// `kontekst export --claimreview` and `kontekst import --claimreview FILE`.
import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type DraftArticle, exportClaimReviews, mergeReviews, readClaimReviews } from './claimreview-format';
import { type Language, LANGUAGES, publicArticle } from '../core/dataset/model';
import { parseJson } from '../core/dataset/article-checks';
import { loadDatasetDir } from './dataset-dir';
import { InputError, UsageError, datasetDir, readText, warn, writeJson } from './io';

function requireClaimReviewFlag(flag: boolean | undefined, command: string): void {
  if (!flag) throw new UsageError(`${command} needs --claimreview (the only format it speaks)`);
}

/** Runs `kontekst export --claimreview [--out FILE] [--author NAME --author-url URL] [--lang da|en] [--article ID]`. */
export function exportCommand(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      claimreview: { type: 'boolean' },
      out: { type: 'string' },
      author: { type: 'string' },
      'author-url': { type: 'string' },
      lang: { type: 'string' },
      article: { type: 'string', multiple: true },
      dataset: { type: 'string' },
    },
  });
  requireClaimReviewFlag(values.claimreview, 'export');
  if (values.lang !== undefined && !LANGUAGES.includes(values.lang as Language)) throw new UsageError('--lang must be da or en');
  const authorUrl = values['author-url'];
  if (authorUrl !== undefined) {
    let ok = false;
    try {
      ok = new URL(authorUrl).protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError(`--author-url ${JSON.stringify(authorUrl)} must be an https:// address`);
  }
  const author = { name: values.author?.trim() || 'Kontekst', ...(authorUrl ? { url: authorUrl } : {}) };
  const dir = datasetDir(values.dataset);
  let loaded: ReturnType<typeof loadDatasetDir>;
  try {
    loaded = loadDatasetDir(dir);
  } catch (error) {
    throw new UsageError(`cannot read the dataset in ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  // Only checked articles go out: a draft's notes are not reviews yet.
  if (loaded.problems.length) throw new InputError([`the dataset in ${dir} has ${loaded.problems.length} problem(s); run kontekst check first`]);
  let articles = loaded.articles.map((a) => publicArticle(a.article));
  if (values.article) {
    const unknown = values.article.filter((id) => !articles.some((a) => a.id === id));
    if (unknown.length) throw new UsageError(`no article with id ${unknown.map((id) => JSON.stringify(id)).join(', ')} in ${dir}`);
    articles = articles.filter((a) => values.article?.includes(a.id));
  }
  const document = exportClaimReviews(articles, author, values.lang as Language | undefined);
  const summary = `${document['@graph'].length} ClaimReview(s) from ${articles.length} article(s)`;
  if (values.out) {
    writeJson(resolve(values.out), document);
    process.stdout.write(`wrote ${summary} to ${resolve(values.out)}\n`);
  } else {
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    process.stderr.write(`${summary}\n`);
  }
  return 0;
}

type DraftShape = DraftArticle;

/** True when a parsed file has the fields importing reads and writes (drafts may be unfinished otherwise). */
function isDraftShape(value: unknown): value is DraftShape {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    Array.isArray(v.urls) &&
    v.urls.every((u) => typeof u === 'string') &&
    Array.isArray(v.claims) &&
    v.claims.every((c: unknown) => {
      const claim = c as { id?: unknown; selector?: { exact?: unknown }; notes?: unknown } | null;
      return (
        typeof claim?.id === 'string' &&
        typeof claim.selector?.exact === 'string' &&
        Array.isArray(claim.notes) &&
        claim.notes.every((n: unknown) => typeof (n as { id?: unknown } | null)?.id === 'string' && Array.isArray((n as { sources?: unknown }).sources))
      );
    })
  );
}

/** Runs `kontekst import --claimreview FILE [--out DIR]`. */
export function importCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { claimreview: { type: 'boolean' }, out: { type: 'string' }, dataset: { type: 'string' } },
  });
  requireClaimReviewFlag(values.claimreview, 'import');
  if (positionals.length !== 1) throw new UsageError('import takes one FILE of ClaimReview JSON-LD');
  const file = positionals[0] as string;
  const parsed = parseJson(readText(file), file);
  if (parsed.problems.length) throw new InputError(parsed.problems.map((p) => `${file}: ${p.path}: ${p.message}`));
  const { entries, problems } = readClaimReviews(parsed.value);
  // All or nothing: a half-imported file is harder to redo than a fixed one.
  if (problems.length) throw new InputError(problems.map((p) => `${file}: ${p.path}: ${p.message}`));

  const outDir = values.out ? resolve(values.out) : join(datasetDir(values.dataset), 'articles');
  const existing = new Map<string, DraftArticle>();
  if (existsSync(outDir)) {
    for (const name of readdirSync(outDir).filter((n) => n.endsWith('.json')).sort()) {
      const path = join(outDir, name);
      const value = parseJson(readText(path), path).value;
      if (isDraftShape(value)) existing.set(path, value);
      else warn(`${path} is not an article file Kontekst can add to; it is left alone`);
    }
  }
  for (const entry of entries) {
    if (entry.language !== null) continue;
    const why = entry.declaredLanguage ? `is in ${JSON.stringify(entry.declaredLanguage)}, neither Danish nor English` : 'declares no inLanguage';
    warn(`${file}: ${entry.path}: the review ${why}; its text went into the English fields (move or translate it)`);
  }
  const changes = mergeReviews(existing, entries);
  let added = 0;
  for (const change of changes) {
    added += change.added;
    const path = change.key ?? join(outDir, `${change.article.id}.json`);
    if (change.added) writeJson(path, change.article, { overwrite: change.key !== null });
    const already = change.skipped ? `, ${change.skipped} already there` : '';
    const what = change.key === null ? 'new draft article' : 'added to';
    process.stdout.write(`${what} ${path}: ${change.added} draft note(s)${already}\n`);
  }
  const next = added ? '; write the missing fields, then run kontekst check' : '';
  process.stdout.write(`imported ${added} draft note(s) from ${entries.length} ClaimReview(s)${next}\n`);
  return 0;
}
