import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import {
  type Article,
  type DatasetProblem,
  checkAcrossArticles,
  checkArticle,
  parseJson,
} from '../core/dataset';
import { readPageText, type PageText } from '../core/page-text';

/** A checked dataset folder: `articles/*.json`, with saved pages in `saved/`. */
export interface LoadedDataset {
  articles: { file: string; article: Article }[];
  problems: DatasetProblem[];
}

/** Parses a saved page without running its scripts. */
export function loadHtml(html: string, url?: string): Document {
  return new JSDOM(html, url ? { url } : {}).window.document;
}

function savedPageText(dir: string, name: string): PageText {
  const doc = loadHtml(readFileSync(join(dir, 'saved', name), 'utf8'));
  return readPageText(doc.body ?? doc.documentElement);
}

/** Reads and checks every article file of a dataset folder. */
export function loadDatasetDir(dir: string): LoadedDataset {
  const articlesDir = join(dir, 'articles');
  const files = readdirSync(articlesDir).filter((name) => name.endsWith('.json')).sort();
  const articles: LoadedDataset['articles'] = [];
  const problems: DatasetProblem[] = [];
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
        problems.push({ file, path: '$.savedCopy', message: `cannot read the saved copy: ${(error as Error).message}` });
      }
    }
    const checked = checkArticle(parsed.value, file, { savedPage });
    problems.push(...checked.problems);
    if (checked.article) {
      if (name !== `${checked.article.id}.json`) {
        problems.push({ file, path: '$.id', message: `the file must be named after the article id: ${checked.article.id}.json` });
      } else {
        articles.push({ file, article: checked.article });
      }
    }
  }
  problems.push(...checkAcrossArticles(articles));
  return { articles, problems };
}
