import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lineBoxes } from '../../../src/content/hit-test';
import { MarkerLayer, type MarkerBoxes } from '../../../src/content/marker-layer';
import { ACTIVE_HIGHLIGHT, CLAIM_HIGHLIGHT, Tint, highlightApi } from '../../../src/content/marks';
import { installHighlights } from '../../support/fake-highlights';
import { installLayout } from '../../support/fake-layout';
import { captureShadowRoots, loadIntoDocument, shadowOf } from '../../support/page';
import { markerPosition, tinted } from './support';

beforeAll(() => captureShadowRoots());

/** A range over the first occurrence of `text` inside one text node or across several. */
function rangeOver(text: string): Range {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(document.body, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const whole = nodes.map((n) => n.data).join('');
  const start = whole.indexOf(text);
  if (start < 0) throw new Error(`no ${text}`);
  const end = start + text.length;
  const range = document.createRange();
  let at = 0;
  for (const node of nodes) {
    const next = at + node.length;
    if (start >= at && start < next) range.setStart(node, start - at);
    if (end > at && end <= next) range.setEnd(node, end - at);
    at = next;
  }
  return range;
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const undo of cleanup.reverse()) undo();
  cleanup = [];
});

describe('the tint (CSS Custom Highlight API)', () => {
  it('registers copies the page cannot move, reading exactly the claims, and nothing for no claim', () => {
    loadIntoDocument('<p>Alpha beta gamma delta.</p><p>Epsilon zeta.</p>');
    const { registry, uninstall } = installHighlights();
    cleanup.push(uninstall);
    const tint = new Tint(highlightApi(document));
    cleanup.push(() => tint.remove());
    tint.show([]);
    expect([...registry.keys()]).toEqual([]);
    const live = rangeOver('beta gamma');
    tint.show([{ id: 'a', range: live }, { id: 'b', range: rangeOver('zeta') }]);
    expect(tinted(registry).map((r) => r.toString())).toEqual(['beta gamma', 'zeta']);
    for (const copy of registry.get(CLAIM_HIGHLIGHT)!) {
      expect(copy).toBeInstanceOf(StaticRange);
      expect(copy).not.toBe(live);
    }
    tint.setActive('b');
    expect(tinted(registry, ACTIVE_HIGHLIGHT).map((r) => r.toString())).toEqual(['zeta']);
    tint.setActive(null);
    expect(registry.get(ACTIVE_HIGHLIGHT)!.size).toBe(0);
  });

  it('tints any number of claims with one call into the highlight API, not one add a claim (each a costly call in a Firefox content script), and again when the text moved', () => {
    loadIntoDocument('<p>Alpha beta gamma delta.</p><p>Epsilon zeta.</p>');
    const { registry, uninstall } = installHighlights();
    cleanup.push(uninstall);
    const tint = new Tint(highlightApi(document));
    cleanup.push(() => tint.remove());
    const calls: string[] = [];
    const Fake = (window as unknown as { Highlight: typeof Set<AbstractRange> }).Highlight;
    const add = Fake.prototype.add;
    Fake.prototype.add = function (this: Set<AbstractRange>, range: AbstractRange) {
      calls.push('add');
      return add.call(this, range);
    };
    cleanup.push(() => void (Fake.prototype.add = add));
    const words = ['Alpha', 'beta', 'gamma', 'delta', 'Epsilon', 'zeta'];
    tint.show(words.map((word) => ({ id: word, range: rangeOver(word) })));
    expect(calls).toEqual([]);
    expect(tinted(registry).map((r) => r.toString())).toEqual(words);
    const moved = words.slice(1).map((word) => ({ id: word, range: rangeOver(word) }));
    tint.show(moved);
    expect(calls).toEqual([]);
    expect(tinted(registry).map((r) => r.toString())).toEqual(words.slice(1));
    tint.setActive('zeta');
    expect(tinted(registry, ACTIVE_HIGHLIGHT).map((r) => r.toString())).toEqual(['zeta']);
  });

  it("removes only its own entries, and takes a page's replacement of its entry as the page's", () => {
    loadIntoDocument('<p>Alpha beta gamma delta.</p>');
    const { registry, uninstall } = installHighlights();
    cleanup.push(uninstall);
    const tint = new Tint(highlightApi(document));
    tint.show([{ id: 'a', range: rangeOver('beta') }]);
    const pageOwn = new (window as unknown as { Highlight: new () => never }).Highlight();
    registry.set(ACTIVE_HIGHLIGHT, pageOwn);
    tint.remove();
    expect([...registry.keys()]).toEqual([ACTIVE_HIGHLIGHT]);
    expect(registry.get(ACTIVE_HIGHLIGHT)).toBe(pageOwn);
  });
});

