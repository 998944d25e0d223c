// Sending a message to the background in its envelope and checking the answer against what that
// message replies; contentRequest is the content scripts' way, request.ts the popup's and options page's.
import type { Check } from './shapes';
import { CONTENT_REQUESTS, type ContentRequestName, type Declared, envelope } from './tab-messages';

/** The part of runtime the pages use to send. */
export interface Sender {
  sendMessage(message: unknown): Promise<unknown>;
}

/** Sends `type` with `payload`; resolves with the reply when `isReply` admits it, rejects when there is none or it is malformed. */
export async function ask<R>(runtime: Sender, type: string, payload: unknown, isReply: Check<R>): Promise<R> {
  const reply = await runtime.sendMessage(envelope(type, payload));
  if (!isReply(reply)) throw new Error(`Kontekst: malformed reply to ${type}`);
  return reply;
}

type ContentRequests = Declared<typeof CONTENT_REQUESTS>;

/** Asks the background one of the content scripts' messages (tab-messages.ts); resolves with its checked reply. */
export function contentRequest<K extends ContentRequestName>(runtime: Sender, type: K, payload: ContentRequests[K]['payload']): Promise<ContentRequests[K]['reply']> {
  return ask(runtime, type, payload, CONTENT_REQUESTS[type].reply as Check<ContentRequests[K]['reply']>);
}
