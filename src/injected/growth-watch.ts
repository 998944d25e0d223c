// Functions the background runs in a page through scripting.executeScript({ func }). Only a
// function's source reaches the page, so each uses nothing from outside its own body: no
// imports, no module constants (test/unit/injected/injected.test.ts runs them from their source).

/** The part of the extension API the watcher calls (Firefox's `browser`, Chrome's `chrome`). */
interface MessagingApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
}

/**
 * Watches the page for a large arrival of text (a client-rendered article, the next story of an
 * endless page) and then asks the background to recognise the page again; once per document.
 */
export function watchForGrowth(textGrowth = 1500): void {
  // textGrowth: new text (characters) that makes a page worth recognising again; less on a page
  // that names a known article whose text has not arrived yet (a client-rendered article).
  // Quiet time before a burst of DOM changes is looked at.
  const settleMs = 600;
  // A busy page re-detects this many times at most, so it costs little.
  const maxRedetections = 20;
  const installed = Symbol.for('kontekst.growth-watch');
  const world = globalThis as { [installed]?: true };
  if (world[installed] || !document.documentElement) return;
  world[installed] = true;

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
    if (addedText < textGrowth) return;
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
  observer.observe(document.documentElement, { childList: true, subtree: true });
}

/**
 * Takes the page's marks and cards away when it is no longer an article Kontekst knows (or is off
 * there). `address`: the page that was judged; a document at another address by the time this
 * arrives (the reader went on to the next page, maybe an article) is left alone.
 */
export function clearAnnotator(address?: string): boolean {
  if (typeof address === 'string' && location.href !== address) return false;
  // The annotator registers itself under this key (src/content/bridge.ts).
  (globalThis as { [key: symbol]: { clear(): void } | undefined })[Symbol.for('kontekst.annotator')]?.clear();
  return true;
}
