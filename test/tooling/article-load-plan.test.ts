// The bench's loads of the article ("Cost on the article itself", bench/cost-article.ts and
// bench/cost-article-firefox.ts) stay under the cap Kontekst puts on the documents one tab may
// make it look at: a tab over it gets its detections deferred, and the bench saw no marks.
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../bench/cost-article';
import { MAX_PAGE_LOADS } from '../../src/background/page-caps';

/** The plan cut into tabs: each tab's rounds. */
function tabs(plan: ReturnType<typeof loadPlan>): ReturnType<typeof loadPlan>[] {
  const out: ReturnType<typeof loadPlan>[] = [];
  for (const round of plan) {
    if (round.fresh || out.length === 0) out.push([]);
    (out.at(-1) as ReturnType<typeof loadPlan>).push(round);
  }
  return out;
}

describe('the bench loads the article in tabs that stay under the per-tab cap', () => {
  it.each([1, 3, 15, 40])('measures exactly %i loads', (loads) => {
    expect(loadPlan(loads).filter((r) => r.measured)).toHaveLength(loads);
  });

  it.each([3, 15, 40])('no tab of a %i-load plan loads more documents than the cap allows in a minute, however fast', (loads) => {
    // Two documents a round (the blank page, the article).
    for (const tab of tabs(loadPlan(loads))) expect(tab.length * 2).toBeLessThan(MAX_PAGE_LOADS);
  });

  it('starts each page in a tab of its own, and counts neither the first two rounds nor the first in each tab', () => {
    const plan = loadPlan(15);
    expect(plan[0]).toEqual({ fresh: true, measured: false });
    expect(plan[1]).toEqual({ fresh: false, measured: false });
    for (const tab of tabs(plan)) expect(tab[0]).toEqual({ fresh: true, measured: false });
    expect(tabs(plan).length).toBeGreaterThan(1);
  });
});
