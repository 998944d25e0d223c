// Kontekst reads no layout while it anchors (that would make the browser lay out the page inside
// Kontekst's task, at DOMContentLoaded its whole first layout); whether a found claim can be seen
// is asked of the browser's own rendering (an IntersectionObserver), or without one just after a
// frame, and a copy hidden by the page's stylesheet then yields to the visible one.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { normalizeText } from '../../../src/core/anchoring/normalize';
import { createAnnotator } from '../../../src/content/annotator';
import { ANSWER_WAIT_MS } from '../../../src/content/session';
import { FakeBrowser } from '../../support/fake-browser';
import { type FakeHighlightRegistry, installHighlights } from '../../support/fake-highlights';
import { type FakeLayout, installLayout } from '../../support/fake-layout';
import { loadIntoDocument, seedPublicArticle } from '../../support/page';
import { articleStart, flush, handOver, lastStatuses, markerLayer, savedCopy, tinted } from './support';

let registry: FakeHighlightRegistry;
let removeHighlights: () => void;
let layout: FakeLayout;
let reads = 0;
let stop: () => void = () => undefined;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
  ({ registry, uninstall: removeHighlights } = installHighlights());
});

afterEach(() => {
  delete (window as { IntersectionObserver?: unknown }).IntersectionObserver;
  stop();
  layout.uninstall();
  removeHighlights();
  vi.useRealTimers();
});

/** The fake layout, where text under `.tts` (hidden by the page's stylesheet) has no boxes, counting every read. */
function layoutHidingTts(): void {
  layout = installLayout();
  const laidOut = Object.getOwnPropertyDescriptor(Range.prototype, 'getClientRects')!.value as (this: Range) => DOMRect[];
  Object.defineProperty(Range.prototype, 'getClientRects', {
    configurable: true,
    value(this: Range) {
      reads++;
      return this.startContainer.parentElement?.closest('.tts') ? [] : laidOut.call(this);
    },
  });
  reads = 0;
}

/**
 * An IntersectionObserver whose first notification comes in the next frame, with each target's box
 * as the fake layout would have it (none under \`.tts\`); counts the targets observed.
 */
function installObserver(): { observed: Element[] } {
  const log = { observed: [] as Element[] };
  class FakeObserver {
    private targets: Element[] = [];
    private live = true;
    constructor(private readonly callback: (entries: { target: Element; boundingClientRect: { width: number; height: number } }[]) => void) {}
    observe(target: Element): void {
      log.observed.push(target);
      if (this.targets.push(target) === 1) requestAnimationFrame(() => this.live && this.callback(this.targets.map((t) => ({ target: t, boundingClientRect: t.closest('.tts') ? { width: 0, height: 0 } : { width: 100, height: 20 } }))));
    }
    disconnect(): void {
      this.live = false;
    }
  }
  (window as { IntersectionObserver?: unknown }).IntersectionObserver = FakeObserver;
  return log;
}

async function start(html: string): Promise<FakeBrowser> {
  loadIntoDocument(html);
  layoutHidingTts();
  const article = seedPublicArticle();
  const fake = new FakeBrowser({ uiLanguage: 'en-US' });
  fake.handlers = {
    'content:anchored': () => null,
    'content:cleared': () => null,
  };
  const annotator = createAnnotator({ api: () => fake, doc: document, requireVisible: true });
  stop = () => annotator.clear();
  handOver(fake, annotator, articleStart(fake, article, 'en'));
  await flush();
  return fake;
}

/** The first paragraphs of the seed's article, as a text-to-speech copy the stylesheet hides, at the article's start. */
function withHiddenCopy(): string {
  const html = savedCopy();
  const body = /<article[^>]*>([\s\S]*?)<\/article>/.exec(html)![1]!;
  const paragraphs = body.match(/<p>[\s\S]*?<\/p>/g)!.slice(0, 3).join('');
  return html.replace('<article>', `<article><style>.tts { display: none }</style><div class="tts">${paragraphs}</div>`);
}

const quote = (): string => normalizeText(seedPublicArticle().claims.find((c) => c.id === 'putin-invitation')!.selector.exact);
const marked = (): Range | undefined => tinted(registry).find((r) => normalizeText(r.toString()) === quote());

/** Three frames pass, each followed by 20 ms and the promises they settle. */
async function frames(): Promise<void> {
  for (let i = 0; i < 3; i++) (vi.advanceTimersToNextFrame(), vi.advanceTimersByTime(20), await flush());
}

it('anchors and marks without reading any layout; the boxes are read after the next frame', async () => {
  const fake = await start(savedCopy());
  expect(reads).toBe(0);
  expect(tinted(registry).length).toBe(seedPublicArticle().claims.filter((c) => c.notes.length > 0).length);
  expect(lastStatuses(fake)['putin-invitation']).toBe('exact');
  vi.advanceTimersToNextFrame();
  expect(reads).toBe(0);
  vi.advanceTimersByTime(1);
  expect(reads).toBeGreaterThan(0);
});

