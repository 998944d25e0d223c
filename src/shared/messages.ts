// Every message between Kontekst's parts: its name (by direction), its payload and its
// reply, with a validator for each payload. Nothing is trusted before it is validated.
import type { ReaderStatus } from '../core/anchoring/anchor-quote';
import type { Language, PublicArticle } from '../core/dataset/model';
import type { PackSummary } from '../core/dataset/pack-format';
import type { MatchedBy } from '../core/recognition/recognize';
import type { PageFacts } from '../injected/read-page-facts';
import type { Settings } from './settings';
import { isObject } from '../core/dataset/json-object';

/** Why a tab shows no notes, or that it does. */
export type TabStatus = 'annotated' | 'not-article' | 'off' | 'off-site' | 'unsupported' | 'pending' | 'no-access';

/** Whether Kontekst may read a tab's site, and what to ask the browser for so it may. */
export interface SiteAccess {
  /** Host access covers the site: Kontekst reads it whenever it opens (false: only when the reader says so). */
  readable: boolean;
  /** 'all': the reader granted every site; 'publishers': only the sites of the articles in the data. */
  scope: 'all' | 'publishers';
  /** The site is one of the publishers' (the manifest asks for it); unreadable, the reader withheld it. */
  publisher: boolean;
  /** The match patterns "Allow on this site" asks the browser for. */
  origins: string[];
}

export interface ClaimSummary {
  id: string;
  status: ReaderStatus;
  /** Title of the claim's first note, in the reader's language. */
  title: string;
  notes: number;
  /** Date (YYYY-MM-DD) of the newest correction among the claim's notes; null when none was corrected. */
  corrected?: string | null;
}

export interface TabState {
  status: TabStatus;
  site: string | null;
  settings: Settings;
  /** The recognised article; `publisher` and `published` say whose it is, for a page recognised as a copy (matchedBy not 'url'). */
  article: { id: string; headline: string; matchedBy: MatchedBy; publisher?: string; published?: string } | null;
  /** The added pack the annotated article's notes come from; absent or null for the bundled dataset. */
  pack?: ArticlePack | null;
  claims: ClaimSummary[];
  /** Host access to the tab's site; null where the tab's address is unknown or not a web page. */
  access?: SiteAccess | null;
}

/** The added dataset pack an article came from, as the card names it. */
export interface ArticlePack {
  name: string;
}

/** Messages the background answers; each key's `payload` is checked by `isPayload[key]`. */
export interface Requests {
  /** Growth watcher → background: much new text arrived in the page; recognise it again. */
  'content:changed': { payload: Record<string, never>; reply: null };
  /** Annotator → background: the recognised article for this tab; `pack` names the added pack it came from (null: the bundled dataset). */
  'content:get-article': { payload: Record<string, never>; reply: { article: PublicArticle; language: Language; pack: ArticlePack | null; copy?: boolean } | null };
  /** Annotator → background: what was anchored (for the badge and the popup). */
  'content:anchored': { payload: { claims: { id: string; status: ReaderStatus }[] }; reply: null };
  /** Annotator → background: the page was torn down (turned off, or left the article). */
  'content:cleared': { payload: Record<string, never>; reply: null };
  /** Popup → background: the state of a tab. */
  'popup:get-state': { payload: { tabId: number }; reply: TabState };
  /** Popup → background: turn Kontekst on or off everywhere. */
  'popup:set-enabled': { payload: { enabled: boolean }; reply: Settings };
  /** Popup → background: turn Kontekst on or off for one site. */
  'popup:set-site': { payload: { site: string; enabled: boolean }; reply: Settings };
  /** Options page → background: the dataset packs the reader added. */
  'options:list-packs': { payload: Record<string, never>; reply: PackSummary[] };
  /** Options page → background: check a pack file's text and store the pack when it passes. */
  'options:add-pack': { payload: { file: string; text: string }; reply: AddPackReply };
  /** Options page → background: remove an added pack. */
  'options:remove-pack': { payload: { id: string }; reply: boolean };
  /** Popup → background: recognise the page in a tab once, with the access the reader's click gave (activeTab). */
  'popup:run-once': { payload: { tabId: number }; reply: RunOnceReply };
  /** Options page → background: the sites of the added packs' articles, as match patterns. */
  'options:pack-origins': { payload: Record<string, never>; reply: string[] };
  /** Popup → background: scroll a tab to a claim and open its card. */
  'popup:show-claim': { payload: { tabId: number; claimId: string }; reply: boolean };
}

/** What running once did: marked the page, found no article, Kontekst is off there, or the page could not be read. */
export type RunOnceReply = 'annotate' | 'none' | 'off' | 'unreadable';

/** What adding a pack answers: the stored pack (and the version it replaced), or its problems as "file: path: message" lines. */
export type AddPackReply = { ok: true; pack: PackSummary; replaced: string | null } | { ok: false; problems: string[] };

