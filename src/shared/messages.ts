// Every message between Kontekst's parts, declared once: its name (by direction) and the checks
// of its payload and its reply (shapes.ts), from which both types come. Nothing is trusted
// before it is validated: payloads strictly (exact keys, bounded sizes), replies as far as a
// page of Kontekst reads them.
import type { ReaderStatus } from '../core/anchoring/anchor-quote';
import type { Language, PublicArticle } from '../core/dataset/model';
import type { PackSummary } from '../core/dataset/pack-format';
import type { MatchedBy } from '../core/recognition/recognize';
import type { FirstLook, PageFacts } from '../injected/read-page-facts';
import { CONTENT_KEYS, type ContentKey, type ContentStrings } from './i18n';
import type { Settings } from './settings';
import { type Check, type Infer, anything, arr, bool, either, int, loose, nullable, num, obj, oneOf, optional, str, trusted } from './shapes';

/** Why a tab shows no notes, or that it does. */
const tabStatus = oneOf('annotated', 'not-article', 'off', 'off-site', 'unsupported', 'pending', 'no-access');
export type TabStatus = Infer<typeof tabStatus>;

// What a reader's page reports: an ambiguous claim is reported missing (see readerStatus).
const readerStatus: Check<ReaderStatus> = oneOf('exact', 'fuzzy', 'missing');
/** A claim or pack id as the dataset writes them. */
const id = str(80, /^[a-z0-9-]+$/);
const tabId = int(0);
// A host name as URL.hostname gives it (lowercase ASCII, punycode; IPv6 in brackets).
const site = str(253, /^(?:[a-z0-9._-]+|\[[0-9a-f:.]+\])$/);
const strings = arr(str());
const empty = obj({});
const none = oneOf(null);

/** The longest page text the background accepts from the page reader (see SIGNAL_WORD_LIMIT). */
export const MAX_SIGNAL_TEXT = 100_000;
/** The longest page address or link accepted: real addresses with tracking parameters pass 2,048. */
export const MAX_ADDRESS = 16_384;
/** Longest pack text the options page sends; the same as MAX_PACK_BYTES in core/dataset/pack-format.ts (not imported: content scripts stay small). */
export const MAX_PACK_TEXT = 2 * 1024 * 1024;

/** Whether Kontekst may read a tab's site, and what to ask the browser for so it may. */
const siteAccess = loose({
  /** Host access covers the site: Kontekst reads it whenever it opens (false: only when the reader says so). */
  readable: bool,
  /** 'all': the reader granted every site; 'publishers': only the sites of the articles in the data. */
  scope: oneOf('all', 'publishers'),
  /** The site is one of the publishers' (the manifest asks for it); unreadable, the reader withheld it. */
  publisher: bool,
  /** The match patterns "Allow on this site" asks the browser for. */
  origins: strings,
});
export type SiteAccess = Infer<typeof siteAccess>;

const claimSummary = loose({
  id: str(),
  status: readerStatus,
  /** Title of the claim's first note, in the reader's language. */
  title: str(),
  notes: num,
  /** Date (YYYY-MM-DD) of the newest correction among the claim's notes; null when none was corrected. */
  corrected: optional(nullable(str())),
});
export type ClaimSummary = Infer<typeof claimSummary>;

/**
 * The added dataset pack an article came from, as the card names it. A pack that is neither null
 * nor named fails the whole reply: notes shown without their pack's name would read as Kontekst's own.
 */
const articlePack = loose({ name: str() });
export type ArticlePack = Infer<typeof articlePack>;

const settings: Check<Settings> = loose({ enabled: bool, disabledSites: strings });

const tabState = loose({
  status: tabStatus,
  site: nullable(str()),
  settings,
  /** The recognised article; `publisher` and `published` say whose it is, for a page recognised as a copy (matchedBy not 'url'). */
  article: nullable(
    loose({
      id: str(),
      headline: str(),
      matchedBy: oneOf('url', 'canonical', 'content') satisfies Check<MatchedBy>,
      publisher: optional(str()),
      published: optional(str()),
    }),
  ),
  /** The added pack the annotated article's notes come from; absent or null for the bundled dataset. */
  pack: optional(nullable(articlePack)),
  claims: arr(claimSummary),
  /** Host access to the tab's site; null where the tab's address is unknown or not a web page. */
  access: optional(nullable(siteAccess)),
});
export type TabState = Infer<typeof tabState>;

/** What running once did: marked the page, found no article, Kontekst is off there, or the page could not be read. */
const runOnceReply = oneOf('annotate', 'none', 'off', 'unreadable');
export type RunOnceReply = Infer<typeof runOnceReply>;

const packSummary: Check<PackSummary> = loose({ id: str(), name: str(), version: str(), articles: num, bytes: num });

/** What adding a pack answers: the stored pack (and the version it replaced), or its problems as "file: path: message" lines. */
const addPackReply = either(loose({ ok: oneOf(true), pack: packSummary, replaced: nullable(str()) }), loose({ ok: oneOf(false), problems: strings }));
export type AddPackReply = Infer<typeof addPackReply>;

/**
 * What the background hands the annotator with its injection (scripting.executeScript's args, so
 * the page need not ask for it): read by the card defensively, so its check reads only what starts it.
 */
