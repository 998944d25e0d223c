// Host access in the browser's own terms (match patterns), derived from article addresses:
// the build asks for the bundled publishers' sites, a pack asks for its own when it is added,
// the popup asks for one site. Pure: no extension APIs.

/** Every http and https site: what "all sites" asks the browser for (optional_host_permissions). */
export const ALL_SITES = '*://*/*';

/** The site a pattern set treats as one: the host name, lowercase, without `www.` (as recognition and settings do). */
function siteHost(address: string): string | null {
  try {
    const url = new URL(address);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '') || null;
  } catch {
    return null;
  }
}

/**
 * The match patterns that let Kontekst read pages of `site` (a host name without `www.`):
 * the host with and without `www.`, http and https (`*` scheme), any port. Recognition treats
 * those addresses as one, so access does too.
 */
export function sitePatterns(site: string): string[] {
  const host = site.toLowerCase().replace(/^www\./, '');
  // IP addresses have no www. form.
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) return [`*://${host}/*`];
  return [`*://${host}/*`, `*://www.${host}/*`];
}

/** The sorted, distinct match patterns for the sites of `addresses` (article urls). */
export function publisherPatterns(addresses: Iterable<string>): string[] {
  const sites = new Set<string>();
  for (const address of addresses) {
    const host = siteHost(address);
    if (host) sites.add(host);
  }
  return [...new Set([...sites].flatMap(sitePatterns))].sort();
}

/** The sites (host names without `www.`) that `patterns` from publisherPatterns name, for showing to the reader. */
export function patternSites(patterns: readonly string[]): string[] {
  const sites = patterns.map((p) => /^\*:\/\/(?:www\.)?([^/]+)\/\*$/.exec(p)?.[1]).filter((s): s is string => s !== undefined && s !== '*');
  return [...new Set(sites)].sort();
}
