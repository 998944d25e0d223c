import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { PackStore } from '../../../src/background/packs';
import { anchorClaims } from '../../../src/core/anchoring/article-anchoring';
import { type Article, formatProblem } from '../../../src/core/dataset/model';
import { compileIndex } from '../../../src/core/recognition/index-compile';
import { type DatasetPack, MAX_PACK_BYTES, MAX_STORED_PACKS_BYTES, addKnown, checkPack, noneKnown, storePack } from '../../../src/core/dataset/pack-format';
import { mergeIndexes } from '../../../src/core/recognition/index-merge';
import { type Recognition, type RecognitionIndex, loadIndex, recognize } from '../../../src/core/recognition/recognize';
import { readSignals } from '../../../src/core/recognition/page-signals';
import { FakeArea, FakeEvent } from '../../support/fake-browser';
import { kontekst, tempDir } from '../../support/cli';
import { PACKS, PAGES, readJson, SEED_ID, SEED_URL, seedArticle } from '../../support/seed';

const PACK_FILE = join(PACKS, 'coastal-courier.json');
const packText = (): string => readFileSync(PACK_FILE, 'utf8');
const pack = (): DatasetPack => JSON.parse(packText()) as DatasetPack;
const seed = (): Article => seedArticle();
const bundledIndex = (): RecognitionIndex => loadIndex(compileIndex([seed()]));
const bundledKnown = () => addKnown(noneKnown(), bundledIndex(), 'the bundled dataset', true);

interface Expected {
  url: string;
  pack?: string;
  article: string | null;
  matchedBy: Recognition['matchedBy'] | null;
  claims: Record<string, string>;
}

function page(path: string, url: string): Document {
  return new JSDOM(readFileSync(path, 'utf8'), { url }).window.document;
}

describe('the sample pack and its fixture page', () => {
  const dir = join(PAGES, 'packs');
  const expected = readJson<Expected>(join(dir, 'ferry-pier.expected.json'));

  it('passes the same checks the options page runs', () => {
    const { pack: checked, problems } = checkPack(packText(), 'coastal-courier.json', bundledKnown());
    expect(problems).toEqual([]);
    expect(checked?.articles.map((a) => a.id)).toEqual([expected.article]);
    expect(join(dir, expected.pack as string)).toBe(PACK_FILE);
  });

  it('is recognised through the merged index as its expected.json says, and every claim anchors as listed', () => {
    const stored = storePack(pack());
    const index = mergeIndexes([bundledIndex(), loadIndex(stored.index)]);
    const doc = page(join(dir, 'ferry-pier.html'), expected.url);
    const found = recognize(readSignals(doc, expected.url), index);
    expect(found).toMatchObject({ id: expected.article, matchedBy: expected.matchedBy });
    const article = stored.articles.find((a) => a.id === found?.id) as Article;
    const { anchored } = anchorClaims(doc.body, article.claims);
    expect(Object.fromEntries(anchored.map((a) => [a.claim.id, a.anchor.status]))).toEqual(expected.claims);
  });

  it('is not recognised by the bundled dataset alone', () => {
    const doc = page(join(dir, 'ferry-pier.html'), expected.url);
    expect(recognize(readSignals(doc, expected.url), bundledIndex())).toBeNull();
  });

  it('is recognised by its text alone on a copy with another address and no canonical link', () => {
    const url = 'https://news-aggregator.example/story/88812';
    const doc = page(join(dir, 'ferry-pier.html'), url);
    for (const link of doc.querySelectorAll('link[rel=canonical], meta[property="og:url"]')) link.remove();
    const index = mergeIndexes([bundledIndex(), loadIndex(storePack(pack()).index)]);
    expect(recognize(readSignals(doc, url), index)).toMatchObject({ id: expected.article, matchedBy: 'content' });
  });
});

