// The message validators (src/shared/messages.ts) against hostile payloads: what a compromised
// content script, a confused sender or a future version could put on the wire. Messages arrive
// deserialised (JSON-like), so hostile objects are built with JSON.parse, as the browser would.
import { describe, expect, it } from 'vitest';
import { CONTENT_KEYS } from '../../../src/shared/i18n';
import { readTabRequest } from '../../../src/shared/tab-messages';
import { INJECTIONS, MAX_ADDRESS, MAX_PACK_TEXT, MAX_SIGNAL_TEXT, type RequestName, type TabRequestName, envelope, isPageFacts, isPayload, readEnvelope } from '../../../src/shared/messages';

type Name = RequestName | TabRequestName;
const wire = (json: string): unknown => JSON.parse(json);
const longAddress = `https://jyllands-posten.dk/international/europa/ECE10772669/putin-har-inviteret-trump-til-moskva/?${'utm_content=x&'.repeat(220)}`;

/** A well-formed payload of each message, as Kontekst's own parts send it. */
const GOOD: Record<Name, unknown> = {
  'content:changed': {},
  'content:anchored': { claims: [{ id: 'putin-invitation', status: 'exact' }, { id: 'g20-buenos-aires', status: 'missing' }] },
  'content:cleared': {},
  'popup:get-state': { tabId: 12 },
  'popup:set-enabled': { enabled: false },
  'popup:set-site': { site: 'jyllands-posten.dk', enabled: false },
  'popup:show-claim': { tabId: 12, claimId: 'putin-invitation' },
  'options:list-packs': {},
  'options:add-pack': { file: 'pakke.json', text: '{"kontekstPack":1}' },
  'options:remove-pack': { id: 'min-pakke' },
  'popup:run-once': { tabId: 12 },
  'options:pack-origins': {},
  'background:show-claim': { claimId: 'putin-invitation' },
  'background:clear': {},
};

const rows: [reason: string, name: Name, payload: unknown, accepted: boolean][] = [
  // What Kontekst's own parts send passes.
  ...Object.entries(GOOD).map(([name, payload]): [string, Name, unknown, boolean] => [`${name} as Kontekst sends it`, name as Name, payload, true]),
  ['a pack at its size limit', 'options:add-pack', { file: 'p.json', text: 'x'.repeat(MAX_PACK_TEXT) }, true],
  ['an IPv6 host as a site', 'popup:set-site', { site: '[::1]', enabled: true }, true],
  ['an empty claim list (nothing anchored)', 'content:anchored', { claims: [] }, true],
  ['run once on a negative tab id', 'popup:run-once', { tabId: -1 }, false],
  ['run once with an extra key (an address to read instead)', 'popup:run-once', { tabId: 3, url: 'https://a.dk/' }, false],
  ['pack origins with a payload', 'options:pack-origins', { origins: ['*://*/*'] }, false],

  // Wrong shapes.
  ['no payload', 'content:cleared', undefined, false],
  ['null', 'popup:get-state', null, false],
  ['an array for an object', 'content:cleared', [], false],
  ['a string for an object', 'popup:set-enabled', 'true', false],
  ['a number for a boolean', 'popup:set-enabled', { enabled: 1 }, false],
  ['a string for a boolean', 'popup:set-site', { site: 'a.dk', enabled: 'false' }, false],
  ['a tab id as a string', 'popup:get-state', { tabId: '12' }, false],
  ['a negative tab id', 'popup:get-state', { tabId: -1 }, false],
  ['a fractional tab id', 'popup:get-state', { tabId: 1.5 }, false],
  ['an unsafe integer tab id', 'popup:get-state', { tabId: 2 ** 60 }, false],
  ['claims as an object', 'content:anchored', { claims: { 0: { id: 'a', status: 'exact' } } }, false],
  ['a claim with an unknown status', 'content:anchored', { claims: [{ id: 'a', status: 'probably' }] }, false],
  ['a claim id with a path in it', 'content:anchored', { claims: [{ id: '../../etc', status: 'exact' }] }, false],
  ['a claim id with capitals and spaces', 'popup:show-claim', { tabId: 1, claimId: 'Putin Invitation' }, false],
  ['an article id that is a path', 'options:remove-pack', { id: '../data/index' }, false],
  ['a site that is not a host name', 'popup:set-site', { site: 'javascript:alert(1)', enabled: false }, false],
  ['a site with a path', 'popup:set-site', { site: 'a.dk/x', enabled: false }, false],
  ['an empty site', 'popup:set-site', { site: '', enabled: false }, false],
  ['a missing field', 'popup:set-site', { site: 'a.dk' }, false],

  // Too big.
  ['a pack over the limit', 'options:add-pack', { file: 'p.json', text: 'x'.repeat(MAX_PACK_TEXT + 1) }, false],
  ['a 256-character pack file name', 'options:add-pack', { file: 'x'.repeat(256), text: '{}' }, false],
  ['501 claims', 'content:anchored', { claims: Array.from({ length: 501 }, (_, i) => ({ id: `c${i}`, status: 'exact' })) }, false],
  ['an 81-character claim id', 'background:show-claim', { claimId: 'a'.repeat(81) }, false],
  ['a 254-character site', 'popup:set-site', { site: 'a'.repeat(254), enabled: true }, false],

  // Extra fields: nothing rides along into storage or handlers.
  ['an extra field on an empty payload', 'content:cleared', { evil: 'x'.repeat(1000) }, false],
  ['an extra field on changed', 'content:changed', { text: 'x'.repeat(1000) }, false],
  ['an extra field on a claim (it would be stored with the tab)', 'content:anchored', { claims: [{ id: 'a', status: 'exact', note: 'x'.repeat(100_000) }] }, false],
  ['an extra field on set-enabled', 'popup:set-enabled', { enabled: true, disabledSites: ['*'] }, false],

  // Prototype-pollution keys, as a deserialised message carries them (own properties).
  ['a "__proto__" key on an empty payload', 'content:cleared', wire('{"__proto__": {"polluted": true}}'), false],
  ['a "__proto__" key carrying the field', 'popup:set-enabled', wire('{"__proto__": {"enabled": true}}'), false],
  ['a "constructor" key beside the fields', 'popup:get-state', wire('{"tabId": 1, "constructor": {"prototype": {"polluted": true}}}'), false],
  ['a "__proto__" key inside a claim', 'content:anchored', wire('{"claims": [{"id": "a", "status": "exact", "__proto__": {"x": 1}}]}'), false],
  ['fields inherited from a prototype, not own', 'popup:get-state', Object.create({ tabId: 1 }) as unknown, false],
  ['an object with a null prototype', 'content:cleared', Object.create(null) as unknown, false],
];

