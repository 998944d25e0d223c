// The built command-line tool, run as editors run it, as a process of its own (npm test builds
// dist/ first): the bundle starts, reads its arguments, prints, and exits with the command's code.
// What each command does is tested in-process (test/unit/cli/).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEED_ID, SEED_PAGE, SEED_URL } from '../support/seed';

const CLI = 'dist/cli/kontekst.mjs';
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('dist/cli/kontekst.mjs', () => {
  it('annotate: the report on stdout, exit code 0', () => {
    const result = run('annotate', SEED_PAGE, '--url', SEED_URL);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ url: SEED_URL, article: { id: SEED_ID, matchedBy: 'url' } });
  });

  it('an unknown command: one line on stderr, exit code 2', () => {
    const result = run('frobnicate');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^kontekst: unknown command "frobnicate" [^\n]*\n$/);
  });
});
