// Kontekst reloaded or updated under a marked page: Firefox unloads the old annotator but leaves
// what it put in the page; Chrome keeps it running, orphaned (runtime.id undefined, every call
// "Extension context invalidated"). The new annotator takes the page over; the orphan tears itself
// down when it notices, and puts nothing back.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTLE_MS } from '../../../src/content/watch';
import { ACTIVE_HIGHLIGHT, CLAIM_HIGHLIGHT } from '../../../src/content/marks';
import { createShadowHost } from '../../../src/content/shadow';
import { CARD_CSS, LAYER_CSS } from '../../../src/content/styles';
import type { FakeBrowser } from '../../support/fake-browser';
import { type FakeHighlightRegistry, FakeHighlight, installHighlights } from '../../support/fake-highlights';
import { readerDispatch } from '../../support/trusted-events';
import { captureShadowRoots, loadIntoDocument } from '../../support/page';
import { type Running, annotateCurrent, flush, markers, savedCopy } from './support';

beforeAll(() => captureShadowRoots());

let registry: FakeHighlightRegistry;
let uninstall: () => void;
const started: Running[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
  ({ registry, uninstall } = installHighlights());
});
afterEach(() => {
  for (const running of started.splice(0)) running.annotator.clear();
  uninstall();
  vi.useRealTimers();
});

async function start(): Promise<Running> {
  const running = await annotateCurrent();
  started.push(running);
  return running;
}

/** Lets mutation records arrive and the batch settle. */
async function settle(): Promise<void> {
  await flush();
  vi.advanceTimersByTime(SETTLE_MS);
  await flush();
}

const own = (): string[] => [...document.querySelectorAll('*')].map((el) => el.localName).filter((name) => name.startsWith('kontekst-'));

/** What an annotator of an unloaded extension leaves (Firefox): its hosts after the body and its highlights, inert. */
function leaveInert(name: 'kontekst-markers' | 'kontekst-card', tinted: Node): void {
  document.documentElement.append(createShadowHost(document, name, name === 'kontekst-card' ? CARD_CSS : LAYER_CSS).host);
  const range = document.createRange();
  range.selectNodeContents(tinted);
  registry.set(CLAIM_HIGHLIGHT, new FakeHighlight(range));
  registry.set(ACTIVE_HIGHLIGHT, new FakeHighlight());
}

/** Chrome: the extension reloaded under the page; the annotator's runtime has no id and every call throws. */
function orphan(fake: FakeBrowser): void {
  const gone = (): never => {
    throw new Error('Extension context invalidated.');
  };
  Object.defineProperty(fake.runtime, 'id', { value: undefined, configurable: true });
  fake.runtime.sendMessage = gone;
  fake.runtime.onMessage.addListener = gone;
  fake.runtime.onMessage.removeListener = gone;
}

describe('a page an earlier annotator marked (its extension reloaded or updated)', () => {
  it.each([
    { what: 'its markers\' layer and highlights', left: ['kontekst-markers'], edited: false },
    { what: 'its layer and an open card', left: ['kontekst-markers', 'kontekst-card'], edited: false },
    { what: 'its layer, and the claims have since been edited away (nothing to mark now)', left: ['kontekst-markers'], edited: true },
  ] as const)('gets exactly one layer after the new start, and nothing of Kontekst once it clears: $what', async ({ left, edited }) => {
    loadIntoDocument(savedCopy());
    const paragraph = document.querySelector('article > p')!;
    // The earlier annotator marked the page; the page as it is without any of Kontekst (the claims edited since, or not).
    if (edited) for (const p of document.querySelectorAll('article > p')) p.textContent = 'Anden tekst.';
    const pristine = document.documentElement.outerHTML;
    for (const name of left) leaveInert(name, paragraph);
    const before = registry.get(CLAIM_HIGHLIGHT);

    const running = await start();
    await settle();
    expect(own()).toEqual(edited ? [] : ['kontekst-markers']);
    expect(registry.get(CLAIM_HIGHLIGHT)).not.toBe(before);
    if (!edited) expect(markers()).toHaveLength(running.article.claims.length);

    running.annotator.clear();
    expect(own()).toEqual([]);
    expect([...registry.keys()]).toEqual([]);
    expect(document.documentElement.outerHTML).toBe(pristine);
  });

  it.each([
    { what: 'a kontekst-markers inside the body', place: () => document.body, name: 'kontekst-markers' },
    { what: 'a name that only starts like ours', place: () => document.documentElement, name: 'kontekst-markersx' },
    { what: 'another prefix', place: () => document.documentElement, name: 'x-kontekst-card' },
  ])("leaves the page's own elements that only look like Kontekst's: $what", async ({ place, name }) => {
    loadIntoDocument(savedCopy());
    const element = document.createElement(name);
    place().append(element);
    await start();
    expect(element.isConnected).toBe(true);
  });
});

