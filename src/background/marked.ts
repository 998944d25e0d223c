// What a tab shows of its marks: the annotator's start (the background hands it its article with
// the injection and takes its first report as the answer), the badge, and Kontekst's stylesheet,
// which goes in with the annotator's bundle and stays only while a claim is marked there.
import browser from 'webextension-polyfill';
import { type FoldedSelector, foldClaims } from '../core/anchoring/anchor-quote';
import { type Language, type PublicArticle, readerEdition } from '../core/dataset/model';
import { annotatorAnswered, startAnnotator, startOrStash } from '../injected/annotator-start';
import { contentStrings, readerLanguage } from '../shared/i18n';
import { type AnchoredReport, type ArticleStart, INJECTIONS } from '../shared/messages';
import { datasetSource } from './dataset';
import { inPage } from './page-calls';
import { getTab, setTab } from './tabs';

/** Shows the number of marked claims on the toolbar button of a tab (nothing for none). */
export async function setBadge(tabId: number, count: number): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: count > 0 ? String(count) : '' });
  if (count > 0) await browser.action.setBadgeBackgroundColor({ tabId, color: '#1f4e8c' });
}

const STYLESHEET = ['content/page.css'];

/** The last styling of each frame (TAB:FRAME), so the next starts after it. */
const stylings = new Map<string, Promise<void>>();

/**
 * Puts Kontekst's stylesheet into the tab's page, or takes it out: in only while a claim is
 * marked there.
 */
export function styleTab(tabId: number, frameId: number, marked: boolean): Promise<void> {
  return inTurn(tabId, frameId, () => applyStyle(tabId, frameId, marked));
}

/**
 * Puts Kontekst's stylesheet into a frame whose document is just getting the annotator's bundle
 * (so it has no sheet: no removeCSS first), ahead of the annotator's start; true if it went in.
 */
export function styleNewDocument(tabId: number, frameId: number): Promise<boolean> {
  const target = { tabId, frameIds: [frameId] };
  return inTurn(tabId, frameId, () => inPage(tabId, browser.scripting.insertCSS({ target, files: STYLESHEET })).then(() => true, () => false));
}

/** Runs one styling of a frame after the one before it. */
function inTurn<T>(tabId: number, frameId: number, styling: () => Promise<T>): Promise<T> {
  // One at a time per frame: two at once (two anchoring reports racing, e.g. just after the
  // event page started again) run remove, remove, insert, insert, and Firefox refuses the second sheet.
  const key = `${tabId}:${frameId}`;
  const next = (stylings.get(key) ?? Promise.resolve()).then(styling);
  const settled = next.then(() => undefined, () => undefined);
  stylings.set(key, settled);
  void settled.then(() => {
    if (stylings.get(key) === settled) stylings.delete(key);
  });
  return next;
}

async function applyStyle(tabId: number, frameId: number, marked: boolean): Promise<void> {
  const target = { tabId, frameIds: [frameId] };
  // CSS goes in through insertCSS (an author-origin sheet the page cannot see in its DOM), not a
  // <style> element: the page's DOM stays as it was.
  // Firefox refuses a sheet the document already has (NS_ERROR_ILLEGAL_VALUE from addSheet,
  // logged as an extension error), e.g. after a pushState to another article: take it out first.
  // (A document the annotator's bundle goes into gets its first sheet with the bundle, without
  // this: styleNewDocument.)
  await inPage(tabId, browser.scripting.removeCSS({ target, files: STYLESHEET })).catch(() => undefined);
  if (marked) await inPage(tabId, browser.scripting.insertCSS({ target, files: STYLESHEET })).catch(() => undefined);
}

/**
 * Records what the annotator in a tab's frame anchored: the tab's status, its badge, and the
 * stylesheet. `styled`: the sheet went in with the annotator's bundle, before its start.
 */
export async function recordAnchored(tabId: number, frameId: number, claims: AnchoredReport['claims'], styled = false): Promise<void> {
  const record = await getTab(tabId);
  if (!record?.article) return;
  const marked = (list: readonly { status: string }[]): number => list.filter((c) => c.status !== 'missing').length;
  const sheetIn = styled || (record.status === 'annotated' && marked(record.anchored) > 0);
  await setTab(tabId, { ...record, status: 'annotated', anchored: claims });
  await setBadge(tabId, marked(claims));
  // The stylesheet is in the page only while something is marked: an annotator that found
  // nothing leaves the page as it was.
  if (sheetIn !== marked(claims) > 0) await styleTab(tabId, frameId, !sheetIn);
}

/** Each article's claims folded, while the background keeps the article (the dataset's and the packs' caches hand out the same object). */
const foldings = new WeakMap<PublicArticle, FoldedSelector[]>();

