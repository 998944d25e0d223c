// Issue 12, page side: what a page can do to Kontekst's marks, and what Kontekst's marks may
// do to the page. One test per attack, each playing the page's script as an attacker (or a
// framework) would; the reader's own input is marked trusted (test/support/trusted-events.ts).
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { normalizeText } from '../../../src/core/anchoring/normalize';
import { OPEN_DELAY_MS } from '../../../src/content/interaction';
import { ACTIVE_HIGHLIGHT, CLAIM_HIGHLIGHT } from '../../../src/content/marks';
import { SETTLE_MS } from '../../../src/content/watch';
import { type FakeHighlightRegistry, installHighlights } from '../../support/fake-highlights';
import { type FakeLayout, installLayout } from '../../support/fake-layout';
import { captureShadowRoots, loadIntoDocument } from '../../support/page';
import { readerDispatch } from '../../support/trusted-events';
import { type Running, annotateCurrent, flush, lastStatuses, openDialog, savedCopy } from './support';

beforeAll(() => captureShadowRoots());

let running: Running;
let registry: FakeHighlightRegistry;
let layout: FakeLayout;
let removeHighlights: () => void;
/** The paragraph carrying white-house-open (and disputed-invitation): one text node, as a framework renders it. */
let paragraph: HTMLParagraphElement;
/** That text node, held from before Kontekst came, as React, Vue and Svelte hold the nodes they render. */
let pageNode: Text;

const claim = (id: string) => running.article.claims.find((c) => c.id === id)!;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
  ({ registry, uninstall: removeHighlights } = installHighlights());
  loadIntoDocument(savedCopy());
  paragraph = [...document.querySelectorAll('p')].find((p) => p.textContent!.startsWith('Ifølge Hvide Hus'))! as HTMLParagraphElement;
  pageNode = paragraph.firstChild as Text;
  expect(paragraph.childNodes).toHaveLength(1);
  running = await annotateCurrent();
  layout = installLayout();
});

afterEach(() => {
  running.annotator.clear();
  layout.uninstall();
  removeHighlights();
  vi.useRealTimers();
});

/** A range over the first occurrence of `text` inside `root`'s text nodes. */
function rangeOver(root: Node, text: string): Range {
  const walker = document.createTreeWalker(root, 4);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = (node as Text).data.indexOf(text);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      return range;
    }
  }
  throw new Error(`no text node reads ${text}`);
}

function restOn(target: Element, point: { x: number; y: number }, dispatch: (t: EventTarget, e: Event) => boolean = readerDispatch): void {
  dispatch(target, new PointerEvent('pointermove', { bubbles: true, composed: true, clientX: point.x, clientY: point.y, pointerType: 'mouse' }));
  vi.advanceTimersToNextFrame();
  vi.advanceTimersByTime(OPEN_DELAY_MS * 2);
}

function clickOn(target: Element, point: { x: number; y: number }, dispatch: (t: EventTarget, e: Event) => boolean = readerDispatch): void {
  dispatch(target, new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, clientX: point.x, clientY: point.y, detail: 1 }));
}

const pageDispatch = (target: EventTarget, event: Event): boolean => target.dispatchEvent(event);

async function settle(): Promise<void> {
  await flush();
  vi.advanceTimersByTime(SETTLE_MS);
  await flush();
  vi.advanceTimersToNextFrame();
}

