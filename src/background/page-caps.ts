// The caps on what a page can make the background do, per tab and window (stated in
// docs/security.md; counted by page-budget.ts). Kept apart from the counting so the tests that
// check the caps from outside the extension can read them without the extension APIs.

/** The window the caps count in. */
export const PAGE_WINDOW_MS = 60_000;
/**
 * Detections a tab's page can start per window (page loads, address changes, growth reports).
 * A reader following links in a single-page site makes a few a minute; an endless page that
 * changes its address per story, one every few seconds at most.
 */
export const MAX_PAGE_DETECTIONS = 20;
/**
 * New documents loaded in a tab per window, counted apart from the above: a reader following
 * links from a front page (article, back, next article) loads a few pages a minute, a fast one
 * dozens; counted with address changes and growth, the 21st load of a minute got its marks a
 * minute late (the time-to-marks bench hit it in Firefox). A page that reloads itself or moves
 * to another address to test one text per document is held to one a second.
 */
export const MAX_PAGE_LOADS = 60;
/**
 * Messages Kontekst's scripts in one tab may send per window. The annotator sends two on a
 * page (its article, its anchoring) and one more per re-anchoring, which it bounds itself
 * (a few arrivals and marker restores); this leaves room for 20 detections' worth and more.
 */
export const MAX_PAGE_REPORTS = 120;
