// Issue 12: when the annotator clears (Kontekst turned off, or the page is no longer the
// article), nothing of Kontekst's stays in the page, its stylesheet included: the background
// removes the sheet it inserted (scripting.removeCSS) when the annotator reports content:cleared.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { envelope } from '../../../src/shared/messages';
import { EXTENSION_ID, type FakeBrowser, startBackground } from '../../support/fake-browser';
import { SEED_URL, seedArticle } from '../../support/seed';

vi.mock('webextension-polyfill', () => ({
  default: new Proxy({}, { get: (_target, key) => (globalThis as unknown as { browser: Record<string | symbol, unknown> }).browser[key] }),
}));

let browser: FakeBrowser;
beforeEach(async () => {
  browser = await startBackground([seedArticle()]);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

it("stylesheet left behind: content:cleared from the annotator takes page.css out of that tab's frame", async () => {
  const listener = browser.runtime.onMessage.listeners[0] as (message: unknown, sender: object) => Promise<unknown> | undefined;
  await listener(envelope('content:cleared', {}), { id: EXTENSION_ID, url: SEED_URL, tab: { id: 7 }, frameId: 0 });
  const removed = browser.calls.filter((c) => c.api === 'scripting.removeCSS');
  expect(removed.map((c) => c.args[0])).toEqual([{ target: { tabId: 7, frameIds: [0] }, files: ['content/page.css'] }]);
});
