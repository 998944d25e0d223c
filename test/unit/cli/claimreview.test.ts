import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERDICTS, kindOfRating } from '../../../src/cli/claimreview-format';
import type { Article } from '../../../src/core/dataset/model';
import { datasetCopy, kontekst, tempDir } from '../../support/cli';
import { readJson, ROOT, SEED_ID, SEED_URL } from '../../support/seed';

// ---------------------------------------------------------------------------------------
// schema.org terms, transcribed from https://schema.org (types: ClaimReview, Claim,
// CreativeWork, Organization, Rating and the types they inherit from). A property is valid
// on a node when one of its domains is the node's type or a supertype of it; a value is valid
// when it has one of the property's ranges.

const SUPERTYPES: Record<string, string[]> = {
  Thing: [],
  CreativeWork: ['Thing'],
  Review: ['CreativeWork'],
  ClaimReview: ['Review'],
  Claim: ['CreativeWork'],
  Intangible: ['Thing'],
  Rating: ['Intangible'],
  Organization: ['Thing'],
  Person: ['Thing'],
};

const PROPERTIES: Record<string, { domains: string[]; ranges: string[] }> = {
  name: { domains: ['Thing'], ranges: ['Text'] },
  alternateName: { domains: ['Thing'], ranges: ['Text'] },
  url: { domains: ['Thing'], ranges: ['URL'] },
  sameAs: { domains: ['Thing'], ranges: ['URL'] },
  claimReviewed: { domains: ['ClaimReview'], ranges: ['Text'] },
  reviewBody: { domains: ['Review'], ranges: ['Text'] },
  reviewRating: { domains: ['Review'], ranges: ['Rating'] },
  itemReviewed: { domains: ['Review', 'AggregateRating'], ranges: ['Thing'] },
  author: { domains: ['CreativeWork', 'Rating'], ranges: ['Organization', 'Person'] },
  datePublished: { domains: ['CreativeWork'], ranges: ['Date', 'DateTime'] },
  dateModified: { domains: ['CreativeWork'], ranges: ['Date', 'DateTime'] },
  inLanguage: { domains: ['CreativeWork', 'Event', 'BroadcastService', 'CommunicateAction', 'LinkRole', 'PronounceableText', 'WriteAction'], ranges: ['Language', 'Text'] },
  headline: { domains: ['CreativeWork'], ranges: ['Text'] },
  publisher: { domains: ['CreativeWork'], ranges: ['Organization', 'Person'] },
  appearance: { domains: ['Claim'], ranges: ['CreativeWork'] },
  firstAppearance: { domains: ['Claim'], ranges: ['CreativeWork'] },
  citation: { domains: ['CreativeWork'], ranges: ['CreativeWork', 'Text'] },
  ratingValue: { domains: ['Rating'], ranges: ['Number', 'Text'] },
  bestRating: { domains: ['Rating'], ranges: ['Number', 'Text'] },
  worstRating: { domains: ['Rating'], ranges: ['Number', 'Text'] },
  ratingExplanation: { domains: ['Rating'], ranges: ['Text'] },
};

function ancestry(type: string): string[] {
  const parents = SUPERTYPES[type];
  if (!parents) return [];
  return [type, ...parents.flatMap(ancestry)];
}

const DATA_TYPES: Record<string, (v: unknown) => boolean> = {
  Text: (v) => typeof v === 'string' && v.trim().length > 0,
  URL: (v) => typeof v === 'string' && /^https?:\/\/\S+$/.test(v) && URL.canParse(v),
  Date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  DateTime: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v),
  Number: (v) => typeof v === 'number' && Number.isFinite(v),
};

