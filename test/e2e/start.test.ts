// `npm start -- --headless` as a newcomer on a machine without a display runs it: in each
// browser its report names every demo page, says whether it was recognised, how many claims
// were marked and which card opened on hover, and the screenshots it names exist. Chromium's
// run also asks for a port that is taken, and gets another one with a line saying so.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { article } from './support/fixtures';
import { demoPages } from '../start/demo-pages';
import type { HeadlessReport } from '../start/headless-report';
import { pngSize } from '../support/png-size';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function npmStart(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['start', '--silent', '--', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The one note title a claim's card is named after, in the browser's language (en-US). */
const titles = new Set(article.claims.map((claim) => claim.notes[0]?.title.en));

describe.each(['chromium', 'firefox'] as const)('npm start -- --headless in %s', (browser) => {
  const out = mkdtempSync(join(tmpdir(), `kontekst-start-${browser}-`));
  let run: Run;
  let takenPort = 0;

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('reports on every demo page and exits 0', async () => {
    const args = ['--headless', '--out', out, ...(browser === 'firefox' ? ['--firefox'] : [])];
    if (browser === 'chromium') {
      // Hold a port, and ask for it.
      const holder = createServer();
      await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done));
      takenPort = (holder.address() as { port: number }).port;
      try {
        run = await npmStart([...args, '--port', String(takenPort)]);
      } finally {
        holder.close();
      }
    } else {
      run = await npmStart(args);
    }
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${demoPages.length} of ${demoPages.length} pages as expected. Screenshots and report.json in ${out}`);
  }, 180_000);

  it('says per page what was recognised, how many claims were marked and which card opened', () => {
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as HeadlessReport;
    expect(report.pages.map((page) => page.name)).toEqual(demoPages.map((demo) => demo.name));
    for (const [index, page] of report.pages.entries()) {
      const demo = demoPages[index] as (typeof demoPages)[number];
      const block = run.stdout.slice(run.stdout.indexOf(`${page.name}: ${demo.what}`)).split('\n\n')[0] as string;
      expect(block, page.name).toContain(page.url);
      expect(page.recognised, page.name).toBe(demo.recognised);
      if (demo.recognised) {
        // Every claim of the seed article, all marked on its copies too; the card is one of its notes.
        expect(page.marked, page.name).toBe(article.claims.length);
        expect(titles.has(page.card ?? ''), `${page.name}: ${page.card}`).toBe(true);
        expect(block).toMatch(new RegExp(`recognised: yes, by its (address|text) · claims marked: ${article.claims.length} of ${article.claims.length} · hover opened the card "`));
        expect(block).toContain(`"${page.card}"`);
      } else {
        expect(page).toMatchObject({ marked: 0, card: null });
        expect(block).toContain('recognised: no · claims marked: 0 · nothing to hover · ok');
      }
    }
    expect(report.pages.find((page) => page.name === 'article')?.matchedBy).toBe('url');
    expect(report.pages.find((page) => page.name === 'syndicated')?.matchedBy).toBe('content');
  });

  it('writes the screenshots it names: each page, and each open card', () => {
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as HeadlessReport;
    for (const page of report.pages) {
      expect(page.screenshots).toEqual(page.recognised ? [`${page.name}.png`, `${page.name}-card.png`] : [`${page.name}.png`]);
      for (const file of page.screenshots) expect(pngSize(readFileSync(join(out, file))), file).toEqual({ width: 1100, height: 900 });
      // The card changes the picture.
      if (page.recognised) expect(readFileSync(join(out, `${page.name}-card.png`)).equals(readFileSync(join(out, `${page.name}.png`)))).toBe(false);
    }
  });

  it.runIf(browser === 'chromium')('a taken port gets one line and another port', () => {
    const lines = run.stderr.split('\n').filter((line) => line.startsWith('npm start:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^npm start: port ${takenPort} is taken, so the pages are served on port \\d+ instead`));
  });
});

// Here rather than with the other set-up lines (test/tooling/start-setup.test.ts): it builds
// dist/ first, which the unit tests running beside those read.
describe('npm start with a browser that will not start', () => {
  it('says so in one line: its name, its path and its complaint', async () => {
    const run = await npmStart(['--headless'], { ...process.env, CHROMIUM_PATH: '/bin/false' });
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^npm start: Chromium \(\/bin\/false\) did not start: \S/);
  }, 120_000);
});