/** Longest pack text the options page sends; the same as MAX_PACK_BYTES in core/dataset/pack-format.ts (not imported: content scripts stay small). */
export const MAX_PACK_TEXT = 2 * 1024 * 1024;

/** Messages the annotator in a tab answers. */
export interface TabRequests {
  'background:show-claim': { payload: { claimId: string }; reply: boolean };
  /** The reader withdrew Kontekst's access to the page: take every mark away (scripting may no longer run there; messages still reach the annotator). */
  'background:clear': { payload: Record<string, never>; reply: boolean };
}

export type RequestName = keyof Requests;
export type TabRequestName = keyof TabRequests;

/** The wire format of every message. */
export interface Envelope<K extends string = string> {
  kontekst: 1;
  type: K;
  payload: unknown;
}

/** An object with exactly these own keys: nothing inherited, nothing extra to carry along into storage. */
const hasKeys = (v: unknown, keys: readonly string[]): v is Record<string, unknown> =>
  isObject(v) && Object.getPrototypeOf(v) === Object.prototype && Object.keys(v).length === keys.length && keys.every((k) => Object.hasOwn(v, k));
const isString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isStringOrNull = (v: unknown, max: number): boolean => v === null || isString(v, max);
const isTabId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isId = (v: unknown): v is string => isString(v, 80) && /^[a-z0-9-]+$/.test(v);
// A host name as URL.hostname gives it (lowercase ASCII, punycode; IPv6 in brackets).
const isSite = (v: unknown): v is string => isString(v, 253) && /^(?:[a-z0-9._-]+|\[[0-9a-f:.]+\])$/.test(v);
// What a reader's page reports: an ambiguous claim is reported missing (see readerStatus).
const STATUSES: readonly unknown[] = ['exact', 'fuzzy', 'missing'] satisfies readonly ReaderStatus[];

/** The longest page text the background accepts from the page reader (see SIGNAL_WORD_LIMIT). */
export const MAX_SIGNAL_TEXT = 100_000;
/** The longest page address or link accepted: real addresses with tracking parameters pass 2,048. */
export const MAX_ADDRESS = 16_384;

/** Validators for each payload, keyed like `Requests` and `TabRequests`. */
export const isPayload: { [K in RequestName | TabRequestName]: (v: unknown) => boolean } = {
  'content:changed': (v) => hasKeys(v, []),
  'content:get-article': (v) => hasKeys(v, []),
  'content:anchored': (v) =>
    hasKeys(v, ['claims']) &&
    Array.isArray(v.claims) &&
    v.claims.length <= 500 &&
    v.claims.every((c) => hasKeys(c, ['id', 'status']) && isId(c.id) && STATUSES.includes(c.status)),
  'content:cleared': (v) => hasKeys(v, []),
  'popup:get-state': (v) => hasKeys(v, ['tabId']) && isTabId(v.tabId),
  'popup:set-enabled': (v) => hasKeys(v, ['enabled']) && typeof v.enabled === 'boolean',
  'popup:set-site': (v) => hasKeys(v, ['site', 'enabled']) && isSite(v.site) && typeof v.enabled === 'boolean',
  'popup:run-once': (v) => hasKeys(v, ['tabId']) && isTabId(v.tabId),
  'options:pack-origins': (v) => hasKeys(v, []),
  'popup:show-claim': (v) => hasKeys(v, ['tabId', 'claimId']) && isTabId(v.tabId) && isId(v.claimId),
  'options:list-packs': (v) => hasKeys(v, []),
  'options:add-pack': (v) => hasKeys(v, ['file', 'text']) && isString(v.file, 255) && isString(v.text, MAX_PACK_TEXT),
  'options:remove-pack': (v) => hasKeys(v, ['id']) && isId(v.id),
  'background:show-claim': (v) => hasKeys(v, ['claimId']) && isId(v.claimId),
  'background:clear': (v) => hasKeys(v, []),
};

/** Checks what the page reader (readPageFacts, run in the page) answered: the page's DOM is the page's to shape. */
export function isPageFacts(v: unknown): v is PageFacts {
  return (
    hasKeys(v, ['canonical', 'ogUrl', 'text']) &&
    isStringOrNull(v.canonical, MAX_ADDRESS) &&
    isStringOrNull(v.ogUrl, MAX_ADDRESS) &&
    isString(v.text, MAX_SIGNAL_TEXT)
  );
}

/** Reads an incoming message: its type and payload when both are well-formed, else null. */
export function readEnvelope<K extends RequestName | TabRequestName>(message: unknown, accepted: readonly K[]): { type: K; payload: unknown } | null {
  if (!hasKeys(message, ['kontekst', 'type', 'payload']) || message.kontekst !== 1 || typeof message.type !== 'string') return null;
  const type = message.type as K;
  if (!accepted.includes(type) || !isPayload[type](message.payload)) return null;
  return { type, payload: message.payload };
}

export function envelope<K extends string>(type: K, payload: unknown): Envelope<K> {
  return { kontekst: 1, type, payload };
}
