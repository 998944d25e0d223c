import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Note, PublicArticle } from '../../../src/core/dataset/model';
import { renderCard } from '../../../src/content/card-content';
import { translator } from '../../../src/shared/i18n';
import { FakeBrowser } from '../../support/fake-browser';
import { readerDispatch } from '../../support/trusted-events';
import { captureShadowRoots, seedPublicArticle } from '../../support/page';
import { type Running, accessibleName, annotate, markers, openDialog, savedCopy } from './support';

beforeAll(() => captureShadowRoots());

const t = (uiLanguage: string) => translator(new FakeBrowser({ uiLanguage }).i18n);

const note: Note = {
  id: 'n1',
  kind: 'disputed',
  title: { da: 'Dansk titel', en: 'English title' },
  body: { da: 'Dansk tekst.', en: 'English text.' },
  sources: [
    { title: 'The report', publisher: 'Reuters', published: '2018-07-27', url: 'https://example.org/report' },
    { title: 'The transcript', publisher: 'Kremlin', published: '2018-07-28', url: 'https://example.org/transcript' },
  ],
  asOf: '2026-11-28',
};

const render = (notes: Note[], lang: 'da' | 'en') => renderCard(document, notes, lang, t(lang === 'da' ? 'da' : 'en-GB'), () => undefined);

describe('card contents', () => {
  it.each([
    { lang: 'en' as const, kind: 'Disputed', title: 'English title', body: 'English text.', meta: 'Reuters · 27 July 2018', asOf: 'As of 28 November 2026', sources: 'Sources' },
    { lang: 'da' as const, kind: 'Omstridt', title: 'Dansk titel', body: 'Dansk tekst.', meta: 'Reuters · 27. juli 2018', asOf: 'Status pr. 28. november 2026', sources: 'Kilder' },
  ])('shows kind, title, body, sources with publisher and date, and "as of", in $lang', ({ lang, kind, title, body, meta, asOf, sources }) => {
    const card = render([note], lang);
    expect(card.getAttribute('role')).toBe('dialog');
    expect(card.getAttribute('lang')).toBe(lang);
    expect(card.querySelector('.kind')!.textContent).toBe(kind);
    expect(card.querySelector('.title')!.textContent).toBe(title);
    expect(card.querySelector('.body')!.textContent).toBe(body);
    expect(card.querySelector('.sources-heading')!.textContent).toBe(sources);
    expect(card.querySelector('.source-meta')!.textContent).toBe(meta);
    expect(card.querySelector('.as-of')!.textContent).toBe(asOf);
  });

  it('links each source in a new tab without an opener or referrer', () => {
    const links = [...render([note], 'en').querySelectorAll('a')];
    expect(links.map((a) => a.href)).toEqual(['https://example.org/report', 'https://example.org/transcript']);
    for (const link of links) {
      expect(link.target).toBe('_blank');
      expect(link.rel.split(' ').sort()).toEqual(['noopener', 'noreferrer']);
    }
    expect(links[0]!.textContent).toBe('The report (opens in a new tab)');
  });

  it('shows every note, and names the dialog after the first', () => {
    const second: Note = { ...note, id: 'n2', kind: 'later-development', title: { da: 'Anden', en: 'Second' } };
    const card = render([note, second], 'en');
    document.body.append(card);
    expect([...card.querySelectorAll('.title')].map((el) => el.textContent)).toEqual(['English title', 'Second']);
    expect([...card.querySelectorAll('.kind')].map((el) => el.textContent)).toEqual(['Disputed', 'Later development']);
    expect(document.getElementById(card.getAttribute('aria-labelledby')!)!.textContent).toBe('English title');
    card.remove();
  });

  const hostile = '<img src=x onerror=alert(1)>';
  it.each([
    { field: 'title', patch: { title: { da: hostile, en: hostile } } },
    { field: 'body', patch: { body: { da: hostile, en: hostile } } },
    { field: 'source title and publisher', patch: { sources: [{ title: hostile, publisher: hostile, published: '2018-07-27', url: 'https://example.org/' }] } },
  ])('renders markup in the $field as text, never as elements', ({ patch }) => {
    const card = render([{ ...note, ...patch } as Note], 'en');
    expect(card.querySelector('img')).toBeNull();
    expect(card.textContent).toContain(hostile);
  });

  it.each([
    { url: 'javascript:alert(1)', why: 'a script address' },
    { url: 'data:text/html,<script>alert(1)</script>', why: 'a data address' },
    { url: 'not a url', why: 'not an address at all' },
  ])('does not link a source whose address is $why', ({ url }) => {
    const card = render([{ ...note, sources: [{ ...note.sources[0]!, url }] }], 'en');
    expect(card.querySelector('a')).toBeNull();
    expect(card.querySelector('.sources li')!.textContent).toContain('The report');
  });
});

