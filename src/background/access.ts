// Host access the reader controls: Kontekst reads the sites the reader allowed (all of them, or
// only the publishers' own) and, on other pages, only when the reader asks from the popup
// (activeTab). Without access the browser hides a tab's address from the background
// (tabs.Tab.url is absent), so detection never starts there; this module tells the popup why.
import browser from 'webextension-polyfill';
import { ALL_SITES, sitePatterns } from '../core/dataset/publisher-sites';
import type { SiteAccess } from '../shared/messages';
import { siteOf } from '../shared/settings';

async function granted(origins: string[]): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins });
  } catch {
    // A pattern the browser does not take (an odd host name) is a site Kontekst may not read.
    return false;
  }
}

/** Whether Kontekst may read `url`'s site whenever it opens, and what "Allow on this site" asks for; null for non-web pages. */
export async function siteAccess(url: string | undefined): Promise<SiteAccess | null> {
  const site = siteOf(url);
  if (site === null || url === undefined) return null;
  const { protocol, hostname } = new URL(url);
  const [readable, all] = await Promise.all([granted([`${protocol}//${hostname}/*`]), granted([ALL_SITES])]);
  const publisher = (browser.runtime.getManifest().host_permissions ?? []).includes(`*://${hostname}/*`);
  return { readable, scope: all ? 'all' : 'publishers', publisher, origins: sitePatterns(site) };
}
