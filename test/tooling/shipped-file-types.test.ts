// The files the background reads from the extension's own package (src/background/dataset.ts:
// everything under data/), as the build ships them to Firefox. Firefox types such a file by its
// extension from a table of its own and asks the operating system for any other extension; in the
// event page's process that question is a synchronous call to the parent process, which held a
// background that had just woken 10 to 40 ms on its way to a page's first look (INDEX_FILES,
// src/core/recognition/index-files.ts). So each file is named with an extension in Firefox's own
// table, or with none.
import { existsSync, readdirSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDEX_FILES } from '../../src/core/recognition/index-files';
import { ROOT } from '../support/seed';

const DATA = join(ROOT, 'dist/firefox/data');
if (!existsSync(DATA)) throw new Error('dist/firefox is missing: run npm run build first (npm test does)');

/**
 * Firefox's built-in extensions (defaultMimeEntries in uriloader/exthandler/nsExternalHelperAppService.cpp,
 * https://searchfox.org/mozilla-esr140/source/uriloader/exthandler/nsExternalHelperAppService.cpp),
 * the ones a data file could sensibly carry: typed without asking the operating system.
 */
const TYPED_BY_FIREFOX = new Set(['.json', '.txt', '.csv', '.js', '.css', '.xml', '.html']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

const shipped = filesUnder(DATA).map((file) => relative(join(DATA, '..'), file));

describe('files the background reads from the package', () => {
  it('are the index files and the articles', () => {
    expect(shipped).toEqual(expect.arrayContaining(Object.values(INDEX_FILES)));
    expect(shipped.some((file) => file.startsWith('data/articles/'))).toBe(true);
  });

  it.each(shipped.map((file) => ({ file, extension: extname(file) })))('$file: Firefox types it without asking the operating system', ({ extension }) => {
    expect(extension === '' || TYPED_BY_FIREFOX.has(extension)).toBe(true);
  });
});
