// The detector (src/content/detect.ts, on every page) re-recognises a page when much new text
// arrives. Kontekst's own edits (a text node split to put a marker in, the markers themselves)
// are not new text, also when a hostile page removes the markers again and again; real text
// that arrives still is.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DomEdits } from '../../../src/content/dom-edits';
import { loadIntoDocument } from '../helpers/page';
import { savedCopy } from '../content/support';

const sendMessage = vi.fn(async (_message: unknown) => ({ action: 'annotate' }));

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  loadIntoDocument(savedCopy());
  sendMessage.mockClear();
  vi.stubGlobal('chrome', {
    runtime: { sendMessage },
    storage: { onChanged: { addListener() {}, removeListener() {} } },
  });
  vi.resetModules();
  await import('../../../src/content/detect');
  await settle();
});

afterEach(() => {
  // A fresh root element: each test's detector observes the old one, which no later change reaches.
  document.replaceChild(document.createElement('html'), document.documentElement);
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  vi.advanceTimersByTime(1000);
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** What marking does to the page: a split text node and a marker after each paragraph's first sentence. */
function markAsKontekstDoes(): DomEdits {
  const edits = new DomEdits();
  for (const p of document.querySelectorAll('article > p')) {
    const text = p.firstChild;
    if (text?.nodeType !== 3 || (text as Text).length < 20) continue;
    const tail = edits.split(text as Text, 15);
    edits.insert(document.createElement('kontekst-marker'), p, tail);
  }
  return edits;
}

describe('the detector on an annotated page', () => {
  it('asks once when the page loads', () => {
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it('does not count Kontekst\'s split text as new text, also when the page removes the markers each time', async () => {
    for (let round = 0; round < 4; round++) {
      const edits = markAsKontekstDoes();
      await settle();
      // The page's sweeper takes the markers out; Kontekst undoes and marks again.
      for (const marker of document.querySelectorAll('kontekst-marker')) marker.remove();
      await settle();
      edits.revert();
      await settle();
    }
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it('still recognises the page again when a lot of real text arrives', async () => {
    const more = document.createElement('section');
    for (let i = 0; i < 20; i++) more.append(Object.assign(document.createElement('p'), { textContent: `Afsnit ${i}: ${'ny tekst '.repeat(12)}` }));
    document.body.append(more);
    await settle();
    expect(sendMessage).toHaveBeenCalledTimes(2);
  });
});
