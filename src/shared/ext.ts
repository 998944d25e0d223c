import type { Browser } from 'webextension-polyfill';

/**
 * The extension API without the polyfill: Firefox's `browser` and Chrome's MV3 `chrome` both
 * return promises for the calls made through it (sendMessage, storage get/set). The annotator
 * calls this only when it first needs the API (src/content/annotate.ts): in a Firefox page, that
 * first look builds the whole API.
 */
export function extensionApi(): Browser {
  return (globalThis as { browser?: Browser }).browser ?? (globalThis as unknown as { chrome: Browser }).chrome;
}

/** The same, looked up at once, for Kontekst's own pages (popup, options, welcome). Pure: a bundle that only calls extensionApi leaves it out. */
export const ext: Browser = /* @__PURE__ */ extensionApi();
