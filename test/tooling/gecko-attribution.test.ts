// How the bench counts Kontekst's main-thread time in a Gecko profile (bench/cost-article-firefox.ts,
// "Cost on the article itself"): a sample is Kontekst's when the first frame of note going out
// from the innermost is Kontekst's, unless the bench's own driver ran inside it.
import { describe, expect, it } from 'vitest';
import { type GeckoProfile, attributeGecko } from '../../bench/cost-article-firefox';

const EXT = 'moz-extension://0a1b/content/annotate.js:1:200';

/** A content process whose main thread took one sample per stack (outermost frame first), 1 ms apart from t = 10; `cpuNs`: each sample's threadCPUDelta. */
function profileOf(stacks: string[][], cpuNs?: number[]): GeckoProfile {
  const strings: string[] = [];
  const frames: (number | null)[][] = [];
  const stackRows: (number | null)[][] = [];
  const samples: (number | null)[][] = [];
  const frameOf = (location: string): number => {
    let s = strings.indexOf(location);
    if (s < 0) s = strings.push(location) - 1;
    let f = frames.findIndex((row) => row[0] === s);
    if (f < 0) f = frames.push([s]) - 1;
    return f;
  };
  stacks.forEach((locations, i) => {
    let prefix: number | null = null;
    for (const location of locations) prefix = stackRows.push([prefix, frameOf(location)]) - 1;
    samples.push([prefix, 10 + i, cpuNs?.[i] ?? null]);
  });
  const thread = {
    name: 'GeckoMain',
    samples: { schema: cpuNs ? { stack: 0, time: 1, threadCPUDelta: 2 } : ({ stack: 0, time: 1 } as Record<string, number>), data: samples },
    stackTable: { schema: { prefix: 0, frame: 1 }, data: stackRows },
    frameTable: { schema: { location: 0 }, data: frames },
    stringTable: strings,
  };
  return { meta: { startTime: 0 }, threads: [], processes: [{ meta: { startTime: 0 }, threads: [thread] }] };
}

describe("the bench's Firefox attribution", () => {
  it.each([
    { stack: ['(root)', `start (${EXT})`], counted: true, reason: "Kontekst's own function, innermost" },
    { stack: ['(root)', `start (${EXT})`, 'Element.getClientRects'], counted: true, reason: 'a native callee of its code (layout)' },
    { stack: ['(root)', 'handleActorExecute (resource://gre/modules/ExtensionContent.sys.mjs:1:1)', 'executeInWin (resource://gre/modules/ExtensionContent.sys.mjs:2:1)'], counted: true, reason: "Firefox's work for one of its scripting calls" },
    { stack: ['(root)', 'pageScript (https://jyllands-posten.dk/app.js:1:1)'], counted: false, reason: "the page's own script" },
    { stack: ['(root)', `start (${EXT})`, '_onRegistryEvent (chrome://remote/content/shared/messagehandler/transports/js-window-actors/MessageHandlerFrameChild.sys.mjs:1:1)'], counted: false, reason: "the test driver's work run inside Kontekst's (WebDriver BiDi following a new realm): no reader's browser runs it" },
    { stack: ['(root)', 'handleActorExecute (resource://gre/modules/ExtensionContent.sys.mjs:1:1)', 'handleCommand (chrome://remote/content/shared/messagehandler/MessageHandler.sys.mjs:1:1)'], counted: false, reason: "the test driver's work inside Firefox's work for a call" },
  ])('$reason: counted $counted', ({ stack, counted }) => {
    const [load] = attributeGecko(profileOf([stack, ['(root)']]), [[0, 100]], (location) => location.split(' (')[0] as string);
    expect(load?.totalMs).toBe(counted ? 1 : 0);
  });

  it("counts a sample's wall time, and of it the CPU time the main thread ran (threadCPUDelta of the next sample): a thread waiting for a core keeps its stack but runs nothing", () => {
    const stack = ['(root)', `start (${EXT})`];
    // Three samples in Kontekst's code, 1 ms each: the first ran 1 ms, the second waited, the third ran half the time.
    const [load] = attributeGecko(profileOf([stack, stack, stack, ['(root)']], [0, 1_000_000, 0, 500_000]), [[0, 100]], (location) => location);
    expect(load?.totalMs).toBe(3);
    expect(load?.cpuMs).toBe(1.5);
  });
});
