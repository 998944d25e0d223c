// A toy layout engine for jsdom, which lays nothing out: every text node under <body> is one
// line of its own (20 px high, 8 px per character), in document order. Range.getClientRects
// and document.caretPositionFromPoint agree with it, like a browser's do, so hit-testing code
// can be exercised. Elements listed in `covers` sit on top of their lines, as a fixed header does.

export const LINE = 20;
export const CHAR = 8;

function textNodes(doc: Document): Text[] {
  const nodes: Text[] = [];
  const walker = doc.createTreeWalker(doc.body, 4 /* SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  return nodes;
}

function rect(left: number, top: number, width: number, height: number): DOMRect {
  return { left, top, width, height, right: left + width, bottom: top + height, x: left, y: top, toJSON: () => ({}) } as DOMRect;
}

export interface FakeLayout {
  /** The viewport point in the middle of `range`'s first line. */
  pointIn(range: Range): { x: number; y: number };
  /** A point on no text at all. */
  blank(): { x: number; y: number };
  /** Puts `element` on top: points on its lines hit it instead of the text there. */
  cover(element: Element, line: number): void;
  uninstall(): void;
}

/** Installs the fake layout on the global document. */
export function installLayout(doc: Document = document): FakeLayout {
  const RangeProto = doc.defaultView!.Range.prototype as Range & { getClientRects?: unknown };
  const hadRects = Object.prototype.hasOwnProperty.call(RangeProto, 'getClientRects');
  const covers = new Map<number, Element>();

  function rectsOf(range: Range): DOMRect[] {
    const out: DOMRect[] = [];
    textNodes(doc).forEach((node, line) => {
      if (!range.intersectsNode(node)) return;
      const start = node === range.startContainer ? range.startOffset : 0;
      const end = node === range.endContainer ? range.endOffset : node.length;
      if (end > start) out.push(rect(start * CHAR, line * LINE, (end - start) * CHAR, LINE));
    });
    return out;
  }

  Object.defineProperty(RangeProto, 'getClientRects', {
    configurable: true,
    value(this: Range) {
      return rectsOf(this);
    },
  });
  // jsdom has no caretPositionFromPoint; the fake is an own property, deleted again on uninstall.
  const docAny = doc as unknown as { caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null };
  docAny.caretPositionFromPoint = (x: number, y: number) => {
    const line = Math.floor(y / LINE);
    const cover = covers.get(line);
    if (cover) return { offsetNode: cover, offset: 0 };
    const node = textNodes(doc)[line];
    if (!node) return null;
    return { offsetNode: node, offset: Math.max(0, Math.min(node.length, Math.round(x / CHAR))) };
  };

  return {
    pointIn(range) {
      const first = rectsOf(range)[0];
      if (!first) throw new Error('range has no layout');
      return { x: first.left + Math.min(first.width / 2, 40), y: first.top + LINE / 2 };
    },
    blank() {
      return { x: 5, y: (textNodes(doc).length + 5) * LINE };
    },
    cover(element, line) {
      covers.set(line, element);
    },
    uninstall() {
      if (!hadRects) delete (RangeProto as { getClientRects?: unknown }).getClientRects;
      delete docAny.caretPositionFromPoint;
    },
  };
}
