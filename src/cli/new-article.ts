// `kontekst new PAGE.html --url ADDRESS [--claim "quote" ...]`: an article file drafted
// from a saved page, with a placeholder note per claim for the editor to write.
import { copyFileSync, existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { normalizeText } from '../core/anchoring/normalize';
import { readPageText } from '../core/anchoring/page-text';
import { type DraftClaim, placeholderNote, today } from './draft';
import { readPageMeta } from './page-meta';
import { placeQuote } from './quote-context';
import { articleId, claimIdFromQuote, hostPublisher, uniqueId } from '../core/dataset/slug';
import { normalizeUrl } from '../core/recognition/address';
import { loadHtml } from './dataset-dir';
import { InputError, UsageError, datasetDir, readText, warn, webAddress, writeJson } from './io';
import { pageFingerprint } from './page-fingerprint';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SAVED_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.html?$/;

function shorten(text: string, max = 70): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** Draft claims for the quotes, or an InputError listing every quote that cannot be placed. */
function draftClaims(doc: Document, quotes: readonly string[], asOf: string): DraftClaim[] {
  const page = readPageText(doc.body ?? doc.documentElement);
  const taken = new Set<string>();
  const seenQuotes = new Set<string>();
  const errors: string[] = [];
  const claims: DraftClaim[] = [];
  for (const quote of quotes) {
    const placed = placeQuote(page, quote);
    if (seenQuotes.has(placed.exact)) {
      errors.push(`the quote ${JSON.stringify(shorten(placed.exact))} is given twice`);
      continue;
    }
    seenQuotes.add(placed.exact);
    if (!placed.found) {
      if (placed.reason === 'too-short') errors.push(`the quote ${JSON.stringify(placed.exact)} is too short (at least 8 characters)`);
      else if (placed.reason === 'across-blocks') errors.push(`the quote ${JSON.stringify(shorten(placed.exact))} runs across two paragraphs (or blocks) of the page; make it two claims`);
      else if (placed.reason === 'ambiguous') errors.push(`the quote ${JSON.stringify(shorten(placed.exact))} occurs ${placed.occurrences} times and 64 characters of context do not tell them apart; quote more of the sentence`);
      else {
        const near = placed.nearest ? `; the nearest text is ${JSON.stringify(shorten(placed.nearest.text))} (score ${placed.nearest.score})` : '';
        errors.push(`the quote ${JSON.stringify(shorten(placed.exact))} is not on the page${near}`);
      }
      continue;
    }
    if (placed.occurrences > 1) {
      warn(`the quote ${JSON.stringify(shorten(placed.exact))} occurs ${placed.occurrences} times; the draft anchors the first, singled out by its prefix and suffix`);
    }
    const id = uniqueId(claimIdFromQuote(placed.exact), taken);
    claims.push({
      id,
      selector: { type: 'TextQuoteSelector', exact: placed.exact, prefix: placed.prefix, suffix: placed.suffix },
      notes: [placeholderNote(uniqueId(`${id}-note`, taken), asOf)],
    });
  }
  if (errors.length) throw new InputError(errors);
  return claims;
}

/** True when `file` is inside `dir` (both resolved through symlinks where they exist). */
function isInside(file: string, dir: string): boolean {
  const real = (p: string): string => (existsSync(p) ? realpathSync(p) : resolve(p));
  const rel = relative(real(dir), real(file));
  return rel !== '' && !rel.startsWith('..') && !rel.includes('/');
}

/** Runs `kontekst new`; returns the exit code. */
export function newArticle(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      claim: { type: 'string', multiple: true },
      out: { type: 'string' },
      id: { type: 'string' },
      dataset: { type: 'string' },
      force: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('new takes one PAGE.html');
  const pagePath = positionals[0] as string;
  const url = webAddress(values.url, 'new');
  if (values.id !== undefined && (!ID.test(values.id) || values.id.length > 80)) {
    throw new UsageError(`--id ${JSON.stringify(values.id)} must be kebab-case (a-z, 0-9 and single hyphens), at most 80 characters`);
  }
  const html = readText(pagePath);
  const doc = loadHtml(html, url, pagePath);
  const meta = readPageMeta(doc, url);
  const asOf = today();
  const claims = draftClaims(doc, (values.claim ?? []).map((q) => normalizeText(q)).filter(Boolean), asOf);

  const urls = [url];
  for (const address of meta.addresses) if (!urls.some((u) => normalizeUrl(u) === normalizeUrl(address))) urls.push(address);
  const publisher = meta.publisher || new URL(url).hostname.replace(/^www\./, '');
  const id = values.id ?? articleId(meta.publisher || hostPublisher(url), meta.published, meta.headline || basename(pagePath).replace(/\.html?$/, ''));
  const fingerprint = pageFingerprint(doc) ?? { algorithm: 'shingle4-bottom64-v1', hashes: [] };

  const dataset = datasetDir(values.dataset);
  const out = values.out ? resolve(values.out) : join(dataset, 'articles', `${id}.json`);
  if (existsSync(out) && !values.force) throw new UsageError(`${out} already exists; pass --force to replace it`);
  const savedDir = join(dataset, 'saved');
  let savedCopy: string | undefined;
  if (isInside(pagePath, savedDir) && SAVED_NAME.test(basename(pagePath))) {
    savedCopy = basename(pagePath);
  } else if (!values.out) {
    // Writing into the dataset: the saved page goes beside the others, so `check` can read it.
    savedCopy = `${id}.html`;
    const target = join(savedDir, savedCopy);
    if (existsSync(target) && !values.force && readFileSync(target, 'utf8') !== html) {
      throw new UsageError(`${target} already exists with other content; pass --force to replace it`);
    }
    try {
      copyFileSync(pagePath, target);
    } catch (error) {
      throw new UsageError(`cannot copy the page to ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    process.stdout.write(`copied ${pagePath} to ${target}\n`);
  } else if (SAVED_NAME.test(basename(pagePath))) {
    savedCopy = basename(pagePath);
  } else {
    warn(`${basename(pagePath)} is not a usable saved-copy name (letters, digits, . _ - and .html); savedCopy is left out`);
  }

  const article = {
    $schema: relative(dirname(out), join(dataset, 'article.schema.json')).split('\\').join('/'),
    id,
    language: meta.language,
    headline: meta.headline,
    publisher,
    published: meta.published,
    urls,
    ...(savedCopy ? { savedCopy } : {}),
    claims,
    fingerprint,
  };
  writeJson(out, article, { overwrite: Boolean(values.force) });

  if (!meta.language) warn('the page declares no language Kontekst knows (da or en); fill in $.language');
  if (!meta.headline) warn('the page has no headline (og:title, h1 or title); fill in $.headline');
  if (!meta.publisher) warn(`the page names no publisher (og:site_name or JSON-LD); $.publisher is the host name "${publisher}"`);
  if (!meta.published) warn('the page has no publication date (article:published_time, JSON-LD datePublished or time[datetime]); fill in $.published');
  if (fingerprint.hashes.length === 0) warn('the page has too little text for a fingerprint');
  if (claims.length === 0) warn('no --claim given; add claims before `kontekst check` passes');
  process.stdout.write(`wrote ${out}: ${claims.length} claim(s), each with a draft note to write; then run kontekst check\n`);
  return 0;
}
