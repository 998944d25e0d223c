// `npm start [-- --firefox] [--headless] [--watch] [--port N] [--out DIR]`: builds Kontekst,
// serves the demo pages at their real addresses from a local server, and opens a browser with
// a fresh profile and the extension loaded (or, with --headless, reports what it did on each page).
// Every set-up problem ends in one line that says what to do.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM, FIREFOX } from '../e2e/support/browser-paths';
import type { FixtureServer } from '../e2e/support/server';
import { runBuild } from './build-runner';

// The browser drivers, the fixtures (jsdom) and the server load only after the checks below
// (dynamic imports), so a set-up problem is reported at once.

const USAGE = `npm start [-- OPTIONS]
  --firefox      Firefox ESR instead of Chromium
  --headless     no window: load every demo page, print what Kontekst did, write screenshots
  --watch        rebuild on every change under src/, manifest.json, icons/; reload the extension and the pages
                 (with --headless: report again)
  --port N       serve the pages on port N (default: a free one)
  --out DIR      where --headless writes its screenshots (default: test-results/start/BROWSER)`;

/** Ends the command with one line on stderr. */
function fail(line: string, code = 1): never {
  process.stderr.write(`npm start: ${line}\n`);
  process.exit(code);
}

/** Ends the command when the browser would not start: its first line of complaint, and where it is. */
function didNotStart(name: string, executable: string, error: Error): never {
  const first = error.message.split('\n').map((line) => line.trim()).find(Boolean) ?? String(error);
  fail(`${name} (${executable}) did not start: ${first}`);
}

/** Starts the server on `port`; a taken port is replaced by a free one, with a line saying so. */
async function serve(port: number, watching: boolean, browserName: string): Promise<FixtureServer> {
  const { startFixtureServer } = await import('../e2e/support/server');
  const { demoRoutes, startPage } = await import('./demo-pages');
  const routes = demoRoutes(startPage(browserName, watching));
  try {
    return await startFixtureServer(routes, port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    const server = await startFixtureServer(routes, 0);
    process.stderr.write(`npm start: port ${port} is taken, so the pages are served on port ${server.port} instead (choose one with --port N)\n`);
    return server;
  }
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseArgs({
      options: {
        firefox: { type: 'boolean', default: false },
        headless: { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        port: { type: 'string', default: '0' },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port takes a port number (0-65535), not ${options.port}`, 2);
  const name = options.firefox ? 'Firefox' : 'Chromium';
  const executable = options.firefox ? FIREFOX : CHROMIUM;
  if (!existsSync(executable)) {
    const pkg = options.firefox ? 'firefox-esr' : 'chromium';
    const variable = options.firefox ? 'FIREFOX_PATH' : 'CHROMIUM_PATH';
    fail(`no ${name} found at ${executable}: install Debian's package with \`sudo apt-get install ${pkg}\` (or set ${variable} to the browser)`);
  }
  if (!options.headless && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    fail(`no display here (DISPLAY is not set), so no browser window can open: try \`npm start -- --headless${options.firefox ? ' --firefox' : ''}\` for a report and screenshots`);
  }

  const built = await runBuild();
  if (built) fail(built);

  const server = await serve(port, options.watch, name);
  try {
    if (options.headless) {
      const { headlessReport } = await import('./headless-report');
      const { launchChromium } = await import('../e2e/support/chromium');
      const { launchFirefox } = await import('../e2e/support/firefox');
      const folder = resolve(options.out ?? `test-results/start/${options.firefox ? 'firefox' : 'chromium'}`);
      const report = async (): Promise<void> => {
        const browser = await (options.firefox ? launchFirefox(server) : launchChromium(server)).catch((error: Error) => didNotStart(name, executable, error));
        let pages;
        try {
          // The launchers grant all sites, as a reader who chose "All sites" on the welcome page.
          console.log(`Kontekst in headless ${name}, allowed on all sites; demo pages served on port ${server.port}:\n`);
          pages = (await headlessReport(browser, folder, (block) => console.log(`${block}\n`))).pages;
        } finally {
          await browser.close();
        }
        const good = pages.filter((page) => page.ok).length;
        console.log(`${good} of ${pages.length} pages as expected. Screenshots and report.json in ${folder}`);
        process.exitCode = good === pages.length ? 0 : 1;
      };
      await report();
      if (options.watch) {
        // Without a window, each change that builds gets a fresh browser and a new report.
        const { WATCHED, watchSources } = await import('./windowed');
        const stop = watchSources(runBuild, report, (line) => console.log(line), 'reported again');
        console.log(`Watching ${WATCHED.join(', ')}: a saved change rebuilds and reports again. Ctrl+C stops.`);
        await new Promise<void>((done) => process.once('SIGINT', () => done()));
        stop();
      }
    } else {
      const { openWindow } = await import('./windowed');
      const { START_URL } = await import('./demo-pages');
      await openWindow({ firefox: options.firefox, server, startUrl: START_URL, watch: options.watch, rebuild: runBuild }).catch((error: Error) =>
        didNotStart(name, executable, error),
      );
    }
  } finally {
    await server.close();
  }
}

await main();
