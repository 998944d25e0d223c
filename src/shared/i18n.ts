// UI text through the browser's i18n API (_locales/<lang>/messages.json), so content
// scripts and the popup speak the reader's language without shipping their own tables.
import type { Language, NoteKind } from '../core/dataset/model';

/** Every UI string key; both _locales files carry each one (a unit test checks). */
export type MessageKey =
  | 'markerLabel'
  | 'cardBrand'
  | 'cardClose'
  | 'cardSources'
  | 'cardAsOf'
  | 'cardOpensInNewTab'
  | 'cardWordingDiffers'
  | 'cardPackSource'
  | 'copySource'
  | 'cardSourceAccessed'
  | 'cardCorrected'
  | 'popupCorrected'
  | 'optionsEditorialPolicy'
  | 'optionsReportMistake'
  | 'kindBackground'
  | 'kindClarification'
  | 'kindDisputed'
  | 'kindLaterDevelopment'
  | 'kindSource'
  | 'popupTitle'
  | 'popupEnabled'
  | 'popupSite'
  | 'popupSiteUnknown'
  | 'popupNotesOne'
  | 'popupNotesOther'
  | 'popupClaimNotesOne'
  | 'popupClaimNotesOther'
  | 'popupClaimsLabel'
  | 'popupPrivacy'
  | 'popupPacks'
  | 'statusNotArticle'
  | 'statusOff'
  | 'statusOffSite'
  | 'statusUnsupported'
  | 'statusPending'
  | 'statusNoneFound'
  | 'statusError'
  | 'statusNoAccess'
  | 'accessPublishersOnly'
  | 'accessWithheld'
  | 'accessReadOnce'
  | 'accessAllowSite'
  | 'accessRunOnce'
  | 'accessDenied'
  | 'accessRunFailed';

/** The part of the extension API that localisation needs. */
export interface I18nApi {
  getMessage(key: string, substitutions?: string | string[]): string;
  getUILanguage(): string;
}

/** A message in the reader's language; `substitutions` fill $1…$9 in order. */
export type Translate<K extends MessageKey = MessageKey> = (key: K, ...substitutions: string[]) => string;

/** Binds message lookup to an i18n API. */
export function translator(i18n: I18nApi): Translate {
  return (key, ...substitutions) => i18n.getMessage(key, substitutions.length ? substitutions : undefined);
}

/** The keys the annotator shows (its markers and card): the background hands them over with the article. */
export const CONTENT_KEYS = [
  'markerLabel',
  'cardBrand',
  'cardClose',
  'cardSources',
  'cardAsOf',
  'cardOpensInNewTab',
  'cardWordingDiffers',
  'cardPackSource',
  'copySource',
  'cardSourceAccessed',
  'cardCorrected',
  'kindBackground',
  'kindClarification',
  'kindDisputed',
  'kindLaterDevelopment',
  'kindSource',
] as const satisfies readonly MessageKey[];
export type ContentKey = (typeof CONTENT_KEYS)[number];
/** The annotator's strings in the reader's language, with a slot (SLOTS) where each substitution goes. */
export type ContentStrings = Record<ContentKey, string>;

// Stand-ins for $1…$9 while the background formats the strings (private-use characters: no
// locale text has them); the page fills them in one pass, so a value is never read as a slot.
const SLOTS = ['\uE001', '\uE002', '\uE003', '\uE004', '\uE005', '\uE006', '\uE007', '\uE008', '\uE009'];

/**
 * The annotator's strings, looked up once where the extension API is at hand (the background):
 * in Firefox a content script's first `browser.i18n` call builds the extension API in the page
 * (milliseconds of the page's main thread; bench, "Cost on the article itself").
 */
export function contentStrings(i18n: I18nApi): ContentStrings {
  return Object.fromEntries(CONTENT_KEYS.map((key) => [key, i18n.getMessage(key, SLOTS)])) as ContentStrings;
}

// A string split at its slots, the slots kept: text, slot, text, ... (a split's capture group).
const AT_SLOTS = /([\uE001-\uE009])/;

/** Message lookup in strings handed over by contentStrings: the same text `translator` gives. */
export function stringsTranslator(strings: ContentStrings): Translate<ContentKey> {
  // Each string is split at its slots once, then filled by joining: a replace with a callback for
  // every call ran in Firefox's cold content script once per marker (its label), ~0.5 ms a load
  // in the Gecko profile of the seed article (bench "Cost on the article itself").
  const split = new Map<ContentKey, string[]>();
  return (key, ...substitutions) => {
    let parts = split.get(key);
    if (!parts) split.set(key, (parts = strings[key].split(AT_SLOTS)));
    let text = parts[0] as string;
    for (let i = 1; i < parts.length; i += 2) text += (substitutions[(parts[i] as string).charCodeAt(0) - 0xe001] ?? '') + (parts[i + 1] as string);
    return text;
  };
}

/** The reader's language for notes: the browser's UI language when it is Danish, else English. */
export function readerLanguage(i18n: I18nApi): Language {
  return i18n.getUILanguage().toLowerCase().startsWith('da') ? 'da' : 'en';
}

const KIND_KEYS: Record<NoteKind, ContentKey> = {
  background: 'kindBackground',
  clarification: 'kindClarification',
  disputed: 'kindDisputed',
  'later-development': 'kindLaterDevelopment',
  source: 'kindSource',
};

/** The message key naming a note kind. */
export function kindKey(kind: NoteKind): ContentKey {
  return KIND_KEYS[kind];
}

const LOCALES: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };

/** A dataset date (YYYY-MM-DD) written out in `language`, e.g. "27. juli 2018" / "27 July 2018". */
export function formatDate(isoDate: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(LOCALES[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** Chooses the singular or plural message for `count` by the language's plural rules. */
export function plural(t: Translate, language: Language, count: number, one: MessageKey, other: MessageKey): string {
  const form = new Intl.PluralRules(LOCALES[language]).select(count);
  return t(form === 'one' ? one : other, String(count));
}