describe('the card on the page', () => {
  let running: Running | null = null;
  afterEach(() => {
    running?.annotator.clear();
    running = null;
  });

  const openFirst = () => readerDispatch(markers()[0]!.button, new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));

  it.each([
    { uiLanguage: 'da', marker: 'Kontekstnoter: ', pick: (n: Note) => n.title.da, why: 'a Danish browser reads Danish' },
    { uiLanguage: 'da-DK', marker: 'Kontekstnoter: ', pick: (n: Note) => n.title.da, why: 'a regional Danish locale is still Danish' },
    { uiLanguage: 'en-US', marker: 'Context notes: ', pick: (n: Note) => n.title.en, why: 'English readers read English' },
    { uiLanguage: 'de', marker: 'Context notes: ', pick: (n: Note) => n.title.en, why: 'any other language falls back to English' },
  ])('speaks the reader\'s language: $uiLanguage ($why)', async ({ uiLanguage, marker, pick }) => {
    running = await annotate(savedCopy(), { uiLanguage });
    const first = running.article.claims[0]!;
    expect(markers()[0]!.label).toBe(marker + pick(first.notes[0]!));
    openFirst();
    expect(accessibleName(openDialog()!)).toBe(pick(first.notes[0]!));
  });

  it('shows a note carrying markup as text, on the page as in the renderer', async () => {
    const seed = seedPublicArticle();
    const hostile = '<img src=x onerror=alert(1)>';
    const article: PublicArticle = {
      ...seed,
      claims: seed.claims.map((c, i) => (i === 0 ? { ...c, notes: [{ ...c.notes[0]!, title: { da: hostile, en: hostile }, body: { da: hostile, en: hostile } }] } : c)),
    };
    running = await annotate(savedCopy(), { article });
    expect(markers()[0]!.label).toBe(`Context notes: ${hostile}`);
    openFirst();
    const dialog = openDialog()!;
    expect(dialog.querySelector('img')).toBeNull();
    expect(accessibleName(dialog)).toBe(hostile);
    expect(document.querySelector('img')).toBeNull();
  });

  it('lives in a closed shadow root at the end of the document, above everything', async () => {
    running = await annotate(savedCopy());
    openFirst();
    const host = document.querySelector('kontekst-card')!;
    expect(host.shadowRoot).toBeNull();
    expect(document.documentElement.lastElementChild).toBe(host);
    expect(host.textContent).toBe('');
    for (const marker of document.querySelectorAll('kontekst-marker')) {
      expect(marker.shadowRoot).toBeNull();
      expect(marker.textContent).toBe('');
    }
  });
});

describe('corrections and reference works on the card (issue 11)', () => {
  const corrected: Note = {
    ...note,
    sources: [{ title: 'Kerch Strait incident', publisher: 'Wikipedia', accessed: '2026-12-02', url: 'https://en.wikipedia.org/wiki/Kerch_Strait_incident' }],
    revisions: [
      { date: '2026-11-30', da: 'Første rettelse.', en: 'First correction.' },
      { date: '2026-12-02', da: 'Noten sagde <b>kortvarigt</b>.', en: 'The note said <b>briefly</b>.' },
    ],
  };

  it.each([
    { lang: 'en' as const, line: 'Corrected 2 December 2026: The note said <b>briefly</b>.', meta: 'Wikipedia · read 2 December 2026' },
    { lang: 'da' as const, line: 'Rettet 2. december 2026: Noten sagde <b>kortvarigt</b>.', meta: 'Wikipedia · læst 2. december 2026' },
  ])('says the newest correction in the reader\'s language, as text, and dates a reference work by when it was read ($lang)', ({ lang, line, meta }) => {
    const card = render([corrected], lang);
    const shown = card.querySelectorAll('.correction');
    expect(shown).toHaveLength(1);
    expect(shown[0]!.textContent).toBe(line);
    expect(shown[0]!.querySelector('b')).toBeNull();
    expect(card.querySelector('.source-meta')!.textContent).toBe(meta);
  });

  it('shows no correction line for a note never corrected', () => {
    expect(render([note], 'en').querySelector('.correction')).toBeNull();
  });
});
