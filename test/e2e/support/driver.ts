// What a test needs from a browser running Kontekst, the same for Chromium and Firefox, so
// every scenario is written once and run in both (scenarios.ts).
import type { Browser } from 'webextension-polyfill';
import type { FixtureServer } from './server';

export type BrowserName = 'chromium' | 'firefox';

/** One request the browser made, as its own instrumentation reported it. */
export interface BrowserRequest {
  url: string;
  /**
   * Who asked: a tab, the extension's background (service worker / event page), the browser
   * itself (no initiating origin: updater, account checks), or 'network' for the fixture
   * server's log of everything that reached it (in both browsers every host name leads there).
   */
  origin: 'page' | 'background' | 'browser' | 'network';
}

/** Something written to an error console of the browser: page, content script, background or popup. */
export interface ConsoleError {
  source: string;
  text: string;
}

/** One browser tab. */
export interface Tab {
  /** The address the tab shows now. */
  url(): string;
  /** Runs `fn` in the page's own (main) world and returns its result. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Runs a classic script's source in the page's main world, past the page's CSP (as DevTools does). */
  addScript(source: string): Promise<void>;
  /**
   * How many nodes of the accessibility tree have `role` and exactly `name`, closed shadow
   * roots included (read through the browser's protocol, as assistive technology sees them).
   */
  countAccessible(role: string, name: string): Promise<number>;
  /** Clicks the node of the accessibility tree with `role` and exactly `name` (light DOM). */
  clickAccessible(role: string, name: string): Promise<void>;
  /** Moves the mouse to a point in CSS pixels of the viewport. */
  mouseMove(x: number, y: number): Promise<void>;
  /** Presses and releases a key (names as in KeyboardEvent.key, e.g. Tab, Escape). */
  press(key: string): Promise<void>;
  /** Loads the tab's address again, as the reader's reload button does, and waits for the load event (or DOMContentLoaded). */
  reload(until?: 'load' | 'domcontentloaded'): Promise<void>;
  /** Loads `url` in the tab as the reader typing it would (no referring page) and waits for the load event. */
  goto(url: string): Promise<void>;
  /** Makes the tab the active one of its window. */
  bringToFront(): Promise<void>;
  /**
   * Gives every `kontekst-*` host (nested ones too) an own `shadowRoot` property holding its
   * closed root, in the main world only, so an auditor (axe) can walk the UI; returns the
   * function that removes those properties again. The UI itself is not asked to change.
   */
  revealClosedShadowRoots(): Promise<() => Promise<void>>;
  /** The tab's id in the extension APIs (tabs.*). */
  tabId(): Promise<number>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

/** A browser with Kontekst installed. */
export interface ExtensionBrowser {
  name: BrowserName;
  server: FixtureServer;
  /** Opens a new tab at `url` and waits for its load event (or only for DOMContentLoaded: a page that never finishes loading). */
  open(url: string, until?: 'load' | 'domcontentloaded'): Promise<Tab>;
  /** Opens the toolbar popup as a tab acting on `target` (popup.html?tab=ID). */
  openPopup(target: Tab): Promise<Tab>;
  /** Runs `fn` in an extension page (the popup document) with the extension API (`browser`/`chrome`). */
  extensionEval<R, A = undefined>(fn: (api: Browser, arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Every request the browser reported so far. */
  requests(): BrowserRequest[];
  /** Every error the extension's consoles (and the pages') reported so far. */
  consoleErrors(): ConsoleError[];
  close(): Promise<void>;
}

/**
 * The source of an expression that calls `fn` with the extension API and `arg` inside an
 * extension page. Built as text so the page's CSP (no eval) does not apply: the protocol's
 * own evaluate runs it.
 */
export function extensionExpression<R, A>(fn: (api: Browser, arg: A) => R | Promise<R>, arg: A): string {
  return `(${fn.toString()})(globalThis.browser ?? globalThis.chrome, ${JSON.stringify(arg ?? null)})`;
}
