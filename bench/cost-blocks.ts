// Why Kontekst costs what it costs on a page not in the dataset: its building blocks, each as a
// tiny extension of its own in a Chromium of its own (sharing one, they disturb each other),
// measured the same way as cost.ts: the profiler's samples with the block's code on the stack.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleSnippet } from './lib/bundle';
import { chromium } from 'playwright-core';
import { type Spread, extensionTimeByScript, spread } from './cost';
import type { OtherPage } from './inputs';
import { servePages } from './lib/page-server';

export interface BlockRow {
  block: string;
  does: string;
  perPage: Record<string, Spread>;
}

interface Block {
  name: string;
  does: string;
  /** A content script run at document_idle on every page... */
  contentScript?: string;
  /** ...or a background script (that runs functions in pages). */
  background?: string;
}

/** Bundles a block's background: on every web page that finishes loading, it runs `onLoad` (code using `tabId`). */
function background(root: string, imports: string, onLoad: string): string {
  return bundleSnippet(
    root,
    `${imports}\nchrome.tabs.onUpdated.addListener((tabId, change, tab) => { if (change.status !== 'complete' || !/^https?:/.test(tab.url ?? '')) return; const target = { tabId, frameIds: [0] }; ${onLoad} });`,
  );
}

function blocks(root: string): Block[] {
  // Kontekst's own functions, bundled as the extension bundles them.
  const imports = `import { readPageFacts, SIGNAL_WORD_LIMIT } from './src/injected/read-page-facts';`;
  const run = (func: string, args = ''): string => `chrome.scripting.executeScript({ target, func: ${func}${args ? `, args: [${args}]` : ''} }).catch(() => undefined)`;
  return [
    { name: 'storage-read', does: 'a content script that reads storage.local (the minimal extension)', contentScript: "chrome.storage.local.get('settings').then(() => undefined);" },
    { name: 'injection', does: 'the background runs an empty function in the page (scripting.executeScript)', background: background(root, '', `${run('function nothing() {}')};`) },
    {
      name: 'first-dom-read',
      does: "the background runs a function that only reads document.head: an isolated world's first DOM access",
      background: background(root, '', `${run('function firstDomRead() { return document.head !== null; }')};`),
    },
    { name: 'read-facts', does: 'the background runs readPageFacts: links from the head, 6,000 words of the main text', background: background(root, imports, `${run('readPageFacts', 'SIGNAL_WORD_LIMIT')};`) },
    {
      name: 'kontekst-probe',
      does: 'readPageFacts leaving the growth watcher (one MutationObserver) in the same injection, as Kontekst runs it on a page its address does not decide',
      background: background(root, imports, `${run('readPageFacts', 'SIGNAL_WORD_LIMIT, null, null, 1500')};`),
    },
  ];
}


/** Loads each page `loads` times (after two warm-up loads) with each block's extension alone. */
export async function measureBlocks(root: string, work: string, pages: readonly OtherPage[], loads: number, settleMs: number, log: (line: string) => void): Promise<BlockRow[]> {
  const served = new Map(pages.map((p) => [`/${p.name}.html`, p.html]));
  served.set('/blank.html', '<!doctype html><title>blank</title><p>blank</p>');
  const server = await servePages(served);
  const rows: BlockRow[] = [];
  try {
    for (const b of blocks(root)) {
      const dir = join(work, `block-${b.name}`);
      mkdirSync(dir, { recursive: true });
      const manifest = {
        manifest_version: 3,
        name: `block ${b.name}`,
        version: '1.0.0',
        permissions: ['storage', 'scripting'],
        host_permissions: ['http://*/*'],
        background: { service_worker: 'bg.js' },
        ...(b.contentScript ? { content_scripts: [{ matches: ['http://*/*'], js: ['cs.js'], run_at: 'document_idle' }] } : {}),
      };
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
      writeFileSync(join(dir, 'bg.js'), b.background ?? '');
      if (b.contentScript) writeFileSync(join(dir, 'cs.js'), b.contentScript);
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
