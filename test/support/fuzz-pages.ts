// Random pages for the fuzz tests: (1) random DOM trees with none of the article's text, and
// (2) the seed article rendered into random markup after random edits, with a record of which
// claims a reader would still see word for word, which were edited, and which are gone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import type { Random } from './random';
import { type ClaimPiece, claimPieces, SEED_PAGE, seedArticle } from './seed';

const seed = seedArticle();

/** The article's paragraphs as its saved copy shows them. */
export const ARTICLE_PARAGRAPHS: readonly string[] = (() => {
  const saved = readFileSync(SEED_PAGE, 'utf8');
  const doc = new JSDOM(saved).window.document;
  return [...doc.querySelectorAll('article > p')].map((p) => (p.textContent ?? '').replace(/\s+/g, ' ').trim());
})();

const ARTICLE_WORDS = [...new Set(ARTICLE_PARAGRAPHS.join(' ').split(' '))];
// Words that share nothing with the article, in several scripts, for text that must match nothing.
const OTHER_WORDS = [
  'lorem', 'ipsum', 'dolor', 'sit', 'amet', 'weather', 'forecast', 'rain', 'cookie', 'banner', 'subscribe', 'newsletter',
  'football', 'league', 'recipe', 'rye', 'bread', 'butter', 'cat', 'named', 'Bent', 'Aarhus', 'harbour', 'ferry', 'timetable',
  'مرحبا', 'بالعالم', 'שלום', 'עולם', 'Привет', 'мир', '東京', '天気', 'café', 'naïve', 'e\u0301', '👍🏽', '🇩🇰', '\ud800', 'x\u0300\u0301',
  '12.5%', '2024-01-01', '«quoted»', '“curly”', '—', '…', '&amp;', '<b>', '\\n',
];
const NOISE_IN_WORD = ['\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u200e', '\u200f'];
const SPACES = [' ', '  ', '\u00a0', '\n', '\t', ' \u200b ', '\u2009', '\u202f', '\r\n   '];
const INLINE = ['b', 'i', 'em', 'strong', 'span', 'a', 'mark', 'small', 'sup', 'u', 'x-inline', 'font'];
const BLOCK = ['p', 'div', 'section', 'li', 'h2', 'blockquote', 'td'];
const INVISIBLE: readonly ((doc: Document, junk: string) => Node)[] = [
  (doc, junk) => Object.assign(doc.createElement('span'), { hidden: true, textContent: junk }),
  (doc, junk) => Object.assign(doc.createElement('script'), { textContent: `var x = ${JSON.stringify(junk)};` }),
  (doc, junk) => Object.assign(doc.createElement('style'), { textContent: `.x::after { content: ${JSON.stringify(junk)} }` }),
  (doc, junk) => {
    const el = doc.createElement('span');
    el.setAttribute('style', 'display: none');
    el.textContent = junk;
    return el;
  },
  (doc, junk) => {
    const t = doc.createElement('template');
    t.content.append(Object.assign(doc.createElement('p'), { textContent: junk }));
    return t;
  },
  (doc, junk) => doc.createComment(junk),
  (doc) => doc.createElement('wbr'),
  (doc) => doc.createElement('x-empty'),
  (doc) => doc.createTextNode(''),
];

function words(random: Random, pool: readonly string[], min: number, max: number): string {
  const out: string[] = [];
  for (let n = random.between(min, max); n > 0; n--) out.push(random.pick(pool));
  return out.join(' ');
}

/** Unrelated text, mostly in words the article does not use. */
export function otherText(random: Random, min = 3, max = 20): string {
  return words(random, random.chance(0.3) ? [...OTHER_WORDS, ...ARTICLE_WORDS.slice(0, 30)] : OTHER_WORDS, min, max);
}

/** Text with none of the article's words. */
export function foreignText(random: Random, min = 1, max = 25): string {
  return words(random, OTHER_WORDS, min, max);
}

function inline(doc: Document, random: Random, child: Node): Node {
  let node = child;
  for (let depth = random.between(1, 3); depth > 0; depth--) {
    const el = doc.createElement(random.pick(INLINE));
    if (el.localName === 'a') el.setAttribute('href', '#');
    el.append(node);
    node = el;
  }
  return node;
}

/**
 * A random DOM tree under `parent` with none of the article's text: nested blocks and inline
 * elements, invisible elements, odd characters (lone surrogates, combining marks, RTL scripts).
 */