const articleStart = loose({
  article: trusted<PublicArticle>(loose({ claims: arr(anything) })),
  language: oneOf('da', 'en') satisfies Check<Language>,
  pack: nullable(articlePack),
  /** The page is a copy (recognised by its links or text, not at the article's own address). */
  copy: optional(bool),
  /** The annotator's strings in the reader's language (contentStrings): the page then never calls the i18n API. */
  strings: loose(Object.fromEntries(CONTENT_KEYS.map((key) => [key, str()])) as Record<ContentKey, Check<string>>) as Check<ContentStrings>,
});
export type ArticleStart = Infer<typeof articleStart>;

/** What the annotator anchored: each claim's status, as the badge and the popup count them. */
const anchoredReport = obj({ claims: arr(obj({ id, status: readerStatus }), 500) });
export type AnchoredReport = Infer<typeof anchoredReport>;

/** One message: the check of its payload (strict: exact keys, bounded sizes) and of its reply. */
const message = <P, R>(payload: Check<P>, reply: Check<R>): { payload: Check<P>; reply: Check<R> } => ({ payload, reply });

/** Messages the background answers. */
export const REQUESTS = {
  /** Growth watcher → background: much new text arrived in the page; recognise it again. */
  'content:changed': message(empty, none),
  /** Annotator → background: what was anchored again, after the page changed (for the badge and the popup; the first anchoring answers 'annotator:start'). */
  'content:anchored': message(anchoredReport, none),
  /** Annotator → background: the page was torn down (turned off, or left the article). */
  'content:cleared': message(empty, none),
  /** Popup → background: the state of a tab. */
  'popup:get-state': message(obj({ tabId }), tabState),
  /** Popup → background: turn Kontekst on or off everywhere. */
  'popup:set-enabled': message(obj({ enabled: bool }), settings),
  /** Popup → background: turn Kontekst on or off for one site. */
  'popup:set-site': message(obj({ site, enabled: bool }), settings),
  /** Options page → background: the dataset packs the reader added. */
  'options:list-packs': message(empty, arr(packSummary)),
  /** Options page → background: check a pack file's text and store the pack when it passes. */
  'options:add-pack': message(obj({ file: str(255), text: str(MAX_PACK_TEXT) }), addPackReply),
  /** Options page → background: remove an added pack. */
  'options:remove-pack': message(obj({ id }), bool),
  /** Popup → background: recognise the page in a tab once, with the access the reader's click gave (activeTab). */
  'popup:run-once': message(obj({ tabId }), runOnceReply),
  /** Options page → background: the sites of the added packs' articles, as match patterns. */
  'options:pack-origins': message(empty, strings),
  /** Popup → background: scroll a tab to a claim and open its card. */
  'popup:show-claim': message(obj({ tabId, claimId: id }), bool),
};

/** Messages the annotator in a tab answers. */
export const TAB_REQUESTS = {
  'background:show-claim': message(obj({ claimId: id }), bool),
  /** The reader withdrew Kontekst's access to the page: take every mark away (scripting may no longer run there; messages still reach the annotator). */
  'background:clear': message(empty, bool),
};

/**
 * Functions the background runs in the annotator's page (src/injected/annotator-start.ts): what
 * it hands them (args) and what they answer (scripting.executeScript's result, checked like a reply).
 */
export const INJECTIONS = {
  /** The recognised article for the page; `pack` names the added pack it came from (null: the bundled dataset). Answers the first anchoring's statuses (null: no annotator there). */
  'annotator:start': message(articleStart, nullable(anchoredReport)),
};

type Declared<T> = { [K in keyof T]: T[K] extends { payload: Check<infer P>; reply: Check<infer R> } ? { payload: P; reply: R } : never };
/** Each message the background answers: its payload and reply types. */
export type Requests = Declared<typeof REQUESTS>;
export type TabRequests = Declared<typeof TAB_REQUESTS>;
export type Injections = Declared<typeof INJECTIONS>;
export type RequestName = keyof Requests;
export type TabRequestName = keyof TabRequests;

const MESSAGES = { ...REQUESTS, ...TAB_REQUESTS };

/** Validators for each payload, keyed like `Requests` and `TabRequests`. */
export const isPayload = Object.fromEntries(Object.entries(MESSAGES).map(([name, m]) => [name, m.payload])) as {
  [K in RequestName | TabRequestName]: Check<(Requests & TabRequests)[K]['payload']>;
};

/** The wire format of every message. */
export interface Envelope<K extends string = string> {
  kontekst: 1;
  type: K;
  payload: unknown;
}

const envelopeShape = obj({ kontekst: oneOf(1), type: str(), payload: anything });

/** Checks what the page reader (readPageFacts, run in the page) answered: the page's DOM is the page's to shape. */
export const isPageFacts: Check<PageFacts> = obj({ canonical: nullable(str(MAX_ADDRESS)), ogUrl: nullable(str(MAX_ADDRESS)), text: str(MAX_SIGNAL_TEXT), annotator: optional(bool) });

/** Checks what readPageFacts answered in its 'parsed' mode: how it found the document, and its facts. */
export const isFirstLook: Check<FirstLook> = obj({ state: oneOf('loading', 'interactive', 'complete'), facts: nullable(isPageFacts) });

/** Reads an incoming message: its type and payload when both are well-formed, else null. */
export function readEnvelope<K extends RequestName | TabRequestName>(message: unknown, accepted: readonly K[]): { type: K; payload: unknown } | null {
  if (!envelopeShape(message)) return null;
  const type = message.type as K;
  if (!accepted.includes(type) || !MESSAGES[type].payload(message.payload)) return null;
  return { type, payload: message.payload };
}

export function envelope<K extends string>(type: K, payload: unknown): Envelope<K> {
  return { kontekst: 1, type, payload };
}
