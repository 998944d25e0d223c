import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_KEYS, contentStrings, formatDate, plural, readerLanguage, stringsTranslator, translator } from '../../../src/shared/i18n';
import { FakeBrowser } from '../../support/fake-browser';

type Locale = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const read = (lang: string) => JSON.parse(readFileSync(`src/_locales/${lang}/messages.json`, 'utf8')) as Locale;
const en = read('en');
const da = read('da');

// The keys the UI may ask for: the MessageKey union, read from its source.
const source = readFileSync('src/shared/i18n.ts', 'utf8');
const union = /export type MessageKey =([^;]+);/.exec(source)![1]!;
const uiKeys = [...union.matchAll(/'([A-Za-z]+)'/g)].map((m) => m[1]!);

describe('UI strings', () => {
  it('every UI key exists in both English and Danish', () => {
    expect(uiKeys.length).toBeGreaterThan(20);
    for (const key of uiKeys) {
      expect(en[key]?.message, `en ${key}`).toBeTruthy();
      expect(da[key]?.message, `da ${key}`).toBeTruthy();
    }
  });

  it('both languages carry the same keys and the same placeholders', () => {
    expect(Object.keys(da).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      const names = (l: Locale) => [...l[key]!.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();
      expect(names(da), key).toEqual(names(en));
      for (const name of names(en)) expect(en[key]!.placeholders?.[name], `${key} $${name}$`).toBeDefined();
    }
  });

  it('keys the content script and popup use are all declared', () => {
    const files = [...readdirSync('src/content').filter((f) => f.endsWith('.ts')).map((f) => `src/content/${f}`), 'src/popup/controller.ts'];
    const used = files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bt\('([A-Za-z]+)'/g)].map((m) => m[1]!));
    expect(used.length).toBeGreaterThan(5);
    for (const key of used) expect(uiKeys, key).toContain(key);
  });

  it.each([
    { ui: 'en-GB', values: ['Putin', 'Jyllands-Posten', '27 July 2018'], reason: 'plain values' },
    { ui: 'da', values: ['$1 and $2', '\uE001\uE002', '$HEADLINE$'], reason: 'values that look like placeholders or slots stay as they are' },
    { ui: 'sv-SE', values: [], reason: 'no values: empty where the message has placeholders' },
  ])('the strings the background hands the annotator read as the i18n API would ($reason)', ({ ui, values }) => {
    const i18n = new FakeBrowser({ uiLanguage: ui }).i18n;
    const handed = stringsTranslator(contentStrings(i18n));
    const direct = translator(i18n);
    for (const key of CONTENT_KEYS) expect(handed(key, ...values), key).toBe(direct(key, ...values));
  });

  it("fills a string's slots without a replace for every call (one for each marker's label, in Firefox's cold content script), giving the i18n API's text", () => {
    const i18n = new FakeBrowser({ uiLanguage: 'da' }).i18n;
    const handed = stringsTranslator(contentStrings(i18n));
    const direct = translator(i18n);
    const titles = Array.from({ length: 14 }, (_, i) => `Note ${i} $1 \uE001`);
    const expected = titles.map((title) => direct('markerLabel', title));
    const replace = vi.spyOn(String.prototype, 'replace');
    try {
      expect(titles.map((title) => handed('markerLabel', title))).toEqual(expected);
      expect(replace).not.toHaveBeenCalled();
    } finally {
      replace.mockRestore();
    }
  });

  it('the annotator\'s keys are all the content script uses', () => {
    const files = readdirSync('src/content').filter((f) => f.endsWith('.ts')).map((f) => `src/content/${f}`);
    const used = new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bt\('([A-Za-z]+)'/g)].map((m) => m[1]!)));
    for (const key of used) expect(CONTENT_KEYS as readonly string[], key).toContain(key);
  });

  it('the Danish strings are Danish and the English ones English (not copies)', () => {
    const same = uiKeys.filter((k) => en[k]!.message === da[k]!.message && !['popupTitle', 'popupClaimNotesOne'].includes(k));
    expect(same).toEqual([]);
  });
});

describe('language and formatting', () => {
  it.each([
    { ui: 'da', expected: 'da' },
    { ui: 'da-DK', expected: 'da' },
    { ui: 'DA', expected: 'da' },
    { ui: 'en-GB', expected: 'en' },
    { ui: 'sv-SE', expected: 'en' },
    { ui: 'de', expected: 'en' },
  ])('reader language for UI language $ui is $expected', ({ ui, expected }) => {
    expect(readerLanguage(new FakeBrowser({ uiLanguage: ui }).i18n)).toBe(expected);
  });

  it.each([
    { date: '2018-07-27', lang: 'da' as const, expected: '27. juli 2018' },
    { date: '2018-07-27', lang: 'en' as const, expected: '27 July 2018' },
    { date: '2026-01-01', lang: 'en' as const, expected: '1 January 2026', why: 'no time-zone drift to the previous day' },
    { date: 'sometime', lang: 'en' as const, expected: 'sometime', why: 'an unreadable date is shown as written' },
  ])('formats $date in $lang as $expected', ({ date, lang, expected }) => {
    expect(formatDate(date, lang)).toBe(expected);
  });

  it.each([
    { lang: 'en' as const, ui: 'en', count: 1, expected: '1 note on this page' },
    { lang: 'en' as const, ui: 'en', count: 28, expected: '28 notes on this page' },
    { lang: 'da' as const, ui: 'da', count: 1, expected: '1 note på denne side' },
    { lang: 'da' as const, ui: 'da', count: 0, expected: '0 noter på denne side' },
  ])('counts notes: $count in $lang', ({ lang, ui, count, expected }) => {
    const t = translator(new FakeBrowser({ uiLanguage: ui }).i18n);
    expect(plural(t, lang, count, 'popupNotesOne', 'popupNotesOther')).toBe(expected);
  });
});
