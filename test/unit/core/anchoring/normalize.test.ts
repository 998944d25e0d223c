import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../../src/core/anchoring/normalize';

describe('normalizeText folds text the way a reader sees it', () => {
  it.each([
    ['runs of whitespace are one space', 'a  b\t\n c', 'a b c'],
    ['no-break and narrow no-break spaces are spaces', 'USA\u00a0og\u202fRusland', 'USA og Rusland'],
    ['soft hyphens vanish', 'efter\u00adretnings\u00adtjeneste', 'efterretningstjeneste'],
    ['zero-width characters vanish', 'Trump\u200b og\u2060 Putin\ufeff', 'Trump og Putin'],
    ['Danish guillemets become straight double quotes', '»Ja,« sagde han', '"Ja," sagde han'],
    ['curly and low quotes become straight double quotes', '„Nej“ og “ja”', '"Nej" og "ja"'],
    ['curly apostrophes become straight ones', 'USA’s præsident', "USA's præsident"],
    ['dashes become hyphens', 'G20 – topmøde — 2018', 'G20 - topmøde - 2018'],
    ['leading and trailing space is trimmed', '  \u00a0tekst\n ', 'tekst'],
    ['letters, case and other punctuation are kept', 'Æble, øl & Åbenrå!', 'Æble, øl & Åbenrå!'],
  ])('%s', (_reason, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});
