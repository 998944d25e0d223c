// Hostile pages through the command-line tool (`kontekst annotate`, in-process), where the file
// alone is the case: the tool either reports what the extension would do, or refuses the
// file with one line on stderr (exit 2) — never a stack trace.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotateDocument } from '../../../src/cli/annotate-page';
import { MAX_MARKUP_DEPTH } from '../../../src/cli/dataset-dir';
import { markupDepth } from '../../../src/cli/markup-depth';
import { kontekst, tempDir } from '../../support/cli';
import { hostileFixtures } from '../../support/hostile-fixtures';
import { parsePage, seedArticles } from '../../support/pipeline';
import { PAGES, ROOT, SEED_DATASET, SEED_PAGE, SEED_URL } from '../../support/seed';

const DATASET = SEED_DATASET;

interface Report {
  article: { id: string; matchedBy: string } | null;
  claims: { id: string; status: string }[];
}

const cliCases = hostileFixtures().filter(({ expected }) => expected.cli && !expected.mutation);

describe('kontekst annotate on hostile pages', () => {
  it('has the file-only cases', () => expect(cliCases.length).toBeGreaterThanOrEqual(7));

  it.each(cliCases)('$name', ({ file, expected }) => {
    const run = kontekst('annotate', file, '--url', expected.url, '--dataset', DATASET);
    expect(run.stderr, expected.reason).toBe('');
    expect(run.code, expected.reason).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.article?.id ?? null, expected.reason).toBe(expected.article);
    expect(report.article?.matchedBy ?? null, expected.reason).toBe(expected.matchedBy);
    expect(Object.fromEntries(report.claims.map((c) => [c.id, c.status])), expected.reason).toEqual(expected.claims);
  });

  const refused = [
    {
      name: 'elements nested 50,000 deep in the markup',
      reason: 'jsdom builds the tree recursively and overflows the stack where a browser\'s parser stops nesting; the tool says so instead of crashing',
      file: 'deep.html',
      html: () => readFileSync(SEED_PAGE, 'utf8').replace('<main>', `<main>${'<div>'.repeat(50_000)}dybt${'</div>'.repeat(50_000)}`),
      message: /^kontekst: cannot read .*deep\.html: its elements nest too deeply to read \(a browser stops nesting them at 512 levels\)\n$/,
    },
    {
      name: 'an .xhtml file that is not well-formed XML',
      reason: 'a browser shows an XML parse error for such a page and so does the tool, on one line',
      file: 'broken.xhtml',
      html: () => '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Det skriver <b>The Guardian.</p></body></html>',
      message: /^kontekst: cannot read .*broken\.xhtml: it is not well-formed XML \(.+\)\n$/,
    },
  ];

  it.each(refused)('refuses $name with one line', ({ file, html, message, reason }) => {
    const path = join(tempDir(), file);
    writeFileSync(path, html());
    const run = kontekst('annotate', path, '--url', SEED_URL, '--dataset', DATASET);
    expect(run.stderr, reason).toMatch(message);
    expect(run.code, reason).toBe(2);
    expect(run.stdout).toBe('');
  });

  it('the depth estimate refuses no ordinary page: every fixture page and saved copy is far below the limit', () => {
    const pages = [...readdirSync(PAGES).map((f) => join(PAGES, f)), ...hostileFixtures().map((f) => f.file), SEED_PAGE];
    for (const page of pages.filter((p) => /\.x?html?$/.test(p))) expect(markupDepth(readFileSync(page, 'utf8')), page).toBeLessThan(64);
    // Unclosed <p> and <li> (their end tags are optional) do not add up; unclosed <div>s do.
    expect(markupDepth(`${'<p>a'.repeat(5000)}${'<li>b'.repeat(5000)}`)).toBe(0);
    expect(markupDepth('<div><span><script>"<div><div><div>"</script></span><!-- <div> --></div>')).toBe(2);
    expect(markupDepth('<div>'.repeat(MAX_MARKUP_DEPTH + 1))).toBeGreaterThan(MAX_MARKUP_DEPTH);
  });

  it('annotateDocument on a document with no root element reports every claim missing', () => {
    // What a page script that removes <html> leaves (fixture document-emptied), read by the CLI's own pipeline.
    const doc = parsePage('<!doctype html><p>x</p>', SEED_URL).window.document;
    doc.documentElement.remove();
    const report = annotateDocument(doc, SEED_URL, seedArticles);
    expect(report.article?.matchedBy).toBe('url');
    expect(new Set(report.claims.map((c) => c.status))).toEqual(new Set(['missing']));
  });
});
