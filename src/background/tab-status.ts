// What a tab shows, derived in one place from the switches, the page's address, what detection
// recorded for the page and whether Kontekst may read the site: detection, the annotator's
// "cleared" report and the popup all ask this function.
import type { TabStatus } from '../shared/messages';
import { type Settings, isActiveOn, siteOf } from '../shared/settings';

/** A tab's status: `recorded` is what detection last stored for this page (none: not looked at), `readable` whether Kontekst may read the site. */
export function tabStatus(settings: Settings, url: string | undefined, recorded?: TabStatus | null, readable?: boolean | null): TabStatus {
  if (siteOf(url) === null) return 'unsupported';
  if (!settings.enabled) return 'off';
  if (!isActiveOn(settings, url)) return 'off-site';
  // A page Kontekst may not read and has not read (the reader may run it once from the popup).
  if (!recorded && readable === false) return 'no-access';
  // Recorded while Kontekst was off there, and on now: detection is running again after the switch.
  if (recorded === 'off' || recorded === 'off-site') return 'pending';
  return recorded ?? 'not-article';
}
