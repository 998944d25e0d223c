// How the bench counts Kontekst's main-thread time in a Gecko profile (bench/cost-article-firefox.ts,
// "Cost on the article itself"): a sample is Kontekst's when the first frame of note going out
// from the innermost is Kontekst's, unless the bench's own driver ran inside it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type GeckoProfile, attributeGecko, namer } from '../../bench/cost-article-firefox';

const EXT = 'moz-extension://0a1b/content/annotate.js:1:200';

/** A content process whose main thread took one sample per stack (outermost frame first), 1 ms apart from t = 10; `cpuNs`: each sample's threadCPUDelta. */
function profileOf(stacks: string[][], cpuNs?: number[]): GeckoProfile {
  const strings: string[] = [];
  const frames: (number | null)[][] = [];
  const stackRows: (number | null)[][] = [];
  const samples: (number | null)[][] = [];
  const frameOf = (location: string): number => {
    let s = strings.indexOf(location);
    if (s < 0) s = strings.push(location) - 1;
    let f = frames.findIndex((row) => row[0] === s);
    if (f < 0) f = frames.push([s]) - 1;
    return f;
  };
  stacks.forEach((locations, i) => {
    let prefix: number | null = null;
    for (const location of locations) prefix = stackRows.push([prefix, frameOf(location)]) - 1;
    samples.push([prefix, 10 + i, cpuNs?.[i] ?? null]);
  });
  const thread = {
    name: 'GeckoMain',
    samples: { schema: cpuNs ? { stack: 0, time: 1, threadCPUDelta: 2 } : ({ stack: 0, time: 1 } as Record<string, number>), data: samples },
    stackTable: { schema: { prefix: 0, frame: 1 }, data: stackRows },
    frameTable: { schema: { location: 0 }, data: frames },
    stringTable: strings,
  };
  return { meta: { startTime: 0 }, threads: [], processes: [{ meta: { startTime: 0 }, threads: [thread] }] };
}

describe("the bench's Firefox attribution", () => {
  it.each([
    { stack: ['(root)', `start (${EXT})`], counted: true, reason: "Kontekst's own function, innermost" },
    { stack: ['(root)', `start (${EXT})`, 'Element.getClientRects'], counted: true, reason: 'a native callee of its code (layout)' },
    { stack: ['(root)', 'handleActorExecute (resource://gre/modules/ExtensionContent.sys.mjs:1:1)', 'executeInWin (resource://gre/modules/ExtensionContent.sys.mjs:2:1)'], counted: true, reason: "Firefox's work for one of its scripting calls" },
    { stack: ['(root)', 'pageScript (https://jyllands-posten.dk/app.js:1:1)'], counted: false, reason: "the page's own script" },
    { stack: ['(root)', `start (${EXT})`, '_onRegistryEvent (chrome://remote/content/shared/messagehandler/transports/js-window-actors/MessageHandlerFrameChild.sys.mjs:1:1)'], counted: false, reason: "the test driver's work run inside Kontekst's (WebDriver BiDi following a new realm): no reader's browser runs it" },
    { stack: ['(root)', 'handleActorExecute (resource://gre/modules/ExtensionContent.sys.mjs:1:1)', 'handleCommand (chrome://remote/content/shared/messagehandler/MessageHandler.sys.mjs:1:1)'], counted: false, reason: "the test driver's work inside Firefox's work for a call" },
  ])('$reason: counted $counted', ({ stack, counted }) => {
    const [load] = attributeGecko(profileOf([stack, ['(root)']]), [[0, 100]], (location) => location.split(' (')[0] as string);
    expect(load?.totalMs).toBe(counted ? 1 : 0);
  });

  it("counts a sample's wall time, and of it the CPU time the main thread ran (threadCPUDelta of the next sample): a thread waiting for a core keeps its stack but runs nothing", () => {
    const stack = ['(root)', `start (${EXT})`];
    // Three samples in Kontekst's code, 1 ms each: the first ran 1 ms, the second waited, the third ran half the time.
    const [load] = attributeGecko(profileOf([stack, stack, stack, ['(root)']], [0, 1_000_000, 0, 500_000]), [[0, 100]], (location) => location);
    expect(load?.totalMs).toBe(3);
    expect(load?.cpuMs).toBe(1.5);
  });
});

