import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { type Article, type DatasetProblem } from '../core/dataset/model';
import { checkAcrossArticles, checkArticle, parseJson } from '../core/dataset/article-checks';
import { readPageText, type PageText } from '../core/anchoring/page-text';
import { UsageError } from './io';
import { markupDepth } from './markup-depth';

/** A checked dataset folder: `articles/*.json`, with saved pages in `saved/`. */
export interface LoadedDataset {
  articles: { file: string; article: Article }[];
  problems: DatasetProblem[];
  /** What the editor should look at but may ship (a note resting only on a reference work). */
  warnings: DatasetProblem[];
}

// jsdom takes about a second to load: it is loaded the first time a page is read, so a check
// of a dataset without saved copies (and every refused call) starts at once.
let jsdom: typeof import('jsdom') | null = null;
function loadJsdom(): typeof import('jsdom') {
  jsdom ??= createRequire(import.meta.url)('jsdom') as typeof import('jsdom');
  return jsdom;
}

/** Deeper pages are refused: jsdom would take minutes or overflow its stack (see markup-depth.ts). */
export const MAX_MARKUP_DEPTH = 2048;

/**
 * Parses a page without running its scripts, as a browser opening the file would: XHTML
 * when `file` ends in .xhtml/.xht, else HTML. Pages it cannot read throw one clear line
 * (a UsageError naming `file` when given). jsdom's own complaints (CSS it cannot parse)
 * are not the reader's concern and are not printed.
 */
export function loadHtml(html: string, url?: string, file?: string): Document {
  const fail = (why: string): Error => (file ? new UsageError(`cannot read ${file}: ${why}`) : new Error(why));
  const xml = file !== undefined && /\.xht(ml)?$/i.test(file);
  if (markupDepth(html) > MAX_MARKUP_DEPTH) throw fail('its elements nest too deeply to read (a browser stops nesting them at 512 levels)');
  try {
    const { JSDOM, VirtualConsole } = loadJsdom();
    return new JSDOM(html, { ...(url ? { url } : {}), contentType: xml ? 'application/xhtml+xml' : 'text/html', virtualConsole: new VirtualConsole() }).window.document;
  } catch (error) {
    if (xml && (error as Error).name === 'SyntaxError') throw fail(`it is not well-formed XML (${(error as Error).message.replace(/^about:blank:/, 'at ')})`);
    if (error instanceof RangeError) throw fail('its elements nest too deeply to read');
    throw error;
  }
}

function savedPageText(dir: string, name: string): PageText {
  const doc = loadHtml(readFileSync(join(dir, 'saved', name), 'utf8'));
  return readPageText(doc.body ?? doc.documentElement);
}

/** Reads and checks every article file of a dataset folder; `today` (YYYY-MM-DD) defaults to the clock's. */
export function loadDatasetDir(dir: string, today?: string): LoadedDataset {
  const articlesDir = join(dir, 'articles');
  const files = readdirSync(articlesDir).filter((name) => name.endsWith('.json')).sort();
  const articles: LoadedDataset['articles'] = [];
  const problems: DatasetProblem[] = [];
  const warnings: DatasetProblem[] = [];
  for (const name of files) {
    const file = join(articlesDir, name);
    const parsed = parseJson(readFileSync(file, 'utf8'), file);
    problems.push(...parsed.problems);
    if (parsed.problems.length) continue;
    let savedPage: PageText | null = null;
    const saved = (parsed.value as { savedCopy?: unknown } | null)?.savedCopy;
    if (typeof saved === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*\.html?$/.test(saved)) {
      try {
        savedPage = savedPageText(dir, saved);
      } catch (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        problems.push({ file, path: '$.savedCopy', message: missing ? `${JSON.stringify(saved)} is not in ${join(dir, 'saved')}` : `cannot read the saved copy: ${(error as Error).message}` });
      }
    }
    const checked = checkArticle(parsed.value, file, { savedPage, ...(today ? { today } : {}) });
    problems.push(...checked.problems);
    warnings.push(...checked.warnings);
    if (checked.article) {
      const named = `${checked.article.id}.json`;
      if (name !== named) {
        // A file copied from another without a new id: say so, rather than ask for the other's name.
        const message = files.includes(named)
          ? `duplicate article id "${checked.article.id}" (also in ${join(articlesDir, named)}); give this article an id of its own and name the file after it`
          : `the file must be named after the article id: ${named}`;
        problems.push({ file, path: '$.id', message });
      } else {
        articles.push({ file, article: checked.article });
      }
    }
  }
  problems.push(...checkAcrossArticles(articles));
  return { articles, problems, warnings };
}
