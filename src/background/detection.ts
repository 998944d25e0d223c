// Recognition, driven from here: no script of Kontekst's runs in a page before the background
// knows the page is worth it. A small function reads the page's links and text
// (scripting.executeScript) and, in the same injection, leaves a watcher for much new text; the annotator and its
// stylesheet go in only when that text carries the article (core/recognition/carried-text.ts):
// an address, canonical link or og:url naming a known article is not enough, so a page learns
// nothing from naming addresses. Detections a page can start are capped per tab (page-budget.ts).
import browser from 'webextension-polyfill';
import { type PageFacts, SIGNAL_WORD_LIMIT } from '../injected/read-page-facts';
import { markupText } from '../core/recognition/markup-text';
import { inFirefox, pageRead } from './page-reads';
import { carriesArticle } from '../core/recognition/carried-text';
import { recognize } from '../core/recognition/recognize';
import { type TabRequestName, envelope, isFirstLook, isPageFacts } from '../shared/messages';
import { isActiveOn } from '../shared/settings';
import { currentSettings, knownSettings } from './current-settings';
import { clearAnnotator, lowerGrowth } from '../injected/growth-watch';
import { datasetAddressIndex, datasetArticle, datasetIndex, prefetchIndex, prepareIndexLater } from './dataset';
import { TabBudget, reportBudget } from './page-budget';
import { MAX_PAGE_DETECTIONS, MAX_PAGE_LOADS } from './page-caps';
import { forgetAnnotator, forgetTab, getTab, hadAnnotator, lastDocument, rememberAnnotator, rememberDocument, setTab } from './tabs';
import { tabStatus } from './tab-status';
import { inPage, pageLeft } from './page-calls';
import { articleStart, handOver, injectAndStart, setBadge, styleNewDocument, styleTab } from './marked';

/** What detection did in a tab ('capped': the page started too many; it runs again when the window allows). */
export type DetectOutcome = 'off' | 'none' | 'annotate' | 'unreadable' | 'capped';

/** Kontekst works in the top frame of web pages only. */
const TOP_FRAME = 0;

const isWebPage = (url: string | undefined): url is string => url !== undefined && /^https?:/.test(url);

// Every injection after the page is parsed goes in at once (injectImmediately): by default the
// browser holds it until "document_idle", up to 200 ms after DOMContentLoaded while images load
// (https://developer.chrome.com/docs/extensions/reference/api/extensionTypes#type-RunAt), which
// was most of the time to marks.

/** The same on a page that names a known article but does not carry its text yet: about a sentence (MIN_CARRIED_CHARS). */
const NAMED_PAGE_GROWTH = 150;

/**
 * Reads the page's links and text in the tab and starts its growth watcher; null where the browser
 * refuses (a store page, an error page, a PDF). `kind` 'text': the text read in the page, whatever its size.
 */
async function probe(tabId: number, kind: 'facts' | 'text' = 'facts'): Promise<PageFacts | null> {
  const target = { tabId, frameIds: [TOP_FRAME] };
  try {
    const [first] = await inPage(tabId, browser.scripting.executeScript({ target, ...pageRead(kind, browser.runtime), injectImmediately: true }));
    const facts = isPageFacts(first?.result) ? first.result : null;
    return facts;
  } catch {
    return null;
  }
}

/**
 * The facts with the page's text: a small page sends its markup, whose text is read here, off the
 * page's main thread (markupText); markup holding SIGNAL_WORD_LIMIT words or more is read again in
 * the page, which chooses the main text of so long a text (rare on a page of under 500 elements).
 */
async function withText(tabId: number, facts: PageFacts): Promise<PageFacts | null> {
  if (facts.markup === undefined) return facts;
  const { markup, ...rest } = facts;
  const read = markupText(markup, SIGNAL_WORD_LIMIT);
  return read.full ? probe(tabId, 'text') : { ...rest, text: read.text };
}

/** Takes marks and the stylesheet away from a tab that had an annotator (a single-page site moved on, or Kontekst was turned off there). */
async function clearTab(tabId: number, url: string): Promise<void> {
  await setBadge(tabId, 0).catch(() => undefined);
  if (!(await hadAnnotator(tabId))) return;
  // Only the page that was judged: a slow detection must not clear the marks of the next page, already there.
  const [cleared] = await inPage(tabId, browser.scripting.executeScript({ target: { tabId, frameIds: [TOP_FRAME] }, func: clearAnnotator, args: [url], injectImmediately: true })).catch(() => []);
  if (cleared?.result !== false) await styleTab(tabId, TOP_FRAME, false);
  await forgetAnnotator(tabId);
}

