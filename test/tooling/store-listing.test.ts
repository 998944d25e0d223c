// What the stores are given matches the extension as built (npm test builds dist/ first): the
// listing's name and short description are the manifest's, every permission the built
// manifests ask for is justified in both languages (read from dist/ now, so a new permission
// fails here until the listing says why), the images have the sizes the stores ask for, the
// release version is the CHANGELOG's, and the package carries the licence, the notices of
// what it bundles and the privacy policy the options page links to.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT as REPO } from '../support/seed';
import { pngSize } from '../support/png-size';

const read = (path: string): string => readFileSync(join(REPO, path), 'utf8');
const targets = ['chrome', 'firefox'] as const;
const languages = ['en', 'da'] as const;

interface BuiltManifest {
  version: string;
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
}

function builtManifest(target: string): BuiltManifest {
  const path = join(REPO, 'dist', target, 'manifest.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build first (npm test does)`);
  return JSON.parse(readFileSync(path, 'utf8')) as BuiltManifest;
}

/** Every permission and host pattern any built manifest asks for, required or optional. */
function requestedPermissions(): string[] {
  const all = targets.flatMap((target) => {
    const manifest = builtManifest(target);
    return [...(manifest.permissions ?? []), ...(manifest.host_permissions ?? []), ...(manifest.optional_permissions ?? []), ...(manifest.optional_host_permissions ?? [])];
  });
  return [...new Set(all)].sort();
}

/** The listing's sections, by their `## ` heading, in order. */
function sections(language: string): string[][] {
  const text = read(`docs/store/listing.${language}.md`);
  return text.split(/^## /m).slice(1).map((part) => {
    const [heading, ...body] = part.split('\n');
    return [heading as string, body.join('\n').trim()];
  });
}

/**
 * The permissions section's lines, `- \`permission\`[, \`permission\`…][ (note)]: why`, as
 * permission → why (one line may justify several, e.g. a publisher's hosts).
 */
function justifications(language: string): Map<string, string> {
  const section = sections(language).find(([, body]) => /^- `[^`]+`/m.test(body as string));
  const entries = [...(section?.[1] ?? '').matchAll(/^- ((?:`[^`]+`(?:, )?)+)(?: \([^)]*\))?: (.+)$/gm)].flatMap((match) =>
    [...(match[1] as string).matchAll(/`([^`]+)`/g)].map((name) => [name[1] as string, match[2] as string] as const),
  );
  return new Map(entries);
}

function message(language: string, key: string): string {
  return (JSON.parse(read(`src/_locales/${language}/messages.json`)) as Record<string, { message: string }>)[key]?.message ?? '';
}

describe.each(languages)('the %s store listing', (language) => {
  const [name, short, full] = sections(language).map(([, body]) => body as string);

  it("names the extension and describes it in short exactly as the built manifest does (the stores show the manifest's)", () => {
    expect(name).toBe(message(language, 'extName'));
    expect(short).toBe(message(language, 'extDescription'));
    // Chrome Web Store: at most 132 characters.
    expect((short as string).length).toBeLessThanOrEqual(132);
    expect((full as string).split(/\s+/).length).toBeGreaterThan(120);
  });

  it('justifies every permission the built manifests ask for, and no other', () => {
    const requested = requestedPermissions();
    expect(requested.length).toBeGreaterThan(0);
    const justified = justifications(language);
    for (const permission of requested) {
      const why = justified.get(permission);
      expect(why, `docs/store/listing.${language}.md: no justification for ${permission}`).toBeDefined();
      expect((why as string).split(/\s+/).length, `${permission}: a reason, not a word`).toBeGreaterThanOrEqual(12);
    }
    expect([...justified.keys()].sort()).toEqual(requested);
  });

  it('links the privacy policy', () => {
    expect(read(`docs/store/listing.${language}.md`)).toContain('(../privacy.md)');
  });
});

describe('store images (npm run store-images)', () => {
  const folder = join(REPO, 'docs/store/images');
  const files = existsSync(folder) ? readdirSync(folder).sort() : [];

  it('has one to five screenshots of 1280x800 (the size both stores take) and the small promo tile of 440x280', () => {
    const screenshots = files.filter((file) => /^screenshot-.*\.png$/.test(file));
    expect(screenshots.length).toBeGreaterThanOrEqual(1);
    expect(screenshots.length).toBeLessThanOrEqual(5);
    for (const file of screenshots) expect(pngSize(readFileSync(join(folder, file))), file).toEqual({ width: 1280, height: 800 });
    expect(pngSize(readFileSync(join(folder, 'promo-small.png')))).toEqual({ width: 440, height: 280 });
    expect(files.filter((file) => !/^(screenshot-.*|promo-small)\.png$/.test(file))).toEqual([]);
  });
});

describe('the release', () => {
  it("has the version of the CHANGELOG's top entry, in package.json and in both built manifests", () => {
    const top = /^## \[(\d+\.\d+\.\d+)\]/m.exec(read('CHANGELOG.md'))?.[1];
    expect(top).toBeDefined();
    expect((JSON.parse(read('package.json')) as { version: string }).version).toBe(top);
    for (const target of targets) expect(builtManifest(target).version, target).toBe(top);
  });

  it.each([
    { target: 'chrome', bundled: ['webextension-polyfill'], why: "Chrome's background adapts Chrome's API with the polyfill" },
    { target: 'firefox', bundled: [], why: "Firefox's background uses Firefox's own API (src/background/firefox-browser.ts); no other script bundles a package" },
  ])('the $target package carries the MIT licence, the notices of what it bundles ($why) and the privacy policy', ({ target, bundled }) => {
    const dist = join(REPO, 'dist', target);
    expect((JSON.parse(read('package.json')) as { license: string }).license).toBe('MIT');
    expect(readFileSync(join(dist, 'LICENSE.txt'), 'utf8')).toBe(read('LICENSE'));
    expect(read('LICENSE')).toMatch(/^MIT License\n/);
    const notices = readFileSync(join(dist, 'THIRD_PARTY_NOTICES.txt'), 'utf8');
    for (const name of bundled) {
      // A bundled package's licence text comes with it.
      const { version, license } = JSON.parse(read(`node_modules/${name}/package.json`)) as { version: string; license: string };
      expect(notices).toContain(`${name} ${version} (${license})`);
      expect(notices).toContain(read(`node_modules/${name}/LICENSE`).trim());
    }
    if (bundled.length === 0) expect(notices).toBe('Kontekst includes no third-party software.\n');
    expect(readFileSync(join(dist, 'privacy.txt'), 'utf8')).toBe(read('docs/privacy.md'));
  });

  it('the options page links the privacy policy that the package carries', () => {
    expect(read('src/options/options.html')).toMatch(/<a id="privacy-link" href="\.\.\/privacy\.txt" target="_blank" data-i18n="optionsPrivacyLink"><\/a>/);
    for (const language of languages) expect(message(language, 'optionsPrivacyLink')).not.toBe('');
  });
});
