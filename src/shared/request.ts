// The one way the content script, the popup and the options page ask the background: the
// message in its envelope, the answer checked against what that message replies.
import { REQUESTS, type RequestName, type Requests, envelope } from './messages';

/** The part of runtime the pages use to send. */
export interface Sender {
  sendMessage(message: unknown): Promise<unknown>;
}

/** Asks the background; resolves with its checked reply, rejects when there is none or it is malformed. */
export async function request<K extends RequestName>(runtime: Sender, type: K, payload: Requests[K]['payload']): Promise<Requests[K]['reply']> {
  const reply = await runtime.sendMessage(envelope(type, payload));
  if (!(REQUESTS[type].reply as (v: unknown) => v is Requests[K]['reply'])(reply)) throw new Error(`Kontekst: malformed reply to ${type}`);
  return reply;
}
