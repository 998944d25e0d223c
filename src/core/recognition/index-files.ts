// The bundled dataset's recognition index as the build ships it, in three files, so a background
// that wakes cold reads only what the page in front of it needs: the address table (a small JSON
// file) decides most pages; the fingerprint tables are little-endian binary, read without parsing
// (JSON.parse + base64 decoding of them took ~190 ms at 10,000 articles), only when a page's
// address decides nothing. A waking background recognising a page by its text waits on reading
// these tables (in Firefox the bytes arrive on the event page's main thread: 3.8 MB took about
// 70 ms at 10,000 articles before the split below), so they are kept small:
// - addresses.json: its sorted addresses front-coded (0.9 MB to 0.42 MB at 10,000 articles);
// - hashes: the sorted hashes split at their 16th bit, a directory of the high halves and then
//   only the low halves, 2 bytes a hash instead of 4 (1.2 MB less at 10,000 articles), searched
//   as they are by a background that just woke and joined into the Uint32 table when first used
//   (`withFingerprints`); a few articles' hashes as plain Uint32 words, which are smaller then.
// - owners: 2 bytes per hash (Uint16) when the index has at most 65,536 articles, 4
//   otherwise; which width it has follows from its length and the hashes'.
import { type AddressLookup, type CompiledIndex, type RecognitionIndex, type SplitHashes, bucketOffsets, firstAtLeast, prepareIndex } from './recognize';
import { decodeWords } from './base64';
import { type FrontCoded, frontCode, frontDecode } from './front-coding';

/**
 * The extension's files of the bundled index, under its data/ folder. The binary tables have no
 * file extension: Firefox types a file it serves from its own table of extensions
 * (nsExternalHelperAppService::GetTypeFromExtension: json, js, css, png and a few more) and, for
 * any other, asks the operating system, which in the event page's process is a synchronous call
 * to the parent process (PHandlerService::GetMIMEInfoFromOS). As `.bin` files, reading them held a
 * background that had just woken 10 to 40 ms before it could look at the page, while the parent
 * was busy with the tab's load (Gecko profiles, README "Where the budgets stand"). Without an extension
 * nothing is looked up (test/tooling/shipped-file-types.test.ts).
 */
export const INDEX_FILES = { addresses: 'data/addresses.json', hashes: 'data/hashes', owners: 'data/owners' } as const;

/**
 * data/addresses.json: the index without its fingerprint tables. The addresses and their articles
 * as arrays, not one object keyed by address: at 10,000 articles, JSON.parse of an object with
 * 10,000 keys and the Map made from its entries took 8–25 ms in Node (and more in a Firefox event
 * page that just started) on the way to a waking background's first recognition; arrays and the
 * same Map take 3–6 ms. The addresses are sorted and front-coded (front-coding.ts): at 10,000
 * articles the file is 0.42 MB instead of 0.9, read before any page can be recognised; looked up
 * by binary search in the sorted list, with no Map built (sortedAddresses).
 */
export interface AddressTable {
  format: 3;
  ids: string[];
  sizes: number[];
  /** Normalised addresses (normalizeUrl), sorted. */
  addresses: FrontCoded;
  /** The article (its position in `ids`) of the address at the same position. */
  articleOf: number[];
}

/** The largest number of articles whose owners table is written 2 bytes per hash. */
export const SHORT_OWNERS_MAX_ARTICLES = 65_536;