export function randomTree(doc: Document, random: Random, parent: Element, budget: { nodes: number }, depth = 0): void {
  while (budget.nodes > 0 && random.chance(depth === 0 ? 0.97 : 0.75)) {
    budget.nodes--;
    const roll = random.next();
    if (roll < 0.35) {
      parent.append(doc.createTextNode(foreignText(random) + random.pick(SPACES)));
    } else if (roll < 0.45) {
      parent.append(random.pick(INVISIBLE)(doc, foreignText(random)));
    } else if (roll < 0.5) {
      parent.append(doc.createElement('br'));
    } else {
      const el = doc.createElement(random.chance(0.5) ? random.pick(BLOCK) : random.pick(INLINE));
      if (random.chance(0.05)) el.hidden = true;
      parent.append(el);
      if (depth < 14) randomTree(doc, random, el, budget, depth + 1);
    }
  }
}

/** Where a claim ended up on a generated page. */
export interface ClaimFate {
  id: string;
  /** Index of the paragraph (data-fuzz-para) the claim is in. */
  paragraph: number;
  /** Gone: its paragraph was left out. */
  dropped: boolean;
  /** Shown word for word (only invisible noise, markup and quote styles changed): it must anchor exactly. */
  intact: boolean;
}

/** A generated article page. */
export interface EditedArticle {
  fates: ClaimFate[];
  /** What was done, for the failure message. */
  log: string[];
}

type Piece = ClaimPiece;
const pieces = (paragraph: string): Piece[] => claimPieces(paragraph, seed.claims);

const QUOTE_SWAPS: Record<string, readonly string[]> = { '»': ['“', '"', '„'], '«': ['”', '"'], "'": ['’', '‘'], '-': ['–', '‑', '\u2212'] };

/** Visible word edits: an insertion, a deletion or a substitution. Returns a description. */
function editWords(random: Random, piece: Piece): string {
  const list = piece.text.split(' ');
  const i = random.int(list.length);
  const kind = random.int(3);
  if (kind === 0) list.splice(i, 0, random.pick(random.chance(0.5) ? ARTICLE_WORDS : OTHER_WORDS));
  else if (kind === 1 && list.length > 1) list.splice(i, 1);
  else list[i] = random.pick(random.chance(0.5) ? ARTICLE_WORDS : OTHER_WORDS);
  const before = piece.text;
  piece.text = list.join(' ');
  return before === piece.text ? 'no-op edit' : `${['insert', 'delete', 'substitute'][kind]} in ${piece.claim ?? 'text'}`;
}

