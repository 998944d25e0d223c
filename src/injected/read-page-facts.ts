// What recognition needs from a page, read cheaply: this runs on every page a reader opens that
// the dataset does not know by its address. The background runs readPageFacts in the page itself
// (scripting.executeScript({ func })), so this file imports nothing. How the main text is chosen,
// and why: docs/anchoring.md, "Choosing the main text".

/** What `readPageFacts` reads in the page: what recognition needs less the address, which the browser knows. */
export interface PageFacts {
  canonical: string | null;
  ogUrl: string | null;
  /** The start of the page's main text, whitespace collapsed, up to SIGNAL_WORD_LIMIT words. */
  text: string;
}

/** How `readPageFacts(limit, doc, 'parsed')` found the document ('loading': it waited for DOMContentLoaded), and its facts (null in a loaded document). */
export interface FirstLook {
  state: 'loading' | 'interactive' | 'complete';
  facts: PageFacts | null;
}

/**
 * Enough words for the article body of any news page (the longest of 42 real articles in
 * ../shared/real-pages has about 7,800; a fingerprint needs 40% of its sketch, spread evenly over
 * the text); the rest (comments, footers) is not read.
 */
export const SIGNAL_WORD_LIMIT = 6000;

/**
 * Reads the canonical links and the first `limit` words of the page's main text, whitespace
 * collapsed (real templates indent their markup: up to 97% of a page's raw text can be
 * indentation). The main text is the element `mainText` chooses; the body's text when that holds
 * little. With `want` = 'parsed' it waits for the document to be parsed first (see FirstLook).
 * With `want` = 'root' it returns that element instead (the annotator and the CLI read it
 * first), so the choice is made by one piece of code everywhere. The background runs this
 * function in the page itself through scripting.executeScript({ func }), which sends only its
 * source: it must use nothing from outside its own body, so its constants live inside it.
 */
