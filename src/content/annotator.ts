// The annotator on a recognised page: runs one session (src/content/session.ts) for the article
// the background hands it (src/injected/annotator-start.ts), follows the background's requests,
// and takes it all away again. It touches the extension API only for the background's requests
// (in Firefox once the reader leaves the page) and for reports after the page changed: in Firefox
// its first use builds the API in the page, milliseconds of the page's main thread.
import { formatDate, stringsTranslator } from '../shared/i18n';
import { type AnchoredReport, type ArticleStart, INJECTIONS, type TabRequests, readTabRequest } from '../shared/tab-messages';
import type { Annotator } from './bridge';
import { removeLeftovers } from './leftovers';
import { highlightApi } from './marks';
import { type AnnotatorOptions, type MessageListener, Session, send } from './session';

/** Creates the page's annotator; the background's `start()` marks the page. */
export function createAnnotator(options: AnnotatorOptions): Annotator {
  const doc = options.doc ?? document;
  const api = options.api;
  let running: { key: string; controller: AbortController; session: Session } | null = null;

  const stop = (): boolean => {
    if (!running) return false;
    running.controller.abort();
    running = null;
    return true;
  };

  // Chrome keeps a content script running when its extension is reloaded, updated or removed
  // under the page: orphaned, its runtime has no id and every extension call throws "Extension
  // context invalidated". The new extension's annotator takes the page over (leftovers.ts); the
  // orphan asks before it touches the page again (the session calls this), and once orphaned it
  // tears itself down and puts nothing back. Firefox unloads a content script with its
  // extension, and there the API's first use builds it in the page (isFirefox): it is not asked.
  const orphaned = (): boolean => {
    if (isFirefox()) return false;
    let id: string | undefined;
    try {
      id = api().runtime.id;
    } catch {
      return true;
    }
    if (id !== undefined) return false;
    // No one is left to tell that the marks are gone.
    stop();
    return true;
  };

  const run = (start: ArticleStart, key: string, styled: boolean): AnchoredReport => {
    // What an annotator before this one left (its extension reloaded or updated under the page).
    // The page's highlight API, looked up once for both: in a Firefox content script each of its
    // five property reads goes through an Xray wrapper (~0.5 ms a load in the bench's Gecko profile).
    const highlights = highlightApi(doc);
    removeLeftovers(doc, highlights?.registry ?? null);
    const controller = new AbortController();
    const signal = controller.signal;
    const t = stringsTranslator(start.strings);
    // On a copy, one line in the card says whose article the page carries.
    const { article: shown, language: lang } = start;
    // Written when a card first shows it: the first date formatted in a page makes the browser load its
    // locale's date data (in Chromium about 40 ms on the copy's start, measured by a CPU profile).
    const copy = start.copy === true ? (): string => t('copySource', shown.headline, shown.publisher, formatDate(shown.published, lang)) : null;
    const session = new Session(doc, api, t, start.article, start.folded, start.language, start.pack, options, signal, copy, orphaned, highlights);
    running = { key, controller, session };
    const report = session.start(styled);
    listenLater(signal);
    return report;
  };

  // The background's requests come by message: take the marks away when the reader withdrew
  // Kontekst's access to the site (scripting may no longer run there), or open a claim's card
  // where scripting could not. Adding the listener is the page's first use of the extension API.
  const listenLater = (signal: AbortSignal): void => {
    const listen = (): void => {
      if (signal.aborted) return;
      const runtime = api().runtime;
      const listener: MessageListener = (message, sender, sendResponse) => {
        const request = readTabRequest(message, ['background:show-claim', 'background:clear'] as const);
        if (!request || (runtime.id !== undefined && sender.id !== runtime.id)) return undefined;
        if (request.type === 'background:clear') {
          sendResponse(true);
          clear();
          return true;
        }
        const { claimId } = request.payload as TabRequests['background:show-claim']['payload'];
        sendResponse(running?.session.showClaim(claimId) ?? false);
        return true;
      };
      runtime.onMessage.addListener(listener);
      signal.addEventListener('abort', () => {
        // An orphan's runtime (see `orphaned`) may throw: its teardown goes on.
        try {
          runtime.onMessage.removeListener(listener);
        } catch {
          // nothing left to remove it from
        }
      }, { once: true });
    };
    const view = doc.defaultView;
    // In Firefox, on a page the reader is looking at (shown and focused), once they leave it;
    // at once anywhere else (a background tab's idle callbacks can wait a second, and a reader
    // withdrawing access meanwhile would leave the marks in place).
    if (view && isFirefox() && view.document.visibilityState === 'visible' && view.document.hasFocus()) listenOnLeaving(view, signal, listen);
    else listen();
  };

  const clear = (): void => {
    if (stop()) void send(api(), 'content:cleared', {});
  };

  return {
    start(json, styled = false) {
      // The same article again (the background recognised a page that grew): the running
      // session already follows the page; it only tells the background what it has marked. The
      // text is the one checked when the session started, so it is not parsed and checked again.
      if (running && running.key === json) return running.session.statuses();
      let given: unknown = null;
      try {
        given = JSON.parse(json);
      } catch {
        return null;
      }
      if (!INJECTIONS['annotator:start'].payload(given)) return null;
      stop();
      return run(given, json, styled);
    },
    answered() {
      running?.session.answered();
    },
    showClaim(claimId) {
      return running?.session.showClaim(claimId) ?? false;
    },
    clear,
  };
}

/**
 * Firefox: a content script's first use of `browser` builds the extension API in the page
 * (Schemas.sys.mjs; ~9 ms a load in the bench's profile, under 1 ms in Chrome). Told by a helper
 * Firefox gives every content script's global and Chrome does not (exportFunction,
 * https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/Sharing_objects_with_page_scripts):
 * the page's navigator.userAgent went through two Xray wrappers, about 0.8 ms a load in Firefox's profile.
 */
function isFirefox(): boolean {
  return typeof (globalThis as { exportFunction?: unknown }).exportFunction === 'function';
}

/**
 * Firefox quirk (isFirefox): the listener waits until the reader leaves the page, its window or
 * its tab. A reader withdraws Kontekst's access from about:addons (another tab) or the
 * extensions panel (which takes the focus), never from within the page; the popup opens a
 * claim's card through scripting (popup:show-claim).
 */
function listenOnLeaving(view: Window, signal: AbortSignal, listen: () => void): void {
  const leaving = new AbortController();
  const once = (): void => {
    leaving.abort();
    listen();
  };
  const options = { signal: AbortSignal.any([signal, leaving.signal]) };
  view.addEventListener('blur', once, options);
  view.addEventListener('pagehide', once, options);
  view.document.addEventListener('visibilitychange', () => view.document.visibilityState === 'hidden' && once(), options);
}
