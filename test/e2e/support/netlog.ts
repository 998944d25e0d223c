// Chromium's NetLog (--log-net-log) records every request of the network stack from the
// moment the browser starts, with the origin that initiated it, so a request the extension's
// service worker sends before any DevTools client is attached is still seen and attributed.
// Format: https://www.chromium.org/developers/design-documents/network-stack/netlog/
import { existsSync, readFileSync } from 'node:fs';

/** One request the network stack started. */
export interface NetLogRequest {
  url: string;
  method: string;
  /** The initiating origin; "not an origin" for the browser's own requests and navigations it starts. */
  initiator: string;
}

/** Reads the requests from a NetLog file, also while the browser is still writing it (one event per line). */
export function readNetLog(path: string): NetLogRequest[] {
  if (!existsSync(path)) return [];
  const requests: NetLogRequest[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.startsWith('{"params":') || !line.includes('"initiator"')) continue;
    try {
      const event = JSON.parse(line.replace(/,\s*$/, '')) as { params: { url?: unknown; method?: unknown; initiator?: unknown } };
      const { url, method, initiator } = event.params;
      if (typeof url === 'string' && typeof initiator === 'string') requests.push({ url, method: String(method ?? 'GET'), initiator });
    } catch {
      // The last line can be half written.
    }
  }
  return requests;
}
