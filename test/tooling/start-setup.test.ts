// `npm start` on a machine that is not set up: each problem ends in one line that says what
// to do, before anything is built or launched.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildErrorLine } from '../start/build-runner';

function start(args: string[], env: Record<string, string | undefined>): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['test/start/start.mjs', ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm start on a machine without what it needs', () => {
  it.each([
    { reason: 'no Chromium: names the Debian package', args: [], env: { CHROMIUM_PATH: '/nonexistent/chromium', DISPLAY: ':0' }, line: /^npm start: no Chromium found at \/nonexistent\/chromium: install Debian's package with `sudo apt-get install chromium`/ },
    { reason: 'no Firefox: names the Debian package', args: ['--firefox', '--headless'], env: { FIREFOX_PATH: '/nonexistent/firefox' }, line: /^npm start: no Firefox found at \/nonexistent\/firefox: install Debian's package with `sudo apt-get install firefox-esr`/ },
    { reason: 'no display: offers --headless', args: [], env: { DISPLAY: undefined, WAYLAND_DISPLAY: undefined }, line: /^npm start: no display here \(DISPLAY is not set\), so no browser window can open: try `npm start -- --headless` for a report and screenshots$/ },
    { reason: 'no display with --firefox: offers the same for Firefox', args: ['--firefox'], env: { DISPLAY: undefined, WAYLAND_DISPLAY: undefined }, line: /try `npm start -- --headless --firefox`/ },
    { reason: 'a port that is no port', args: ['--headless', '--port', 'eighty'], env: {}, line: /^npm start: --port takes a port number \(0-65535\), not eighty$/ },
  ])('$reason', ({ args, env, line }) => {
    const run = start(args, env);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });

  it('an unknown option gets its name and the usage', () => {
    const run = start(['--frefox'], {});
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^npm start: Unknown option '--frefox'/);
    expect(run.stderr).toContain('--headless');
  });
});

describe('a build error is the build’s own message in one line', () => {
  it.each([
    {
      reason: "esbuild's thrown error: its first located error",
      output: '✘ [ERROR] Expected ";" but found "x"\n\n    src/content/card.ts:1:8:\n      1 │ const x x = 1;\n\n/node_modules/esbuild/lib/main.js:1752\nError: Build failed with 1 error:\nsrc/content/card.ts:1:8: ERROR: Expected ";" but found "x"\n    at failureErrorWithLog (main.js:1752:15)',
      line: 'src/content/card.ts:1:8: Expected ";" but found "x"',
    },
    {
      reason: "esbuild's log alone",
      output: '✘ [ERROR] Could not resolve "./nowhere"\n\n    src/popup/popup.ts:3:20:\n      3 │ import x from "./nowhere";\n',
      line: 'src/popup/popup.ts:3:20: Could not resolve "./nowhere"',
    },
    {
      reason: 'a dataset problem: the first one and the summary',
      output: 'src/dataset/articles/a.json: claims[0].selector.exact: not found in the saved page\nsrc/dataset/articles/a.json: claims[1]: no notes\nbuild failed: 2 problem(s) in the dataset; no extension was left in dist/\n',
      line: 'src/dataset/articles/a.json: claims[0].selector.exact: not found in the saved page (build failed: 2 problem(s) in the dataset; no extension was left in dist/)',
    },
  ])('$reason', ({ output, line }) => {
    expect(buildErrorLine(output)).toBe(line);
  });
});
