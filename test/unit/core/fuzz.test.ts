// Seeded fuzzing of recognition and anchoring. Every case is replayable from the run's seed and
// its index (printed on failure): FUZZ_SEED=<seed> FUZZ_CASE=<index> replays one case.
// FUZZ_RUNS scales the run. `npm test` runs 400 (the first 40% of each family's cases in CI's run:
// at 1,000 this file was a quarter of the unit suite's CPU time); CI (.ci/run) runs FUZZ_RUNS=1000,
// the same cases and 60% more; FUZZ_RUNS=100000 for a long run.
//
// What must hold for every page:
// - nothing throws (readSignals, recognize, anchorClaims);
// - every anchored claim is that claim: its text is within the fuzzy threshold (edit distance
//   at most floor(0.2 × quote length)) of the folded quote, its DOM Range covers exactly that
//   text, and it lies in the paragraph the claim was rendered into;
// - a page with none of the article's text anchors nothing and is not recognised;
// - a claim whose paragraph was left out is missing; a claim shown word for word (only
//   invisible noise, markup and quote styles changed) anchors exactly;
// - anchoring leaves the page's text and nodes as they were;
// - the fuzzy verifier's work is bounded by the quotes alone, whatever the page: at most
//   MAX_CANDIDATES windows per claim, each spanning at most quote + 3 × allowed edits + 1
//   characters (counted through the verifier's test seam, not timed).
import { describe, expect, it } from 'vitest';
import { anchorClaims } from '../../../src/core/anchoring/article-anchoring';
import { recognize } from '../../../src/core/recognition/recognize';
import { readSignals } from '../../../src/core/recognition/page-signals';
import { type ClaimFate, editedArticle, foreignText, quoteDebris, randomTree } from '../../support/fuzz-pages';
import { anchorProblem, countVerifierWork, verifierBound } from '../../support/oracle';
import { pageSnapshot, parsePage, seedIndex } from '../../support/pipeline';
import { Random, caseSeed } from '../../support/random';
import { SEED_URL, seedArticle } from '../../support/seed';

const seed = seedArticle();

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
// Generous: a loaded machine must not fail a correct run; the work itself is bounded below.
const TIMEOUT_MS = Math.max(300_000, RUNS * 500);
const SEED = Number(process.env.FUZZ_SEED ?? 20180727);
const ONLY = process.env.FUZZ_CASE === undefined ? null : Number(process.env.FUZZ_CASE);

const quoteOf = new Map(seed.claims.map((c) => [c.id, c.selector.exact]));
// A new document per case: jsdom keeps every live Range on its boundary nodes (through WeakRefs
// that hold until the task ends), and a reused document would update them all on each change.
// A new window every 100 cases: a jsdom window keeps every document it created.
let home = parsePage('<!doctype html><html><head></head><body></body></html>', 'https://fuzz.example/').window;
let doc = home.document;

// The most verification any page can cost (see verifierBound).
const { windows: MAX_WINDOWS, characters: MAX_WINDOW_CHARACTERS } = verifierBound(seed.claims.map((c) => c.selector.exact));

/** anchorClaims with the verifier's work counted; fails when the work passes its bound. */
function anchorCounted(root: Node): ReturnType<typeof anchorClaims> & { windows: number } {
  const { result, windows, characters } = countVerifierWork(() => anchorClaims(root, seed.claims));
  expect(windows, 'candidate windows').toBeLessThanOrEqual(MAX_WINDOWS);
  expect(characters, 'characters verified').toBeLessThanOrEqual(MAX_WINDOW_CHARACTERS);
  return { ...result, windows };
}