describe('message payload validators', () => {
  it.each(rows)('%s (%s)', (_reason, name, payload, accepted) => {
    expect(isPayload[name](payload)).toBe(accepted);
  });

  it('never let Object.prototype be changed by what they read', () => {
    for (const [, name, payload] of rows) isPayload[name](payload);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// What the page reader answers from inside the page (src/injected/read-page-facts.ts, run by
// scripting.executeScript): the page shapes the DOM it reads, so the answer is checked too.
const facts: [reason: string, value: unknown, accepted: boolean][] = [
  ['links and text as the reader returns them', { canonical: 'https://a.dk/x', ogUrl: null, text: 'Tekst' }, true],
  ['a link over 2,048 characters (tracking parameters) is still a link to recognise', { canonical: longAddress, ogUrl: longAddress, text: '' }, true],
  ['the page text at its limit', { canonical: null, ogUrl: null, text: 'x'.repeat(MAX_SIGNAL_TEXT) }, true],
  ['a missing field', { canonical: null, ogUrl: null }, false],
  ['canonical as a number', { canonical: 7, ogUrl: null, text: '' }, false],
  ['text as null', { canonical: null, ogUrl: null, text: null }, false],
  ['a page text over the limit', { canonical: null, ogUrl: null, text: 'x'.repeat(MAX_SIGNAL_TEXT + 1) }, false],
  ['a link over the limit', { canonical: `https://a.dk/${'x'.repeat(MAX_ADDRESS)}`, ogUrl: null, text: '' }, false],
  ['an extra field', { canonical: null, ogUrl: null, text: '', url: 'https://bank.example/' }, false],
  ['nothing (the reader threw, or the page was not a document)', undefined, false],
];

describe('the page reader\'s answer', () => {
  it.each(facts)('%s: accepted %s', (_reason, value, accepted) => {
    expect(isPageFacts(value)).toBe(accepted);
  });
});

describe('readEnvelope', () => {
  const detect = GOOD['content:anchored'];
  it.each([
    ['a well-formed message of an accepted type', envelope('content:anchored', detect), ['content:anchored'], true],
    ['a type the sender may not send (a content script asking to add a pack)', envelope('options:add-pack', GOOD['options:add-pack']), ['content:anchored', 'content:changed'], false],
    ['an unknown type', { kontekst: 1, type: 'content:eval', payload: {} }, ['content:anchored'], false],
    ['a type named like an Object.prototype member', { kontekst: 1, type: 'constructor', payload: {} }, ['content:anchored'], false],
    ['"__proto__" as the type', wire('{"kontekst": 1, "type": "__proto__", "payload": {}}'), ['content:anchored'], false],
    ['another format version', { kontekst: 2, type: 'content:anchored', payload: detect }, ['content:anchored'], false],
    ['no version', { type: 'content:anchored', payload: detect }, ['content:anchored'], false],
    ['an extra field on the envelope', { kontekst: 1, type: 'content:anchored', payload: detect, reply: 'x' }, ['content:anchored'], false],
    ['a string message', 'content:anchored', ['content:anchored'], false],
    ['null', null, ['content:anchored'], false],
    ['a bad payload under a good type', envelope('content:anchored', { claims: 7 }), ['content:anchored'], false],
  ] as [string, unknown, Name[], boolean][])('%s', (_reason, message, accepted, ok) => {
    const read = readEnvelope(message, accepted);
    expect(read !== null).toBe(ok);
    if (read) expect(read.payload).toBe((message as { payload: unknown }).payload);
  });
});

// The annotator reads the background's messages through its own table (tab-messages.ts): the same checks.
describe('readTabRequest', () => {
  const accepted = ['background:show-claim', 'background:clear'] as const;
  it.each([
    ['show a claim, as the background sends it', envelope('background:show-claim', GOOD['background:show-claim']), true],
    ['clear, as the background sends it', envelope('background:clear', {}), true],
    ['a claim id that is not one', envelope('background:show-claim', { claimId: '<img src=x>' }), false],
    ['an extra key on the payload', envelope('background:clear', { all: true }), false],
    ['a message the background answers, not the annotator', envelope('content:cleared', {}), false],
    ['a popup message', envelope('popup:get-state', { tabId: 1 }), false],
    ['"__proto__" as the type', wire('{"kontekst": 1, "type": "__proto__", "payload": {}}'), false],
    ['another format version', { kontekst: 2, type: 'background:clear', payload: {} }, false],
  ] as [string, unknown, boolean][])('%s: read %s', (_reason, message, ok) => {
    expect(readTabRequest(message, [...accepted]) !== null).toBe(ok);
  });
});

describe("what the background hands the annotator and what it answers ('annotator:start')", () => {
  const strings = Object.fromEntries(CONTENT_KEYS.map((key) => [key, key]));
  const start = { article: { claims: [] }, language: 'da', pack: null, folded: [], strings };
  const fold = { exact: 'Putin sagde fredag', prefix: ' ', suffix: ', at' };
  it.each([
    ['the article, the language, no pack and the strings', start, true],
    ['a copy, from a named pack', { ...start, copy: true, pack: { name: 'Egne noter' } }, true],
    ["a pack with no name (its notes would read as Kontekst's own)", { ...start, pack: {} }, false],
    ['a language the card cannot show', { ...start, language: 'de' }, false],
    ['no strings', { ...start, strings: undefined }, false],
    ['a string missing', { ...start, strings: { ...strings, cardClose: undefined } }, false],
    ['claims that are not a list', { ...start, article: { claims: {} } }, false],
    ['folded selectors at the longest the dataset allows (1,000 and 64 + a space at each end)', { ...start, folded: [{ exact: 'x'.repeat(1000), prefix: 'x'.repeat(66), suffix: 'x'.repeat(66) }] }, true],
    ['500 folded selectors (the most claims an article has)', { ...start, folded: Array(500).fill(fold) }, true],
    ['no folded selectors (the page would fold them on every load)', { ...start, folded: undefined }, false],
    ['folded selectors that are not a list', { ...start, folded: fold }, false],
    ['501 folded selectors', { ...start, folded: Array(501).fill(fold) }, false],
    ['a folded quote longer than any claim', { ...start, folded: [{ ...fold, exact: 'x'.repeat(1001) }] }, false],
    ['a folded prefix longer than any context', { ...start, folded: [{ ...fold, prefix: 'x'.repeat(67) }] }, false],
    ['a folded suffix that is not text', { ...start, folded: [{ ...fold, suffix: 7 }] }, false],
    ['a folded selector without its prefix', { ...start, folded: [{ exact: fold.exact, suffix: fold.suffix }] }, false],
    ['a folded selector with a key more', { ...start, folded: [{ ...fold, type: 'TextQuoteSelector' }] }, false],
  ] as [string, unknown, boolean][])('given %s: accepted %s', (_reason, given, accepted) => {
    expect(INJECTIONS['annotator:start'].payload(given)).toBe(accepted);
  });

  it.each([
    ['the statuses', { claims: [{ id: 'putin-invitation', status: 'fuzzy' }] }, true],
    ['no annotator there', null, true],
    ['nothing (the injection failed)', undefined, false],
    ['a status the badge cannot count', { claims: [{ id: 'putin-invitation', status: 'found' }] }, false],
    ['a claim id that is not one', { claims: [{ id: '<img src=x>', status: 'exact' }] }, false],
  ] as [string, unknown, boolean][])('answered %s: accepted %s', (_reason, report, accepted) => {
    expect(INJECTIONS['annotator:start'].reply(report)).toBe(accepted);
  });
});
