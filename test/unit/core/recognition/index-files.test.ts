// The bundled index as the build ships it (src/core/recognition/index-files.ts): an address table
// and two binary fingerprint tables. Read back, they recognise every page as the compiled index
// does; the address table alone recognises by address and canonical link, never by content; files
// that do not fit together are refused with a reason.
import { describe, expect, it } from 'vitest';
import { compileIndex } from '../../../../src/core/recognition/index-compile';
import { decodeWords, encodeWords } from '../../../../src/core/recognition/base64';
import { SHORT_OWNERS_MAX_ARTICLES, addressIndex, indexFromFiles, splitIndex, withFingerprints } from '../../../../src/core/recognition/index-files';
import { type CompiledIndex, isPrepared, loadIndex, prepareIndex, recognize } from '../../../../src/core/recognition/recognize';
import { SEED_URL, seedArticle, seedParagraphs } from '../../../support/seed';

const compiled = compileIndex([seedArticle()]);
const files = splitIndex(compiled);
const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer as ArrayBuffer;
/** A split hash table (two high halves: 1, 2 and 70,000) with one word of it changed. */
const splitTable = (word: number, value: number): Uint8Array => {
  const bytes = Uint8Array.from([1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 1, 0, 2, 0, 0x70, 0x11]);
  new DataView(bytes.buffer).setUint32(4 * word, value, true);
  return bytes;
};
const page = (over: Partial<{ url: string; canonical: string | null; text: string }>) => ({ url: 'https://andet.example/side', canonical: null, ogUrl: null, text: '', ...over });

