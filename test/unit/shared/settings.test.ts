import { describe, expect, it } from 'vitest';
import { SETTINGS_VERSION, defaults, isActiveOn, migrateSettings, siteOf, withSite } from '../../../src/shared/settings';

describe('settings survive every version and any garbage', () => {
  it.each([
    ['nothing stored yet: the defaults', undefined, defaults],
    ['garbage: the defaults', 'not an object', defaults],
    ['version 1 with a site turned off', { version: 1, enabled: true, sites: { 'jp.dk': false, 'dr.dk': true } }, { enabled: true, disabledSites: ['jp.dk'] }],
    ['version 1 turned off everywhere', { version: 1, enabled: false }, { enabled: false, disabledSites: [] }],
    ['no version at all is version 1', { enabled: false, sites: { 'b.dk': false } }, { enabled: false, disabledSites: ['b.dk'] }],
    ['the current version as written', { version: SETTINGS_VERSION, enabled: true, disabledSites: ['a.dk'] }, { enabled: true, disabledSites: ['a.dk'] }],
    ['wrong types fall back field by field', { version: SETTINGS_VERSION, enabled: 'yes', disabledSites: ['a.dk', 7, null] }, { enabled: true, disabledSites: ['a.dk'] }],
  ])('%s', (_reason, stored, expected) => {
    expect(migrateSettings(stored)).toEqual(expected);
  });

  it('turns a site off and on again without touching others', () => {
    const off = withSite(withSite(defaults, 'jp.dk', false), 'dr.dk', false);
    expect(isActiveOn(off, 'https://www.jp.dk/a')).toBe(false);
    expect(isActiveOn(withSite(off, 'jp.dk', true), 'https://jp.dk/a')).toBe(true);
    expect(withSite(off, 'jp.dk', true).disabledSites).toEqual(['dr.dk']);
  });

  it.each([
    ['a web page', 'https://www.Jyllands-Posten.dk/x', 'jyllands-posten.dk'],
    ['a browser page', 'chrome://settings', null],
    ['an extension page', 'moz-extension://abc/popup.html', null],
    ['no address', undefined, null],
  ])('site of %s', (_reason, url, site) => {
    expect(siteOf(url)).toBe(site);
  });
});