export function readPageFacts(limit: number, doc?: Document | null): PageFacts;
export function readPageFacts(limit: number, doc: Document, want: 'root'): Element | null;
export function readPageFacts(limit: number, doc: Document | null, want: 'parsed'): FirstLook | Promise<FirstLook>;
export function readPageFacts(limit: number, doc?: Document | null, want?: 'root' | 'parsed'): PageFacts | Element | null | FirstLook | Promise<FirstLook> {
  const d = doc ?? document;
  if (want === 'parsed') {
    // The background's first look at a page it has just seen start loading: the facts once the
    // document is parsed, in the same injection (one round trip, one script compiled in the page).
    // A loaded document may be the one the tab is leaving (Firefox reports a load before the new
    // document exists): nothing is read there. The function names itself (its own name, whatever
    // the minifier made it, is bound inside its source), so it still uses nothing from outside.
    const state = d.readyState;
    if (state === 'complete') return { state, facts: null };
    if (state === 'interactive') return { state, facts: readPageFacts(limit, d) };
    return new Promise((resolve) => d.addEventListener('DOMContentLoaded', () => resolve({ state, facts: readPageFacts(limit, d) }), { once: true }));
  }
  // Under this many words the chosen element is a teaser or a shell: read the body instead.
  const minMainWords = 250;
  // A paragraph with less running text than this is a caption, a byline or a teaser's blurb.
  const minParagraph = 80;
  // How many paragraphs of an element are weighed at most, in document order: enough to tell a body
  // from a list of teasers, and a page with 4,000 comments must not cost 4,000 reads.
  const maxParagraphs = 150;
  // Likewise for text nodes, on a page that marks no container.
  const maxTextNodes = 5000;
  // A block of paragraphs with less running text than this is not the article (a caption, a box).
  const minMainText = 500;
  // Elements inside a paragraph: their text belongs to the block around them.
  const inline = ['a', 'b', 'i', 'em', 'strong', 'span', 'font', 'small', 'sup', 'sub', 'u', 'q', 'cite', 'mark', 'abbr', 'time', 'br', 'code', 'bdi', 'bdo', 's', 'del', 'ins'];
  // Text no reader sees as the page's prose: code, styles, templates, and the fallbacks browsers
  // never render (https://html.spec.whatwg.org/multipage/rendering.html#hidden-elements).
  const skipParents = ['script', 'style', 'noscript', 'template', 'textarea', 'title', 'svg', 'noframes', 'noembed', 'iframe'];

  // Hidden by its own markup (a stylesheet's rules are not read: that would cost layout). Pages hide
  // whole plain-text copies of the article for search engines this way (businessinsider.com).
  const ownHidden = (el: Element): boolean => el.hasAttribute('hidden') || /display\s*:\s*none/i.test(el.getAttribute('style') ?? '');
  const hidden = (el: Element): boolean => {
    for (let at: Element | null = el; at; at = at.parentElement) if (ownHidden(at)) return true;
    return false;
  };
  // Text inside these is a link, a list of stories, a menu or a box beside the article, not its prose
  // (Readability scores paragraphs, not list items, for the same reason).
  const notProse = ['a', 'li', 'dt', 'dd', 'nav', 'aside', 'header', 'footer', 'form', 'button', 'select', ...skipParents];
  /** Running text of a paragraph: its characters less those of its links (teasers are mostly links). */
  const running = (p: Element): number => {
    let length = (p.textContent ?? '').trim().length;
    if (length < minParagraph) return 0;
    if (p.firstElementChild !== null) for (const a of p.getElementsByTagName('a')) length -= (a.textContent ?? '').length;
    return length >= minParagraph ? length : 0;
  };
  // Boxes in an article or main that are not its prose: a list's items (reader comments, teasers),
  // a sidebar, a menu, a footer.
  const besideProse = ['li', 'aside', 'nav', 'footer'];
  /**
   * Running paragraph text under `el`; for an article or main, only its own: the paragraphs of an
   * article nested in it (a teaser card, a related story) are that article's, and those in a box
   * beside its prose (a page's 4,000 reader comments in a list under its main) are nobody's.
   */
  const weigh = (el: Element): number => {
    let total = 0;
    const own = el.localName === 'article' || el.localName === 'main';
    const ps = el.getElementsByTagName('p');
    for (let i = 0; i < ps.length && i < maxParagraphs; i++) {
      const p = ps[i] as Element;
      let holder: Element | null = p.parentElement;
      let beside = false;
      while (holder && holder.localName !== 'article' && holder.localName !== 'main') {
        if (besideProse.includes(holder.localName)) beside = true;
        holder = holder.parentElement;
      }
      if (!own || (holder === el && !beside)) total += running(p);
    }
    return total;
  };

  /**
   * The element holding the article's main text: of the page's article and main elements (and,
   * on a page with neither, its schema.org articleBody elements), the one with the most running
   * text in paragraphs, a bonus for holding the page's h1; then narrowed to an article or an
   * articleBody element inside it that holds most of that text. A page that marks none of these
   * gets the element under which most of its paragraph text sits (or null: read the body).
   */
  const mainText = (): Element | null => {
    const body = d.body;
    if (!body) return null;
    let candidates = [...body.querySelectorAll('article, main')];
    // A document-wide attribute query visits every element (in jsdom, in script: ~140 ms on a 1 MB
    // page), so microdata is looked for inside the candidates, or document-wide only on a page
    // that has none. A <meta itemprop=articleBody> (in the head, or anywhere) holds no text.
    const bodies = (root: Element): Element[] => [...root.querySelectorAll('[itemprop~="articleBody" i]')].filter((el) => el.localName !== 'meta');
    if (candidates.length === 0) candidates = bodies(body).filter((el) => !hidden(el));
    const h1 = body.querySelector('h1');
    const scored = candidates.filter((el) => !hidden(el)).map((el) => {
      const text = weigh(el);
      return { el, text, score: text * (h1 && el.contains(h1) ? 1.5 : 1) };
    });
    let best = scored.reduce<(typeof scored)[number] | null>((top, c) => (top === null || c.score > top.score ? c : top), null);
    if (best && best.text > 0) {
      // Narrow a main to the article in it, an article to its articleBody: the same text, less around it.
      for (let narrowed = true; narrowed; ) {
        narrowed = false;
        const outer: Element = best.el;
        // One schema.org articleBody with text is the body by the page's own word; several (one on
        // every paragraph, nzz.ch) are judged like any other element.
        const marked = bodies(outer).filter((el) => el !== outer && !hidden(el)).map((el) => ({ el, text: weigh(el), score: 0 }));
        const only = marked.length === 1 && (marked[0]?.el.textContent ?? '').trim() !== '';
        for (const inner of [...scored.filter((c) => c.el !== outer && outer.contains(c.el)), ...marked]) {
          if (inner.el !== outer && !hidden(inner.el) && (inner.text >= 0.8 * best.text || (only && inner === marked[0]))) {
            best = inner;
            narrowed = true;
            break;
          }
        }
      }
      return best.el;
    }
    if (candidates.length > 0) {
      // Marked containers, none with a paragraph of running text yet (a client-rendered shell, a
      // short page): the markup decides, as it says: the first article (inside main when main
      // comes first), else main, narrowed to the articleBody inside it.
      const first = candidates[0] as Element;
      const article = first.localName === 'main' ? first.querySelector('article') ?? body.querySelector('article') : first.localName === 'article' ? first : null;
      const container = article ?? body.querySelector('main') ?? first;
      return bodies(container)[0] ?? container;
    }
    // No marked container holds paragraphs: the element whose child blocks hold the most running
    // text, each block counting half for the element above too (a body split over several
    // containers). Blocks, not <p> elements: bodies built of <div>s, or of text separated by
    // <br>, have no <p>. A block's own text counts for its parent only, so one long block (a
    // ticker of headlines) weighs less than a run of paragraphs.
    const blockText = new Map<Element, number>();
    // One walk that skips whole subtrees that are not prose, judging each element once (a
    // closest() per text node costs seconds on a large page in jsdom). No NodeFilter callback:
    // Chromium refuses to run one where the page's scripts are blocked ("callback is no longer runnable").
    const walker = d.createTreeWalker(body, 1 | 4 /* NodeFilter.SHOW_ELEMENT | SHOW_TEXT */);
    let seen = 0;
    let node: Node | null = walker.nextNode();
    while (node !== null && seen < maxTextNodes) {
      if (node.nodeType === 1) {
        if (notProse.includes((node as Element).localName) || ownHidden(node as Element)) {
          // Past this element's subtree: its next sibling, or the next sibling of an ancestor.
          node = walker.nextSibling();
          while (node === null && walker.parentNode() !== null) node = walker.nextSibling();
          continue;
        }
      } else {
        seen++;
        let block = node.parentElement;
        while (block && inline.includes(block.localName)) block = block.parentElement;
        if (block) blockText.set(block, (blockText.get(block) ?? 0) + (node as Text).data.trim().length);
      }
      node = walker.nextNode();
    }
    const weights = new Map<Element, number>();
    for (const [block, length] of blockText) {
      const parent = block.parentElement;
      if (length < minParagraph || !parent) continue;
      weights.set(parent, (weights.get(parent) ?? 0) + length);
      const grand = parent.parentElement;
      if (grand) weights.set(grand, (weights.get(grand) ?? 0) + length / 2);
    }
    let top: Element | null = null;
    let most = 0;
    for (const [el, weight] of weights) if (weight > most) [top, most] = [el, weight];
    return top === body || most < minMainText ? null : top;
  };

  const root = mainText();
  if (want === 'root') return root;

  // Links belong in the head (https://html.spec.whatwg.org/multipage/links.html#body-ok): looking
  // only there spares a walk over the whole document on pages without them.
  const links: ParentNode = d.head ?? d;
  const canonical = links.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href') ?? null;
  const ogUrl = links.querySelector('meta[property="og:url" i][content]')?.getAttribute('content') ?? null;

  /** Words and their letters (the characters that are not ASCII whitespace) in `text`, counted by the regular-expression engine. */
  const count = (text: string): { words: number; letters: number } => {
    const letters = text.replace(/[\t\n\v\f\r ]+/g, '').length;
    return { words: letters === 0 ? 0 : text.replace(/[^\t\n\v\f\r ]+/g, 'x').replace(/[\t\n\v\f\r ]+/g, '').length, letters };
  };
  /** Up to `limit` words of the text under `from`, whitespace collapsed; and how many words that was. */
  const read = (from: Node): { text: string; words: number } => {
    // A TreeWalker that stops at the limit: a 1 MB page of comments costs what its first words cost.
    const parts: string[] = [];
    let words = 0;
    // A page of endless "words" without spaces still stops: ten characters a word on average.
    let length = 0;
    // Text nodes, and CDATA sections, which XHTML documents show as text.
    const walker = d.createTreeWalker(from, 4 | 8 /* NodeFilter.SHOW_TEXT | SHOW_CDATA_SECTION */);
    let node = walker.nextNode();
    // Nodes are collected in batches of a few thousand characters whose words are counted at once,
    // in native code: this function is compiled afresh in every page, so per-node or per-character
    // work runs in the interpreter (measured on a 1 MB page: most of the read). Only the batch
    // that reaches the limit is counted node by node, to stop after the node that reaches it.
    while (node !== null && words < limit && length < limit * 10) {
      const first = parts.length;
      for (let raw = 0; node !== null && raw < 4096; node = walker.nextNode()) {
        const parent = node.parentNode as Element | null;
        if (parent && skipParents.includes(parent.localName)) continue;
        const data = (node as Text).data;
        parts.push(data);
        raw += data.length;
      }
      const batch = count(parts.slice(first).join(' '));
      if (words + batch.words < limit && length + batch.letters < limit * 10) {
        words += batch.words;
        length += batch.letters;
        continue;
      }
      let kept = first;
      for (; kept < parts.length && words < limit && length < limit * 10; kept++) {
        const one = count(parts[kept] as string);
        words += one.words;
        length += one.letters;
      }
      parts.length = kept;
    }
    // Joined with spaces so words in neighbouring blocks stay apart; whitespace collapsed once.
    return { text: parts.join(' ').replace(/\s+/g, ' ').trim().slice(0, limit * 10), words };
  };

  const body = d.body ?? d.documentElement;
  if (!body) return { canonical, ogUrl, text: '' };
  let main = root ? read(root) : { text: '', words: 0 };
  if (main.words < minMainWords) main = read(body);
  return { canonical, ogUrl, text: main.text };
}
