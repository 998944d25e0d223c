// Every kind of malformed article file (test/fixtures/bad-datasets/KIND: a dataset folder,
// reason.txt, expected.txt) gets exactly one clear error naming the file and the JSON path,
// from `kontekst check` (exit 1, stderr) and from build.mjs, which fails and leaves no extension.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Run, buildCli, runBuildAsync, runCliAsync, scratchDir } from '../support/build';
import { ROOT, SEED_DATASET } from '../support/seed';

const KINDS_DIR = join(ROOT, 'test/fixtures/bad-datasets');
const kinds = readdirSync(KINDS_DIR)
  .filter((name) => statSync(join(KINDS_DIR, name)).isDirectory())
  .sort()
  .map((name) => {
    const dir = join(KINDS_DIR, name);
    return { name, dir, reason: readFileSync(join(dir, 'reason.txt'), 'utf8').trim(), expected: readFileSync(join(dir, 'expected.txt'), 'utf8') };
  });

/** Output with the dataset folder, however the tool wrote it (absolute or relative), as <dataset>. */
function placeholders(output: string, dir: string, out?: string): string {
  let text = output.replaceAll(dir, '<dataset>').replaceAll(relative(ROOT, dir), '<dataset>');
  if (out) text = text.replaceAll(out, '<out>').replaceAll(relative(ROOT, out), '<out>');
  return text;
}

const scratch = scratchDir('bad-datasets');
let cli = '';
let goodBuild = '';
beforeAll(() => {
  goodBuild = join(scratch.path, 'good');
  cli = buildCli(goodBuild);
}, 120_000);
afterAll(() => scratch.dispose());

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
  it.concurrent.each(kinds)('$name', async ({ dir, reason, expected }) => {
    const run = await runCliAsync(cli, ['check', '--dataset', dir]);
    expect(placeholders(run.stderr, dir), reason).toBe(expected);
    expect(run.status, reason).toBe(1);
    expect(run.stdout).toBe('');
  });
});

describe('build.mjs --dataset DIR fails and leaves no extension', () => {
  const checkFailedBuild = (run: Run, out: string): void => {
    expect(run.status).toBe(1);
    for (const target of ['chrome', 'firefox']) expect(existsSync(join(out, target)), `${out}/${target} is left`).toBe(false);
    // Only the command-line tool (which did the checking) is left; it carries no dataset.
    expect(readdirSync(out)).toEqual(['cli']);
  };

  it.concurrent.each(kinds)('$name', async ({ name, dir, reason, expected }) => {
    const out = join(scratch.path, `build-${name}`);
    // An earlier good build is there: a failed build must not leave it behind either.
    for (const target of ['chrome', 'firefox']) cpSync(join(goodBuild, target), join(out, target), { recursive: true });
    const run = await runBuildAsync(out, dir);
    const problem = expected.split('\n')[0];
    expect(placeholders(run.stderr, dir, out), reason).toBe(`${problem}\nbuild failed: 1 problem(s) in the dataset; no extension was left in <out>/\n`);
    checkFailedBuild(run, out);
  });

  it('a dataset folder that cannot be read fails the build the same way', async () => {
    const out = join(scratch.path, 'build-missing-folder');
    const missing = join(scratch.path, 'no-such-dataset');
    const run = await runBuildAsync(out, missing);
    expect(placeholders(run.stderr, missing, out)).toMatch(/^<dataset>: cannot read the dataset: ENOENT: no such file or directory, scandir '<dataset>\/articles'\nbuild failed: 1 problem\(s\) in the dataset; no extension was left in <out>\/\n$/);
    checkFailedBuild(run, out);
  });
});

describe('files that look odd but are fine', () => {
  it('an article file starting with a byte order mark is read (RFC 8259 lets parsers ignore it; some editors write one)', async () => {
    const dir = join(scratch.path, 'bom');
    mkdirSync(join(dir, 'articles'), { recursive: true });
    cpSync(join(SEED_DATASET, 'saved'), join(dir, 'saved'), { recursive: true });
    const name = 'jp-2018-07-27-putin-inviterer-trump.json';
    writeFileSync(join(dir, 'articles', name), `\ufeff${readFileSync(join(SEED_DATASET, 'articles', name), 'utf8')}`);
    const run = await runCliAsync(cli, ['check', '--dataset', dir]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^ok: 1 article\(s\), 13 claim\(s\) in /);
    expect(run.status).toBe(0);
  });
});