describe('mergeIndexes', () => {
  it('gives the index that compiling all the articles together gives', () => {
    // Three packs' worth of articles with overlapping hashes, so ties between indexes are exercised.
    const base = pack().articles[0] as Article;
    const make = (tag: string, n: number, hashes: (i: number) => string[]): Article[] =>
      Array.from({ length: n }, (_, i) => ({ ...base, id: `${tag}-${i}`, urls: [`https://${tag}.example/${i}`], fingerprint: { algorithm: 'shingle4-bottom64-v1', hashes: hashes(i) } }));
    const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
    const groups = [
      [seed()],
      make('a', 7, (i) => Array.from({ length: 64 }, (_, k) => hex(Math.imul(k + 1, 2654435761) ^ i))),
      make('b', 5, (i) => Array.from({ length: 40 }, (_, k) => hex(Math.imul(k + 1, 2654435761) ^ (i % 2)))),
    ];
    const merged = mergeIndexes(groups.map((articles) => loadIndex(compileIndex(articles))));
    const together = loadIndex(compileIndex(groups.flat()));
    expect(merged.ids).toEqual(together.ids);
    expect([...merged.urls]).toEqual([...together.urls]);
    expect(merged.sizes).toEqual(together.sizes);
    expect([...merged.hashes]).toEqual([...together.hashes]);
    expect([...merged.owners]).toEqual([...together.owners]);
  });

  // Every fixture page, each read at its own address and at an unknown one (so content decides).
  const pages = readdirSync(PAGES)
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => ({ file: join(PAGES, f.replace('.expected.json', '.html')), url: readJson<Expected>(join(PAGES, f)).url }))
    .concat([{ file: join(PAGES, 'packs/ferry-pier.html'), url: 'https://coastal-courier.example/news/2024/03/14/ferry-pier-vote' }]);
  const rows = pages.flatMap(({ file, url }) => [
    { name: `${file.split('/').pop()} at its own address`, file, url },
    { name: `${file.split('/').pop()} at an unknown address`, file, url: 'https://unknown.example/a' },
  ]);

  it.each(rows)('recognises $name as recognising against each index and keeping the best does', ({ file, url }) => {
    const separate = [bundledIndex(), loadIndex(storePack(pack()).index)];
    const signals = readSignals(page(file, url), url);
    const rank = { url: 3, canonical: 2, content: 1 } as const;
    const best = separate
      .map((index) => recognize(signals, index))
      .filter((r): r is Recognition => r !== null)
      .sort((a, b) => rank[b.matchedBy] - rank[a.matchedBy] || b.score - a.score)[0] ?? null;
    expect(recognize(signals, mergeIndexes(separate))).toEqual(best);
  });
});

