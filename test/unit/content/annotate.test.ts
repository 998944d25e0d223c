import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { normalizeText } from '../../../src/core/anchoring/normalize';
import { ACTIVE_HIGHLIGHT, CLAIM_HIGHLIGHT } from '../../../src/content/marks';
import { installHighlights } from '../../support/fake-highlights';
import { readerDispatch } from '../../support/trusted-events';
import { captureShadowRoots, loadIntoDocument, seedPublicArticle } from '../../support/page';
import { createAnnotator } from '../../../src/content/annotator';
import { FakeBrowser } from '../../support/fake-browser';
import { type Running, annotate, annotateCurrent, articleStart, flush, handOver, lastStatuses, markers, recognisedFixtures, savedCopy, textBefore, tinted } from './support';

beforeAll(() => captureShadowRoots());

let running: Running | null = null;
let uninstall: (() => void) | null = null;
afterEach(() => {
  running?.annotator.clear();
  running = null;
  uninstall?.();
  uninstall = null;
});

const seedClaims = () => running!.article.claims;
const allExact = () => Object.fromEntries(seedClaims().map((c) => [c.id, 'exact']));

const pages = [
  { name: 'saved copy on its own site', html: savedCopy(), reason: 'the article as its publisher serves it: every claim exact', claims: null },
  ...recognisedFixtures(),
];
const modes = [
  { mode: 'underline' as const, why: "jsdom has no CSS.highlights: underlines in the markers' layer" },
  { mode: 'highlight' as const, why: 'a spec-like Highlight registry: copies of the ranges registered there' },
];
const rows = pages.flatMap((page) => modes.map((m) => ({ ...page, ...m })));

describe('anchoring and marking the fixture pages', () => {
  it.each(rows)('$name ($mode): $reason', async ({ html, claims, mode }) => {
    if (mode === 'highlight') uninstall = installHighlights().uninstall;
    running = await annotate(html, { forceUnderlines: mode === 'underline' });
    const expected = claims ?? allExact();
    expect(lastStatuses(running.fake)).toEqual(expected);

    // One focusable marker per claim found, named after its first note, in the claims' document order.
    const found = seedClaims().filter((c) => expected[c.id] !== 'missing');
    const labels = markers().map((m) => m.label);
    const inOrder = found
      .map((claim) => ({ claim, at: textBefore(firstTextOf(claim.selector.exact)) }))
      .sort((a, b) => a.at.length - b.at.length)
      .map(({ claim }) => `Context notes: ${claim.notes[0]!.title.en}`);
    expect(labels.sort()).toEqual([...inOrder].sort());
    // Nothing of Kontekst's inside the page's content.
    expect([...document.body.querySelectorAll('*')].filter((el) => el.localName.startsWith('kontekst-'))).toEqual([]);
  });

  it.each(pages)('$name: the page text its scripts read is unchanged while marked', async ({ html }) => {
    for (const forceUnderlines of [true, false]) {
      const { uninstall: remove } = installHighlights();
      const pristine = new DOMParser().parseFromString(html, 'text/html').body.textContent;
      running = await annotate(html, { forceUnderlines });
      expect(document.body.textContent).toBe(pristine);
      running.annotator.clear();
      remove();
    }
  });
});

describe('the highlight path', () => {
  it('puts each found claim in kontekst-claim and reads back exactly the quote', async () => {
    const { registry, uninstall: remove } = installHighlights();
    uninstall = remove;
    running = await annotate(savedCopy());
    const highlight = registry.get(CLAIM_HIGHLIGHT)!;
    expect(highlight.size).toBe(seedClaims().length);
    const texts = tinted(registry).map((r) => normalizeText(r.toString())).sort();
    expect(texts).toEqual(seedClaims().map((c) => normalizeText(c.selector.exact)).sort());
    expect(registry.get(ACTIVE_HIGHLIGHT)?.size).toBe(0);
  });

  it("leaves the page's own highlights alone and removes only its own on teardown", async () => {
    const { registry, uninstall: remove } = installHighlights();
    uninstall = remove;
    const pageOwn = new (window as unknown as { Highlight: new () => never }).Highlight();
    registry.set('search-result', pageOwn);
    running = await annotate(savedCopy());
    expect([...registry.keys()].sort()).toEqual([CLAIM_HIGHLIGHT, ACTIVE_HIGHLIGHT, 'search-result'].sort());
    running.annotator.clear();
    expect([...registry.keys()]).toEqual(['search-result']);
    expect(registry.get('search-result')).toBe(pageOwn);
  });
});

