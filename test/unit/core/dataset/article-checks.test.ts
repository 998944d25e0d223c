import { describe, expect, it } from 'vitest';
import { checkArticle } from '../../../../src/core/dataset/article-checks';
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
    expect([...index.urls.values()]).toEqual([0]);
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
