// The functions the background runs in a page through scripting.executeScript({ func }): the
// browser sends only their source, so each is run here from its source alone, in the test's
// global scope (a function that used anything from its module would throw). The growth watcher
// (left by the page reader in the same injection) re-recognises a page when much new text arrives; Kontekst's own elements (the markers' layer
// after the body) are not new text, also when a hostile page removes them again and again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { annotatorAnswered, showClaimInPage, startAnnotator, startOrStash } from '../../../src/injected/annotator-start';
import { clearAnnotator, lowerGrowth } from '../../../src/injected/growth-watch';
import { type FirstLook, type PageFacts, SIGNAL_WORD_LIMIT, readPageFacts } from '../../../src/injected/read-page-facts';
import { beginStashedStart, registerAnnotator } from '../../../src/content/bridge';
import { readFileSync } from 'node:fs';
import { markupText } from '../../../src/core/recognition/markup-text';
import { MAX_PAGE_MARKUP, isPageFacts } from '../../../src/shared/messages';
import { fromSource, loadIntoDocument } from '../../support/page';
import { savedCopy } from '../content/support';

const sendMessage = vi.fn(async (_message: unknown) => null);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  loadIntoDocument(savedCopy());
  sendMessage.mockClear();
  vi.stubGlobal('chrome', { runtime: { sendMessage } });
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('kontekst.growth-watch')];
});

