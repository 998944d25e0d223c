import { describe, expect, it } from 'vitest';
import { anchorArticleClaims, mainTextRoot } from '../../../../src/core/anchoring/article-anchoring';
import type { Claim } from '../../../../src/core/dataset/model';
import { normalizeText } from '../../../../src/core/anchoring/normalize';
import { rangeFromOffsets } from '../../../../src/core/anchoring/page-text';
import { htmlDocument } from '../../../support/seed';

const QUOTE = 'Putin sagde fredag, at han har inviteret Trump til Moskva til efteråret.';
// The same sentence with one word changed, as an edited article (or an older copy) has it.
const EDITED = 'Putin sagde fredag, at han har inviteret Trump til Moskva til vinter.';
const claim = (exact: string, prefix = '', suffix = ''): Claim => ({ id: 'c1', selector: { type: 'TextQuoteSelector', exact, prefix, suffix }, notes: [] });

const page = (body: string): Document => htmlDocument(`<!doctype html><html lang="da"><body>${body}</body></html>`);

/** Where an anchored range landed: the data-where of the nearest marked element around it. */
function whereIs(range: Range | null): string | null {
  if (!range) return null;
  const node = range.commonAncestorContainer;
  const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
  return el?.closest('[data-where]')?.getAttribute('data-where') ?? null;
}

const rows: { name: string; reason: string; body: string; claim: Claim; status: string; where: string | null; stage: 'article' | 'rest' | null }[] = [
  {
    name: 'claim only in a reader comment',
    reason: 'a claim the article root does not hold is still found in the rest of the page (second stage)',
    body: `<main><article><p>Indledning uden citatet.</p></article><section class="comments"><p data-where="comment">Læser: ${QUOTE}</p></section></main>`,
    claim: claim(QUOTE),
    status: 'exact',
    where: 'comment',
    stage: 'rest',
  },
  {
    name: 'duplicate: a comment after the article quotes the claim',
    reason: "the article's own sentence wins over a reader's quotation of it",
    body: `<main><article><p data-where="article">${QUOTE}</p></article><ol><li data-where="comment">Citat: ${QUOTE} Helt enig.</li></ol></main>`,
    claim: claim(QUOTE, 'Citat: ', ' Helt enig.'),
    status: 'exact',
    where: 'article',
    stage: 'article',
  },
  {
    name: 'duplicate: a "most read" teaser before the article repeats the claim',
    reason: "the article's copy wins even when the other copy comes first in the document and its prefix/suffix fit better",
    body: `<header><p data-where="teaser">Mest læst: ${QUOTE} Læs mere</p></header><main><article><p data-where="article">${QUOTE}</p></article></main>`,
    claim: claim(QUOTE, 'Mest læst: ', ' Læs mere'),
    status: 'exact',
    where: 'article',
    stage: 'article',
  },
  {
    name: 'edited article, unedited copy in a comment',
    reason: "the article's edited sentence is where the claim now is; a comment quoting the old wording does not win",
    body: `<article><p data-where="article">${EDITED}</p></article><section><p data-where="comment">${QUOTE}</p></section>`,
    claim: claim(QUOTE),
    status: 'fuzzy',
    where: 'article',
    stage: 'article',
  },
  {
    name: 'page without article or main',
    reason: 'the body is the article root; nothing is left to read in a second stage',
    body: `<div class="content"><p data-where="body">${QUOTE}</p></div>`,
    claim: claim(QUOTE),
    status: 'exact',
    where: 'body',
    stage: 'article',
  },
  {
    name: 'main without article',
    reason: 'main is the article root when the page has no article element',
    body: `<nav>Forside</nav><main><p data-where="main">${QUOTE}</p></main>`,
    claim: claim(QUOTE),
    status: 'exact',
    where: 'main',
    stage: 'article',
  },
  {
    name: 'microdata article body inside the article',
    reason: "the article's marked body is read first, so a standfirst repeating the sentence in its header does not win",
    body: `<article><header><p data-where="standfirst">${QUOTE} Læs mere</p></header><div itemprop="articleBody"><p data-where="body">${QUOTE}</p></div></article>`,
    claim: claim(QUOTE, '', ' Læs mere'),
    status: 'exact',
    where: 'body',
    stage: 'article',
  },
  {
    name: 'empty article (a client-rendered shell)',
    reason: 'an article root with no text yet: the claim is found where the text is',
    body: `<article></article><div class="render-target"><p data-where="elsewhere">${QUOTE}</p></div>`,
    claim: claim(QUOTE),
    status: 'exact',
    where: 'elsewhere',
    stage: 'rest',
  },
  {
    name: 'hidden article, visible copy elsewhere',
    reason: 'a hidden article root shows the reader nothing, so its copy is not the claim',
    body: `<article hidden><p data-where="article">${QUOTE}</p></article><main><p data-where="main">${QUOTE}</p></main>`,
    claim: claim(QUOTE),
    status: 'exact',
    where: 'main',
    stage: 'rest',
  },
  {
    name: 'article inside a display:none wrapper, and nowhere else',
    reason: 'text a reader cannot see is missing, whether the root or an ancestor hides it',
    body: `<div style="display: none"><article><p data-where="article">${QUOTE}</p></article></div><p>Anden tekst.</p>`,
    claim: claim(QUOTE),
    status: 'missing',
    where: null,
    stage: null,
  },
  {
    name: 'article inside a template',
    reason: 'template content is never rendered: the visible copy outside it is the claim',
    body: `<template><article><p>${QUOTE}</p></article></template><div><p data-where="visible">${QUOTE}</p></div>`,
    claim: claim(QUOTE),
    status: 'exact',
    where: 'visible',
    stage: 'article',
  },
];

