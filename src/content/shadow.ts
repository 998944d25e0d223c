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
  /**
   * With `ruleSheet`: a style sheet of the root's own whose one rule is written through the CSSOM
   * (insertRule), so it is no inline style and a page's CSP has no say. Null otherwise, or where
   * the root gives none (jsdom gives none inside a shadow root).
   */
  rules: () => CSSStyleSheet | null;
}

const sheets = new WeakMap<Document, Map<string, CSSStyleSheet>>();
const NO_SHEET = (): null => null;

/**
 * Adopts `sheets` as the fresh root's whole list in ONE write, checked by one read: in a Firefox
 * content script each access to adoptedStyleSheets goes through an Xray wrapper and copies the
 * list (bench "Cost on the article itself": a write and three reads per sheet, ~1 ms a load on
 * the 7 KiB article). False where the root does not take them.
 */
function adoptAll(root: ShadowRoot, list: CSSStyleSheet[]): boolean {
  // Where the root has no such property (jsdom), the write would only make one of our own.
  if (!('adoptedStyleSheets' in root)) return false;
  try {
    root.adoptedStyleSheets = list;
    if (root.adoptedStyleSheets.length === list.length) return true;
    root.adoptedStyleSheets = [];
  } catch {
    // fall back to <style> elements
  }
  return false;
}

// A constructed sheet is parsed once and shared by every root, and a page's CSP `style-src`
// does not apply to it. Firefox content scripts could not adopt sheets through Xray wrappers
// (https://bugzilla.mozilla.org/show_bug.cgi?id=1770592; Firefox ESR 153 does), so a <style>
// inside the shadow root is the fallback; nodes created by an extension's content script are
// exempt from the page's CSP. A new shared sheet is filled once adopted (not parsed for nothing).
function adopt(root: ShadowRoot, css: string, ruleSheet: boolean): () => CSSStyleSheet | null {
  const doc = root.ownerDocument;
  let perDoc = sheets.get(doc);
  if (!perDoc) sheets.set(doc, (perDoc = new Map()));
  const View = doc.defaultView as (Window & { CSSStyleSheet: typeof CSSStyleSheet }) | null;
  let made: { shared: CSSStyleSheet; fresh: boolean; rules: CSSStyleSheet | null } | null = null;
  try {
    const known = perDoc.get(css);
    if (View) made = { shared: known ?? new View.CSSStyleSheet(), fresh: !known, rules: ruleSheet ? new View.CSSStyleSheet() : null };
  } catch {
    made = null;
  }
  if (made && adoptAll(root, made.rules ? [made.shared, made.rules] : [made.shared])) {
    try {
      if (made.fresh) made.shared.replaceSync(css);
      perDoc.set(css, made.shared);
      const rules = made.rules;
      return rules ? () => rules : NO_SHEET;
    } catch {
      root.adoptedStyleSheets = [];
    }
  }
  const style = doc.createElement('style');
  style.textContent = css;
  root.append(style);
  if (!ruleSheet) return NO_SHEET;
  const own = doc.createElement('style');
  root.append(own);
  // A <style> has its sheet only while connected, and a new one each time it is connected again.
  return () => own.sheet;
}

/** Creates `<tag>` with a closed shadow root styled by `css` (not yet in the document); `ruleSheet`: with a sheet of its own for one rule (ShadowHost.rules). */
export function createShadowHost(doc: Document, tag: OwnTag, css: string, delegatesFocus = false, ruleSheet = false): ShadowHost {
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
  return { host, root, rules: adopt(root, css, ruleSheet) };
}
