import browser, { type Runtime } from 'webextension-polyfill';
import type { Language } from '../core/dataset';
import { recognize } from '../core/recognize';
import {
  type ClaimSummary,
  type RequestName,
  type Requests,
  type TabRequests,
  envelope,
  readEnvelope,
} from '../shared/messages';
import { type Settings, isActiveOn, siteOf, withSite } from '../shared/settings';
import { loadSettings, saveSettings } from '../shared/settings-store';
import { datasetArticle, datasetIndex, packs } from './dataset';
import { PACK_LIST_KEY } from './packs';
import { forgetTab, getTab, setTab } from './tabs';

type Handler<K extends RequestName> = (payload: Requests[K]['payload'], sender: Runtime.MessageSender) => Promise<Requests[K]['reply']>;

function readerLanguage(): Language {
  return browser.i18n.getUILanguage().toLowerCase().startsWith('da') ? 'da' : 'en';
}

/** The tab and frame of a message from a content script, or an error. */
function contentSender(sender: Runtime.MessageSender): { tabId: number; frameId: number; url: string } {
  const tabId = sender.tab?.id;
  if (tabId === undefined || tabId < 0 || !sender.url) throw new Error('not from a tab');
  return { tabId, frameId: sender.frameId ?? 0, url: sender.url };
}

async function setBadge(tabId: number, count: number): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: count > 0 ? String(count) : '' });
  if (count > 0) await browser.action.setBadgeBackgroundColor({ tabId, color: '#1f4e8c' });
}

async function injectAnnotator(tabId: number, frameId: number): Promise<void> {
  const target = { tabId, frameIds: [frameId] };
  // CSS goes in through insertCSS (an author-origin sheet the page cannot see in its DOM), not a
  // <style> element: the page's DOM stays as it was.
  // Firefox refuses a sheet the document already has (NS_ERROR_ILLEGAL_VALUE from addSheet,
  // logged as an extension error) when Kontekst is turned back on: take it out first.
  await browser.scripting.removeCSS({ target, files: ['content/page.css'] }).catch(() => undefined);
  await browser.scripting.insertCSS({ target, files: ['content/page.css'] });
  await browser.scripting.executeScript({ target, files: ['content/annotate.js'] });
}

async function summaries(articleId: string, anchored: readonly { id: string; status: ClaimSummary['status'] }[]): Promise<ClaimSummary[]> {
  const article = await datasetArticle(articleId);
  const language = readerLanguage();
  return anchored.map(({ id, status }) => {
    const claim = article.claims.find((c) => c.id === id);
    return { id, status, title: claim?.notes[0]?.title[language] ?? id, notes: claim?.notes.length ?? 0 };
  });
}

const handlers = {
  'content:detect': async (payload, sender) => {
    const { tabId, frameId, url } = contentSender(sender);
    const settings = await loadSettings();
    const base = { url, frameId, article: null, anchored: [] };
    if (!isActiveOn(settings, url)) {
      await setTab(tabId, { ...base, status: settings.enabled ? 'off-site' : 'off' });
      await setBadge(tabId, 0);
      return { action: 'off' };
    }
    // The bundled dataset and the reader's added packs, recognised as one.
    const index = await datasetIndex();
    // The address the browser reports wins over the one the page script claims.
    const found = recognize({ url, canonical: payload.canonical, ogUrl: payload.ogUrl, text: payload.text ?? '' }, index);
    if (!found) {
      if (payload.text === null) return { action: 'need-text' };
      await setTab(tabId, { ...base, status: 'not-article' });
      await setBadge(tabId, 0);
      return { action: 'none' };
    }
    const article = await datasetArticle(found.id);
    await setTab(tabId, { ...base, status: 'pending', article: { id: found.id, headline: article.headline, matchedBy: found.matchedBy } });
    await injectAnnotator(tabId, frameId);
    return { action: 'annotate' };
  },
  'content:get-article': async (_payload, sender) => {
    const { tabId } = contentSender(sender);
    const record = await getTab(tabId);
    if (!record?.article) return null;
    return { article: await datasetArticle(record.article.id), language: readerLanguage() };
  },
  'content:anchored': async (payload, sender) => {
    const { tabId } = contentSender(sender);
    const record = await getTab(tabId);
    if (!record?.article) return null;
    await setTab(tabId, { ...record, status: 'annotated', anchored: payload.claims });
    await setBadge(tabId, payload.claims.filter((c) => c.status !== 'missing').length);
    return null;
  },
  'content:cleared': async (_payload, sender) => {
    const { tabId } = contentSender(sender);
    const record = await getTab(tabId);
    const settings = await loadSettings();
    if (record) await setTab(tabId, { ...record, status: isActiveOn(settings, record.url) ? 'not-article' : settings.enabled ? 'off-site' : 'off', anchored: [] });
    await setBadge(tabId, 0);
    return null;
  },
  'popup:get-state': async ({ tabId }) => {
    const settings = await loadSettings();
    const tab = await browser.tabs.get(tabId).catch(() => null);
    const url = tab?.url;
    const site = siteOf(url);
    const record = await getTab(tabId);
    const known = record && record.url === url ? record : undefined;
    // A record still saying off while the settings say on: the tab is detecting again after the switch.
    const recorded = known?.status === 'off' || known?.status === 'off-site' ? 'pending' : known?.status;
    const status = site === null ? 'unsupported' : !settings.enabled ? 'off' : !isActiveOn(settings, url) ? 'off-site' : recorded ?? 'not-article';
    const claims = status === 'annotated' && known?.article ? await summaries(known.article.id, known.anchored) : [];
    return { status, site, settings, article: status === 'annotated' ? known?.article ?? null : null, claims };
  },
  'popup:set-enabled': async ({ enabled }) => {
    const settings: Settings = { ...(await loadSettings()), enabled };
    await saveSettings(settings);
    return settings;
  },
  'popup:set-site': async ({ site, enabled }) => {
    const settings = withSite(await loadSettings(), site.toLowerCase(), enabled);
    await saveSettings(settings);
    return settings;
  },
  'options:list-packs': async () => packs().list(),
  'options:add-pack': async ({ file, text }) => packs().add(file, text),
  'options:remove-pack': async ({ id }) => packs().remove(id),
  'popup:show-claim': async ({ tabId, claimId }) => {
    const record = await getTab(tabId);
    if (!record || record.status !== 'annotated') return false;
    const message = envelope<keyof TabRequests>('background:show-claim', { claimId });
    return (await browser.tabs.sendMessage(tabId, message, { frameId: record.frameId })) === true;
  },
} satisfies { [K in RequestName]: Handler<K> };

const CONTENT_MESSAGES = ['content:detect', 'content:get-article', 'content:anchored', 'content:cleared'] as const;
const POPUP_MESSAGES = ['popup:get-state', 'popup:set-enabled', 'popup:set-site', 'popup:show-claim'] as const;
const OPTIONS_MESSAGES = ['options:list-packs', 'options:add-pack', 'options:remove-pack'] as const;

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
  return handler(request.payload as never, sender);
});

browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
browser.storage.onChanged.addListener((changes, area) => {
  // Packs changed behind the store's back (storage edited in the developer tools, say): read them again.
  if (area === 'local' && PACK_LIST_KEY in changes) packs().invalidate();
});
browser.tabs.onUpdated.addListener((tabId, change) => {
  // A new document in the tab: what the old one had no longer applies.
  if (change.status === 'loading' && change.url) {
    void forgetTab(tabId);
    void setBadge(tabId, 0).catch(() => undefined);
  }
});
