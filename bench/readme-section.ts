// The README section draft (bench/README-section.md), written by a full `npm run bench` from
// the run's own results, so its tables are the ones in bench/results.json.
import type { BenchResults } from './report';

/** The section as Markdown. */
export function readmeSection(r: BenchResults, tables: string): string {
  const m = r.machine;
  return `## Performance

\`npm run bench\` (about 20 minutes on 2 cores) builds the extension and its packages and measures, side by
side in one run on the same inputs, what issues 5 and 13 ask; it prints these tables and writes
\`bench/results.json\` and this section (\`bench/README-section.md\`). \`npm run bench -- --blocks\` adds
Kontekst's building blocks on such pages (about 3 minutes more); \`--quick\` is a smaller, noisier run for development and
\`--only anchoring,cost,article,marks,scale,sizes\` picks parts (neither writes the results; with
\`--merge bench/results.json\` the parts measured replace theirs in an earlier full run's results, each
dated with its own command and load average); \`--from bench/results.json\` prints the tables of an earlier run again.

- **Anchoring**: Kontekst (\`anchorArticleClaims\`, the bundled core the extension and the CLI run: the
  article's main text root read and searched first, the rest of the page only for claims not found there)
  against mark.js 8 (\`acrossElements\`, no word splitting, no diacritics classes: its fastest
  setting for a literal quote; one mark per quote, timed with its DOM wrapping, undone between runs), a
  Hypothesis-style anchorer (\`textContent\` read per quote, then approx-string-match with the hypothesis
  client's quote/prefix/suffix scoring, and the offsets resolved to a Range) and the floor: one TreeWalker
  pass collecting the document's text nodes (the budget's floor), with the same pass over the article root
  (\`mainTextRoot\`, found as Kontekst finds it) reported beside it. In jsdom and in headless Chromium (the bundle evaluated in
  the page, served from a local server). Each figure is the median of interleaved samples after warm-up
  (n per cell; fast anchorers repeat within a sample for the browser's 0.1 ms clock); ratios are of medians
  from the same run. Inputs: the seed article's saved page with its 13 claims; the same page followed by
  reader comments to ~1 MB; that page with its \`article\` and \`main\` turned into \`div\`s (no article root:
  the whole page is read; reported, not a budget); \`test/fixtures/pages/edited.html\` (4 of 13 claims edited: approximate
  matching); a long generated article with 200 claims; one claim in 1,000 paragraphs told apart only by its
  prefix (\`repeated-1000\`: every occurrence is ranked by its context, issue 14; reported, not a budget).
- **Pages not in the dataset**: Chromium with \`dist/chrome\`, with a minimal extension whose content
  script only reads \`storage.local\`, and with none; each page loaded many times, interleaved. Kontekst
  declares no content script: on such a page its background runs one small function in the page
  (\`readPageFacts\`, which also leaves the growth watcher) with \`scripting.executeScript\`. The CDP sampling profiler
  (0.1 ms) runs from before the navigation until a second after \`load\`; samples with an extension's frame
  on the stack (a \`chrome-extension://\` script, or a function run with \`executeScript\`, which V8 reports
  without a URL; the same rule finds nothing in the browser without extensions) are the extension's
  main-thread time. Whole-page \`Performance.getMetrics\` (script + layout + style) is shown as context
  only: it is mostly noise. A sample stands for the time until the next one; when that came more than 2.5 intervals
  later, the sample was taken late (the sampler's thread or the page's waited for a core, on this 2-core
  machine while the browser's other processes ran), and the column "in samples taken late" is that part of
  each mean: wall time of which the profile cannot tell how much the page's thread ran
  (\`extensionLateTime\` in bench/cost.ts).
- **Cost on the article itself**: Chromium loads the seed article at its own address (7 KiB) and the same
  article followed by ~1 MB of reader comments, 15 times each (a blank page before each; at most eight
  such rounds in a tab, the first of each tab and the first two of a page not counted, since one tab
  loading pages faster than Kontekst's cap of 60 a minute has its detections deferred: \`loadPlan\` in
  bench/cost-article.ts), with the extension built with source maps
  (\`build.mjs --sourcemap\`, the bench's own copy); the sampling profiler runs from before the navigation
  until 1.5 s after \`load\`, with nothing of the test driver's running in the page meanwhile. Samples with
  Kontekst's frame on the stack (the rule above) are its main-thread time, forced layout and other native
  callees included; each goes to the innermost Kontekst function, named through the source map. The longest
  task is approximated by the longest run of consecutive samples that all hold Kontekst's code. Firefox ESR
  loads the same pages the same number of times (one browser per page, all sites granted) with the same
  build as Chromium's, the shipped, minified code with its source maps. Gecko labels a frame with the
  engine's name for the function, the minified one; the source map gives it back its original name where
  the map names it just before the place Gecko points at (\`namer\` in bench/cost-article-firefox.ts,
  \`test/tooling/gecko-attribution.test.ts\`; an anonymous function keeps Gecko's label, \`outer/<\`, with
  the outer name minified). Until 2026-12-04 Firefox ran a build of its own with identifiers not minified,
  whose content script and injected functions are a third to two fifths larger: side by side that day,
  Kontekst's CPU time on the seed article was 15.2 to 18.4 ms median with it and 13.6 to 17.0 with the
  shipped build (three runs each). Kontekst's welcome page, opened on install, is closed and the bench's tab brought to the front: a hidden tab renders nothing, and the annotator builds the extension API there at once (each load checks that the page was visible). WebDriver BiDi has no profiler, so the Gecko profiler starts with the browser
  (\`MOZ_PROFILER_STARTUP\`, its default 1 ms interval, JavaScript frames and each thread's CPU time, no native stack walking: the attribution reads none of those frames, and walking them cost the page's thread 1 to 3 ms of CPU time a load on the seed article, side by side on 2026-12-04, \`GECKO_FEATURES\`; each sample stops the thread while its stack is walked, and at 0.5 ms, used until the evening of 2026-12-03, the seed article measured 42.2 ms median in five runs against 27.3 in three at 1 ms, side by side: \`GECKO_INTERVAL_MS\` in bench/cost-article-firefox.ts) and writes its profile as it quits
  (\`MOZ_PROFILER_SHUTDOWN\`); samples of the page's content process's main thread inside each load's
  window are Kontekst's time when, going out from the innermost frame, the first frame of note is
  Kontekst's: a \`moz-extension://\` script, a function the background runs in the page with
  \`scripting.executeScript\` (Gecko: \"sandbox eval code\"), or Firefox's own code carrying out one of
  Kontekst's scripting calls in the page (\`handleActorExecute\`/\`executeInWin\` in ExtensionContent.sys.mjs:
  the content script's context, compiling, cloning, telemetry: JavaScript in Firefox, so it shows; in
  Chromium the same work is native code the rule above does not count; its rows say which part). Each is named \`label (file:line)\`: Gecko's label and
  the source map's position of the function's start (\`KONTEKST_BENCH_PROFILES=<folder>\` keeps the raw
  profiles). Until 2026-12-03 only samples with a \`moz-extension://\` frame counted: the functions the
  background runs in the page and Firefox's work for the scripting calls were left out (about half of the
  total), and a stale frame Gecko leaves on the stack named some of that work \`readText\`. Samples in which the bench's own driver (WebDriver BiDi, \`chrome://remote/\`) runs inside Kontekst's frames, or inside Firefox's work for its calls (it follows every new realm), are not counted: no reader's browser runs that code (they were, up to 8 ms a load on the seed article, until the evening run of 2026-12-03; \`test/tooling/gecko-attribution.test.ts\`). Gecko also records how much CPU time the thread used between two samples (\`threadCPUDelta\`): the column "of it on the CPU" is that time within Kontekst's samples, what its code and Firefox's work for its calls ran; the rest of the total is time the main thread spent in Kontekst's calls without running (waiting for one of the machine's two cores, or for another thread). The budget is judged on the total, the wall time, as in Chromium, whose profiler records no CPU time. The background
  itself runs in Firefox's extension process and is not counted (in Chromium, what it runs in the page
  is). Both profilers sample wall time: on a loaded machine a descheduled thread's
  samples still count. The Firefox rows' last column shows how much of it there was in the whole
  load, not in Kontekst's calls alone: over each load's window, the time the page's content process's main thread ran and the time it was
  ready to run but waited on the run queue for one of the two cores, from Linux's scheduler
  statistics (\`/proc/<pid>/task/<pid>/schedstat\`, read before the navigation and after the settle:
  \`bench/lib/run-queue.ts\`, \`test/tooling/run-queue.test.ts\`). With the same counters, read by hand, the Gecko
  profiler's sampler threads, one in each of the bench browser's 11 processes, took about 0.3 of a core
  with Firefox idle at the 1 ms interval (2026-12-03). Tried and not kept: putting those sampler threads
  in \`SCHED_IDLE\`. The samplers then starved whenever both cores were busy, so the busy stretches went
  unsampled (the seed measured 5.0 ms, below its own 5.8 ms on the CPU). The column after it is the
  same page thread's run time in the same loads in a second Firefox, without Kontekst (the profiler running
  as in the first): the difference is all the page's main thread paid for Kontekst, its own frames and what
  they leave to Firefox to do outside them (style, layout and paint of the marks and markers, garbage and
  cycle collection, the messages of its scripting calls), which the attribution by frames does not count.
  The last column is the page thread's run and wait times in the same loads in a third Firefox, with
  Kontekst and without the profiler: set beside "ran / waited", what the profiler being on adds to what
  the page's thread runs and waits, under Kontekst's samples too (no profile there, so no attribution).
- **Time to marks**: from \`DOMContentLoaded\` to the first animation frame in which the page's highlight
  registry holds Kontekst's claim highlight, measured in the page by a script added before the page's own,
  on pages whose one image the server answers after 10 s (the load event comes 10 s later): the seed article
  at its own address (recognised by address) and the syndicated copy (by content), in Chromium and Firefox
  ESR, with the background warm (it has just handled another page) and cold (Chromium: its service worker
  stopped through the DevTools protocol, \`Target.closeTarget\`; Firefox: its event page unloaded after
  \`extensions.background.idle.timeout\` of 1 s), as a reader who chose all sites, with the bundled dataset and with 10,000 synthetic
  articles added to it; 11 loads per cell after 2 warm-up loads, interleaved; each round of eight loads (a blank page before each target) in a new tab, since one tab loading about 100 pages a minute reaches Kontekst's cap of 60 loads a minute per tab.
- **Scale**: a synthetic dataset of 10,000 articles and 150,000 claims, generated at run time, built with the
  build's own code, its index loaded as the background loads it (heap measured with \`--expose-gc\`; what a
  background that wakes pays to read the address table alone and the whole index), and
  recognition timed on pages known by address, copies known by content, and pages it does not know.
- **Sizes**: the built files and the store packages (\`npm run package\`).

Last run: ${r.generatedAt.slice(0, 10)}, ${m.cpus} × ${m.cpuModel}, Node ${m.node}, Chromium ${m.chromium ?? '-'}
(load average ${m.loadAverage.slice(0, 3).join(' ')} at the start: the machine was shared, so absolute
times are noisy; the ratios are measured side by side).${remeasured(r)}

${tables}
`;
}

/** One line per part measured again after the run (`--merge`), with its own date, command and load. */
function remeasured(r: BenchResults): string {
  const parts = Object.entries(r.remeasured ?? {});
  if (parts.length === 0) return '';
  const lines = parts.map(([part, run]) => `- ${part}: measured again ${run.generatedAt.slice(0, 10)} with \`${run.command}\` (load average ${run.loadAverage.slice(0, 3).join(' ')} at its start); its tables and budgets below are from that run.`);
  return `\n\n${lines.join('\n')}`;
}
