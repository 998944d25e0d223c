// How the Firefox cost bench reads how long the page's main thread ran and waited for a core in a
// load's window (bench/lib/run-queue.ts), on a /proc-shaped folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mainThreadTimes, medianTimes, timesBetween } from '../../bench/lib/run-queue';

let proc: string;

/** Process `pid` named `name` whose main thread has run `runNs` and waited `waitNs`. */
function processEntry(pid: number, name: string, runNs: number, waitNs: number): void {
  mkdirSync(join(proc, String(pid), 'task', String(pid)), { recursive: true });
  writeFileSync(join(proc, String(pid), 'comm'), `${name}\n`);
  writeFileSync(join(proc, String(pid), 'task', String(pid), 'schedstat'), `${runNs} ${waitNs} 42\n`);
}

const CONTENT = ['Isolated Web Co', 'Web Content'];

beforeEach(() => {
  proc = mkdtempSync(join(tmpdir(), 'kontekst-proc-'));
  processEntry(100, 'firefox-esr', 9e9, 9e9);
  processEntry(200, 'Isolated Web Co', 50e6, 10e6);
  mkdirSync(join(proc, 'self'));
});

afterEach(() => rmSync(proc, { recursive: true, force: true }));

describe('mainThreadTimes and timesBetween', () => {
  it.each([
    ['the page process ran 30 ms more and waited 40 ms more', () => processEntry(200, 'Isolated Web Co', 80e6, 50e6), { runMs: 30, waitMs: 40 }],
    ['a content process started during the window counts from its start; the parent process never counts', () => {
      processEntry(200, 'Isolated Web Co', 60e6, 10e6);
      processEntry(300, 'Web Content', 5e6, 7e6);
      processEntry(100, 'firefox-esr', 10e9, 10e9);
    }, { runMs: 15, waitMs: 7 }],
    ['a content process that ended during the window is left out', () => rmSync(join(proc, '200'), { recursive: true }), { runMs: 0, waitMs: 0 }],
  ])('%s', (_reason, during, expected) => {
    const before = mainThreadTimes(CONTENT, proc);
    during();
    const between = timesBetween(before, mainThreadTimes(CONTENT, proc));
    expect(between.runMs).toBeCloseTo(expected.runMs, 6);
    expect(between.waitMs).toBeCloseTo(expected.waitMs, 6);
  });

  it('reads nothing where there is no /proc (not Linux): the table then shows no figure', () => {
    expect(mainThreadTimes(CONTENT, join(proc, 'missing')).size).toBe(0);
  });
});

describe("medianTimes: a browser's loads as the table's ran / waited", () => {
  it.each([
    ['the middle load of three, for each time on its own', [{ runMs: 30, waitMs: 1 }, { runMs: 10, waitMs: 50 }, { runMs: 20.004, waitMs: 7 }], { ran: 20, waited: 7 }],
    ['the mean of the middle two of four', [{ runMs: 10, waitMs: 4 }, { runMs: 20, waitMs: 2 }, { runMs: 30, waitMs: 6 }, { runMs: 40, waitMs: 8 }], { ran: 25, waited: 5 }],
    ['none where no load ran (no /proc: the column shows a dash)', [{ runMs: 0, waitMs: 0 }, { runMs: 0, waitMs: 0 }], null],
    ['none for no loads', [], null],
  ])('%s', (_reason, loads, expected) => {
    expect(medianTimes(loads)).toEqual(expected);
  });
});
