import { describe, expect, it } from 'vitest';
import { Budget } from '../../../src/content/budget';
import { ARRIVAL_REANCHORS, EDIT_REANCHORS } from '../../../src/content/claim-anchors';

/** How many takes a page gets by asking every `everyMs` for `forMs`. */
function takes(size: number, refillMs: number, everyMs: number, forMs: number): number {
  let now = 0;
  const budget = new Budget(size, refillMs, () => now);
  let granted = 0;
  for (now = 0; now < forMs; now += everyMs) if (budget.take()) granted++;
  return granted;
}

describe('the caps on re-anchoring a page can trigger (docs/security.md)', () => {
  it.each([
    { what: "edits to a claim's text, asked every 150 ms (the watcher's pace) for a minute", cap: EDIT_REANCHORS, every: 150, minutes: 1 },
    { what: 'arrivals while a claim is missing, asked every second for a minute (a live blog)', cap: ARRIVAL_REANCHORS, every: 1000, minutes: 1 },
    { what: "edits to a claim's text, asked every second for ten minutes", cap: EDIT_REANCHORS, every: 1000, minutes: 10 },
  ])('$what: the first burst, then one per refill', ({ cap, every, minutes }) => {
    const forMs = minutes * 60_000;
    const granted = takes(cap.size, cap.refillMs, every, forMs);
    expect(granted).toBeLessThanOrEqual(cap.size + forMs / cap.refillMs);
    expect(granted).toBeGreaterThanOrEqual(cap.size + forMs / cap.refillMs - 2);
  });

  it('a page that changes now and then is always followed', () => {
    expect(takes(EDIT_REANCHORS.size, EDIT_REANCHORS.refillMs, 6_000, 10 * 60_000)).toBe(100);
  });
});
