// What each answer from the background must look like before a page of Kontekst uses it,
// keyed like `Requests`: the background is Kontekst's own, but a reply from a background of
// another version (an update under an open page), or no reply, must fail in one known way.
import type { AnchorStatus } from '../core/anchoring/anchor-quote';
import { isObject } from '../core/dataset/json-object';
import type { RequestName, Requests, TabStatus } from './messages';

type ReplyChecks = { [K in RequestName]: (v: unknown) => v is Requests[K]['reply'] };

const TAB_STATUSES: readonly TabStatus[] = ['annotated', 'not-article', 'off', 'off-site', 'unsupported', 'pending', 'no-access'];
const ANCHOR_STATUSES: readonly AnchorStatus[] = ['exact', 'fuzzy', 'missing'];
const RUN_ONCE: readonly unknown[] = ['annotate', 'none', 'off', 'unreadable'];

const isNull = (v: unknown): v is null => v === null;
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isSettings = (v: unknown): v is Requests['popup:set-enabled']['reply'] => isObject(v) && typeof v.enabled === 'boolean' && isStrings(v.disabledSites);
// A pack that is neither null nor named fails the whole reply: notes shown without their
// pack's name would read as Kontekst's own.
const isPack = (v: unknown): boolean => v === null || (isObject(v) && typeof v.name === 'string');
const isClaimSummary = (v: unknown): boolean =>
  isObject(v) && typeof v.id === 'string' && ANCHOR_STATUSES.includes(v.status as AnchorStatus) && typeof v.title === 'string' && typeof v.notes === 'number';

/** Checks of each reply, keyed like `Requests`. */
export const isReply: ReplyChecks = {
  'content:changed': isNull,
  'content:get-article': (v): v is Requests['content:get-article']['reply'] =>
    v === null ||
    (isObject(v) && isPack(v.pack) && (v.language === 'da' || v.language === 'en') && isObject(v.article) && Array.isArray(v.article.claims)),
  'content:anchored': isNull,
  'content:cleared': isNull,
  'popup:get-state': (v): v is Requests['popup:get-state']['reply'] =>
    isObject(v) &&
    TAB_STATUSES.includes(v.status as TabStatus) &&
    (v.site === null || typeof v.site === 'string') &&
    isSettings(v.settings) &&
    (v.article === null || (isObject(v.article) && typeof v.article.id === 'string' && typeof v.article.headline === 'string')) &&
    (v.pack === undefined || isPack(v.pack)) &&
    Array.isArray(v.claims) &&
    v.claims.every(isClaimSummary) &&
    (v.access === undefined || v.access === null || (isObject(v.access) && typeof v.access.readable === 'boolean' && isStrings(v.access.origins))),
  'popup:set-enabled': isSettings,
  'popup:set-site': isSettings,
  'popup:run-once': (v): v is Requests['popup:run-once']['reply'] => RUN_ONCE.includes(v),
  'popup:show-claim': isBoolean,
  'options:list-packs': (v): v is Requests['options:list-packs']['reply'] => Array.isArray(v) && v.every((p) => isObject(p) && typeof p.id === 'string' && typeof p.name === 'string'),
  'options:add-pack': (v): v is Requests['options:add-pack']['reply'] =>
    isObject(v) && (v.ok === true ? isObject(v.pack) && (v.replaced === null || typeof v.replaced === 'string') : v.ok === false && isStrings(v.problems)),
  'options:remove-pack': isBoolean,
  'options:pack-origins': isStrings,
};