/** Detects the page in a tab; `given`: its facts, read by the first look that found it parsed (else read now). */
async function detect(tabId: number, given?: PageFacts): Promise<DetectOutcome> {
  // The settings are read while the browser answers with the tab's address, not after.
  const [tab, settings] = await Promise.all([browser.tabs.get(tabId).catch(() => null), currentSettings()]);
  const url = tab?.url;
  if (!isWebPage(url)) return 'unreadable';
  const base = { url, frameId: TOP_FRAME, article: null, anchored: [] };
  if (!isActiveOn(settings, url)) {
    await setTab(tabId, { ...base, status: tabStatus(settings, url) });
    await clearTab(tabId, url);
    return 'off';
  }
  // The bundled dataset and the reader's added packs, recognised as one: by the address and the
  // page's links first, from the small address table; by the page's text only when they decide nothing.
  const [read, byAddress] = await Promise.all([given ?? probe(tabId), datasetAddressIndex()]);
  const facts = read && (await withText(tabId, read));
  if (!facts) return 'unreadable';
  // The address the browser reports wins over the one the page's links claim.
  // By the text: on the index as it is (searched, when its lookup is not prepared yet: prepareIndexLater).
  const found = recognize({ url, ...facts, text: '' }, byAddress) ?? recognize({ url, ...facts }, await datasetIndex(), 'search');
  const article = found ? await datasetArticle(found.id) : null;
  const carried = article !== null && carriesArticle(facts.text, article.claims);
  // The page reader left a growth watcher (once per document): a page that grows is recognised
  // again (content:changed). A page named as a known article whose text has not arrived (rendered
  // by its own script) is looked at again after a few sentences, not the 1,500 characters other
  // pages need: only such a page gets a second injection before it is marked.
  if (found && !carried) void browser.scripting.executeScript({ target: { tabId, frameIds: [TOP_FRAME] }, func: lowerGrowth, args: [NAMED_PAGE_GROWTH], injectImmediately: true }).catch(() => undefined);
  // Named (by address or link) or resembled is not enough: the page's text must carry the claims.
  if (!found || !article || !carried) {
    await setTab(tabId, { ...base, status: 'not-article' });
    await clearTab(tabId, url);
    return 'none';
  }
  // The records are in memory at once (the annotator's report is recorded there); the session
  // copies for a restarted background are written meanwhile. The stylesheet follows once
  // the annotator reports a marked claim (content:anchored).
  const recorded = Promise.all([setTab(tabId, { ...base, status: 'pending', article: { id: found.id, headline: article.headline, matchedBy: found.matchedBy, publisher: article.publisher, published: article.published } }), rememberAnnotator(tabId)]);
  // The annotator's bundle goes in only where the page reader found none: a page recognised again
  // (a live blog grows a story's worth of text many times an hour; Kontekst turned back on) is not
  // made to evaluate 60 KB again, and is only handed its article. The bundle, its article's start
  // and Kontekst's stylesheet are sent in the same moment (injectAndStart): in Chromium each call
  // into a page that is still loading waited 40 to 80 ms, and the start waited for the bundle's
  // answer first. The sheet goes in beside them, so the annotator's markers need not wait for the
  // background's answer to its first report: one scripting call fewer on every marked page (each
  // costs the page milliseconds of Firefox's own work: bench, "Cost on the article itself").
  const start = await articleStart(found.id, found.matchedBy !== 'url');
  const inject = async (): Promise<'started' | 'no-annotator' | 'no-answer'> => {
    const styling = styleNewDocument(tabId, TOP_FRAME);
    try {
      return await injectAndStart(tabId, TOP_FRAME, start, styling, recorded);
    } catch (error) {
      // No annotator to report: the sheet is taken out with the failed bundle.
      await styling;
      await styleTab(tabId, TOP_FRAME, false);
      throw error;
    }
  };
  if (facts.annotator !== true) {
    await inject();
    return 'annotate';
  }
  await recorded;
  // (A start whose answer is lost is not made up by the annotator: its marks and markers show,
  // and the badge and the sheet wait for the page's next report.)
  const outcome = await handOver(tabId, TOP_FRAME, start, false);
  // An annotator the page reader saw may be gone by the start (facts read in a document the tab
  // has since left for another at the same address): the bundle goes in then, with the start.
  if (outcome === 'no-annotator') await inject();
  return 'annotate';
}

