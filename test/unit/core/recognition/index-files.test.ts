// The bundled index as the build ships it (src/core/recognition/index-files.ts): an address table
// and two binary fingerprint tables. Read back, they recognise every page as the compiled index
// does; the address table alone recognises by address and canonical link, never by content; files
// that do not fit together are refused with a reason.
import { describe, expect, it } from 'vitest';
import { compileIndex } from '../../../../src/core/recognition/index-compile';
import { encodeWords } from '../../../../src/core/recognition/base64';
import { SHORT_OWNERS_MAX_ARTICLES, addressIndex, indexFromFiles, splitIndex, withFingerprints } from '../../../../src/core/recognition/index-files';
import { type CompiledIndex, isPrepared, loadIndex, recognize } from '../../../../src/core/recognition/recognize';
import { SEED_URL, seedArticle, seedParagraphs } from '../../../support/seed';

const compiled = compileIndex([seedArticle()]);
const files = splitIndex(compiled);
const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer as ArrayBuffer;
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

  it('ships 4 bytes per hash and 2 per owner, and leaves the tables out of the address table', () => {
    expect(files.hashes.byteLength).toBe(seedArticle().fingerprint.hashes.length * 4);
    expect(files.owners.byteLength).toBe(seedArticle().fingerprint.hashes.length * 2);
    expect(JSON.stringify(files.addresses)).not.toMatch(/hashes|owners/);
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
    { reason: 'an owners table between 2 and 4 bytes per hash', hashes: buffer(files.hashes), owners: buffer(new Uint8Array(files.hashes.byteLength - 4)), error: /differ in length/ },
    { reason: 'a partial word', hashes: buffer(files.hashes.subarray(1)), owners: buffer(files.owners), error: /partial word/ },
  ])('refuses $reason', ({ hashes, owners, error }) => {
    expect(() => indexFromFiles(files.addresses, hashes, owners)).toThrow(error);
  });

  it('refuses an address table of another format, or whose addresses and owners do not pair up', () => {
    expect(() => addressIndex({ ...files.addresses, format: 1 as 2 })).toThrow(/format/);
    expect(() => addressIndex({ ...files.addresses, articleOf: [] })).toThrow(/malformed/);
  });
});