/** Runs `body` for each case index; a failure names the seed and case that replay it. */
async function forEachCase(family: string, runs: number, body: (random: Random, index: number) => void): Promise<void> {
  const indices = ONLY === null ? Array.from({ length: runs }, (_, i) => i) : [ONLY];
  for (const index of indices) {
    // jsdom holds its live Ranges through WeakRefs, which keep their targets (and whole
    // documents) alive until the current task ends: yield now and then so a long run stays small.
    if (index % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    if (index % 100 === 99) {
      home.close();
      home = parsePage('<!doctype html><html><head></head><body></body></html>', 'https://fuzz.example/').window;
    }
    const random = new Random(caseSeed(SEED, index));
    try {
      body(random, index);
    } catch (error) {
      const replay = `FUZZ_SEED=${SEED} FUZZ_CASE=${index} npx vitest run --config test/vitest.config.ts test/unit/core/fuzz.test.ts -t "${family}"`;
      throw new Error(`${family}: case ${index} failed (replay: ${replay})\n${(error as Error).message}`, { cause: error });
    }
  }
}

function freshPage(random: Random): void {
  doc = home.document.implementation.createHTMLDocument('');
  if (random.chance(0.3)) {
    const link = doc.createElement('link');
    link.rel = 'canonical';
    link.href = random.pick(['https://fuzz.example/other', 'javascript:void(0)', '', 'https://jyllands-posten.dk/sport/', '//cdn.example/x']);
    doc.head.append(link);
  }
}

function randomAddress(random: Random): string {
  return `https://${random.pick(['fuzz.example', 'news.example', 'jyllands-posten.dk'])}/${random.pick(['', 'a/', 'sport/'])}${random.int(1e6)}`;
}

describe('fuzz: random DOM trees with none of the article\'s text', () => {
  it(`${Math.ceil(RUNS / 2)} pages: not recognised, nothing anchored, the page unchanged`, async () => {
    await forEachCase('random DOM trees', Math.ceil(RUNS / 2), (random) => {
      freshPage(random);
      randomTree(doc, random, doc.body, { nodes: random.between(1, 300) });
      if (random.chance(0.2)) doc.body.append(foreignText(random, 2000, 4000));
      const url = randomAddress(random);
      const before = pageSnapshot(doc);
      expect(recognize(readSignals(doc, url), seedIndex)).toBeNull();
      const { anchored } = anchorCounted(doc.body);
      for (const { claim, anchor } of anchored) expect(anchor.status, `${claim.id} anchored on a page without the article`).toBe('missing');
      expect(pageSnapshot(doc)).toEqual(before);
    });
  }, TIMEOUT_MS);
});

describe('fuzz: the article, edited and rendered into random markup', () => {
  it(`${RUNS} pages: every anchor is its claim, intact claims exact, left-out claims missing, the page unchanged`, async () => {
    const counts = { exact: 0, fuzzy: 0, missing: 0, ambiguous: 0 };
    await forEachCase('edited article', RUNS, (random) => {
      freshPage(random);
      if (random.chance(0.3)) randomTree(doc, random, doc.body, { nodes: random.between(1, 60) });
      const { fates, log } = editedArticle(doc, random, doc.body);
      if (random.chance(0.3)) randomTree(doc, random, doc.body, { nodes: random.between(1, 60) });
      const url = random.chance(0.5) ? SEED_URL : randomAddress(random);
      const before = pageSnapshot(doc);
      const recognition = recognize(readSignals(doc, url), seedIndex);
      expect([null, seed.id]).toContain(recognition?.id ?? null);
      if (url === SEED_URL) expect(recognition?.matchedBy).toBe('url');

      const { page, anchored } = anchorCounted(doc.body);
      const fateOf = new Map<string, ClaimFate>(fates.map((f) => [f.id, f]));
      for (const { claim, anchor } of anchored) {
        const fate = fateOf.get(claim.id) as ClaimFate;
        const why = `${claim.id} (${JSON.stringify(fate)}); edits: ${log.join('; ')}`;
        counts[anchor.status]++;
        expect(anchorProblem(page, quoteOf.get(claim.id) ?? '', anchor), why).toBeNull();
        if (fate.dropped) expect(anchor.status, why).toBe('missing');
        if (fate.intact) expect(anchor.status, why).toBe('exact');
        if (anchor.range) {
          for (const end of [anchor.range.startContainer, anchor.range.endContainer]) {
            const element = end.nodeType === 1 ? (end as Element) : end.parentElement;
            expect(element?.closest('[data-fuzz-para]')?.getAttribute('data-fuzz-para'), `${why}: anchored outside its paragraph`).toBe(String(fate.paragraph));
          }
        }
      }
      expect(pageSnapshot(doc)).toEqual(before);
    });
    // The generator exercises all three outcomes, or the properties above say little.
    if (ONLY === null) for (const status of ['exact', 'fuzzy', 'missing'] as const) expect(counts[status], status).toBeGreaterThan(0);
  }, TIMEOUT_MS);
});

describe('fuzz: pages strewn with fragments and near-copies of the quotes', () => {
  it(`${Math.ceil(RUNS / 4)} pages: every anchor within the threshold of its quote, the verifier's work bounded, the page unchanged`, async () => {
    let windows = 0;
    await forEachCase('quote debris', Math.ceil(RUNS / 4), (random) => {
      freshPage(random);
      quoteDebris(doc, random, doc.body);
      if (random.chance(0.5)) doc.body.append(foreignText(random, 1000, 20000));
      const before = pageSnapshot(doc);
      const { page, anchored, windows: verified } = anchorCounted(doc.body);
      windows += verified;
      for (const { claim, anchor } of anchored) expect(anchorProblem(page, quoteOf.get(claim.id) ?? '', anchor), claim.id).toBeNull();
      expect(pageSnapshot(doc)).toEqual(before);
    });
    // The debris does make the fuzzy search verify candidates, or the bound above is idle.
    if (ONLY === null) expect(windows).toBeGreaterThan(RUNS);
  }, TIMEOUT_MS);
});
