// Runs on every page a reader opens, so it does as little as it can: it sends the page's
// address and links to the background, reads text only when the address decides nothing,
// and afterwards only notices address changes and large arrivals of text.
import { type PageSignals, readSignals } from '../core/signals';
import { type Requests, envelope } from '../shared/messages';
import { onSettingsChanged } from '../shared/settings-store';
import { ext } from '../shared/ext';
import { currentAnnotator } from './bridge';

type DetectReply = Requests['content:detect']['reply'];

/** New text (characters) that makes a page worth recognising again. */
const TEXT_GROWTH = 1500;
/** Quiet time before a burst of DOM changes is looked at. */
const SETTLE_MS = 600;
/** Client-rendered pages re-detect this many times at most, so a busy page costs little. */
const MAX_REDETECTIONS = 20;

function detectMessage(signals: Omit<PageSignals, 'text'>, text: string | null) {
  return envelope('content:detect', { url: location.href, canonical: signals.canonical, ogUrl: signals.ogUrl, text });
}

function linkSignals(): Omit<PageSignals, 'text'> {
  const canonical = document.querySelector('link[rel~="canonical" i][href]');
  const og = document.querySelector('meta[property="og:url" i][content]');
  return { url: location.href, canonical: (canonical as HTMLLinkElement | null)?.href ?? null, ogUrl: og?.getAttribute('content') ?? null };
}

let running = false;
let again = false;

async function detect(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    const links = linkSignals();
    let reply = (await ext.runtime.sendMessage(detectMessage(links, null))) as DetectReply | undefined;
    if (reply?.action === 'need-text') {
      reply = (await ext.runtime.sendMessage(detectMessage(links, readSignals(document).text))) as DetectReply | undefined;
    }
    if (reply?.action !== 'annotate') currentAnnotator()?.clear();
  } catch {
    // The extension was updated or reloaded under this page: nothing to do until the next load.
  } finally {
    running = false;
    if (again) {
      again = false;
      void detect();
    }
  }
}

function watchForChanges(): void {
  let lastUrl = location.href;
  let addedText = 0;
  let timer = 0;
  let redetections = 0;
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      // Kontekst's own elements are not new text (the fallback marks wrap text the page already had),
      // nor is the tail of a text node it split to put a marker in (it follows text or a marker);
      // counted, those tails made a page that removes the markers re-detect, and re-mark, 20 times.
      for (const node of record.addedNodes) {
        if ((node as Element).localName?.startsWith('kontekst-')) continue;
        const before = node.nodeType === 3 ? node.previousSibling : null;
        if (before && (before.nodeType === 3 || (before as Element).localName?.startsWith('kontekst-'))) continue;
        addedText += node.textContent?.length ?? 0;
      }
    }
    const moved = location.href !== lastUrl;
    if (!moved && addedText < TEXT_GROWTH) return;
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      if (++redetections > MAX_REDETECTIONS) return observer.disconnect();
      lastUrl = location.href;
      addedText = 0;
      void detect();
    }, SETTLE_MS);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
}

const isDocument = document.contentType === 'text/html' || document.contentType === 'application/xhtml+xml';
if (isDocument && document.documentElement) {
  void detect();
  watchForChanges();
  // The detector lives as long as the page; this signal is never aborted.
  onSettingsChanged(() => void detect(), new AbortController().signal);
}