// One detection at a time per tab, and at most one more queued behind it: a burst of events
// (load, an address change, the page growing) ends in one detection of the page as it is then.
const running = new Map<number, Promise<DetectOutcome>>();
const queued = new Map<number, Promise<DetectOutcome>>();
/** Who started a detection: the page (address changes, growth), a new document's load, or the reader or the extension (not counted). */
export type Pace = 'page' | 'load' | 'unpaced';
const budgets: Record<Exclude<Pace, 'unpaced'>, TabBudget> = { page: new TabBudget('budget-page', MAX_PAGE_DETECTIONS), load: new TabBudget('budget-load', MAX_PAGE_LOADS) };
/** From the strictest cap to none. */
const PACES: readonly Pace[] = ['page', 'load', 'unpaced'];
const queuedPace = new Map<number, Pace>();
const deferred = new Map<number, ReturnType<typeof setTimeout>>();

/** Detects the tab once the refusing window allows (once, however many were refused). */
function deferDetection(tabId: number, pace: Exclude<Pace, 'unpaced'>): void {
  if (deferred.has(tabId)) return;
  // A timer in the service worker: the worker may be stopped before it fires, and then the page
  // is detected at its next load or address change instead.
  const timer = setTimeout(() => {
    deferred.delete(tabId);
    void detectTab(tabId, pace);
  }, budgets[pace].wait(tabId) + 1);
  deferred.set(tabId, timer);
}

/**
 * Recognises the page in a tab and marks it when its text carries a known article; resolves with
 * what it did. `pace`: what started it, and so which of the tab's caps it counts against (the
 * page's own address changes and growth by default, new documents apart; the reader's own
 * switches and the extension's updates count against none).
 */
export function detectTab(tabId: number, pace: Pace = 'page', facts?: PageFacts): Promise<DetectOutcome> {
  // What the tab spent before the background last stopped counts (read once per run of it; a
  // queued detection may run under either cap, so both are read).
  if (pace !== 'unpaced') {
    // The annotator's reports will be counted too: their count is read meanwhile.
    void reportBudget.ready(tabId);
    const reading = [budgets.page.ready(tabId), budgets.load.ready(tabId)].filter((r) => r !== null);
    if (reading.length > 0) return Promise.all(reading).then(() => detectTab(tabId, pace, facts));
  }
  const waiting = queued.get(tabId);
  if (waiting) {
    // The queued detection runs for whoever asked with the laxest cap: a page that used up its
    // own cap does not hold up the reader's next document.
    if (PACES.indexOf(pace) > PACES.indexOf(queuedPace.get(tabId) ?? 'page')) queuedPace.set(tabId, pace);
    return waiting;
  }
  const current = running.get(tabId);
  // Facts read before another detection of the tab ended may be out of date by then: read again.
  const start = (given?: PageFacts): Promise<DetectOutcome> => {
    const paced = queuedPace.get(tabId) ?? pace;
    queued.delete(tabId);
    queuedPace.delete(tabId);
    if (paced !== 'unpaced' && !budgets[paced].take(tabId)) {
      deferDetection(tabId, paced);
      return Promise.resolve('capped');
    }
    const run = detect(tabId, given).catch((): DetectOutcome => 'unreadable');
    running.set(tabId, run);
    void run.then(() => {
      if (running.get(tabId) === run) running.delete(tabId);
      prepareIndexLater();
    });
    return run;
  };
  if (!current) return start(facts);
  const next = current.then(() => start(), () => start());
  queued.set(tabId, next);
  queuedPace.set(tabId, pace);
  return next;
}

// Detection starts when a page is parsed (DOMContentLoaded), not when it has loaded: a page whose
// images or ads take seconds would get its marks seconds late. The moment the browser reports a
// tab loading, readPageFacts is run in it in its 'parsed' mode (injectImmediately; no content
// script, no extra permission): it waits for DOMContentLoaded and answers with the page's facts,
// and the page is detected from them. Chrome reports 'loading' once the new document exists;
// Firefox reports it first while the old one is still there (that report gets no look:
// detectWhenParsed), then again, with the address, for the new one. A loaded document is read
// only when the report names the address (then it is the new document, loaded before the look
// reached it, as a small page served fast is, and the load event needs no read of its own);
// without one (Chrome's report of a reload, or of the page's own replaceState) it is left to the
// load event's detection. The same document at a new address is the page's own move (below), and
// a document already judged is not judged again.

