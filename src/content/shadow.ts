// Kontekst's own elements: custom-element names of our own with a closed shadow root, so the
// page's scripts cannot reach inside and its styles cannot restyle them. They carry no
// light-DOM children, so the page's textContent stays exactly as it was.

/** Local names of every element Kontekst adds to a page. */
export const OWN_TAGS = ['kontekst-marker', 'kontekst-card', 'kontekst-mark'] as const;
export type OwnTag = (typeof OWN_TAGS)[number];

/** Whether `node` is one of Kontekst's own elements. */
export function isOwnElement(node: Node | null): node is Element {
  return node !== null && node.nodeType === 1 && (OWN_TAGS as readonly string[]).includes((node as Element).localName);
}

/** A host element with a closed shadow root. */
export interface ShadowHost {
  host: HTMLElement;
  root: ShadowRoot;
}

const sheets = new WeakMap<Document, Map<string, CSSStyleSheet | null>>();

// A constructed sheet is parsed once and shared by every root, and a page's CSP `style-src`
// does not apply to it. Firefox content scripts cannot adopt sheets through Xray wrappers
// (https://bugzilla.mozilla.org/show_bug.cgi?id=1770592), so a <style> inside the shadow root
// is the fallback; nodes created by an extension's content script are exempt from the page's CSP.
function adopt(root: ShadowRoot, css: string): void {
  const doc = root.ownerDocument;
  let perDoc = sheets.get(doc);
  if (!perDoc) sheets.set(doc, (perDoc = new Map()));
  let sheet = perDoc.get(css);
  if (sheet === undefined) {
    try {
      const View = doc.defaultView as (Window & { CSSStyleSheet: typeof CSSStyleSheet }) | null;
      sheet = View ? new View.CSSStyleSheet() : null;
      sheet?.replaceSync(css);
    } catch {
      sheet = null;
    }
    perDoc.set(css, sheet);
  }
  if (sheet) {
    try {
      root.adoptedStyleSheets = [sheet];
      if (root.adoptedStyleSheets.length === 1) return;
    } catch {
      // fall through to a <style> element
    }
  }
  const style = doc.createElement('style');
  style.textContent = css;
  root.append(style);
}

/** Creates `<tag>` with a closed shadow root styled by `css` (not yet in the document). */
export function createShadowHost(doc: Document, tag: OwnTag, css: string, delegatesFocus = false): ShadowHost {
  const host = doc.createElement(tag);
  const root = host.attachShadow({ mode: 'closed', delegatesFocus });
  adopt(root, css);
  return { host, root };
}
