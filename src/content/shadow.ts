// Kontekst's own elements: custom-element names of our own with a closed shadow root, so the
// page's scripts cannot reach inside and its styles cannot restyle them. They carry no
// light-DOM children, so the page's textContent stays exactly as it was.

/** Local names of every element Kontekst adds to a page. */
export const OWN_TAGS = ['kontekst-markers', 'kontekst-card'] as const;
export type OwnTag = (typeof OWN_TAGS)[number];

/** Whether `node` is one of Kontekst's own elements (a name of OWN_TAGS, or one with our suffix: see createShadowHost). */
export function isOwnElement(node: Node | null): boolean {
  if (node === null || node.nodeType !== 1) return false;
  const name = (node as Element).localName;
  return OWN_TAGS.some((tag) => name === tag || name.startsWith(`${tag}-`));
}

/** A host element with a closed shadow root. */
export interface ShadowHost {
  host: HTMLElement;
  root: ShadowRoot;
}

const sheets = new WeakMap<Document, Map<string, CSSStyleSheet>>();

/** Adds a new, empty constructed sheet to `root`'s adopted sheets (filled once adopted); null where the root does not take it. */
function adoptNew(root: ShadowRoot): CSSStyleSheet | null {
  const doc = root.ownerDocument;
  let sheet: CSSStyleSheet | null = null;
  try {
    const View = doc.defaultView as (Window & { CSSStyleSheet: typeof CSSStyleSheet }) | null;
    if (View) {
      const made = new View.CSSStyleSheet();
      const before = root.adoptedStyleSheets.length;
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, made];
      if (root.adoptedStyleSheets.length === before + 1) sheet = made;
    }
  } catch {
    sheet = null;
  }
  return sheet;
}

// A constructed sheet is parsed once and shared by every root, and a page's CSP `style-src`
// does not apply to it. Firefox content scripts could not adopt sheets through Xray wrappers
// (https://bugzilla.mozilla.org/show_bug.cgi?id=1770592; Firefox ESR 153 does), so a <style>
// inside the shadow root is the fallback; nodes created by an extension's content script are
// exempt from the page's CSP.
function adopt(root: ShadowRoot, css: string): void {
  const doc = root.ownerDocument;
  let perDoc = sheets.get(doc);
  if (!perDoc) sheets.set(doc, (perDoc = new Map()));
  const shared = perDoc.get(css);
  if (shared) {
    try {
      root.adoptedStyleSheets = [shared];
      if (root.adoptedStyleSheets.length === 1) return;
    } catch {
      // fall through to a <style> element
    }
  } else {
    const sheet = adoptNew(root);
    if (sheet) {
      try {
        sheet.replaceSync(css);
        perDoc.set(css, sheet);
        return;
      } catch {
        root.adoptedStyleSheets = [];
      }
    }
  }
  const style = doc.createElement('style');
  style.textContent = css;
  root.append(style);
}

/** Creates `<tag>` with a closed shadow root styled by `css` (not yet in the document). */
export function createShadowHost(doc: Document, tag: OwnTag, css: string, delegatesFocus = false): ShadowHost {
  let host = doc.createElement(tag);
  let root: ShadowRoot;
  try {
    root = host.attachShadow({ mode: 'closed', delegatesFocus });
  } catch {
    // The page defined this name itself (customElements.define runs its constructor on our
    // element, which may take the shadow root first or refuse one): use a name it cannot have
    // defined in advance, still kontekst-*.
    host = doc.createElement(`${tag}-${Math.random().toString(36).slice(2, 10)}`);
    root = host.attachShadow({ mode: 'closed', delegatesFocus });
  }
  adopt(root, css);
  return { host, root };
}

/**
 * A style sheet of `root`'s own whose one rule is written through the CSSOM (insertRule): a
 * constructed sheet where the root can adopt one, else an empty <style> (Firefox content scripts,
 * see `adopt`). Null where neither gives a sheet (jsdom gives none inside a shadow root).
 * Written through the CSSOM, the rule is no inline style, so a page's CSP has no say.
 */
export function ownRuleSheet(root: ShadowRoot): () => CSSStyleSheet | null {
  const sheet = adoptNew(root);
  if (sheet) return () => sheet;
  const style = root.ownerDocument.createElement('style');
  root.append(style);
  // A <style> has its sheet only while connected, and a new one each time it is connected again.
  return () => style.sheet;
}