/**
 * An article's claims folded for anchoring, once per article: it depends only on the dataset, and
 * in the page, where the annotator's code runs cold, it cost 1–1.9 ms a load of the seed article
 * in Firefox (bench, "Cost on the article itself"). Folded here from the article it goes out with,
 * so the two cannot disagree, even for a pack stored wrongly.
 */
export function foldedClaims(article: PublicArticle): FoldedSelector[] {
  let folded = foldings.get(article);
  if (!folded) {
    folded = foldClaims(article.claims);
    foldings.set(article, folded);
  }
  return folded;
}

/** Each article's edition in each language the annotator was handed, while the background keeps the article. */
const editions = new WeakMap<PublicArticle, Partial<Record<Language, PublicArticle>>>();

/** The article in the reader's language (readerEdition), made once per article and language. */
function editionFor(article: PublicArticle, language: Language): PublicArticle {
  let made = editions.get(article);
  if (!made) editions.set(article, (made = {}));
  return (made[language] ??= readerEdition(article, language));
}

/** What the annotator is handed for an article: `copy`, the page carries it elsewhere than at its own address. */
export async function articleStart(articleId: string, copy: boolean): Promise<ArticleStart> {
  const { article, pack } = await datasetSource(articleId);
  const language = readerLanguage(browser.i18n);
  return { article: editionFor(article, language), language, pack, folded: foldedClaims(article), copy, strings: contentStrings(browser.i18n) };
}

/**
 * Hands the annotator in a tab's frame its article, records the statuses its first anchoring
 * answers, then tells it so (its markers wait for the stylesheet; an answer that does not reach
 * it, this call given up, is made up by the annotator sending its report itself after a short
 * wait: src/content/session.ts, ANSWER_WAIT_MS). `styled`: the stylesheet went in with the
 * bundle, before this start; the markers then need no answer, and the page is spared that call.
 */
export async function handOver(tabId: number, frameId: number, given: ArticleStart, styled = false): Promise<'started' | 'no-annotator' | 'no-answer'> {
  const target = { tabId, frameIds: [frameId] };
  // As JSON text: Chrome drops null members of objects passed as args (a bundled article's `pack: null`).
  const args: [string, boolean] = [JSON.stringify(given), styled];
  const [answer] = await inPage(tabId, browser.scripting.executeScript({ target, func: startAnnotator, args, injectImmediately: true })).catch(() => []);
  return takeStartReport(tabId, frameId, answer?.result, styled);
}

/**
 * Injects the annotator's bundle and sends its start in the same moment (startOrStash): the page's
 * marks wait for one call into the page, not for the bundle's and then the start's (in Chromium
 * each took 40 to 80 ms of a page still loading: the start is told the stylesheet is going in beside
 * them). `recorded`: the tab's record being written. Answers as handOver does; rejects when the
 * bundle could not go in.
 */
export async function injectAndStart(tabId: number, frameId: number, given: ArticleStart, styling: Promise<boolean>, recorded: Promise<unknown>): Promise<'started' | 'no-annotator' | 'no-answer'> {
  const target = { tabId, frameIds: [frameId] };
  const args: [string, boolean] = [JSON.stringify(given), true];
  const start = inPage(tabId, browser.scripting.executeScript({ target, func: startOrStash, args, injectImmediately: true })).catch(() => []);
  const bundle = inPage(tabId, browser.scripting.executeScript({ target, files: ['content/annotate.js'], injectImmediately: true }));
  // The tab's record is written before the report is recorded in it.
  const [[started], [bundled], styled] = await Promise.all([start, bundle, styling, recorded]);
  // The report is the start's answer when the bundle ran first, else the bundle's (build.mjs, BUNDLE_ANSWER).
  const report: unknown = started?.result === 'stashed' ? bundled?.result : started?.result;
  // (The start was told the sheet was going in: where it did not, takeStartReport tells the markers to wait no more.)
  return takeStartReport(tabId, frameId, report, styled);
}

/** Records the statuses a start answered (`report`), or takes the sheet out again where it answered none. */
async function takeStartReport(tabId: number, frameId: number, report: unknown, styled: boolean): Promise<'started' | 'no-annotator' | 'no-answer'> {
  const target = { tabId, frameIds: [frameId] };
  const answered = !INJECTIONS['annotator:start'].reply(report) ? 'no-answer' : report === null ? 'no-annotator' : report;
  if (typeof answered === 'string') {
    // Nothing recorded as marked: a sheet put in with the bundle comes out again, so the sheet and
    // the tab's record agree (the page's next report puts it back, removeCSS first).
    if (styled) await styleTab(tabId, frameId, false);
    return answered;
  }
  try {
    await recordAnchored(tabId, frameId, answered.claims, styled);
  } finally {
    if (!styled) await inPage(tabId, browser.scripting.executeScript({ target, func: annotatorAnswered, injectImmediately: true })).catch(() => undefined);
  }
  return 'started';
}