/** Every problem of a JSON-LD node tree against the transcribed vocabulary. */
function vocabularyProblems(node: Record<string, unknown>, path = '$'): string[] {
  const type = node['@type'];
  if (typeof type !== 'string' || !SUPERTYPES[type]) return [`${path}: unknown @type ${JSON.stringify(type)}`];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === '@type' || key === '@id') continue;
    const property = PROPERTIES[key];
    if (!property) {
      problems.push(`${path}.${key}: not a property this test knows of schema.org`);
      continue;
    }
    if (!property.domains.some((d) => ancestry(type).includes(d))) problems.push(`${path}.${key}: not a property of ${type}`);
    (Array.isArray(value) ? value : [value]).forEach((item, i) => {
      const at = Array.isArray(value) ? `${path}.${key}[${i}]` : `${path}.${key}`;
      if (typeof item === 'object' && item !== null) {
        const itemType = (item as { '@type'?: unknown })['@type'];
        if (typeof itemType !== 'string' || !property.ranges.some((r) => ancestry(itemType).includes(r))) problems.push(`${at}: a ${String(itemType)} is not in the range of ${key}`);
        problems.push(...vocabularyProblems(item as Record<string, unknown>, at));
      } else if (!property.ranges.some((r) => DATA_TYPES[r]?.(item))) {
        problems.push(`${at}: ${JSON.stringify(item)} is not a ${property.ranges.join(' or ')}`);
      }
      if (key === 'inLanguage' && !/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(String(item))) problems.push(`${at}: not a BCP 47 language code`);
    });
  }
  return problems;
}

const seed = (): Article => readJson<Article>(join(ROOT, 'src/dataset/articles', `${SEED_ID}.json`));
const judging = (article: Article) => article.claims.flatMap((claim) => claim.notes.filter((n) => n.kind === 'clarification' || n.kind === 'disputed').map((note) => ({ claim, note })));

interface ReviewDoc {
  '@context': string;
  '@graph': Record<string, any>[];
}

function exported(...args: string[]): ReviewDoc {
  const out = join(tempDir(), 'claimreview.jsonld');
  const run = kontekst('export', '--claimreview', '--out', out, ...args);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return readJson<ReviewDoc>(out);
}

describe('kontekst export --claimreview', () => {
  it('writes one ClaimReview per note that judges a claim, valid against the schema.org vocabulary', () => {
    const doc = exported('--author', 'Kontekst redaktionen', '--author-url', 'https://kontekst.example/');
    expect(doc['@context']).toBe('https://schema.org');
    const expected = judging(seed());
    expect(expected.length).toBeGreaterThan(0);
    expect(doc['@graph']).toHaveLength(expected.length);
    for (const node of doc['@graph']) expect(vocabularyProblems(node)).toEqual([]);

    const urls = new Set<string>();
    doc['@graph'].forEach((review, i) => {
      const { claim, note } = expected[i]!;
      expect(review).toMatchObject({
        '@type': 'ClaimReview',
        claimReviewed: claim.selector.exact,
        name: note.title.da,
        reviewBody: note.body.da,
        datePublished: note.asOf,
        inLanguage: 'da',
        reviewRating: { '@type': 'Rating', alternateName: VERDICTS[note.kind as 'clarification' | 'disputed'].da },
        author: { '@type': 'Organization', name: 'Kontekst redaktionen', url: 'https://kontekst.example/' },
        itemReviewed: {
          '@type': 'Claim',
          appearance: { '@type': 'CreativeWork', url: SEED_URL, headline: 'Putin har inviteret Trump til Moskva', datePublished: '2018-07-27', publisher: { '@type': 'Organization', name: 'Jyllands-Posten' } },
        },
      });
      expect(review.citation.map((c: { url: string }) => c.url)).toEqual(note.sources.map((s) => s.url));
      // Each source's publication date; a reference work read on a day has none to give.
      expect(review.citation.map((c: { datePublished?: string }) => c.datePublished)).toEqual(note.sources.map((s) => s.published));
      // A corrected note carries the day of its newest correction.
      expect(review.dateModified).toBe(note.revisions?.map((r) => r.date).sort().at(-1));
      expect(review.url).toBe(`${SEED_URL}#kontekst-${note.id}`);
      urls.add(review.url);
    });
    expect(urls.size).toBe(doc['@graph'].length);
    // The disputed note reads as a verdict of "Omstridt"; background and source notes are not reviews.
    expect(doc['@graph'].filter((r) => r.reviewRating.alternateName === 'Omstridt').map((r) => r.url)).toEqual([`${SEED_URL}#kontekst-disputed-invitation-told-not-sent`]);
  });

  it('the vocabulary check itself catches what schema.org does not allow', () => {
    const review = exported()['@graph'][0] as Record<string, any>;
    expect(vocabularyProblems({ ...review, reviewRating: { ...review.reviewRating, headline: 'x' } })).toEqual(['$.reviewRating.headline: not a property of Rating']);
    expect(vocabularyProblems({ ...review, itemReviewed: { ...review.itemReviewed, claimReviewed: 'x' } })).toEqual(['$.itemReviewed.claimReviewed: not a property of Claim']);
    expect(vocabularyProblems({ ...review, author: 'Kontekst' })).toEqual(['$.author: "Kontekst" is not a Organization or Person']);
    expect(vocabularyProblems({ ...review, datePublished: '28/11/2026' })).toEqual(['$.datePublished: "28/11/2026" is not a Date or DateTime']);
    expect(vocabularyProblems({ ...review, reviewRating: { '@type': 'Review' } })).toEqual(['$.reviewRating: a Review is not in the range of reviewRating']);
    expect(vocabularyProblems({ ...review, '@type': 'FactCheck' })).toEqual(['$: unknown @type "FactCheck"']);
  });

  it('writes the reviews in English with --lang en, by default as "Kontekst"', () => {
    const doc = exported('--lang', 'en');
    const { note } = judging(seed())[0]!;
    expect(doc['@graph'][0]).toMatchObject({ name: note.title.en, reviewBody: note.body.en, inLanguage: 'en', author: { '@type': 'Organization', name: 'Kontekst' } });
    expect(doc['@graph'][0]?.author).not.toHaveProperty('url');
    expect(doc['@graph'].find((r) => r.reviewRating.alternateName === 'Disputed')).toBeDefined();
    for (const node of doc['@graph']) expect(vocabularyProblems(node)).toEqual([]);
  });

  it('prints the document on stdout without --out', () => {
    const run = kontekst('export', '--claimreview');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as ReviewDoc)['@graph']).toHaveLength(judging(seed()).length);
  });

  it.each([
    { reason: 'no --claimreview', args: ['export'], code: 2, message: /export needs --claimreview/ },
    { reason: 'an author address that is not https', args: ['export', '--claimreview', '--author-url', 'http://kontekst.example/'], code: 2, message: /--author-url "http:\/\/kontekst\.example\/" must be an https:\/\/ address/ },
    { reason: 'an unknown article', args: ['export', '--claimreview', '--article', 'nope'], code: 2, message: /no article with id "nope"/ },
    { reason: 'an unknown language', args: ['export', '--claimreview', '--lang', 'de'], code: 2, message: /--lang must be da or en/ },
  ])('refuses $reason', ({ args, code, message }) => {
    const run = kontekst(...args);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exports nothing from a dataset with problems (a draft is not a review yet)', () => {
    const dataset = datasetCopy();
    const file = join(dataset, 'articles', `${SEED_ID}.json`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"asOf": "2026-12-02"', '"asOf": "soon"'));
    const run = kontekst('export', '--claimreview', '--dataset', dataset);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/has 1 problem\(s\); run kontekst check first/);
  });
});

