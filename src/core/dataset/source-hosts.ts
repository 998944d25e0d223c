// The one list of source addresses the editorial policy (docs/editorial-policy.md) refuses or
// treats specially. A note's reader must see where a source really is: a shortener hides the
// address until it is followed (and can be re-pointed later), a mirror host serves a copy the
// publisher does not stand behind, and a reference work is read, not published, on a date.
// kontekst check reads only this module; add a host here, with why, and the check follows.

/** URL shorteners: the address a reader sees says nothing about where it leads. */
export const URL_SHORTENERS: ReadonlySet<string> = new Set([
  'abcn.ws', // ABC News
  'bit.ly',
  'bitly.com',
  'buff.ly',
  'cnn.it',
  'dlvr.it',
  'fb.me',
  'goo.gl',
  'is.gd',
  'lnkd.in',
  'nyti.ms',
  'ow.ly',
  'reut.rs', // Reuters
  'shorturl.at',
  't.co', // X/Twitter
  'tiny.cc',
  'tinyurl.com',
  'trib.al',
  'wapo.st', // The Washington Post
  'youtu.be',
]);

/**
 * Hosts that serve copies of a publisher's pages under another name (syndication feeds, legacy
 * subdomains, print replicas), with the publisher's own host to cite instead.
 */
export const MIRROR_HOSTS: ReadonlyMap<string, string> = new Map([
  ['digital-release.thehill.com', 'thehill.com'],
  ['business.financialpost.com', 'financialpost.com'],
  ['amp.cbc.ca', 'www.cbc.ca'],
  ['rss.newsmax.com', 'www.newsmax.com'],
  ['preview.deepnewz.com', 'deepnewz.com'],
]);

/** Reference works: pages that are read on a date (`accessed`), not published on one. */
export const REFERENCE_HOSTS: readonly string[] = ['wikipedia.org', 'britannica.com', 'wikidata.org'];

/** The host of an address, lower-cased and without "www."; null when it is no address. */
function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** Why a source address may not be cited (a shortener or a mirror host), or null. */
export function sourceHostProblem(url: string): string | null {
  const host = hostOf(url);
  if (host === null) return null;
  if (URL_SHORTENERS.has(host)) return `${JSON.stringify(url)} is a shortened link (${host}); cite the address it leads to`;
  const canonical = MIRROR_HOSTS.get(host);
  if (canonical) return `${JSON.stringify(url)} is on ${host}, a copy of ${canonical}; cite the page on ${canonical}`;
  return null;
}

/** Whether an address is a page of a reference work (an encyclopaedia). */
export function isReferenceWork(url: string): boolean {
  const host = hostOf(url);
  return host !== null && REFERENCE_HOSTS.some((reference) => host === reference || host.endsWith(`.${reference}`));
}
