// The annotator is handed its article's claims folded (the background folds them once per
// article: src/background/marked.ts foldedClaims): it anchors with those and folds no selector
// itself, which in Firefox's cold content script cost 1–1.9 ms a load of the seed article. A list
// that does not fit the claims is not used: the annotator folds them, and marks the same.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as normalize from '../../../src/core/anchoring/normalize';
import { foldClaims } from '../../../src/core/anchoring/anchor-quote';
import { createAnnotator } from '../../../src/content/annotator';
import type { Annotator } from '../../../src/content/bridge';
import { FakeBrowser } from '../../support/fake-browser';
import { installHighlights } from '../../support/fake-highlights';
import { captureShadowRoots, loadIntoDocument, seedPublicArticle } from '../../support/page';
import { articleStart, flush, handOver, lastStatuses, recognisedFixtures, savedCopy, tinted } from './support';

// Every call of normalizeText, wherever it is made from (folding a selector calls it for the quote,
// its prefix and its suffix).
vi.mock('../../../src/core/anchoring/normalize', async (original) => {
  const actual = await original<typeof normalize>();
  return { ...actual, normalizeText: vi.fn(actual.normalizeText) };
});
const normalizeText = vi.mocked(normalize.normalizeText);

beforeAll(() => captureShadowRoots());

let annotator: Annotator | null = null;
let uninstall: (() => void) | null = null;
afterEach(() => {
  annotator?.clear();
  annotator = null;
  uninstall?.();
  uninstall = null;
});

const article = seedPublicArticle();
const quotes = new Set(article.claims.map((claim) => claim.selector.exact));

/** Starts an annotator on `html` with `folded` as the start's folded selectors; what it marked, and whether it folded a claim's quote. */
async function start(html: string, folded: unknown): Promise<{ statuses: Record<string, string>; marked: string[]; foldedQuotes: number }> {
  loadIntoDocument(html);
  const highlights = installHighlights();
  uninstall = highlights.uninstall;
  const fake = new FakeBrowser({ uiLanguage: 'da-DK' });
  fake.handlers = { 'content:anchored': () => null, 'content:cleared': () => null };
  annotator = createAnnotator({ api: () => fake, doc: document });
  const given = { ...articleStart(fake, article, 'da'), folded };
  normalizeText.mockClear();
  const report = handOver(fake, annotator, given);
  await flush();
  expect(report).not.toBeNull();
  const foldedQuotes = normalizeText.mock.calls.filter(([text]) => quotes.has(text)).length;
  const result = { statuses: lastStatuses(fake), marked: tinted(highlights.registry).map((range) => range.toString()), foldedQuotes };
  annotator.clear();
  annotator = null;
  uninstall();
  uninstall = null;
  return result;
}

const pages = [{ name: 'saved copy on its own site', html: savedCopy(), reason: 'every claim exact' }, ...recognisedFixtures()];

describe("the background's folded selectors", () => {
  it.each(pages)('$name ($reason): the same claims marked in the same words, and no quote folded in the page', async ({ html }) => {
    const given = await start(html, foldClaims(article.claims));
    // A list of another length does not fit the claims: the annotator folds them itself.
    const refolded = await start(html, foldClaims(article.claims).slice(1));
    expect(given.foldedQuotes).toBe(0);
    expect(refolded.foldedQuotes).toBeGreaterThanOrEqual(article.claims.length);
    expect(given.statuses).toEqual(refolded.statuses);
    expect(given.marked).toEqual(refolded.marked);
    expect(Object.values(given.statuses).some((status) => status !== 'missing')).toBe(true);
  });

  it('are what it anchors with, not folded again: a first quote folded to words not on the page leaves that claim unmarked (the background folds them from the article it hands over, so the two cannot disagree)', async () => {
    const folded = foldClaims(article.claims);
    const given = await start(savedCopy(), [{ ...folded[0]!, exact: 'ord som ikke står i artiklen' }, ...folded.slice(1)]);
    const first = article.claims[0]!.id;
    expect(given.statuses[first]).toBe('missing');
    expect(Object.entries(given.statuses).filter(([id]) => id !== first).every(([, status]) => status === 'exact')).toBe(true);
  });
});
