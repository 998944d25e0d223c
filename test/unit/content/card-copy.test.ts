// A page recognised as a copy of an article (by its links or its text, not at the article's own
// address) gets one line in the card saying whose article it carries, part of the card's description.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createAnnotator } from '../../../src/content/annotator';
import { FakeBrowser } from '../../support/fake-browser';
import { captureShadowRoots, loadIntoDocument, seedPublicArticle } from '../../support/page';
import { articleStart, clickMarker, flush, handOver, markers, openDialog, savedCopy } from './support';

beforeAll(() => captureShadowRoots());

async function cardDescription(copy: boolean | undefined, uiLanguage: string, beforeCard: () => void = () => undefined): Promise<string[]> {
  loadIntoDocument(savedCopy());
  const article = seedPublicArticle();
  const fake = new FakeBrowser({ uiLanguage });
  const language = uiLanguage.startsWith('da') ? 'da' : 'en';
  fake.handlers = {
    'content:anchored': () => null,
    'content:cleared': () => null,
  };
  const annotator = createAnnotator({ api: () => fake, doc: document });
  handOver(fake, annotator, articleStart(fake, article, language, copy === undefined ? {} : { copy }));
  await flush();
  beforeCard();
  clickMarker(markers()[0] as { button: HTMLButtonElement });
  await flush();
  const dialog = openDialog();
  const ids = (dialog?.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  const root = dialog?.getRootNode() as ShadowRoot | Document;
  const lines = ids.map((id) => root.getElementById?.(id)?.textContent ?? '');
  annotator.clear();
  return lines;
}

describe('the card says when the page carries a copy of the article', () => {
  it.each([
    { why: 'a copy, English', copy: true, ui: 'en-US', line: 'This page carries the article “Putin har inviteret Trump til Moskva” first published by Jyllands-Posten on 27 July 2018.' },
    { why: 'a copy, Danish', copy: true, ui: 'da', line: 'Denne side bringer artiklen »Putin har inviteret Trump til Moskva«, først udgivet af Jyllands-Posten den 27. juli 2018.' },
    { why: "the article at its own address: no line", copy: false, ui: 'en-US', line: null },
    { why: 'a reply without the field: no line', copy: undefined, ui: 'en-US', line: null },
  ])('$why', async ({ copy, ui, line }) => {
    const lines = await cardDescription(copy, ui);
    if (line === null) expect(lines.some((l) => /carries the article|bringer artiklen/.test(l))).toBe(false);
    else expect(lines).toContain(line);
  });
});

// The copy's line has a date in it, and the first date a page formats makes the browser load its
// locale's date data (about 40 ms of the start on a copy in Chromium): it is written with the card.
it('formats no date as the annotator starts on a copy, and writes the line when the card opens', async () => {
  const original = Intl.DateTimeFormat;
  let formats = 0;
  // Counts the date formats the page makes (a subclass: the constructor is the one the code calls).
  Intl.DateTimeFormat = class extends original {
    constructor(...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      super(...args);
      formats++;
    }
  } as typeof Intl.DateTimeFormat;
  try {
    const lines = await cardDescription(true, 'en-US', () => expect(formats).toBe(0));
    expect(formats).toBeGreaterThan(0);
    expect(lines).toContain('This page carries the article “Putin har inviteret Trump til Moskva” first published by Jyllands-Posten on 27 July 2018.');
  } finally {
    Intl.DateTimeFormat = original;
  }
});