describe('checkPack refuses bad packs with file: path: message', () => {
  const good = pack();
  const article = good.articles[0] as Article;
  const variant = (change: (p: DatasetPack & Record<string, unknown>) => void): string => {
    const copy = structuredClone(good) as DatasetPack & Record<string, unknown>;
    change(copy);
    return JSON.stringify(copy);
  };
  it.each([
    { reason: 'not JSON', text: '{"kontekstPack": 1,', line: /^pack\.json: \$: is not valid JSON/ },
    { reason: 'a future format', text: variant((p) => ((p as { kontekstPack: number }).kontekstPack = 2)), line: /^pack\.json: \$\.kontekstPack: must be 1, not 2$/ },
    { reason: 'no name', text: variant((p) => delete (p as Partial<DatasetPack>).name), line: /^pack\.json: \$: is missing the required field "name"$/ },
    { reason: 'an empty article list', text: variant((p) => (p.articles = [])), line: /^pack\.json: \$\.articles: must have at least 1 item\(s\)$/ },
    {
      reason: 'an article that breaks the dataset schema',
      text: variant((p) => ((p.articles[0] as Article).claims[0]!.selector.exact = 'short')),
      line: /^pack\.json: \$\.articles\[0\]\.claims\[0\]\.selector\.exact: must be at least 8 characters long$/,
    },
    {
      reason: 'a note source that is not https',
      text: variant((p) => ((p.articles[0] as Article).claims[0]!.notes[0]!.sources[0]!.url = 'http://harbourtown-council.example/x')),
      line: /^pack\.json: \$\.articles\[0\]\.claims\[0\]\.notes\[0\]\.sources\[0\]\.url: /,
    },
    { reason: 'a saved copy, which only editors have', text: variant((p) => ((p.articles[0] as Article).savedCopy = 'ferry-pier.html')), line: /^pack\.json: \$\.articles\[0\]\.savedCopy: belongs to the editor's own dataset/ },
    {
      reason: 'the same article id twice',
      text: variant((p) => p.articles.push({ ...structuredClone(article), urls: ['https://coastal-courier.example/other'] })),
      line: /^pack\.json: \$\.articles\[1\]\.id: duplicate article id "cc-2024-03-14-ferry-pier-vote" \(also in \$\.articles\[0\]\)$/,
    },
    {
      reason: 'the same address in two articles',
      text: variant((p) => p.articles.push({ ...structuredClone(article), id: 'cc-copy' })),
      line: /^pack\.json: \$\.articles\[1\]\.urls\[0\]: address is already claimed by \$\.articles\[0\]$/,
    },
    {
      reason: 'an article id the bundled dataset has',
      text: variant((p) => ((p.articles[0] as Article).id = SEED_ID)),
      line: new RegExp(`^pack\\.json: \\$\\.articles\\[0\\]\\.id: article id "${SEED_ID}" is already in the bundled dataset$`),
    },
    {
      reason: 'an address of the bundled dataset (with tracking and without www: the same address)',
      text: variant((p) => (p.articles[0] as Article).urls.push(`${SEED_URL.replace('https://', 'http://www.')}?utm_source=x`)),
      line: /^pack\.json: \$\.articles\[0\]\.urls\[1\]: address is already claimed by the bundled dataset$/,
    },
    {
      reason: 'a fingerprint too small to mean anything (8 hashes: a page sharing one phrase with it would be recognised)',
      text: variant((p) => ((p.articles[0] as Article).fingerprint.hashes = (p.articles[0] as Article).fingerprint.hashes.slice(0, 8))),
      line: /^pack\.json: \$\.articles\[0\]\.fingerprint\.hashes: has 8 hashes; a pack article needs at least 32/,
    },
    {
      reason: "a fingerprint that overlaps a bundled article's (the same text under another id and address)",
      text: variant((p) => ((p.articles[0] as Article).fingerprint.hashes = [...seed().fingerprint.hashes])),
      line: new RegExp(`^pack\\.json: \\$\\.articles\\[0\\]\\.fingerprint\\.hashes: shares \\d+ of its \\d+ hashes with "${SEED_ID}" in the bundled dataset`),
    },
    { reason: 'over the size limit', text: `${packText()}${' '.repeat(MAX_PACK_BYTES)}`, line: /^pack\.json: \$: is \d+ bytes; a pack may be at most 2097152 bytes/ },
  ])('$reason', ({ text, line }) => {
    const { pack: checked, problems } = checkPack(text, 'pack.json', bundledKnown());
    expect(checked).toBeNull();
    expect(problems.map(formatProblem)).toContainEqual(expect.stringMatching(line));
  });
});

describe('a hostile pack gets one line, not a crash', () => {
  it.each([
    { reason: 'an array nested 5,000 deep', deep: `${'['.repeat(5000)}${']'.repeat(5000)}` },
    { reason: 'an object nested 5,000 deep', deep: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}` },
  ])('$reason in a field: one line naming the file and the path', ({ deep }) => {
    const copy = pack() as DatasetPack & Record<string, unknown>;
    (copy.articles[0] as unknown as Record<string, unknown>).headline = '@@';
    const { pack: checked, problems } = checkPack(JSON.stringify(copy).replace('"@@"', deep), 'deep.json', bundledKnown());
    expect(checked).toBeNull();
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^deep\.json: \$\.articles\[0\]\.headline: must be a string, not an (array|object)$/)]);
  });
});

describe('PackStore (what the background keeps in storage.local)', () => {
  const store = () => {
    const area = new FakeArea('local', new FakeEvent());
    return { area, packs: new PackStore(area, async () => bundledIndex()) };
  };

  it('adds a pack, lists it, serves its articles and index, and removes it without leaving data behind', async () => {
    const { area, packs } = store();
    const added = await packs.add('coastal-courier.json', packText());
    expect(added).toEqual({ ok: true, replaced: null, pack: { id: 'coastal-courier-notes', name: 'Coastal Courier notes', version: '1.0.0', articles: 1, bytes: expect.any(Number) } });
    expect(await packs.list()).toHaveLength(1);
    expect((await packs.article('cc-2024-03-14-ferry-pier-vote'))?.claims).toHaveLength(3);
    // Shipped form only: the fingerprint lives in the index, never beside the notes.
    expect(await packs.article('cc-2024-03-14-ferry-pier-vote')).not.toHaveProperty('fingerprint');
    expect((await packs.indexes())[0]?.ids).toEqual(['cc-2024-03-14-ferry-pier-vote']);

    // A background that restarts (an MV3 service worker stopped when idle) reads the same from storage.
    const restarted = new PackStore(area, async () => bundledIndex());
    expect(await restarted.list()).toEqual(await packs.list());

    expect(await packs.remove('coastal-courier-notes')).toBe(true);
    expect(await packs.list()).toEqual([]);
    expect(await packs.article('cc-2024-03-14-ferry-pier-vote')).toBeNull();
    expect([...area.data.keys()]).toEqual(['packs']);
    expect(await packs.remove('coastal-courier-notes')).toBe(false);
  });

  it('replaces a pack of the same name (a new version) instead of refusing its own addresses', async () => {
    const { packs } = store();
    await packs.add('coastal-courier.json', packText());
    const next = { ...pack(), version: '1.1.0' };
    const replaced = await packs.add('coastal-courier-1.1.json', JSON.stringify(next));
    expect(replaced).toMatchObject({ ok: true, replaced: '1.0.0', pack: { id: 'coastal-courier-notes', version: '1.1.0' } });
    expect((await packs.list()).map((p) => p.version)).toEqual(['1.1.0']);
  });

  it('refuses a second pack that claims an article of an added pack, and stores nothing', async () => {
    const { area, packs } = store();
    await packs.add('coastal-courier.json', packText());
    const before = JSON.stringify([...area.data]);
    const rival = await packs.add('rival.json', JSON.stringify({ ...pack(), name: 'Rival notes' }));
    expect(rival).toEqual({
      ok: false,
      problems: [
        'rival.json: $.articles[0].id: article id "cc-2024-03-14-ferry-pier-vote" is already in the pack "Coastal Courier notes"',
        'rival.json: $.articles[0].urls[0]: address is already claimed by the pack "Coastal Courier notes"',
      ],
    });
    expect(JSON.stringify([...area.data])).toBe(before);
  });

  it('keeps both of two packs added at the same moment', async () => {
    const { packs } = store();
    const other = pack();
    const second: DatasetPack = {
      ...other,
      name: 'Second',
      articles: [{ ...(other.articles[0] as Article), id: 'cc-second', urls: ['https://coastal-courier.example/second'] }],
    };
    const results = await Promise.all([packs.add('a.json', packText()), packs.add('b.json', JSON.stringify(second))]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect((await packs.list()).map((p) => p.name)).toEqual(['Coastal Courier notes', 'Second']);
  });

  it('refuses a pack that would take the packs over their storage budget', async () => {
    const { area, packs } = store();
    // Storage already holding packs near the budget (as if many had been added).
    await area.set({ packs: { format: 1, packs: [{ id: 'big', name: 'Big', version: '1', articles: 1, bytes: MAX_STORED_PACKS_BYTES - 100 }] } });
    await area.set({ 'pack:big': storePack({ ...pack(), name: 'Big', articles: [{ ...(pack().articles[0] as Article), id: 'big-one', urls: ['https://big.example/a'] }] }) });
    const result = await packs.add('coastal-courier.json', packText());
    expect(result).toMatchObject({ ok: false, problems: [expect.stringMatching(/^coastal-courier\.json: \$: added packs would take \d+ bytes; Kontekst keeps at most 8388608 bytes/)] });
  });

  it('skips a damaged stored pack and keeps serving the others', async () => {
    const { area, packs } = store();
    await packs.add('coastal-courier.json', packText());
    const list = (await area.get('packs')).packs as { packs: unknown[] };
    list.packs.push({ id: 'broken', name: 'Broken', version: '1', articles: 1, bytes: 10 });
    await area.set({ packs: list, 'pack:broken': { index: { format: 9 }, articles: [] } });
    packs.invalidate();
    expect((await packs.indexes()).map((i) => i.ids[0])).toEqual(['cc-2024-03-14-ferry-pier-vote']);
  });
});

describe('the size limit', () => {
  it('is the same where the options page sends a pack and where the background checks it', async () => {
    const { MAX_PACK_TEXT } = await import('../../../src/shared/messages');
    expect(MAX_PACK_TEXT).toBe(MAX_PACK_BYTES);
  });
});

describe('kontekst pack, unpack and check --pack', () => {
  it('unpacks a pack into a dataset folder and packs it again to the same articles under a new version', () => {
    const newsroom = tempDir();
    const unpacked = kontekst('unpack', PACK_FILE, '--dataset', newsroom);
    expect(unpacked.code).toBe(0);
    expect(kontekst('check', '--dataset', newsroom).code).toBe(0);
    const out = join(tempDir(), 'next.json');
    const packed = kontekst('pack', '--dataset', newsroom, '--name', 'Coastal Courier notes', '--version', '1.1.0', '--out', out);
    expect(packed.stderr).toBe('');
    expect(packed.code).toBe(0);
    const next = readJson<DatasetPack>(out);
    expect(next).toMatchObject({ kontekstPack: 1, name: 'Coastal Courier notes', version: '1.1.0' });
    expect(next.articles).toEqual(pack().articles);
    expect(kontekst('check', '--pack', out).code).toBe(0);
    // Unpacking again does not overwrite the editor's files without --force.
    expect(kontekst('unpack', PACK_FILE, '--dataset', newsroom).code).toBe(2);
  });

  it.each([
    { reason: 'the bundled dataset, which every reader has', args: ['pack', '--name', 'x', '--version', '1', '--dataset', join(__dirname, '../../../src/dataset')], code: 2, message: /the bundled dataset cannot go into a pack/ },
    { reason: 'no name', args: ['pack', '--version', '1', '--dataset', '.'], code: 2, message: /pack needs --name NAME and --version VERSION/ },
  ])('pack refuses $reason', ({ args, code, message }) => {
    const run = kontekst(...args);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
  });

  it('check --pack reports a bad pack the way the options page does, and exits 1', () => {
    const file = join(tempDir(), 'bad.json');
    const bad = pack();
    (bad.articles[0] as Article).id = SEED_ID;
    writeFileSync(file, JSON.stringify(bad));
    const run = kontekst('check', '--pack', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}: $.articles[0].id: article id "${SEED_ID}" is already in the bundled dataset`);
  });
});
