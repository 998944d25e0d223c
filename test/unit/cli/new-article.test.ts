import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { anchorQuote, foldSelector } from '../../../src/core/anchoring/anchor-quote';
import { anchorClaims } from '../../../src/core/anchoring/article-anchoring';
import { type Article } from '../../../src/core/dataset/model';
import { checkQuoteOnPage } from '../../../src/core/dataset/article-checks';
import { readPageText } from '../../../src/core/anchoring/page-text';
import { datasetCopy, kontekst, tempDir } from '../../support/cli';
import { PAGES, readJson, SEED_ID, SEED_PAGE, SEED_URL, seedArticle } from '../../support/seed';

const DERIVED_ID = 'jp-2018-07-27-putin-har-inviteret-trump-til-moskva';
const QUOTES = {
  invitation: "Den russiske præsident, Vladimir Putin, sagde fredag, at han har inviteret USA's præsident, Donald Trump, til Moskva.",
  guardian: 'Det skriver The Guardian.',
  // Typed with straight quotes; the page prints guillemets.
  sanders: '"Præsident Trump ser frem til at få besøg af præsident Putin i Washington.',
};

type Draft = Omit<Article, 'claims' | 'language'> & { language: string; claims: { id: string; selector: { exact: string; prefix: string; suffix: string }; notes: Record<string, unknown>[] }[] };

function pageText(path: string) {
  return readPageText(new JSDOM(readFileSync(path, 'utf8')).window.document.body);
}

