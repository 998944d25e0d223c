import { decodeWords } from './base64';
import { hashFilter, shingleHashes } from './fingerprint';
import type { PageSignals } from './page-signals';
import { normalizeUrl } from './address';

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

/** The sorted hashes split at their 16th bit: those with high half b have low halves lows[starts[b]] up to lows[starts[b + 1]]. */
export interface SplitHashes {
  starts: Uint32Array;
  lows: Uint16Array;
}

/** Normalised addresses (normalizeUrl) and their articles' positions: a Map, or the shipped table's sorted lists (index-files.ts). */
export interface AddressLookup extends Iterable<readonly [string, number]> {
  get(address: string): number | undefined;
}

/** The index in memory: typed arrays, binary-searched. */
export interface RecognitionIndex {
  ids: readonly string[];
  urls: AddressLookup;
  hashes: Uint32Array;
  /** Article position of each hash; 2 bytes each when the index has at most 65,536 articles (index-files.ts). */
  owners: Uint32Array | Uint16Array;
  sizes: readonly number[];
  /**
   * The hashes as split in the file they were read from, while `hashes` has not been made from
   * them (index-files.ts): an unprepared recognition searches them as they are.
   */
  split?: () => SplitHashes | null;
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

/** What recognition by content needs beside the index, made once per index on first use. */
interface ContentLookup {
  /** hashFilter(hashes): rules out most page hashes without touching the 2.5 MB hash table. */
  filter: Uint32Array;
  /** Bucket b (hashes whose value >>> shift is b) is hashes[starts[b]] up to hashes[starts[b + 1]]. */
  starts: Uint32Array;
  shift: number;
  /** Votes per article, all zero between calls. */
  votes: Uint32Array;
}

// Keyed by the hash table, so any RecognitionIndex (merged ones too) gets one.
const lookups = new WeakMap<Uint32Array, ContentLookup>();

/**
 * Bucket starts by the high bits of the sorted `hashes`, four to eight hashes a bucket on average
 * (a few more among the smallest, which every fingerprint has): a lookup reads one directory entry
 * and a cache line or two of hashes, where a binary search over 640,000 hashes misses the cache a
 * dozen times.
 */
function bucketStarts(hashes: Uint32Array): { starts: Uint32Array; shift: number } {
  const max = hashes.length ? (hashes[hashes.length - 1] as number) : 0;
  let shift = 31;
  while (shift > 0 && (max >>> shift) + 1 < hashes.length / 8) shift--;
  return { starts: bucketOffsets(hashes, shift), shift };
}

/** Where bucket b of the sorted `hashes` (those whose value >>> shift is b) starts, for every bucket up to the largest hash's, and then their end. */
export function bucketOffsets(hashes: Uint32Array, shift: number): Uint32Array {
  const buckets = hashes.length ? ((hashes[hashes.length - 1] as number) >>> shift) + 1 : 0;
  const starts = new Uint32Array(buckets + 1);
  let at = 0;
  for (let b = 0; b <= buckets; b++) {
    while (at < hashes.length && (hashes[at] as number) >>> shift < b) at++;
    starts[b] = at;
  }
  return starts;
}

function lookupOf(index: RecognitionIndex): ContentLookup {
  let lookup = lookups.get(index.hashes);
  if (!lookup) {
    lookup = { filter: hashFilter(index.hashes), ...bucketStarts(index.hashes), votes: new Uint32Array(index.ids.length) };
    lookups.set(index.hashes, lookup);
  }
  return lookup;
}

/** Loads a compiled index (its tables given already decoded, when read from binary files); throws with a reason when it is malformed. */
export function loadIndex(compiled: CompiledIndex, tables?: { hashes: Uint32Array; owners: Uint32Array }): RecognitionIndex {
  if (compiled.format !== 1) throw new Error(`unknown index format ${String(compiled.format)}`);
  const hashes = tables?.hashes ?? decodeWords(compiled.hashes);
  const owners = tables?.owners ?? decodeWords(compiled.owners);
  if (hashes.length !== owners.length) throw new Error('index hash and owner tables differ in length');
  return prepareIndex({ ids: compiled.ids, urls: new Map(Object.entries(compiled.urls)), hashes, owners, sizes: compiled.sizes });
}

/** The index with what recognition by content needs prepared now, not at the first page. */
export function prepareIndex(index: RecognitionIndex): RecognitionIndex {
  lookupOf(index);
  return index;
}

/** Whether the index's content lookup has been prepared (prepareIndex, or a recognition that prepared it). */
export function isPrepared(index: RecognitionIndex): boolean {
  // (Asking for `hashes` would join split ones.)
  return !index.split?.() && lookups.has(index.hashes);
}

/** Index of the first entry of the sorted `table` (hashes, or addresses) that is ≥ `key`. */
export function firstAtLeast<T extends number | string>(table: ArrayLike<T>, key: T): number {
  let lo = 0;
  let hi = table.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((table[mid] as T) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function byAddress(index: RecognitionIndex, address: string | null, base: string): number | undefined {
  if (!address) return undefined;
  const key = normalizeUrl(address, base);
  return key === null ? undefined : index.urls.get(key);
}

/**
 * Which article of the index the page is, if any: by address, canonical link, then content.
 * `unprepared`: on an index whose content lookup is not prepared yet, look the page's hashes up
 * by binary search instead of preparing it first (which takes 15–75 ms at 10,000 articles in a
 * background that just woke: its code runs cold); the answer is the same.
 */
export function recognize(signals: PageSignals, index: RecognitionIndex, unprepared: 'prepare' | 'search' = 'prepare'): Recognition | null {
  const own = byAddress(index, signals.url, signals.url);
  if (own !== undefined) return { id: index.ids[own] as string, matchedBy: 'url', score: 1 };
  const linked = byAddress(index, signals.canonical, signals.url) ?? byAddress(index, signals.ogUrl, signals.url);
  if (linked !== undefined) return { id: index.ids[linked] as string, matchedBy: 'canonical', score: 1 };
  const split = unprepared === 'search' ? (index.split?.() ?? null) : null;
  if (split) return bestByContent(index, searchSplit(split, index.owners, index.ids.length, signals.text));
  if (index.hashes.length === 0) return null;

  const lookup = unprepared === 'search' && !isPrepared(index) ? null : lookupOf(index);
  const votes = lookup?.votes ?? new Uint32Array(index.ids.length);
  const { hashes, owners } = index;
  // Most of a page's hashes cannot vote: fingerprints keep each article's smallest hashes, so many
  // lie above the index's largest, and the index's bitmap rules out most others. Those are not
  // even sorted, let alone looked up.
  const page = shingleHashes(signals.text, hashes[hashes.length - 1] as number, lookup?.filter ?? null);
  const voted: number[] = [];
  for (let i = 0; i < page.length; i++) {
    const hash = page[i] as number;
    const bucket = lookup ? hash >>> lookup.shift : 0;
    const from = lookup ? (lookup.starts[bucket] as number) : firstAtLeast(hashes, hash);
    const to = lookup ? (lookup.starts[bucket + 1] as number) : hashes.length;
    vote(hashes, from, to, hash, owners, votes, voted);
  }
  return bestByContent(index, { votes, voted });
}

/** Votes of the page's hashes in split hashes, each looked up in its high half's run of low halves. */
function searchSplit({ starts, lows }: SplitHashes, owners: Uint32Array | Uint16Array, articles: number, text: string): { votes: Uint32Array; voted: number[] } {
  const votes = new Uint32Array(articles);
  const voted: number[] = [];
  const highs = starts.length - 1;
  if (lows.length === 0) return { votes, voted };
  // The largest hash: in the last high half that holds any.
  let last = highs - 1;
  while (last > 0 && starts[last] === starts[last + 1]) last--;
  const page = shingleHashes(text, last * 0x10000 + (lows[lows.length - 1] as number), null);
  for (let i = 0; i < page.length; i++) {
    const hash = page[i] as number;
    const high = hash >>> 16;
    vote(lows, starts[high] as number, starts[high + 1] as number, hash & 0xffff, owners, votes, voted);
  }
  return { votes, voted };
}

/** Gives a vote to the owner of each entry equal to `key` in the sorted run table[from] up to table[to]. */
function vote(table: Uint32Array | Uint16Array, from: number, to: number, key: number, owners: Uint32Array | Uint16Array, votes: Uint32Array, voted: number[]): void {
  for (let at = from; at < to; at++) {
    const held = table[at] as number;
    if (held < key) continue;
    if (held > key) break;
    const owner = owners[at] as number;
    if (votes[owner] === 0) voted.push(owner);
    votes[owner] = (votes[owner] as number) + 1;
  }
}

/** The article with the best share of its fingerprint among the votes, if it has enough; leaves `votes` zero. */
function bestByContent(index: RecognitionIndex, { votes, voted }: { votes: Uint32Array; voted: readonly number[] }): Recognition | null {
  let best: Recognition | null = null;
  // In the order articles first got a vote, as the Map this replaces iterated (ties keep the first).
  for (const owner of voted) {
    const hits = votes[owner] as number;
    votes[owner] = 0;
    const size = index.sizes[owner] ?? 0;
    const score = size ? hits / size : 0;
    if (hits >= Math.min(MIN_CONTENT_HITS, size) && score >= MIN_CONTENT_SCORE && (!best || score > best.score)) {
      best = { id: index.ids[owner] as string, matchedBy: 'content', score: Math.round(score * 1000) / 1000 };
    }
  }
  return best;
}