describe('kontekst import --claimreview', () => {
  const FACTCHECK = join(ROOT, 'test/fixtures/claimreview/factcheck.jsonld');
  const FERRY_URL = 'https://coastal-courier.example/news/2024/03/14/ferry-pier-vote';

  it.each([
    { reason: 'a textual rating of false', rating: { alternateName: 'False' }, kind: 'disputed' },
    { reason: 'Danish: misvisende', rating: { alternateName: 'Misvisende' }, kind: 'disputed' },
    { reason: 'mostly false, whatever the number says', rating: { alternateName: 'Mostly false', ratingValue: 4 }, kind: 'disputed' },
    { reason: 'a low value on the default 1-5 scale', rating: { ratingValue: 2 }, kind: 'disputed' },
    { reason: 'a low value on a 0-10 scale', rating: { ratingValue: '3', bestRating: '10', worstRating: '0' }, kind: 'disputed' },
    { reason: 'half true: needs context, not false', rating: { alternateName: 'Half true', ratingValue: 3 }, kind: 'clarification' },
    { reason: 'needs context', rating: { alternateName: 'Needs context' }, kind: 'clarification' },
    { reason: 'no rating at all', rating: undefined, kind: 'clarification' },
  ])('reads the rating as a note kind: $reason → $kind', ({ rating, kind }) => {
    expect(kindOfRating(rating)).toBe(kind);
  });

  it('turns a fact-checker\'s ClaimReviews into draft articles, one per appearance, with draft notes check flags', () => {
    const dataset = datasetCopy({ withoutArticles: true });
    const articles = join(dataset, 'articles');
    const run = kontekst('import', '--claimreview', FACTCHECK, '--out', articles);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const files = readdirSync(articles).sort();
    expect(files).toEqual(['cc-2024-03-14-harbour-council-votes-to-rebuild-the-old-ferry.json', 'iw-2024-03-15-pier.json']);
    const coastal = readJson<Record<string, any>>(join(articles, files[0]!));
    expect(coastal).toMatchObject({ language: 'en', headline: 'Harbour council votes to rebuild the old ferry pier', publisher: 'Coastal Courier', published: '2024-03-14', urls: [FERRY_URL] });
    expect(coastal.claims).toHaveLength(2);
    expect(coastal.claims[0]).toMatchObject({
      selector: { type: 'TextQuoteSelector', exact: 'The old timber pier has been closed since a storm in 2019 tore away part of its deck' },
      notes: [
        {
          kind: 'disputed',
          title: { en: 'No, the ferry pier was closed before the 2019 storm', da: '' },
          body: { en: expect.stringMatching(/^The council closed the pier in November 2018/), da: '' },
          sources: [{ title: 'No, the ferry pier was closed before the 2019 storm', publisher: 'Harbour Fact Check', published: '2024-03-18', url: 'https://factcheck.example/2024/03/pier-closure' }],
          asOf: '2024-03-18',
        },
      ],
    });
    expect(coastal.claims[1].notes[0]).toMatchObject({ kind: 'clarification', title: { en: 'Passenger forecast rests on an unconfirmed timetable' } });
    const weekly = readJson<Record<string, any>>(join(articles, files[1]!));
    expect(weekly.urls).toEqual(['https://island-weekly.example/2024/03/15/pier']);

    // Drafts: the Danish text, the fingerprint (and what the page does not say) are still to write.
    const check = kontekst('check', '--dataset', dataset);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`${files[0]}: $.claims[0].notes[0]: draft note to write: title.da, body.da`);
    expect(check.stderr).toContain(`${files[0]}: $.fingerprint.hashes: must have at least 1 item(s)`);
  });

  it('adds to the article file that has the address, and does not import the same review twice', () => {
    const dataset = datasetCopy({ withoutArticles: true });
    const articles = join(dataset, 'articles');
    const existing = join(articles, 'cc-2024-03-14-ferry-pier-vote.json');
    const pack = readJson<{ articles: Article[] }>(join(ROOT, 'test/fixtures/packs/coastal-courier.json'));
    writeFileSync(existing, JSON.stringify({ ...pack.articles[0], urls: [`${FERRY_URL}?utm_source=newsletter`] }, null, 2));
    const first = kontekst('import', '--claimreview', FACTCHECK, '--out', articles);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`added to ${existing}: 2 draft note(s)`);
    const merged = readJson<Article>(existing);
    // Same quote as an existing claim: the review joins that claim's notes.
    const closed = merged.claims.find((c) => c.id === 'pier-closed-2019');
    expect(closed?.notes.map((n) => n.kind)).toEqual(['disputed', 'disputed']);
    expect(merged.claims).toHaveLength(3);
    const ids = merged.claims.flatMap((c) => [c.id, ...c.notes.map((n) => n.id)]);
    expect(new Set(ids).size).toBe(ids.length);

    const before = readFileSync(existing, 'utf8');
    const again = kontekst('import', '--claimreview', FACTCHECK, '--out', articles);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`added to ${existing}: 0 draft note(s), 2 already there`);
    expect(readFileSync(existing, 'utf8')).toBe(before);
  });

  it('takes its own export back: every judging note of the seed returns as a draft on the same claim', () => {
    const out = join(tempDir(), 'reviews.jsonld');
    expect(kontekst('export', '--claimreview', '--out', out).code).toBe(0);
    const drafts = tempDir();
    expect(kontekst('import', '--claimreview', out, '--out', drafts).code).toBe(0);
    const [file] = readdirSync(drafts);
    const draft = readJson<Article>(join(drafts, file!));
    expect(draft.urls).toEqual([SEED_URL]);
    const expected = judging(seed());
    expect(draft.claims.flatMap((c) => c.notes.map((n) => [c.selector.exact, n.kind, n.title.da]))).toEqual(expected.map(({ claim, note }) => [claim.selector.exact, note.kind, note.title.da]));
  });

  it.each([
    { reason: 'a single object', wrap: (review: object) => review },
    { reason: 'an array', wrap: (review: object) => [review] },
    { reason: 'an @graph', wrap: (review: object) => ({ '@context': 'https://schema.org', '@graph': [review] }) },
    { reason: 'a legacy review whose itemReviewed is the article itself', wrap: (review: object) => ({ ...review, itemReviewed: { '@type': 'CreativeWork', url: FERRY_URL } }) },
  ])('reads $reason', ({ wrap }) => {
    const review = { '@type': 'ClaimReview', inLanguage: 'en', claimReviewed: 'The council voted 7 to 4 on Tuesday', reviewRating: { '@type': 'Rating', alternateName: 'True' }, itemReviewed: { '@type': 'Claim', appearance: FERRY_URL } };
    const dir = tempDir();
    const file = join(dir, 'in.json');
    writeFileSync(file, JSON.stringify(wrap(review)));
    const run = kontekst('import', '--claimreview', file, '--out', join(dir, 'out'));
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/imported 1 draft note\(s\) from 1 ClaimReview/);
  });

  it.each([
    { reason: 'declares no language', language: undefined, warning: /\$: the review declares no inLanguage; its text went into the English fields \(move or translate it\)$/ },
    { reason: 'is in German', language: 'de-DE', warning: /\$: the review is in "de-DE", neither Danish nor English;/ },
  ])('says where the text went when a review $reason', ({ language, warning }) => {
    const dir = tempDir();
    const file = join(dir, 'in.json');
    writeFileSync(file, JSON.stringify({ '@type': 'ClaimReview', inLanguage: language, name: 'Falsch', claimReviewed: 'The council voted 7 to 4', itemReviewed: { '@type': 'Claim', appearance: FERRY_URL } }));
    const run = kontekst('import', '--claimreview', file, '--out', join(dir, 'out'));
    expect(run.code).toBe(0);
    expect(run.stderr.trim()).toMatch(warning);
    const [draft] = readdirSync(join(dir, 'out'));
    expect(readJson<Article>(join(dir, 'out', draft!)).claims[0]?.notes[0]?.title).toEqual({ da: '', en: 'Falsch' });
  });

  it.each([
    { reason: 'broken JSON', text: '{"@type": "ClaimReview",', lines: [/in\.json: \$: is not valid JSON/] },
    { reason: 'not an object or array', text: '42', lines: [/in\.json: \$: must be a ClaimReview object, an array of them, or a JSON-LD document with an @graph$/] },
    { reason: 'no ClaimReview in it', text: '{"@type": "NewsArticle", "headline": "x"}', lines: [/in\.json: \$: holds no ClaimReview/] },
    {
      reason: 'a review without claim or item',
      text: '[{"@type": "NewsArticle"}, {"@type": "ClaimReview"}]',
      lines: [/in\.json: \$\[1\]\.claimReviewed: is missing or empty/, /in\.json: \$\[1\]\.itemReviewed: is missing/],
    },
    {
      reason: 'an appearance that is not a web address',
      text: JSON.stringify({ '@graph': [{ '@type': 'ClaimReview', claimReviewed: 'The council voted 7 to 4', itemReviewed: { '@type': 'Claim', appearance: [{ '@type': 'CreativeWork', url: 'ftp://x.example/a' }] } }] }),
      lines: [/in\.json: \$\["@graph"\]\[0\]\.itemReviewed\.appearance\[0\]: is not a web address/],
    },
    {
      reason: 'a claim without an appearance',
      text: JSON.stringify({ '@type': 'ClaimReview', claimReviewed: 'The council voted 7 to 4', itemReviewed: { '@type': 'Claim', author: 'x' } }),
      lines: [/in\.json: \$\.itemReviewed: names no appearance/],
    },
  ])('refuses $reason: one line per problem, exit 1, nothing written', ({ text, lines }) => {
    const dir = tempDir();
    const file = join(dir, 'in.json');
    writeFileSync(file, text);
    const run = kontekst('import', '--claimreview', file, '--out', join(dir, 'out'));
    expect(run.code).toBe(1);
    const written = run.stderr.trim().split('\n');
    expect(written).toHaveLength(lines.length);
    lines.forEach((line, i) => expect(written[i]).toMatch(line));
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('an unreadable file is a bad call: exit 2', () => {
    const run = kontekst('import', '--claimreview', '/nonexistent/reviews.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('kontekst: cannot read /nonexistent/reviews.json: ENOENT\n');
  });
});
