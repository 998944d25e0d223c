// The background's reads of a page (readPageFacts, run in the page), and how each is sent.
// Firefox quirk: scripting.executeScript({ func, args }) sends the function's source, which Firefox
// compiles again on every call (Cu.evalInSandbox in ExtensionContent.sys.mjs, #compileScriptSource;
// ~4-6 ms a load in the Gecko profile of `npm run bench -- --only article --browser firefox`),
// while executeScript({ files }) goes through the extension's ScriptCache, compiled once and kept
// across documents (https://searchfox.org/mozilla-esr140/source/toolkit/components/extensions/ExtensionContent.sys.mjs).
// So in Firefox each read runs a file build.mjs writes as `(readPageFacts)(...its args)`, whose
// completion value is the call's result, as with `func` (Firefox runs both the same way). Chromium
// keeps `func`: V8 caches compiled sources per isolate, and its budgets are measured that way.
// This module imports nothing from the extension APIs: build.mjs reads it to write the files.
import { SIGNAL_WORD_LIMIT, readPageFacts } from '../injected/read-page-facts';

/** New text after which a page is recognised again: a story's worth on any page. */
export const PAGE_GROWTH = 1500;

/** Each read: the file Firefox runs (not web-accessible: only executeScript runs it), and readPageFacts' arguments. */
export const PAGE_READS = {
  /** A look at the page as it is: its facts (detection's probe). */
  facts: { file: 'injected/read-page-facts.js', args: [SIGNAL_WORD_LIMIT, null, null, PAGE_GROWTH] },
  /** Its text read in the page whatever its size: a small page whose markup held too many words for the background to take the first ones (the main text is chosen). */
  text: { file: 'injected/read-page-text.js', args: [SIGNAL_WORD_LIMIT, null, 'text', PAGE_GROWTH] },
  /** The first look at a page that starts loading: its facts once it is parsed (a FirstLook). */
  parsed: { file: 'injected/first-look.js', args: [SIGNAL_WORD_LIMIT, null, 'parsed', PAGE_GROWTH] },
  /** The same, for a report that names the page's address: a document found loaded is the new one, and is read too. */
  addressed: { file: 'injected/first-look-addressed.js', args: [SIGNAL_WORD_LIMIT, null, 'parsed', PAGE_GROWTH, true] },
} as const;

/** The source of the file that runs read `kind` (build.mjs writes it for Firefox): its completion value is readPageFacts' result. */
export function pageReadSource(kind: keyof typeof PAGE_READS): string {
  return `(${readPageFacts.toString()})(${PAGE_READS[kind].args.map((arg) => JSON.stringify(arg)).join(',')});\n`;
}

/**
 * Whether the extension runs in Firefox, told by its `runtime` (the extension's browser.runtime)
 * having getBrowserInfo, which only Firefox has
 * (https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/runtime/getBrowserInfo).
 */
export function inFirefox(runtime: object): boolean {
  return typeof (runtime as { getBrowserInfo?: unknown }).getBrowserInfo === 'function';
}

/** The scripting.executeScript injection (less its target) that runs read `kind`: a file in Firefox, the function elsewhere. */
export function pageRead(kind: keyof typeof PAGE_READS, runtime: object): { files: string[] } | { func: typeof readPageFacts; args: unknown[] } {
  const read = PAGE_READS[kind];
  return inFirefox(runtime) ? { files: [read.file] } : { func: readPageFacts, args: [...read.args] };
}
