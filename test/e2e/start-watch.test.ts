// `npm start` with a window, and `--watch`, in each browser (run without a window here): the
// start page opens in a fresh profile, Kontekst marks the article at its real address, and a
// saved change under src/ rebuilds, reloads the extension (as an update: no second welcome
// page) and reloads the open article, which is marked again.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE_URL, article } from './support/fixtures';
import { type FixtureServer, startFixtureServer } from './support/server';
import { waitFor } from './support/wait';
import { runBuild } from '../start/build-runner';
import { START_URL, demoRoutes, startPage } from '../start/demo-pages';
import { type OpenPage, type StartedBrowser, startBrowser, watchSources } from '../start/windowed';

/** A file the build copies as it is: rewriting it with the same bytes is a change that changes nothing. */
const TOUCHED = 'src/content/page.css';

describe.each([false, true])('npm start --watch (firefox: %s)', (firefox) => {
  let server: FixtureServer;
  let browser: StartedBrowser;

  const articlePage = async (): Promise<OpenPage> => {
    const found = (await browser.pages()).find((page) => page.url === ARTICLE_URL);
    if (!found) throw new Error('the article is not open');
    return found;
  };
  const marked = async (): Promise<number> => (await articlePage()).evaluate(() => CSS.highlights.get('kontekst-claim')?.size ?? 0);

  beforeAll(async () => {
    server = await startFixtureServer(demoRoutes(startPage(firefox ? 'Firefox' : 'Chromium', true)));
    browser = await startBrowser({ firefox, server, startUrl: START_URL, headless: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens the start page, which links every demo page, and Kontekst marks the article there', async () => {
    const start = (await browser.pages()).find((page) => page.url === START_URL) as OpenPage;
    expect(await start.evaluate(() => document.title)).toBe('Kontekst: start here');
    const links = await start.evaluate(() => [...document.querySelectorAll('ol a')].map((a) => (a as HTMLAnchorElement).href));
    expect(links).toContain(ARTICLE_URL);
    expect(links).toHaveLength(5);
    await browser.open(ARTICLE_URL);
    await waitFor('the article to be marked', marked, (n) => n === article.claims.length);
  });

  it('a saved change rebuilds, reloads the extension and the article, which is marked again', async () => {
    const page = await articlePage();
    await page.evaluate(() => Object.assign(window, { beforeReload: true }));
    // Tabs that are not web pages: the welcome page Kontekst opened on install.
    const extensionTabs = async (): Promise<number> => (await browser.pages()).filter((open) => !open.url.startsWith('http')).length;
    const before = await extensionTabs();
    const lines: string[] = [];
    const stop = watchSources(runBuild, () => browser.reload(), (line) => lines.push(line));
    try {
      writeFileSync(TOUCHED, readFileSync(TOUCHED));
      await waitFor('the rebuild and reload', async () => lines, (seen) => seen.length > 0, 60_000);
      expect(lines[0]).toMatch(/^rebuilt and reloaded in \d+ ms$/);
      const reloaded = await articlePage();
      expect(await reloaded.evaluate(() => 'beforeReload' in window)).toBe(false);
      await waitFor('the article to be marked again', marked, (n) => n === article.claims.length);
      // Reloaded as an update: no second welcome page (the reader's choices stay).
      expect(await extensionTabs()).toBeLessThanOrEqual(before);
    } finally {
      stop();
    }
  }, 90_000);
});
