#!/usr/bin/env node
// The store images, from the real extension: npm run store-images (it builds first).
// Headless Chromium with dist/chrome loaded, English UI, the demo pages of `npm start` served
// at their real addresses; writes docs/store/images/:
//   screenshot-1-marks.png, screenshot-2-card.png, screenshot-3-popup.png   1280x800 (both stores)
//   promo-small.png                                                          440x280 (Chrome's small promo tile)
import { mkdirSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { join, resolve } from 'node:path';
import { hoverUntilCard, launchWithExtension, popupImage, waitForMarks } from '../screenshots/shots.mjs';

register('../../test/start/ts-hooks.mjs', import.meta.url);
const { startFixtureServer } = await import('../../test/e2e/support/server.ts');
const { demoPages, demoRoutes, startPage } = await import('../../test/start/demo-pages.ts');

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'docs/store/images');
const SIZE = { width: 1280, height: 800 };
const ARTICLE = demoPages.find((demo) => demo.name === 'article').url;
/** The claim whose card the screenshots open (its first note reads well at a glance). */
const CARD_CLAIM = 'Ifølge Putin er både han';

const server = await startFixtureServer(demoRoutes(startPage('Chromium', false)));
const browser = await launchWithExtension({ port: server.port, lang: 'en-GB', viewport: SIZE });

try {
  mkdirSync(OUT, { recursive: true });
  const page = await browser.context.newPage();
  await page.goto(ARTICLE);
  await waitForMarks(page);
  await page.mouse.move(5, 5);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, 'screenshot-1-marks.png') });

  const point = await hoverUntilCard(page, CARD_CLAIM, 'center');
  await page.screenshot({ path: join(OUT, 'screenshot-2-card.png') });
  // Around the hovered claim, where the card opens (its host has no box of its own: the card is in its shadow root).
  const card = await page.screenshot({ clip: { x: Math.max(0, point.x - 60), y: Math.max(0, point.y - 24), width: 640, height: 400 } });

  // The popup as it opens from the toolbar button, over the marked article (top right, where the button is).
  const popup = await popupImage(browser, ARTICLE);
  await page.keyboard.press('Escape');
  await page.mouse.move(5, 5);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(400);
  const behind = await page.screenshot();
  await composite(browser.context, join(OUT, 'screenshot-3-popup.png'), SIZE, `
    <img src="${dataUrl(behind)}" style="position:absolute;inset:0">
    <img src="${dataUrl(popup)}" style="position:absolute;top:8px;right:16px;border-radius:8px;box-shadow:0 6px 24px rgba(0,0,0,.35)">`);

  // Small promo tile: the icon, the name, the promise, and the real card, cropped.
  const icon = readFileSync(join(ROOT, 'icons/icon-128.png'));
  await composite(browser.context, join(OUT, 'promo-small.png'), { width: 440, height: 280 }, `
    <div style="position:absolute;inset:0;background:linear-gradient(135deg,#1f4e8c,#163a69)"></div>
    <img src="${dataUrl(icon)}" width="64" height="64" style="position:absolute;left:24px;top:24px">
    <div style="position:absolute;left:100px;top:26px;color:#fff;font:700 34px/1.1 system-ui,sans-serif">Kontekst</div>
    <div style="position:absolute;left:100px;top:66px;right:20px;color:#dce7f7;font:15px/1.3 system-ui,sans-serif">Context notes on the news you read</div>
    <div style="position:absolute;left:24px;right:24px;top:112px;bottom:0;overflow:hidden;border-radius:8px 8px 0 0;background:#fff">
      <img src="${dataUrl(card)}" style="width:100%;display:block">
    </div>`);
  console.log(`wrote ${OUT}/: screenshot-1-marks.png, screenshot-2-card.png, screenshot-3-popup.png (1280x800), promo-small.png (440x280)`);
} finally {
  await browser.close();
  await server.close();
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
