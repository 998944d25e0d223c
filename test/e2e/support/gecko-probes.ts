// Firefox's own instruments, reached from the test through privileged script: what WebDriver
// BiDi alone cannot give (it reaches no content-script realm and reads no memory). The browser
// window's script (FirefoxExtensionBrowser.inBrowserWindow, allowed by --remote-allow-system-access)
// loads a process script into each content process (the message manager's loadProcessScript; a
// process script is privileged and runs beside the tab's page and content scripts) and asks it,
// by message, for:
// - the calls of one function of an extension's content script, counted exactly: the Debugger
//   API (https://firefox-source-docs.mozilla.org/js/Debugger/) on the content-script sandbox,
//   with a breakpoint at the function's entry that counts its hits and lets it go on;
// - the tab's memory after full collections: Firefox's memory reporters (what about:memory
//   shows) for the tab's window ("explicit/window-objects/top(URL, ...)": DOM, layout, the page's
//   realm and its zone's strings, shapes and code) and the realms in that same zone that are no
//   window's ("explicit/js-non-window/zones/zone(Z)/realm(...)"), where Firefox reports the
//   content-script sandbox (created in the page's zone, so its strings are counted with the
//   window's).
// Every content process hears each question and the one holding the tab's window answers
// (puppeteer starts Firefox without Fission, so tabs of different sites may share a process);
// a tab is known by its address, so no two tabs asked about may share one. The count follows the
// sandboxes the window has when counting starts (Firefox gives an extension one per window) and
// every file injected into them later; a navigation's new sandbox is not followed.
import type { FirefoxExtensionBrowser } from './firefox';

/** Message names between the browser window and the process scripts. */
const ASK = 'kontekst-test-probe:ask';
const ANSWER = 'kontekst-test-probe:answer';

/** What the browser window asks a content process. */
type Request =
  | { what: 'count-calls'; url: string; file: string; marker: string }
  | { what: 'calls'; url: string }
  | { what: 'memory'; url: string };

/** What a content process answers: the number asked for, or why it could not. */
type Answer = { id: number; value: number } | { id: number; error: string };

/** What the process script is given to work with (its own scope's names, passed in). */
interface ProcessScope {
  send(name: string, data: unknown): void;
  listen(name: string, listener: { receiveMessage(message: { data: { id: number; request: Request } }): void }): void;
  remoteType: string;
  /** Runs `task` on the main thread once the current one has ended. */
  later(task: () => void): void;
  Cu: { forceGC(): void; forceCC(): void; forceShrinkingGC(): void };
  reporters: {
    getReports(
      handle: (process: string, path: string, kind: number, units: number, amount: number) => void,
      handleData: null,
      finish: () => void,
      finishData: null,
      anonymize: boolean,
    ): void;
  };
  Debugger: new () => DebuggerInstance;
}

/** A global as the Debugger API hands it out. */
interface DebuggerObject {
  class: string;
  unsafeDereference(): unknown;
}

interface DebuggerScript {
  url: string;
  global: DebuggerObject;
  sourceStart: number;
  sourceLength: number;
  source: { text: string };
  getChildScripts(): DebuggerScript[];
  getPossibleBreakpoints(): { offset: number }[];
  setBreakpoint(offset: number, handler: { hit(): undefined }): void;
}

interface DebuggerInstance {
  findAllGlobals(): DebuggerObject[];
  addDebuggee(global: DebuggerObject): void;
  removeAllDebuggees(): void;
  findScripts(query: { url: string }): DebuggerScript[];
  onNewScript: ((script: DebuggerScript) => void) | undefined;
}