describe('teardown', () => {
  it.each(rows)('$name ($mode): clear() leaves the DOM exactly as it was', async ({ html, mode }) => {
    if (mode === 'highlight') uninstall = installHighlights().uninstall;
    loadIntoDocument(html);
    const before = document.documentElement.outerHTML;
    const nodes = textNodes();
    running = await annotateCurrent({ forceUnderlines: mode === 'underline' });
    // Open a card too, so its element is part of what must go.
    readerDispatch(markers()[0]!.button, new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    expect(document.querySelector('kontekst-card')).not.toBeNull();
    running.annotator.clear();
    expect(document.documentElement.outerHTML).toBe(before);
    // The very same text nodes, with the same text: a page script holding one still holds the page's.
    const after = textNodes();
    expect(after.length).toBe(nodes.length);
    after.forEach((now, i) => {
      expect(now.node).toBe(nodes[i]!.node);
      expect(now.data).toBe(nodes[i]!.data);
    });
    expect(running.fake.messages('content:cleared')).toHaveLength(1);
    expect(running.fake.listenerCount).toBe(0);
  });

  it('stops listening: after clear() nothing opens and nothing is re-anchored', async () => {
    running = await annotate(savedCopy());
    const first = markers()[0]!;
    running.annotator.clear();
    readerDispatch(first.button, new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    document.querySelector('article')!.append(Object.assign(document.createElement('p'), { textContent: 'Ny tekst' }));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(document.querySelector('kontekst-card, kontekst-markers')).toBeNull();
    expect(running.fake.messages('content:anchored')).toHaveLength(1);
  });

  it('started again with the same article (the background recognised a page that grew) keeps the marks as they are and answers them again', async () => {
    const { registry, uninstall: remove } = installHighlights();
    uninstall = remove;
    running = await annotate(savedCopy());
    const copies = [...registry.get(CLAIM_HIGHLIGHT)!];
    const again = handOver(running.fake, running.annotator, articleStart(running.fake, running.article, running.language));
    await flush();
    expect([...registry.get(CLAIM_HIGHLIGHT)!]).toEqual(copies);
    expect([...registry.get(CLAIM_HIGHLIGHT)!][0]).toBe(copies[0]);
    expect(again).toEqual(running.fake.messages('content:anchored')[0]);
    expect(running.fake.messages('content:anchored')).toHaveLength(2);
  });

  it('started again after clear() marks the page again', async () => {
    running = await annotate(savedCopy());
    running.annotator.clear();
    handOver(running.fake, running.annotator, articleStart(running.fake, running.article, running.language));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(markers()).toHaveLength(seedClaims().length);
  });

  it.each([
    { given: null, reason: 'nothing' },
    { given: '{"article":', reason: 'text that is not JSON' },
    { given: { article: { claims: [] }, language: 'de', pack: null, strings: {} }, reason: 'a language the card cannot show, and no strings' },
    { given: { article: { claims: 'x' }, language: 'en', pack: null }, reason: 'claims that are not a list' },
  ])('a malformed start ($reason) is refused: nothing is marked and nothing answered', ({ given }) => {
    loadIntoDocument(savedCopy());
    const fake = new FakeBrowser({ uiLanguage: 'en-GB' });
    const annotator = createAnnotator({ api: () => fake, doc: document });
    expect(annotator.start(typeof given === 'string' ? given : JSON.stringify(given))).toBeNull();
    expect(document.querySelector('kontekst-markers')).toBeNull();
  });

  it.each([
    { leave: () => window.dispatchEvent(new FocusEvent('blur')), how: 'the window loses the focus (the extensions panel)' },
    { leave: () => (Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true }), document.dispatchEvent(new Event('visibilitychange'))), how: 'the tab is hidden (about:addons in another tab)' },
  ])('in Firefox, touches no extension API until the reader leaves the page: listens once $how', async ({ leave }) => {
    loadIntoDocument(savedCopy());
    const fake = new FakeBrowser({ uiLanguage: 'en-GB' });
    // What Firefox gives a content script's global (and Chrome does not).
    (globalThis as { exportFunction?: unknown }).exportFunction = () => undefined;
    const hasFocus = vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    try {
      let lookups = 0;
      const annotator = createAnnotator({ api: () => (lookups++, fake), doc: document });
      handOver(fake, annotator, articleStart(fake, seedPublicArticle(), 'en'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(lookups).toBe(0);
      leave();
      expect(fake.listenerCount).toBe(1);
      annotator.clear();
      expect(fake.listenerCount).toBe(0);
    } finally {
      hasFocus.mockRestore();
      delete (globalThis as { exportFunction?: unknown }).exportFunction;
      delete (document as { visibilityState?: string }).visibilityState;
    }
  });

  it('outside Firefox, listens for the background\'s requests at once (the API costs little there)', () => {
    loadIntoDocument(savedCopy());
    const fake = new FakeBrowser({ uiLanguage: 'en-GB' });
    const annotator = createAnnotator({ api: () => fake, doc: document });
    handOver(fake, annotator, articleStart(fake, seedPublicArticle(), 'en'));
    expect(fake.listenerCount).toBe(1);
    annotator.clear();
  });
});

function textNodes(): { node: Text; data: string }[] {
  const out: { node: Text; data: string }[] = [];
  const walker = document.createTreeWalker(document.documentElement, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push({ node: n as Text, data: (n as Text).data });
  return out;
}

/** The first text node holding the start of `quote` (folded), for document order. */
function firstTextOf(quote: string): Node {
  const head = normalizeText(quote).slice(0, 12);
  const walker = document.createTreeWalker(document.body, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (normalizeText((n as Text).data).includes(head)) return n;
  return document.body;
}
