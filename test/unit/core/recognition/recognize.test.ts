import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Article } from '../../../../src/core/dataset/model';
import { compileIndex } from '../../../../src/core/recognition/index-compile';
import { makeFingerprint } from '../../../../src/core/recognition/fingerprint';
import { isPrepared, loadIndex, recognize } from '../../../../src/core/recognition/recognize';
import { SEED_ID, SEED_URL, seedArticle, seedParagraphs } from '../../../support/seed';

const seedText = seedParagraphs().join('\n\n');

/** A made-up article in the same language and register, so recognition must tell them apart. */
function otherArticle(n: number): Article {
  const words = ['regeringen', 'fremlagde', 'mandag', 'et', 'forslag', 'om', 'nye', 'regler', 'for', 'landbruget', 'i', 'Danmark', 'og', 'kritik', 'fra', 'oppositionen'];
  const text = Array.from({ length: 300 }, (_, i) => words[(i * (n + 3) + n) % words.length]).join(' ') + ` artikel nummer ${n}`;
  return {
    ...seedArticle(),
    id: `other-${n}`,
    urls: [`https://example.dk/nyheder/${n}`],
    fingerprint: { algorithm: 'shingle4-bottom64-v1', hashes: makeFingerprint(text) },
  };
}

const index = loadIndex(compileIndex([seedArticle(), ...Array.from({ length: 50 }, (_, n) => otherArticle(n))]));
const signals = (over: Partial<{ url: string; canonical: string | null; ogUrl: string | null; text: string }>) => ({
  url: 'https://nyheder.example/side',
  canonical: null,
  ogUrl: null,
  text: '',
  ...over,
});

describe('recognize: which article of the dataset a page is', () => {
  it.each<[string, Parameters<typeof signals>[0], string]>([
    ['its own address', { url: SEED_URL }, 'url'],
    ['its address with tracking parameters, http and www.', { url: SEED_URL.replace('https://', 'http://www.') + '?utm_source=x' }, 'url'],
    ['a mirror whose canonical link names it', { canonical: `${SEED_URL}?utm_source=amp` }, 'canonical'],
    ['a mirror whose og:url names it', { ogUrl: SEED_URL }, 'canonical'],
    ['the same wire text on another site', { text: `Forside Nyheder Sport\n${seedText}\nLæs også: andre nyheder` }, 'content'],
  ])('%s → matched by %s', (_reason, over, matchedBy) => {
    expect(recognize(signals(over), index)).toMatchObject({ id: SEED_ID, matchedBy });
  });

  it.each([
    ['an empty page', ''],
    ['two sentences of the article quoted in a blog post', `Min kommentar til ugens nyheder. ${seedText.split('\n\n').slice(5, 7).join(' ')} Det synes jeg er spændende, og jeg skriver mere om det senere i denne uge, når jeg har læst op på sagen og talt med nogle venner om det.`],
    ['another Danish article about the same people and events', readFileSync('test/fixtures/pages/helsinki-other.html', 'utf8').replace(/<[^>]+>/g, ' ')],
  ])('%s is no article', (_reason, text) => {
    expect(recognize(signals({ text }), index)).toBeNull();
  });

  it('the first half of the article on another site is still recognised', () => {
    const half = seedText.slice(0, Math.floor(seedText.length * 0.6));
    expect(recognize(signals({ text: half }), index)?.id).toBe(SEED_ID);
  });
});

// A background that just woke searches the index before preparing its lookup (detection.ts):
// the same answer, ties and scores included.
describe('recognize on an index whose lookup is not prepared yet', () => {
  const otherText = (n: number): string => {
    const words = ['regeringen', 'fremlagde', 'mandag', 'et', 'forslag', 'om', 'nye', 'regler', 'for', 'landbruget', 'i', 'Danmark', 'og', 'kritik', 'fra', 'oppositionen'];
    return Array.from({ length: 300 }, (_, i) => words[(i * (n + 3) + n) % words.length]).join(' ') + ` artikel nummer ${n}`;
  };
  it.each([
    { reason: 'the whole article', text: seedText },
    { reason: 'its first half', text: seedText.slice(0, seedText.length / 2) },
    { reason: 'another article of the index', text: otherText(7) },
    { reason: 'two articles on one page (the better one wins, ties keep the first)', text: `${otherText(3)} ${otherText(4)}` },
    { reason: 'an unrelated page', text: 'Vejret i morgen bliver solrigt med let vind fra vest og temperaturer omkring tyve grader.' },
    { reason: 'an empty page', text: '' },
  ])('answers as the prepared index does: $reason', ({ text }) => {
    const unprepared = { ...index, hashes: index.hashes.slice() };
    expect(recognize(signals({ text }), unprepared, 'search')).toEqual(recognize(signals({ text }), index));
    expect(isPrepared(unprepared)).toBe(false);
  });
});