/** Invisible noise: a different space, an invisible character inside a word, another quote style. */
function addNoise(random: Random, piece: Piece): void {
  const text = piece.text;
  const roll = random.int(3);
  if (roll === 0) {
    const spaces = [...text.matchAll(/ /g)].map((m) => m.index as number);
    if (spaces.length === 0) return;
    const at = random.pick(spaces);
    piece.text = text.slice(0, at) + random.pick(SPACES) + text.slice(at + 1);
  } else if (roll === 1) {
    const letters = [...text.matchAll(/\p{L}(?=\p{L})/gu)].map((m) => (m.index as number) + 1);
    if (letters.length === 0) return;
    const at = random.pick(letters);
    piece.text = text.slice(0, at) + random.pick(NOISE_IN_WORD) + text.slice(at);
  } else {
    const swappable = [...text.matchAll(/[»«'-]/g)];
    if (swappable.length === 0) return;
    const match = random.pick(swappable);
    const at = match.index as number;
    piece.text = text.slice(0, at) + random.pick(QUOTE_SWAPS[match[0]] ?? [match[0]]) + text.slice(at + 1);
  }
}

/**
 * Renders the seed article into `parent` after random edits. Each paragraph becomes one or
 * more blocks marked data-fuzz-para; its text is cut into random inline wrappers with
 * invisible elements between them; unrelated blocks go between paragraphs.
 */
export function editedArticle(doc: Document, random: Random, parent: Element): EditedArticle {
  const fates: ClaimFate[] = [];
  const log: string[] = [];
  let container: Element = parent;
  for (let depth = random.between(0, 6); depth > 0; depth--) {
    const wrap = doc.createElement(random.pick(['div', 'main', 'article', 'section', 'x-layout', 'span']));
    container.append(wrap);
    container = wrap;
  }
  const wordEdits = random.chance(0.5) ? random.between(0, 12) : 0;
  const noise = random.between(0, 40);
  const wrappers = random.between(0, 30);
  const invisibles = random.between(0, 15);
  const splits = random.chance(0.3) ? random.between(1, 3) : 0;
  const dropChance = random.chance(0.2) ? 0.25 : 0;
  log.push(`wordEdits=${wordEdits} noise=${noise} wrappers=${wrappers} invisibles=${invisibles} splits=${splits} dropChance=${dropChance}`);

  const paragraphs = ARTICLE_PARAGRAPHS.map(pieces);
  const edited = new Set<string>();
  for (let n = 0; n < wordEdits; n++) {
    const piece = random.pick(random.pick(paragraphs));
    const what = editWords(random, piece);
    if (what !== 'no-op edit') {
      log.push(what);
      if (piece.claim) edited.add(piece.claim);
    }
  }
  for (let n = 0; n < noise; n++) addNoise(random, random.pick(random.pick(paragraphs)));

  // Per paragraph: cut points for wrappers, invisible elements and block splits.
  const cuts = paragraphs.map(() => ({ wrap: [] as number[], invisible: [] as number[], split: [] as number[] }));
  const textOf = (p: Piece[]): string => p.map((x) => x.text).join('');
  for (let n = 0; n < wrappers; n++) {
    const i = random.int(paragraphs.length);
    cuts[i]?.wrap.push(random.int(textOf(paragraphs[i] as Piece[]).length + 1));
  }
  for (let n = 0; n < invisibles; n++) {
    const i = random.int(paragraphs.length);
    cuts[i]?.invisible.push(random.int(textOf(paragraphs[i] as Piece[]).length + 1));
  }
  for (let n = 0; n < splits; n++) {
    const i = random.int(paragraphs.length);
    cuts[i]?.split.push(random.between(1, Math.max(1, textOf(paragraphs[i] as Piece[]).length - 1)));
  }

  paragraphs.forEach((paragraph, index) => {
    const dropped = random.chance(dropChance);
    const text = textOf(paragraph);
    const spans: { id: string; start: number; end: number }[] = [];
    let at = 0;
    for (const piece of paragraph) {
      if (piece.claim) spans.push({ id: piece.claim, start: at, end: at + piece.text.length });
      at += piece.text.length;
    }
    const cut = cuts[index] as (typeof cuts)[number];
    for (const span of spans) {
      const split = cut.split.some((s) => s > span.start && s < span.end);
      if (split) log.push(`block split in ${span.id}`);
      fates.push({ id: span.id, paragraph: index, dropped, intact: !dropped && !split && !edited.has(span.id) });
    }
    if (dropped) {
      log.push(`paragraph ${index} left out`);
      return;
    }
    if (random.chance(0.3)) {
      const other = doc.createElement(random.pick(['aside', 'div', 'figure', 'ul']));
      other.append(otherText(random));
      container.append(other);
    }
    const points = [...new Set([0, text.length, ...cut.wrap, ...cut.invisible, ...cut.split])].sort((a, b) => a - b);
    const blockName = random.pick(BLOCK);
    let block = doc.createElement(blockName);
    block.setAttribute('data-fuzz-para', String(index));
    container.append(block);
    for (let k = 0; k + 1 < points.length; k++) {
      const from = points[k] as number;
      const to = points[k + 1] as number;
      if (cut.split.includes(from) && from > 0) {
        block = doc.createElement(blockName);
        block.setAttribute('data-fuzz-para', String(index));
        container.append(block);
      }
      if (cut.invisible.includes(from)) block.append(random.pick(INVISIBLE)(doc, otherText(random, 1, 4)));
      const chunk = doc.createTextNode(text.slice(from, to));
      block.append(cut.wrap.includes(from) ? inline(doc, random, chunk) : chunk);
    }
  });
  return { fates, log };
}

/** Folded-quote fragments and near-copies of the claims, many times over: the most candidates the fuzzy search can be given. */
export function quoteDebris(doc: Document, random: Random, parent: Element): void {
  const quotes = seed.claims.map((c) => c.selector.exact);
  for (let blocks = random.between(1, 40); blocks > 0; blocks--) {
    const block = doc.createElement(random.pick(BLOCK));
    const parts: string[] = [];
    for (let n = random.between(1, 30); n > 0; n--) {
      const quote = random.pick(quotes);
      const roll = random.next();
      if (roll < 0.5) {
        // A fragment (a seed piece or a little more).
        const length = random.between(8, Math.min(40, quote.length));
        const at = random.int(quote.length - length + 1);
        parts.push(quote.slice(at, at + length));
      } else if (roll < 0.8) {
        // A near-copy: a share of its characters changed, dropped or doubled.
        const rate = random.pick([0.1, 0.2, 0.25, 0.3, 0.5]);
        let copy = '';
        for (const ch of quote) {
          if (!random.chance(rate)) copy += ch;
          else copy += random.pick(['', ch + ch, String.fromCharCode(97 + random.int(26))]);
        }
        parts.push(copy);
      } else {
        parts.push(otherText(random, 1, 6));
      }
    }
    block.textContent = parts.join(random.pick([' ', '', '\u00a0', '. ']));
    parent.append(block);
  }
}
