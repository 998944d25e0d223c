// A tab's status comes from one function (detection, the annotator's "cleared" report and the
// popup all use it): the switches first, then whether Kontekst may read the site, then what
// detection recorded for the page.
import { describe, expect, it } from 'vitest';
import { tabStatus } from '../../../src/background/tab-status';
import type { TabStatus } from '../../../src/shared/messages';
import { defaults, withSite } from '../../../src/shared/settings';

const URL = 'https://jyllands-posten.dk/international/a';
const on = defaults;
const off = { ...defaults, enabled: false };
const offHere = withSite(defaults, 'jyllands-posten.dk', false);

describe('tabStatus', () => {
  it.each<[string, Parameters<typeof tabStatus>, TabStatus]>([
    ['a page that is not a web page (a browser page, no address) is unsupported, whatever the switches', [off, 'chrome://settings', 'annotated'], 'unsupported'],
    ['no address at all is unsupported', [on, undefined], 'unsupported'],
    ['Kontekst turned off everywhere is off, whatever the page held', [off, URL, 'annotated'], 'off'],
    ['Kontekst turned off on this site is off-site', [offHere, URL, 'annotated'], 'off-site'],
    ['a site Kontekst may not read and has not read: no access (the popup offers to run once)', [on, URL, null, false], 'no-access'],
    ['a page read once with the reader\'s permission keeps what detection found there', [on, URL, 'annotated', false], 'annotated'],
    ['recorded while off, now on: detection runs again after the switch, so pending', [on, URL, 'off'], 'pending'],
    ['recorded while off on this site, now on: pending', [on, URL, 'off-site'], 'pending'],
    ['detection found the article and the annotator is marking it', [on, URL, 'pending'], 'pending'],
    ['the annotator reported its marks', [on, URL, 'annotated'], 'annotated'],
    ['nothing recorded yet on a readable site: not an article (as far as anyone knows)', [on, URL, undefined, true], 'not-article'],
  ])('%s', (_reason, args, expected) => {
    expect(tabStatus(...args)).toBe(expected);
  });
});
