// The store packages (npm run package): the same source gives the same bytes, and each zip
// holds a manifest the stores accept, with every file it names and icons of the right size.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../support/zip-reader';
import { pngSize } from '../support/png-size';
import { PAGE_READS } from '../../src/background/page-reads';

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const targets = ['chrome', 'firefox'] as const;
const zipPath = (target: string): string => `dist/kontekst-${target}-${version}.zip`;

function buildPackages(): Record<string, Buffer> {
  execFileSync(process.execPath, ['build.mjs', '--package'], { stdio: 'pipe' });
  return Object.fromEntries(targets.map((target) => [target, readFileSync(zipPath(target))]));
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
    .sort();
}

interface Manifest {
  manifest_version: number;
  name: string;
  short_name?: string;
  version: string;
  description: string;
  default_locale?: string;
  icons: Record<string, string>;
  action?: { default_popup?: string; default_icon?: Record<string, string> };
  background: { service_worker?: string; scripts?: string[] };
  content_scripts?: { js?: string[]; css?: string[] }[];
  options_ui?: { page: string };
  options_page?: string;
  web_accessible_resources?: { resources: string[] }[];
  browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string; data_collection_permissions?: { required?: string[] } } };
}

describe('store packages', () => {
  const first: Record<string, Buffer> = {};
  const second: Record<string, Buffer> = {};

  beforeAll(() => {
    Object.assign(first, buildPackages());
    // A second build rewrites every file with new modification times; the bytes must not change.
    Object.assign(second, buildPackages());
  }, 120_000);

  it.each(targets)('%s: two builds of the same source give byte-identical zips', (target) => {
    const hash = (data: Buffer | undefined): string => createHash('sha256').update(data ?? Buffer.alloc(0)).digest('hex');
    expect(first[target]?.length).toBeGreaterThan(1000);
    expect(hash(second[target])).toBe(hash(first[target]));
  });

  it.each(targets)('%s: the zip holds exactly the built extension, sorted, with fixed dates and modes', (target) => {
    const entries = readZip(first[target] as Buffer);
    const names = entries.map((entry) => entry.name);
    expect(names).toEqual(filesUnder(`dist/${target}`));
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const entry of entries) {
      expect(entry.name).not.toMatch(/^\/|\.\.|\\/);
      expect(entry.data.equals(readFileSync(`dist/${target}/${entry.name}`))).toBe(true);
      expect({ time: entry.dosTime, date: entry.dosDate, mode: entry.mode }).toEqual({ time: 0, date: 33, mode: 0o100644 });
    }
  });

  it.each(targets)('%s: no file names a path of the machine that built it; source maps are relative', (target) => {
    const machinePaths = [process.cwd(), dirname(process.cwd()), process.env.HOME ?? '/root'].filter((p) => p.length > 1);
    for (const entry of readZip(first[target] as Buffer)) {
      const text = entry.data.toString('utf8');
      for (const path of machinePaths) expect(text.includes(path), `${entry.name} contains ${path}`).toBe(false);
      if (entry.name.endsWith('.map')) {
        const map = JSON.parse(text) as { sources: string[]; sourceRoot?: string };
        for (const source of [map.sourceRoot ?? '', ...map.sources]) expect(source).not.toMatch(/^(\/|[a-z]:|file:)/i);
      }
      const mapUrl = /sourceMappingURL=(\S+)/.exec(text)?.[1];
      if (mapUrl) expect(mapUrl).not.toMatch(/^(\/|[a-z]:|file:)/i);
    }
  });

  it.each(targets)('%s: the manifest has what the store requires, and every file it names is in the zip', (target) => {
    const entries = new Map(readZip(first[target] as Buffer).map((entry) => [entry.name, entry.data]));
    const manifest = JSON.parse((entries.get('manifest.json') as Buffer).toString('utf8')) as Manifest;
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.version).toBe(version);
    expect(manifest.version).toMatch(/^\d+(\.\d+){0,3}$/);

    // __MSG_name__ must resolve in every locale, within the stores' limits (Chrome: name 75, short name 12, description 132).
    const locales = [...entries.keys()].filter((name) => /^_locales\/[^/]+\/messages\.json$/.test(name));
    expect(locales).toContain(`_locales/${manifest.default_locale}/messages.json`);
    for (const file of locales) {
      const messages = JSON.parse((entries.get(file) as Buffer).toString('utf8')) as Record<string, { message: string }>;
      const resolve = (value: string): string => value.replace(/__MSG_(\w+)__/g, (_, key: string) => messages[key]?.message ?? `<missing ${key}>`);
      expect(resolve(manifest.name), file).not.toMatch(/<missing/);
      expect(resolve(manifest.name).length, file).toBeLessThanOrEqual(75);
      expect(resolve(manifest.short_name ?? 'x').length, file).toBeLessThanOrEqual(12);
      expect(resolve(manifest.description), file).not.toMatch(/<missing/);
      expect(resolve(manifest.description).length, file).toBeLessThanOrEqual(132);
    }

    // Icons: the stores need 128 (Chrome) and 48/96 (Firefox); each must be a PNG of its declared size.
    expect(Object.keys(manifest.icons)).toEqual(expect.arrayContaining(['16', '48', '96', '128']));
    for (const [size, file] of [...Object.entries(manifest.icons), ...Object.entries(manifest.action?.default_icon ?? {})]) {
      const data = entries.get(file);
      expect(data, file).toBeDefined();
      expect(pngSize(data as Buffer), file).toEqual({ width: Number(size), height: Number(size) });
    }

    const named = [
      manifest.action?.default_popup,
      manifest.options_ui?.page,
      manifest.options_page,
      manifest.background.service_worker,
      ...(manifest.background.scripts ?? []),
      ...(manifest.content_scripts ?? []).flatMap((script) => [...(script.js ?? []), ...(script.css ?? [])]),
      ...(manifest.web_accessible_resources ?? []).flatMap((entry) => entry.resources),
    ].filter((file): file is string => typeof file === 'string');
    for (const file of named) expect(entries.has(file.replace(/^\//, '')), file).toBe(true);

    // Firefox runs the background's page reads from files (src/background/page-reads.ts), which only
    // executeScript runs: nothing in the manifest names them (no page may load them); Chrome has none.
    const pageReads = Object.values(PAGE_READS).map(({ file }) => file);
    for (const file of pageReads) expect(named, file).not.toContain(file);
    expect(pageReads.filter((file) => entries.has(file))).toEqual(target === 'firefox' ? pageReads : []);

    if (target === 'chrome') {
      expect(manifest.background.service_worker).toBeTruthy();
      expect(manifest.browser_specific_settings).toBeUndefined();
    } else {
      expect(manifest.background.scripts?.length).toBeGreaterThan(0);
      const gecko = manifest.browser_specific_settings?.gecko;
      expect(gecko?.id).toMatch(/^[\w.+-]+@[\w.-]+$|^\{[0-9a-f-]{36}\}$/);
      expect(gecko?.strict_min_version).toMatch(/^\d+\.\d+/);
      expect(gecko?.data_collection_permissions?.required).toEqual(['none']);
    }
  });

  it("firefox: Mozilla's add-ons linter accepts the zip itself, with no error and no warning", () => {
    // The linter AMO runs on uploads; web-ext lint runs it on the folder, this on the package.
    // addons-linter comes with web-ext; resolve it from there (neither exports its package.json).
    const fromWebExt = createRequire(createRequire(import.meta.url).resolve('web-ext'));
    let linterDir = dirname(fromWebExt.resolve('addons-linter'));
    while (!existsSync(join(linterDir, 'package.json'))) linterDir = dirname(linterDir);
    const bin = (JSON.parse(readFileSync(join(linterDir, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['addons-linter'] as string;
    let output: string;
    try {
      output = execFileSync(process.execPath, [join(linterDir, bin), '--output', 'json', zipPath('firefox')], { encoding: 'utf8' });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    const report = JSON.parse(output) as { summary: { errors: number; warnings: number }; errors: unknown[]; warnings: unknown[] };
    expect({ errors: report.errors, warnings: report.warnings }).toEqual({ errors: [], warnings: [] });
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0 });
  });
});
