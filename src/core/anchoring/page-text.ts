import { DROP, FOLDS_LENGTH, NEEDS_FOLDING, SPACE, foldCode, foldInPlace } from './normalize';

/** Separates text of different blocks in `PageText.text`; folded text never contains it. */
export const BLOCK_BREAK = '\n';

/**
 * The page's visible text, folded by `normalizeText`'s rules, read in one pass,
 * with a map from every folded character back to its text node.
 */
export interface PageText {
  /** Folded text; blocks are separated by BLOCK_BREAK. */
  readonly text: string;
  /** Text nodes that contributed characters, in document order. */
  readonly nodes: readonly Text[];
  /** Offset in `text` of each node's first contributed character. */
  readonly starts: readonly number[];
  /** Per node: raw offset of each contributed character, or null when they are consecutive from `rawStarts`. */
  readonly offsets: readonly (Uint32Array | null)[];
  /** Per node: raw offset of its first contributed character (for nodes without `offsets`). */
  readonly rawStarts: readonly number[];
}

// Elements whose text a reader never sees as part of the page's prose.
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'textarea', 'select', 'option', 'iframe', 'object',
  'embed', 'svg', 'math', 'canvas', 'video', 'audio', 'head', 'title', 'meta', 'link', 'input',
  // Fallbacks browsers never render (https://html.spec.whatwg.org/multipage/rendering.html#hidden-elements).
  'noframes', 'noembed',
]);

// Elements that start a new line of text: a quote never runs across them.
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5',
  'h6', 'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'legend', 'menu', 'center', 'html',
]);

const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
// Folds to spaces only (see foldCode).
const ASCII_WHITESPACE = /^[\t\n\v\f\r ]+$/;

function isHidden(el: Element): boolean {
  // The reflected `hidden` property is a much cheaper call in browsers than hasAttribute: true,
  // or "until-found", whenever the attribute is present. Non-HTML elements lack it, and a <form>
  // answers with its control named "hidden" if it has one: anything else asks the attribute.
  const hidden = (el as { hidden?: unknown }).hidden;
  if (typeof hidden === 'boolean' ? hidden : typeof hidden === 'string' || el.hasAttribute('hidden')) return true;
  const style = el.getAttribute('style');
  return style !== null && HIDDEN_STYLE.test(style);
}

let lastChecked: unknown = null;
let lastNative = false;

/** Whether `fn` is the platform's own code (its source reads "[native code]"); remembers the last answer. */
function isNative(fn: unknown): boolean {
  if (fn !== lastChecked) {
    lastChecked = fn;
    lastNative = /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(fn));
  }
  return lastNative;
}

/**
 * `isHidden` for the elements under `root`. Where querySelectorAll is the browser's own code,
 * one query for the few elements with a hidden or style attribute costs far less than two
 * attribute reads per element; jsdom's selector engine is JavaScript and slower than the reads.
 */
function hiddenTest(root: Node): (el: Element) => boolean {
  const query = (root as Partial<ParentNode>).querySelectorAll;
  if (typeof query !== 'function' || !isNative(query)) return isHidden;
  const candidates = new Set((root as ParentNode).querySelectorAll('[hidden], [style]'));
  return (el) => candidates.has(el) && isHidden(el);
}

/** Text nodes, and CDATA sections, which XHTML documents show as text (they are Text nodes too). */
function isText(node: Node): boolean {
  return node.nodeType === 3 || node.nodeType === 4;
}

/**
 * Whether the text under `el` can be visible: neither `el` nor an ancestor is an element whose
 * text `readPageText` skips or one marked hidden. (readPageText never looks at its root itself.)
 */
export function mayShowText(el: Element): boolean {
  for (let at: Element | null = el; at !== null; at = at.parentElement) {
    if (SKIPPED.has(at.localName) || isHidden(at)) return false;
  }
  return true;
}

/**
 * Reads the visible text under `root` once, folded, with its map back to the DOM. The subtree
 * of `skip` (text already read on its own) is left out, as if it were an empty block.
 */
