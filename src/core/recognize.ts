import { decodeWords } from './base64';
import { hashFilter, shingleHashes } from './fingerprint';
import type { PageSignals } from './signals';
import { normalizeUrl } from './url';

/** The recognition index as the build writes it (JSON). */
export interface CompiledIndex {
  format: 1;
  /** Article ids; every other table refers to articles by their position here. */
  ids: string[];
  /** Normalised address → article position. */
  urls: Record<string, number>;
  /** Sorted fingerprint hashes of all articles (base64, Uint32 LE). */
  hashes: string;
  /** Article position of each entry in `hashes` (base64, Uint32 LE). */
  owners: string;
  /** Fingerprint size of each article. */
  sizes: number[];
}

/** The index in memory: typed arrays, binary-searched. */
export interface RecognitionIndex {
  ids: readonly string[];
  urls: ReadonlyMap<string, number>;
  hashes: Uint32Array;
  owners: Uint32Array;
  sizes: readonly number[];
}

export type MatchedBy = 'url' | 'canonical' | 'content';

export interface Recognition {
  id: string;
  matchedBy: MatchedBy;
  /** 1 for an address match; the share of the article's fingerprint found on the page otherwise. */
  score: number;
}

/** Share of an article's fingerprint a page must contain to be that article. */
export const MIN_CONTENT_SCORE = 0.4;
/** And at least this many fingerprint hashes, so a very short fingerprint cannot match by chance. */
const MIN_CONTENT_HITS = 6;

// One membership bitmap per index (any RecognitionIndex, merged ones too), made on first use.
const filters = new WeakMap<Uint32Array, Uint32Array>();

function filterOf(index: RecognitionIndex): Uint32Array {
  let filter = filters.get(index.hashes);
  if (!filter) filters.set(index.hashes, (filter = hashFilter(index.hashes)));
  return filter;
}

/** Loads a compiled index; throws with a reason when it is malformed. */
export function loadIndex(compiled: CompiledIndex): RecognitionIndex {
  if (compiled.format !== 1) throw new Error(`unknown index format ${String(compiled.format)}`);
  const hashes = decodeWords(compiled.hashes);
  const owners = decodeWords(compiled.owners);
  if (hashes.length !== owners.length) throw new Error('index hash and owner tables differ in length');
  const index = { ids: compiled.ids, urls: new Map(Object.entries(compiled.urls)), hashes, owners, sizes: compiled.sizes };
  filterOf(index);
  return index;
}

/** First position at or after `from` whose value is ≥ `value` (galloping, then binary search). */
function lowerBound(sorted: Uint32Array, value: number, from: number): number {
  // Page hashes arrive in ascending order, so the next one is usually close to the last.
  let lo = from;
  let step = 1;
  let hi = from;
  while (hi < sorted.length && (sorted[hi] as number) < value) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > sorted.length) hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function byAddress(index: RecognitionIndex, address: string | null, base: string): number | undefined {
  if (!address) return undefined;
  const key = normalizeUrl(address, base);
  return key === null ? undefined : index.urls.get(key);
}

/** Which article of the index the page is, if any: by address, canonical link, then content. */
export function recognize(signals: PageSignals, index: RecognitionIndex): Recognition | null {
  const own = byAddress(index, signals.url, signals.url);
  if (own !== undefined) return { id: index.ids[own] as string, matchedBy: 'url', score: 1 };
  const linked = byAddress(index, signals.canonical, signals.url) ?? byAddress(index, signals.ogUrl, signals.url);
  if (linked !== undefined) return { id: index.ids[linked] as string, matchedBy: 'canonical', score: 1 };
  if (index.hashes.length === 0) return null;

  const votes = new Map<number, number>();
  // Most of a page's hashes cannot vote: fingerprints keep each article's smallest hashes, so many
  // lie above the index's largest, and the index's bitmap rules out most others. Those are not
  // even sorted, let alone looked up.
  const page = shingleHashes(signals.text, index.hashes[index.hashes.length - 1] as number, filterOf(index));
  let at = 0;
  for (let i = 0; i < page.length; i++) {
    const hash = page[i] as number;
    for (at = lowerBound(index.hashes, hash, at); at < index.hashes.length && index.hashes[at] === hash; at++) {
      const owner = index.owners[at] as number;
      votes.set(owner, (votes.get(owner) ?? 0) + 1);
    }
  }
  let best: Recognition | null = null;
  for (const [owner, hits] of votes) {
    const size = index.sizes[owner] ?? 0;
    const score = size ? hits / size : 0;
    if (hits >= Math.min(MIN_CONTENT_HITS, size) && score >= MIN_CONTENT_SCORE && (!best || score > best.score)) {
      best = { id: index.ids[owner] as string, matchedBy: 'content', score: Math.round(score * 1000) / 1000 };
    }
  }
  return best;
}
