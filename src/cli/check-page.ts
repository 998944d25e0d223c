// `kontekst check --page PAGE.html --url ADDRESS [--article ID]`: proves that each claim of
// an article anchors on a saved page, the way the extension will anchor it.
import type { Article } from '../core/dataset/model';
import { annotateDocument } from './annotate-page';
import { loadHtml } from './dataset-dir';
import { InputError, UsageError } from './io';

/**
 * One line per claim and a summary; the exit code is 1 when a claim is missing or ambiguous (found
 * in places its prefix and suffix cannot tell apart: readers would not see it), or the article is
 * not recognised.
 */
export function checkPage(pagePath: string, html: string, url: string, articles: readonly Article[], articleId: string | undefined): number {
  const doc = loadHtml(html, url, pagePath);
  let chosen = articles;
  if (articleId !== undefined) {
    chosen = articles.filter((a) => a.id === articleId);
    if (chosen.length === 0) throw new UsageError(`no checked article with id ${JSON.stringify(articleId)} in the dataset`);
    // Named explicitly: the page is that article whatever its address says.
    chosen = [{ ...(chosen[0] as Article), urls: [url] }];
  }
  const report = annotateDocument(doc, url, chosen);
  if (!report.article) {
    throw new InputError([`${pagePath} is not recognised as any article of the dataset (by address, canonical link or text); name one with --article ID`]);
  }
  const how = articleId !== undefined ? 'named with --article' : `matched by ${report.article.matchedBy}${report.article.matchedBy === 'content' ? `, score ${report.article.score}` : ''}`;
  process.stdout.write(`${pagePath} is ${report.article.id} (${how})\n`);
  const missing: string[] = [];
  const ambiguous: string[] = [];
  for (const claim of report.claims) {
    const status = claim.status === 'fuzzy' ? `fuzzy ${claim.score.toFixed(3)}` : claim.status;
    const why = claim.status === 'ambiguous' ? `  (${claim.candidates ?? 2} places fit equally well: give a prefix or suffix that tells them apart)` : '';
    process.stdout.write(`  ${status.padEnd(12)} ${claim.id}${why}\n`);
    if (claim.status === 'missing') missing.push(claim.id);
    if (claim.status === 'ambiguous') ambiguous.push(claim.id);
  }
  const anchored = report.claims.length - missing.length - ambiguous.length;
  if (missing.length || ambiguous.length) {
    const lists = [missing.length ? `missing: ${missing.join(', ')}` : '', ambiguous.length ? `ambiguous: ${ambiguous.join(', ')}` : ''].filter(Boolean);
    process.stderr.write(`${anchored} of ${report.claims.length} claim(s) anchor on ${pagePath}; ${lists.join('; ')}\n`);
    return 1;
  }
  process.stdout.write(`all ${report.claims.length} claim(s) anchor on ${pagePath}\n`);
  return 0;
}
