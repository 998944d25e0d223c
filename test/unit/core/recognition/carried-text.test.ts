// How much of an article a page's text must carry before Kontekst marks it (MIN_CARRIED_CHARS),
// measured on the fixture pages: the text the page reader returns, the claims found in it.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { MIN_CARRIED_CHARS, carriedClaimChars, carriesArticle } from '../../../../src/core/recognition/carried-text';
import { readSignals } from '../../../../src/core/recognition/page-signals';
import { seedArticle } from '../../../support/seed';

const textOf = (file: string, url = 'https://page.example/'): string => readSignals(new JSDOM(readFileSync(file, 'utf8'), { url }).window.document, url).text;

describe('a page carries the article when its text holds claims of at least MIN_CARRIED_CHARS characters', () => {
  it.each([
    { file: 'test/fixtures/pages/paywall.html', chars: 301, carries: true, reason: 'a paywall showing three paragraphs: three claims, about three sentences' },
    { file: 'test/fixtures/pages/tracking-copy.html', chars: 1855, carries: true, reason: 'a whole copy: every claim' },
    { file: 'test/fixtures/pages/edited.html', chars: 1855, carries: true, reason: 'a lightly edited copy: every claim, four of them fuzzily' },
    { file: 'test/fixtures/pages/blog-quote.html', chars: 225, carries: true, reason: 'a blog quoting two whole claims (it names no article, so it is not recognised at all)' },
    { file: 'test/fixtures/hostile/canonical-only.html', chars: 25, carries: false, reason: 'a canonical link and one short line any page can quote' },
    { file: 'test/fixtures/hostile/frames.html', chars: 0, carries: false, reason: 'the article only inside a frame' },
    { file: 'test/fixtures/pages/helsinki-other.html', chars: 0, carries: false, reason: 'another article on the same story' },
  ])('$reason: $chars characters', ({ file, chars, carries }) => {
    const text = textOf(file);
    expect(carriedClaimChars(text, seedArticle().claims)).toBe(chars);
    expect(carriesArticle(text, seedArticle().claims)).toBe(carries);
  });

  it('the shortest claim alone is below the bar, any one of the longer claims is above it', () => {
    const lengths = seedArticle().claims.map((c) => c.selector.exact.length).sort((a, b) => a - b);
    expect(lengths[0]).toBeLessThan(MIN_CARRIED_CHARS);
    expect(lengths.filter((n) => n >= MIN_CARRIED_CHARS).length).toBeGreaterThanOrEqual(10);
  });

  it('an article whose claims are all shorter than the bar is carried by all of them', () => {
    const claims = [{ selector: { type: 'TextQuoteSelector' as const, exact: 'Det skriver The Guardian.' } }];
    expect(carriesArticle('Forside. Det skriver The Guardian. Slut.', claims)).toBe(true);
    expect(carriesArticle('Forside. Slut.', claims)).toBe(false);
  });

  it('reads letters in elements of their own as words, as the annotator does', () => {
    const spaced = 'Ifølge Putin er både han og den amerikanske præsident klar til videre forhandlinger'.split('').join(' ');
    expect(carriedClaimChars(`${spaced}, men forholdene skal også være på plads, før et sådant møde kan finde sted.`, seedArticle().claims)).toBe(159);
  });
});
