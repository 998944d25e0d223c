#!/usr/bin/env node
// Takes the README's screenshots: the article with its marks, an open card, and the popup,
// in light and dark mode, in headless Chromium with dist/chrome loaded. The saved copy of the
// article is served from a local server at its real address (--host-resolver-rules).
// Run after `npm run build`:  node docs/screenshots/take.mjs
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'docs/screenshots');
const EXTENSION = join(ROOT, 'dist/chrome');
const ARTICLE = 'http://jyllands-posten.dk/international/europa/ECE10772669/putin-har-inviteret-trump-til-moskva/';
const PAGE = readFileSync(join(ROOT, 'src/dataset/saved/jp-2018-07-27-putin-inviterer-trump.html'), 'utf8');
/** The claim whose card the screenshots open. */
const CARD_CLAIM = 'Ifølge Putin er både han';
const LANG = process.env.KONTEKST_LANG ?? 'en-GB';
// The saved copy has no dark theme of its own. For the dark screenshots the page gets one, as
// many news sites do, so they show the marks and the card on a dark page; the marks do not
// depend on it (their colours read on light and dark backgrounds alike).
const SITE_DARK_THEME = `@media (prefers-color-scheme: dark) {
  body { background: #141518; color: #e4e4e4; }
  .site-header { border-color: #e4e4e4; }
  .site-header .logo, .site-nav a { color: #e4e4e4; }
  .byline, .site-footer, .site-footer a { color: #a0a0a0; }
  .byline { border-color: #333; }
  article p a { color: #8cb8ff; }
  .ad { background: #202226; color: #777; }
  .related { background: #1b1c20; }
  .related a { color: #8cb8ff; }
}`;

const server = createServer((req, res) => {
  const known = req.url?.startsWith('/international/europa/ECE10772669/');
  res.writeHead(known ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
  res.end(known ? PAGE : 'not found');
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const port = server.address().port;

const profile = mkdtempSync(join(tmpdir(), 'kontekst-shots-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  locale: LANG,
  viewport: { width: 1100, height: 900 },
  deviceScaleFactor: 1,
  args: [
    `--disable-extensions-except=${EXTENSION}`,
    `--load-extension=${EXTENSION}`,
    `--host-resolver-rules=MAP jyllands-posten.dk 127.0.0.1:${port}`,
    `--lang=${LANG}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const page = await context.newPage();
  await page.goto(ARTICLE);
  await page.addStyleTag({ content: SITE_DARK_THEME });
  // Marked once the annotator has filled our highlight (the registry is shared with the page's world).
  await page.waitForFunction(() => (CSS.highlights.get('kontekst-claim')?.size ?? 0) > 0, null, { timeout: 15_000 });
  const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({ url: `${url}*` }))[0]?.id, ARTICLE.replace(/\/$/, ''));

  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    // Close the previous pass's card, then move away (after Escape a card stays shut while the pointer rests on its claim).
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(OUT, `article-marks-${scheme}.png`) });

    // Hover the claim until its card opens (500 ms), as a reader would.
    const point = await page.evaluate((quote) => {
      for (const range of CSS.highlights.get('kontekst-claim')) {
        if (!range.toString().includes(quote)) continue;
        range.startContainer.parentElement.scrollIntoView({ block: 'nearest' });
        const rect = range.getClientRects()[0];
        return { x: rect.left + 40, y: rect.top + rect.height / 2 };
      }
      throw new Error('claim not marked');
    }, CARD_CLAIM);
    await page.mouse.move(point.x - 30, point.y);
    await page.mouse.move(point.x, point.y, { steps: 4 });
    await page.waitForFunction(() => document.querySelector('kontekst-card') !== null, null, { timeout: 5000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, `card-${scheme}.png`) });

    const popup = await context.newPage();
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.setViewportSize({ width: 340, height: 200 });
    await popup.goto(`chrome-extension://${extensionId}/popup/popup.html?tab=${tabId}`);
    await popup.waitForSelector('#claims button');
    await popup.locator('.popup').screenshot({ path: join(OUT, `popup-${scheme}.png`) });
    await popup.close();
  }
  console.log(`wrote docs/screenshots/{article-marks,card,popup}-{light,dark}.png (${LANG})`);
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
