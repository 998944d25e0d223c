import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Unit tests, no browser (real-browser tests have their own config in test/e2e/), in projects by
// what they cost to run:
// - core: src/core and the editor tool (src/cli), pure code over documents it parses itself: the
//   node environment (no global DOM to set up per file), and one process per worker rather than
//   per file (isolate: false), so jsdom and the checked seed dataset (test/support/pipeline.ts)
//   load twice per run, not 26 times; what these files share is pure code and its scratch buffers;
// - dom: the extension's contexts (content, popup, options, background, shared, injected) in a
//   global jsdom document, as they run in a browser; also one process per worker, each file given
//   a new window and its own module instances by test/support/fresh-window.ts;
// - tooling: what runs build.mjs, the built command-line tool or the docs' commands as processes;
//   one process per worker too (these files share no state but the cwd, which docs-editing.test.ts
//   restores).
// Isolation per file had cost a process, a jsdom import and the seed's check per file: about a
// third of the suite's CPU time on a 2-core machine.
const CORE = ['test/unit/core/**/*.test.ts', 'test/unit/cli/**/*.test.ts'];

// vitest runs projects one after another in name order (each file longest first); this order
// starts the tooling's long files (the real-pages corpus, the docs' commands) first and lets the
// dom project's many short files fill the end, where they had waited for the long ones.
const PROJECT_ORDER = ['tooling', 'core', 'dom'];
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const order = (file: TestSpecification): number => PROJECT_ORDER.indexOf(file.project.name);
    return (await super.sort(files)).sort((a, b) => order(a) - order(b));
  }
}

export default defineConfig({
  test: {
    testTimeout: 60_000,
    sequence: { sequencer: LongestFirst },
    // Every core: vitest's default leaves one for its main process, which on a 2-core machine
    // means one worker and the files one after another; the main process mostly waits.
    maxWorkers: availableParallelism(),
    projects: [
      { extends: true, test: { name: 'core', include: CORE, environment: 'node', isolate: false } },
      {
        extends: true,
        test: { name: 'dom', include: ['test/unit/**/*.test.ts'], exclude: CORE, environment: 'jsdom', isolate: false, setupFiles: ['test/support/fresh-window.ts'] },
      },
      { extends: true, test: { name: 'tooling', include: ['test/tooling/**/*.test.ts'], environment: 'node', isolate: false } },
    ],
  },
});
