// A page sentence that adds or removes a negation says the opposite of the claim, however few
// its edits: fuzzy anchoring refuses it, so the claim's note never sits beside its reversal.
import { describe, expect, it } from 'vitest';
import { anchorQuote, foldSelector } from '../../../../src/core/anchoring/anchor-quote';
import { negationKey, wholeWordsAround } from '../../../../src/core/anchoring/negation';

const DA = "Den russiske præsident, Vladimir Putin, sagde fredag, at han har inviteret USA's præsident, Donald Trump, til Moskva.";
const EN = 'The Russian president, Vladimir Putin, said on Friday that he had invited the US president, Donald Trump, to Moscow.';
const DA_NEGATED = 'Den russiske præsident, Vladimir Putin, sagde fredag, at han ikke har inviteret nogen amerikansk præsident til Moskva.';
const EN_NEGATED = 'The Russian president, Vladimir Putin, said on Friday that he had not invited the US president, Donald Trump, to Moscow.';

/** Anchors `quote` in a page whose article paragraph is `sentence`, as the reader's page would be folded. */
const statusOn = (sentence: string, quote: string) => anchorQuote(`Forrige afsnit.\n${sentence}\nNæste afsnit.`, foldSelector({ exact: quote })).status;

describe('anchorQuote refuses a fuzzy match that adds or removes a negation', () => {
  const rows: [reason: string, quote: string, page: string, status: 'exact' | 'fuzzy' | 'missing'][] = [
    // Each refused edit beside a neutral edit of the same size, which anchors: the negation decides, not the edit count.
    ['"ikke" inserted (Danish)', DA, DA.replace('han har', 'han ikke har'), 'missing'],
    ['a neutral word of the same size inserted there', DA, DA.replace('han har', 'han selv har'), 'fuzzy'],
    ['"aldrig" inserted', DA, DA.replace('han har', 'han aldrig har'), 'missing'],
    ['"not" inserted (English)', EN, EN.replace('had invited', 'had not invited'), 'missing'],
    ['a neutral three-letter word inserted there', EN, EN.replace('had invited', 'had now invited'), 'fuzzy'],
    ['"never" inserted', EN, EN.replace('had invited', 'had never invited'), 'missing'],
    ['"didn\'t" for "had" (folded apostrophe)', EN, EN.replace('had invited', "didn't invite"), 'missing'],
    ['"didn’t" with a typographic apostrophe', EN, EN.replace('had invited', 'didn\u2019t invite'), 'missing'],
    ['"did invite" for "had invited": no negation', EN, EN.replace('had invited', 'did invite'), 'fuzzy'],
    ['"no" for "the"', EN, EN.replace('invited the US', 'invited no US'), 'missing'],
    ['"ingen" for "USA\'s"', DA, DA.replace("inviteret USA's", 'inviteret ingen'), 'missing'],
    ['"nor" made of "or" by one letter: read as the whole page word', `${EN} Or so`, `${EN} Nor so`, 'missing'],
    ['"ikke" removed from a negated quote', DA_NEGATED, DA_NEGATED.replace('ikke ', ''), 'missing'],
    ['"not" removed from a negated quote', EN_NEGATED, EN_NEGATED.replace('not ', ''), 'missing'],
    ['"ikke" replaced by "aldrig": another negation is another sentence', DA_NEGATED, DA_NEGATED.replace('ikke', 'aldrig'), 'missing'],
    ['"not" kept, another word edited', EN_NEGATED, EN_NEGATED.replace('Friday', 'Thursday'), 'fuzzy'],
    ['"ikke" kept, another word edited', DA_NEGATED, DA_NEGATED.replace('fredag', 'torsdag'), 'fuzzy'],
    ['"ikke" kept in capitals, another word edited', DA_NEGATED, DA_NEGATED.replace('ikke', 'IKKE').replace('fredag', 'torsdag'), 'fuzzy'],
    ['"had not" contracted to "hadn\'t": the same negation', EN_NEGATED, EN_NEGATED.replace('had not', "hadn't"), 'fuzzy'],
    ['"notat" contains "not"', DA, DA.replace('sagde fredag', 'sagde i et notat'), 'fuzzy'],
    ['"nordisk" contains "nor"', DA, DA.replace('russiske', 'nordiske'), 'fuzzy'],
    ['"ingeniør" contains "ingen"', DA, DA.replace('præsident, Vladimir', 'ingeniør, Vladimir'), 'fuzzy'],
    ['"nothingness"-like words: "notably" contains "not"', EN, EN.replace('said on Friday', 'notably said'), 'fuzzy'],
    ['"another" contains "no" and "not"', EN, EN.replace('the US president', 'another president'), 'fuzzy'],
    ['"nonetheless" contains "none"', EN, EN.replace('said on Friday', 'nonetheless said'), 'fuzzy'],
    ['"Norway" begins with "nor"', EN, EN.replace('to Moscow', 'to Norway'), 'fuzzy'],
    ['the negated quote as written', DA_NEGATED, DA_NEGATED, 'exact'],
    ['the English negated quote as written', EN_NEGATED, EN_NEGATED, 'exact'],
  ];
  it.each(rows.map(([reason, quote, page, status]) => ({ reason, quote, page, status })))('$reason → $status', ({ quote, page, status }) => {
    expect(statusOn(page, quote)).toBe(status);
  });

  it('the spoofed sentence is refused, and the real one beside it still anchors', () => {
    const spoof = DA.replace('han har', 'han ikke har');
    const text = `${spoof}\n${DA.replace('fredag', 'i fredags')}`;
    const found = anchorQuote(text, foldSelector({ exact: DA }));
    expect(found.status).toBe('fuzzy');
    expect(text.slice(found.start, found.end)).toContain('i fredags');
  });
});

