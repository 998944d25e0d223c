// What the README's screenshots (take.mjs) and the store images (docs/store/store-images.mjs)
// both do with the real extension: headless Chromium with dist/chrome loaded and every host name
// mapped to a local server, a claim hovered until its card opens, the popup for a tab.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');

/** Chromium with dist/chrome, `lang` as its UI language, every host answered by the server on `port`. */
export async function launchWithExtension({ port, lang, viewport }) {
  const extension = join(ROOT, 'dist/chrome');
  const profile = mkdtempSync(join(tmpdir(), 'kontekst-shots-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    locale: lang,
    viewport,
    deviceScaleFactor: 1,
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      `--host-resolver-rules=MAP * 127.0.0.1:${port}`,
      `--lang=${lang}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return {
    context,
    worker,
    extensionId: new URL(worker.url()).host,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until Kontekst has marked claims on `page` (the highlight registry is shared with the page's world). */
export function waitForMarks(page) {
  return page.waitForFunction(() => (CSS.highlights.get('kontekst-claim')?.size ?? 0) > 0, null, { timeout: 15_000 });
}

/** Hovers the marked claim that contains `quote` until its card opens (500 ms), as a reader would; returns the point. */
export async function hoverUntilCard(page, quote, block = 'nearest') {
  const point = await page.evaluate(([text, where]) => {
    // The page's registry holds StaticRange copies (src/content/marks.ts): a live range measures.
    for (const copy of CSS.highlights.get('kontekst-claim')) {
      const range = document.createRange();
      range.setStart(copy.startContainer, copy.startOffset);
      range.setEnd(copy.endContainer, copy.endOffset);
      if (!range.toString().includes(text)) continue;
      range.startContainer.parentElement.scrollIntoView({ block: where });
      const rect = range.getClientRects()[0];
      return { x: rect.left + 40, y: rect.top + rect.height / 2 };
    }
    throw new Error('claim not marked');
  }, [quote, block]);
  await page.mouse.move(point.x - 30, point.y);
  await page.mouse.move(point.x, point.y, { steps: 4 });
  await page.waitForFunction(() => document.querySelector('kontekst-card') !== null, null, { timeout: 5000 });
  await page.waitForTimeout(300);
  return point;
}

/** The popup for the tab showing `url`, as an image of its panel. */
export async function popupImage({ context, worker, extensionId }, url, scheme = 'light') {
  const tabId = await worker.evaluate(async (prefix) => (await chrome.tabs.query({ url: `${prefix}*` }))[0]?.id, url.replace(/\/$/, ''));
  const popup = await context.newPage();
  await popup.emulateMedia({ colorScheme: scheme });
  await popup.setViewportSize({ width: 340, height: 200 });
  await popup.goto(`chrome-extension://${extensionId}/popup/popup.html?tab=${tabId}`);
  await popup.waitForSelector('#claims button');
  const image = await popup.locator('.popup').screenshot();
  await popup.close();
  return image;
}
