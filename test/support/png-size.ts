// The size of a PNG as a store reads it.

/** Width and height from a PNG's IHDR chunk, or null for anything that is not a PNG. */
export function pngSize(data: Buffer): { width: number; height: number } | null {
  if (!data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}