describe('kontekst new', () => {
  it('drafts the seed article from its saved page: metadata, addresses, fingerprint and unique claim anchors', () => {
    const dataset = datasetCopy({ withoutArticles: true });
    const page = join(dataset, 'saved', `${SEED_ID}.html`);
    const run = kontekst('new', page, '--url', SEED_URL, '--dataset', dataset, '--claim', QUOTES.invitation, '--claim', QUOTES.guardian, '--claim', QUOTES.sanders);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const file = join(dataset, 'articles', `${DERIVED_ID}.json`);
    expect(run.stdout).toContain(file);
    const draft = readJson<Draft>(file);
    expect(draft).toMatchObject({
      $schema: '../article.schema.json',
      id: DERIVED_ID,
      language: 'da',
      headline: 'Putin har inviteret Trump til Moskva',
      publisher: 'Jyllands-Posten',
      published: '2018-07-27',
      urls: [SEED_URL],
      savedCopy: `${SEED_ID}.html`,
    });
    // The same fingerprint the finished seed carries, made by the code of `kontekst fingerprint`.
    const seed = seedArticle();
    expect(draft.fingerprint).toEqual(seed.fingerprint);

    const text = pageText(page);
    expect(draft.claims.map((c) => c.id)).toEqual(['den-russiske-praesident-vladimir-putin', 'det-skriver-the-guardian', 'praesident-trump-ser-frem-til-at-faa']);
    for (const claim of draft.claims) {
      expect(checkQuoteOnPage(claim.selector, text)).toBeNull();
      const anchor = anchorQuote(text.text, foldSelector(claim.selector));
      expect(anchor.status).toBe('exact');
      // Context is kept even for unique quotes, so a later pull quote cannot steal the anchor.
      expect(claim.selector.prefix.length + claim.selector.suffix.length).toBeGreaterThan(10);
      expect(claim.selector.prefix.length).toBeLessThanOrEqual(64);
      expect(claim.selector.suffix.length).toBeLessThanOrEqual(64);
    }
    // The page's own characters are kept in the quote: the guillemet, not the typed straight quote.
    expect(draft.claims[2]?.selector.exact.startsWith('»Præsident Trump')).toBe(true);
  });

  it('leaves a placeholder note on every claim that check reports, one line per note, until the editor writes it', () => {
    const dataset = datasetCopy({ withoutArticles: true });
    const page = join(dataset, 'saved', `${SEED_ID}.html`);
    expect(kontekst('new', page, '--url', SEED_URL, '--dataset', dataset, '--id', SEED_ID, '--claim', QUOTES.invitation, '--claim', QUOTES.guardian).code).toBe(0);
    const before = kontekst('check', '--dataset', dataset);
    expect(before.code).toBe(1);
    const lines = before.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/\$\.claims\[0\]\.notes\[0\]: draft note to write: kind, title\.da, title\.en, body\.da, body\.en, sources\[0\]\.title, sources\[0\]\.publisher, sources\[0\].published, sources\[0\]\.url$/),
      expect.stringMatching(/\$\.claims\[1\]\.notes\[0\]: draft note to write: kind, /),
      expect.stringMatching(/^2 problem\(s\) in /),
    ]);
    // The build compiles the dataset with the same loader: it refuses drafts just as check does.

    // Partly written: the line names only the fields still empty.
    const file = join(dataset, 'articles', `${SEED_ID}.json`);
    const draft = readJson<Draft>(file);
    const note = draft.claims[0]?.notes[0] as { title: { da: string }; kind: string };
    note.title.da = 'Putin sagde det mundtligt';
    writeFileSync(file, JSON.stringify(draft));
    const partly = kontekst('check', '--dataset', dataset);
    expect(partly.code).toBe(1);
    expect(partly.stderr).toMatch(/\$\.claims\[0\]\.notes\[0\]: draft note to write: kind, title\.en, body\.da,/);
    // A wrong value is a mistake, not an unwritten field: every problem of that note is shown as it is.
    note.kind = 'opinion';
    writeFileSync(file, JSON.stringify(draft));
    const wrong = kontekst('check', '--dataset', dataset);
    expect(wrong.stderr).toContain('$.claims[0].notes[0].kind: must be one of "background", "clarification", "disputed", "later-development", "source", not "opinion"');
    expect(wrong.stderr).toContain('$.claims[0].notes[0].title.en: must not be empty');

    // Written: the finished seed's notes on the same quotes make the file pass.
    const seed = seedArticle();
    draft.claims.forEach((claim, i) => (claim.notes = seed.claims[i]?.notes as unknown as Record<string, unknown>[]));
    writeFileSync(file, JSON.stringify(draft));
    const after = kontekst('check', '--dataset', dataset);
    expect(after.stderr).toBe('');
    expect(after.stdout).toMatch(/^ok: 1 article\(s\), 2 claim\(s\)/);
    expect(after.code).toBe(0);
  });

  it('anchors a repeated sentence in the article text, not in the pull quote before it, and says it occurs twice', () => {
    const dir = tempDir();
    const out = join(dir, 'draft.json');
    const quote = 'Der er dog uenighed om, hvorvidt Putin allerede har inviteret Trump';
    const run = kontekst('new', join(PAGES, 'duplicate-quote.html'), '--url', SEED_URL, '--out', out, '--claim', quote);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/occurs 2 times/);
    const draft = readJson<Draft>(out);
    const doc = new JSDOM(readFileSync(join(PAGES, 'duplicate-quote.html'), 'utf8')).window.document;
    const claim = { ...draft.claims[0], notes: [] } as unknown as Article['claims'][number];
    const [anchored] = anchorClaims(doc.body, [claim]).anchored;
    expect(anchored?.anchor.status).toBe('exact');
    expect(anchored?.anchor.range?.startContainer.parentElement?.closest('aside')).toBeNull();
    expect(checkQuoteOnPage(draft.claims[0]!.selector, readPageText(doc.body))).toBeNull();
  });

  it.each([
    {
      reason: 'a quote that is not on the page names the nearest text on it',
      claim: 'Den russiske præsident, Vladimir Putin, sagde torsdag, at han har inviteret USA\'s præsident, Donald Trump, til Moskva.',
      message: /the quote "Den russiske.*" is not on the page; the nearest text is ".*" \(score 0\.9\d+\)/,
    },
    { reason: 'a sentence nowhere near the page', claim: 'Statsministeren holdt tale i Folketinget om finansloven.', message: /the quote "Statsministeren.*" is not on the page$/m },
    { reason: 'too short to anchor safely', claim: 'Putin', message: /the quote "Putin" is too short/ },
    { reason: 'a quote across two paragraphs', claim: 'til Moskva. Det skriver The Guardian.', message: /runs across two paragraphs \(or blocks\) of the page; make it two claims/ },
  ])('refuses with exit 1 and writes nothing: $reason', ({ claim, message }) => {
    const dir = tempDir();
    const out = join(dir, 'draft.json');
    const run = kontekst('new', SEED_PAGE, '--url', SEED_URL, '--out', out, '--claim', QUOTES.guardian, '--claim', claim);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    { reason: 'no --url', args: ['new', SEED_PAGE], message: /needs --url ADDRESS/ },
    { reason: 'a relative --url', args: ['new', SEED_PAGE, '--url', 'putin.html'], message: /is not an absolute address/ },
    { reason: 'an unreadable page', args: ['new', '/nonexistent/page.html', '--url', SEED_URL], message: /cannot read \/nonexistent\/page\.html: ENOENT/ },
    { reason: 'an id that is not kebab-case', args: ['new', SEED_PAGE, '--url', SEED_URL, '--id', 'Putin_Trump'], message: /--id "Putin_Trump" must be kebab-case/ },
    { reason: 'an unknown option', args: ['new', SEED_PAGE, '--url', SEED_URL, '--claims', 'x'], message: /--claims/ },
  ])('a bad call is one line on stderr and exit 2: $reason', ({ args, message }) => {
    const run = kontekst(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('copies a page saved elsewhere into the dataset, and will not overwrite an article without --force', () => {
    const dataset = datasetCopy({ withoutArticles: true });
    const downloaded = join(tempDir(), 'Putin har inviteret Trump.html');
    writeFileSync(downloaded, readFileSync(join(PAGES, 'syndicated.html')));
    const url = 'https://amp.vestegnsavisen.example/udland/putin-inviterer-trump-123456';
    const first = kontekst('new', downloaded, '--url', url, '--dataset', dataset, '--claim', QUOTES.guardian);
    expect(first.code).toBe(0);
    const [name] = readdirSync(join(dataset, 'articles'));
    const draft = readJson<Draft>(join(dataset, 'articles', name as string));
    expect(draft.savedCopy).toBe(`${draft.id}.html`);
    expect(readFileSync(join(dataset, 'saved', `${draft.id}.html`), 'utf8')).toBe(readFileSync(downloaded, 'utf8'));
    // The page's canonical address differs from the (mirror) address it was saved from: both are kept.
    expect(draft.urls).toEqual([url, 'https://www.vestegnsavisen.example/udland/putin-inviterer-trump-123456']);
    expect(draft.publisher).toBe('Vestegnsavisen');
    expect(draft.id).toMatch(/^vestegnsavisen-/);

    const again = kontekst('new', downloaded, '--url', url, '--dataset', dataset, '--claim', QUOTES.invitation);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; pass --force/);
    expect(kontekst('new', downloaded, '--url', url, '--dataset', dataset, '--claim', QUOTES.invitation, '--force').code).toBe(0);
    expect(readJson<Draft>(join(dataset, 'articles', name as string)).claims[0]?.selector.exact).toBe(QUOTES.invitation);
  });
});