describe('negationKey: negation words counted as whole words', () => {
  it.each([
    ['no negation', 'Putin har inviteret Trump til Moskva.', ''],
    ['Danish words', 'Han har ikke, og vil aldrig, invitere ingen.', 'aldrig ikke ingen'],
    ['English words', 'Not now, never, and nothing for nobody.', 'never nobody not nothing'],
    ['counts, not presence', 'ikke ikke', 'ikke ikke'],
    ['case folded', 'IKKE Never', 'ikke never'],
    ["n't read as not, with either apostrophe", "didn't isn\u2019t won't can't", 'not not not not'],
    ['"cannot" and bare contractions read as not', 'cannot dont', 'not not'],
    ['"cant" and "wont" are words of their own', 'cant wont', ''],
    ['parts of longer words are not negations', 'notat nordisk ingeniør nothingness another Norway knot snore', ''],
    ['"ingenlunde" (by no means) is a negation of its own, not "ingen"', 'ingenlunde', 'ingenlunde'],
    ['possessives are not contractions', "USA's Trump's", ''],
  ])('%s', (_reason, text, key) => {
    expect(negationKey(text)).toBe(key);
  });
});

describe('wholeWordsAround: a candidate is read as the words the reader sees', () => {
  it.each([
    ['cut inside a word at its start', 'en nordisk aftale', 5, 17, 'nordisk aftale'],
    ['cut before an apostrophe at its end', "he didn't go", 0, 7, "he didn't"],
    ['already whole', 'a b c', 2, 3, 'b'],
    ['a block break is not part of a word', 'ikke\nhar', 5, 8, 'har'],
  ])('%s', (_reason, text, start, end, words) => {
    expect(wholeWordsAround(text, start, end)).toBe(words);
  });

  it('widens a bounded distance, whatever the page', () => {
    const text = `${'a'.repeat(1_000_000)}b`;
    expect(wholeWordsAround(text, text.length - 1, text.length).length).toBeLessThanOrEqual(40);
  });
});
