// The in-page UI against hostile page scripts, in jsdom (the same cases run in the browsers in
// test/e2e/hostile.test.ts): a page that removes unknown elements as they appear must not pull
// Kontekst into an endless loop of putting its markers back.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTLE_MS } from '../../../src/content/watch';
import { installHighlights } from '../helpers/fake-highlights';
import { captureShadowRoots } from '../helpers/page';
import { type Running, annotate, flush, savedCopy } from '../content/support';

beforeAll(() => captureShadowRoots());

let running: Running;
let uninstall: () => void;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
  // Highlight mode, as in the browsers: the claims' text is not wrapped, so the page's sweeper
  // removes only Kontekst's markers, never its own text.
  uninstall = installHighlights().uninstall;
});
afterEach(() => {
  running.annotator.clear();
  uninstall();
  vi.useRealTimers();
});

describe('a page script that removes every element it does not know, as soon as it appears', () => {
  it('gets Kontekst\'s markers back a bounded number of times, not in an endless loop, and keeps the claims marked', async () => {
    running = await annotate(savedCopy());
    const claims = running.article.claims.length;
    let inserted = 0;
    // The page's sweeper (fixture removes-unknown-elements), counting what it removes.
    const sweeper = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType === 1 && (node as Element).localName.startsWith('kontekst-')) {
            inserted++;
            (node as Element).remove();
          }
        }
      }
    });
    sweeper.observe(document.documentElement, { childList: true, subtree: true });
    for (const el of [...document.querySelectorAll('kontekst-marker')]) el.remove();
    // A minute of the page and Kontekst answering each other.
    for (let round = 0; round < Math.ceil(60_000 / SETTLE_MS); round++) {
      await flush();
      vi.advanceTimersByTime(SETTLE_MS);
    }
    await flush();
    sweeper.disconnect();
    expect(inserted).toBeLessThanOrEqual(claims * 3);
    // The claims' text is still what is marked: the last report has every claim found.
    const reports = running.fake.messages('content:anchored');
    expect(reports[reports.length - 1]?.claims.every((c) => c.status !== 'missing')).toBe(true);
  });
});
