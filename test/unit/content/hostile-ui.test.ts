// The in-page UI against hostile page scripts, in jsdom (the same cases run in the browsers in
// test/e2e/hostile.test.ts): a page that removes unknown elements as they appear must not pull
// Kontekst into an endless loop of putting its markers back, and a page that defines Kontekst's
// element names itself must not break it.
import { JSDOM } from 'jsdom';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createShadowHost, isOwnElement } from '../../../src/content/shadow';
import { CARD_CSS, LAYER_CSS } from '../../../src/content/styles';
import { SETTLE_MS } from '../../../src/content/watch';
import { installHighlights } from '../../support/fake-highlights';
import { captureShadowRoots } from '../../support/page';
import { type Running, annotate, flush, savedCopy } from './support';

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
  running?.annotator.clear();
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
    for (const el of [...document.querySelectorAll('kontekst-markers')]) el.remove();
    // A minute of the page and Kontekst answering each other.
    for (let round = 0; round < Math.ceil(60_000 / SETTLE_MS); round++) {
      await flush();
      vi.advanceTimersByTime(SETTLE_MS);
    }
    await flush();
    sweeper.disconnect();
    // One host for every marker: put back at most three times.
    expect(inserted).toBeLessThanOrEqual(3);
    expect(claims).toBeGreaterThan(3);
    // The claims' text is still what is marked: the last report has every claim found.
    const reports = running.fake.messages('content:anchored');
    expect(reports[reports.length - 1]?.claims.every((c) => c.status !== 'missing')).toBe(true);
  });
});

describe('a page that defines Kontekst\'s element names itself', () => {
  it.each([
    ['takes the shadow root in its constructor', "constructor() { super(); this.attachShadow({ mode: 'open' }).textContent = 'taken'; }"],
    ['refuses shadow roots (disabledFeatures)', "static get disabledFeatures() { return ['shadow']; }"],
  ])('%s: Kontekst still gets a kontekst-* host with a closed root of its own', (_reason, member) => {
    const page = new JSDOM('<!doctype html><body></body>', { url: 'https://avis.example/', runScripts: 'outside-only' }).window;
    page.eval(`for (const name of ['kontekst-markers', 'kontekst-card']) customElements.define(name, class extends HTMLElement { ${member} });`);
    for (const tag of ['kontekst-markers', 'kontekst-card'] as const) {
      const { host, root } = createShadowHost(page.document, tag, 'b { color: red }');
      page.document.body.append(host);
      expect(host.localName.startsWith(`${tag}-`) || host.localName === tag).toBe(true);
      expect(isOwnElement(host)).toBe(true);
      // Closed: the page sees no root, and the root is not one the page made.
      expect(host.shadowRoot).toBeNull();
      expect(root.mode).toBe('closed');
      expect(root.textContent).not.toContain('taken');
    }
  });

  it('isOwnElement does not take the page\'s own elements for Kontekst\'s', () => {
    for (const name of ['kontekst', 'kontekstmarkers', 'x-kontekst-markers', 'kontekst-marker', 'kontekst-cardx']) {
      expect(isOwnElement(document.createElement(name)), name).toBe(false);
    }
  });
});

describe('the card and marker styles', () => {
  it.each([
    ['card', CARD_CSS],
    ['markers', LAYER_CSS],
  ])('%s: no rem units, which follow the page\'s root font size into the shadow root (html { font-size: 4px } made the card 104 px wide)', (_name, css) => {
    expect(css.match(/[\d.]+rem\b/g) ?? []).toEqual([]);
  });
});