describe('anchorArticleClaims: the article root first, the rest of the page for claims not found there', () => {
  it.each(rows)('$name: $reason', ({ body, claim: c, status, where, stage, reason }) => {
    const doc = page(body);
    const before = doc.body.innerHTML;
    const result = anchorArticleClaims(doc, [c]);
    const [anchored] = result.anchored;
    expect(anchored!.anchor.status, reason).toBe(status);
    expect(whereIs(anchored!.anchor.range), reason).toBe(where);
    if (stage !== null) expect(anchored!.page, reason).toBe(stage === 'article' ? result.article : result.rest);
    if (anchored!.anchor.range) {
      // The offsets belong to the text the claim was found in: they give back the same Range.
      const { start, end } = anchored!.anchor;
      if (status === 'exact') expect(anchored!.page.text.slice(start, end)).toBe(normalizeText(c.selector.exact));
      expect(rangeFromOffsets(anchored!.page, start, end)?.toString()).toBe(anchored!.anchor.range.toString());
    }
    expect(doc.body.innerHTML, 'anchoring does not change the page').toBe(before);
  });

  it('reads no more than the article when every claim is in it', () => {
    const doc = page(`<article><p>${QUOTE}</p></article><section>${'<p>En kommentar.</p>'.repeat(50)}</section>`);
    const result = anchorArticleClaims(doc, [claim(QUOTE)]);
    expect(result.root?.localName).toBe('article');
    expect(result.rest).toBeNull();
    expect(result.article.text).toBe(normalizeText(QUOTE));
  });

  it('leaves the article out of the second read, so its text is not searched twice', () => {
    const doc = page(`<article><p>Artiklens tekst.</p></article><section><p>${QUOTE}</p></section>`);
    const result = anchorArticleClaims(doc, [claim(QUOTE)]);
    expect(result.rest?.text).toBe(normalizeText(QUOTE));
  });

  it.each([
    {
      name: 'the article copy rejected (laid out nowhere), the comment copy accepted',
      reason: 'acceptRange judges first-stage candidates: a copy the reader cannot see yields to one they can',
      reject: 'article',
      where: 'comment',
    },
    {
      name: 'both copies rejected',
      reason: 'acceptRange judges second-stage candidates too: nothing visible, nothing marked',
      reject: 'all',
      where: null,
    },
    {
      name: 'the comment copy rejected',
      reason: 'the article copy is accepted in the first stage; the second stage is never read',
      reject: 'comment',
      where: 'article',
    },
  ])('acceptRange in both stages: $name ($reason)', ({ reject, where, reason }) => {
    const doc = page(`<main><article><p data-where="article">${QUOTE}</p></article><section><p data-where="comment">${QUOTE}</p></section></main>`);
    const seen: string[] = [];
    const acceptRange = (range: Range): boolean => {
      const at = whereIs(range) ?? '';
      seen.push(at);
      return reject !== 'all' && at !== reject;
    };
    const result = anchorArticleClaims(doc, [claim(QUOTE)], { acceptRange });
    const [anchored] = result.anchored;
    expect(whereIs(anchored!.anchor.range), reason).toBe(where);
    expect(anchored!.anchor.status, reason).toBe(where === null ? 'missing' : 'exact');
    if (anchored!.anchor.range) expect(anchored!.page.text.slice(anchored!.anchor.start, anchored!.anchor.end)).toBe(normalizeText(QUOTE));
    // Each copy is judged (the approximate pass may ask again); the comment only when the article had none.
    expect([...new Set(seen)], reason).toEqual(reject === 'comment' ? ['article'] : ['article', 'comment']);
  });

  it('keeps the order of claims and mixes stages per claim', () => {
    const second = 'Det skriver den britiske avis The Guardian ifølge nyhedsbureauet Ritzau.';
    const doc = page(`<article><p data-where="article">${QUOTE}</p></article><aside><p data-where="aside">${second}</p></aside>`);
    const claims = [{ ...claim(second), id: 'outside' }, { ...claim(QUOTE), id: 'inside' }, { ...claim('Denne sætning står ingen steder på siden, heller ikke i kommentarerne.'), id: 'nowhere' }];
    const result = anchorArticleClaims(doc, claims);
    expect(result.anchored.map((a) => [a.claim.id, a.anchor.status, whereIs(a.anchor.range)])).toEqual([
      ['outside', 'exact', 'aside'],
      ['inside', 'exact', 'article'],
      ['nowhere', 'missing', null],
    ]);
    expect(result.anchored[0]!.page).toBe(result.rest);
    expect(result.anchored[1]!.page).toBe(result.article);
  });

  it('a document without a root element has every claim missing', () => {
    const doc = page('');
    doc.documentElement.remove();
    const result = anchorArticleClaims(doc, [claim(QUOTE)]);
    expect(result.root).toBeNull();
    expect(result.anchored[0]!.anchor.status).toBe('missing');
  });
});

describe('mainTextRoot', () => {
  it.each([
    ['<main><article><div itemprop="articleBody"><p>x</p></div></article></main>', 'div', 'the microdata article body inside the article'],
    ['<main><article><p>x</p></article></main>', 'article', 'the article when it marks no body'],
    ['<main><p>x</p></main>', 'main', 'main when there is no article'],
    ['<main><p>x</p></main><aside><article id="a"><p>x</p></article></aside>', 'article', 'the first article even when it is outside main'],
    ['<article><p>x</p></article><main><p>x</p></main>', 'article', 'an article before main'],
    ['<div itemprop="articleBody"><p>x</p></div>', 'div', 'the microdata article body anywhere in a page without article or main'],
    ['<div><p>x</p></div>', 'body', 'the body when the page marks nothing'],
  ])('%s → %s (%s)', (body, expected) => {
    expect(mainTextRoot(page(body))?.localName).toBe(expected);
  });
});
