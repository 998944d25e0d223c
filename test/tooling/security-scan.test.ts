// The extension's security rules, checked on the source and on what the build ships:
// - data is never parsed as HTML or code (no innerHTML & co. anywhere, nor in bundled dependencies);
// - no network: fetch only of the extension's own files (runtime.getURL on the same line);
// - the content scripts expose nothing to the page (closed shadow roots, no events, no globals);
// - extension pages load nothing inline or remote, under a strict CSP;
// - the fewest permissions, each justified in docs/security.md.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/seed';
import { ALL_SITES, publisherPatterns } from '../../src/core/dataset/publisher-sites';

function filesUnder(dir: string, extensions: readonly string[]): string[] {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((path) => statSync(path).isFile() && extensions.includes(extname(path)));
}

/** Lines of `files` matching `pattern`, as "file:line: text". */
function offending(files: readonly string[], pattern: RegExp, allowed: (line: string) => boolean = () => false): string[] {
  const found: string[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (pattern.test(line) && !allowed(line)) found.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim().slice(0, 160)}`);
      });
  }
  return found;
}

const SOURCE = filesUnder(join(ROOT, 'src'), ['.ts', '.mjs', '.js', '.html']);
// Code that runs in pages: the content script and the functions the background injects.
const CONTENT = [...filesUnder(join(ROOT, 'src/content'), ['.ts']), ...filesUnder(join(ROOT, 'src/injected'), ['.ts'])];
const PAGES = filesUnder(join(ROOT, 'src'), ['.html']).filter((f) => !f.includes(`${join('src', 'dataset')}`));

// Sinks that turn a string into markup or code.
const SINKS: [string, RegExp][] = [
  ['innerHTML', /\binnerHTML\b/],
  // Written, outerHTML parses markup into the page; read, it is the page's own markup as a string
  // (the page reader sends a small page's body so: src/injected/read-page-facts.ts).
  ['outerHTML written', /\bouterHTML\s*(=(?!=)|\+=)/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['document.write', /\bdocument\.write(ln)?\b/],
  ['eval', /\beval\s*\(/],
  ['new Function', /\bnew\s+Function\b/],
  ['timers with code strings', /\bset(Timeout|Interval)\s*\(\s*['"`]/],
  ['createContextualFragment', /\bcreateContextualFragment\b/],
  ['DOMParser', /\bDOMParser\b/],
  ['setHTMLUnsafe / parseHTMLUnsafe', /\b(setHTMLUnsafe|parseHTMLUnsafe)\b/],
  ['srcdoc', /\bsrcdoc\b/],
];
// Ways to reach the network.
const NETWORK: [string, RegExp][] = [
  ['XMLHttpRequest', /\bXMLHttpRequest\b/],
  ['WebSocket', /\bWebSocket\b/],
  ['EventSource', /\bEventSource\b/],
  ['sendBeacon', /\bsendBeacon\b/],
  ['importScripts', /\bimportScripts\b/],
  ['RTCPeerConnection', /\bRTCPeerConnection\b/],
  ['new Image', /\bnew\s+Image\s*\(/],
  ['fetch of anything but runtime.getURL(...)', /\bfetch\s*\((?![^;]*runtime\.getURL\()/],
];
// What would hand the page data or a handle into Kontekst.
const EXPOSURE: [string, RegExp][] = [
  ['an open shadow root', /mode\s*:\s*['"]open['"]/],
  ['attachShadow without mode: closed on the same line', /attachShadow\((?![^)]*mode\s*:\s*['"]closed['"])/],
  ['dispatchEvent (events carry data to page listeners)', /\bdispatchEvent\s*\(/],
  ['CustomEvent', /\bCustomEvent\b/],
  ['postMessage', /\bpostMessage\s*\(/],
  ['a property set on the page\'s window', /\b(window|self|globalThis|top|parent)\.[A-Za-z_$][\w$]*\s*=[^=]/],
  ['a property set on the page\'s document', /\bdocument\.[A-Za-z_$][\w$]*\s*=[^=]/],
  ['page storage', /\b(localStorage|sessionStorage|indexedDB|document\.cookie)\b/],
  ['changing the page\'s address', /\b(history\.(push|replace)State|location\.(assign|replace|href\s*=))/],
];

describe('source: no HTML or code from strings, no network, nothing exposed to the page', () => {
  it('scans the extension\'s source', () => {
    expect(SOURCE.length).toBeGreaterThan(20);
    expect(CONTENT.length).toBeGreaterThan(5);
  });

  it.each(SINKS)('no %s anywhere in src/', (_name, pattern) => {
    expect(offending(SOURCE, pattern)).toEqual([]);
  });

  it.each(NETWORK)('no %s anywhere in src/', (_name, pattern) => {
    expect(offending(SOURCE, pattern)).toEqual([]);
  });

  it.each(EXPOSURE)('no %s in the content scripts', (_name, pattern) => {
    expect(offending(CONTENT, pattern)).toEqual([]);
  });

  it('every shadow root the content scripts make is closed', () => {
    const attach = offending(CONTENT, /attachShadow\(/);
    expect(attach.length).toBeGreaterThan(0);
    for (const line of attach) expect(line).toMatch(/mode:\s*'closed'/);
  });

  it('extension pages run no inline script, no inline handlers and load nothing remote', () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(2);
    expect(offending(PAGES, /<script(?![^>]*\bsrc=)[^>]*>/i)).toEqual([]);
    expect(offending(PAGES, /\son[a-z]+\s*=/i)).toEqual([]);
    expect(offending(PAGES, /\b(src|href)\s*=\s*["']?(https?:)?\/\//i)).toEqual([]);
    expect(offending(PAGES, /\bstyle\s*=/i)).toEqual([]);
  });

  it('the scanner finds what it looks for (each rule on a line that breaks it)', () => {
    const bad = [
      'el.innerHTML = note.body;', 'node.outerHTML = x', 'el.insertAdjacentHTML("beforeend", s)', 'document.write(s)', 'eval(code)',
      'new Function("return 1")', 'setTimeout("alert(1)", 0)', 'range.createContextualFragment(s)', 'new DOMParser()', 'el.setHTMLUnsafe(s)',
      'frame.srcdoc = s', 'new XMLHttpRequest()', 'new WebSocket(u)', 'new EventSource(u)', 'navigator.sendBeacon(u, d)', 'importScripts(u)',
      'new RTCPeerConnection()', 'new Image()', "fetch('https://tracker.example/')", 'host.attachShadow({ mode: "open" })',
      'host.attachShadow(init)', 'el.dispatchEvent(e)', 'new CustomEvent("x", { detail })', 'window.postMessage(d, "*")',
      'window.kontekst = api', 'document.title = t', 'localStorage.setItem(k, v)', 'history.pushState({}, "", u)',
    ];
    const rules = [...SINKS, ...NETWORK, ...EXPOSURE].map(([, pattern]) => pattern);
    for (const line of bad) expect(rules.some((rule) => rule.test(line)), line).toBe(true);
    expect(rules.some((rule) => rule.test("const response = await fetch(browser.runtime.getURL(path));"))).toBe(false);
    expect(rules.some((rule) => rule.test('const markup = (body as HTMLElement).outerHTML;'))).toBe(false);
    expect(rules.some((rule) => rule.test('if(e.outerHTML===t)'))).toBe(false);
    expect(rules.some((rule) => rule.test('e.outerHTML+=t'))).toBe(true);
  });
});

// What `npm test` built a moment ago (it runs npm run build before the tests).
const built = join(ROOT, 'dist');
if (!existsSync(join(built, 'chrome', 'manifest.json'))) throw new Error('dist/ is missing: run npm run build first (npm test does)');

describe('what the build ships (bundled dependencies included)', () => {
  const targets = ['chrome', 'firefox'] as const;

  it.each(targets)('%s: no sink or network API in any bundled script', (target) => {
    const scripts = filesUnder(join(built, target), ['.js']);
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    for (const [name, pattern] of [...SINKS, ...NETWORK]) expect(offending(scripts, pattern), name).toEqual([]);
  });

  it.each(targets)('%s: manifest asks for the fewest permissions, each justified in docs/security.md', (target) => {
    const manifest = JSON.parse(readFileSync(join(built, target, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    const security = readFileSync(join(ROOT, 'docs/security.md'), 'utf8');
    const row = (name: string): RegExp => new RegExp(`^\\| \`${name.replace(/[*.?/]/g, '\\$&')}\` \\| \\S`, 'm');
    // Required host access is exactly the publishers' own sites, derived from the dataset's
    // addresses; they share one row ("the publishers' own sites"), whatever the dataset holds.
    const articleDir = join(ROOT, 'src/dataset/articles');
    const urls = readdirSync(articleDir).flatMap((file) => (JSON.parse(readFileSync(join(articleDir, file), 'utf8')) as { urls: string[] }).urls);
    expect(manifest.host_permissions).toEqual(publisherPatterns(urls));
    expect(security).toMatch(/^\| The publishers' own sites \(`host_permissions`/m);
    const asked = [...((manifest.permissions as string[]) ?? []), ...((manifest.optional_host_permissions as string[]) ?? [])];
    expect(asked.length).toBeGreaterThan(0);
    // Each other permission has a row of its own in the permissions table: | `name` | why |
    for (const permission of asked) expect(security, `docs/security.md justifies ${permission}`).toMatch(row(permission));
    // All sites is optional, asked for only when the reader chooses it; no optional API permission.
    expect(manifest.optional_host_permissions).toEqual([ALL_SITES]);
    expect(manifest.optional_permissions ?? []).toEqual([]);
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
    // No script is declared for every page: the background reads a page only when its address
    // decides nothing, and injects the annotator only into a page it recognised.
    expect(manifest.content_scripts ?? []).toEqual([]);
  });

  it.each(targets)('%s: extension pages run under a strict content security policy', (target) => {
    const manifest = JSON.parse(readFileSync(join(built, target, 'manifest.json'), 'utf8')) as { content_security_policy?: { extension_pages?: string } };
    const policy = manifest.content_security_policy?.extension_pages ?? '';
    const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name as string, values]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    for (const [name, values] of directives) {
      for (const value of values) expect(["'self'", "'none'"], `${name} ${value}`).toContain(value);
    }
  });
});
