// Setup file of the `dom` project (test/vitest.config.ts), which runs its files without vitest's
// isolation: one process per worker instead of one per file, so jsdom is imported and a worker
// started twice per run instead of 35 times (about a second each). What isolation gave each file
// is given here instead: a new jsdom window (vitest's own jsdom environment, set up again and torn
// down after the file, which closes the window and so ends its timers and listeners), the
// project's modules evaluated afresh (only node_modules stay loaded), and real timers, real
// globals and no spies left over from the file before.
// https://vitest.dev/config/setupfiles: with isolation off, a setup file runs again before each file.
import { afterAll, vi } from 'vitest';
import { builtinEnvironments } from 'vitest/runtime';

vi.useRealTimers();
vi.unstubAllGlobals();
vi.unstubAllEnvs();
vi.restoreAllMocks();
vi.resetModules();

const { teardown } = await builtinEnvironments.jsdom.setup(globalThis, {});

afterAll(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  await teardown(globalThis);
});
