// The extension built with the synthetic dataset added to the bundled one (the seed article and
// its saved copy stay, so the same pages are recognised), into a folder of the benchmark's own.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeSyntheticDataset } from './synthetic';

/** Writes `count` synthetic articles beside the bundled dataset under `dir` and builds the extension there; returns its unpacked folders. */
export function buildWithSynthetic(root: string, dir: string, count: number): { chrome: string; firefox: string } {
  const dataset = join(dir, 'dataset');
  writeSyntheticDataset(dataset, count, 15);
  mkdirSync(join(dataset, 'saved'), { recursive: true });
  for (const file of readdirSync(join(root, 'src/dataset/articles'))) cpSync(join(root, 'src/dataset/articles', file), join(dataset, 'articles', file));
  cpSync(join(root, 'src/dataset/saved'), join(dataset, 'saved'), { recursive: true });
  const out = join(dir, 'dist');
  // Inside the project (node_modules/.cache), so the CLI bundle the build runs resolves jsdom.
  const run = spawnSync(process.execPath, ['build.mjs', '--dataset', relative(root, dataset), '--out', relative(root, out)], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`build with the synthetic dataset failed:\n${run.stdout}\n${run.stderr}`);
  return { chrome: join(out, 'chrome'), firefox: join(out, 'firefox') };
}