it("looks the page's highlight API up once a start, for its leftovers and its session alike (each read a costly call in a Firefox content script), and still takes leftovers away", async () => {
  loadIntoDocument(savedCopy());
  leaveInert('kontekst-markers', document.querySelector('article > p')!);
  const before = registry.get(CLAIM_HIGHLIGHT);
  const css = (window as unknown as { CSS: { highlights?: unknown } }).CSS;
  let reads = 0;
  Object.defineProperty(css, 'highlights', {
    configurable: true,
    get() {
      reads++;
      return registry;
    },
  });
  try {
    await start();
    await settle();
    expect(reads).toBe(1);
    expect(registry.get(CLAIM_HIGHLIGHT)).not.toBe(before);
    expect(own()).toEqual(['kontekst-markers']);
  } finally {
    Object.defineProperty(css, 'highlights', { configurable: true, writable: true, value: registry });
  }
});

describe('an orphaned annotator (Chrome: its extension went away under the page)', () => {
  it('tears itself down when the page next changes: no markers, no highlights, no card, the page as it was', async () => {
    loadIntoDocument(savedCopy());
    const pristine = document.documentElement.outerHTML;
    const running = await start();
    await settle();
    expect(markers()).toHaveLength(running.article.claims.length);
    const button = markers()[0]!.button;
    orphan(running.fake);

    document.querySelector('article')!.append(Object.assign(document.createElement('p'), { textContent: 'Et nyt afsnit.' }));
    await settle();
    expect(own()).toEqual([]);
    expect([...registry.keys()]).toEqual([]);
    expect(document.documentElement.outerHTML).toBe(pristine.replace('</article>', '<p>Et nyt afsnit.</p></article>'));
    // Its listeners are gone with it: the reader's click opens nothing.
    readerDispatch(button, new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    await settle();
    expect(own()).toEqual([]);
  });

  it('opens no card once orphaned, even before the page changes', async () => {
    loadIntoDocument(savedCopy());
    const running = await start();
    await settle();
    orphan(running.fake);
    readerDispatch(markers()[0]!.button, new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    await settle();
    expect(document.querySelector('kontekst-card')).toBeNull();
    expect(own()).toEqual([]);
  });

  it("never puts its layer or its highlights back over the new annotator's", async () => {
    loadIntoDocument(savedCopy());
    const old = await start();
    await settle();
    orphan(old.fake);
    const fresh = await start();
    await settle();
    const layer = document.querySelector('kontekst-markers');
    const tint = registry.get(CLAIM_HIGHLIGHT);
    expect(own()).toEqual(['kontekst-markers']);

    // The page changes: the orphan would restore its layer and re-register its tint.
    for (let i = 0; i < 4; i++) {
      document.querySelector('article')!.append(Object.assign(document.createElement('p'), { textContent: `Afsnit ${i}.` }));
      await settle();
    }
    expect(own()).toEqual(['kontekst-markers']);
    expect(document.querySelector('kontekst-markers')).toBe(layer);
    expect(registry.get(CLAIM_HIGHLIGHT)).toBe(tint);
    expect(markers()).toHaveLength(fresh.article.claims.length);
    fresh.annotator.clear();
    expect(own()).toEqual([]);
    expect([...registry.keys()]).toEqual([]);
  });
});
