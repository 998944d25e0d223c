// Part 4: bytes of what ships. The detector (content/detect.js) is injected into every page;
// the annotator only into recognised ones. Packages come from `npm run package` when the
// project has that script (build.mjs --package prints "packaged <file>" per package).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FileSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface Sizes {
  /** The code injected into every page. */
  detect: FileSize | null;
  files: FileSize[];
  packages: FileSize[];
  packageNote: string;
}

const SHIPPED = ['content/detect.js', 'content/annotate.js', 'content/page.css', 'background.js', 'popup/popup.js', 'options/options.js', 'data/index.json'];

function sizeOf(path: string, label: string): FileSize {
  const data = readFileSync(path);
  return { file: label, bytes: data.length, gzipBytes: gzipSync(data).length };
}

/** Runs the build (with packages when `npm run package` exists) and measures what it wrote. */
export function buildAndMeasure(root: string, log: (line: string) => void): Sizes {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = pkg.scripts?.package ? 'package' : 'build';
  log(`  npm run ${script}`);
  const run = spawnSync('npm', ['run', '--silent', script], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm run ${script} failed:\n${run.stdout}\n${run.stderr}`);
  const dist = join(root, 'dist', 'chrome');
  const files = SHIPPED.filter((f) => existsSync(join(dist, f))).map((f) => sizeOf(join(dist, f), `dist/chrome/${f}`));
  const packages =
    script === 'package'
      ? [...run.stdout.matchAll(/^packaged (.+)$/gm)].map((m) => (m[1] as string).trim()).filter((f) => existsSync(join(root, f)) && statSync(join(root, f)).isFile()).map((f) => sizeOf(join(root, f), f))
      : [];
  return {
    detect: files.find((f) => f.file.endsWith('content/detect.js')) ?? null,
    files,
    packages,
    packageNote: script === 'package' ? (packages.length ? '' : 'npm run package printed no "packaged <file>" line') : 'no "package" script in package.json: packages skipped',
  };
}
