// The one way the popup and the options page ask the background (the content script's is
// contentRequest, ask.ts): the message in its envelope, the answer checked against what that
// message replies.
import { type Sender, ask } from './ask';
import { REQUESTS, type RequestName, type Requests } from './messages';
import type { Check } from './shapes';

export type { Sender } from './ask';

/** Asks the background; resolves with its checked reply, rejects when there is none or it is malformed. */
export function request<K extends RequestName>(runtime: Sender, type: K, payload: Requests[K]['payload']): Promise<Requests[K]['reply']> {
  return ask(runtime, type, payload, REQUESTS[type].reply as Check<Requests[K]['reply']>);
}
