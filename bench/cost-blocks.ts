// Why the detector costs what it costs on a page not in the dataset: its building blocks, each
// as a tiny extension of its own in a Chromium of its own (sharing one, they disturb each other),
// measured the same way as cost.ts: the profiler's samples with the block's script on the stack.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { type Spread, extensionTimeByScript } from './cost';
import type { OtherPage } from './inputs';
import { median, quantile, round } from './lib/stats';
import { servePages } from './lib/server';

export interface BlockRow {
  block: string;
  does: string;
  perPage: Record<string, Spread>;
}

interface Block {
  name: string;
  does: string;
  code: string;
}

async function blocks(root: string): Promise<Block[]> {
  // The detector's own text reader, bundled as the extension bundles it.
  const reader = await build({
    stdin: { contents: `import { readSignalText } from './src/core/signals'; globalThis.readSignalText = readSignalText;`, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    target: 'chrome105',
    logLevel: 'warning',
  });
  const readText = reader.outputFiles[0]?.text ?? '';
  const send = (payload: string): string => `chrome.runtime.sendMessage({ kontekst: 1, type: 'content:detect', payload: ${payload} })`;
  return [
    { name: 'storage-read', does: 'reads storage.local (the minimal content script)', code: "chrome.storage.local.get('settings').then(() => undefined);" },
    { name: 'message', does: 'one runtime.sendMessage (address and links, no text)', code: `${send('{ url: location.href, canonical: null, ogUrl: null, text: null }')}.then(() => undefined, () => undefined);` },
    { name: 'read-text', does: 'readSignalText: the first 60,000 characters of text', code: `${readText}\nglobalThis.readSignalText(document);` },
    {
      name: 'message-then-text',
      does: "the detector's exchange on such a page: a message, then the text read and sent",
      code: `${readText}\n${send('{ url: location.href, canonical: null, ogUrl: null, text: null }')}.then(() => ${send('{ url: location.href, canonical: null, ogUrl: null, text: globalThis.readSignalText(document) }')}).then(() => undefined, () => undefined);`,
    },
    {
      name: 'watchers',
      does: 'a MutationObserver on the whole document and a storage.onChanged listener',
      code: 'new MutationObserver(() => undefined).observe(document.documentElement, { childList: true, subtree: true }); chrome.storage.onChanged.addListener(() => undefined);',
    },
    {
      name: 'link-queries',
      does: 'the two querySelector calls for the canonical link and og:url',
      code: `document.querySelector('link[rel~="canonical" i][href]'); document.querySelector('meta[property="og:url" i][content]');`,
    },
  ];
}

function spread(values: readonly number[]): Spread {
  return { medianMs: round(median(values), 3), p25Ms: round(quantile(values, 0.25), 3), p75Ms: round(quantile(values, 0.75), 3) };
}

/** Loads each page `loads` times (after two warm-up loads) with each block's extension alone. */
export async function measureBlocks(root: string, work: string, pages: readonly OtherPage[], loads: number, settleMs: number, log: (line: string) => void): Promise<BlockRow[]> {
  const served = new Map(pages.map((p) => [`/${p.name}.html`, p.html]));
  served.set('/blank.html', '<!doctype html><title>blank</title><p>blank</p>');
  const server = await servePages(served);
  const rows: BlockRow[] = [];
  try {
    for (const b of await blocks(root)) {
      const dir = join(work, `block-${b.name}`);
      mkdirSync(dir, { recursive: true });
      const manifest = {
        manifest_version: 3,
        name: `block ${b.name}`,
        version: '1.0.0',
        permissions: ['storage'],
        background: { service_worker: 'bg.js' },
        content_scripts: [{ matches: ['http://*/*'], js: [`${b.name}.js`], run_at: 'document_idle' }],
      };
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
      // Answers like Kontekst's background on a page it does not know: first ask for the text, then nothing.
      writeFileSync(join(dir, 'bg.js'), "chrome.runtime.onMessage.addListener((m, s, reply) => { reply({ action: m?.payload?.text == null ? 'need-text' : 'none' }); });");
      writeFileSync(join(dir, `${b.name}.js`), b.code);
      const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--disable-extensions-except=${dir}`, `--load-extension=${dir}`];
      const context = await chromium.launchPersistentContext(join(work, `profile-block-${b.name}`), { executablePath: '/usr/bin/chromium', headless: true, args });
      const samples = new Map(pages.map((p) => [p.name, [] as number[]]));
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        const cdp = await context.newCDPSession(page);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
        for (let i = 0; i < loads + 2; i++) {
          for (const p of pages) {
            await page.goto(`${server.origin}/blank.html`, { waitUntil: 'load' });
            await page.waitForTimeout(100);
            await cdp.send('Profiler.start');
            await page.goto(`${server.origin}/${p.name}.html`, { waitUntil: 'load' });
            await page.waitForTimeout(settleMs);
            const { profile } = (await cdp.send('Profiler.stop')) as { profile: Parameters<typeof extensionTimeByScript>[0] };
            if (i < 2) continue;
            let ms = 0;
            for (const t of extensionTimeByScript(profile).values()) ms += t;
            samples.get(p.name)?.push(ms);
          }
        }
      } finally {
        await context.close();
      }
      const row = { block: b.name, does: b.does, perPage: Object.fromEntries(pages.map((p) => [p.name, spread(samples.get(p.name) ?? [])])) };
      rows.push(row);
      log(`  ${row.block}: ${pages.map((p) => `${p.name} ${row.perPage[p.name]?.medianMs} ms`).join(', ')}`);
    }
    return rows;
  } finally {
    await server.close();
  }
}
