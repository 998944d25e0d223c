// Saved pages of real news sites (../shared/real-pages, never committed here): loaded as the CLI
// loads a page, templated with the seed article as that corpus's README describes, and measured.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { JSDOM } from 'jsdom';
import { normalizeText } from '../../src/core/anchoring/normalize';

export const REAL_PAGES = resolve('../shared/real-pages');

/** One entry of the corpus's index.json, as far as these tests read it. */
export interface RealPageEntry {
  name: string;
  file: string;
  url: string;
  encoding: string;
  language: string;
  article_elements: number;
  has_main: boolean;
  note: string;
  expected: { kind: 'full' | 'snippets'; file: string };
  body: { container: string; inside_article: boolean; itemprop_articleBody_on: string[] };
}

/** A saved page with what its article body holds: the full text, or snippets in it and not in it. */
export interface RealPage extends RealPageEntry {
  html: string;
  expectedText: string | null;
  snippets: { with: string[]; without: string[] } | null;
}

/** Every page of the corpus, decoded with the charset its index gives (sniffing misses 13 of them). */
export function realPages(): RealPage[] {
  if (!existsSync(`${REAL_PAGES}/index.json`)) throw new Error(`the real-pages corpus is not at ${REAL_PAGES} (it sits beside the repository in ../shared)`);
  const entries = JSON.parse(readFileSync(`${REAL_PAGES}/index.json`, 'utf8')) as RealPageEntry[];
  return entries.map((entry) => {
    const html = new TextDecoder(entry.encoding).decode(gunzipSync(readFileSync(`${REAL_PAGES}/${entry.file}`)));
    const expectedFile = `${REAL_PAGES}/${entry.expected.file}`;
    const full = entry.expected.kind === 'full';
    return {
      ...entry,
      html,
      expectedText: full ? readFileSync(expectedFile, 'utf8') : null,
      snippets: full ? null : (JSON.parse(readFileSync(expectedFile, 'utf8')) as { with: string[]; without: string[] }),
    };
  });
}

/**
 * The page's DOM as a browser builds it with scripts off. Style sheets are emptied first: jsdom
 * parses them (a third of the parse time here) and throws on some real ones (digg.com's
 * `border-color: inherit` shorthand), while Kontekst's reading never consults them.
 */
export function parseRealPage(page: RealPage, url = page.url): JSDOM {
  const html = page.html.replace(/(<style\b[^>]*>)[\s\S]*?(<\/style>)/gi, '$1$2');
  return new JSDOM(html, { url });
}

/** Whitespace collapsed and folded as Kontekst folds text, for comparing a page's text with expected text. */
export const fold = (text: string): string => normalizeText(text).trim();

/** The article body's paragraphs, folded: the full text's, or the snippets. */
export function bodyParagraphs(page: RealPage): string[] {
  const parts = page.expectedText !== null ? page.expectedText.split(/\n\s*\n/) : (page.snippets?.with ?? []);
  return parts.map(fold).filter((p) => p.length >= 15);
}

const BLOCK = new Set(['p', 'div', 'li', 'td', 'blockquote', 'section', 'article', 'block', 'h2', 'h3', 'h4', 'dd', 'figcaption']);

/** The text node holding the start of `paragraph` (folded), or null. */
function textNodeStarting(doc: Document, paragraph: string): Text | null {
  const head = paragraph.slice(0, 24);
  const walker = doc.createTreeWalker(doc.body ?? doc.documentElement, 4 /* SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement?.localName;
    if (parent === 'script' || parent === 'style' || parent === 'noscript' || parent === 'title') continue;
    if (!fold((node as Text).data).includes(head)) continue;
    // The visible body, not a hidden copy of it (businessinsider.com keeps two for search engines).
    // Asked only of the nodes that match: jsdom's closest() with attribute selectors cost ~50 s
    // over the corpus when asked of every text node.
    if (node.parentElement?.closest('[hidden], [style*="display:none" i], [style*="display: none" i]')) continue;
    return node as Text;
  }
  return null;
}

/**
 * Where a body paragraph sits: the smallest element whose text is the paragraph (folded), or
 * the text node itself when the page separates paragraphs with <br> only.
 */
export function locateParagraph(doc: Document, paragraph: string): Element | Text | null {
  const node = textNodeStarting(doc, paragraph);
  if (!node) return null;
  if (fold(node.data) === paragraph) {
    const parent = node.parentElement;
    // A paragraph element of its own holds just this text; a <br>-separated body does not.
    return parent && fold(parent.textContent ?? '') === paragraph ? parent : node;
  }
  for (let el = node.parentElement; el && el !== doc.body; el = el.parentElement) {
    const text = fold(el.textContent ?? '');
    if (text === paragraph) return el;
    if (text.length > paragraph.length + 200) break;
  }
  // The snippet pages give a few words of a paragraph: the block that holds them.
  if (paragraph.length < 200) for (let el = node.parentElement; el; el = el.parentElement) if (BLOCK.has(el.localName)) return el;
  return null;
}

/** What the seed article was put into: the nodes now holding seed text, in order. */
export interface Templated {
  doc: Document;
  /** The elements or text nodes that now carry the seed paragraphs. */
  carriers: (Element | Text)[];
  /** Body paragraphs found on the page, of those expected. */
  located: number;
  expected: number;
}

/** Replaces a node's text, keeping the whitespace the page had around it (indentation, line breaks). */
function setText(node: Element | Text, text: string): void {
  const old = node.textContent ?? '';
  const lead = /^\s*/.exec(old)?.[0] ?? '';
  const trail = /\s*$/.exec(old)?.[0] ?? '';
  if (node.nodeType === 3) (node as Text).data = lead + text + trail;
  else (node as Element).replaceChildren(node.ownerDocument.createTextNode(lead + text + trail));
}

/**
 * The seed article put where the page's own article body was: its paragraphs' text replaced by the
 * seed paragraphs in order (several seed paragraphs in one when the page has fewer; left-over page
 * paragraphs emptied), everything else kept as it was; the page is now at `url`. `dom` is the page
 * already parsed (and only read since), which saves parsing it again (a third of this corpus's cost).
 */
export function templateSeed(page: RealPage, seed: readonly string[], url: string, dom = parseRealPage(page, url)): Templated {
  dom.reconfigure({ url });
  const doc = dom.window.document;
  const paragraphs = bodyParagraphs(page);
  let carriers: (Element | Text)[] = [];
  for (const paragraph of paragraphs) {
    const node = locateParagraph(doc, paragraph);
    if (node && !carriers.some((c) => c === node || c.contains(node) || node.contains(c))) carriers.push(node);
  }
  const located = carriers.length;
  if (page.snippets && carriers.length > 0) carriers = snippetBody(carriers);
  const per = Math.max(1, Math.ceil(seed.length / Math.max(1, carriers.length)));
  carriers.forEach((node, i) => setText(node, seed.slice(i * per, (i + 1) * per).join(' ')));
  return { doc, carriers: carriers.filter((_, i) => i * per < seed.length), located, expected: paragraphs.length };
}

/** For a snippet page: every <p> of the lowest element holding the snippets' blocks (or the blocks). */
function snippetBody(blocks: (Element | Text)[]): (Element | Text)[] {
  const elements = blocks.map((b) => (b.nodeType === 3 ? (b.parentElement as Element) : (b as Element)));
  let container: Element | null = elements[0] ?? null;
  while (container && !elements.every((e) => container?.contains(e))) container = container.parentElement;
  const ps = container ? [...container.querySelectorAll('p')].filter((p) => fold(p.textContent ?? '').length >= 40) : [];
  return ps.length >= blocks.length ? ps : blocks;
}