/** What an early detection did: its outcome, or the cap the load event's detection counts against (it left the page to that detection). */
type EarlyDetection = DetectOutcome | { leftTo: 'page' | 'load' };
const LEFT_TO_LOAD: EarlyDetection = { leftTo: 'load' };
/** The early detection of each tab's current load. */
const earlyDetections = new Map<number, Promise<EarlyDetection>>();
/** The document (the browser's documentId) each tab's early detection last judged, and what it did. */
const judged = new Map<number, { documentId: string; outcome: Promise<DetectOutcome> }>();
/** Reports of a load seen per tab, numbered as they came. */
const reports = new Map<number, number>();

/** `report`: this report's number. */
async function detectEarly(tabId: number, url: string, newAddress: boolean, report: number): Promise<EarlyDetection> {
  // The index's files are read while the settings are (a background that just woke has both to
  // read, and reading one after the other put both on the way to the page's marks); not where
  // the settings, once read, say Kontekst is off.
  const known = knownSettings();
  if (!known || isActiveOn(known, url)) prefetchIndex();
  // What the tab spent of its caps before the background last stopped, read meanwhile too: the
  // detection waited for it after the page's first look.
  void budgets.page.ready(tabId);
  void budgets.load.ready(tabId);
  void reportBudget.ready(tabId);
  if (!isActiveOn(await currentSettings(), url)) return LEFT_TO_LOAD;
  // The reader's added packs, merged with the bundled addresses, while the page is parsed; and the
  // article the report's address names, read meanwhile too: the page's marks waited for that read
  // after its first look (a few ms, more in a Firefox event page that just woke).
  void datasetAddressIndex()
    .then((index) => {
      const named = recognize({ url, canonical: null, ogUrl: null, text: '' }, index);
      if (named) void datasetArticle(named.id).catch(() => undefined);
    })
    .catch(() => undefined);
  // The document the tab showed before this report, read meanwhile (a background that just woke reads it from the session).
  const before = lastDocument(tabId).catch(() => undefined);
  // A report naming the address may be Chrome's report of the page's own pushState, found loaded:
  // past the page's cap of such moves its text is not read (nothing more runs there than the look).
  const read = newAddress && !budgets.page.full(tabId) ? 'addressed' : 'parsed';
  let answer: { result?: unknown; documentId?: string } | undefined;
  try {
    [answer] = await browser.scripting.executeScript({ target: { tabId, frameIds: [TOP_FRAME] }, ...pageRead(read, browser.runtime), injectImmediately: true });
  } catch {
    return LEFT_TO_LOAD;
  }
  const look = answer?.result;
  if (!isFirstLook(look)) return LEFT_TO_LOAD;
  const documentId = answer?.documentId;
  const sameDocument = documentId !== undefined && (await before) === documentId;
  // A look that answers after a later report came may have reached the document of a load that
  // started since (a reader quicker than the look): that report's look says what the tab shows.
  if (documentId !== undefined && reports.get(tabId) === report) void rememberDocument(tabId, documentId);
  // (Firefox's report of a load's start, which would find the document the tab showed, gets no
  // look: detectWhenParsed. Its report of the new document, with the address, finds a new one.)
  // Chrome reports history.pushState like a load ('loading' with the new address, then
  // 'complete'), but the first look finds the document it found before, already parsed: the page
  // moved its own address, which counts against the page's cap (20 a minute), not against new
  // documents' (60). (A document the first look had to wait for is new.)
  if (newAddress && sameDocument && look.state !== 'loading') return detectTab(tabId, 'page', look.facts ?? undefined);
  // A report with no address that finds the document the tab showed, parsed: Chrome's report of
  // history.pushState or replaceState to the address the page has (Chrome adds the address to a
  // report only when it changed): not a new document, the page's own doing, counted against its cap.
  const pace = !newAddress && sameDocument && look.state !== 'loading' ? 'page' : 'load';
  if (look.facts === null) return { leftTo: pace };
  const earlier = judged.get(tabId);
  if (documentId !== undefined && earlier?.documentId === documentId) {
    // A second report of one load that reaches the document judged already (the browser reported
    // the load again while it went on: a pushState or replaceState before its load event). Judged
    // again only when its record is gone (the second report came after the judgement and cleared
    // what the tab showed) or names another address (the page moved with pushState).
    const outcome = await earlier.outcome;
    if ((await getTab(tabId))?.url === url) return outcome;
  }
  const outcome = detectTab(tabId, pace, look.facts);
  if (documentId !== undefined) judged.set(tabId, { documentId, outcome });
  return outcome;
}

