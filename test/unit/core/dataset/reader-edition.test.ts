// What a reader's page is handed of an article (readerEdition): the notes in the reader's
// language, each with the one correction the card shows; everything else as the dataset has it.
import { describe, expect, it } from 'vitest';
import { type Note, type PublicArticle, publicArticle, readerEdition } from '../../../../src/core/dataset/model';
import { seedArticle } from '../../../support/seed';

const seed = publicArticle(seedArticle());

/** The seed with its first note corrected three times, the newest listed in the middle. */
function correctedThrice(): PublicArticle {
  const [first, ...rest] = seed.claims;
  const [note, ...others] = first!.notes;
  const revisions = [
    { date: '2026-11-01', da: 'Første rettelse.', en: 'First correction.' },
    { date: '2026-12-02', da: 'Nyeste rettelse.', en: 'Newest correction.' },
    { date: '2026-11-15', da: 'Anden rettelse.', en: 'Second correction.' },
  ];
  return { ...seed, claims: [{ ...first!, notes: [{ ...note!, revisions }, ...others] }, ...rest] };
}

describe("an article's edition for a reader", () => {
  it.each([
    { language: 'da' as const, other: 'en' as const, newest: 'Nyeste rettelse.' },
    { language: 'en' as const, other: 'da' as const, newest: 'Newest correction.' },
  ])('in $language keeps the newest correction by date, wherever it is listed, in that language only', ({ language, other, newest }) => {
    const note = readerEdition(correctedThrice(), language).claims[0]!.notes[0]!;
    expect(note.revisions).toEqual([{ date: '2026-12-02', [language]: newest, [other]: '' }]);
  });

  it('changes nothing but the notes\' texts in the other language and the older corrections', () => {
    const edition = readerEdition(seed, 'en');
    const blank = (note: Note): Note => {
      const { revisions: _all, ...rest } = note;
      return { ...rest, title: { ...note.title, da: '' }, body: { ...note.body, da: '' } };
    };
    const strip = (article: PublicArticle): PublicArticle => ({ ...article, claims: article.claims.map((claim) => ({ ...claim, notes: claim.notes.map(blank) })) });
    expect(strip(edition)).toEqual(strip(seed));
    // A note never corrected gets no corrections.
    const uncorrected = seed.claims.flatMap((claim) => claim.notes).findIndex((note) => !note.revisions?.length);
    expect(uncorrected).toBeGreaterThanOrEqual(0);
    expect(edition.claims.flatMap((claim) => claim.notes)[uncorrected]!.revisions).toBeUndefined();
  });

  it('leaves the article it was made from as it was', () => {
    const article = correctedThrice();
    const before = structuredClone(article);
    readerEdition(article, 'da');
    expect(article).toEqual(before);
  });
});
