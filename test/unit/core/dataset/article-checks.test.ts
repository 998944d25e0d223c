import { describe, expect, it } from 'vitest';
import { NOTE_BODY_MAX, checkArticle } from '../../../../src/core/dataset/article-checks';
import { MIRROR_HOSTS, URL_SHORTENERS } from '../../../../src/core/dataset/source-hosts';
import { compileIndex } from '../../../../src/core/recognition/index-compile';
import { publicArticle } from '../../../../src/core/dataset/model';
import { loadIndex } from '../../../../src/core/recognition/recognize';
import { readPageText } from '../../../../src/core/anchoring/page-text';
import { SEED_PAGE, loadPage, seedArticle } from '../../../support/seed';

const savedPage = readPageText(loadPage(SEED_PAGE).body);

describe('the seed article', () => {
  it('passes every check against its saved copy', () => {
    expect(checkArticle(seedArticle(), 'seed.json', { savedPage }).problems).toEqual([]);
  });

  it('has at least ten claims, each with dated, https-sourced notes in Danish and English', () => {
    const article = seedArticle();
    expect(article.claims.length).toBeGreaterThanOrEqual(10);
    for (const note of article.claims.flatMap((c) => c.notes)) {
      expect(note.title.da && note.title.en && note.body.da && note.body.en, note.id).toBeTruthy();
      expect(note.sources.length, note.id).toBeGreaterThan(0);
      for (const source of note.sources) expect(source.url, note.id).toMatch(/^https:\/\//);
    }
  });

  it('ships without its fingerprint source or saved copy name', () => {
    const shipped = publicArticle(seedArticle()) as Record<string, unknown>;
    expect(shipped.savedCopy).toBeUndefined();
    expect(shipped.fingerprint).toBeUndefined();
  });

  it('compiles into an index that loads back to the same addresses and hashes', () => {
    const article = seedArticle();
    const index = loadIndex(compileIndex([article]));
    expect([...index.urls].map(([, owner]) => owner)).toEqual([0]);
    expect(index.hashes.length).toBe(new Set(article.fingerprint.hashes).size);
    expect([...index.hashes]).toEqual([...index.hashes].sort((a, b) => a - b));
  });
});

describe('checkArticle names the file, the JSON path and what is wrong', () => {
  const broken = (edit: (a: ReturnType<typeof seedArticle>) => void) => {
    const article = seedArticle();
    edit(article);
    return checkArticle(article, 'a.json', { savedPage }).problems.map((p) => `${p.path}: ${p.message}`);
  };

  it.each([
    ['a missing field', (a: ReturnType<typeof seedArticle>) => delete (a as Partial<typeof a>).headline, '$: is missing the required field "headline"'],
    ['a source that is not https', (a: ReturnType<typeof seedArticle>) => ((a.claims[0]!.notes[0]!.sources[0]!.url = 'http://example.com/x')), '$.claims[0].notes[0].sources[0].url: "http://example.com/x" does not match'],
    ['a duplicate claim id', (a: ReturnType<typeof seedArticle>) => ((a.claims[1]!.id = a.claims[0]!.id)), '$.claims[1].id: duplicate id "putin-invitation" (also at $.claims[0].id)'],
    ['a quote not on the saved page', (a: ReturnType<typeof seedArticle>) => ((a.claims[2]!.selector.exact = 'Denne sætning står ikke i artiklen.')), '$.claims[2].selector.exact: quote does not occur in the saved copy'],
    ['a date that does not exist', (a: ReturnType<typeof seedArticle>) => ((a.published = '2018-02-30')), '$.published: "2018-02-30" is not a real date'],
  ])('%s', (_reason, edit, expected) => {
    const problems = broken(edit);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });
});

describe('notes a reader can trust (issue 11)', () => {
  const withSources = (sources: Record<string, string>[], edit: (a: ReturnType<typeof seedArticle>) => void = () => {}) => {
    const article = seedArticle();
    const note = article.claims[0]!.notes[0]!;
    note.sources = sources as unknown as typeof note.sources;
    edit(article);
    return checkArticle(article, 'a.json', { today: '2026-12-02' });
  };
  const news = { title: 'Putin tells Trump', publisher: 'Reuters', published: '2018-07-27', url: 'https://www.reuters.com/x' };
  const encyclopaedia = { title: 'Kerch Strait incident', publisher: 'Wikipedia', accessed: '2026-12-02', url: 'https://en.wikipedia.org/wiki/Kerch_Strait_incident' };

  it("every seed note's asOf is at least the newest date among its sources", () => {
    for (const note of seedArticle().claims.flatMap((c) => c.notes)) {
      const newest = note.sources.map((s) => s.published ?? s.accessed ?? '').sort().at(-1) ?? '';
      expect(note.asOf >= newest, `${note.id}: as of ${note.asOf}, newest source ${newest}`).toBe(true);
    }
  });

  it('every seed note corrected in this round records it, in both languages', () => {
    const corrected = seedArticle().claims.flatMap((c) => c.notes).filter((n) => n.revisions?.length);
    expect(corrected.length).toBeGreaterThanOrEqual(15);
    for (const note of corrected) for (const r of note.revisions!) expect(r.da && r.en && r.date, note.id).toBeTruthy();
  });

  it('warns, without refusing, when a note rests only on a reference work', () => {
    const result = withSources([encyclopaedia]);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([{ file: 'a.json', path: '$.claims[0].notes[0].sources', message: 'rest only on a reference work; cite the primary document or a news report as well' }]);
    expect(withSources([encyclopaedia, news]).warnings).toEqual([]);
  });

  it.each([...URL_SHORTENERS].map((host) => ({ host })))('refuses a source behind the shortener $host', ({ host }) => {
    const problems = withSources([{ ...news, url: `https://${host}/abc` }]).problems.map((p) => p.message);
    expect(problems).toEqual([`"https://${host}/abc" is a shortened link (${host}); cite the address it leads to`]);
  });

  it.each([...MIRROR_HOSTS].map(([host, canonical]) => ({ host, canonical })))('refuses a source on the mirror host $host', ({ host, canonical }) => {
    const problems = withSources([{ ...news, url: `https://${host}/a/b` }]).problems.map((p) => p.message);
    expect(problems).toEqual([`"https://${host}/a/b" is on ${host}, a copy of ${canonical}; cite the page on ${canonical}`]);
  });

  it.each([
    { why: 'a day after today in UTC is still today somewhere', asOf: '2026-12-03', ok: true },
    { why: 'two days ahead is the future everywhere', asOf: '2026-12-04', ok: false },
    { why: 'the day of the newest source', asOf: '2018-07-27', ok: true },
    { why: 'a day before the newest source', asOf: '2018-07-26', ok: false },
  ])('asOf $asOf: $why', ({ asOf, ok }) => {
    const result = withSources([news], (a) => void (a.claims[0]!.notes[0]!.asOf = asOf));
    expect(result.problems.length === 0).toBe(ok);
  });

  it(`allows a note body of ${NOTE_BODY_MAX} characters and refuses one more`, () => {
    const body = (n: number) => withSources([news], (a) => void (a.claims[0]!.notes[0]!.body.da = 'x'.repeat(n))).problems;
    expect(body(NOTE_BODY_MAX)).toEqual([]);
    expect(body(NOTE_BODY_MAX + 1).map((p) => p.path)).toEqual(['$.claims[0].notes[0].body.da']);
  });
});
