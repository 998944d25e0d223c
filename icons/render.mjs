#!/usr/bin/env node
// Regenerates the Kontekst extension icon PNGs from the SVG sources with
// headless Chromium. No npm dependencies.
//
//   node icons/render.mjs            (CHROMIUM=/path/to/chromium to override)
//
// Each size is rendered by inlining the SVG at exactly N x N CSS px, at (0,0),
// zero margin, transparent background, device scale factor 1.
//
// Why a fixed 256 x 256 window plus a crop instead of --window-size=N,N:
// Chromium 156's headless mode returns a mostly blank screenshot when the window
// height is between ~88 and ~143 px (at 96x96 only the top 9 rows paint, at
// 128x128 the top 41), because the real viewport is the window minus ~87 px of
// invisible browser UI. 256 x 256 is clear of that range, so every icon is
// screenshotted there and the top-left N x N is cropped out with node:zlib.
// For 16/32/48 this gives byte-identical pixels to a --window-size=N,N render.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateSync, deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// size -> source SVG. 16 and 32 use the pixel-grid-aligned simplified artwork.
const targets = [
  [16, 'icon-small.svg'],
  [32, 'icon-small.svg'],
  [48, 'icon.svg'],
  [96, 'icon.svg'],
  [128, 'icon.svg'],
];
const WINDOW = 256;

const chromium = process.env.CHROMIUM ||
  (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : 'chromium');

// --- minimal PNG codec: 8-bit RGBA, non-interlaced (what Chromium writes) ---
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function decodePng(buf) {
  let pos = 8, width, height;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 6 || data[12] !== 0) {
        throw new Error(`unexpected PNG format (bit depth ${data[8]}, colour type ${data[9]}, interlace ${data[12]})`);
      }
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const up = y ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? row[x - 4] : 0, b = up[x], c = x >= 4 ? up[x - 4] : 0;
      let p;
      switch (filter) {
        case 0: p = 0; break;
        case 1: p = a; break;
        case 2: p = b; break;
        case 3: p = (a + b) >> 1; break;
        case 4: {
          const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
          p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c; break;
        }
        default: throw new Error(`bad PNG filter ${filter}`);
      }
      row[x] = (src[x] + p) & 0xff;
    }
  }
  return { width, height, pixels };
}

function encodePng(width, height, pixels) {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) pixels.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- render ---
const work = mkdtempSync(join(tmpdir(), 'kontekst-icons-'));
try {
  for (const [size, src] of targets) {
    const svg = readFileSync(join(here, src), 'utf8').replace(/<\?xml[^>]*>\s*/, '');
    // Inline the SVG (no <img>): it is part of the DOM and painted in the first
    // frame, so the screenshot cannot race an async image decode.
    const html = `<!doctype html><html><head><meta charset="utf-8"><style>
html,body{margin:0;padding:0;background:transparent;overflow:hidden}
svg{display:block;width:${size}px;height:${size}px}
</style></head><body>${svg}</body></html>`;
    const page = join(work, `icon-${size}.html`);
    const shot = join(work, `shot-${size}.png`);
    writeFileSync(page, html);
    execFileSync(chromium, [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--hide-scrollbars', '--default-background-color=00000000',
      '--force-device-scale-factor=1',
      `--user-data-dir=${join(work, 'profile')}`,
      `--window-size=${WINDOW},${WINDOW}`,
      `--screenshot=${shot}`,
      pathToFileURL(page).href,
    ], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
    if (!existsSync(shot)) throw new Error(`chromium did not write a screenshot for ${size}px`);

    const { width, height, pixels } = decodePng(readFileSync(shot));
    if (width !== WINDOW || height !== WINDOW) {
      throw new Error(`screenshot is ${width}x${height}, expected ${WINDOW}x${WINDOW}`);
    }
    // Sanity: nothing may be painted outside the icon square, and the icon must
    // have painted on most of its rows (guards against blank/partial captures).
    const crop = Buffer.alloc(size * size * 4);
    let outside = 0, paintedRows = 0;
    for (let y = 0; y < WINDOW; y++) {
      let rowPainted = false;
      for (let x = 0; x < WINDOW; x++) {
        const alpha = pixels[(y * WINDOW + x) * 4 + 3];
        if (x < size && y < size) rowPainted ||= alpha > 0;
        else if (alpha) outside++;
      }
      if (y < size) {
        pixels.copy(crop, y * size * 4, y * WINDOW * 4, (y * WINDOW + size) * 4);
        if (rowPainted) paintedRows++;
      }
    }
    if (outside) throw new Error(`${size}px: ${outside} painted pixels outside the icon square`);
    if (paintedRows < size / 2) throw new Error(`${size}px: only ${paintedRows}/${size} rows painted; capture looks blank or partial`);

    const out = join(here, `icon-${size}.png`);
    const png = encodePng(size, size, crop);
    writeFileSync(out, png);
    console.log(`wrote ${relative(process.cwd(), out) || out} (${size}x${size}, from ${src}, ${png.length} bytes)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
