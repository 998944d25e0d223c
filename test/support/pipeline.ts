// The recognition and anchoring pipeline as the extension runs it, over jsdom documents,
// with the seed dataset checked by the CLI's own loader.
import { JSDOM } from 'jsdom';
import type { AnchoredClaim } from '../../src/core/anchoring/article-anchoring';
import { anchorArticleClaims, anchorClaims } from '../../src/core/anchoring/article-anchoring';
import { verifierSeam } from '../../src/core/anchoring/fuzzy';
import { carriesArticle } from '../../src/core/recognition/carried-text';
import { type Article } from '../../src/core/dataset/model';
import { compileIndex } from '../../src/core/recognition/index-compile';
import type { PageText } from '../../src/core/anchoring/page-text';
import { type Recognition, loadIndex, recognize } from '../../src/core/recognition/recognize';
import { readSignals } from '../../src/core/recognition/page-signals';
import { loadDatasetDir } from '../../src/cli/dataset-dir';
import { SEED_DATASET } from './seed';

/** The seed dataset, checked exactly as `kontekst check` checks it (quotes against the saved copy). */
export function loadSeed(): Article[] {
  const { articles, problems } = loadDatasetDir(SEED_DATASET);
  if (problems.length) throw new Error(`the seed dataset has problems: ${JSON.stringify(problems)}`);
  return articles.map((entry) => entry.article);
}

export const seedArticles = loadSeed();
export const seedIndex = loadIndex(compileIndex(seedArticles));

/** Parses a page as a browser would receive it, without running its scripts. */
export function parsePage(html: string, url: string, contentType = 'text/html'): JSDOM {
  return new JSDOM(html, { url, contentType });
}

/** What the pipeline made of a page. */
export interface PipelineResult {
  recognition: Recognition | null;
  /** The article root's text (each anchored claim names the text it was found in). */
  page: PageText | null;
  anchored: AnchoredClaim[];
}

/**
 * readSignals → recognize → carriesArticle → anchorArticleClaims (the article root first, then
 * the rest), as the extension runs them. A recognised page whose text does not carry the article
 * never gets the annotator: every claim is missing.
 */
export function runPipeline(doc: Document, url: string = doc.URL): PipelineResult {
  const signals = readSignals(doc, url);
  const recognition = recognize(signals, seedIndex);
  const article = recognition ? seedArticles.find((a) => a.id === recognition.id) : undefined;
  if (!recognition || !article) return { recognition, page: null, anchored: [] };
  // The background's check, not the annotator's work in the page: not counted in its bound.
  const counting = verifierSeam.onWindow;
  verifierSeam.onWindow = null;
  const carried = carriesArticle(signals.text, article.claims);
  verifierSeam.onWindow = counting;
  if (!carried) return { recognition, ...anchorClaims(doc.createElement('div'), article.claims) };
  // Each anchored claim carries the text its offsets index into (the article's, or the rest of the page's).
  const { article: page, anchored } = anchorArticleClaims(doc, article.claims);
  return { recognition, page, anchored };
}

/** Claim id → anchor status, the shape fixture expectations use. */
export function statuses(result: PipelineResult): Record<string, string> {
  return Object.fromEntries(result.anchored.map(({ claim, anchor }) => [claim.id, anchor.status]));
}

/** Everything a page script or a reader could read of the document's text and structure. */
export function pageSnapshot(doc: Document): { text: string; nodes: number } {
  let nodes = 0;
  // Iterative: the deep-nesting cases would overflow a recursive walk.
  const walker = doc.createTreeWalker(doc, 0xffffffff);
  while (walker.nextNode()) nodes++;
  return { text: doc.documentElement?.textContent ?? '', nodes };
}
