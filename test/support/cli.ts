// Shared by the editor-tool tests: run the kontekst CLI in-process and make scratch datasets.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished, vi } from 'vitest';
import { main } from '../../src/cli/kontekst-cli';
import { SEED_DATASET } from './seed';

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

/** A new empty directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kontekst-editors-'));
  // Per test, not a module-level afterEach: these projects run with isolate: false, where this module
  // is imported once per worker and a hook it registered belonged to the first file only (each run
  // left about 25 directories in the system's temp folder).
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A copy of the bundled dataset (articles, saved pages, schema) in a scratch directory. */
export function datasetCopy(options: { withoutArticles?: boolean } = {}): string {
  const dir = join(tempDir(), 'dataset');
  cpSync(SEED_DATASET, dir, { recursive: true });
  if (options.withoutArticles) {
    rmSync(join(dir, 'articles'), { recursive: true, force: true });
    mkdirSync(join(dir, 'articles'));
  }
  return dir;
}

