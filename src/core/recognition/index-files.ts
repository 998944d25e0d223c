// The bundled dataset's recognition index as the build ships it, in three files, so a background
// that wakes cold reads only what the page in front of it needs: the address table (a small JSON
// file) decides most pages; the fingerprint tables are raw little-endian Uint32 arrays, read
// without parsing or decoding (JSON.parse + base64 decoding of them took ~190 ms at 10,000
// articles), only when a page's address decides nothing. The owners table holds 2 bytes per hash
// (Uint16) when the index has at most 65,536 articles, 4 otherwise: a waking Firefox background
// recognising a page by its text waits on reading these tables, and at 10,000 articles 2-byte
// owners are ~1.2 MB less of them. Which width a file has follows from its length and the hashes'.
import { type CompiledIndex, type RecognitionIndex, prepareIndex } from './recognize';
import { decodeWords } from './base64';

/** The extension's files of the bundled index, under its data/ folder. */
export const INDEX_FILES = { addresses: 'data/addresses.json', hashes: 'data/hashes.bin', owners: 'data/owners.bin' } as const;

/**
 * data/addresses.json: the index without its fingerprint tables. The addresses and their articles
 * as two arrays, not one object keyed by address: at 10,000 articles, JSON.parse of an object with
 * 10,000 keys and the Map made from its entries took 8–25 ms in Node (and more in a Firefox event
 * page that just started) on the way to a waking background's first recognition; the two arrays
 * and the same Map take 3–6 ms.
 */
export interface AddressTable {
  format: 2;
  ids: string[];
  sizes: number[];
  /** Normalised addresses (normalizeUrl). */
  addresses: string[];
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
  const urls = Object.entries(compiled.urls);
  const addresses: AddressTable = { format: 2, ids: compiled.ids, sizes: compiled.sizes, addresses: urls.map(([address]) => address), articleOf: urls.map(([, owner]) => owner) };
  return { addresses, hashes: bytes(compiled.hashes, 4), owners: bytes(compiled.owners, compiled.ids.length <= SHORT_OWNERS_MAX_ARTICLES ? 2 : 4) };
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

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

function checkTable(table: AddressTable): void {
  if (table.format !== 2) throw new Error(`unknown index format ${String(table.format)}`);
  if (!Array.isArray(table.ids) || !Array.isArray(table.sizes) || !Array.isArray(table.addresses) || !Array.isArray(table.articleOf) || table.addresses.length !== table.articleOf.length) throw new Error('malformed address table');
}

/** An index that recognises by address and canonical link only (no fingerprint tables). */
export function addressIndex(table: AddressTable): RecognitionIndex {
  checkTable(table);
  const urls = new Map<string, number>();
  const { addresses, articleOf } = table;
  for (let i = 0; i < addresses.length; i++) urls.set(addresses[i] as string, articleOf[i] as number);
  return { ids: table.ids, urls, hashes: new Uint32Array(0), owners: new Uint32Array(0), sizes: table.sizes };
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
  const h = words(hashes);
  const o = ownersOf(owners, h.length);
  return { ids: addresses.ids, urls: addresses.urls, hashes: h, owners: o, sizes: addresses.sizes };
}
