// The bundled index as the build ships it (src/core/recognition/index-files.ts): an address table
// and two binary fingerprint tables. Read back, they recognise every page as the compiled index
// does; the address table alone recognises by address and canonical link, never by content; files
// that do not fit together are refused with a reason.
import { describe, expect, it } from 'vitest';
import { compileIndex } from '../../../../src/core/recognition/index-compile';
import { addressIndex, indexFromFiles, splitIndex, withFingerprints } from '../../../../src/core/recognition/index-files';
import { isPrepared, loadIndex, recognize } from '../../../../src/core/recognition/recognize';
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

  it('ships the fingerprint tables as 4 bytes per hash and leaves them out of the address table', () => {
    expect(files.hashes.byteLength).toBe(seedArticle().fingerprint.hashes.length * 4);
    expect(JSON.stringify(files.addresses)).not.toMatch(/hashes|owners/);
  });

  it.each([
    { reason: 'tables of different lengths', hashes: buffer(files.hashes), owners: buffer(files.owners.subarray(4)), error: /differ in length/ },
    { reason: 'a partial word', hashes: buffer(files.hashes.subarray(1)), owners: buffer(files.owners), error: /partial word/ },
  ])('refuses $reason', ({ hashes, owners, error }) => {
    expect(() => indexFromFiles(files.addresses, hashes, owners)).toThrow(error);
  });

  it('refuses an address table of another format, or whose addresses and owners do not pair up', () => {
    expect(() => addressIndex({ ...files.addresses, format: 1 as 2 })).toThrow(/format/);
    expect(() => addressIndex({ ...files.addresses, articleOf: [] })).toThrow(/malformed/);
  });
});