/**
 * The browser reports the tab loading a page: detect it as soon as it is parsed. `newAddress`:
 * the report carries an address (a new document's, or the same document's after pushState).
 */
export function detectWhenParsed(tabId: number, url: string | undefined, newAddress: boolean): void {
  const report = (reports.get(tabId) ?? 0) + 1;
  reports.set(tabId, report);
  if (!isWebPage(url)) return void earlyDetections.delete(tabId);
  // Firefox quirk: its report without an address is the load's start (STATE_START), while the tab
  // still shows the document it leaves; every new document is reported again, with its address,
  // when it is committed (onLocationChange; StatusListener in ext-tabs-base.js,
  // https://searchfox.org/mozilla-esr140/source/toolkit/components/extensions/parent/ext-tabs-base.js).
  // A look now would reach the old document, or race the new one's, and cost the page a
  // scripting call's own work (bench, "Cost on the article itself"): the addressed report looks.
  // (Chrome reports no such start: its report without an address is the page's own pushState or
  // replaceState to the address it has, and is looked at.)
  if (!newAddress && inFirefox(browser.runtime)) return void earlyDetections.delete(tabId);
  const attempt = detectEarly(tabId, url, newAddress, report).catch(() => LEFT_TO_LOAD);
  earlyDetections.set(tabId, attempt);
}

/** Forgets a closed tab's early detection. */
export function forgetEarly(tabId: number): void {
  earlyDetections.delete(tabId);
  judged.delete(tabId);
  reports.delete(tabId);
}

/** The tab's page has loaded: detects it unless its early detection already did. */
export async function detectWhenLoaded(tabId: number): Promise<DetectOutcome> {
  const early = earlyDetections.get(tabId);
  earlyDetections.delete(tabId);
  const done = (await early) ?? LEFT_TO_LOAD;
  return typeof done === 'string' ? done : detectTab(tabId, done.leftTo);
}

/** Detects every open web page again (settings changed, packs changed, the extension was installed). */
export async function detectAllTabs(): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.all(tabs.filter((tab) => tab.id !== undefined && isWebPage(tab.url)).map((tab) => detectTab(tab.id as number, 'unpaced')));
}

/**
 * Forgets the pages of tabs whose address the browser no longer shows Kontekst (host access
 * withdrawn), and takes the marks away from those that had them: scripting may no longer run
 * there, but a message still reaches the annotator (tabs.sendMessage needs no host access).
 */
export async function forgetUnreadableTabs(): Promise<void> {
  const tabs = await browser.tabs.query({});
  const unreadable = tabs.filter((tab) => tab.id !== undefined && tab.url === undefined).map((tab) => tab.id as number);
  await Promise.all(
    unreadable.map(async (tabId) => {
      await forgetPage(tabId);
      if (!(await hadAnnotator(tabId))) return;
      const message = envelope<TabRequestName>('background:clear', {});
      await browser.tabs.sendMessage(tabId, message, { frameId: TOP_FRAME }).catch(() => undefined);
      await forgetAnnotator(tabId);
    }),
  );
}

/** A new document in the tab: what the old one had no longer applies. */
export async function forgetPage(tabId: number): Promise<void> {
  // Calls into the page it left may never be answered (page-calls.ts): nothing waits for them.
  pageLeft(tabId);
  await forgetTab(tabId);
  await setBadge(tabId, 0).catch(() => undefined);
}

/** Forgets a closed tab's detection budget and any detection waiting for it. */
export function forgetTabBudget(tabId: number): void {
  budgets.page.forget(tabId);
  budgets.load.forget(tabId);
  clearTimeout(deferred.get(tabId));
  deferred.delete(tabId);
}