/** Runs in each content process (serialised into the process script; uses only what it is given). */
function processScript(scope: ProcessScope): void {
  /** Per tab address: the debugger counting there and its hits since the last reading. */
  const counters = new Map<string, { debugger: DebuggerInstance; hits: number }>();
  /** The address of the window a global belongs to (a content-script sandbox's prototype is its window). */
  const hrefOf = (global: DebuggerObject): string => {
    try {
      return String((global.unsafeDereference() as { location: { href: string } }).location.href);
    } catch {
      return '';
    }
  };

  /**
   * Sets a counting breakpoint at the entry of the innermost function around `marker` (unique in
   * the file) in each copy of `file` run in the window at `url`; the number of copies armed, or
   * -1 when no such window runs the file here.
   */
  const countCalls = (url: string, file: string, marker: string): number => {
    const dbg = new scope.Debugger();
    const state = { debugger: dbg, hits: 0 };
    const arm = (scripts: DebuggerScript[]): number => {
      let found = 0;
      const bySource = new Map<object, DebuggerScript[]>();
      for (const script of scripts) bySource.set(script.source, [...(bySource.get(script.source) ?? []), script]);
      for (const all of bySource.values()) {
        const text = (all[0] as DebuggerScript).source.text;
        const at = text.indexOf(marker);
        if (at < 0 || text.indexOf(marker, at + 1) >= 0) continue;
        const around = all.filter((s) => s.sourceStart <= at && at < s.sourceStart + s.sourceLength).sort((a, b) => a.sourceLength - b.sourceLength)[0];
        // The function's first step (once per call: before any loop in it).
        const entry = around?.getPossibleBreakpoints().sort((a, b) => a.offset - b.offset)[0];
        if (!around || !entry) continue;
        around.setBreakpoint(entry.offset, {
          hit: () => {
            state.hits++;
            return undefined;
          },
        });
        found++;
      }
      return found;
    };
    const withChildren = (script: DebuggerScript): DebuggerScript[] => [script, ...script.getChildScripts().flatMap(withChildren)];
    // Only the tab's sandboxes become debuggees (never the page's window: its code runs as before).
    for (const global of dbg.findAllGlobals()) {
      if (global.class !== 'Window' && hrefOf(global) === url) dbg.addDebuggee(global);
    }
    const scripts = dbg.findScripts({ url: file });
    if (scripts.length === 0) {
      dbg.removeAllDebuggees();
      return -1;
    }
    const armed = arm(scripts);
    if (armed === 0) throw new Error(`no function around ${marker} (once) in ${file}`);
    // A later injection of the file in these sandboxes is counted too.
    dbg.onNewScript = (script) => {
      if (script.url === file && hrefOf(script.global) === url) arm(withChildren(script));
    };
    counters.get(url)?.debugger.removeAllDebuggees();
    counters.set(url, state);
    return armed;
  };

  /** Bytes the memory reporters give the window at `url` and the non-window realms of its zones; -1 without such a window here. */
  const readMemory = (url: string, done: (bytes: number) => void): void => {
    const top = `explicit/window-objects/top(${url.replace(/\//g, '\\')}, id=`;
    const reports: { path: string; amount: number }[] = [];
    scope.reporters.getReports(
      (_process, path, _kind, units, amount) => {
        // Bytes only (units 0); "explicit" paths do not overlap.
        if (units === 0 && path.startsWith('explicit/')) reports.push({ path, amount });
      },
      null,
      () => {
        const zones = new Set<string>();
        for (const { path } of reports) {
          const zone = path.startsWith(top) ? /\/js-zone\((0x[0-9a-f]+)\)\//.exec(path)?.[1] : undefined;
          if (zone) zones.add(zone);
        }
        let bytes = 0;
        for (const { path, amount } of reports) {
          const zone = /^explicit\/js-non-window\/zones\/zone\((0x[0-9a-f]+)\)\//.exec(path)?.[1];
          if (path.startsWith(top) || (zone !== undefined && zones.has(zone))) bytes += amount;
        }
        done(zones.size === 0 ? -1 : bytes);
      },
      null,
      false,
    );
  };

  // Full collections (a cycle collection frees DOM nodes the next GC can then take), then a
  // compacting one, so that free space left in the GC's arenas is given back.
  const collect = (): void => {
    scope.Cu.forceGC();
    scope.Cu.forceCC();
    scope.Cu.forceGC();
    scope.Cu.forceShrinkingGC();
  };

  /** Whether the window at `url` is in this process (asked of the Debugger, which sees every global). */
  const holds = (url: string): boolean => new scope.Debugger().findAllGlobals().some((global) => global.class === 'Window' && hrefOf(global) === url);

  /** One question: the number to answer, or -1 when the tab is not in this process. */
  const handle = async (request: Request): Promise<number> => {
    if (request.what === 'count-calls') return countCalls(request.url, request.file, request.marker);
    if (request.what === 'calls') {
      const counter = counters.get(request.url);
      if (!counter) return -1;
      const hits = counter.hits;
      counter.hits = 0;
      return hits;
    }
    if (!holds(request.url)) return -1;
    collect();
    // Resolved after the reporters' run has ended: a run asked for during another is dropped
    // (nsMemoryReporterManager::GetReportsExtended), so the next question waits for that.
    return new Promise((resolve, reject) =>
      readMemory(request.url, (bytes) => scope.later(() => (bytes < 0 ? reject(new Error(`no memory reports for the window at ${request.url}`)) : resolve(bytes)))),
    );
  };

  // Every content process hears every question; the one holding the tab answers, the others keep
  // quiet. Questions are handled one after another.
  let queue = Promise.resolve();
  scope.listen(ASK, {
    receiveMessage({ data: { id, request } }) {
      queue = queue
        .then(() => handle(request))
        .then(
          (value) => {
            if (value >= 0) scope.send(ANSWER, { id, value } satisfies Answer);
          },
          (error: unknown) => scope.send(ANSWER, { id, error: `${scope.remoteType}: ${String(error)}` } satisfies Answer),
        );
    },
  });
}

