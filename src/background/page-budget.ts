// Caps on the work a page can make the background do. A page cannot message Kontekst, but it
// drives what Kontekst's own scripts in it report (growth, anchoring) and it can change its
// address at will (history.pushState), and each of those makes the background read the page.
// Unbounded, a page could use that to test address after address against the reader's data
// (the bundled dataset and the packs they added) or to keep the background busy. Counted per
// tab in a sliding window. The counts are kept in storage.session as well as in memory: Chrome
// stops an idle MV3 service worker (and a page can make it idle, or wait for it), and a worker
// that started afresh must not give the page a fresh window. storage.session outlives the
// worker, never reaches the disk, and is not readable by content scripts (Chrome's default
// access level, TRUSTED_CONTEXTS; Firefox 115+ has the same area).
// https://developer.chrome.com/docs/extensions/reference/api/storage#property-session
import browser from 'webextension-polyfill';
import { MAX_PAGE_REPORTS, PAGE_WINDOW_MS } from './page-caps';

function session(): browser.Storage.StorageArea | undefined {
  return (browser.storage as { session?: browser.Storage.StorageArea } | undefined)?.session;
}

/** Times read back from storage: finite numbers only (anything else stored there counts as nothing). */
function storedTimes(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((t): t is number => typeof t === 'number' && Number.isFinite(t)) : [];
}

/** Counts events per tab in a sliding window and says when one is over the cap; outlives a restart of the background. */
export class TabBudget {
  private readonly times = new Map<number, number[]>();
  /** Tabs whose counts from an earlier run of the background have been read. */
  private readonly loaded = new Set<number>();
  private readonly loading = new Map<number, Promise<void>>();

  constructor(
    /** Names the budget in storage.session (one key per tab: NAME:TAB). */
    private readonly name: string,
    private readonly max: number,
    private readonly windowMs: number = PAGE_WINDOW_MS,
  ) {}

  private key(tabId: number): string {
    return `${this.name}:${tabId}`;
  }

  /**
   * Null once the tab's count is in memory; else a promise that reads what an earlier run of
   * the background counted for it. `take` is synchronous, so callers wait for this first.
   */
  ready(tabId: number): Promise<void> | null {
    if (this.loaded.has(tabId)) return null;
    let loading = this.loading.get(tabId);
    if (!loading) {
      const key = this.key(tabId);
      loading = Promise.resolve(session()?.get(key))
        .then((stored) => storedTimes(stored?.[key]))
        .catch(() => [])
        .then((stored) => {
          // Events counted while the read was under way (a caller that did not wait) are kept.
          this.times.set(tabId, [...stored, ...(this.times.get(tabId) ?? [])].sort((a, b) => a - b));
          this.loaded.add(tabId);
          this.loading.delete(tabId);
        });
      this.loading.set(tabId, loading);
    }
    return loading;
  }

  /** Counts one event for the tab; false (and not counted) when the tab is over its cap. */
  take(tabId: number): boolean {
    const now = Date.now();
    const recent = (this.times.get(tabId) ?? []).filter((t) => now - t < this.windowMs && t <= now);
    const ok = recent.length < this.max;
    if (ok) recent.push(now);
    this.times.set(tabId, recent);
    if (ok) void Promise.resolve(session()?.set({ [this.key(tabId)]: recent })).catch(() => undefined);
    return ok;
  }

  /** Whether the tab is at its cap now (its next event would be refused); counts nothing. */
  full(tabId: number): boolean {
    const now = Date.now();
    return (this.times.get(tabId) ?? []).filter((t) => now - t < this.windowMs && t <= now).length >= this.max;
  }

  /** Milliseconds until the tab may have another event. */
  wait(tabId: number): number {
    const oldest = this.times.get(tabId)?.[0];
    return oldest === undefined ? 0 : Math.max(0, oldest + this.windowMs - Date.now());
  }

  /** Forgets a closed tab. */
  forget(tabId: number): void {
    this.times.delete(tabId);
    this.loaded.delete(tabId);
    void Promise.resolve(session()?.remove(this.key(tabId))).catch(() => undefined);
  }
}

/**
 * Messages Kontekst's scripts in a tab send (main.ts counts them); here so that detection can read
 * a tab's count from storage while it reads the page, before the annotator's first message waits
 * for it.
 */
export const reportBudget = new TabBudget('budget-reports', MAX_PAGE_REPORTS);
