// The background reads a small page's text from its markup (src/core/recognition/markup-text.ts)
// rather than having the page walk its nodes: on the 42 saved pages of real news sites
// (../shared/real-pages; never committed here) the text is the walk's, word for word, on the main
// text the page reader chooses (the pages hold more than 500 elements, so their main text, not
// their body, stands in for a small page's body).
import { describe, expect, it } from 'vitest';
import { markupText } from '../../src/core/recognition/markup-text';
import { readPageFacts } from '../../src/injected/read-page-facts';
import { parseRealPage, realPages } from '../support/real-pages';

describe('markupText on real news pages (../shared/real-pages)', () => {
  it("reads the same text from each page's main text's markup as the page reader's walk over it", () => {
    const differing: string[] = [];
    const pages = realPages();
    for (const page of pages) {
      const { window } = parseRealPage(page);
      const doc = window.document;
      const root = readPageFacts(1e9, doc, 'root') ?? doc.body;
      // The main text alone in a body: a page small enough to be read whole, walked as the page reader walks it.
      const copy = new window.DOMParser().parseFromString('<!doctype html><html><head></head><body></body></html>', 'text/html');
      copy.body.append(copy.importNode(root, true));
      if (markupText(copy.body.outerHTML, 1e9).text !== readPageFacts(1e9, copy).text) differing.push(page.name);
    }
    expect(pages).toHaveLength(42);
    expect(differing).toEqual([]);
  }, 600_000);
});
