import type { Browser } from 'webextension-polyfill';

/**
 * The extension API without the polyfill, for Kontekst's own pages (popup, options, welcome):
 * Firefox's `browser` and Chrome's MV3 `chrome` both return promises for the calls made through
 * this (sendMessage, storage get/set). The annotator looks it up only when it first needs it
 * (src/content/annotate.ts): in a Firefox page, that first look builds the whole API.
 */
export const ext: Browser =
  (globalThis as { browser?: Browser }).browser ?? (globalThis as unknown as { chrome: Browser }).chrome;