describe('the index in three files', () => {
  it.each([
    { reason: 'by its own address', signals: page({ url: `${SEED_URL}?utm_source=x` }) },
    { reason: 'by its canonical link', signals: page({ canonical: SEED_URL }) },
    { reason: 'by its text on another site', signals: page({ text: seedParagraphs().join('\n') }) },
    { reason: 'not at all: an unrelated page', signals: page({ text: 'Vejret i morgen bliver solrigt med let vind fra vest og temperaturer omkring tyve grader.' }) },
  ])('recognises a page $reason as the compiled index does', ({ signals }) => {
    const fromFiles = indexFromFiles(files.addresses, buffer(files.hashes), buffer(files.owners));
    expect(recognize(signals, fromFiles)).toEqual(recognize(signals, loadIndex(compiled)));
    // As a waking background does: its lookup not prepared, searched as it is (and left unprepared).
    const unprepared = withFingerprints(addressIndex(files.addresses), buffer(files.hashes), buffer(files.owners));
    expect(recognize(signals, unprepared, 'search')).toEqual(recognize(signals, loadIndex(compiled)));
    expect(isPrepared(unprepared)).toBe(false);
  });

  it('the address table alone knows addresses and canonical links, and no text', () => {
    const addresses = addressIndex(files.addresses);
    expect(recognize(page({ url: SEED_URL }), addresses)?.matchedBy).toBe('url');
    expect(recognize(page({ canonical: SEED_URL }), addresses)?.matchedBy).toBe('canonical');
    expect(recognize(page({ text: seedParagraphs().join('\n') }), addresses)).toBeNull();
  });

  it('ships a few articles\' hashes 4 bytes each and 2 bytes per owner, and leaves the tables out of the address table', () => {
    const count = seedArticle().fingerprint.hashes.length;
    expect(files.hashes.byteLength).toBe(4 + 4 * count);
    expect(files.owners.byteLength).toBe(count * 2);
    expect(JSON.stringify(files.addresses)).not.toMatch(/hashes|owners/);
  });

  // Thousands of articles: 2 bytes a hash beside a directory of their high halves, which a
  // waking background reads 1.26 MB less of at 10,000 articles. The directory counts the hashes of
  // each high half in a byte, or, where 256 or more share one, says where each starts in 4.
  it.each([
    { reason: 'many hashes under a small largest one: split and counted, about half the size', count: 20_000, below: 2 ** 28, directory: 'counts' },
    { reason: 'hashes up to the largest 32-bit value: split and counted', count: 200_000, below: 2 ** 32, directory: 'counts' },
    { reason: 'an odd number of high halves: counted, then a byte of padding', count: 20_000, below: 2 ** 28 - 65536, directory: 'counts' },
    { reason: 'hundreds of hashes sharing each high half: split with 4-byte starts', count: 20_000, below: 2 ** 20, directory: 'starts' },
    { reason: 'few hashes spread wide: plain words, smaller than a directory', count: 5_000, below: 2 ** 30, directory: 'none' },
  ])('writes and reads back $reason', ({ count, below, directory }) => {
    let seed = 11;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
    const hashes = Uint32Array.from({ length: count }, () => Math.floor(random() * below)).sort();
    hashes[hashes.length - 1] = below - 1;
    const large: CompiledIndex = { format: 1, ids: ['a', 'b'], urls: {}, hashes: encodeWords(hashes), owners: encodeWords(hashes.map((_, i) => i % 2)), sizes: [count / 2, count / 2] };
    const split16 = splitIndex(large);
    const highs = Math.floor((below - 1) / 65536) + 1;
    const sizes = { counts: 8 + highs + (highs % 2) + 2 * count, starts: 4 + 4 * (highs + 2) + 2 * count, none: 4 + 4 * count };
    expect(split16.hashes.byteLength).toBe(sizes[directory as keyof typeof sizes]);
    expect(split16.hashes.byteLength).toBeLessThanOrEqual(4 + 4 * count);
    const read = withFingerprints(addressIndex(split16.addresses), buffer(split16.hashes), buffer(split16.owners));
    if (directory !== 'none') expect(read.split?.()?.starts[highs]).toBe(count);
    expect(read.hashes).toEqual(hashes);
  });

  // A background that wakes searches split hashes as they are, and joins them into the Uint32
  // table only when its lookup is prepared, after the page's recognition.
  it('recognises pages from a split hash table, unprepared and prepared, as the compiled index does', () => {
    const seedHashes = [...decodeWords(compiled.hashes)];
    const max = Math.max(...seedHashes);
    let seed = 5;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
    const others = 400;
    const entries: [number, number][] = seedHashes.map((hash) => [hash, 0]);
    for (let article = 1; article <= others; article++) for (let k = 0; k < 64; k++) entries.push([Math.floor(random() * max), article]);
    entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const many: CompiledIndex = {
      ...compiled,
      ids: [...compiled.ids, ...Array.from({ length: others }, (_, i) => `other-${i}`)],
      hashes: encodeWords(Uint32Array.from(entries, ([hash]) => hash)),
      owners: encodeWords(Uint32Array.from(entries, ([, owner]) => owner)),
      sizes: [...compiled.sizes, ...Array.from({ length: others }, () => 64)],
    };
    const split = splitIndex(many);
    expect(split.hashes.byteLength).toBeLessThan(4 * entries.length);
    const woken = withFingerprints(addressIndex(split.addresses), buffer(split.hashes), buffer(split.owners));
    const pages = [page({ text: seedParagraphs().join('\n') }), page({ text: seedParagraphs().slice(0, 2).join('\n') }), page({ text: 'Vejret i morgen bliver solrigt med let vind fra vest og temperaturer omkring tyve grader.' })];
    for (const signals of pages) expect(recognize(signals, woken, 'search')).toEqual(recognize(signals, loadIndex(many)));
    expect(recognize(pages[0] as (typeof pages)[number], woken, 'search')?.matchedBy).toBe('content');
    expect(isPrepared(woken)).toBe(false);
    expect(woken.split?.()).not.toBeNull();
    prepareIndex(woken);
    expect(woken.split?.()).toBeNull();
    expect([...woken.hashes]).toEqual(entries.map(([hash]) => hash));
    for (const signals of pages) expect(recognize(signals, woken)).toEqual(recognize(signals, loadIndex(many)));
  });

  // Article numbers that do not fit 2 bytes: the owners table is written and read 4 bytes per hash.
  it.each([
    { reason: 'the most articles with 2-byte owners', articles: SHORT_OWNERS_MAX_ARTICLES, width: 2 },
    { reason: 'one article more: 4-byte owners', articles: SHORT_OWNERS_MAX_ARTICLES + 1, width: 4 },
  ])('keeps every owner with $reason', ({ articles, width }) => {
    const last = articles - 1;
    const large: CompiledIndex = {
      format: 1,
      ids: Array.from({ length: articles }, (_, i) => `a${i}`),
      urls: {},
      hashes: encodeWords(Uint32Array.of(5, 9, 9, 12)),
      owners: encodeWords(Uint32Array.of(last, 0, last, 1)),
      sizes: Array.from({ length: articles }, () => 1),
    };
    const split = splitIndex(large);
    expect(split.owners.byteLength).toBe(4 * width);
    expect([...withFingerprints(addressIndex(split.addresses), buffer(split.hashes), buffer(split.owners)).owners]).toEqual([last, 0, last, 1]);
  });

  it.each([
    { reason: 'tables of different lengths', hashes: buffer(files.hashes), owners: buffer(files.owners.subarray(4)), error: /differ in length/ },
    { reason: 'an owners table one byte short', hashes: buffer(files.hashes), owners: buffer(files.owners.subarray(1)), error: /differ in length/ },
    { reason: 'an owners table between 2 and 4 bytes per hash', hashes: buffer(files.hashes), owners: buffer(new Uint8Array(3 * seedArticle().fingerprint.hashes.length)), error: /differ in length/ },
    { reason: 'a hash table cut short', hashes: buffer(files.hashes.subarray(0, files.hashes.byteLength - 2)), owners: buffer(files.owners), error: /malformed hash table/ },
    { reason: 'a hash table shorter than its header', hashes: buffer(files.hashes.subarray(0, 6)), owners: buffer(files.owners), error: /malformed hash table/ },
    { reason: 'a hash table of an unknown kind', hashes: buffer(splitTable(0, 7)), owners: buffer(new Uint8Array(6)), error: /malformed hash table/ },
    { reason: 'a split hash table whose directory runs backwards', hashes: buffer(splitTable(3, 4)), owners: buffer(new Uint8Array(6)), error: /malformed hash table/ },
    { reason: 'a split hash table naming more high halves than 16 bits have', hashes: buffer(splitTable(1, 0x10001)), owners: buffer(new Uint8Array(6)), error: /malformed hash table/ },
    { reason: 'a split hash table not starting at its first hash', hashes: buffer(splitTable(2, 1)), owners: buffer(new Uint8Array(6)), error: /malformed hash table/ },
    { reason: 'a counted hash table whose counts add up to more hashes than it has', hashes: buffer(Uint8Array.from([2, 0, 0, 0, 2, 0, 0, 0, 1, 3, 5, 0, 6, 0])), owners: buffer(new Uint8Array(4)), error: /malformed hash table/ },
    { reason: 'a counted hash table whose counts add up to fewer hashes than it has', hashes: buffer(Uint8Array.from([2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 5, 0, 6, 0])), owners: buffer(new Uint8Array(4)), error: /malformed hash table/ },
    { reason: 'a counted hash table with half a low half', hashes: buffer(Uint8Array.from([2, 0, 0, 0, 2, 0, 0, 0, 1, 1, 5, 0, 6])), owners: buffer(new Uint8Array(4)), error: /malformed hash table/ },
    { reason: 'an owners table of a partial word (4 bytes per hash, one short)', hashes: buffer(files.hashes), owners: buffer(new Uint8Array(seedArticle().fingerprint.hashes.length * 4 - 1)), error: /differ in length|partial word/ },
  ])('refuses $reason', ({ hashes, owners, error }) => {
    expect(() => indexFromFiles(files.addresses, hashes, owners)).toThrow(error);
  });

  it.each([
    { reason: 'of another format', table: { ...files.addresses, format: 2 as 3 }, error: /unknown index format 2/ },
    { reason: 'whose addresses and owners do not pair up', table: { ...files.addresses, articleOf: [] }, error: /malformed address table/ },
    { reason: 'naming an article it does not have', table: { ...files.addresses, articleOf: [1] }, error: /malformed address table/ },
    { reason: 'with a size for an article it does not name', table: { ...files.addresses, sizes: [1, 2] }, error: /malformed address table/ },
    { reason: 'whose address shares more than the one before it has', table: { ...files.addresses, addresses: { shared: [3], rest: ['x'] } }, error: /malformed front-coded/ },
    { reason: 'whose addresses are out of order (a binary search would miss some)', table: { ...files.addresses, addresses: { shared: [0, 0], rest: ['b.example/', 'a.example/'] }, articleOf: [0, 0] }, error: /malformed address table/ },
    { reason: 'with an address twice', table: { ...files.addresses, addresses: { shared: [0, 10], rest: ['a.example/', ''] }, articleOf: [0, 0] }, error: /malformed address table/ },
  ])('refuses an address table $reason', ({ table, error }) => {
    expect(() => addressIndex(table)).toThrow(error);
  });

  it('front-codes the sorted addresses: a publisher\'s addresses share their start, written once', () => {
    const articles = ['b', 'a', 'c'].map((id, i) => ({ ...seedArticle(), id, urls: [`https://nyheder.example/indland/2024/artikel-${id}`, `https://nyheder.example/udland/${i}`] }));
    const table = splitIndex(compileIndex(articles)).addresses;
    expect(table.addresses.rest).toEqual(['nyheder.example/indland/2024/artikel-a', 'b', 'c', 'udland/0', '1', '2']);
    const index = addressIndex(table);
    for (const article of articles) for (const url of article.urls) expect(recognize(page({ url }), index)).toMatchObject({ id: article.id, matchedBy: 'url' });
    // Looked up by binary search: addresses before the first, between two and after the last are unknown.
    for (const url of ['https://nyheder.example/a', 'https://nyheder.example/indland/2024/artikel-aa', 'https://nyheder.example/udland/1/x', 'https://zz.example/']) expect(recognize(page({ url }), index)).toBeNull();
    expect(new Map(index.urls)).toEqual(new Map(Object.entries(compileIndex(articles).urls)));
  });
});
