// Run by the background in a page the moment the browser reports it loading
// (scripting.executeScript({ injectImmediately: true })), so detection can start at
// DOMContentLoaded instead of waiting for every image and ad to finish (the load event).
// Only its source reaches the page: it uses nothing from outside its own body.

/** How `whenParsed` found the document: still being parsed (it waited), parsed, or fully loaded. */
export type ParseState = 'loading' | 'interactive' | 'complete';

/**
 * Resolves once the document is parsed (DOMContentLoaded, or at once when it already is) with the
 * state it found the document in. A 'complete' document may be the one the tab is leaving:
 * Firefox reports the start of a load before the new document exists.
 */
export function whenParsed(): ParseState | Promise<ParseState> {
  const state = document.readyState;
  if (state !== 'loading') return state;
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve('loading'), { once: true }));
}
