// Shared by the editor-tool tests: run the kontekst CLI in-process and make scratch datasets.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, vi } from 'vitest';
import { main } from '../../src/cli/main';

export const ROOT = resolve(__dirname, '../..');
export const DATASET = join(ROOT, 'src/dataset');
export const SEED_ID = 'jp-2018-07-27-putin-inviterer-trump';
export const SEED_URL = 'https://jyllands-posten.dk/international/europa/ECE10772669/putin-har-inviteret-trump-til-moskva/';
export const SEED_PAGE = join(DATASET, 'saved', `${SEED_ID}.html`);
export const PAGES = join(ROOT, 'test/fixtures/pages');
export const PACKS = join(ROOT, 'test/fixtures/packs');

/** What one run of the CLI did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `kontekst ARGS` in this process, capturing what it writes. */
export function kontekst(...args: string[]): CliRun {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kontekst-editors-'));
  scratch.push(dir);
  return dir;
}

/** A copy of the bundled dataset (articles, saved pages, schema) in a scratch directory. */
export function datasetCopy(options: { withoutArticles?: boolean } = {}): string {
  const dir = join(tempDir(), 'dataset');
  cpSync(DATASET, dir, { recursive: true });
  if (options.withoutArticles) {
    rmSync(join(dir, 'articles'), { recursive: true, force: true });
    mkdirSync(join(dir, 'articles'));
  }
  return dir;
}

/** Parsed JSON of a file. */
export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
