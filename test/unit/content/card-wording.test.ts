// A claim anchored approximately (the page's sentence is not word for word the checked text):
// the card says so in one line, so the reader weighs the notes against what the page says.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderCard } from '../../../src/content/card-content';
import { readerDispatch } from '../../support/trusted-events';
import { captureShadowRoots } from '../../support/page';
import { type Running, accessibleName, annotate, lastStatuses, markers, openDialog, savedCopy, cardTranslator, PLAIN_NOTE } from './support';

beforeAll(() => captureShadowRoots());

const EN_LINE = 'The wording on this page differs slightly from the checked text.';
const DA_LINE = 'Ordlyden på denne side afviger lidt fra den kontrollerede tekst.';

const note = PLAIN_NOTE;
const t = cardTranslator;

describe('renderCard: the wording line', () => {
  it.each([
    { why: 'an approximate match, English reader', lang: 'en' as const, ui: 'en-GB', approximate: true, line: EN_LINE },
    { why: 'an approximate match, Danish reader', lang: 'da' as const, ui: 'da', approximate: true, line: DA_LINE },
    { why: 'an exact match says nothing about wording', lang: 'en' as const, ui: 'en-GB', approximate: false, line: null },
  ])('$why', ({ lang, ui, approximate, line }) => {
    const card = renderCard(document, [note], lang, t(ui), () => undefined, approximate);
    document.body.append(card);
    const wording = card.querySelector('.wording');
    expect(wording?.textContent ?? null).toBe(line);
    // Described by the line (read on opening), still named after the first note.
    expect(card.getAttribute('aria-describedby') ? document.getElementById(card.getAttribute('aria-describedby')!)?.textContent : null).toBe(line);
    expect(document.getElementById(card.getAttribute('aria-labelledby')!)!.textContent).toBe(note.title[lang]);
    // Text only: the line is one text node in a paragraph.
    if (wording) expect([...wording.childNodes].map((n) => n.nodeType)).toEqual([Node.TEXT_NODE]);
    card.remove();
  });
});

describe('the card on a page whose sentence differs slightly', () => {
  let running: Running | null = null;
  afterEach(() => {
    running?.annotator.clear();
    running = null;
  });

  const CLAIM_SENTENCE = 'sagde fredag, at han har inviteret';
  const openMarker = (index: number) => readerDispatch(markers()[index]!.button, new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
  const markerIndex = (title: string) => markers().findIndex((m) => m.label === `Context notes: ${title}`);

  it.each([
    { why: 'a word changed: found approximately, the card says the wording differs', page: 'sagde i fredags, at han har inviteret', status: 'fuzzy', line: EN_LINE },
    { why: 'the page as published: exact, no wording line', page: CLAIM_SENTENCE, status: 'exact', line: null },
    { why: '"ikke" inserted: the sentence says the opposite, no marker and no card', page: 'sagde fredag, at han ikke har inviteret', status: 'missing', line: null },
  ])('$why', async ({ page, status, line }) => {
    const html = savedCopy();
    expect(html).toContain(CLAIM_SENTENCE);
    running = await annotate(html.replace(CLAIM_SENTENCE, page));
    const claim = running.article.claims.find((c) => c.id === 'putin-invitation')!;
    expect(lastStatuses(running.fake)['putin-invitation']).toBe(status);
    const index = markerIndex(claim.notes[0]!.title.en);
    if (status === 'missing') {
      expect(index).toBe(-1);
      return;
    }
    openMarker(index);
    const dialog = openDialog()!;
    expect(accessibleName(dialog)).toBe(claim.notes[0]!.title.en);
    expect(dialog.querySelector('.wording')?.textContent ?? null).toBe(line);
  });

  it('an exact claim on the same page gets no wording line', async () => {
    running = await annotate(savedCopy().replace(CLAIM_SENTENCE, 'sagde i fredags, at han har inviteret'));
    const other = running.article.claims.find((c) => c.id !== 'putin-invitation' && lastStatuses(running!.fake)[c.id] === 'exact')!;
    openMarker(markerIndex(other.notes[0]!.title.en));
    expect(accessibleName(openDialog()!)).toBe(other.notes[0]!.title.en);
    expect(openDialog()!.querySelector('.wording')).toBeNull();
  });
});
