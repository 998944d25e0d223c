// An editor's saved XHTML page (.xhtml) is read as the browser reads it, as XML, by every
// command that takes a page: CDATA sections are text there, and parsed as HTML they would be
// comments, so claims inside them would look missing.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetCopy, kontekst } from '../../support/cli';
import { ROOT } from '../../support/seed';

const XHTML_PAGE = join(ROOT, 'test/fixtures/hostile/xhtml.xhtml');
const COPY_URL = 'https://xml.kystposten.example/2018/07/27/putin-trump.xhtml';

describe('saved XHTML pages in the editor commands', () => {
  it('check --page anchors every claim, those inside CDATA sections too', () => {
    const run = kontekst('check', '--page', XHTML_PAGE, '--url', COPY_URL);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('(matched by canonical)');
    expect(run.stdout).toMatch(/exact\s+guardian-report/);
    expect(run.stdout).toMatch(/exact\s+putin-conditions/);
    expect(run.stdout).not.toMatch(/missing/);
    expect(run.code).toBe(0);
  });

  it('new drafts a claim whose words sit inside a CDATA section', () => {
    const dataset = datasetCopy({ withoutArticles: true });
    const run = kontekst('new', XHTML_PAGE, '--url', COPY_URL, '--dataset', dataset, '--claim', 'Det skriver The Guardian.');
    // (The page names no publisher or date: new warns about those, and only those.)
    expect(run.stderr).not.toMatch(/not on the page/);
    expect(run.code).toBe(0);
    const [file] = readdirSync(join(dataset, 'articles')).filter((name) => name.endsWith('.json'));
    const draft = JSON.parse(readFileSync(join(dataset, 'articles', file as string), 'utf8')) as { claims: { selector: { exact: string } }[] };
    expect(draft.claims.map((c) => c.selector.exact)).toEqual(['Det skriver The Guardian.']);
  });
});
