// Notes from a dataset pack the reader added (not Kontekst's bundled notes): the card names the
// pack in one line, so the reader knows who wrote them. The name is the pack file's own text:
// shown capped, as plain text, unable to pose as other parts of the card.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAnnotator } from '../../../src/content/annotator';
import { renderCard } from '../../../src/content/card-content';
import { PACK_NAME_SHOWN } from '../../../src/shared/pack-source';
import { contentStrings } from '../../../src/shared/i18n';
import { foldClaims } from '../../../src/core/anchoring/anchor-quote';
import { FakeBrowser } from '../../support/fake-browser';
import { readerDispatch } from '../../support/trusted-events';
import { captureShadowRoots, loadIntoDocument, seedPublicArticle } from '../../support/page';
import { type Running, accessibleName, annotate, flush, markers, openDialog, savedCopy, cardTranslator, PLAIN_NOTE } from './support';

beforeAll(() => captureShadowRoots());

const NAME = 'Coastal Courier notes';
const EN_LINE = `From the pack “${NAME}” (added by you)`;
const DA_LINE = `Fra pakken »${NAME}« (tilføjet af dig)`;

const note = PLAIN_NOTE;
const t = cardTranslator;

/** Renders a card in the document, runs `check` on it, and removes it again. */
function withCard(lang: 'en' | 'da', pack: { name: string } | null, check: (card: HTMLElement) => void, approximate = false): void {
  const card = renderCard(document, [note], lang, t(lang === 'da' ? 'da' : 'en-GB'), () => undefined, approximate, pack);
  document.body.append(card);
  try {
    check(card);
  } finally {
    card.remove();
  }
}

const describedBy = (card: HTMLElement): string[] =>
  (card.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.textContent ?? `(no #${id})`);

describe('renderCard: the pack line', () => {
  it.each([
    { why: 'a pack article, English reader: the line names the pack', lang: 'en' as const, pack: { name: NAME }, line: EN_LINE },
    { why: 'a pack article, Danish reader: the line in Danish', lang: 'da' as const, pack: { name: NAME }, line: DA_LINE },
    { why: 'a bundled article (no pack): no line, no description', lang: 'en' as const, pack: null, line: null },
  ])('$why', ({ lang, pack, line }) => {
    withCard(lang, pack, (card) => {
      expect(card.querySelector('.pack-source')?.textContent ?? null).toBe(line);
      // Read on opening as the dialog's description; still named after the first note.
      expect(describedBy(card)).toEqual(line ? [line] : []);
      expect(accessibleName(card)).toBe(note.title[lang]);
    });
  });

  it('comes before the wording line when the claim also matched approximately; both describe the dialog', () => {
    withCard('en', { name: NAME }, (card) => {
      const lines = [...card.querySelectorAll('.pack-source, .wording')].map((p) => p.textContent);
      expect(lines).toEqual([EN_LINE, 'The wording on this page differs slightly from the checked text.']);
      expect(describedBy(card)).toEqual(lines);
    }, true);
  });

  it.each([
    {
      why: 'markup stays text: no element, attribute or button comes from the name',
      name: '<img src=x onerror="alert(1)"><button>Close</button>',
      shown: '<img src=x onerror="alert(1)"><button>Close</button>',
    },
    {
      why: 'a very long name is cut to PACK_NAME_SHOWN characters ending in "…"',
      name: `Notes ${'x'.repeat(300)}`,
      shown: `Notes ${'x'.repeat(PACK_NAME_SHOWN - 7)}…`,
    },
    {
      why: 'line breaks and tabs collapse to spaces: the name cannot start a line of its own',
      name: 'Coastal\n\nKontekst verified\u2028this\tclaim',
      shown: 'Coastal Kontekst verified this claim',
    },
    {
      why: 'a right-to-left override cannot reverse "(added by you)" after it; other bidi and control characters go too',
      name: '\u202Eevil\u2066 \u0007pack\u200F\uE000',
      shown: 'evil pack',
    },
    {
      why: 'emoji (surrogate pairs) are counted and cut whole',
      name: '😀'.repeat(PACK_NAME_SHOWN + 5),
      shown: `${'😀'.repeat(PACK_NAME_SHOWN - 1)}…`,
    },
    {
      why: 'a name of nothing but control characters shows an ellipsis, not empty quotes',
      name: '\u202E\u0000 ',
      shown: '…',
    },
  ])('the name as plain, capped text: $why', ({ name, shown }) => {
    withCard('en', { name }, (card) => {
      const line = card.querySelector('.pack-source')!;
      expect(line.textContent).toBe(`From the pack “${shown}” (added by you)`);
      // Text nodes and the one isolating <bdi>, whose only child is text.
      const bdi = line.querySelector('bdi')!;
      expect([...line.childNodes].map((n) => n.nodeName)).toEqual(['#text', 'BDI', '#text']);
      expect([...bdi.childNodes].map((n) => n.nodeName)).toEqual(['#text']);
      expect(bdi.textContent).toBe(shown);
      expect(Array.from(shown).length).toBeLessThanOrEqual(PACK_NAME_SHOWN);
      // The card's own controls are still just the close button.
      expect([...card.querySelectorAll('button')].map((b) => b.getAttribute('aria-label'))).toEqual(['Close']);
      expect(card.querySelector('img')).toBeNull();
    });
  });
});

describe('the card on a page annotated from a pack', () => {
  let running: Running | null = null;
  afterEach(() => {
    running?.annotator.clear();
    running = null;
  });

  const openFirst = (): HTMLElement => {
    readerDispatch(markers()[0]!.button, new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    return openDialog()!;
  };

  it.each([
    { why: 'the background says the article comes from a pack (English reader)', ui: 'en-GB', pack: { name: NAME }, line: EN_LINE },
    { why: 'the background says the article comes from a pack (Danish reader)', ui: 'da', pack: { name: NAME }, line: DA_LINE },
    { why: 'the background says the article is bundled', ui: 'en-GB', pack: null, line: null },
  ])('$why', async ({ ui, pack, line }) => {
    running = await annotate(savedCopy(), { uiLanguage: ui, pack });
    const dialog = openFirst();
    expect(accessibleName(dialog)).toBe(running.article.claims.find((c) => c.notes.length)!.notes[0]!.title[running.language]);
    expect(dialog.querySelector('.pack-source')?.textContent ?? null).toBe(line);
  });

  it.each([
    { why: 'a pack without a name', pack: {} },
    { why: 'a pack name that is not text', pack: { name: ['<b>x</b>'] } },
    { why: 'a pack that is text instead of an object', pack: NAME },
    { why: 'no pack field at all', pack: undefined },
  ])('refuses a start whose pack is malformed ($why): no marks, rather than pack notes that look bundled', async ({ pack }) => {
    loadIntoDocument(savedCopy());
    const fake = new FakeBrowser({ uiLanguage: 'en-GB' });
    const article = seedPublicArticle();
    const annotator = createAnnotator({ api: () => fake, doc: document });
    expect(annotator.start(JSON.stringify({ article, language: 'en', pack, folded: foldClaims(article.claims), strings: contentStrings(fake.i18n) }))).toBeNull();
    await flush();
    expect(fake.sent).toHaveLength(0);
    expect(markers()).toHaveLength(0);
    annotator.clear();
  });
});
