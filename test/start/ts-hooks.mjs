// Node module hooks that let `npm start` run the TypeScript it shares with the browser tests
// (test/e2e/support) without a separate compile step: Node 20 cannot strip types itself, so
// each .ts file is transpiled by esbuild as it is loaded, in place, keeping import.meta.url
// (the fixtures find the repository from it). https://nodejs.org/docs/latest-v20.x/api/module.html#customization-hooks
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

/** Extensionless relative imports (as TypeScript writes them) resolve to the .ts file beside them. */
export async function resolve(specifier, context, nextResolve) {
  if (/^\.{1,2}\//.test(specifier) && context.parentURL?.endsWith('.ts') && !/\.[cm]?[jt]s$|\.json$/.test(specifier)) {
    const candidate = new URL(`${specifier}.ts`, context.parentURL);
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true };
  }
  if (specifier.endsWith('.json') && context.parentURL?.endsWith('.ts')) {
    return { ...(await nextResolve(specifier, context)), importAttributes: { type: 'json' } };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const source = await readFile(fileURLToPath(url), 'utf8');
  const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcefile: fileURLToPath(url) });
  return { format: 'module', source: code, shortCircuit: true };
}
