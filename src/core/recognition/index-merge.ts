import type { RecognitionIndex } from './recognize';

/**
 * One recognition index over several: recognising against it gives what recognising against
 * each and keeping the best (address before canonical link before content) would, in one pass.
 * Article ids must be unique across the indexes (packs are checked for that).
 */
export function mergeIndexes(indexes: readonly RecognitionIndex[]): RecognitionIndex {
  if (indexes.length === 1) return indexes[0] as RecognitionIndex;
  const ids: string[] = [];
  const urls = new Map<string, number>();
  const sizes: number[] = [];
  const offsets: number[] = [];
  let total = 0;
  for (const index of indexes) {
    offsets.push(ids.length);
    // Earlier indexes win an address (the bundled dataset comes first); packs cannot repeat one anyway.
    for (const [address, owner] of index.urls) if (!urls.has(address)) urls.set(address, owner + ids.length);
    ids.push(...index.ids);
    sizes.push(...index.sizes);
    total += index.hashes.length;
  }
  // Each index is sorted by hash (then owner): a k-way merge keeps that order in one linear pass.
  // On equal hashes the earlier index goes first, and its owners are the smaller ones.
  const hashes = new Uint32Array(total);
  const owners = new Uint32Array(total);
  const heads = indexes.map(() => 0);
  for (let out = 0; out < total; out++) {
    let pick = -1;
    for (let k = 0; k < indexes.length; k++) {
      const index = indexes[k] as RecognitionIndex;
      const head = heads[k] as number;
      if (head < index.hashes.length && (pick < 0 || (index.hashes[head] as number) < ((indexes[pick] as RecognitionIndex).hashes[heads[pick] as number] as number))) pick = k;
    }
    const from = indexes[pick] as RecognitionIndex;
    const at = heads[pick] as number;
    hashes[out] = from.hashes[at] as number;
    owners[out] = (from.owners[at] as number) + (offsets[pick] as number);
    heads[pick] = at + 1;
  }
  return { ids, urls, hashes, owners, sizes };
}
