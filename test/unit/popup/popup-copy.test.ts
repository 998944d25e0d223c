// The popup says when a page was recognised as a copy of an article (by its links or its text,
// not at the article's own address): "This page carries the article «…» first published by … on …".
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startPopup } from '../../../src/popup/controller';
import type { TabState } from '../../../src/shared/messages';
import { FakeBrowser } from '../../support/fake-browser';
import { loadIntoDocument } from '../../support/page';

const html = readFileSync('src/popup/popup.html', 'utf8');
const article = { id: 'jp-2018-07-27-putin-inviterer-trump', headline: 'Putin har inviteret Trump til Moskva', publisher: 'Jyllands-Posten', published: '2018-07-27' };

function state(patch: Partial<TabState>): TabState {
  return {
    status: 'annotated',
    site: 'aggregator.example',
    settings: { enabled: true, disabledSites: [] },
    article: { ...article, matchedBy: 'content' },
    claims: [{ id: 'putin-invitation', status: 'exact', title: 'A note', notes: 1 }],
    ...patch,
  };
}

async function copyLine(tab: TabState, uiLanguage = 'en-US'): Promise<string | null> {
  loadIntoDocument(html);
  const fake = new FakeBrowser({ uiLanguage, activeTabId: 42, handlers: { 'popup:get-state': () => tab } });
  await startPopup(document, fake, '', () => undefined).ready;
  const line = document.getElementById('copy-source')!;
  return line.hidden ? null : line.textContent;
}

describe('the popup says when the page is a copy of the article', () => {
  it.each([
    { why: 'a copy recognised by its text, English', tab: state({}), ui: 'en-US', line: 'This page carries the article “Putin har inviteret Trump til Moskva” first published by Jyllands-Posten on 27 July 2018.' },
    { why: 'a copy recognised by its canonical link, Danish', tab: state({ article: { ...article, matchedBy: 'canonical' } }), ui: 'da', line: 'Denne side bringer artiklen »Putin har inviteret Trump til Moskva«, først udgivet af Jyllands-Posten den 27. juli 2018.' },
    { why: "the article at its own address: no line", tab: state({ article: { ...article, matchedBy: 'url' } }), ui: 'en-US', line: null },
    { why: 'a page not annotated: no line', tab: state({ status: 'not-article', article: null, claims: [] }), ui: 'en-US', line: null },
  ])('$why', async ({ tab, ui, line }) => {
    expect(await copyLine(tab, ui)).toBe(line);
  });
});
