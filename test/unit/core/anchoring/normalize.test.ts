import { describe, expect, it } from 'vitest';
import { DROP, SPACE, foldCode, normalizeText } from '../../../../src/core/anchoring/normalize';
import { Random } from '../../../support/random';

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

/** normalizeText's rules, one code unit at a time with foldCode (the page reader folds text this way). */
function foldByCodeUnit(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = foldCode(text.charCodeAt(i));
    if (code === DROP) continue;
    if (code === SPACE) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += String.fromCharCode(code);
  }
  return out;
}

describe('normalizeText agrees with folding every code unit (foldCode), which the page reader does', () => {
  // Every code unit foldCode changes, its neighbours, and ordinary text around them.
  const special = Array.from({ length: 0x3001 }, (_, code) => code).filter((code) => foldCode(code) !== code || code === SPACE);
  const pool = [...special, ...special.map((c) => c + 1), ...special.map((c) => c - 1), 0x61, 0x62, 0xe6, 0xf8, 0x41, 0x2e, 0xd83d, 0xde00].map((c) => String.fromCharCode(c));
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('random text, seed %i', (seed) => {
    const random = new Random(seed);
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: random.int(24) }, () => random.pick(pool)).join('');
      expect(normalizeText(text), JSON.stringify(text)).toBe(foldByCodeUnit(text));
    }
  });
});
