// build.mjs as a user runs it, on datasets it must refuse: it checks the dataset before it
// bundles anything, fails with the check's lines and a count, and leaves no extension behind
// (not even an earlier good build). Every kind of bad file is checked in-process by
// test/unit/cli/bad-datasets.test.ts through the same checkDataset; these runs prove the wiring.
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Run, runBuildAsync, scratchDir } from '../support/build';
import { ROOT } from '../support/seed';

const DIST = join(ROOT, 'dist');
if (!existsSync(join(DIST, 'chrome', 'manifest.json'))) throw new Error('dist/ is missing: run npm run build first (npm test does)');

const scratch = scratchDir('build');
afterAll(() => scratch.dispose());

/** Output with the dataset and output folders, however build.mjs wrote them, as <dataset> and <out>. */
function placeholders(output: string, dir: string, out: string): string {
  return output.replaceAll(dir, '<dataset>').replaceAll(relative(ROOT, dir), '<dataset>').replaceAll(out, '<out>').replaceAll(relative(ROOT, out), '<out>');
}

function checkFailedBuild(run: Run, out: string): void {
  expect(run.status).toBe(1);
  for (const target of ['chrome', 'firefox']) expect(existsSync(join(out, target)), `${out}/${target} is left`).toBe(false);
  // Only the command-line tool (which did the checking) is left; it carries no dataset.
  expect(readdirSync(out)).toEqual(['cli']);
}

describe('build.mjs --dataset DIR fails and leaves no extension', () => {
  it('a dataset with a bad file: the check\'s one line, then the count', async () => {
    const dir = join(ROOT, 'test/fixtures/bad-datasets/bad-id');
    const out = join(scratch.path, 'bad-id');
    // An earlier good build is there: a failed build must not leave it behind either.
    for (const target of ['chrome', 'firefox']) cpSync(join(DIST, target), join(out, target), { recursive: true });
    const run = await runBuildAsync(out, dir);
    const problem = readFileSync(join(dir, 'expected.txt'), 'utf8').split('\n')[0];
    expect(placeholders(run.stderr, dir, out)).toBe(`${problem}\nbuild failed: 1 problem(s) in the dataset; no extension was left in <out>/\n`);
    checkFailedBuild(run, out);
  });

  it('a dataset folder that cannot be read fails the build the same way', async () => {
    const out = join(scratch.path, 'missing-folder');
    const missing = join(scratch.path, 'no-such-dataset');
    const run = await runBuildAsync(out, missing);
    expect(placeholders(run.stderr, missing, out)).toMatch(/^<dataset>: cannot read the dataset: ENOENT: no such file or directory, scandir '<dataset>\/articles'\nbuild failed: 1 problem\(s\) in the dataset; no extension was left in <out>\/\n$/);
    checkFailedBuild(run, out);
  });
});