describe("the bench's names for Firefox frames (namer)", () => {
  /**
   * An extension folder with a minified content script and a read file, built as build.mjs builds
   * them (esbuild, minified, with source maps; the read's function taken from a module bundled
   * apart, written with its map as the bench's build writes it), and Gecko's location of `what`
   * in `file`: its label, then its parameter list's 1-based line and column, where Gecko points.
   */
  async function built(): Promise<{ dir: string; at: (file: string, label: string, what: string) => string }> {
    const { build } = await import('esbuild');
    const dir = mkdtempSync(join(tmpdir(), 'kontekst-namer-'));
    const source = join(dir, 'src');
    mkdirSync(source);
    writeFileSync(join(source, 'session.ts'), 'export class Session {\n  count = 0;\n  constructor(readonly name: string) {\n    this.count = name.length;\n  }\n}\nexport function anchorQuote(text: string, quote: string): number {\n  return text.indexOf(quote);\n}\n');
    writeFileSync(join(source, 'main.ts'), "import { Session, anchorQuote } from './session';\nconst s = new Session(String(Date.now()));\nconsole.log(s.count, anchorQuote(s.name, '1'));\n");
    writeFileSync(join(source, 'read.ts'), 'export function readPageFacts(limit: number): number {\n  return limit * 2;\n}\nexport const readSource = (): string => `(${readPageFacts.toString()})(6000);\\n`;\n');
    const common = { bundle: true, minify: true, sourcemap: 'external', sourcesContent: false, logLevel: 'silent' } as const;
    await build({ ...common, entryPoints: [join(source, 'main.ts')], outfile: join(dir, 'ext/content/annotate.js'), format: 'iife' });
    await build({ ...common, entryPoints: [join(source, 'read.ts')], outfile: join(dir, 'ext/injected/page-reads.js'), format: 'esm' });
    const reads = readFileSync(join(dir, 'ext/injected/page-reads.js'), 'utf8');
    const fn = /function ([\w$]+)\([\w$]*\)\{return [\w$]+\*2\}/.exec(reads)?.[0] as string;
    writeFileSync(join(dir, 'ext/injected/first-look.js'), `(${fn})(6000);\n`);
    const at = (file: string, label: string, what: string): string => {
      const lines = readFileSync(join(dir, 'ext', file), 'utf8').split('\n');
      const line = lines.findIndex((l) => l.includes(what));
      const column = (lines[line] as string).indexOf(what) + what.length;
      return `${label} (moz-extension://0a1b/${file}:${line + 1}:${column + 1})`;
    };
    return { dir, at };
  }

  it('gives a minified function, a class and a read file\'s function their original names and sources', async () => {
    const { dir, at } = await built();
    try {
      const code = readFileSync(join(dir, 'ext/content/annotate.js'), 'utf8');
      const fnName = /function ([\w$]+)\([\w$]+,[\w$]+\)\{return/.exec(code)?.[1] as string;
      // esbuild writes the class as `var n=class{…}`, which the engine names n.
      const className = /([\w$]+)=class\{/.exec(code)?.[1] as string;
      const readName = /^\(function ([\w$]+)/.exec(readFileSync(join(dir, 'ext/injected/first-look.js'), 'utf8'))?.[1] as string;
      expect([fnName, className, readName]).not.toContain('anchorQuote');
      const name = namer(join(dir, 'ext'));
      expect(name(at('content/annotate.js', fnName, `function ${fnName}`))).toMatch(/^anchorQuote \(.*session\.ts:7\)$/);
      // Gecko labels a constructor's frame by its class and points at the constructor's parameters.
      expect(name(at('content/annotate.js', className, 'constructor'))).toMatch(/^Session \(.*session\.ts:3\)$/);
      expect(name(at('injected/first-look.js', readName, `(function ${readName}`))).toMatch(/^readPageFacts \(.*read\.ts:1\)$/);
      // An anonymous function inside one keeps Gecko's label (the outer name minified), with its source.
      expect(name(at('content/annotate.js', `${fnName}/<`, `function ${fnName}`))).toMatch(new RegExp(`^${fnName.replace('$', '\\$')}/< \\(.*session\\.ts:7\\)$`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