it('a copy the stylesheet hides, found first, yields to the visible one once the frame shows it has no boxes', async () => {
  const fake = await start(withHiddenCopy());
  expect(reads).toBe(0);
  expect(marked()?.startContainer.parentElement?.closest('.tts')).not.toBeNull();
  vi.advanceTimersToNextFrame();
  vi.advanceTimersByTime(1);
  await flush();
  expect(marked()?.startContainer.parentElement?.closest('article')).not.toBeNull();
  expect(lastStatuses(fake)['putin-invitation']).toBe('exact');
});

it('with an IntersectionObserver, the check reads no boxes at all: the browser says where the claims have them', async () => {
  const io = installObserver();
  const fake = await start(savedCopy());
  vi.advanceTimersToNextFrame();
  expect(io.observed.length).toBeGreaterThan(0);
  expect(reads).toBe(0);
  expect(fake.messages('content:anchored')).toHaveLength(1);
});

it('with an IntersectionObserver, a copy the stylesheet hides yields to the visible one after the next frame', async () => {
  installObserver();
  const fake = await start(withHiddenCopy());
  expect(marked()?.startContainer.parentElement?.closest('.tts')).not.toBeNull();
  vi.advanceTimersToNextFrame();
  await flush();
  expect(marked()?.startContainer.parentElement?.closest('article')).not.toBeNull();
  expect(lastStatuses(fake)['putin-invitation']).toBe('exact');
});

it("builds the markers only once the background has answered the report (it inserts Kontekst's stylesheet first), so no sheet arrives between a frame and their reads", async () => {
  loadIntoDocument(savedCopy());
  layoutHidingTts();
  const article = seedPublicArticle();
  const fake = new FakeBrowser({ uiLanguage: 'en-US' });
  const annotator = createAnnotator({ api: () => fake, doc: document, requireVisible: true });
  stop = () => annotator.clear();
  expect(annotator.start(JSON.stringify(articleStart(fake, article, 'en')))).not.toBeNull();
  await flush();
  for (let i = 0; i < 5; i++) (vi.advanceTimersToNextFrame(), vi.advanceTimersByTime(20), await flush());
  expect(markerLayer()).toBeNull();
  annotator.answered();
  await flush();
  await frames();
  expect(markerLayer()).not.toBeNull();
});

it("when the background's answer never comes (its call into the page given up), the annotator sends its report itself after a short wait, and the markers follow the background's reply", async () => {
  loadIntoDocument(savedCopy());
  layoutHidingTts();
  const fake = new FakeBrowser({ uiLanguage: 'en-US' });
  let reply: () => void = () => undefined;
  fake.handlers = { 'content:anchored': () => new Promise<null>((done) => (reply = () => done(null))) };
  const annotator = createAnnotator({ api: () => fake, doc: document, requireVisible: true });
  stop = () => annotator.clear();
  const first = annotator.start(JSON.stringify(articleStart(fake, seedPublicArticle(), 'en')));
  expect(first).not.toBeNull();
  vi.advanceTimersByTime(ANSWER_WAIT_MS - 200);
  await frames();
  expect(fake.messages('content:anchored')).toHaveLength(0);
  expect(markerLayer()).toBeNull();
  vi.advanceTimersByTime(200);
  await flush();
  // The same report the background would have taken, by message.
  expect(fake.messages('content:anchored')).toEqual([first]);
  await frames();
  expect(markerLayer()).toBeNull();
  reply();
  await flush();
  await frames();
  expect(markerLayer()).not.toBeNull();
});

/** The seed's saved copy with an annotator started on it (`styled`: the sheet went in before the start); its messages answered with null. */
function startedOnSeed(styled?: boolean): { fake: FakeBrowser; annotator: ReturnType<typeof createAnnotator> } {
  loadIntoDocument(savedCopy());
  layoutHidingTts();
  const fake = new FakeBrowser({ uiLanguage: 'en-US' });
  fake.handlers = { 'content:anchored': () => null };
  const annotator = createAnnotator({ api: () => fake, doc: document, requireVisible: true });
  stop = () => annotator.clear();
  expect(annotator.start(JSON.stringify(articleStart(fake, seedPublicArticle(), 'en')), styled)).not.toBeNull();
  return { fake, annotator };
}

it('sends nothing by itself when the background answered in time (the normal path)', async () => {
  const { fake, annotator } = startedOnSeed();
  annotator.answered();
  vi.advanceTimersByTime(ANSWER_WAIT_MS * 2);
  await flush();
  expect(fake.messages('content:anchored')).toHaveLength(0);
});

it('builds its markers without waiting for an answer when the background put the stylesheet in before the start, and sends nothing by itself', async () => {
  const { fake } = startedOnSeed(true);
  await frames();
  expect(markerLayer()).not.toBeNull();
  vi.advanceTimersByTime(ANSWER_WAIT_MS * 2);
  await flush();
  expect(fake.messages('content:anchored')).toHaveLength(0);
});