export function readPageText(root: Node, skip: Node | null = null): PageText {
  const parts: string[] = [];
  const nodes: Text[] = [];
  const starts: number[] = [];
  const offsets: (Uint32Array | null)[] = [];
  const rawStarts: number[] = [];
  let length = 0;
  // True when the last character written is a space or a block break, or nothing was written.
  let atSpace = true;
  const hidden = hiddenTest(root);

  const breakBlock = (): void => {
    if (length === 0) return;
    if (atSpace && parts[parts.length - 1] === ' ') {
      // A trailing space before a block break is dropped by replacing it.
      parts[parts.length - 1] = BLOCK_BREAK;
    } else if (parts[parts.length - 1] !== BLOCK_BREAK) {
      parts.push(BLOCK_BREAK);
      length++;
    }
    atSpace = true;
  };

  const readText = (node: Text): void => {
    const data = node.data;
    if (data.length === 0) return;
    // Indentation between blocks: nothing to add, and the commonest text node of all.
    if (atSpace && ASCII_WHITESPACE.test(data)) return;
    // One test for the commonest node, which folds to itself.
    const folds = NEEDS_FOLDING.test(data);
    if ((!folds || !FOLDS_LENGTH.test(data)) && !(atSpace && data.charCodeAt(0) === SPACE)) {
      // Fast path: the node folds character for character (most nodes to themselves; prose with
      // quotation marks and dashes by native replaces: the loop below runs in the interpreter,
      // where the annotator's code is cold: 0.7 ms a load of the seed article in Firefox, 2 ms on
      // its 1 MB copy, by the bench's "Cost on the article itself").
      nodes.push(node);
      starts.push(length);
      offsets.push(null);
      rawStarts.push(0);
      parts.push(folds ? foldInPlace(data) : data);
      length += data.length;
      atSpace = data.charCodeAt(data.length - 1) === SPACE;
      return;
    }
    let out = '';
    const map: number[] = [];
    let pendingSpace = -1;
    for (let i = 0; i < data.length; i++) {
      const code = foldCode(data.charCodeAt(i));
      if (code === DROP) continue;
      if (code === SPACE) {
        if (!atSpace && pendingSpace < 0) pendingSpace = i;
        continue;
      }
      if (pendingSpace >= 0) {
        out += ' ';
        map.push(pendingSpace);
        pendingSpace = -1;
      }
      out += String.fromCharCode(code);
      map.push(i);
      atSpace = false;
    }
    if (pendingSpace >= 0) {
      // A trailing space is kept so words in neighbouring inline nodes stay apart.
      out += ' ';
      map.push(pendingSpace);
      atSpace = true;
    }
    if (out.length === 0) return;
    nodes.push(node);
    starts.push(length);
    rawStarts.push(map[0] ?? 0);
    offsets.push(Uint32Array.from(map));
    parts.push(out);
    length += out.length;
  };

  // Iterative walk: pages can nest deeper than the call stack allows. The elements entered are
  // kept on a stack (with whether each is a block), so climbing back out reads nothing from the
  // DOM: in a browser every property read is a call, and a page has tens of thousands of nodes.
  const entered: Node[] = [];
  const enteredBlocks: boolean[] = [];
  let node: Node | null = root.firstChild;
  if (isText(root)) readText(root as Text);
  while (node !== null) {
    const type = node.nodeType;
    // Text nodes, and CDATA sections, which XHTML documents show as text (they are Text nodes too).
    if (type === 3 || type === 4) {
      readText(node as Text);
    } else if (type === 1) {
      const el = node as Element;
      const name = el.localName;
      if (name === 'br') {
        if (!atSpace) {
          parts.push(' ');
          length++;
          atSpace = true;
        }
      } else if (el === skip) {
        breakBlock();
      } else if (!SKIPPED.has(name) && !hidden(el)) {
        const block = BLOCKS.has(name);
        if (block) breakBlock();
        const child = el.firstChild;
        if (child !== null) {
          entered.push(el);
          enteredBlocks.push(block);
          node = child;
          continue;
        }
      }
    }
    // On to the next sibling, leaving (and breaking after) every entered element that has none.
    let next: Node | null = node.nextSibling;
    while (next === null && entered.length > 0) {
      const parent = entered.pop() as Node;
      if (enteredBlocks.pop()) breakBlock();
      next = parent.nextSibling;
    }
    node = next;
  }
  // A break after the last block separates nothing.
  if (parts[parts.length - 1] === BLOCK_BREAK) parts.pop();
  return { text: parts.join(''), nodes, starts, offsets, rawStarts };
}

/** Index of the node that contributed character `index` of `page.text` (which must not be a break). */
function nodeAt(page: PageText, index: number): number {
  let lo = 0;
  let hi = page.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((page.starts[mid] as number) <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function rawOffset(page: PageText, nodeIndex: number, index: number): number {
  const local = index - (page.starts[nodeIndex] as number);
  const map = page.offsets[nodeIndex];
  return map ? (map[local] as number) : (page.rawStarts[nodeIndex] as number) + local;
}

/** A DOM Range covering folded characters [start, end) of `page.text`. */
export function rangeFromOffsets(page: PageText, start: number, end: number): Range | null {
  if (end <= start || page.nodes.length === 0) return null;
  const first = nodeAt(page, start);
  const last = nodeAt(page, end - 1);
  const startNode = page.nodes[first];
  const endNode = page.nodes[last];
  if (!startNode || !endNode) return null;
  const range = startNode.ownerDocument.createRange();
  try {
    // Begin inside the start node: setStart on a fresh range compares the boundary with the
    // document's start, which jsdom does by walking the whole document (two nodes' order is found
    // by walking forward from one until the other, or the end). Within one node it compares offsets.
    range.selectNodeContents(startNode);
    range.setStart(startNode, rawOffset(page, first, start));
    range.setEnd(endNode, rawOffset(page, last, end - 1) + 1);
  } catch {
    // A DOM that refuses the boundary (jsdom inside a CDATA section: its node length counts
    // children, https://dom.spec.whatwg.org/#concept-node-length counts characters) gets no range.
    return null;
  }
  return range;
}
