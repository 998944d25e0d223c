// The one request helper of the content script, popup and options page: the answer is checked
// against what the message replies before any page of Kontekst uses it.
import { describe, expect, it } from 'vitest';
import { contentRequest } from '../../../src/shared/ask';
import { request } from '../../../src/shared/request';
import { defaults } from '../../../src/shared/settings';

const answering = (reply: unknown) => ({ sendMessage: async () => structuredClone(reply) });
const state = { status: 'annotated', site: 'jyllands-posten.dk', settings: defaults, article: { id: 'a', headline: 'H', matchedBy: 'url' }, pack: null, claims: [{ id: 'c', status: 'exact', title: 'T', notes: 1 }], access: null };

describe('request', () => {
  it('sends the message in its envelope and resolves with a well-formed reply', async () => {
    const sent: unknown[] = [];
    const runtime = { sendMessage: async (message: unknown) => (sent.push(message), state) };
    await expect(request(runtime, 'popup:get-state', { tabId: 7 })).resolves.toEqual(state);
    expect(sent).toEqual([{ kontekst: 1, type: 'popup:get-state', payload: { tabId: 7 } }]);
  });

  it.each([
    ['no reply (a background of another version, or none)', 'popup:get-state', undefined],
    ['a status the popup does not know', 'popup:get-state', { ...state, status: 'unknown' }],
    ['a claim without a title', 'popup:get-state', { ...state, claims: [{ id: 'c', status: 'exact', notes: 1 }] }],
    ['settings without the list of turned-off sites', 'popup:set-enabled', { enabled: true }],
    ['a pack list that is not a list', 'options:list-packs', { packs: [] }],
    ['a run-once outcome that is not one', 'popup:run-once', 'maybe'],
    ['site access of a scope the popup does not know', 'popup:get-state', { ...state, access: { readable: false, scope: 'some', publisher: false, origins: [] } }],
    ['a correction date that is not a date string', 'popup:get-state', { ...state, claims: [{ id: 'c', status: 'exact', title: 'T', notes: 1, corrected: 20240101 }] }],
    ['a pack without its size', 'options:list-packs', [{ id: 'p', name: 'P', version: '1.0.0', articles: 1 }]],
  ] as const)('rejects %s', async (_reason, type, reply) => {
    await expect(request(answering(reply), type, type === 'popup:get-state' ? { tabId: 1 } : type === 'popup:set-enabled' ? { enabled: true } : type === 'popup:run-once' ? { tabId: 1 } : {} as never)).rejects.toThrow(`malformed reply to ${type}`);
  });

  it('passes on the channel\'s own failure (no background listening)', async () => {
    const runtime = { sendMessage: async () => Promise.reject(new Error('Receiving end does not exist.')) };
    await expect(request(runtime, 'options:list-packs', {})).rejects.toThrow('Receiving end does not exist.');
  });
});

// The content script's own helper (its bundle carries only its messages' checks): the same envelope, the same checked reply.
describe('contentRequest', () => {
  it('sends the message in its envelope and resolves with the reply the background gives (null)', async () => {
    const sent: unknown[] = [];
    const runtime = { sendMessage: async (message: unknown) => (sent.push(message), null) };
    await expect(contentRequest(runtime, 'content:cleared', {})).resolves.toBeNull();
    expect(sent).toEqual([{ kontekst: 1, type: 'content:cleared', payload: {} }]);
  });

  it.each([
    ['no reply (a background of another version, or none)', undefined],
    ['an answer where none is declared', true],
    ['an object', {}],
  ] as const)('rejects %s', async (_reason, reply) => {
    await expect(contentRequest(answering(reply), 'content:anchored', { claims: [] })).rejects.toThrow('malformed reply to content:anchored');
  });
});
