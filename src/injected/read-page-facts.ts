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
  /** The background's reads only: Kontekst's annotator (content/annotate.js) is in the page already. */
  annotator?: boolean;
  /**
   * The background's reads of a small HTML page only: its body's markup, whose text the background
   * reads itself (core/recognition/markup-text.ts), off the page's main thread; `text` is then empty.
   */
  markup?: string;
}

/** How `readPageFacts(limit, doc, 'parsed')` found the document ('loading': it waited for DOMContentLoaded), and its facts (null in a loaded document unless asked for). */
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
 * first), so the choice is made by one piece of code everywhere. With `growth` (the background's
 * calls) it then leaves the page's growth watcher (below) in the same injection. The background
 * runs this function in the page itself through scripting.executeScript({ func }), which sends
 * only its source: it must use nothing from outside its own body, so its constants live inside it.
 */
export function readPageFacts(limit: number, doc?: Document | null, want?: 'text' | null, growth?: number): PageFacts;
export function readPageFacts(limit: number, doc: Document, want: 'root' | 'left'): Element | null;
export function readPageFacts(limit: number, doc: Document | null, want: 'parsed', growth?: number, readLoaded?: boolean): FirstLook | Promise<FirstLook>;
export function readPageFacts(limit: number, doc?: Document | null, want?: 'root' | 'left' | 'parsed' | 'text' | null, growth?: number, readLoaded?: boolean): PageFacts | Element | null | FirstLook | Promise<FirstLook> {
  const d = doc ?? document;
  // The element a background read chose (see leave() below), kept in this world for the annotator.
  const leftKey = Symbol.for('kontekst.main-text');
  const world = globalThis as { [leftKey]?: WeakRef<Element> };
  if (want === 'left') {
    // Taken once: a later choice (the annotator's next anchoring, after the page changed) is made afresh.
    const left = world[leftKey]?.deref();
    delete world[leftKey];
    // Still in this document, or chosen again: a removed element (a page that re-rendered its
    // article) would anchor claims in text the reader no longer sees. One that is still there but
    // no longer the best choice loses no claim: anchoring looks in the rest of the page for what
    // it does not find in it (anchorArticleClaims).
    if (left && left.isConnected && left.ownerDocument === d) return left;
    want = 'root';
  }
  if (want === 'parsed') {
    // The background's first look at a page it has just seen start loading: the facts once the
    // document is parsed, in the same injection (one round trip, one script compiled in the page).
    // A loaded document may be the one the tab is leaving (Firefox reports a load before the new
    // document exists): nothing is read there, unless `readLoaded` (the report named the address,
    // so this is the new document, loaded before the look came, as a small page served fast is:
    // read now, the load event's detection needs no injection of its own). The function names
    // itself (its own name, whatever the minifier made it, is bound inside its source), so it
    // still uses nothing from outside.
    const state = d.readyState;
    if (state === 'complete') return { state, facts: readLoaded === true ? readPageFacts(limit, d, null, growth) : null };
    if (state === 'interactive') return { state, facts: readPageFacts(limit, d, null, growth) };
    return new Promise((resolve) => d.addEventListener('DOMContentLoaded', () => resolve({ state, facts: readPageFacts(limit, d, null, growth) }), { once: true }));
  }
  // A page of fewer elements than this is read whole when its text fits the budget (below).
  const smallPage = 500;
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
    // Only elements with either attribute can hide themselves: found by closest(), not by a loop in script.
    for (let at = el.closest('[hidden],[style]'); at; at = at.parentElement?.closest('[hidden],[style]') ?? null) if (ownHidden(at)) return true;
    return false;
  };
  // Text inside these is a link, a list of stories, a menu or a box beside the article, not its prose
  // (Readability scores paragraphs, not list items, for the same reason).
  const notProse = ['a', 'li', 'dt', 'dd', 'nav', 'aside', 'header', 'footer', 'form', 'button', 'select', ...skipParents];
  /** Running text of a paragraph: its characters less those of its links (teasers are mostly links). */
  const running = (p: Element): number => {
    let length = (p.textContent ?? '').trim().length;
    if (length < minParagraph) return 0;
    if (p.firstElementChild !== null) for (let i = 0, links = p.getElementsByTagName('a'), a = links.item(0); a; a = links.item(++i)) length -= (a.textContent ?? '').length;
    return length >= minParagraph ? length : 0;
  };
  // Boxes in an article or main that are not its prose: a list's items (reader comments, teasers),
  // a sidebar, a menu, a footer. With article and main, what a paragraph's nearest such box tells.
  const holders = 'article,main,li,aside,nav,footer';
  /**
   * Running paragraph text under `el`; for an article or main, only its own: the paragraphs of an
   * article nested in it (a teaser card, a related story) are that article's, and those in a box
   * beside its prose (a page's 4,000 reader comments in a list under its main) are nobody's.
   */
  const weigh = (el: Element): number => {
    let total = 0;
    const own = el.localName === 'article' || el.localName === 'main';
    // Indexed until the end, not bounded by `length`: that would count every paragraph under el
    // (4,000 comments). A paragraph's nearest holder comes from one closest(), not a loop in script.
    // Collections are indexed with item(), never [i], here and below: in the isolated world this
    // runs in, Chromium's indexed getter cost ~0.1 ms per loop on a freshly parsed 1 MB page,
    // item() next to nothing (bench/cost.ts; profiled per line in fresh documents).
    const ps = el.getElementsByTagName('p');
    for (let i = 0, p = ps.item(0); p && i < maxParagraphs; p = ps.item(++i)) if (!own || p.closest(holders) === el) total += running(p);
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
    // One query per name: a single tag name takes the engine's fast path (Chromium: 0.09 ms on a
    // 1 MB page, against 0.7 ms for 'article, main'); merged back into document order.
    let candidates: Element[] = [...body.querySelectorAll('article')];
    for (const main of body.querySelectorAll('main')) {
      let at = candidates.length;
      while (at > 0 && (candidates[at - 1] as Element).compareDocumentPosition(main) & 2 /* Node.DOCUMENT_POSITION_PRECEDING */) at--;
      candidates = [...candidates.slice(0, at), main, ...candidates.slice(at)];
    }
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

  if (want === 'root') return mainText();

  // Links belong in the head (https://html.spec.whatwg.org/multipage/links.html#body-ok): looking
  // only there spares a walk over the whole document on pages without them.
  const links: ParentNode = d.head ?? d;
  const canonical = links.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href') ?? null;
  const ogUrl = links.querySelector('meta[property="og:url" i][content]')?.getAttribute('content') ?? null;

  // Whitespace collapsed to one space, as /\s+/g → ' ' would, but matching only the runs that are
  // not a single space already: a page's text has a space between every two words, and the
  // replacement's cost is per match (three times as fast on the small bench page's 6,700 characters).
  const collapse = (text: string): string => text.replace(/ \s+|[^\S ]\s*/g, ' ');
  /** Up to `limit` words of the text under `from`, whitespace collapsed; `full`: it held `limit` words or more. */
  const read = (from: Node): { text: string; full: boolean } => {
    // In chunks, each an element's whole textContent: one native call, where a walk over its text
    // nodes runs in V8's interpreter (this function is compiled afresh in every page) and cost
    // several times as much (bench/cost.ts, the 1 MB page). Only an element whose descendants are
    // all inline is read whole: textContent joins text nodes with nothing between them, so a
    // block holding blocks or line breaks would run the last word of one into the first of the
    // next ("phase.The": server-rendered and minified pages put no whitespace between </p><p>; 35
    // of 39 saved real pages had such joins, wsj.com lost a third of its words). Any other
    // element (a block inside, a <br>, a script or style, or more than `chunk` elements: a list
    // of 4,000 comments is not read whole to keep its first words) is read part by part.
    const chunk = 200;
    const wordBreak = `:not(${inline.filter((name) => name !== 'br').join()})`;
    const parts: string[] = [];
    let raw = 0;
    // Raw text can be mostly indentation: words are counted (whitespace collapsed) each time the
    // raw text read has doubled, so a long read counts at most twice what it read. A text of
    // endless "words" without spaces stops too: ten characters a word on average.
    let check = limit * 8;
    let node: Node | null = from;
    while (node !== null) {
      let into = false;
      let text = '';
      if (node.nodeType === 3 || node.nodeType === 4 /* Text, CDATASection (XHTML) */) text = (node as Text).data;
      else if (node.nodeType === 1 && !skipParents.includes((node as Element).localName)) {
        const el = node as Element;
        // Text alone is read whole without a query. The break is looked for first: a container's
        // first block comes at once, where counting to `chunk` would walk 200 elements at every
        // level of a page's nested wrappers.
        if (el.firstElementChild !== null && (el.querySelector(wordBreak) !== null || el.getElementsByTagName('*').item(chunk) !== null)) into = true;
        else text = el.textContent ?? '';
      }
      if (text !== '') parts.push(text);
      raw += text.length;
      if (raw >= check) {
        check *= 2;
        const sofar = collapse(parts.join(' '));
        if (sofar.length > limit * 11 || sofar.split(' ', limit + 2).length > limit + 1) break;
      }
      if (into && node.firstChild !== null) node = node.firstChild;
      else {
        while (node !== from && (node as Node).nextSibling === null) node = (node as Node).parentNode as Node;
        node = node === from ? null : (node as Node).nextSibling;
      }
    }
    // Joined with spaces so words in neighbouring blocks stay apart; the first `limit` words. A
    // text shorter than this cannot hold `limit` words (each takes a character and a space), so
    // most pages' text is not split into words at all (a split and join cost as much as the walk).
    const text = collapse(parts.join(' ')).trim();
    if (text.length < 2 * limit - 1) return { text, full: false };
    const words = text.split(' ', limit);
    const full = words.length >= limit;
    return { text: (full ? words.join(' ') : text).slice(0, limit * 10), full };
  };

  const body = d.body ?? d.documentElement;
  if (!body) return done({ canonical, ogUrl, text: '' }, null);
  // A small page whose whole text fits the budget is read whole: the main text is in it wherever
  // it is, so choosing it decides nothing for recognition (which only looks for an article's
  // text in what it is given), and the choice costs more than the reading on such a page. Real
  // news pages hold thousands of elements: for them the choice is made.
  if (body.getElementsByTagName('*').item(smallPage) === null) {
    // The background's reads (`growth` given) of a small HTML page send its markup, one native
    // call, and the background reads the text in it (the same text: markupText); walking the
    // nodes here cost a fresh isolated world a wrapper per node, run cold, about half of all
    // Kontekst cost such a page (bench/cost.ts). Not where the background asks for the text
    // ('text': the markup held `limit` words or more, so the main text is chosen here), nor in
    // an XML document (its serialization is not HTML's), nor for markup larger than the message
    // check takes (MAX_PAGE_MARKUP in shared/messages.ts; inline images can make a small page's
    // markup large).
    if (typeof growth === 'number' && want !== 'text' && d.contentType === 'text/html') {
      const markup = (body as HTMLElement).outerHTML;
      if (markup.length <= 262_144) return done({ canonical, ogUrl, text: '', markup }, null);
    }
    const all = read(body);
    if (!all.full) return done({ canonical, ogUrl, text: all.text }, null);
  }
  const root = mainText();
  let main = root ? read(root) : { text: '', full: false };
  // Words counted only up to minMainWords: splitting the whole text would cost more than reading it.
  if (main.text.split(' ', minMainWords).length < minMainWords) main = read(body);
  // No main text: the annotator reads the body (mainTextRoot), which is then what is left for it.
  return done({ canonical, ogUrl, text: main.text }, root ?? body);

  /**
   * The background's calls (`growth` given; Chrome hands the background's arguments over as JSON,
   * so a `want` left out arrives as null) leave, in the same injection, the growth watcher and the
   * element `mainText` chose (`chosen`; null: none was chosen, on a small page).
   */
  function done(facts: PageFacts, chosen: Element | null): PageFacts {
    if (typeof growth !== 'number') return facts;
    leave(chosen);
    // The growth watcher goes in with the reading, not in an injection of its own: each
    // executeScript costs the page a script compiled and run (bench/cost-blocks.ts).
    watch(growth);
    // Whether the annotator registered itself in this world (src/content/bridge.ts): a page
    // recognised again (a live blog, many times an hour; Kontekst turned back on) is not handed
    // the bundle again, only its article.
    facts.annotator = Symbol.for('kontekst.annotator') in globalThis;
    return facts;
  }

  /**
   * Leaves the chosen element for the annotator, which the background starts right after a read
   * that recognised the page, in this same world (Firefox's content-script sandbox, Chromium's
   * isolated world: the page's own scripts cannot see it), so the choice is not made twice on
   * the article itself (~1.5 ms on a 1 MB page in Firefox's profile, bench "Cost on the article
   * itself"). Weakly held: a page that removes the element is not kept from freeing it, and
   * nothing here needs undoing when Kontekst is turned off (the annotator takes it once, the next
   * read replaces it). A read that chose nothing takes back what an earlier read left.
   */
  function leave(chosen: Element | null): void {
    if (chosen) world[leftKey] = new WeakRef(chosen);
    else delete world[leftKey];
  }

  /**
   * The growth watcher: watches the page for a large arrival of text (a client-rendered article,
   * the next story of an endless page), then asks the background to recognise the page again;
   * once per document. `textGrowth`: new text (characters) that makes the page worth recognising
   * again; the background lowers it on a page that names a known article whose text has not
   * arrived yet (lowerGrowth in growth-watch.ts, which shares the state under `installed`).
   */
  function watch(textGrowth: number): void {
    // Quiet time before a burst of DOM changes is looked at.
    const settleMs = 600;
    // A busy page re-detects this many times at most, so it costs little.
    const maxRedetections = 20;
    const installed = Symbol.for('kontekst.growth-watch');
    const world = globalThis as { [installed]?: { growth: number } };
    if (world[installed] || !d.documentElement) return;
    const state = { growth: textGrowth };
    world[installed] = state;

    let addedText = 0;
    let timer = 0;
    let redetections = 0;
    const isOwn = (node: Node | null): boolean => (node as Element | null)?.localName?.startsWith('kontekst-') === true;
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        // Kontekst's own elements are not new text (the fallback marks wrap text the page already had),
        // nor is the tail of a text node it split to put a marker in (it follows text or a marker);
        // counted, those tails made a page that removes the markers re-detect, and re-mark, 20 times.
        for (const node of record.addedNodes) {
          if (isOwn(node)) continue;
          const before = node.nodeType === 3 ? node.previousSibling : null;
          if (before && (before.nodeType === 3 || isOwn(before))) continue;
          addedText += node.textContent?.length ?? 0;
        }
      }
      if (addedText < state.growth) return;
      clearTimeout(timer);
      timer = window.setTimeout(() => {
        if (++redetections > maxRedetections) return observer.disconnect();
        addedText = 0;
        // The extension API is touched only now: creating its bindings costs every page it is read on.
        const api = ((globalThis as { browser?: MessagingApi }).browser ?? (globalThis as { chrome?: MessagingApi }).chrome) as MessagingApi;
        api.runtime.sendMessage({ kontekst: 1, type: 'content:changed', payload: {} }).catch(() => {
          // The extension was updated or removed under this page: nobody to tell any more.
          observer.disconnect();
        });
      }, settleMs);
    });
    observer.observe(d.documentElement, { childList: true, subtree: true });
  }
}

/** The part of the extension API the growth watcher calls (Firefox's `browser`, Chrome's `chrome`). */
interface MessagingApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
}
