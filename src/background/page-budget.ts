// Caps on the work a page can make the background do. A page cannot message Kontekst, but it
// drives what Kontekst's own scripts in it report (growth, anchoring) and it can change its
// address at will (history.pushState), and each of those makes the background read the page.
// Unbounded, a page could use that to test address after address against the reader's data
// (the bundled dataset and the packs they added) or to keep the background busy. Counted per
// tab in a sliding window, in memory: a restarted service worker starts the count afresh.

/** The window the caps count in. */
export const PAGE_WINDOW_MS = 60_000;
/**
 * Detections a tab's page can start per window (page loads, address changes, growth reports).
 * A reader following links in a single-page site makes a few a minute; an endless page that
 * changes its address per story, one every few seconds at most.
 */
export const MAX_PAGE_DETECTIONS = 20;
/**
 * New documents loaded in a tab per window, counted apart from the above: a reader following
 * links from a front page (article, back, next article) loads a few pages a minute, a fast one
 * dozens; counted with address changes and growth, the 21st load of a minute got its marks a
 * minute late (the time-to-marks bench hit it in Firefox). A page that reloads itself or moves
 * to another address to test one text per document is held to one a second.
 */
export const MAX_PAGE_LOADS = 60;
/**
 * Messages Kontekst's scripts in one tab may send per window. The annotator sends two on a
 * page (its article, its anchoring) and one more per re-anchoring, which it bounds itself
 * (a few arrivals and marker restores); this leaves room for 20 detections' worth and more.
 */
export const MAX_PAGE_REPORTS = 120;

/** Counts events per tab in a sliding window and says when one is over the cap. */
export class TabBudget {
  private readonly times = new Map<number, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number = PAGE_WINDOW_MS,
  ) {}

  /** Counts one event for the tab; false (and not counted) when the tab is over its cap. */
  take(tabId: number): boolean {
    const now = Date.now();
    const recent = (this.times.get(tabId) ?? []).filter((t) => now - t < this.windowMs);
    const ok = recent.length < this.max;
    if (ok) recent.push(now);
    this.times.set(tabId, recent);
    return ok;
  }

  /** Milliseconds until the tab may have another event. */
  wait(tabId: number): number {
    const oldest = this.times.get(tabId)?.[0];
    return oldest === undefined ? 0 : Math.max(0, oldest + this.windowMs - Date.now());
  }

  /** Forgets a closed tab. */
  forget(tabId: number): void {
    this.times.delete(tabId);
  }
}
