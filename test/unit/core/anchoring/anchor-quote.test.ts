import { describe, expect, it } from 'vitest';
import { anchorQuote, foldSelector, type TextQuoteSelector } from '../../../../src/core/anchoring/anchor-quote';
import { anchorClaims } from '../../../../src/core/anchoring/article-anchoring';
import { htmlDocument, seedArticle } from '../../../support/seed';

const SENTENCE = 'Trump og Putin mødtes i Helsingfors i sidste uge, og Trump modtog efterfølgende en del kritik for sin håndtering af mødet.';
const find = (text: string, selector: TextQuoteSelector) => anchorQuote(text, foldSelector(selector));

describe('anchorQuote: exact first, then bounded approximate matching', () => {
  it.each([
    ['the quote as written', SENTENCE, 'exact'],
    ['one word changed', SENTENCE.replace('kritik', 'ros'), 'fuzzy'],
    ['a typo fixed', SENTENCE.replace('efterfølgende', 'efterfølgene'), 'fuzzy'],
    ['a word added', SENTENCE.replace('en del', 'en hel del'), 'fuzzy'],
    ['a word removed', SENTENCE.replace(' i sidste uge', ' sidste uge'), 'fuzzy'],
    ['another sentence about the same people', 'Trump og Putin mødes igen i Buenos Aires i november, siger Kreml.', 'missing'],
    ['the sentence half rewritten', 'Trump og Putin mødtes i Finland, hvor præsidenten blev hyldet af begge partier for sin optræden.', 'missing'],
    ['only the first half is on the page (a paywall cut)', SENTENCE.slice(0, 50), 'missing'],
  ])('%s → %s', (_reason, page, status) => {
    const found = find(`Forrige afsnit.\n${page}\nNæste afsnit.`, { exact: SENTENCE });
    expect(found.status).toBe(status);
    if (status === 'fuzzy') expect(found.score).toBeGreaterThanOrEqual(0.8);
  });

  it('never runs a match across two blocks', () => {
    const split = SENTENCE.replace(', og Trump', ',\nog Trump');
    expect(find(`Intro.\n${split}`, { exact: SENTENCE }).status).toBe('missing');
  });

  it('chooses between repeated quotes by prefix and suffix', () => {
    const quote = 'Det skriver The Guardian.';
    const text = `Citat: ${quote}\nPutin sagde fredag noget. ${quote} Ifølge Putin er alt godt.`;
    const found = find(text, { exact: quote, prefix: 'Putin sagde fredag noget. ', suffix: ' Ifølge Putin' });
    expect(found.start).toBe(text.lastIndexOf(quote));
  });

  it('short quotes anchor exactly or not at all', () => {
    expect(find('Det skrev The Times.', { exact: 'Det skriver The Guardian.' }).status).toBe('missing');
  });

  it('takes the visible candidate when an accept check rejects the first', () => {
    const text = `${SENTENCE}\n${SENTENCE}`;
    const second = text.lastIndexOf(SENTENCE);
    const found = anchorQuote(text, foldSelector({ exact: SENTENCE }), { accept: (start) => start === second });
    expect(found.start).toBe(second);
  });
});

describe('anchorClaims on a DOM', () => {
  it('returns a Range over the page text for every claim of the seed article', () => {
    const article = seedArticle();
    const paragraphs = article.claims.map((c) => `<p>Indledning. ${c.selector.exact} Afslutning.</p>`).join('<div class="ad">Annonce</div>');
    const doc = htmlDocument(`<!doctype html><body><article>${paragraphs}</article></body>`);
    const before = doc.body.textContent;
    const { anchored } = anchorClaims(doc.body, article.claims);
    for (const { claim, anchor } of anchored) {
      expect(anchor.status, claim.id).toBe('exact');
      expect(anchor.range?.toString(), claim.id).toBe(claim.selector.exact);
    }
    expect(doc.body.textContent, 'anchoring does not change the page').toBe(before);
  });
});
