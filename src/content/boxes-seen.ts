// Whether elements have a box, learnt without reading layout. An IntersectionObserver's first
// notification carries each target's bounding box as the browser computed it while rendering
// (https://w3c.github.io/IntersectionObserver/#update-intersection-observations-algo), so asking
// it makes no layout happen inside Kontekst's task. A read of boxes even just after a frame can:
// anything that arrives between the frame and the read (the background inserting Kontekst's
// stylesheet, say) makes the page's layout stale again (bench, "Cost on the article itself": on
// the 1 MB page one load in eight laid the page out in the read, 170 ms).

type ObserverWindow = Window & { IntersectionObserver?: typeof IntersectionObserver };

/**
 * Calls `done`, once, after the browser next renders, with those of `elements` that had a box
 * (width and height) then. False where there is no IntersectionObserver (nothing is called).
 */
export function boxesSeen(view: ObserverWindow, elements: readonly Element[], signal: AbortSignal, done: (seen: ReadonlySet<Element>) => void): boolean {
  const Observer = view.IntersectionObserver;
  if (typeof Observer !== 'function') return false;
  const observer = new Observer((entries) => {
    // The first notification holds every target observed before that rendering; a target the
    // page took out meanwhile may be missing from it, and counts as not seen.
    observer.disconnect();
    if (signal.aborted) return;
    const seen = new Set<Element>();
    for (const { target, boundingClientRect: box } of entries) if (box.width > 0 && box.height > 0) seen.add(target);
    done(seen);
  });
  for (const element of new Set(elements)) observer.observe(element);
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  return true;
}
