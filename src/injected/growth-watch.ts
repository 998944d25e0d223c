// Functions the background runs in a page through scripting.executeScript({ func }). Only a
// function's source reaches the page, so each uses nothing from outside its own body: no
// imports, no module constants (test/unit/injected/injected.test.ts runs them from their source).

/**
 * Lowers what new text makes the page's growth watcher (left by readPageFacts) ask for another
 * look: on a page that names a known article whose text has not arrived yet (rendered by its own
 * script), a few sentences. Nothing in a document without the watcher (a new one: its own first
 * look leaves one).
 */
export function lowerGrowth(textGrowth: number): void {
  // The watcher's state, shared by name (readPageFacts' watch()).
  const state = (globalThis as { [key: symbol]: { growth: number } | undefined })[Symbol.for('kontekst.growth-watch')];
  if (state) state.growth = Math.min(state.growth, textGrowth);
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