describe('kontekst new reads metadata the way pages write it', () => {
  const body = '<p>Byrådet stemte tirsdag for at bygge den gamle færgebro om, selv om tre partier stemte imod forslaget.</p>';
  it.each([
    {
      reason: 'Open Graph and article: tags win over everything else',
      head: '<meta property="og:title" content="OG title"><meta property="og:site_name" content="OG Site"><meta property="article:published_time" content="2024-03-14T21:30:00+01:00"><script type="application/ld+json">{"@type":"NewsArticle","headline":"LD title","datePublished":"2020-01-01","publisher":{"@type":"Organization","name":"LD Site"}}</script>',
      lang: 'da',
      expected: { headline: 'OG title', publisher: 'OG Site', published: '2024-03-14', language: 'da' },
    },
    {
      reason: 'JSON-LD inside an @graph when there are no meta tags; the date is the publisher\'s own calendar day',
      head: '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},{"@type":["NewsArticle"],"headline":"LD title","datePublished":"2024-03-14T23:59:00-05:00","publisher":{"@type":"Organization","name":"LD Site"}}]}</script>',
      lang: 'en-GB',
      expected: { headline: 'LD title', publisher: 'LD Site', published: '2024-03-14', language: 'en' },
    },
    {
      reason: 'an @graph that lists the WebPage before the article: the article node wins',
      head: '<script type="application/ld+json">{"@graph":[{"@type":"WebPage","name":"Page name","datePublished":"2001-01-01"},{"@type":"ReportageNewsArticle","headline":"Article headline","datePublished":"2024-03-14","publisher":{"name":"LD Site"}}]}</script>',
      lang: 'en',
      expected: { headline: 'Article headline', publisher: 'LD Site', published: '2024-03-14', language: 'en' },
    },
    {
      reason: 'plain HTML: h1 before title, time[datetime]; broken JSON-LD is ignored',
      head: '<title>Title tag | Site</title><script type="application/ld+json">{broken</script>',
      bodyBefore: '<h1>H1 headline</h1><time datetime="2019-02-03">3. februar</time>',
      lang: 'da-DK',
      expected: { headline: 'H1 headline', publisher: 'byen.example', published: '2019-02-03', language: 'da' },
      warnings: [/names no publisher/],
    },
    {
      reason: 'a page in a language Kontekst does not cover and without a date is drafted with those fields empty, and says so',
      head: '<title>Titel</title>',
      lang: 'de',
      expected: { headline: 'Titel', published: '', language: '' },
      warnings: [/no language Kontekst knows/, /no publication date/],
    },
  ])('$reason', ({ head, lang, bodyBefore, expected, warnings }) => {
    const dir = tempDir();
    const page = join(dir, 'page.html');
    writeFileSync(page, `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">${head}</head><body><article>${bodyBefore ?? ''}${body}</article></body></html>`);
    const out = join(dir, 'draft.json');
    const run = kontekst('new', page, '--url', 'https://www.byen.example/nyheder/faergebro', '--out', out, '--claim', 'Byrådet stemte tirsdag for at bygge den gamle færgebro om');
    expect(run.code).toBe(0);
    expect(readJson(out)).toMatchObject(expected);
    for (const warning of warnings ?? []) expect(run.stderr).toMatch(warning);
    if (!warnings) expect(run.stderr).toBe('');
  });
});
