// What recognition needs from a page, read cheaply: this runs on every page a reader opens.

/** The page facts recognition works from. */
export interface PageSignals {
  url: string;
  canonical: string | null;
  ogUrl: string | null;
  /** The start of the page's text, up to SIGNAL_TEXT_LIMIT characters. */
  text: string;
}

/** Enough text for the article body of any news page; the rest (comments, footers) is not read. */
export const SIGNAL_TEXT_LIMIT = 60_000;

const SKIP_PARENTS = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title', 'svg']);

/** The first SIGNAL_TEXT_LIMIT characters of the page's text: its text nodes, joined by spaces. */
export function readSignalText(doc: Document): string {
  const parts: string[] = [];
  let length = 0;
  const root = doc.body ?? doc.documentElement;
  if (root) {
    const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node !== null && length < SIGNAL_TEXT_LIMIT; node = walker.nextNode()) {
      const parent = node.parentNode as Element | null;
      if (parent && SKIP_PARENTS.has(parent.localName)) continue;
      const data = (node as Text).data;
      parts.push(data);
      length += data.length + 1;
    }
  }
  // Text nodes are joined with a space so words in neighbouring blocks stay apart.
  return parts.join(' ').slice(0, SIGNAL_TEXT_LIMIT);
}

/**
 * Reads the address, canonical links and the first SIGNAL_TEXT_LIMIT characters of text.
 * The links are looked up when first used: the detector sends only the text, and on a page
 * without them each lookup is a walk over the whole document.
 */
export function readSignals(doc: Document, url: string = doc.URL): PageSignals {
  let canonical: string | null | undefined;
  let ogUrl: string | null | undefined;
  return {
    url,
    get canonical(): string | null {
      if (canonical === undefined) canonical = doc.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href') ?? null;
      return canonical;
    },
    get ogUrl(): string | null {
      if (ogUrl === undefined) ogUrl = doc.querySelector('meta[property="og:url" i][content]')?.getAttribute('content') ?? null;
      return ogUrl;
    },
    text: readSignalText(doc),
  };
}
