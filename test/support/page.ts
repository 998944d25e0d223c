// Loads an HTML page into the test's global jsdom document (the one whose window the code
// under test uses for its observers and timers), and reaches into closed shadow roots.
import { readFileSync } from 'node:fs';
import type { PublicArticle } from '../../src/core/dataset/model';
import { publicArticle } from '../../src/core/dataset/model';
import { seedArticle } from './seed';

/** A function the background runs in a page, as the page receives it: rebuilt from its source, with only the page's globals in reach. */
export function fromSource<F extends (...args: never[]) => unknown>(fn: F): F {
  return new Function(`return (${fn.toString()});`)() as F;
}

/** Replaces the global document's content with `html` (no scripts run). */
export function loadIntoDocument(html: string): void {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.replaceChild(document.importNode(parsed.documentElement, true), document.documentElement);
}

/** Loads a page file into the global document. */
export function loadPageFile(path: string): void {
  loadIntoDocument(readFileSync(path, 'utf8'));
}

/** The seed article as the background ships it. */
export function seedPublicArticle(): PublicArticle {
  return publicArticle(seedArticle());
}

const roots = new WeakMap<Element, ShadowRoot>();
let original: typeof Element.prototype.attachShadow | null = null;

/** Records every shadow root attached from now on, closed ones too (as devtools can show them). */
export function captureShadowRoots(): void {
  if (original) return;
  original = Element.prototype.attachShadow;
  const attach = original;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit): ShadowRoot {
    const root = attach.call(this, init);
    roots.set(this, root);
    return root;
  };
}

/** The shadow root attached to `host`, if it was captured. */
export function shadowOf(host: Element): ShadowRoot {
  const root = roots.get(host);
  if (!root) throw new Error(`no captured shadow root on <${host.localName}>`);
  return root;
}
