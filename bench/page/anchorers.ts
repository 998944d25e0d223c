// Runs inside the page (jsdom's window or Chromium's main world) as one IIFE bundle, so the
// four anchorers see the same document, the same quotes and the same clock.
import Mark from 'mark.js';
import { anchorArticleClaims, mainTextRoot } from '../../src/core/anchoring/article-anchoring';
import type { Claim } from '../../src/core/dataset/model';
import type { BenchQuote } from '../inputs';
import { matchQuote, rangeFromTextOffsets } from './hypothesis-style';

export const ANCHORERS = ['floor', 'floor-root', 'kontekst', 'hypothesis', 'markjs'] as const;
export type AnchorerName = (typeof ANCHORERS)[number];

interface Prepared {
  /** Anchors every quote once; returns how many were found. */
  run(): number;
  /** Puts the page back as it was (outside the timed part). */
  undo?(): void;
}

/** Collects the text nodes under `root` in one TreeWalker pass. */
function walkText(doc: Document, root: Node): number {
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes: Node[] = [];
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) nodes.push(node);
  return nodes.length;
}

function prepare(name: AnchorerName, doc: Document, quotes: readonly BenchQuote[]): Prepared {
  const root = doc.body;
  switch (name) {
    case 'floor':
      // The least any anchorer must do that reads the document: visit every text node once.
      return { run: () => (walkText(doc, root) > 0 ? quotes.length : 0) };
    case 'floor-root':
      // Reported, not a budget: the same pass over the element Kontekst reads first (found as it finds it).
      return {
        run() {
          const main = mainTextRoot(doc);
          return main && walkText(doc, main) > 0 ? quotes.length : 0;
        },
      };
    case 'kontekst': {
      const claims = quotes.map(
        (q): Claim => ({ id: q.id, selector: { type: 'TextQuoteSelector', exact: q.exact, prefix: q.prefix, suffix: q.suffix }, notes: [] }),
      );
      // The function the extension's annotator and the CLI call: the article root first, then the rest.
      return { run: () => anchorArticleClaims(doc, claims).anchored.filter((a) => a.anchor.range !== null).length };
    }
    case 'hypothesis':
      return {
        run() {
          let found = 0;
          for (const q of quotes) {
            // The hypothesis client reads textContent afresh for every quote it anchors.
            const text = root.textContent ?? '';
            const match = matchQuote(text, q.exact, q.prefix, q.suffix);
            if (match && rangeFromTextOffsets(root, match.start, match.end)) found++;
          }
          return found;
        },
      };
    case 'markjs': {
      const marker = new Mark(root);
      return {
        run() {
          let found = 0;
          for (const q of quotes) {
            marker.mark(q.exact, {
              acrossElements: true,
              separateWordSearch: false,
              // Literal quotes: the diacritics classes would only slow mark.js down.
              diacritics: false,
              done: (marks) => void (marks > 0 && found++),
            });
          }
          return found;
        },
        undo: () => marker.unmark(),
      };
    }
  }
}

export interface RunOptions {
  anchorers: readonly AnchorerName[];
  /** Untimed runs before sampling (skipped for anchorers slower than `slowMs`, where JIT warm-up is noise). */
  warmup: number;
  /** Every anchorer gets at least this many samples (one, if it is slower than `slowMs`)... */
  minSamples: number;
  /** ...and at most this many. */
  maxSamples: number;
  /** After `minSamples`, an anchorer stops once it has used its share of this budget. */
  budgetMs: number;
  /** Fast anchorers repeat within one sample until it lasts about this long (the browser's clock is coarse). */
  minSampleMs: number;
  /** A first run slower than this counts as a sample instead of a warm-up. */
  slowMs: number;
}

export interface AnchorerSamples {
  /** Milliseconds per full anchoring of every quote, one entry per sample. */
  samples: number[];
  /** Repetitions averaged into each sample. */
  reps: number;
  /** Quotes found in the last run. */
  found: number;
}

function timeOnce(prepared: Prepared): { ms: number; found: number } {
  const t0 = performance.now();
  const found = prepared.run();
  const ms = performance.now() - t0;
  prepared.undo?.();
  return { ms, found };
}

/**
 * Samples every anchorer on the current document after warm-up. Samples are taken in rounds
 * that rotate the order, so drift (GC, heat) falls on all of them alike; a slow anchorer stops
 * early (after `minSamples`) so the fast ones still get many samples within the budget.
 */
export function runAnchoring(quotes: readonly BenchQuote[], options: RunOptions): Record<string, AnchorerSamples> {
  const entries = options.anchorers.map((name) => ({ name, p: prepare(name, document, quotes), spent: 0, slow: false, result: { samples: [] as number[], reps: 1, found: 0 } }));
  for (const entry of entries) {
    const first = timeOnce(entry.p);
    entry.result.found = first.found;
    if (first.ms > options.slowMs) {
      entry.slow = true;
      entry.result.samples.push(first.ms);
      entry.spent += first.ms;
      continue;
    }
    let last = first;
    for (let w = 1; w < options.warmup; w++) last = timeOnce(entry.p);
    entry.result.reps = Math.max(1, Math.min(1000, Math.ceil(options.minSampleMs / Math.max(last.ms, 0.001))));
  }
  const share = options.budgetMs / entries.length;
  for (let round = 0; round < options.maxSamples; round++) {
    let sampled = false;
    for (let k = 0; k < entries.length; k++) {
      const entry = entries[(round + k) % entries.length] as (typeof entries)[number];
      const { result } = entry;
      if (result.samples.length >= options.maxSamples) continue;
      if (result.samples.length >= (entry.slow ? 1 : options.minSamples) && entry.spent > share) continue;
      const wall = performance.now();
      let total = 0;
      for (let r = 0; r < result.reps; r++) {
        const once = timeOnce(entry.p);
        total += once.ms;
        result.found = once.found;
      }
      // Undoing (mark.js unmark) is not timed but does use the budget.
      entry.spent += performance.now() - wall;
      result.samples.push(total / result.reps);
      sampled = true;
    }
    if (!sampled) break;
  }
  return Object.fromEntries(entries.map((e) => [e.name, e.result]));
}

/** What the bundle puts on the page's global object. */
export interface KontekstBench {
  runAnchoring: typeof runAnchoring;
}

(globalThis as { kontekstBench?: KontekstBench }).kontekstBench = { runAnchoring };
