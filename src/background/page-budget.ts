// Caps on the work a page can make the background do. A page cannot message Kontekst, but it
// drives what Kontekst's own scripts in it report (growth, anchoring) and it can change its
// address at will (history.pushState), and each of those makes the background read the page.
// Unbounded, a page could use that to test address after address against the reader's data
// (the bundled dataset and the packs they added) or to keep the background busy. Counted per
// tab in a sliding window, in memory: a restarted service worker starts the count afresh.
import { PAGE_WINDOW_MS } from './page-caps';

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