/** The process script's source: its privileged scope's names handed to processScript. */
const PROCESS_SCRIPT = `data:,${encodeURIComponent(`(() => {
const { addDebuggerToGlobal } = ChromeUtils.importESModule('resource://gre/modules/jsdebugger.sys.mjs');
// The Debugger constructor in a sandbox of its own: process scripts share one global, and with
// Debugger defined on it WebDriver BiDi returned every object the page evaluated as {} (seen here).
const debuggerHome = Components.utils.Sandbox(Services.scriptSecurityManager.getSystemPrincipal(), { freshZone: true, invisibleToDebugger: true });
addDebuggerToGlobal(debuggerHome);
const ASK = ${JSON.stringify(ASK)}, ANSWER = ${JSON.stringify(ANSWER)};
(${processScript.toString()})({
  send: (name, data) => sendAsyncMessage(name, data),
  listen: (name, listener) => addMessageListener(name, listener),
  remoteType: Services.appinfo.remoteType,
  later: (task) => Services.tm.dispatchToMainThread(task),
  Cu: Components.utils,
  reporters: Components.classes['@mozilla.org/memory-reporter-manager;1'].getService(Components.interfaces.nsIMemoryReporterManager),
  Debugger: debuggerHome.Debugger,
});
})();`)}`;

/** Runs in Firefox's browser window: loads the process script where it is not yet, asks every content process, resolves with the answer. */
function askInBrowserWindow({ script, ask, answer, request, timeoutMs }: { script: string; ask: string; answer: string; request: Request; timeoutMs: number }): Promise<string> {
  interface MessageManager {
    isInProcess: boolean;
    osPid: number;
    loadProcessScript(url: string, delayed: boolean): void;
  }
  interface Services {
    ppmm: {
      childCount: number;
      getChildAt(i: number): MessageManager;
      addMessageListener(name: string, listener: { receiveMessage(message: { data: Answer }): void }): void;
      broadcastAsyncMessage(name: string, data: unknown): void;
    };
  }
  const { ppmm } = (globalThis as unknown as { Services: Services }).Services;
  type State = { next: number; loaded: Set<number>; pending: Map<number, (answer: Answer) => void> };
  const holder = globalThis as unknown as { __kontekstTestProbe?: State };
  let state = holder.__kontekstTestProbe;
  if (!state) {
    const created: State = { next: 0, loaded: new Set(), pending: new Map() };
    ppmm.addMessageListener(answer, {
      receiveMessage({ data }) {
        created.pending.get(data.id)?.(data);
        created.pending.delete(data.id);
      },
    });
    state = holder.__kontekstTestProbe = created;
  }
  // Content processes only (the parent refuses a data: process script), each once; the script
  // arrives before the question on the same channel.
  for (let i = 0; i < ppmm.childCount; i++) {
    const mm = ppmm.getChildAt(i);
    if (mm.isInProcess || state.loaded.has(mm.osPid)) continue;
    state.loaded.add(mm.osPid);
    mm.loadProcessScript(script, false);
  }
  const id = ++state.next;
  const pending = state.pending;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (pending.delete(id), reject(new Error(`no content process answered ${JSON.stringify(request)}`))), timeoutMs);
    pending.set(id, (data) => {
      clearTimeout(timer);
      if ('error' in data) reject(new Error(data.error));
      else resolve(String(data.value));
    });
    ppmm.broadcastAsyncMessage(ask, { id, request });
  });
}

/** Asks the content process holding the tab `request.url`; resolves with the number it answered. */
async function ask(browser: FirefoxExtensionBrowser, request: Request, timeoutMs = 20_000): Promise<number> {
  const args = { script: PROCESS_SCRIPT, ask: ASK, answer: ANSWER, request, timeoutMs };
  const result = (await browser.inBrowserWindow(`(${askInBrowserWindow.toString()})(${JSON.stringify(args)})`)) as { value?: unknown };
  return Number(result.value);
}

/** Counts, from now on, the calls of the innermost function around `marker` (unique) in the extension's `file`, in the tab at `url`; resolves with the number of copies armed. */
export function countCalls(browser: FirefoxExtensionBrowser, url: string, file: string, marker: string): Promise<number> {
  return ask(browser, { what: 'count-calls', url, file: `${browser.extensionOrigin}/${file}`, marker });
}

/** The calls counted in the tab at `url` since the last reading. */
export function callsSince(browser: FirefoxExtensionBrowser, url: string): Promise<number> {
  return ask(browser, { what: 'calls', url });
}

/** The tab's memory at `url` after full collections, in bytes (window and content scripts; see the header), read until two readings agree. */
export async function memoryAfterGc(browser: FirefoxExtensionBrowser, url: string): Promise<number> {
  let last = await ask(browser, { what: 'memory', url });
  for (let i = 0; i < 5; i++) {
    const now = await ask(browser, { what: 'memory', url });
    if (Math.abs(now - last) < 16 * 1024) return now;
    last = now;
  }
  return last;
}