/** Shadow roots that adopt sheets as browsers do (jsdom's have no list), counting each access; undone after the test. */
function adoptingRoots(): { lists: WeakMap<ShadowRoot, readonly CSSStyleSheet[]>; counts: { reads: number; writes: number } } {
  const lists = new WeakMap<ShadowRoot, readonly CSSStyleSheet[]>();
  const counts = { reads: 0, writes: 0 };
  Object.defineProperty(ShadowRoot.prototype, 'adoptedStyleSheets', {
    get(this: ShadowRoot) {
      counts.reads++;
      return [...(lists.get(this) ?? [])];
    },
    set(this: ShadowRoot, list: readonly CSSStyleSheet[]) {
      counts.writes++;
      lists.set(this, [...list]);
    },
    configurable: true,
  });
  cleanup.push(() => void delete (ShadowRoot.prototype as { adoptedStyleSheets?: unknown }).adoptedStyleSheets);
  return { lists, counts };
}

describe('the markers layer', () => {
  const events = { hover: () => undefined, activate: () => undefined, focus: () => undefined, blur: () => undefined };

  function boxesFor(ranges: Record<string, Range>): Map<string, MarkerBoxes> {
    return new Map(Object.entries(ranges).map(([id, range]) => {
      const lines = lineBoxes(range);
      return [id, { last: lines[lines.length - 1] ?? null, lines }];
    }));
  }

  it("is one host after the page's body, with a marker right after each claim's last character, in tab order", () => {
    loadIntoDocument('<p>Alpha beta gamma delta.</p><p>Epsilon <a href="/x">zeta</a> eta.</p>');
    const layout = installLayout();
    cleanup.push(() => layout.uninstall());
    const before = document.body.outerHTML;
    const layer = new MarkerLayer(document, events, false, new AbortController().signal);
    cleanup.push(() => layer.remove());
    layer.show([{ id: 'a', label: 'Context notes: A' }, { id: 'b', label: 'Context notes: B' }]);
    const origin = layer.origin()!;
    const ranges = { a: rangeOver('Alpha beta'), b: rangeOver('Epsilon zeta') };
    layer.place(origin, boxesFor(ranges));
    expect(document.body.outerHTML).toBe(before);
    expect(layer.host!.parentNode).toBe(document.documentElement);
    expect(document.documentElement.lastElementChild).toBe(layer.host);
    const buttons = [...shadowOf(layer.host!).querySelectorAll('button')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(['Context notes: A', 'Context notes: B']);
    for (const [i, range] of Object.values(ranges).entries()) {
      const last = lineBoxes(range).at(-1)!;
      expect(markerPosition(buttons[i]!)?.left).toBe(Math.round(last.right + 1));
      expect(buttons[i]!.hidden).toBe(false);
    }
  });

  it('places the markers where shadow roots refuse constructed sheets too (older Firefox content scripts, bug 1770592)', () => {
    loadIntoDocument('<p>Alpha beta gamma delta.</p>');
    const layout = installLayout();
    cleanup.push(() => layout.uninstall());
    const refused = Object.getOwnPropertyDescriptor(ShadowRoot.prototype, 'adoptedStyleSheets');
    Object.defineProperty(ShadowRoot.prototype, 'adoptedStyleSheets', { get: () => [], set: () => undefined, configurable: true });
    try {
      const layer = new MarkerLayer(document, events, false, new AbortController().signal);
      cleanup.push(() => layer.remove());
      layer.show([{ id: 'a', label: 'A' }]);
      layer.place(layer.origin()!, boxesFor({ a: rangeOver('gamma') }));
      const root = shadowOf(layer.host!);
      expect(root.querySelectorAll('style').length).toBe(2);
      const button = root.querySelector('button')!;
      expect(markerPosition(button)?.left).toBe(Math.round(lineBoxes(rangeOver('gamma')).at(-1)!.right + 1));
      expect(button.hidden).toBe(false);
    } finally {
      if (refused) Object.defineProperty(ShadowRoot.prototype, 'adoptedStyleSheets', refused);
      else delete (ShadowRoot.prototype as { adoptedStyleSheets?: unknown }).adoptedStyleSheets;
    }
  });

  it("adopts its styles and its positions' sheet in one write to the root's list, read back once (each a costly call in a Firefox content script)", () => {
    loadIntoDocument('<p>Alpha beta gamma delta.</p>');
    const layout = installLayout();
    cleanup.push(() => layout.uninstall());
    const { lists, counts } = adoptingRoots();
    const layer = new MarkerLayer(document, events, false, new AbortController().signal);
    cleanup.push(() => layer.remove());
    layer.show([{ id: 'a', label: 'A' }]);
    layer.place(layer.origin()!, boxesFor({ a: rangeOver('gamma') }));
    expect(counts).toEqual({ reads: 1, writes: 1 });
    const root = shadowOf(layer.host!);
    expect(root.querySelectorAll('style').length).toBe(0);
    const adopted = lists.get(root)!;
    expect(adopted.length).toBe(2);
    expect([...adopted[0]!.cssRules].some((rule) => rule.cssText.startsWith('button'))).toBe(true);
    expect(markerPosition(root.querySelector('button')!)?.left).toBe(Math.round(lineBoxes(rangeOver('gamma')).at(-1)!.right + 1));
  });

  it('builds the icon of any number of markers with three SVG elements, the disc and the "i" as two paths (each element and attribute a costly call in a Firefox content script)', () => {
    loadIntoDocument('<p>Alpha beta gamma delta.</p>');
    const made: string[] = [];
    const createElementNS = document.createElementNS;
    document.createElementNS = function (this: Document, ns: string | null, name: string) {
      made.push(name);
      return createElementNS.call(this, ns, name);
    } as typeof document.createElementNS;
    cleanup.push(() => void (document.createElementNS = createElementNS));
    const layer = new MarkerLayer(document, events, false, new AbortController().signal);
    cleanup.push(() => layer.remove());
    layer.show(Array.from({ length: 14 }, (_, i) => ({ id: `c${i}`, label: `C${i}` })));
    expect(made).toEqual(['svg', 'path', 'path']);
    const icons = [...shadowOf(layer.host!).querySelectorAll('button > svg')];
    expect(icons.length).toBe(14);
    for (const icon of icons) {
      expect(icon.getAttribute('aria-hidden')).toBe('true');
      expect(icon.getAttribute('viewBox')).toBe('0 0 16 16');
      expect([...icon.children].map((shape) => shape.getAttribute('fill') ?? shape.getAttribute('class'))).toEqual(['currentColor', 'dot']);
    }
  });

  it.each([
    { sheets: 'its own sheet of positions', adopting: true },
    { sheets: 'inline positions (no sheet adopted)', adopting: false },
  ])('puts its markers into its root in one call, in tab order, and places each, also after markers come and go: $sheets', ({ adopting }) => {
    loadIntoDocument('<p>Alpha beta gamma delta.</p><p>Epsilon zeta eta.</p>');
    const layout = installLayout();
    cleanup.push(() => layout.uninstall());
    if (adopting) adoptingRoots();
    const layer = new MarkerLayer(document, events, false, new AbortController().signal);
    cleanup.push(() => layer.remove());
    const appends: number[] = [];
    const append = DocumentFragment.prototype.append;
    DocumentFragment.prototype.append = function (this: DocumentFragment, ...nodes: (Node | string)[]) {
      const buttons = nodes.filter((node) => node instanceof HTMLButtonElement).length;
      if (buttons > 0) appends.push(buttons);
      return append.apply(this, nodes);
    };
    cleanup.push(() => void (DocumentFragment.prototype.append = append));
    const words = ['Alpha', 'beta', 'gamma', 'delta', 'Epsilon', 'zeta', 'eta'];
    layer.show(words.map((w) => ({ id: w, label: w })));
    expect(appends).toEqual([words.length]);
    const placedAt = (ids: string[]): void => {
      layer.place(layer.origin()!, boxesFor(Object.fromEntries(ids.map((w) => [w, rangeOver(w)]))));
      const buttons = [...shadowOf(layer.host!).querySelectorAll('button')];
      expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(ids);
      expect(buttons.some((button) => button.style.left !== '')).toBe(!adopting);
      for (const [i, button] of buttons.entries()) {
        expect(markerPosition(button)?.left, ids[i]).toBe(Math.round(lineBoxes(rangeOver(ids[i]!)).at(-1)!.right + 1));
      }
    };
    placedAt(words);
    const fewer = ['beta', 'delta', 'eta', 'Alpha'];
    layer.show(fewer.map((w) => ({ id: w, label: w })));
    placedAt(fewer);
  });

  it('hides the marker of a claim with no box (scrolled into a hidden part), and draws underlines without the highlight API', () => {
    loadIntoDocument('<p>Alpha beta gamma delta.</p>');
    const layout = installLayout();
    cleanup.push(() => layout.uninstall());
    const layer = new MarkerLayer(document, events, true, new AbortController().signal);
    cleanup.push(() => layer.remove());
    layer.show([{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }]);
    layer.place(layer.origin()!, new Map([['a', { last: null, lines: [] }], ...boxesFor({ b: rangeOver('gamma') })]));
    const root = shadowOf(layer.host!);
    expect([...root.querySelectorAll('button')].map((b) => b.hidden)).toEqual([true, false]);
    const lines = [...root.querySelectorAll('.line')] as HTMLElement[];
    expect(lines).toHaveLength(1);
    expect(parseFloat(lines[0]!.style.width)).toBe(lineBoxes(rangeOver('gamma'))[0]!.right - lineBoxes(rangeOver('gamma'))[0]!.left);
  });

  it('is put back where it was when the page moved it, and leaves nothing behind on remove()', () => {
    loadIntoDocument('<p>Alpha beta.</p>');
    const before = document.documentElement.outerHTML;
    const layer = new MarkerLayer(document, events, false, new AbortController().signal);
    layer.show([{ id: 'a', label: 'A' }]);
    document.body.append(layer.host!);
    expect(layer.attach()).toBe(true);
    expect(layer.host!.parentNode).toBe(document.documentElement);
    layer.remove();
    expect(document.documentElement.outerHTML).toBe(before);
  });
});
