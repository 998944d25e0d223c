import browser, { type Runtime, type Tabs } from 'webextension-polyfill';
import { type Language, latestRevision } from '../core/dataset/model';
import {
  type ClaimSummary,
  type RequestName,
  type Requests,
  type TabRequests,
  envelope,
  readEnvelope,
} from '../shared/messages';
import { readerLanguage } from '../shared/i18n';
import { type Settings, isActiveOn, siteOf, storedSettings, withSite } from '../shared/settings';
import { SETTINGS_KEY, loadSettings, saveSettings } from '../shared/settings-store';
import { currentSettings, settingsChanged } from './current-settings';
import { datasetArticle, datasetSource, packs } from './dataset';
import { PACK_LIST_KEY } from './packs';
import { detectAllTabs, detectTab, detectWhenLoaded, detectWhenParsed, forgetEarly, forgetPage, forgetTabBudget, forgetUnreadableTabs } from './detection';
import { recordAnchored, setBadge, styleTab } from './marked';
import { reportBudget } from './page-budget';
import { inPage } from './page-calls';
import { showClaimInPage } from '../injected/annotator-start';
import { forgetClosedTab, getTab, setTab } from './tabs';
import { tabStatus } from './tab-status';
import { siteAccess } from './access';
import { pageLeft } from './page-calls';
import { inFirefox } from './page-reads';
import { publisherPatterns } from '../core/dataset/publisher-sites';

type Handler<K extends RequestName> = (payload: Requests[K]['payload'], sender: Runtime.MessageSender) => Promise<Requests[K]['reply']>;

/** The tab and frame of a message from a content script, or an error. */
function contentSender(sender: Runtime.MessageSender): { tabId: number; frameId: number; url: string } {
  const tabId = sender.tab?.id;
  if (tabId === undefined || tabId < 0 || !sender.url) throw new Error('not from a tab');
  return { tabId, frameId: sender.frameId ?? 0, url: sender.url };
}

async function summaries(articleId: string, anchored: readonly { id: string; status: ClaimSummary['status'] }[]): Promise<ClaimSummary[]> {
  const article = await datasetArticle(articleId);
  const language = readerLanguage(browser.i18n);
  return anchored.map(({ id, status }) => {
    const claim = article.claims.find((c) => c.id === id);
    const corrections = (claim?.notes ?? []).map((note) => latestRevision(note)?.date ?? '').filter(Boolean).sort();
    return { id, status, title: claim?.notes[0]?.title[language] ?? id, notes: claim?.notes.length ?? 0, corrected: corrections.at(-1) ?? null };
  });
}

const handlers = {
  'content:changed': async (_payload, sender) => {
    const { tabId } = contentSender(sender);
    // The page grew (its article arrived, or the next one): recognise it as it is now (paced).
    void detectTab(tabId);
    return null;
  },
  'content:anchored': async (payload, sender) => {
    const { tabId, frameId } = contentSender(sender);
    await recordAnchored(tabId, frameId, payload.claims);
    return null;
  },
  'content:cleared': async (_payload, sender) => {
    const { tabId, frameId } = contentSender(sender);
    // The annotator took its marks away; its stylesheet goes too.
    await styleTab(tabId, frameId, false);
    const record = await getTab(tabId);
    const settings = await currentSettings();
    if (record) await setTab(tabId, { ...record, status: tabStatus(settings, record.url, 'not-article'), anchored: [] });
    await setBadge(tabId, 0);
    return null;
  },
  'popup:get-state': async ({ tabId }) => {
    // Read afresh: the popup shows what is stored.
    const settings = await loadSettings();
    const tab = await browser.tabs.get(tabId).catch(() => null);
    const url = tab?.url;
    const site = siteOf(url);
    const record = await getTab(tabId);
    const known = record && record.url === url ? record : undefined;
    const access = await siteAccess(url);
    const status = tabStatus(settings, url, known?.status, access?.readable);
    const claims = status === 'annotated' && known?.article ? await summaries(known.article.id, known.anchored) : [];
    const pack = status === 'annotated' && known?.article ? (await datasetSource(known.article.id)).pack : null;
    return { status, site, settings, article: status === 'annotated' ? known?.article ?? null : null, pack, claims, access };
  },
  // The popup's click gave Kontekst this tab for now (activeTab): detection can read it once.
  'popup:run-once': async ({ tabId }) => {
    // The reader's click: not counted against the page's cap ('capped' only when a page's own detection was queued first).
    const outcome = await detectTab(tabId, 'unpaced');
    return outcome === 'capped' ? 'none' : outcome;
  },
  'options:pack-origins': async () => publisherPatterns((await packs().articleUrls())),
  'popup:set-enabled': async ({ enabled }) => {
    // Read afresh from storage for a change: what is saved builds on what is stored, not on a copy in memory.
    const settings: Settings = { ...(await loadSettings()), enabled };
    await saveSettings(settings);
    settingsChanged(storedSettings(settings));
    return settings;
  },
  'popup:set-site': async ({ site, enabled }) => {
    const settings = withSite(await loadSettings(), site.toLowerCase(), enabled);
    await saveSettings(settings);
    settingsChanged(storedSettings(settings));
    return settings;
  },
  'options:list-packs': async () => packs().list(),
  'options:add-pack': async ({ file, text }) => packs().add(file, text),
  'options:remove-pack': async ({ id }) => packs().remove(id),
  'popup:show-claim': async ({ tabId, claimId }) => {
    const record = await getTab(tabId);
    if (!record || record.status !== 'annotated') return false;
    // Through scripting (the annotator in Firefox listens for messages only once the reader has
    // left the page: src/content/annotator.ts); by message where scripting may not run.
    const target = { tabId, frameIds: [record.frameId] };
    const shown = await inPage(tabId, browser.scripting.executeScript({ target, func: showClaimInPage, args: [claimId], injectImmediately: true })).catch(() => null);
    if (shown) return shown[0]?.result === true;
    const message = envelope<keyof TabRequests>('background:show-claim', { claimId });
    return (await browser.tabs.sendMessage(tabId, message, { frameId: record.frameId })) === true;
  },
} satisfies { [K in RequestName]: Handler<K> };