/** The three files of a compiled index. */
export function splitIndex(compiled: CompiledIndex): { addresses: AddressTable; hashes: Uint8Array; owners: Uint8Array } {
  const bytes = (base64: string, width: 2 | 4): Uint8Array => {
    const words = decodeWords(base64);
    const out = new Uint8Array(words.length * width);
    const view = new DataView(out.buffer);
    for (let i = 0; i < words.length; i++) {
      if (width === 4) view.setUint32(i * 4, words[i] as number, true);
      else view.setUint16(i * 2, words[i] as number, true);
    }
    return out;
  };
  const urls = Object.entries(compiled.urls).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hashes = hashesFile(decodeWords(compiled.hashes));
  const addresses: AddressTable = { format: 3, ids: compiled.ids, sizes: compiled.sizes, addresses: frontCode(urls.map(([address]) => address)), articleOf: urls.map(([, owner]) => owner) };
  return { addresses, hashes, owners: bytes(compiled.owners, compiled.ids.length <= SHORT_OWNERS_MAX_ARTICLES ? 2 : 4) };
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// The hashes file starts with a word saying how the sorted hashes follow: PLAIN_HASHES, as Uint32
// words; split at their 16th bit (hashesFile), with a directory of where each value of the high
// half starts (SPLIT_HASHES) or, smaller, of how many hashes have it (COUNTED_HASHES: one byte
// each, which holds while no 256 hashes share a high half; 72 KB to 18 KB at 10,000 articles,
// whose smallest-k hashes have 18,041 high halves). The smallest that holds the hashes is
// written: a few articles' are plain (a split's directory has an entry for every value of the
// high half up to the largest hash's).
const PLAIN_HASHES = 0;
const SPLIT_HASHES = 1;
const COUNTED_HASHES = 2;

/**
 * The hashes file from the sorted hashes. Split: the number of high halves B (the largest hash's high
 * half plus one); B + 1 Uint32 starts (hashes with high half b are at starts[b] up to
 * starts[b + 1]), or B one-byte counts and a byte to keep the next part 2-byte aligned when B is
 * odd; then each hash's low half as a Uint16.
 */
export function hashesFile(hashes: Uint32Array): Uint8Array {
  const starts = bucketOffsets(hashes, 16);
  const highs = starts.length - 1;
  let counted = true;
  for (let b = 0; b < highs && counted; b++) counted = (starts[b + 1] as number) - (starts[b] as number) <= 0xff;
  const directory = counted ? highs + (highs & 1) : 4 * (highs + 1);
  const split = 4 + directory + 2 * hashes.length < 4 * hashes.length;
  const out = new Uint8Array(4 + (split ? 4 + directory + 2 * hashes.length : 4 * hashes.length));
  const view = new DataView(out.buffer);
  view.setUint32(0, !split ? PLAIN_HASHES : counted ? COUNTED_HASHES : SPLIT_HASHES, true);
  if (!split) {
    hashes.forEach((hash, i) => view.setUint32(4 + 4 * i, hash, true));
    return out;
  }
  view.setUint32(4, highs, true);
  if (counted) for (let b = 0; b < highs; b++) out[8 + b] = (starts[b + 1] as number) - (starts[b] as number);
  else starts.forEach((start, b) => view.setUint32(4 * (b + 2), start, true));
  const lows = 8 + directory;
  for (let i = 0; i < hashes.length; i++) view.setUint16(lows + 2 * i, (hashes[i] as number) & 0xffff, true);
  return out;
}

/** The hash table from the hashes file (hashesFile), plain or split as written; throws when the file does not hold one. */
function hashTable(buffer: ArrayBuffer): Uint32Array | SplitHashes {
  const malformed = (): Error => new Error('malformed hash table');
  if (buffer.byteLength < 4) throw malformed();
  const view = new DataView(buffer);
  const kind = view.getUint32(0, true);
  if (kind === PLAIN_HASHES && buffer.byteLength % 4 === 0) return words(buffer.slice(4));
  if ((kind !== SPLIT_HASHES && kind !== COUNTED_HASHES) || buffer.byteLength < 8) throw malformed();
  const highs = view.getUint32(4, true);
  if (highs > 0x10000) throw malformed();
  const lowsAt = kind === COUNTED_HASHES ? 8 + highs + (highs & 1) : 4 * (highs + 3);
  if (lowsAt > buffer.byteLength || (buffer.byteLength - lowsAt) % 2 !== 0) throw malformed();
  const count = (buffer.byteLength - lowsAt) / 2;
  let starts: Uint32Array;
  if (kind === COUNTED_HASHES) {
    const counts = new Uint8Array(buffer, 8, highs);
    starts = new Uint32Array(highs + 1);
    for (let b = 0; b < highs; b++) starts[b + 1] = (starts[b] as number) + (counts[b] as number);
  } else {
    // Copy-free on little-endian machines (which browsers run on); read one by one elsewhere.
    starts = littleEndian ? new Uint32Array(buffer, 8, highs + 1) : Uint32Array.from({ length: highs + 1 }, (_, b) => view.getUint32(4 * (b + 2), true));
    if (starts[0] !== 0) throw malformed();
    for (let b = 0; b < highs; b++) if ((starts[b + 1] as number) < (starts[b] as number)) throw malformed();
  }
  if (starts[highs] !== count) throw malformed();
  const lows = littleEndian ? new Uint16Array(buffer, lowsAt, count) : Uint16Array.from({ length: count }, (_, i) => view.getUint16(lowsAt + 2 * i, true));
  return { starts, lows };
}

/** The sorted Uint32 table of split hashes (the index's `hashes`, made when first used). */
function joinHashes({ starts, lows }: SplitHashes): Uint32Array {
  const hashes = new Uint32Array(lows.length);
  for (let b = 0; b + 1 < starts.length; b++) {
    const high = b * 0x10000;
    for (let i = starts[b] as number; i < (starts[b + 1] as number); i++) hashes[i] = high + (lows[i] as number);
  }
  return hashes;
}

/** Little-endian words from a file's bytes (a copy-free view on little-endian machines, which browsers run on). */
function words(buffer: ArrayBuffer): Uint32Array {
  if (buffer.byteLength % 4 !== 0) throw new Error('word table has a partial word');
  if (littleEndian) return new Uint32Array(buffer);
  const view = new DataView(buffer);
  return Uint32Array.from({ length: buffer.byteLength / 4 }, (_, i) => view.getUint32(i * 4, true));
}

/** The owners table, 2 or 4 bytes per hash as its length says; throws when it fits neither. */
function ownersOf(buffer: ArrayBuffer, hashCount: number): Uint32Array | Uint16Array {
  if (buffer.byteLength === hashCount * 4) return words(buffer);
  if (buffer.byteLength !== hashCount * 2) throw new Error('index hash and owner tables differ in length');
  if (littleEndian) return new Uint16Array(buffer);
  const view = new DataView(buffer);
  return Uint16Array.from({ length: hashCount }, (_, i) => view.getUint16(i * 2, true));
}

/** An index that recognises by address and canonical link only (no fingerprint tables); throws when the table is malformed. */
export function addressIndex(table: AddressTable): RecognitionIndex {
  if (table.format !== 3) throw new Error(`unknown index format ${String(table.format)}`);
  const { ids, sizes, articleOf } = table;
  if (!Array.isArray(ids) || !Array.isArray(sizes) || !Array.isArray(articleOf) || ids.length !== sizes.length) throw new Error('malformed address table');
  const addresses = frontDecode(table.addresses);
  if (addresses.length !== articleOf.length) throw new Error('malformed address table');
  for (let i = 0; i < addresses.length; i++) {
    if (ids[articleOf[i] as number] === undefined || (i > 0 && !((addresses[i - 1] as string) < (addresses[i] as string)))) throw new Error('malformed address table');
  }
  return { ids, urls: sortedAddresses(addresses, articleOf), hashes: new Uint32Array(0), owners: new Uint32Array(0), sizes };
}

/**
 * The address lookup of sorted, distinct addresses, by binary search: a waking background makes
 * no Map of them (building one of 10,000 addresses took about 6 ms of a Firefox event page that
 * had just started, on the way to its first recognition: Gecko profile of 12 cold loads).
 */
function sortedAddresses(addresses: readonly string[], articleOf: readonly number[]): AddressLookup {
  return {
    get(address: string): number | undefined {
      const at = firstAtLeast(addresses, address);
      return addresses[at] === address ? articleOf[at] : undefined;
    },
    *[Symbol.iterator](): Generator<readonly [string, number]> {
      for (let i = 0; i < addresses.length; i++) yield [addresses[i] as string, articleOf[i] as number];
    },
  };
}

/** The whole index from its three files; throws with a reason when they do not fit together. */
export function indexFromFiles(table: AddressTable, hashes: ArrayBuffer, owners: ArrayBuffer): RecognitionIndex {
  return prepareIndex(withFingerprints(addressIndex(table), hashes, owners));
}

/**
 * The whole index: an address index (addressIndex) with the fingerprint tables read from their
 * files, its address lookup shared, not built again; its content lookup not prepared yet
 * (prepareIndex; recognize can search it unprepared).
 */
export function withFingerprints(addresses: RecognitionIndex, hashes: ArrayBuffer, owners: ArrayBuffer): RecognitionIndex {
  const table = hashTable(hashes);
  const { ids, urls, sizes } = addresses;
  if (table instanceof Uint32Array) return { ids, urls, hashes: table, owners: ownersOf(owners, table.length), sizes };
  // Joined only when first used (preparing the lookup, merging with packs): 11 ms at 10,000
  // articles in a Firefox event page that just woke, where recognition searches the split table.
  const o = ownersOf(owners, table.lows.length);
  let joined: Uint32Array | null = null;
  // Let go of once joined: the file's 1.35 MB at 10,000 articles need not stay beside the table.
  let split: SplitHashes | null = table;
  return {
    ids,
    urls,
    get hashes(): Uint32Array {
      if (!joined) {
        joined = joinHashes(split as SplitHashes);
        split = null;
      }
      return joined;
    },
    owners: o,
    sizes,
    split: () => split,
  };
}
