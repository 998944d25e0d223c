// How long a process's main thread ran and how long it waited for a core, from Linux's per-thread
// scheduler statistics (/proc/<pid>/task/<pid>/schedstat: ns on a CPU, ns runnable on a run queue
// but not running; https://docs.kernel.org/scheduler/sched-stats.html). The profilers count wall
// time while Kontekst's frame is on the stack; on this 2-core machine the page's main thread also
// waits for a core while Firefox's other processes, the profiler's sampler threads (one per process)
// and the bench's driver run, and this says how much of a load's window went to that.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { median, round } from './stats';

export interface ThreadTimes {
  runMs: number;
  waitMs: number;
}

/** The main threads' times of every process whose name (comm) is one of `names`, by pid; none where there is no /proc. */
export function mainThreadTimes(names: readonly string[], procRoot = '/proc'): Map<number, ThreadTimes> {
  const times = new Map<number, ThreadTimes>();
  let pids: string[];
  try {
    pids = readdirSync(procRoot);
  } catch {
    return times;
  }
  for (const pid of pids) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!names.includes(readFileSync(join(procRoot, pid, 'comm'), 'utf8').trim())) continue;
      const [run, wait] = readFileSync(join(procRoot, pid, 'task', pid, 'schedstat'), 'utf8').trim().split(/\s+/).map(Number);
      if (Number.isFinite(run) && Number.isFinite(wait)) times.set(Number(pid), { runMs: (run as number) / 1e6, waitMs: (wait as number) / 1e6 });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return times;
}

/** What the main threads in `after` ran and waited since `before`, summed (a process started since counts from its start). */
export function timesBetween(before: ReadonlyMap<number, ThreadTimes>, after: ReadonlyMap<number, ThreadTimes>): ThreadTimes {
  let runMs = 0;
  let waitMs = 0;
  for (const [pid, end] of after) {
    const start = before.get(pid) ?? { runMs: 0, waitMs: 0 };
    runMs += end.runMs - start.runMs;
    waitMs += end.waitMs - start.waitMs;
  }
  return { runMs, waitMs };
}

/** The median ms a load's main threads ran and waited, rounded to 0.01; null where no load ran (no /proc: not Linux). */
export function medianTimes(loads: readonly ThreadTimes[]): { ran: number; waited: number } | null {
  if (!loads.some((t) => t.runMs > 0)) return null;
  return { ran: round(median(loads.map((t) => t.runMs)), 2), waited: round(median(loads.map((t) => t.waitMs)), 2) };
}