afterEach(() => {
  // A fresh root element: each test's watcher observes the old one, which no later change reaches.
  document.replaceChild(document.createElement('html'), document.documentElement);
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('kontekst.annotator')];
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  vi.advanceTimersByTime(1000);
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** What marking does to the page's DOM: one host of Kontekst's own after the body (its markers live in a closed shadow root). */
function markAsKontekstDoes(): { revert(): void } {
  const host = document.createElement('kontekst-markers');
  document.documentElement.append(host);
  return { revert: () => host.remove() };
}

/** The background's page reader as it runs in a page: reads the facts and leaves the growth watcher (1,500 characters, as the background asks). */
function watchForGrowth(growth = 1500): PageFacts {
  return fromSource(readPageFacts)(SIGNAL_WORD_LIMIT, null, null, growth);
}

/** The text the background takes from a read: the page's, or that of the markup a small page sent (detection.ts, withText). */
const textOf = (facts: PageFacts | null | undefined): string => (facts?.markup !== undefined ? markupText(facts.markup, SIGNAL_WORD_LIMIT).text : facts?.text ?? '');

function addParagraphs(count: number): void {
  const more = document.createElement('section');
  for (let i = 0; i < count; i++) more.append(Object.assign(document.createElement('p'), { textContent: `Afsnit ${i}: ${'ny tekst '.repeat(12)}` }));
  document.body.append(more);
}

describe('the growth watcher (left by readPageFacts, run from its source)', () => {
  it('goes in with the reading: the same injection returns the facts and leaves the watcher', async () => {
    const facts = watchForGrowth();
    expect(textOf(facts)).toContain(fromSource(readPageFacts)(SIGNAL_WORD_LIMIT).text.slice(0, 200));
    addParagraphs(20);
    await settle();
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it("tells the background whether Kontekst's annotator is in the page already (it is not injected again)", () => {
    expect(watchForGrowth().annotator).toBe(false);
    registerAnnotator({ start: () => null, answered: () => undefined, showClaim: () => false, clear: () => undefined });
    expect(watchForGrowth().annotator).toBe(true);
    expect(fromSource(readPageFacts)(SIGNAL_WORD_LIMIT)).not.toHaveProperty('annotator');
  });

  it.each([
    { reason: 'the annotator and the CLI read without a growth budget', run: () => void fromSource(readPageFacts)(SIGNAL_WORD_LIMIT) },
    { reason: "the main text's root is chosen, nothing read", run: () => void fromSource(readPageFacts)(SIGNAL_WORD_LIMIT, document, 'root') },
  ])('is not left when $reason', async ({ run }) => {
    run();
    addParagraphs(20);
    await settle();
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('asks after a few sentences once the background lowers its budget (a page naming a known article without its text)', async () => {
    watchForGrowth();
    fromSource(lowerGrowth)(150);
    addParagraphs(3);
    await settle();
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it('is not raised again by a later look (the lowest budget stays), and lowering a page without a watcher does nothing', async () => {
    expect(() => fromSource(lowerGrowth)(150)).not.toThrow();
    watchForGrowth(150);
    watchForGrowth(1500);
    fromSource(lowerGrowth)(1500);
    addParagraphs(3);
    await settle();
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it('asks nothing while the page stays as it loaded', async () => {
    watchForGrowth();
    await settle();
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it("does not count Kontekst's markers as new text, also when the page removes them each time", async () => {
    watchForGrowth();
    for (let round = 0; round < 4; round++) {
      const edits = markAsKontekstDoes();
      await settle();
      // The page's sweeper takes the markers out; Kontekst undoes and marks again.
      for (const marker of document.querySelectorAll('kontekst-markers')) marker.remove();
      await settle();
      edits.revert();
      await settle();
    }
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('asks the background to recognise the page again when a lot of real text arrives, once per burst', async () => {
    watchForGrowth();
    addParagraphs(20);
    await settle();
    expect(sendMessage.mock.calls).toEqual([[{ kontekst: 1, type: 'content:changed', payload: {} }]]);
  });

  it('ignores a little new text (a comment, a clock)', async () => {
    watchForGrowth();
    addParagraphs(3);
    await settle();
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('watches once per document however often the background injects it', async () => {
    for (let i = 0; i < 3; i++) watchForGrowth();
    addParagraphs(20);
    await settle();
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it('stops asking after 20 re-detections on a page that never stops growing', async () => {
    watchForGrowth();
    for (let i = 0; i < 30; i++) {
      addParagraphs(20);
      await settle();
    }
    expect(sendMessage).toHaveBeenCalledTimes(20);
  });

  it('uses Firefox\'s browser namespace where there is one', async () => {
    const firefoxSend = vi.fn(async (_message: unknown) => null);
    vi.stubGlobal('browser', { runtime: { sendMessage: firefoxSend } });
    watchForGrowth();
    addParagraphs(20);
    await settle();
    expect(firefoxSend).toHaveBeenCalledTimes(1);
    expect(sendMessage).not.toHaveBeenCalled();
  });
});

describe('clearAnnotator (run from its source)', () => {
  it("clears the page's annotator", () => {
    const clear = vi.fn();
    (globalThis as Record<symbol, unknown>)[Symbol.for('kontekst.annotator')] = { clear };
    fromSource(clearAnnotator)();
    expect(clear).toHaveBeenCalledTimes(1);
  });

  it('does nothing in a page that has none (a new document after a navigation)', () => {
    expect(() => fromSource(clearAnnotator)()).not.toThrow();
  });

  it.each([
    { reason: 'the page that was judged: cleared', address: () => location.href, calls: 1 },
    { reason: 'a page at another address by the time it arrives (the reader went on): left alone', address: () => 'https://jyllands-posten.dk/naeste-artikel/', calls: 0 },
  ])('clears $reason', ({ address, calls }) => {
    const clear = vi.fn();
    (globalThis as Record<symbol, unknown>)[Symbol.for('kontekst.annotator')] = { clear };
    fromSource(clearAnnotator)(address());
    expect(clear).toHaveBeenCalledTimes(calls);
  });
});

describe("the annotator's start, answer and card (run from their source)", () => {
  it('hands the annotator its article and answers what it anchored; tells it the background answered; opens a card', () => {
    const start = vi.fn((json: string) => ({ claims: [{ id: JSON.parse(json).id, status: 'exact' }] }));
    const answered = vi.fn();
    const showClaim = vi.fn((id: string) => id === 'putin-invitation');
    (globalThis as Record<symbol, unknown>)[Symbol.for('kontekst.annotator')] = { start, answered, showClaim };
    expect(fromSource(startAnnotator)('{"id":"putin-invitation"}')).toEqual({ claims: [{ id: 'putin-invitation', status: 'exact' }] });
    expect(fromSource(annotatorAnswered)()).toBe(true);
    expect(answered).toHaveBeenCalledTimes(1);
    expect(fromSource(showClaimInPage)('putin-invitation')).toBe(true);
    expect(fromSource(showClaimInPage)('g20-buenos-aires')).toBe(false);
  });

  // The start is sent beside the bundle: whichever runs first, the annotator is started once, and
  // one of the two injections answers with its report (the bundle's last statement, build.mjs).
  const bundleAnswer = (): unknown => {
    const statement = /const BUNDLE_ANSWER = '(.*)\\n';/.exec(readFileSync('build.mjs', 'utf8'))?.[1];
    if (!statement) throw new Error('no BUNDLE_ANSWER in build.mjs');
    return (0, eval)(statement);
  };
  const annotator = () => ({ start: vi.fn((json: string, styled?: boolean) => ({ claims: [{ id: String(JSON.parse(json).id), status: styled ? ('exact' as const) : ('missing' as const) }] })), answered: vi.fn(), showClaim: vi.fn(() => false), clear: vi.fn() });
  it.each([
    { reason: 'the start first (no file to read): it waits, and the bundle answers with the report', startFirst: true },
    { reason: 'the bundle first: the start starts it and answers with the report', startFirst: false },
  ])('starts the annotator the bundle brings once, $reason', ({ startFirst }) => {
    const page = annotator();
    const bundle = (): unknown => {
      registerAnnotator(page);
      beginStashedStart();
      return bundleAnswer();
    };
    const start = (): unknown => fromSource(startOrStash)('{"id":"putin-invitation"}', true);
    const report = { claims: [{ id: 'putin-invitation', status: 'exact' }] };
    if (startFirst) {
      expect(start()).toBe('stashed');
      expect(page.start).not.toHaveBeenCalled();
      expect(bundle()).toEqual(report);
    } else {
      expect(bundle()).toBeUndefined();
      expect(start()).toEqual(report);
    }
    expect(page.start).toHaveBeenCalledTimes(1);
    // Nothing is left behind in the content scripts' world: a later bundle answers nothing.
    expect(Object.getOwnPropertySymbols(globalThis).map(String).filter((k) => /kontekst\.start/.test(k))).toEqual([]);
    expect(bundleAnswer()).toBeUndefined();
  });

  it('answers null, false and false in a page without an annotator (a new document after a navigation)', () => {
    expect(fromSource(startAnnotator)('{}')).toBeNull();
    expect(fromSource(annotatorAnswered)()).toBe(false);
    expect(fromSource(showClaimInPage)('putin-invitation')).toBe(false);
  });
});

describe('the page reader (readPageFacts, run from its source)', () => {
  const read = (limit = 6000): PageFacts => fromSource(readPageFacts)(limit) as PageFacts;

  it("reads the article's links from the head and, on a page of a few dozen elements, its whole text", () => {
    const facts = read();
    expect(facts.canonical).toBe('https://jyllands-posten.dk/international/europa/ECE10772669/putin-har-inviteret-trump-til-moskva/');
    // Blocks are joined with spaces (words in neighbouring blocks stay apart): compare without them.
    const body = document.body.cloneNode(true) as HTMLElement;
    for (const skipped of body.querySelectorAll('script, style, noscript, template')) skipped.remove();
    expect(facts.text.replace(/\s+/g, '')).toBe(body.textContent?.replace(/\s+/g, ''));
  });

  it('reads only the main text of a page of many elements (a news site with its menus)', () => {
    const article = document.querySelector('article') as HTMLElement;
    document.body.insertAdjacentHTML('afterbegin', `<nav><ul>${'<li><a href="/sektion">Sektionsnavn</a></li>'.repeat(300)}</ul></nav>`);
    const facts = read();
    expect(facts.text.replace(/\s+/g, '')).toBe(article.textContent?.replace(/\s+/g, ''));
    expect(facts.text).not.toContain('Sektionsnavn');
  });

  it('stops at the limit, counted in words, with whitespace collapsed', () => {
    loadIntoDocument(`<body><main>${'<p>\n        Et afsnit med nogle ord i.\n      </p>'.repeat(3000)}</main></body>`);
    const { text } = read(5000);
    // Six words a paragraph, 3,000 paragraphs: the first 5,000 words, not a word more.
    expect(text.trim().split(' ')).toHaveLength(5000);
    expect(text).not.toMatch(/\s{2}|\n/);
  });

  it.each([
    { reason: 'exactly the limit: all of them', words: 7, limit: 7, expected: 7 },
    { reason: 'one word over: cut at the limit', words: 8, limit: 7, expected: 7 },
    { reason: 'one-letter words just under twice the limit in characters (no split needed)', words: 6, limit: 7, expected: 6 },
  ])('counts words at the edge of the limit: $reason', ({ words, limit, expected }) => {
    loadIntoDocument(`<body><p>${Array.from({ length: words }, (_, i) => String.fromCharCode(97 + i)).join(' ')}</p></body>`);
    expect(read(limit).text.split(' ')).toHaveLength(expected);
  });

  it('collapses every kind of whitespace to one space, a run of single spaces left as it is', () => {
    loadIntoDocument('<body><p>  Et\u00a0 afsnit\t\tmed \n      nogle\u2003ord  i. </p><p>Og\u202fet til</p></body>');
    expect(read(6000).text).toBe('Et afsnit med nogle ord i. Og et til');
  });

  it.each([
    { reason: 'no article element: the body', html: '<body><nav>Forside</nav><div><p>Brødtekst om vejret i dag.</p></div></body>', has: ['Forside', 'Brødtekst'] },
    { reason: 'an article that is only a teaser: the body', html: '<body><article>Kort teaser</article><div><p>Hele historien står her.</p></div></body>', has: ['Kort teaser', 'Hele historien'] },
    { reason: 'script, style and template text is no page text', html: '<body><script>var x = "kode";</script><style>p{}</style><template>skabelon</template><p>Synlig tekst</p></body>', has: ['Synlig tekst'] },
    {
      reason: 'script text inside the prose, however deep, is no page text',
      html: '<body><article><div><p>Synlig tekst <span>her <script>var x = "kode";</script></span> og <style>p{}</style>der.</p></div></article></body>',
      has: ['Synlig tekst', 'her', 'og', 'der.'],
    },
    { reason: 'fallbacks browsers never render are no page text', html: '<body><noframes>rammer</noframes><iframe>ramme-tekst</iframe><noembed>indlejret</noembed><p>Synlig tekst</p></body>', has: ['Synlig tekst'] },
  ])('reads $reason', ({ html, has }) => {
    loadIntoDocument(html);
    const { text } = read();
    for (const part of has) expect(text).toContain(part);
    for (const absent of ['kode', 'p{}', 'skabelon', 'rammer', 'ramme-tekst', 'indlejret']) expect(text).not.toContain(absent);
  });

  // Server-rendered and minified pages put no whitespace between their elements (35 of 39 saved
  // real pages had such joins; read by textContent alone, wsj.com's "said.The" lost a third of its words).
  it.each([
    { reason: 'paragraphs with nothing between them', html: '<body><article><p>Første afsnit slutter.</p><p>Andet begynder her.</p></article></body>', words: 'Første afsnit slutter. Andet begynder her.' },
    { reason: 'lines split by <br>', html: '<body><article><p>Linje et<br>linje to</p></article></body>', words: 'Linje et linje to' },
    { reason: 'a heading and a list, nested in wrappers', html: '<body><main><div><h2>Overskrift</h2><div><ul><li>punkt et</li><li>punkt to</li></ul></div></div></main></body>', words: 'Overskrift punkt et punkt to' },
    { reason: 'inline markup inside a word stays one word', html: '<body><article><p>Et <b>fed</b>t ord og <a href="/x">et link</a>.</p></article></body>', words: 'Et fedt ord og et link.' },
  ])('keeps words apart across $reason', ({ html, words }) => {
    loadIntoDocument(html);
    expect(read().text).toBe(words);
  });

  it('reads the text of CDATA sections, which XHTML pages show', () => {
    const xhtml = new DOMParser().parseFromString(
      '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><p><![CDATA[Tekst i en CDATA-sektion.]]></p></body></html>',
      'application/xhtml+xml',
    );
    expect((fromSource(readPageFacts)(6000, xhtml) as PageFacts).text).toContain('Tekst i en CDATA-sektion.');
  });

  it('ignores a canonical link a page puts in its body (links belong in the head)', () => {
    loadIntoDocument('<head><title>x</title></head><body><p>Tekst</p><link rel="canonical" href="https://jyllands-posten.dk/anden-artikel/"></body>');
    expect(read().canonical).toBeNull();
  });
});

// A small page's text is read by the background from its markup (core/recognition/markup-text.ts):
// walking the nodes in a fresh isolated world cost about half of what Kontekst cost such a page in
// Chromium (bench/cost.ts, "Pages not in the dataset"); serializing them is one native call.
describe("the background's reads of a small page send its markup", () => {
  const smallPage = '<head><title>x</title><link rel="canonical" href="https://avis.example/a"></head><body><article><h1>Rubrik</h1><p>Første afsnit slutter.</p><p>Et <b>fed</b>t ord &amp; mere.</p></article><script>var kode = 1;</script></body>';

  it('sends a small HTML page\'s markup instead of its text, with its links, and the text in it is the text the page would have read', () => {
    loadIntoDocument(smallPage);
    const facts = watchForGrowth();
    expect(facts).toMatchObject({ canonical: 'https://avis.example/a', text: '', markup: document.body.outerHTML });
    expect(isPageFacts(facts)).toBe(true);
    expect(textOf(facts)).toBe(fromSource(readPageFacts)(SIGNAL_WORD_LIMIT).text);
    expect(textOf(facts)).toBe('Rubrik Første afsnit slutter. Et fedt ord & mere.');
  });

  it.each([
    { reason: 'the annotator and the CLI (no growth budget) read the text', facts: () => fromSource(readPageFacts)(SIGNAL_WORD_LIMIT) },
    { reason: "the background asks for the text ('text': its markup held too many words)", facts: () => fromSource(readPageFacts)(SIGNAL_WORD_LIMIT, null, 'text', 1500) },
    { reason: 'a page of many elements has its main text chosen in the page', facts: () => (document.body.insertAdjacentHTML('afterbegin', `<nav><ul>${'<li><a href="/s">Sektion</a></li>'.repeat(300)}</ul></nav>`), watchForGrowth()) },
    { reason: 'markup longer than the background takes is read in the page', facts: () => (document.body.insertAdjacentHTML('beforeend', `<img alt="" src="data:image/png;base64,${'A'.repeat(MAX_PAGE_MARKUP)}">`), watchForGrowth()) },
  ])('sends text, not markup, where $reason', ({ facts }) => {
    loadIntoDocument(smallPage);
    const read = facts();
    expect(read).not.toHaveProperty('markup');
    expect(read.text).toContain('Første afsnit slutter.');
    expect(isPageFacts(read)).toBe(true);
  });

  it('sends text, not markup, from an XML document (its serialization is not HTML\'s)', () => {
    const xhtml = new DOMParser().parseFromString('<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><p><![CDATA[Tekst i en CDATA-sektion.]]></p></body></html>', 'application/xhtml+xml');
    const read = fromSource(readPageFacts)(SIGNAL_WORD_LIMIT, xhtml, null, 1500);
    expect(read).not.toHaveProperty('markup');
    expect(read.text).toContain('Tekst i en CDATA-sektion.');
  });
});

describe("readPageFacts' first look (run in a page the moment the browser reports it loading)", () => {
  const look = (): FirstLook | Promise<FirstLook> => fromSource(readPageFacts)(6000, null, 'parsed');

  it('answers at once with the facts of a document that is already parsed', async () => {
    vi.spyOn(document, 'readyState', 'get').mockReturnValue('interactive');
    expect(await look()).toEqual({ state: 'interactive', facts: fromSource(readPageFacts)(6000) });
    vi.restoreAllMocks();
  });

  it('reads nothing in a loaded document (maybe the one the tab is leaving)', async () => {
    vi.spyOn(document, 'readyState', 'get').mockReturnValue('complete');
    expect(await look()).toEqual({ state: 'complete', facts: null });
    vi.restoreAllMocks();
  });

  it('reads a loaded document when asked to (the report named its address: the new document)', async () => {
    vi.spyOn(document, 'readyState', 'get').mockReturnValue('complete');
    expect(await fromSource(readPageFacts)(6000, null, 'parsed', undefined, true)).toEqual({ state: 'complete', facts: fromSource(readPageFacts)(6000) });
    vi.restoreAllMocks();
  });

  it('waits for DOMContentLoaded while the document is still parsed, then reads it and says it waited', async () => {
    vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
    let answer = null as FirstLook | null;
    void Promise.resolve(look()).then((found) => (answer = found));
    await Promise.resolve();
    expect(answer).toBeNull();
    // Text that arrives before DOMContentLoaded is in the facts.
    const main = readPageFacts(6000, document, 'root') ?? document.body;
    main.insertAdjacentHTML('afterbegin', '<p>Første afsnit, skrevet før siden var læst færdig.</p>');
    document.dispatchEvent(new Event('DOMContentLoaded'));
    await vi.waitFor(() => expect(answer?.state).toBe('loading'));
    expect(answer?.facts?.text).toContain('Første afsnit, skrevet før siden var læst færdig.');
    vi.restoreAllMocks();
  });

  it("leaves the growth watcher only once the page is parsed: the parser's own text is no growth", async () => {
    vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
    const answer = fromSource(readPageFacts)(SIGNAL_WORD_LIMIT, null, 'parsed', 1500);
    // The rest of the document arriving from the network before DOMContentLoaded.
    addParagraphs(20);
    await settle();
    document.dispatchEvent(new Event('DOMContentLoaded'));
    expect(textOf((await answer).facts)).toContain('Afsnit 19');
    await settle();
    expect(sendMessage).not.toHaveBeenCalled();
    // Text that arrives after it is.
    addParagraphs(20);
    await settle();
    expect(sendMessage).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
  });
});
