import type { Browser } from 'webextension-polyfill';

/**
 * The extension API without the polyfill, for content scripts where every byte is
 * injected into every page: Firefox's `browser` and Chrome's MV3 `chrome` both return
 * promises for the calls made through this (sendMessage, storage get/set).
 */
export const ext: Browser =
  (globalThis as { browser?: Browser }).browser ?? (globalThis as unknown as { chrome: Browser }).chrome;
