// Every kind of malformed article file (test/fixtures/bad-datasets/KIND: a dataset folder,
// reason.txt, expected.txt) gets exactly one clear error naming the file and the JSON path,
// from `kontekst check` (exit 1, stderr) and from the check build.mjs runs before it bundles
// anything (checkDataset, the built CLI's own export). Both run in-process here; that build.mjs
// fails on them and leaves no extension is shown by a real build in test/tooling/build.test.ts.
import { cpSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDataset } from '../../../src/cli/kontekst-cli';
import { kontekst, tempDir } from '../../support/cli';
import { ROOT, SEED_DATASET } from '../../support/seed';

const KINDS_DIR = join(ROOT, 'test/fixtures/bad-datasets');
const kinds = readdirSync(KINDS_DIR)
  .filter((name) => statSync(join(KINDS_DIR, name)).isDirectory())
  .sort()
  .map((name) => {
    const dir = join(KINDS_DIR, name);
    return { name, dir, reason: readFileSync(join(dir, 'reason.txt'), 'utf8').trim(), expected: readFileSync(join(dir, 'expected.txt'), 'utf8') };
  });

/** Output with the dataset folder, however the tool wrote it (absolute or relative), as <dataset>. */
const placeholders = (output: string, dir: string): string => output.replaceAll(dir, '<dataset>').replaceAll(relative(ROOT, dir), '<dataset>');

describe('bad dataset fixtures', () => {
  it('cover every kind the checks know, each with a reason and one expected error', () => {
    expect(kinds.length).toBeGreaterThanOrEqual(15);
    for (const { name, reason, expected } of kinds) {
      expect(reason.length, name).toBeGreaterThan(20);
      // One problem line naming the file and a JSON path, then the count.
      expect(expected, name).toMatch(/^<dataset>\/articles\/[a-z0-9-]+\.json: \$[^\s:]*: [^\n]+\n1 problem\(s\) in <dataset>\n$/);
    }
  });
});

describe('kontekst check --dataset DIR', () => {
  it.each(kinds)('$name', ({ dir, reason, expected }) => {
    const run = kontekst('check', '--dataset', dir);
    expect(placeholders(run.stderr, dir), reason).toBe(expected);
    expect(run.code, reason).toBe(1);
    expect(run.stdout).toBe('');
  });
});

describe('the build\'s dataset check (checkDataset) refuses the dataset with the same one line', () => {
  it.each(kinds)('$name', ({ dir, reason, expected }) => {
    const { problems, articles } = checkDataset(dir);
    expect(problems.map((line) => placeholders(line, dir)), reason).toEqual([expected.split('\n')[0]]);
    expect(articles).toEqual([]);
  });

  it('a dataset folder that cannot be read is one problem too', () => {
    const missing = join(tempDir(), 'no-such-dataset');
    const { problems } = checkDataset(missing);
    expect(problems.map((line) => placeholders(line, missing))).toEqual([`<dataset>: cannot read the dataset: ENOENT: no such file or directory, scandir '<dataset>/articles'`]);
  });

  it('the bundled dataset passes', () => {
    expect(checkDataset(SEED_DATASET)).toMatchObject({ problems: [], articles: [{ id: 'jp-2018-07-27-putin-inviterer-trump' }] });
  });
});

describe('files that look odd but are fine', () => {
  it('an article file starting with a byte order mark is read (RFC 8259 lets parsers ignore it; some editors write one)', () => {
    const dir = join(tempDir(), 'bom');
    mkdirSync(join(dir, 'articles'), { recursive: true });
    cpSync(join(SEED_DATASET, 'saved'), join(dir, 'saved'), { recursive: true });
    const name = 'jp-2018-07-27-putin-inviterer-trump.json';
    writeFileSync(join(dir, 'articles', name), `\ufeff${readFileSync(join(SEED_DATASET, 'articles', name), 'utf8')}`);
    const run = kontekst('check', '--dataset', dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^ok: 1 article\(s\), 14 claim\(s\) in /);
    expect(run.code).toBe(0);
  });
});
