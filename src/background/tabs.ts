import type { AnchorStatus } from '../core/anchor';
import type { MatchedBy } from '../core/recognize';
import type { TabStatus } from '../shared/messages';

/** What the background knows about one tab's page. */
export interface TabRecord {
  url: string;
  frameId: number;
  status: TabStatus;
  article: { id: string; headline: string; matchedBy: MatchedBy } | null;
  anchored: { id: string; status: AnchorStatus }[];
}

// In memory: a restarted service worker forgets, and the next detection (every
// navigation and every settings change triggers one) tells it again.
const records = new Map<number, TabRecord>();

export function getTab(tabId: number): TabRecord | undefined {
  return records.get(tabId);
}

export function setTab(tabId: number, record: TabRecord): void {
  records.set(tabId, record);
}

export function forgetTab(tabId: number): void {
  records.delete(tabId);
}
