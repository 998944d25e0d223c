// Runs build.mjs and the built CLI as a user would, in folders of their own under tmp/
// (git-ignored, inside the repository so the CLI finds node_modules/jsdom), never dist/.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
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

/** `node build.mjs --out OUT --dataset DATASET`. */
export function runBuild(out: string, dataset: string): Run {
  const result = spawnSync(process.execPath, ['build.mjs', '--out', out, '--dataset', dataset], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Builds everything once into `out` with the seed dataset and returns the CLI's path. */
export function buildCli(out: string): string {
  const built = runBuild(out, join(ROOT, 'src/dataset'));
  const cli = join(out, 'cli', 'kontekst.mjs');
  if (built.status !== 0 || !existsSync(cli)) throw new Error(`build failed:\n${built.stderr}`);
  return cli;
}

/** `node CLI ...args`. */
export function runCli(cli: string, args: readonly string[]): Run {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `node CLI ...args`, without blocking: independent runs can overlap. */
export function runCliAsync(cli: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

/** `node build.mjs --out OUT --dataset DATASET`, without blocking. */
export function runBuildAsync(out: string, dataset: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['build.mjs', '--out', out, '--dataset', dataset], { cwd: ROOT, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}
