import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTLE_MS } from '../../../src/content/watch';
import { type FakeHighlightRegistry, installHighlights } from '../../support/fake-highlights';
import { captureShadowRoots } from '../../support/page';
import { type Running, annotate, flush, lastStatuses, markers, savedCopy, tinted } from './support';

beforeAll(() => captureShadowRoots());

let running: Running;
let registry: FakeHighlightRegistry;
let uninstall: () => void;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
  ({ registry, uninstall } = installHighlights());
});
afterEach(() => {
  running.annotator.clear();
  uninstall();
  vi.useRealTimers();
});

/** Lets mutation records arrive and the batch settle. */
async function settle(): Promise<void> {
  await flush();
  vi.advanceTimersByTime(SETTLE_MS);
  await flush();
}

const savedParagraphs = (): string[] => {
  const doc = new DOMParser().parseFromString(savedCopy(), 'text/html');
  return [...doc.querySelectorAll('article > p')].map((p) => p.innerHTML);
};

const exactAll = () => Object.fromEntries(running.article.claims.map((c) => [c.id, 'exact']));

/** Records what the page sees changing in its own DOM (as a page script's observer would). */
function pageObserver(): { records: () => MutationRecord[] } {
  const seen: MutationRecord[] = [];
  const observer = new MutationObserver((records) => seen.push(...records));
  observer.observe(document.documentElement, { childList: true, characterData: true, subtree: true, attributes: true });
  return {
    records: () => {
      seen.push(...observer.takeRecords());
      return [...seen];
    },
  };
}

describe('dynamic pages', () => {
  it('anchors article text rendered after load (a client-rendered page)', async () => {
    const shell = savedCopy().replace(/<article>[\s\S]*<\/article>/, '<article><h1>Putin har inviteret Trump til Moskva</h1></article>');
    running = await annotate(shell);
    expect(Object.values(lastStatuses(running.fake)).every((s) => s === 'missing')).toBe(true);
    const article = document.querySelector('article')!;
    for (const html of savedParagraphs()) {
      const p = document.createElement('p');
      p.innerHTML = html;
      article.append(p);
    }
    await settle();
    expect(lastStatuses(running.fake)).toEqual(exactAll());
    expect(markers()).toHaveLength(running.article.claims.length);
  });

  it('anchors the rest of the article when a paywall lifts', async () => {
    running = await annotate(readFixture('paywall'));
    const missing = Object.entries(lastStatuses(running.fake)).filter(([, s]) => s === 'missing');
    expect(missing.length).toBeGreaterThan(0);
    document.getElementById('paywall')!.remove();
    const body = document.querySelector('.article-body')!;
    for (const html of savedParagraphs().slice(3)) {
      const p = document.createElement('p');
      p.innerHTML = html;
      body.append(p);
    }
    await settle();
    expect(lastStatuses(running.fake)).toEqual(exactAll());
  });

  it('re-marks a claim whose paragraph the page re-rendered', async () => {
    running = await annotate(savedCopy());
    const paragraph = [...document.querySelectorAll('article p')].find((p) => p.textContent!.includes('Johannesburg, at hans'))!;
    const fresh = document.createElement('p');
    fresh.textContent = paragraph.textContent;
    paragraph.replaceWith(fresh);
    await settle();
    // Marked again in the page's new paragraph, which holds nothing but the page's own text.
    expect(tinted(registry).some((r) => fresh.contains(r.startContainer))).toBe(true);
    expect(fresh.childNodes).toHaveLength(1);
    expect(lastStatuses(running.fake)).toEqual(exactAll());
    // Nothing new to report: the badge and the popup already have these statuses.
    expect(running.fake.messages('content:anchored')).toHaveLength(1);
  });

  it('reports a claim that the page edited away, and its marker goes', async () => {
    running = await annotate(savedCopy());
    const paragraph = [...document.querySelectorAll('article p')].find((p) => p.textContent!.includes('Johannesburg, at hans'))!;
    paragraph.textContent = 'Artiklen er blevet rettet.';
    await settle();
    expect(lastStatuses(running.fake)['g20-buenos-aires']).toBe('missing');
    expect(markers()).toHaveLength(running.article.claims.length - 1);
  });

  it.each([
    { what: 'an ad with text appears', change: () => document.querySelector('.ad')!.append(' Køb nu') },
    { what: 'a live clock ticks in the header', change: () => document.querySelector('.logo')!.append(' 12:01') },
    { what: 'the page adds a script', change: () => document.body.append(Object.assign(document.createElement('script'), { textContent: 'void 0' })) },
    { what: 'comments load below the article', change: () => document.querySelector('footer')!.before(Object.assign(document.createElement('section'), { textContent: 'Kommentar: enig!' })) },
  ])('does nothing when nothing relevant changed: $what', async ({ change }) => {
    running = await annotate(savedCopy());
    const watcher = pageObserver();
    change();
    const ownChange = watcher.records().length;
    await settle();
    vi.advanceTimersByTime(5_000);
    await flush();
    // The page sees only its own change: Kontekst neither undid nor redid its marks.
    expect(watcher.records()).toHaveLength(ownChange);
    expect(running.fake.messages('content:anchored')).toHaveLength(1);
  });

  it("keeps a claim whose text the page changed only in what folding ignores (a no-break space for a space): it still reads the claim, so nothing is read again and it stays marked", async () => {
    running = await annotate(savedCopy());
    const paragraph = [...document.querySelectorAll('article p')].find((p) => p.textContent!.includes('Johannesburg, at hans'))!;
    const walker = document.createTreeWalker(paragraph, 4);
    let text: Text | null = null;
    for (let node = walker.nextNode(); node && !text; node = walker.nextNode()) if ((node as Text).data.includes('Johannesburg, at hans')) text = node as Text;
    const marked = tinted(registry).length;
    // A fresh read of the page makes a range for each claim it finds.
    const createRange = vi.spyOn(document, 'createRange');
    // One character replaced (a whole new data would move the live ranges in the node to its start).
    text!.replaceData(text!.data.indexOf('Johannesburg, at hans') + 'Johannesburg,'.length, 1, '\u00a0');
    await settle();
    expect(createRange).not.toHaveBeenCalled();
    createRange.mockRestore();
    vi.advanceTimersByTime(5_000);
    await flush();
    expect(running.fake.messages('content:anchored')).toHaveLength(1);
    expect(tinted(registry)).toHaveLength(marked);
    expect(markers()).toHaveLength(running.article.claims.length);
  });

  it('batches a burst of changes into one re-read', async () => {
    running = await annotate(savedCopy().replace(/<article>[\s\S]*<\/article>/, '<article></article>'));
    const article = document.querySelector('article')!;
    const watcher = pageObserver();
    for (const html of savedParagraphs()) {
      const p = document.createElement('p');
      p.innerHTML = html;
      article.append(p);
      await flush();
    }
    await settle();
    expect(running.fake.messages('content:anchored')).toHaveLength(2);
    // One marking pass: the markers' layer inserted once, nothing of Kontekst's in the page's content.
    const inserted = watcher.records().flatMap((r) => [...r.addedNodes]).filter((n) => n.nodeName.startsWith('KONTEKST-'));
    expect(inserted.map((n) => n.nodeName)).toEqual(['KONTEKST-MARKERS']);
    expect(markers()).toHaveLength(running.article.claims.length);
  });
});

function readFixture(name: string): string {
  return readFileSync(`test/fixtures/pages/${name}.html`, 'utf8');
}
