// `npm start -- --headless`: the demo pages in a headless browser, one report line block per
// page (recognised or not, how many claims were marked, which card opened on hover) and a
// screenshot of each, for a machine without a display (a server, CI).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { article } from '../e2e/support/fixtures';
import type { ExtensionBrowser, Tab } from '../e2e/support/driver';
import { readMarks, tabState } from '../e2e/support/page-probes';
import { sleep, waitFor } from '../e2e/support/wait';
import { normalizeText } from '../../src/core/anchoring/normalize';
import type { TabState } from '../../src/shared/messages';
import { type DemoPage, demoPages } from './demo-pages';

/** What happened on one demo page. */
export interface PageReport {
  name: string;
  url: string;
  /** Whether Kontekst should have recognised it (the demo's expectation). */
  expected: boolean;
  recognised: boolean;
  /** How it was recognised (url, canonical, content), or null. */
  matchedBy: string | null;
  /** Claims marked on the page, and how many the dataset entry has. */
  marked: number;
  claims: number;
  /** Title of the card that opened when the first marked sentence was hovered, or null. */
  card: string | null;
  /** Screenshot files, relative to the report's folder. */
  screenshots: string[];
  /** Whether the page did what the demo expects (recognised pages: marked and a card opened). */
  ok: boolean;
}

/** The report as written to report.json beside the screenshots. */
export interface HeadlessReport {
  browser: string;
  pages: PageReport[];
}

/** Longer than the detector's settle time plus a round trip: long enough for Kontekst to act if it were going to. */
const QUIET_MS = 1500;
const MATCHED_BY: Record<string, string> = { url: 'by its address', canonical: 'by its canonical address', content: 'by its text' };

/** Hovers the first marked sentence (a point on its first line) and returns the claim's id. */
async function hoverFirstClaim(tab: Tab): Promise<string | null> {
  const point = await tab.evaluate(() => {
    // The page's registry holds StaticRange copies (src/content/marks.ts): live ranges measure and compare.
    const copies = [...((CSS.highlights.get('kontekst-claim') ?? []) as unknown as Iterable<AbstractRange>)];
    const ranges = copies.map((copy) => {
      const live = document.createRange();
      live.setStart(copy.startContainer, copy.startOffset);
      live.setEnd(copy.endContainer, copy.endOffset);
      return live;
    });
    const range = ranges.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b))[0];
    if (!range) return null;
    range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
    const rect = range.getClientRects()[0] as DOMRect;
    return { x: rect.x + Math.min(rect.width / 2, 40), y: rect.y + rect.height / 2, text: range.toString() };
  });
  if (!point) return null;
  // From outside the text, as a reader's pointer arrives: a pointer that rested on a claim
  // (after following a link) may have opened a card; let it close first (300 ms, plus a margin).
  await tab.mouseMove(2, 2);
  await sleep(1000);
  await tab.mouseMove(point.x - 30, point.y);
  await tab.mouseMove(point.x, point.y);
  const claim = article.claims.find((candidate) => normalizeText(candidate.selector.exact) === normalizeText(point.text));
  return claim?.id ?? null;
}

async function settle(browser: ExtensionBrowser, tab: Tab, demo: DemoPage): Promise<TabState> {
  const wanted = demo.recognised ? 'annotated' : 'not-article';
  try {
    return await waitFor(`${demo.name} to be judged`, () => tabState(browser, tab), (state) => state.status === wanted, 10_000);
  } catch {
    return tabState(browser, tab);
  }
}

async function visit(browser: ExtensionBrowser, demo: DemoPage, folder: string): Promise<PageReport> {
  const tab = await browser.open(demo.url);
  const screenshots: string[] = [];
  const shoot = async (file: string): Promise<void> => {
    await tab.screenshot(join(folder, file));
    screenshots.push(file);
  };
  try {
    await tab.bringToFront();
    if (demo.follow) {
      await waitFor('the first page to be judged', () => tabState(browser, tab), (state) => state.status !== 'pending');
      await tab.clickAccessible('link', demo.follow);
    }
    let state = await settle(browser, tab, demo);
    const anchored = (s: TabState): number => s.claims.filter((claim) => claim.status !== 'missing').length;
    let marked = 0;
    if (state.status === 'annotated') {
      const marks = await waitFor('the claims to be marked', async () => {
        state = await tabState(browser, tab);
        return readMarks(tab);
      }, (m) => m.claimRanges > 0 && m.claimRanges === anchored(state)).catch(() => readMarks(tab));
      marked = marks.claimRanges;
    } else {
      await sleep(QUIET_MS);
      marked = (await readMarks(tab)).claimRanges;
    }
    await shoot(`${demo.name}.png`);
    let card: string | null = null;
    const hovered = marked > 0 ? await hoverFirstClaim(tab) : null;
    const title = state.claims.find((claim) => claim.id === hovered)?.title;
    if (title) {
      const opened = await waitFor('the card to open on hover', () => tab.countAccessible('dialog', title), (n) => n === 1, 5000).catch(() => 0);
      if (opened === 1) {
        card = title;
        await shoot(`${demo.name}-card.png`);
      }
      await tab.mouseMove(2, 2);
    }
    const recognised = state.status === 'annotated';
    return {
      name: demo.name,
      url: tab.url(),
      expected: demo.recognised,
      recognised,
      matchedBy: state.article?.matchedBy ?? null,
      marked,
      claims: recognised ? state.claims.length : 0,
      card,
      screenshots,
      ok: recognised === demo.recognised && (recognised ? marked > 0 && card !== null : marked === 0),
    };
  } finally {
    await tab.close();
  }
}

/** The report block of one page, as printed. */
export function describePage(page: PageReport, demo: DemoPage): string {
  const recognised = page.recognised ? `yes, ${MATCHED_BY[page.matchedBy ?? ''] ?? page.matchedBy}` : 'no';
  const card = page.card ? `hover opened the card "${page.card}"` : page.marked ? 'hover opened no card' : 'nothing to hover';
  const verdict = page.ok ? 'ok' : `NOT AS EXPECTED (expected ${demo.recognised ? 'recognised, marked, a card on hover' : 'not recognised, nothing marked'})`;
  const followed = demo.follow ? `  (after following "${demo.follow}" from ${demo.url})` : '';
  return [
    `${page.name}: ${demo.what}`,
    `  ${page.url}${followed}`,
    `  recognised: ${recognised} · claims marked: ${page.marked}${page.recognised ? ` of ${page.claims}` : ''} · ${card} · ${verdict}`,
  ].join('\n');
}

/** Visits every demo page in `browser`, printing as it goes; writes screenshots and report.json to `folder`. */
export async function headlessReport(browser: ExtensionBrowser, folder: string, print: (line: string) => void): Promise<HeadlessReport> {
  mkdirSync(folder, { recursive: true });
  const pages: PageReport[] = [];
  for (const demo of demoPages) {
    const page = await visit(browser, demo, folder);
    pages.push(page);
    print(describePage(page, demo));
  }
  const report: HeadlessReport = { browser: browser.name, pages };
  writeFileSync(join(folder, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