// Most wakes of the background are for a page, whose detection reads the settings first: read as it starts.
void currentSettings().catch(() => undefined);

const CONTENT_MESSAGES = ['content:changed', 'content:anchored', 'content:cleared'] as const;
const POPUP_MESSAGES = ['popup:get-state', 'popup:set-enabled', 'popup:set-site', 'popup:show-claim', 'popup:run-once'] as const;
const OPTIONS_MESSAGES = ['options:list-packs', 'options:add-pack', 'options:remove-pack', 'options:pack-origins'] as const;

// What Kontekst's scripts in a tab may send per window: the page drives them (it grows, edits
// its text, moves its address), so a page cannot make the background work without end.
const CONTENT_TYPES: readonly RequestName[] = CONTENT_MESSAGES;

/** Which messages a sender may send: content scripts in tabs, or the popup page. */
function acceptedFrom(sender: Runtime.MessageSender): readonly RequestName[] {
  if (sender.id !== browser.runtime.id) return [];
  if (sender.tab && sender.url && /^https?:/.test(sender.url)) return CONTENT_MESSAGES;
  if (sender.url?.startsWith(browser.runtime.getURL('popup/popup.html'))) return POPUP_MESSAGES;
  // Only the options page may add or remove packs: a web page or content script never can.
  if (sender.url?.startsWith(browser.runtime.getURL('options/options.html'))) return OPTIONS_MESSAGES;
  return [];
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  const request = readEnvelope(message, acceptedFrom(sender));
  // Anything malformed or from the wrong place is dropped without an answer.
  if (!request) return undefined;
  const handler = handlers[request.type] as Handler<typeof request.type>;
  if (!CONTENT_TYPES.includes(request.type)) return handler(request.payload as never, sender);
  // Over its cap, a tab's reports are dropped unanswered, like malformed ones; what the tab sent
  // before the background last stopped counts (page-budget.ts).
  const tabId = sender.tab?.id ?? -1;
  const reading = reportBudget.ready(tabId);
  if (reading) return reading.then(() => (reportBudget.take(tabId) ? handler(request.payload as never, sender) : undefined));
  return reportBudget.take(tabId) ? handler(request.payload as never, sender) : undefined;
});

browser.tabs.onRemoved.addListener((tabId) => {
  pageLeft(tabId);
  forgetEarly(tabId);
  forgetTabBudget(tabId);
  reportBudget.forget(tabId);
  void forgetClosedTab(tabId);
});
browser.storage.onChanged.addListener((changes, area) => {
  // Packs changed (added, removed, or storage edited in the developer tools): read them again.
  const packsChanged = area === 'local' && PACK_LIST_KEY in changes;
  if (packsChanged) packs().invalidate({ list: changes[PACK_LIST_KEY]?.newValue });
  if (area === 'local' && SETTINGS_KEY in changes) settingsChanged(changes[SETTINGS_KEY]?.newValue);
  // Open pages follow the switches and the packs at once, as they would after a reload.
  if (packsChanged || (area === 'local' && SETTINGS_KEY in changes)) void detectAllTabs();
});
/**
 * Firefox quirk: tabs.onUpdated reports every change of a tab (its title, its icon, reader view's
 * isArticle...), each built in the parent process and sent to the event page (waking it); a page
 * load brought 7, while the page's own work waited for a core. Kontekst reads `status` and `url`
 * only, so Firefox is asked for those alone (the `properties` filter,
 * https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/tabs/onUpdated#filter).
 * Chrome has no such filter and refuses a listener added with one.
 */
const TAB_CHANGES_READ: [Tabs.UpdateFilter] | [] = inFirefox(browser.runtime) ? [{ properties: ['status', 'url'] }] : [];
/** Returns the detection it starts, so tests can wait for it (the browser ignores the value). */
browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === 'loading') {
    // A new document in the tab: what the old one had no longer applies.
    if (change.url) void forgetPage(tabId);
    // Detected as soon as it is parsed, not when its last image has loaded.
    detectWhenParsed(tabId, tab.url, change.url !== undefined);
    return undefined;
  }
  // Moved to another address without loading (history.pushState, a fragment).
  if (change.url !== undefined && tab.status === 'complete') return detectTab(tabId);
  // Loaded: detected now unless it was when parsed.
  if (change.status === 'complete') return detectWhenLoaded(tabId);
  return undefined;
}, ...TAB_CHANGES_READ);
// Pages that were open before Kontekst was installed (or updated) get their notes without a reload.
browser.runtime.onInstalled.addListener((details) => {
  // First run: the welcome page says what Kontekst reads and lets the reader choose which sites.
  if (details.reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('welcome/welcome.html') }).catch(() => undefined);
  void detectAllTabs();
});
// The reader granted or withdrew host access (the welcome or options page, the popup, or the
// browser's own site access menu): open pages follow at once, as they would after a reload.
// Tabs it may no longer read are skipped (their address is hidden); their badge and record go.
browser.permissions.onAdded.addListener(() => void detectAllTabs());
browser.permissions.onRemoved.addListener(() => void forgetUnreadableTabs().then(detectAllTabs));
