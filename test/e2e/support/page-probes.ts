// What a test reads from a tab or from the extension; every probe runs in the browser.
import type { TabState } from '../../../src/shared/messages';
import type { ExtensionBrowser, Tab } from './driver';

/** What Kontekst has put on a page, as the page itself can see it. */
export interface PageMarks {
  /** Ranges in CSS.highlights 'kontekst-claim' (the registry is per document, shared with the page). */
  claimRanges: number;
  /** The text of each of those ranges. */
  claimTexts: string[];
  /** Ranges in 'kontekst-claim-active' (the claim whose card is open). */
  activeRanges: number;
  /** Elements named kontekst-* in the light DOM (hosts of Kontekst's shadow roots). */
  ownElements: number;
  /** Rectangle (viewport CSS pixels) of the first line of each claim range, in registry order. */
  firstRects: { x: number; y: number; width: number; height: number }[];
}

/** Reads the highlights and elements Kontekst added, from the page's main world. */
export function readMarks(tab: Tab): Promise<PageMarks> {
  return tab.evaluate(() => {
    // The registry holds StaticRange copies (src/content/marks.ts): read them as live ranges of the page's own.
    const claims = CSS.highlights.get('kontekst-claim') as unknown as Iterable<AbstractRange> | undefined;
    const ranges = [...(claims ?? [])].map((copy) => {
      const range = document.createRange();
      range.setStart(copy.startContainer, copy.startOffset);
      range.setEnd(copy.endContainer, copy.endOffset);
      return range;
    });
    return {
      claimRanges: ranges.length,
      claimTexts: ranges.map((range) => range.toString()),
      activeRanges: CSS.highlights.get('kontekst-claim-active')?.size ?? 0,
      ownElements: [...document.querySelectorAll('*')].filter((el) => el.localName.startsWith('kontekst-')).length,
      firstRects: ranges.map((range) => {
        const rect = range.getClientRects()[0] ?? range.getBoundingClientRect();
        return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
      }),
    };
  });
}

/** The serialised page, to compare before Kontekst and after it is turned off. */
export function pageHtml(tab: Tab): Promise<string> {
  return tab.evaluate(() => document.documentElement.outerHTML);
}

/** The tab's state as the popup sees it (asked the way the popup asks, from an extension page). */
export async function tabState(browser: ExtensionBrowser, tab: Tab): Promise<TabState> {
  const tabId = await tab.tabId();
  return browser.extensionEval(
    (api, id) => api.runtime.sendMessage({ kontekst: 1, type: 'popup:get-state', payload: { tabId: id } }) as Promise<TabState>,
    tabId,
  );
}

/** The toolbar badge's text for the tab. */
export async function badgeText(browser: ExtensionBrowser, tab: Tab): Promise<string> {
  const tabId = await tab.tabId();
  return browser.extensionEval((api, id) => api.action.getBadgeText({ tabId: id }), tabId);
}
