#!/usr/bin/env node
// Takes the README's screenshots: the article with its marks, an open card, and the popup,
// in light and dark mode, in headless Chromium with dist/chrome loaded. The saved copy of the
// article is served from a local server at its real address (--host-resolver-rules).
// Run after `npm run build`:  node docs/screenshots/take.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { hoverUntilCard, launchWithExtension, popupImage, waitForMarks } from './shots.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'docs/screenshots');
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

const browser = await launchWithExtension({ port: server.address().port, lang: LANG, viewport: { width: 1100, height: 900 } });
try {
  const page = await browser.context.newPage();
  await page.goto(ARTICLE);
  await page.addStyleTag({ content: SITE_DARK_THEME });
  await waitForMarks(page);

  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    // Close the previous pass's card, then move away (after Escape a card stays shut while the pointer rests on its claim).
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(OUT, `article-marks-${scheme}.png`) });
    await hoverUntilCard(page, CARD_CLAIM);
    await page.screenshot({ path: join(OUT, `card-${scheme}.png`) });
    writeFileSync(join(OUT, `popup-${scheme}.png`), await popupImage(browser, ARTICLE, scheme));
  }
  console.log(`wrote docs/screenshots/{article-marks,card,popup}-{light,dark}.png (${LANG})`);
} finally {
  await browser.close();
  server.close();
}
