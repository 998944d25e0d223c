// Functions the background runs in a recognised page, after it injected the annotator
// (content/annotate.js), through scripting.executeScript({ func, args }): the page gets its
// article with the injection and answers through its result, so it need not touch the extension
// API. In Firefox a content script's first use of `browser` builds the whole API in the page
// (Schemas.sys.mjs), milliseconds of the page's main thread on every article (bench, "Cost on
// the article itself"). Import-free: only a function's source reaches the page.

/**
 * Starts (or refreshes) the page's annotator with the recognised article (JSON text); answers what
 * it anchored (null: no annotator). `styled`: Kontekst's stylesheet is in the page already, so its
 * markers need not wait for the background's answer (annotatorAnswered). `waitMs`: the bundle was
 * sent together with this start and may not have run yet; the start then waits in this world, up
 * to that long, for the annotator to register and take it (src/content/bridge.ts), so the page's
 * marks need not wait for one more round trip through the browser after the bundle has run.
 */
export function startAnnotator(json: string, styled = false, waitMs = 0): unknown {
  // The annotator registers itself under this key (src/content/bridge.ts), and takes a start left under the other.
  const world = globalThis as { [key: symbol]: unknown };
  const annotator = world[Symbol.for('kontekst.annotator')] as { start(json: string, styled?: boolean): unknown } | undefined;
  if (annotator) return annotator.start(json, styled === true);
  if (typeof waitMs !== 'number' || !(waitMs > 0)) return null;
  const parkedKey = Symbol.for('kontekst.parked-start');
  return new Promise((answer) => {
    const parked = { json, styled: styled === true, answer };
    world[parkedKey] = parked;
    // No annotator by then (its bundle failed): answered as in a page without one.
    setTimeout(() => {
      if (world[parkedKey] !== parked) return;
      delete world[parkedKey];
      answer(null);
    }, waitMs);
  });
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
