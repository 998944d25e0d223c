// The annotator starts from the main text the background's read of the page chose (readPageFacts
// leaves it in the isolated world they share), instead of choosing it a second time, as long as
// that element is still in the page; otherwise, and on a page the reader read whole, it chooses
// as before. Each row changes the page between the read and the annotator's start so that a
// fresh choice differs from the reader's, which tells which one the annotator used.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PAGE_GROWTH } from '../../../src/background/page-reads';
import { SETTLE_MS } from '../../../src/content/watch';
import { mainTextRoot } from '../../../src/core/anchoring/article-anchoring';
import { normalizeText } from '../../../src/core/anchoring/normalize';
import { SIGNAL_WORD_LIMIT, readPageFacts } from '../../../src/injected/read-page-facts';
import { type FakeHighlightRegistry, installHighlights } from '../../support/fake-highlights';
import { captureShadowRoots, fromSource, loadIntoDocument } from '../../support/page';
import { type Running, annotateCurrent, flush, lastStatuses, savedCopy, tinted } from './support';

beforeAll(() => captureShadowRoots());

const GROWTH_WATCH = Symbol.for('kontekst.growth-watch');

let running: Running | null = null;
let registry: FakeHighlightRegistry;
let uninstall: () => void;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
  ({ registry, uninstall } = installHighlights());
  // The growth watcher the read leaves is not what this file tests (injected.test.ts is): the
  // world already holds one, so the reads here leave none to outlive a test.
  (globalThis as Record<symbol, unknown>)[GROWTH_WATCH] = { growth: PAGE_GROWTH };
});
afterEach(() => {
  running?.annotator.clear();
  running = null;
  uninstall();
  for (const key of [GROWTH_WATCH, Symbol.for('kontekst.main-text')]) delete (globalThis as Record<symbol, unknown>)[key];
  vi.useRealTimers();
});

const GUARDIAN = 'Det skriver The Guardian.';
/** The article element the claim reading `text` is marked in. */
const markedIn = (text: string): Element | null =>
  tinted(registry).find((r) => normalizeText(r.toString()) === normalizeText(text))?.startContainer.parentElement?.closest('article') ?? null;

/** 300 reader comments under the story: a page of 600 more elements, where the reader chooses the main text. */
const COMMENTS = `<section class="comments"><ol>${Array.from({ length: 300 }, (_, i) => `<li><p>Kommentar nummer ${i}</p></li>`).join('')}</ol></section>`;
const withComments = (html: string): string => html.replace('</main>', `${COMMENTS}</main>`);

/** The background's read, as it runs in the page: facts, the growth watcher, and (on a large page) the choice left behind. */
function backgroundRead(doc: Document | null = null): void {
  fromSource(readPageFacts)(SIGNAL_WORD_LIMIT, doc, null, PAGE_GROWTH);
}

/** The page adds a longer copy of the story (a print edition under it): a fresh choice now prefers it over the story. */
function addLongerCopy(doc: Document = document): Element {
  const story = doc.querySelector('article') as Element;
  const copy = doc.createElement('article');
  copy.id = 'print-copy';
  copy.innerHTML = story.innerHTML + Array.from({ length: 12 }, (_, i) => `<p>Ekstra afsnit ${i} i trykudgaven, som fortæller mere om baggrunden for mødet mellem de to præsidenter og om reaktionerne.</p>`).join('');
  story.after(copy);
  return copy;
}

describe("the annotator starts from the background's choice of the main text", () => {
  it('marks the claims in the element the read chose, though a fresh choice would now take the copy added since', async () => {
    loadIntoDocument(withComments(savedCopy()));
    const story = document.querySelector('article') as Element;
    backgroundRead();
    const copy = addLongerCopy();
    expect(mainTextRoot(document)).toBe(copy);
    running = await annotateCurrent();
    expect(lastStatuses(running.fake)['guardian-report']).toBe('exact');
    expect(markedIn(GUARDIAN)).toBe(story);
  });

  it.each([
    {
      name: 'the page re-rendered the story after the read',
      reason: 'a removed element holds text the reader no longer sees',
      before: () => loadIntoDocument(withComments(savedCopy())),
      read: () => backgroundRead(),
      change: () => {
        const story = document.querySelector('article') as Element;
        story.replaceWith(story.cloneNode(true));
      },
    },
    {
      name: 'the read was of another document',
      reason: "a choice in another document is not this page's (in a browser each document has its own world)",
      before: () => loadIntoDocument(withComments(savedCopy())),
      read: () => {
        const other = document.implementation.createHTMLDocument('');
        other.documentElement.innerHTML = new DOMParser().parseFromString(withComments(savedCopy()), 'text/html').documentElement.innerHTML;
        backgroundRead(other);
      },
      change: () => void addLongerCopy(),
    },
    {
      name: 'the page was not read',
      reason: 'nothing was left: the annotator chooses as it always did',
      before: () => loadIntoDocument(withComments(savedCopy())),
      read: () => undefined,
      change: () => void addLongerCopy(),
    },
    {
      name: 'the read was of a small page (read whole, nothing chosen)',
      reason: 'a page of under 500 elements is read whole and no element is left',
      before: () => loadIntoDocument(savedCopy()),
      read: () => backgroundRead(),
      change: () => void addLongerCopy(),
    },
    {
      name: 'a later read of the page, grown small, chose nothing',
      reason: 'the last read takes back what an earlier one left',
      before: () => loadIntoDocument(withComments(savedCopy())),
      read: () => {
        backgroundRead();
        document.querySelector('.comments')?.remove();
        backgroundRead();
      },
      change: () => void addLongerCopy(),
    },
  ])('chooses afresh when $name ($reason)', async ({ before, read, change }) => {
    before();
    read();
    change();
    const fresh = mainTextRoot(document);
    expect(fresh?.localName).toBe('article');
    running = await annotateCurrent();
    expect(lastStatuses(running.fake)['guardian-report']).toBe('exact');
    expect(markedIn(GUARDIAN)).toBe(fresh);
  });

  it('uses the read\'s choice for its first anchoring only: after the page changes, it chooses again', async () => {
    loadIntoDocument(withComments(savedCopy()));
    const story = document.querySelector('article') as Element;
    backgroundRead();
    const copy = addLongerCopy();
    running = await annotateCurrent();
    expect(markedIn(GUARDIAN)).toBe(story);

    // The page renders a claim's paragraph in the story again: the annotator reads the page again.
    const guardian = [...story.querySelectorAll('p')].find((p) => normalizeText(p.textContent ?? '') === normalizeText(GUARDIAN)) as HTMLParagraphElement;
    guardian.replaceWith(guardian.cloneNode(true));
    await flush();
    vi.advanceTimersByTime(SETTLE_MS);
    await flush();
    expect(markedIn(GUARDIAN)).toBe(copy);
  });
});
