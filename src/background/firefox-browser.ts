import { extensionApi } from '../shared/ext';

// Firefox's build of the background takes this module for webextension-polyfill (build.mjs,
// `alias`). In Firefox the polyfill hands back the browser's own `browser`, whose calls already
// return promises, but only after reading `chrome.runtime.id`: in an event page that has just
// woken, that builds the `chrome` namespace's runtime as well, on the way to the page's first look.
// (Chrome's build keeps the polyfill: it adapts Chrome's callbacks and message replies.)

/** Firefox's own extension API. */
const browser = extensionApi();
export default browser;
