// How the bench counts an extension's main-thread time in a Chromium CPU profile (bench/cost.ts,
// "Pages not in the dataset"): a sample is the extension's when an extension frame is on its
// stack, and stands for the time until the next sample; one followed late is counted apart (run or waited, the profile cannot tell).
import { describe, expect, it } from 'vitest';
import { extensionLateTime, extensionTime, extensionTimeByScript } from '../../bench/cost';

const PAGE = { url: 'http://127.0.0.1/page.js', functionName: 'pageScript', lineNumber: 3 };
const INJECTED = { url: '', functionName: 'readPageFacts', lineNumber: 0 };
const CONTENT = { url: 'chrome-extension://abc/cs.js', functionName: '', lineNumber: 0 };
const NATIVE = { url: '', functionName: 'querySelector', lineNumber: -1 };

/** A profile whose samples hit the given leaf nodes, `gapsUs[i]` after the sample before (the first gap is ignored, as in V8's profiles). */
function profileOf(leaves: number[], gapsUs: number[]) {
  return {
    nodes: [
      { id: 1, callFrame: { url: '', functionName: '(root)', lineNumber: -1 }, children: [2, 3, 5] },
      { id: 2, callFrame: PAGE },
      { id: 3, callFrame: INJECTED, children: [4] },
      { id: 4, callFrame: NATIVE },
      { id: 5, callFrame: CONTENT },
    ],
    samples: leaves,
    timeDeltas: gapsUs,
    startTime: 0,
    endTime: gapsUs.reduce((a, b) => a + b, 0),
  };
}

describe('Chromium attribution (bench/cost.ts)', () => {
  it.each([
    { why: 'a page script is not the extension', leaves: [2, 2], gaps: [0, 100, 100], total: 0, late: 0 },
    { why: 'an injected function and the native code it calls are', leaves: [3, 4], gaps: [0, 100, 100], total: 0.2, late: 0 },
    { why: 'a sample stands for the time until the next one', leaves: [3, 2], gaps: [0, 200, 100], total: 0.2, late: 0 },
    { why: 'a sample followed more than 2.5 intervals later was taken late', leaves: [4, 2], gaps: [0, 900, 100], total: 0.9, late: 0.9 },
    { why: 'a late sample in the page is nobody’s', leaves: [2, 3], gaps: [0, 900, 100], total: 0.1, late: 0 },
  ])('$why', ({ leaves, gaps, total, late }) => {
    const profile = profileOf(leaves, gaps);
    expect(extensionTime(profile)).toBeCloseTo(total, 6);
    expect(extensionLateTime(profile)).toBeCloseTo(late, 6);
  });

  it('names a content script by its address and an injected function by its name', () => {
    const byScript = extensionTimeByScript(profileOf([5, 3, 2], [0, 100, 300, 100]));
    expect([...byScript]).toEqual([
      ['chrome-extension://abc/cs.js', 0.1],
      ['(injected function readPageFacts)', 0.3],
    ]);
  });
});