it('reads the layout once a frame: markers just built and a resize before the same frame make one read of the layer after it, not one each (the second read the first run\'s writes)', async () => {
  const origins: Element[] = [];
  const read = Object.getOwnPropertyDescriptor(Element.prototype, 'getBoundingClientRect')!.value as (this: Element) => DOMRect;
  Object.defineProperty(Element.prototype, 'getBoundingClientRect', {
    configurable: true,
    value(this: Element) {
      if (this.localName.startsWith('kontekst-markers')) origins.push(this);
      return read.call(this);
    },
  });
  try {
    await start(savedCopy());
    expect(markerLayer()).not.toBeNull();
    window.dispatchEvent(new Event('resize'));
    vi.advanceTimersToNextFrame();
    vi.advanceTimersByTime(1);
    expect(origins).toHaveLength(1);
    window.dispatchEvent(new Event('resize'));
    vi.advanceTimersToNextFrame();
    vi.advanceTimersByTime(1);
    expect(origins).toHaveLength(2);
  } finally {
    Object.defineProperty(Element.prototype, 'getBoundingClientRect', { configurable: true, value: read });
  }
});

it("reads each box the browser gives once, however often it is used (a DOMRect's every side a costly call in a Firefox content script): the claims' line boxes and the layer's origin", async () => {
  const counted = new Map<object, number>();
  const counting = <T extends object>(rect: T): T => {
    counted.set(rect, 0);
    return new Proxy(rect, {
      get(target, key) {
        counted.set(target, (counted.get(target) ?? 0) + 1);
        return Reflect.get(target, key) as unknown;
      },
    });
  };
  await start(savedCopy());
  const rects = Object.getOwnPropertyDescriptor(Range.prototype, 'getClientRects')!;
  const box = Object.getOwnPropertyDescriptor(Element.prototype, 'getBoundingClientRect')!;
  try {
    const laidOut = Object.getOwnPropertyDescriptor(Range.prototype, 'getClientRects')!.value as (this: Range) => DOMRect[];
    Object.defineProperty(Range.prototype, 'getClientRects', { configurable: true, value: function (this: Range) { return laidOut.call(this).map(counting); } });
    const read = box.value as (this: Element) => DOMRect;
    Object.defineProperty(Element.prototype, 'getBoundingClientRect', { configurable: true, value: function (this: Element) { return counting(read.call(this)); } });
    vi.advanceTimersToNextFrame();
    vi.advanceTimersByTime(1);
    expect(markerLayer()).not.toBeNull();
    expect(counted.size).toBeGreaterThan(seedPublicArticle().claims.length);
    expect(Math.max(...counted.values())).toBeLessThanOrEqual(4);
  } finally {
    Object.defineProperty(Range.prototype, 'getClientRects', rects);
    Object.defineProperty(Element.prototype, 'getBoundingClientRect', box);
  }
});

it("with an IntersectionObserver, the claims' elements are looked up once, when found, not again when the browser answers (each a costly call in a Firefox content script)", async () => {
  const io = installObserver();
  await start(savedCopy());
  expect(io.observed.length).toBeGreaterThan(0);
  const parent = Object.getOwnPropertyDescriptor(Node.prototype, 'parentElement')!;
  let reads = 0;
  Object.defineProperty(Node.prototype, 'parentElement', {
    configurable: true,
    get(this: Node) {
      // The claims' ranges sit in text nodes (the fake observer's own lookups are of elements).
      if (this.nodeType === 3) reads++;
      return parent.get!.call(this) as Element | null;
    },
  });
  try {
    vi.advanceTimersToNextFrame();
    expect(reads).toBe(0);
    expect(marked()?.startContainer.parentElement?.closest('article')).not.toBeNull();
  } finally {
    Object.defineProperty(Node.prototype, 'parentElement', parent);
  }
});

/** A ResizeObserver recording what it observes; `resize()` notifies every live one, as the browser would after a frame. */
function installResizeObserver(): { observed: Element[]; resize(): void } {
  const live = new Set<{ callback: () => void }>();
  const log = { observed: [] as Element[], resize: () => live.forEach((o) => o.callback()) };
  class FakeResizeObserver {
    constructor(readonly callback: () => void) {}
    observe(target: Element): void {
      log.observed.push(target);
      live.add(this);
    }
    disconnect(): void {
      live.delete(this);
    }
  }
  (window as { ResizeObserver?: unknown }).ResizeObserver = FakeResizeObserver;
  return log;
}

it('asks for no resize observations before its markers are built (while a page has them, Firefox lays a loading page out in full at every frame), then follows the body: a resize re-places the markers, and clearing stops it', async () => {
  const resizes = installResizeObserver();
  try {
    const { annotator } = startedOnSeed();
    await frames();
    expect(tinted(registry).length).toBeGreaterThan(0);
    expect(markerLayer()).toBeNull();
    expect(resizes.observed).toEqual([]);
    annotator.answered();
    await flush();
    await frames();
    expect(markerLayer()).not.toBeNull();
    expect(resizes.observed).toEqual([document.body]);
    const before = reads;
    resizes.resize();
    await frames();
    expect(reads).toBeGreaterThan(before);
    annotator.clear();
    const after = reads;
    resizes.resize();
    await frames();
    expect(reads).toBe(after);
  } finally {
    delete (window as { ResizeObserver?: unknown }).ResizeObserver;
  }
});
