// Which recorded requests break the rule "Kontekst makes no network request": kept apart
// from the tests so the harness test can show it flags a request that breaks the rule.
import type { BrowserRequest } from './driver';
import type { FixtureServer } from './server';

/**
 * Requests that are neither the tests' own page loads (fixture addresses over http) nor the
 * extension's own files; the browser's own background traffic (updater, account checks, no
 * initiating origin) is left out by host, and only when no page or extension asked that host.
 */
export function requestsBreakingTheRule(requests: readonly BrowserRequest[], server: FixtureServer): BrowserRequest[] {
  const isOwnFile = (url: string): boolean => /^(chrome|moz)-extension:\/\//.test(url);
  // data: and blob: addresses are read from memory, never fetched (Firefox reports its built-in fonts as data: requests).
  // chrome:// resources are the browser's own pages (chrome://extensions, where a test sets site access as a reader does).
  const isLocal = (url: string): boolean => /^(data|blob|chrome|chrome-untrusted):/.test(url);
  const hostOf = (url: string): string => {
    try {
      return new URL(url).hostname;
    } catch {
      return '';
    }
  };
  const browsersOwnHosts = new Set(requests.filter((r) => r.origin === 'browser').map((r) => hostOf(r.url)));
  for (const r of requests) if (r.origin !== 'browser' && r.origin !== 'network') browsersOwnHosts.delete(hostOf(r.url));
  for (const host of server.hosts()) browsersOwnHosts.delete(host);
  const fixtureHosts = new Set(server.hosts());
  const routeExists = new Set(server.requests.filter((r) => r.status === 200 || r.status === 204).map((r) => r.url));

  return requests.filter((request) => {
    if (isLocal(request.url)) return false;
    switch (request.origin) {
      case 'background':
        return !isOwnFile(request.url);
      case 'page':
        // A tab may load any address of a fixture host; whether the path is a fixture's is for the
        // server's log to say (asking here could race a request the server has not answered yet).
        return !isOwnFile(request.url) && !(request.url.startsWith('http://') && fixtureHosts.has(hostOf(request.url)));
      case 'browser':
        return false;
      case 'network':
        // The server's log: fixture pages, icons, and what the browser itself asked for.
        return !routeExists.has(request.url) && !browsersOwnHosts.has(hostOf(request.url));
    }
  });
}
