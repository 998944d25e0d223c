// Part 4: bytes of what ships. Kontekst declares no content script: the code that runs in every
// page its address does not decide is two functions the background injects (readPageFacts and
// watchForGrowth, measured as their minified source, which is what executeScript sends); the
// annotator goes only into recognised pages. Packages come from `npm run package` when the
// project has that script (build.mjs --package prints "packaged <file>" per package).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleSnippet } from './lib/bundle';

export interface FileSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface Sizes {
  /** The code injected into every page the address does not decide. */
  injected: FileSize | null;
  files: FileSize[];
  packages: FileSize[];
  packageNote: string;
}

const SHIPPED = ['content/annotate.js', 'content/page.css', 'background.js', 'popup/popup.js', 'options/options.js', 'data/addresses.json', 'data/hashes', 'data/owners'];

function sizeOf(path: string, label: string): FileSize {
  const data = readFileSync(path);
  return { file: label, bytes: data.length, gzipBytes: gzipSync(data).length };
}

/** The minified source of the function the background runs in every page it reads (the growth watcher is inside it), as the build minifies it. */
function injectedSize(root: string): FileSize {
  const script = bundleSnippet(
    root,
    `import { readPageFacts } from './src/injected/read-page-facts'; globalThis.sources = [readPageFacts.toString()];`,
  );
  const scope: { sources?: string[] } = {};
  new Function('globalThis', script)(scope);
  const source = Buffer.from((scope.sources ?? []).join('\n'));
  return { file: 'readPageFacts, with the growth watcher (injected functions)', bytes: source.length, gzipBytes: gzipSync(source).length };
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
    injected: injectedSize(root),
    files,
    packages,
    packageNote: script === 'package' ? (packages.length ? '' : 'npm run package printed no "packaged <file>" line') : 'no "package" script in package.json: packages skipped',
  };
}
