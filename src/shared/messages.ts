// Every message between Kontekst's parts, declared once: its name (by direction) and the checks
// of its payload and its reply (shapes.ts), from which both types come; those to and from a
// tab's scripts are declared in tab-messages.ts (the content script's bundle holds only them). Nothing is trusted
// before it is validated: payloads strictly (exact keys, bounded sizes), replies as far as a
// page of Kontekst reads them.
import type { PackSummary } from '../core/dataset/pack-format';
import type { MatchedBy } from '../core/recognition/recognize';
import type { FirstLook, PageFacts } from '../injected/read-page-facts';
import type { Settings } from './settings';
import { type Check, type Infer, arr, bool, either, int, loose, nullable, num, obj, oneOf, optional, str } from './shapes';
import { CONTENT_REQUESTS, type Declared, TAB_REQUESTS, type TabRequestName, type TabRequests, articlePack, datasetId as id, empty, message, readFrom, readerStatus } from './tab-messages';

export {
  type AnchoredReport,
  type ArticlePack,
  type ArticleStart,
  CONTENT_REQUESTS,
  type ContentRequestName,
  type Envelope,
  INJECTIONS,
  type Injections,
  TAB_REQUESTS,
  type TabRequestName,
  type TabRequests,
  envelope,
} from './tab-messages';

/** Why a tab shows no notes, or that it does. */
const tabStatus = oneOf('annotated', 'not-article', 'off', 'off-site', 'unsupported', 'pending', 'no-access');
export type TabStatus = Infer<typeof tabStatus>;

const tabId = int(0);
// A host name as URL.hostname gives it (lowercase ASCII, punycode; IPv6 in brackets).
const site = str(253, /^(?:[a-z0-9._-]+|\[[0-9a-f:.]+\])$/);
const strings = arr(str());

/** The longest page text the background accepts from the page reader (see SIGNAL_WORD_LIMIT). */
export const MAX_SIGNAL_TEXT = 100_000;
/** The longest markup the background accepts from the page reader (a small page's body: readPageFacts sends none longer). */
export const MAX_PAGE_MARKUP = 262_144;
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

/** Messages the background answers. */
export const REQUESTS = {
  ...CONTENT_REQUESTS,
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

const MESSAGES = { ...REQUESTS, ...TAB_REQUESTS };

/** Each message the background answers: its payload and reply types. */
export type Requests = Declared<typeof REQUESTS>;
export type RequestName = keyof Requests;

/** Validators for each payload, keyed like `Requests` and `TabRequests`. */
export const isPayload = Object.fromEntries(Object.entries(MESSAGES).map(([name, m]) => [name, m.payload])) as {
  [K in RequestName | TabRequestName]: Check<(Requests & TabRequests)[K]['payload']>;
};

/** Checks what the page reader (readPageFacts, run in the page) answered: the page's DOM is the page's to shape. */
export const isPageFacts: Check<PageFacts> = obj({ canonical: nullable(str(MAX_ADDRESS)), ogUrl: nullable(str(MAX_ADDRESS)), text: str(MAX_SIGNAL_TEXT), annotator: optional(bool), markup: optional(str(MAX_PAGE_MARKUP)) });

/** Checks what readPageFacts answered in its 'parsed' mode: how it found the document, and its facts. */
export const isFirstLook: Check<FirstLook> = obj({ state: oneOf('loading', 'interactive', 'complete'), facts: nullable(isPageFacts) });

/** Reads an incoming message: its type and payload when both are well-formed, else null. */
export function readEnvelope<K extends RequestName | TabRequestName>(message: unknown, accepted: readonly K[]): { type: K; payload: unknown } | null {
  return readFrom(MESSAGES, message, accepted);
}
