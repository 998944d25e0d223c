// Firefox quirk: a scripting call (executeScript, insertCSS, removeCSS) whose document the tab
// leaves while the call is under way may never settle (seen in Firefox ESR 153: the stylesheet
// going into an article just as the reader followed a link; Chrome rejects such a call, "Frame
// with ID 0 was removed"). Detection waits for its calls one detection at a time per tab, and the
// stylesheet one change at a time per frame, so one such call held up every later detection of
// the tab: the next article got its marks only when Firefox unloaded the idle background and its
// load event came (4 of 176 loads without marks in the time-to-marks bench). A call into a tab's
// page is therefore waited for until it settles or the tab shows a new document, whichever comes
// first, and at most PAGE_CALL_LIMIT_MS (for a document left without a report of the next one).

/** Far longer than any call into a page takes (a few ms; hundreds on a loaded machine). */
export const PAGE_CALL_LIMIT_MS = 5000;

/** The give-ups of the calls under way into each tab's current page. */
const underWay = new Map<number, Set<() => void>>();

/** Waits for `call` into the page in tab `tabId`; rejects once the tab has left that page, or after PAGE_CALL_LIMIT_MS, if the browser has not answered by then. */
export function inPage<T>(tabId: number, call: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let calls = underWay.get(tabId);
    if (!calls) underWay.set(tabId, (calls = new Set()));
    const waiting = calls;
    const settle = (): void => {
      clearTimeout(timer);
      waiting.delete(giveUp);
      if (waiting.size === 0 && underWay.get(tabId) === waiting) underWay.delete(tabId);
    };
    const giveUp = (): void => {
      settle();
      reject(new Error('no answer from the page: the tab left it'));
    };
    const timer = setTimeout(giveUp, PAGE_CALL_LIMIT_MS);
    waiting.add(giveUp);
    call.then(
      (value) => (settle(), resolve(value)),
      (error: unknown) => (settle(), reject(error)),
    );
  });
}

/** The tab shows a new document, or was closed: calls into the page it showed are waited for no longer. */
export function pageLeft(tabId: number): void {
  const calls = underWay.get(tabId);
  underWay.delete(tabId);
  for (const giveUp of calls ?? []) giveUp();
}
