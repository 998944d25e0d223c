// What recognition needs from a page, read cheaply: this runs on every page a reader opens that
// the dataset does not know by its address. The background runs readPageFacts in the page itself
// (scripting.executeScript({ func })), so this file imports nothing.

/** What `readPageFacts` reads in the page: what recognition needs less the address, which the browser knows. */
export interface PageFacts {
  canonical: string | null;
  ogUrl: string | null;
  /** The start of the page's main text, up to SIGNAL_TEXT_LIMIT characters. */
  text: string;
}

/** Enough text for the article body of any news page; the rest (comments, footers) is not read. */
export const SIGNAL_TEXT_LIMIT = 30_000;

/**
 * Reads the canonical links and the first `limit` characters of the page's main text: the
 * article element's text nodes joined by spaces (the body's when the page marks no article or
 * its article holds little text). The background runs this function in the page itself through
 * scripting.executeScript({ func }), which sends only its source: it must use nothing from
 * outside its own body, so its constants live inside it.
 */
export function readPageFacts(limit: number, doc?: Document | null): PageFacts {
  const d = doc ?? document;
  // Under this much text the article element is a teaser or a shell: read the body instead.
  const minArticleText = 1500;
  // Text no reader sees as the page's prose: code, styles, templates, and the fallbacks browsers
  // never render (https://html.spec.whatwg.org/multipage/rendering.html#hidden-elements).
  const skipParents = ['script', 'style', 'noscript', 'template', 'textarea', 'title', 'svg', 'noframes', 'noembed', 'iframe'];
  // Links belong in the head (https://html.spec.whatwg.org/multipage/links.html#body-ok): looking
  // only there spares a walk over the whole document on pages without them.
  const links: ParentNode = d.head ?? d;
  const canonical = links.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href') ?? null;
  const ogUrl = links.querySelector('meta[property="og:url" i][content]')?.getAttribute('content') ?? null;

  const read = (root: Node): string => {
    // A TreeWalker that stops at the limit: a 1 MB page of comments costs what its first
    // `limit` characters cost. (textContent would copy all of it.)
    const parts: string[] = [];
    let length = 0;
    // Text nodes, and CDATA sections, which XHTML documents show as text.
    const walker = d.createTreeWalker(root, 4 | 8 /* NodeFilter.SHOW_TEXT | SHOW_CDATA_SECTION */);
    for (let node = walker.nextNode(); node !== null && length < limit; node = walker.nextNode()) {
      const parent = node.parentNode as Element | null;
      if (parent && skipParents.includes(parent.localName)) continue;
      const data = (node as Text).data;
      parts.push(data);
      length += data.length + 1;
    }
    // Joined with spaces so words in neighbouring blocks stay apart.
    return parts.join(' ').slice(0, limit);
  };

  const body = d.body ?? d.documentElement;
  if (!body) return { canonical, ogUrl, text: '' };
  // One query for both (the first in document order): on a page with neither it walks the document once.
  const article = d.querySelector('article, [itemprop="articleBody"]');
  let text = article ? read(article) : '';
  if (text.length < minArticleText) text = read(body);
  return { canonical, ogUrl, text };
}
