// The popup on a page annotated from an added pack names the pack, in the card's words; on a
// page annotated from the bundled dataset (or not annotated) it says nothing of packs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startPopup } from '../../../src/popup/controller';
import type { TabState } from '../../../src/shared/messages';
import { FakeBrowser } from '../../support/fake-browser';
import { loadIntoDocument } from '../../support/page';

const html = readFileSync('src/popup/popup.html', 'utf8');

function state(patch: Partial<TabState>): TabState {
  return {
    status: 'annotated',
    site: 'coastal-courier.example',
    settings: { enabled: true, disabledSites: [] },
    article: { id: 'cc-2024-03-14-ferry-pier-vote', headline: 'Council votes to rebuild the ferry pier', matchedBy: 'url' },
    claims: [{ id: 'pier-vote', status: 'exact', title: 'The council voted 7-2', notes: 1 }],
    ...patch,
  };
}

async function packLine(tab: TabState, uiLanguage = 'en-US'): Promise<string | null> {
  loadIntoDocument(html);
  const fake = new FakeBrowser({ uiLanguage, activeTabId: 42, handlers: { 'popup:get-state': () => tab } });
  await startPopup(document, fake, '', () => undefined).ready;
  const line = document.getElementById('pack-source')!;
  return line.hidden ? null : line.textContent;
}

describe('the popup names the pack of a pack article', () => {
  it.each([
    { why: 'a pack article, English reader', tab: state({ pack: { name: 'Coastal Courier notes' } }), ui: 'en-US', line: 'From the pack “Coastal Courier notes” (added by you)' },
    { why: 'a pack article, Danish reader', tab: state({ pack: { name: 'Coastal Courier notes' } }), ui: 'da', line: 'Fra pakken »Coastal Courier notes« (tilføjet af dig)' },
    { why: 'a bundled article: no line', tab: state({ pack: null }), ui: 'en-US', line: null },
    { why: 'a state without the field (bundled): no line', tab: state({}), ui: 'en-US', line: null },
    { why: 'a page no longer annotated: no line even if a pack is named', tab: state({ status: 'not-article', article: null, claims: [], pack: { name: 'Coastal Courier notes' } }), ui: 'en-US', line: null },
    { why: 'markup in the name stays text', tab: state({ pack: { name: '<b>Bold</b>\nnotes' } }), ui: 'en-US', line: 'From the pack “<b>Bold</b> notes” (added by you)' },
  ])('$why', async ({ tab, ui, line }) => {
    expect(await packLine(tab, ui)).toBe(line);
    expect(document.querySelector('#pack-source b')).toBeNull();
  });
});
