// migrateSettings against every older shape and against garbage: a reader's choices (on/off,
// the sites turned off) survive whatever storage hands back, and nothing stored can change
// how Kontekst's own objects behave. Stored values arrive deserialised, so hostile ones are
// built with JSON.parse.
import { describe, expect, it } from 'vitest';
import { SETTINGS_VERSION, type Settings, defaults, migrateSettings } from '../../../src/shared/settings';

const wire = (json: string): unknown => JSON.parse(json);
const on = (...disabledSites: string[]): Settings => ({ enabled: true, disabledSites });
const off = (...disabledSites: string[]): Settings => ({ enabled: false, disabledSites });

const rows: [reason: string, stored: unknown, expected: Settings][] = [
  // Every shape Kontekst has written.
  ['version 1: on, with sites turned off and on', { version: 1, enabled: true, sites: { 'jp.dk': false, 'dr.dk': true, 'b.dk': false } }, on('b.dk', 'jp.dk')],
  ['version 1: off everywhere, its site list kept for when it is turned on', { version: 1, enabled: false, sites: { 'jp.dk': false } }, off('jp.dk')],
  ['version 1 without a site list', { version: 1, enabled: false }, off()],
  ['version 1 written before it had a version field', { enabled: false, sites: { 'jp.dk': false } }, off('jp.dk')],
  ['version 2, as saveSettings writes it', { version: 2, enabled: false, disabledSites: ['jp.dk', 'dr.dk'] }, off('dr.dk', 'jp.dk')],
  ['the current version', { version: SETTINGS_VERSION, enabled: true, disabledSites: ['a.dk'] }, on('a.dk')],
  ['a newer version (after a downgrade): the fields this version knows are kept', { version: SETTINGS_VERSION + 5, enabled: false, disabledSites: ['a.dk'], colours: 'dark' }, off('a.dk')],

  // Broken version fields must not throw away the choices beside them.
  ['a version written as a string', { version: '2', enabled: false, disabledSites: ['a.dk'] }, off('a.dk')],
  ['a fractional version', { version: 1.5, enabled: false, disabledSites: ['a.dk'] }, off('a.dk')],
  ['a negative version', { version: -3, enabled: false, sites: { 'a.dk': false } }, off('a.dk')],
  ['a version far in the future', { version: Number.MAX_SAFE_INTEGER, enabled: false, disabledSites: ['a.dk'] }, off('a.dk')],
  ['version 1 carrying both shapes (a half-finished sync)', { version: 1, enabled: true, sites: { 'b.dk': false }, disabledSites: ['a.dk'] }, on('a.dk', 'b.dk')],

  // Garbage: the defaults, or whatever can be kept field by field.
  ['nothing stored', undefined, defaults],
  ['null', null, defaults],
  ['a string', 'enabled', defaults],
  ['a number', 42, defaults],
  ['an array', [false, ['a.dk']], defaults],
  ['enabled written as a string', { version: 2, enabled: 'false', disabledSites: [] }, on()],
  ['a site list with non-strings, empties, duplicates and capitals', { version: 2, enabled: true, disabledSites: ['A.dk', 'a.dk', '', 7, null, { host: 'x' }, 'b.dk'] }, on('a.dk', 'b.dk')],
  ['a site list that is a string', { version: 2, enabled: true, disabledSites: 'a.dk' }, on()],
  ['version 1 sites as an array', { version: 1, enabled: true, sites: ['a.dk'] }, on()],
  ['a 300-character site name', { version: 2, enabled: true, disabledSites: ['a'.repeat(300), 'b.dk'] }, on('b.dk')],

  // Prototype-pollution keys are plain data.
  ['"__proto__" carrying the fields', wire('{"__proto__": {"enabled": false, "disabledSites": ["a.dk"]}}'), defaults],
  ['"__proto__" as a version 1 site', wire('{"version": 1, "enabled": true, "sites": {"__proto__": false, "a.dk": false}}'), on('__proto__', 'a.dk')],
  ['"constructor" beside the fields', wire('{"version": 2, "enabled": false, "disabledSites": [], "constructor": {"prototype": {"polluted": true}}}'), off()],
];

describe('migrateSettings keeps a reader\'s choices from every version and survives garbage', () => {
  it.each(rows)('%s', (_reason, stored, expected) => {
    expect(migrateSettings(stored)).toEqual(expected);
  });

  it('is idempotent: settings saved and read again are the same settings', () => {
    for (const [, stored] of rows) {
      const once = migrateSettings(stored);
      expect(migrateSettings({ version: SETTINGS_VERSION, ...once })).toEqual(once);
    }
  });

  it('leaves Object.prototype and the defaults as they were', () => {
    for (const [, stored] of rows) migrateSettings(stored).disabledSites.push('changed.example');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).enabled).toBeUndefined();
    expect(defaults).toEqual({ enabled: true, disabledSites: [] });
  });
});