describe('the page cannot steer Kontekst', () => {
  it('moved range: nothing the page finds in CSS.highlights moves a mark or a card onto other text', () => {
    const exact = claim('white-house-open').selector.exact;
    const reversed = exact.replace('Trump åben', 'Trump aldrig åben');
    const copy = document.createElement('p');
    copy.textContent = reversed;
    document.querySelector('article')!.append(copy);
    const copyRange = rangeOver(copy, reversed);
    // The page's script: take every range it can reach and move it onto its reversed copy.
    for (const name of [CLAIM_HIGHLIGHT, ACTIVE_HIGHLIGHT]) {
      for (const range of registry.get(name) ?? []) {
        const live = range as Partial<Range>;
        if (typeof live.setStart === 'function') {
          live.setStart(copyRange.startContainer, copyRange.startOffset);
          live.setEnd!(copyRange.endContainer, copyRange.endOffset);
        }
      }
    }
    restOn(copy, layout.pointIn(copyRange));
    expect(openDialog()).toBeNull();
    clickOn(copy, layout.pointIn(copyRange));
    expect(openDialog()).toBeNull();
    // The claim's own words still get their card.
    const own = rangeOver(paragraph, exact);
    clickOn(paragraph, layout.pointIn(own));
    expect(openDialog()).not.toBeNull();
    // The page sees copies it cannot move, not Kontekst's ranges.
    for (const range of registry.get(CLAIM_HIGHLIGHT) ?? []) expect(range).not.toBeInstanceOf(Range);
  });

  it("untrusted events: the page's synthetic pointer rests, clicks and focus events open no card", () => {
    const own = rangeOver(paragraph, claim('white-house-open').selector.exact);
    const point = layout.pointIn(own);
    restOn(paragraph, point, pageDispatch);
    expect(openDialog()).toBeNull();
    clickOn(paragraph, point, pageDispatch);
    expect(openDialog()).toBeNull();
    // Whatever Kontekst put in the document, a synthetic focus or click on it does nothing.
    const own_ = [...document.querySelectorAll('*')].filter((el) => el.localName.startsWith('kontekst-'));
    expect(own_.length).toBeGreaterThan(0);
    for (const host of own_) {
      host.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
      host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 0 }));
    }
    expect(openDialog()).toBeNull();
    // The reader's own click there opens it: only the events' origin made the difference.
    clickOn(paragraph, point);
    expect(openDialog()).not.toBeNull();
    // And the page's synthetic Escape does not close the reader's card.
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    expect(openDialog()).not.toBeNull();
  });

  it("a claim whose text the page changed gets no card until it is anchored again", async () => {
    const exact = claim('white-house-open').selector.exact;
    const point = layout.pointIn(rangeOver(paragraph, exact));
    // The page rewrites the sentence in place; the reader clicks before Kontekst's watcher settles.
    pageNode.nodeValue = pageNode.data.replace('Trump åben', 'Trump aldrig åben');
    clickOn(paragraph, point);
    expect(openDialog()).toBeNull();
    await settle();
    expect(lastStatuses(running.fake)['white-house-open']).toBe('missing');
    clickOn(paragraph, point);
    expect(openDialog()).toBeNull();
  });
});

describe("Kontekst never edits the page's text nodes", () => {
  it('marking splits no text node and puts nothing inside the page\'s content', () => {
    expect(paragraph.childNodes).toHaveLength(1);
    expect(paragraph.firstChild).toBe(pageNode);
    expect(document.body.querySelector('[class^="kontekst"], kontekst-marker, kontekst-mark')).toBeNull();
    // Everything Kontekst shows hangs off the root element, after the page's body.
    const own = [...document.querySelectorAll('*')].filter((el) => el.localName.startsWith('kontekst-'));
    for (const el of own) expect(el.parentNode).toBe(document.documentElement);
  });

  it('text node updated in place (as React, Vue and Svelte update text): the page reads exactly its own text, marked and after clear()', async () => {
    const updated = 'Ifølge Det Hvide Hus er Trump åben over for en invitation til at besøge den russiske hovedstad. Sagen er nu afklaret.';
    pageNode.nodeValue = updated;
    expect(paragraph.textContent).toBe(updated);
    await settle();
    expect(paragraph.textContent).toBe(updated);
    pageNode.nodeValue = `${updated} Igen.`;
    await settle();
    expect(paragraph.textContent).toBe(`${updated} Igen.`);
    running.annotator.clear();
    expect(paragraph.textContent).toBe(`${updated} Igen.`);
    expect(paragraph.childNodes).toHaveLength(1);
  });

  it('marks follow the page\'s new text: a sentence the page rewrote to another claim-free text is dropped, one it puts back is marked again', async () => {
    const exact = claim('white-house-open').selector.exact;
    const original = pageNode.data;
    pageNode.nodeValue = 'Artiklen er blevet rettet.';
    await settle();
    expect(lastStatuses(running.fake)['white-house-open']).toBe('missing');
    const marked = () => [...(registry.get(CLAIM_HIGHLIGHT) ?? [])].map((r) => normalizeText(rangeText(r)));
    expect(marked()).not.toContain(normalizeText(exact));
    pageNode.nodeValue = original;
    await settle();
    expect(lastStatuses(running.fake)['white-house-open']).toBe('exact');
    expect(marked()).toContain(normalizeText(exact));
  });
});

/** The text an AbstractRange covers (a StaticRange has no toString). */
function rangeText(range: AbstractRange): string {
  const live = document.createRange();
  live.setStart(range.startContainer, range.startOffset);
  live.setEnd(range.endContainer, range.endOffset);
  return live.toString();
}
