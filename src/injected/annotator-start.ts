// Functions the background runs in a recognised page, after it injected the annotator
// (content/annotate.js), through scripting.executeScript({ func, args }): the page gets its
// article with the injection and answers through its result, so it need not touch the extension
// API. In Firefox a content script's first use of `browser` builds the whole API in the page
// (Schemas.sys.mjs), milliseconds of the page's main thread on every article (bench, "Cost on
// the article itself"). Import-free: only a function's source reaches the page.

/**
 * Starts (or refreshes) the page's annotator with the recognised article (JSON text); answers what
 * it anchored (null: no annotator). `styled`: Kontekst's stylesheet is in the page already, so its
 * markers need not wait for the background's answer (annotatorAnswered).
 */
export function startAnnotator(json: string, styled = false): unknown {
  // The annotator registers itself under this key (src/content/bridge.ts).
  const annotator = (globalThis as { [key: symbol]: { start(json: string, styled?: boolean): unknown } | undefined })[Symbol.for('kontekst.annotator')];
  return annotator ? annotator.start(json, styled === true) : null;
}

/**
 * The start sent beside the annotator's bundle, in the same moment (one wait for the page, not
 * two): starts the annotator when the bundle ran first and answers its report; else leaves the
 * start for the bundle to begin as it runs (src/content/bridge.ts, beginStashedStart) and answers
 * 'stashed'. Self-contained: the background sends it as a function.
 */
export function startOrStash(json: string, styled = false): unknown {
  const scope = globalThis as { [key: symbol]: unknown };
  const annotator = scope[Symbol.for('kontekst.annotator')] as { start(json: string, styled?: boolean): unknown } | undefined;
  if (annotator) return annotator.start(json, styled === true);
  scope[Symbol.for('kontekst.start')] = { json, styled: styled === true };
  return 'stashed';
}

/** Tells the annotator the background has taken its first report (and put in Kontekst's stylesheet): its markers may be built. */
export function annotatorAnswered(): boolean {
  const annotator = (globalThis as { [key: symbol]: { answered(): void } | undefined })[Symbol.for('kontekst.annotator')];
  annotator?.answered();
  return annotator !== undefined;
}

/** Opens a claim's card (the popup's list of notes); answers whether the claim is marked. */
export function showClaimInPage(claimId: string): boolean {
  const annotator = (globalThis as { [key: symbol]: { showClaim(id: string): boolean } | undefined })[Symbol.for('kontekst.annotator')];
  return annotator?.showClaim(claimId) === true;
}
