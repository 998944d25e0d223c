// `kontekst annotate` and `kontekst check`, run in-process as editors run them (the built tool's
// wiring, a process of its own, is shown by test/tooling/cli-spawned.test.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kontekst } from '../../support/cli';
import { PAGES, SEED_ID, SEED_PAGE, SEED_URL, seedArticle } from '../../support/seed';

const run = (...args: string[]) => {
  const { code, stdout, stderr } = kontekst(...args);
  return { status: code, stdout, stderr };
};

describe('kontekst annotate', () => {
  it('prints one JSON object with the article, every claim and the timings', () => {
    const result = run('annotate', SEED_PAGE, '--url', SEED_URL);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['url', 'article', 'claims', 'timings']);
    expect(report.article).toMatchObject({ id: SEED_ID, title: 'Putin har inviteret Trump til Moskva', matchedBy: 'url', score: 1 });
    expect(report.claims.map((c: { id: string }) => c.id)).toEqual(seedArticle().claims.map((c) => c.id));
    const first = report.claims[0];
    expect(Object.keys(first)).toEqual(['id', 'status', 'score', 'quote', 'text', 'notes']);
    expect(first).toMatchObject({ status: 'exact', score: 1, quote: seedArticle().claims[0]!.selector.exact });
    expect(Object.keys(first.notes[0])).toEqual(['id', 'kind', 'title']);
    expect(typeof report.timings.recognizeMs).toBe('number');
    expect(typeof report.timings.anchorMs).toBe('number');
  });

  it('titles notes in the language asked for', () => {
    const report = JSON.parse(run('annotate', SEED_PAGE, '--url', SEED_URL, '--lang', 'en').stdout);
    expect(report.claims[0].notes[0].title).toBe(seedArticle().claims[0]!.notes[0]!.title.en);
  });

  it('reports a page that is not in the dataset with no article and no claims', () => {
    const result = run('annotate', join(PAGES, 'helsinki-other.html'), '--url', 'https://www.dr.dk/nyheder/udland/x');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ article: null, claims: [] });
  });

  it.each([
    ['no page', ['annotate', '--url', SEED_URL]],
    ['no address', ['annotate', SEED_PAGE]],
    ['an address that is not absolute', ['annotate', SEED_PAGE, '--url', 'jyllands-posten.dk/x']],
    ['an unknown option', ['annotate', SEED_PAGE, '--url', SEED_URL, '--colour']],
    ['an unreadable page', ['annotate', join(PAGES, 'does-not-exist.html'), '--url', SEED_URL]],
    ['an unknown command', ['frobnicate']],
    ['no command', []],
  ])('%s: a one-line error on stderr and exit code 2', (_reason, args) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^kontekst: /);
  });
});

describe('kontekst check', () => {
  it('--stale DAYS lists the notes whose "as of" is older, oldest first, so an editor knows what to recheck', () => {
    const result = kontekst('check', '--stale', '365', '--today', '2026-12-02');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').slice(1);
    expect(lines.map((line) => line.replace(/^.*?: \$/, '$'))).toEqual([
      '$.claims[9].notes[2] (phone-call-iran-snapback): as of 2025-09-28, 430 days ago',
      '$.claims[13].notes[2] (g20-buenos-aires-afterwards): as of 2025-10-22, 406 days ago',
      '2 note(s) not checked in the last 365 day(s) (as of before 2025-12-02)',
    ]);
    expect(kontekst('check', '--stale', '5000', '--today', '2026-12-02').stdout).toMatch(/\n0 note\(s\) not checked in the last 5000 day\(s\)/);
  });

  it('refuses a --stale that is not a number of days, and a --today that is not a date', () => {
    expect(kontekst('check', '--stale', 'soon').stderr).toMatch(/--stale takes a number of days/);
    expect(kontekst('check', '--today', '2026-02-30').stderr).toMatch(/--today must be a date written YYYY-MM-DD/);
  });

  it('accepts the bundled dataset', () => {
    const result = run('check');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ok: 1 article\(s\), 14 claim\(s\)/);
  });
});
