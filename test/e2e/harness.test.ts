// The harness must be able to fail: a canary extension that logs errors, throws and sends a
// request has to be caught by the same recording the real scenarios rely on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import type { ExtensionBrowser } from './support/driver';
import { FIXED_UUID, extensionErrorsIn, launchFirefox } from './support/firefox';
import { type FixtureServer, startFixtureServer } from './support/server';
import { defaultRoutes, e2ePages } from './support/fixtures';
import { requestsBreakingTheRule } from './support/requests';
import { waitFor } from './support/wait';

const CANARY = 'test/fixtures/e2e/canary-extension';

const launchers = [
  { name: 'chromium', launch: (server: FixtureServer) => launchChromium(server, { extensionDir: CANARY }) },
  { name: 'firefox', launch: (server: FixtureServer) => launchFirefox(server, { extensionDir: CANARY }) },
];

describe.each(launchers)('the harness in $name', ({ launch }) => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    server = await startFixtureServer(defaultRoutes());
    browser = await launch(server);
    const tab = await browser.open(e2ePages.notInDataset.url);
    await waitFor('the canary content script to fail', async () => browser.consoleErrors().map((e) => e.text).join('\n'), (text) => text.includes('content script uncaught'));
    await tab.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([
    ['background console.error', 'a console.error in the background'],
    ['background uncaught', 'an uncaught error in the background'],
    ['content script console.error', 'a console.error in a content script'],
    ['content script uncaught', 'an uncaught error in a content script'],
    ['popup console.error', 'a console.error in the popup (opened by the harness as its extension page)'],
  ])('records %s (%s)', async (text) => {
    await waitFor(`"${text}" in the recorded errors`, async () => browser.consoleErrors().map((e) => e.text).join('\n'), (all) => all.includes(`canary: ${text}`));
  });

  it("flags the background's request to a host that is no fixture", async () => {
    const flagged = await waitFor(
      'the canary request to be flagged',
      async () => requestsBreakingTheRule(browser.requests(), server),
      (requests) => requests.some((r) => /^(http|https|connect):\/\/canary-tracker\.example[:/]/.test(r.url)),
    );
    // Only the canary's request: the browsers' own traffic and the page load are not flagged.
    expect(flagged.filter((r) => !r.url.includes('canary-tracker.example'))).toEqual([]);
  });
});

// Firefox's output mixes the extension's errors with its own; these lines are copied from real runs.
describe("reading the extension's errors out of Firefox's output", () => {
  const ext = `moz-extension://${FIXED_UUID}`;
  it.each([
    [`JavaScript error: ${ext}/background.js, line 2: Error: boom`, true, 'an uncaught error in one of its files'],
    ['console.error: "canary: background console.error"', true, 'a string logged by a document (extension page, content script or page)'],
    [`console.error: (new Error("boom", "${ext}/popup/popup.js", 3))`, true, 'an Error object logged from its files'],
    ['Extension error: [Exception... "Component returned failure code: 0x80070057 (NS_ERROR_ILLEGAL_VALUE) [nsIDOMWindowUtils.addSheet]"  nsresult: "0x80070057 (NS_ERROR_ILLEGAL_VALUE)"  location: "JS frame :: resource://gre/modules/ExtensionCommon.sys.mjs :: runSafeSyncWithoutClone :: line 66"  data: no] undefined 66\n[[Exception stack\ninject@resource://gre/modules/ExtensionContent.sys.mjs:670:32\n]]', true, 'an extension API call that failed (here insertCSS of a sheet the page already had)'],
    ['console.error: RSLoader: \n  Failed to retrieve recipes from Remote Settings\n  Stack:\n    RemoteSettingsSyncError@resource://nimbus/lib/RemoteSettingsExperimentLoader.sys.mjs:1570:5', false, "Firefox's experiment loader, a module of its own"],
    ['console.error: (new TypeError("can\'t access property \\"id\\", context is null", "chrome://remote/content/shared/NavigationManager.sys.mjs", 439))', false, "Firefox's remote agent"],
    ['JavaScript error: resource://gre/modules/PrivateBrowsingUtils.sys.mjs, line 50: TypeError: aWindow.docShell is null', false, "an uncaught error in one of Firefox's modules"],
    ['JavaScript error: http://jyllands-posten.dk/, line 1: ReferenceError: x is not defined', false, "a page's own script (pages report through the protocol instead)"],
  ])('%s → %s (%s)', (line, expected) => {
    const output = `[Parent 1, Main Thread] WARNING: noise\n${line}\n(firefox-esr:1): GLib-CRITICAL **: noise\n`;
    expect(extensionErrorsIn(output, FIXED_UUID)).toEqual(expected ? [line] : []);
  });
});
