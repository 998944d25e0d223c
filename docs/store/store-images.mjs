#!/usr/bin/env node
// The store images, from the real extension: npm run store-images (it builds first).
// Headless Chromium with dist/chrome loaded, English UI, the demo pages of `npm start` served
// at their real addresses; writes docs/store/images/:
//   screenshot-1-marks.png, screenshot-2-card.png, screenshot-3-popup.png   1280x800 (both stores)
//   promo-small.png                                                          440x280 (Chrome's small promo tile)
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

register('../../test/start/ts-hooks.mjs', import.meta.url);
const { startFixtureServer } = await import('../../test/e2e/support/server.ts');
const { CHROMIUM } = await import('../../test/e2e/support/browser-paths.ts');
const { demoPages, demoRoutes, startPage } = await import('../../test/start/demo-pages.ts');

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'docs/store/images');
const EXTENSION = join(ROOT, 'dist/chrome');
const SIZE = { width: 1280, height: 800 };
const ARTICLE = demoPages.find((demo) => demo.name === 'article').url;
/** The claim whose card the screenshots open (its first note reads well at a glance). */
const CARD_CLAIM = 'Ifølge Putin er både han';

const server = await startFixtureServer(demoRoutes(startPage('Chromium', false)));
const profile = mkdtempSync(join(tmpdir(), 'kontekst-store-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  locale: 'en-GB',
  viewport: SIZE,
  deviceScaleFactor: 1,
  args: [
    `--disable-extensions-except=${EXTENSION}`,
    `--load-extension=${EXTENSION}`,
    `--host-resolver-rules=MAP * 127.0.0.1:${server.port}`,
    '--lang=en-GB',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

try {
  mkdirSync(OUT, { recursive: true });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const page = await context.newPage();
  await page.goto(ARTICLE);
  await page.waitForFunction(() => (CSS.highlights.get('kontekst-claim')?.size ?? 0) > 0, null, { timeout: 15_000 });
  await page.mouse.move(5, 5);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, 'screenshot-1-marks.png') });

  // Hover the claim until its card opens (500 ms), as a reader would.
  const point = await page.evaluate((quote) => {
    for (const range of CSS.highlights.get('kontekst-claim')) {
      if (!range.toString().includes(quote)) continue;
      range.startContainer.parentElement.scrollIntoView({ block: 'center' });
      const rect = range.getClientRects()[0];
      return { x: rect.left + 60, y: rect.top + rect.height / 2 };
    }
    throw new Error('claim not marked');
  }, CARD_CLAIM);
  await page.mouse.move(point.x - 30, point.y);
  await page.mouse.move(point.x, point.y, { steps: 4 });
  await page.waitForFunction(() => document.querySelector('kontekst-card') !== null, null, { timeout: 5000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, 'screenshot-2-card.png') });
  // Around the hovered claim, where the card opens (its host has no box of its own: the card is in its shadow root).
  const card = await page.screenshot({ clip: { x: Math.max(0, point.x - 80), y: Math.max(0, point.y - 24), width: 640, height: 400 } });

  // The popup as it opens from the toolbar button, over the marked article (top right, where the button is).
  const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({ url: `${url}*` }))[0]?.id, ARTICLE.replace(/\/$/, ''));
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 340, height: 200 });
  await popup.goto(`chrome-extension://${extensionId}/popup/popup.html?tab=${tabId}`);
  await popup.waitForSelector('#claims button');
  const popupImage = await popup.locator('.popup').screenshot();
  await popup.close();
  await page.keyboard.press('Escape');
  await page.mouse.move(5, 5);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(400);
  const behind = await page.screenshot();
  await composite(context, join(OUT, 'screenshot-3-popup.png'), SIZE, `
    <img src="${dataUrl(behind)}" style="position:absolute;inset:0">
    <img src="${dataUrl(popupImage)}" style="position:absolute;top:8px;right:16px;border-radius:8px;box-shadow:0 6px 24px rgba(0,0,0,.35)">`);

  // Small promo tile: the icon, the name, the promise, and the real card, cropped.
  const icon = readFileSync(join(ROOT, 'icons/icon-128.png'));
  await composite(context, join(OUT, 'promo-small.png'), { width: 440, height: 280 }, `
    <div style="position:absolute;inset:0;background:linear-gradient(135deg,#1f4e8c,#163a69)"></div>
    <img src="${dataUrl(icon)}" width="64" height="64" style="position:absolute;left:24px;top:24px">
    <div style="position:absolute;left:100px;top:26px;color:#fff;font:700 34px/1.1 system-ui,sans-serif">Kontekst</div>
    <div style="position:absolute;left:100px;top:66px;right:20px;color:#dce7f7;font:15px/1.3 system-ui,sans-serif">Context notes on the news you read</div>
    <div style="position:absolute;left:24px;right:24px;top:112px;bottom:0;overflow:hidden;border-radius:8px 8px 0 0;background:#fff">
      <img src="${dataUrl(card)}" style="width:100%;display:block">
    </div>`);
  console.log(`wrote ${OUT}/: screenshot-1-marks.png, screenshot-2-card.png, screenshot-3-popup.png (1280x800), promo-small.png (440x280)`);
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}

function dataUrl(png) {
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** Renders `html` on a page of exactly `size` and saves it as a PNG. */
async function composite(context, path, size, html) {
  const page = await context.newPage();
  await page.setViewportSize(size);
  await page.setContent(`<!doctype html><body style="margin:0;overflow:hidden">${html}</body>`);
  await page.evaluate(() => Promise.all([...document.images].map((image) => image.decode())));
  await page.screenshot({ path });
  await page.close();
}
