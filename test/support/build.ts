// Runs build.mjs as a user would, in folders of its own under tmp/ (git-ignored), never dist/.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './seed';

/** What a command printed and how it ended. */
export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh folder under ROOT/tmp, removed by `dispose`. */
export function scratchDir(label: string): { path: string; dispose: () => void } {
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  const path = mkdtempSync(join(ROOT, 'tmp', `${label}-`));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}

/** `node build.mjs --out OUT --dataset DATASET`, without blocking. */
export function runBuildAsync(out: string, dataset: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['build.mjs', '--out', out, '--dataset', dataset], { cwd: ROOT, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}
