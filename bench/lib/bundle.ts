// A snippet of TypeScript that imports from the project, bundled with the settings build.mjs
// uses for the extension (one minified IIFE for Chrome 105), so what is measured is what ships.
import { buildSync } from 'esbuild';

/** Bundles `contents` (imports resolve from `root`) and returns the minified script. */
export function bundleSnippet(root: string, contents: string): string {
  const out = buildSync({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    target: 'chrome105',
    logLevel: 'warning',
  });
  return out.outputFiles[0]?.text ?? '';
}
