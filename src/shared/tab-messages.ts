// The messages between the background and Kontekst's scripts in a tab, declared like the rest
// (messages.ts re-exports them): the content script imports only this module, so its bundle
// holds, and builds on every recognised page, only its own messages' checks and not the popup's
// and options page's (esbuild keeps every top-level call of a module it bundles: a check built
// by shapes.ts's combinators cannot be tree-shaken away). Its larger checks are built when first
// used (lazy): on most loads the annotator reads only what starts it.
import type { FoldedSelector, ReaderStatus } from '../core/anchoring/anchor-quote';
import type { Language, PublicArticle } from '../core/dataset/model';
import { CONTENT_KEYS, type ContentStrings } from './i18n';
import { type Check, type Infer, anything, arr, bool, lazy, loose, nullable, obj, oneOf, optional, str, trusted } from './shapes';

// What a reader's page reports: an ambiguous claim is reported missing (see readerStatus).
export const readerStatus: Check<ReaderStatus> = oneOf('exact', 'fuzzy', 'missing');
/** A claim or pack id as the dataset writes them. */
export const datasetId = str(80, /^[a-z0-9-]+$/);
/** The payload of a message that carries nothing. */
export const empty = obj({});
const none = oneOf(null);

/**
 * The added dataset pack an article came from, as the card names it. A pack that is neither null
 * nor named fails the whole reply: notes shown without their pack's name would read as Kontekst's own.
 */
export const articlePack = loose({ name: str() });
export type ArticlePack = Infer<typeof articlePack>;

/**
 * The longest folded quote and context the start carries: the dataset schema's limits for a
 * claim's exact (1,000) and prefix or suffix (64; src/dataset/article.schema.json), as folding
 * never lengthens text but keeps one space at either end of a context. At most 500 claims an article.
 */
export const MAX_FOLDED = { exact: 1_000, context: 64 + 2, claims: 500 };

const foldedSelector: Check<FoldedSelector> = lazy(() => obj({ exact: str(MAX_FOLDED.exact), prefix: str(MAX_FOLDED.context), suffix: str(MAX_FOLDED.context) }));

/**
 * What the background hands the annotator with its injection (scripting.executeScript's args, so
 * the page need not ask for it): read by the card defensively, so its check reads only what starts it.
 */
const articleStart = lazy(() =>
  loose({
    article: trusted<PublicArticle>(loose({ claims: arr(anything) })),
    language: oneOf('da', 'en') satisfies Check<Language>,
    pack: nullable(articlePack),
    /**
     * Each claim's selector folded (foldClaims, in the article's order): folded once per article in
     * the background, not on every page load. Checked strictly; a list of another length than the
     * claims is not used (the annotator folds them itself).
     */
    folded: arr(foldedSelector, MAX_FOLDED.claims),
    /** The page is a copy (recognised by its links or text, not at the article's own address). */
    copy: optional(bool),
    /** The annotator's strings in the reader's language (contentStrings): the page then never calls the i18n API. */
    strings: loose(eachString(CONTENT_KEYS)) as Check<ContentStrings>,
  }),
);
export type ArticleStart = Infer<typeof articleStart>;

/**
 * A shape of these keys, each any string: a loop, not Object.fromEntries over a map, which run
 * self-hosted and cold in a fresh Firefox content script (with messages.ts's isPayload, ~0.5 ms
 * a load in the Gecko profile of the seed article when the bundle's top level ran both).
 */
function eachString<K extends string>(keys: readonly K[]): Record<K, Check<string>> {
  const shape = {} as Record<K, Check<string>>;
  const text = str();
  for (let i = 0; i < keys.length; i++) shape[keys[i] as K] = text;
  return shape;
}

/** What the annotator anchored: each claim's status, as the badge and the popup count them. */
const anchoredReport = lazy(() => obj({ claims: arr(obj({ id: datasetId, status: readerStatus }), 500) }));
export type AnchoredReport = Infer<typeof anchoredReport>;

/** One message: the check of its payload (strict: exact keys, bounded sizes) and of its reply. */
export const message = <P, R>(payload: Check<P>, reply: Check<R>): { payload: Check<P>; reply: Check<R> } => ({ payload, reply });

/** Messages the background answers from Kontekst's scripts in a tab (messages.ts's REQUESTS has them all). */
export const CONTENT_REQUESTS = {
  /** Growth watcher → background: much new text arrived in the page; recognise it again. */
  'content:changed': message(empty, none),
  /** Annotator → background: what was anchored again, after the page changed (for the badge and the popup; the first anchoring answers 'annotator:start'). */
  'content:anchored': message(anchoredReport, none),
  /** Annotator → background: the page was torn down (turned off, or left the article). */
  'content:cleared': message(empty, none),
};

/** Messages the annotator in a tab answers. */
export const TAB_REQUESTS = {
  'background:show-claim': message(lazy(() => obj({ claimId: datasetId })), bool),
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

/** A table of messages' payload and reply types. */
export type Declared<T> = { [K in keyof T]: T[K] extends { payload: Check<infer P>; reply: Check<infer R> } ? { payload: P; reply: R } : never };
export type TabRequests = Declared<typeof TAB_REQUESTS>;
export type Injections = Declared<typeof INJECTIONS>;
export type TabRequestName = keyof TabRequests;
export type ContentRequestName = keyof typeof CONTENT_REQUESTS;

/** The wire format of every message. */
export interface Envelope<K extends string = string> {
  kontekst: 1;
  type: K;
  payload: unknown;
}

const envelopeShape = lazy(() => obj({ kontekst: oneOf(1), type: str(), payload: anything }));

/** Reads an incoming message of one of `table`'s types: its type and payload when both are well-formed and the type is accepted, else null. */
export function readFrom<K extends string>(table: { readonly [N in K]: { payload: Check<unknown> } }, message: unknown, accepted: readonly K[]): { type: K; payload: unknown } | null {
  if (!envelopeShape(message)) return null;
  const type = message.type as K;
  if (!accepted.includes(type) || !table[type].payload(message.payload)) return null;
  return { type, payload: message.payload };
}

/** Reads a message from the background to the annotator (readFrom over TAB_REQUESTS). */
export function readTabRequest<K extends TabRequestName>(message: unknown, accepted: readonly K[]): { type: K; payload: unknown } | null {
  return readFrom(TAB_REQUESTS, message, accepted);
}

export function envelope<K extends string>(type: K, payload: unknown): Envelope<K> {
  return { kontekst: 1, type, payload };
}
