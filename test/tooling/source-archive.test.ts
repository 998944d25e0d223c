// The source archive `npm run package` writes for addons.mozilla.org: it holds the build
// instructions and what the build reads, and building from it alone, as BUILDING.md says,
// gives the same store packages byte for byte.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../support/build';
import { ROOT as REPO } from '../support/seed';
import { type ZipEntry, readZip } from '../support/zip-reader';

const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

function packageInto(cwd: string, out: string): void {
  const run = spawnSync(process.execPath, ['build.mjs', '--package', '--out', out], { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`build --package in ${cwd} failed:\n${run.stderr}`);
}

describe('the source archive for addons.mozilla.org', () => {
  // Built here under the repository (the built CLI finds jsdom from there), unpacked outside any checkout.
  const scratch = scratchDir('source-archive');
  const here = join(scratch.path, 'here');
  const unpacked = mkdtempSync(join(tmpdir(), 'kontekst-source-'));
  let entries: ZipEntry[];

  beforeAll(() => {
    packageInto(REPO, here);
    entries = readZip(readFileSync(join(here, `kontekst-source-${version}.zip`)));
    // With only the installed packages beside it (what `npm ci` gives).
    for (const entry of entries) {
      mkdirSync(dirname(join(unpacked, entry.name)), { recursive: true });
      writeFileSync(join(unpacked, entry.name), entry.data);
    }
    symlinkSync(join(REPO, 'node_modules'), join(unpacked, 'node_modules'), 'dir');
    packageInto(unpacked, join(unpacked, 'dist'));
  }, 120_000);

  afterAll(() => {
    scratch.dispose();
    rmSync(unpacked, { recursive: true, force: true });
  });

  it('starts with the build instructions and holds the build, the manifest, the lockfile and the sources', () => {
    const names = entries.map((entry) => entry.name);
    expect(names[0]).toBe('BUILDING.md');
    expect(names).toEqual(expect.arrayContaining(['build.mjs', 'manifest.json', 'package.json', 'package-lock.json', 'LICENSE', 'CHANGELOG.md', 'src/background/main.ts', 'src/dataset/article.schema.json']));
    // Nothing the build does not read: no tests, fixtures, benchmarks or saved pages of other sites.
    expect(names.filter((name) => /^(test|bench|dist|node_modules)\//.test(name))).toEqual([]);
    expect(entries[0]?.data.toString('utf8')).toContain('npm run package');
  });

  it.each(['chrome', 'firefox'])('building from it alone gives the same %s package, byte for byte', (target) => {
    const file = `kontekst-${target}-${version}.zip`;
    expect(readFileSync(join(unpacked, 'dist', file)).equals(readFileSync(join(here, file)))).toBe(true);
  });

  it('is itself the same bytes when made again from the same source', () => {
    const again = join(scratch.path, 'again');
    packageInto(REPO, again);
    expect(readFileSync(join(again, `kontekst-source-${version}.zip`)).equals(readFileSync(join(here, `kontekst-source-${version}.zip`)))).toBe(true);
  });
});
