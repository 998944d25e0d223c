// The background as build.mjs ships it, started in a sandbox whose extension API answers every
// call. Firefox's build uses Firefox's own `browser` (src/background/firefox-browser.ts): a Firefox
// event page that wakes for a page does not build the `chrome` namespace as well, which
// webextension-polyfill's check of chrome.runtime.id did. Chrome's build keeps the polyfill.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/seed';

/** An extension API where every property is another such API and every call resolves to undefined. */
function anyApi(): unknown {
  return new Proxy(function api() {}, {
    get: (_target, key) => (key === 'then' || typeof key === 'symbol' ? undefined : key === 'id' ? 'kontekst@test' : anyApi()),
    apply: () => Promise.resolve(undefined),
  });
}

/** Runs a built background.js at its top level; returns how often it read `chrome`. */
function chromeReads(target: 'chrome' | 'firefox'): number {
  let reads = 0;
  const sandbox: Record<string, unknown> = { browser: anyApi(), fetch: () => new Promise(() => undefined), setTimeout, clearTimeout, TextEncoder, TextDecoder, URL, URLSearchParams, atob, btoa, queueMicrotask, structuredClone };
  Object.defineProperty(sandbox, 'chrome', {
    get() {
      reads++;
      return anyApi();
    },
  });
  sandbox.globalThis = sandbox;
  sandbox.self = sandbox;
  vm.runInNewContext(readFileSync(join(ROOT, 'dist', target, 'background.js'), 'utf8'), sandbox);
  return reads;
}

describe('the built background as it starts', () => {
  it.each([
    { target: 'firefox' as const, reads: false, why: "Firefox's own browser: no chrome namespace built as the event page wakes" },
    { target: 'chrome' as const, reads: true, why: 'webextension-polyfill checks chrome.runtime.id before it adapts the API' },
  ])('$target reads chrome: $reads ($why)', ({ target, reads }) => {
    expect(chromeReads(target) > 0).toBe(reads);
  });
});
