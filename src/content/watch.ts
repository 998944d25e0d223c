// Notices when the page's text changes in a way that could move, break or reveal a claim:
// client-rendered articles, "load more", live edits. Mutation records are sorted cheaply as
// they come and acted on in batches; Kontekst's own elements and non-text nodes are ignored.
import { isOwnElement } from './shadow';

/** Act on a burst of changes at most this often. */
export const SETTLE_MS = 150;

/** What a batch of changes may have done. */
export interface PageChange {
  /** Text was edited, added or removed: anchored claims may no longer read the same. */
  textChanged: boolean;
  /** Text appeared or became visible: a missing claim may now be found. */
  textArrived: boolean;
}

// Elements whose contents are never article text.
const NOT_TEXT = new Set(['script', 'style', 'noscript', 'template', 'link', 'meta', 'title', 'head', 'iframe', 'svg', 'canvas']);

function carriesText(node: Node): boolean {
  if (node.nodeType === 3) return /\S/.test((node as Text).data);
  if (node.nodeType !== 1) return false;
  const el = node as Element;
  if (NOT_TEXT.has(el.localName) || isOwnElement(el)) return false;
  // A walk that stops at the first visible character, not a copy of the whole subtree's text.
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) if (/\S/.test((text as Text).data)) return true;
  return false;
}

/** Sorts one mutation record into what it may have done. */
export function classify(record: MutationRecord, change: PageChange): void {
  const target = record.target;
  if (record.type === 'characterData') {
    const parent = target.parentElement;
    if (parent && NOT_TEXT.has(parent.localName)) return;
    change.textChanged = true;
    change.textArrived = true;
  } else if (record.type === 'childList') {
    if (target.nodeType === 1 && NOT_TEXT.has((target as Element).localName)) return;
    for (const node of record.addedNodes) {
      if (carriesText(node)) {
        change.textChanged = true;
        change.textArrived = true;
        break;
      }
    }
    if (!change.textChanged) for (const node of record.removedNodes) if (carriesText(node) || isOwnElement(node)) change.textChanged = true;
  } else if (record.type === 'attributes') {
    if (!isOwnElement(target as Element) && carriesText(target)) change.textArrived = true;
  }
}

/** Watches the document until `signal` aborts; calls `onChange` once per batch of relevant changes. */
export class PageWatcher {
  private readonly observer: MutationObserver;
  private pending: PageChange = { textChanged: false, textArrived: false };
  private timer = 0;
  private withAttributes = false;

  constructor(
    private readonly doc: Document,
    private readonly onChange: (change: PageChange) => void,
    signal: AbortSignal,
    /** Called at once (in the observer's callback, before the page paints) when text changed. */
    private readonly onTextChanged: () => void = () => undefined,
  ) {
    this.observer = new MutationObserver((records) => this.take(records));
    signal.addEventListener('abort', () => {
      this.observer.disconnect();
      clearTimeout(this.timer);
    }, { once: true });
  }

  /** Starts (or changes) observing; attribute changes only matter while a claim is missing. */
  observe(withAttributes: boolean): void {
    this.withAttributes = withAttributes;
    // A page can remove its own root element (a redirect in progress): nothing left to watch.
    const root = this.doc.documentElement;
    if (!root) return;
    this.observer.observe(root, {
      childList: true,
      characterData: true,
      subtree: true,
      ...(withAttributes ? { attributes: true, attributeFilter: ['class', 'hidden', 'style', 'open', 'aria-hidden'] } : {}),
    });
  }

  /** Whether attribute changes are observed. */
  get observingAttributes(): boolean {
    return this.withAttributes;
  }

  /** Drops the records queued so far: Kontekst's own edits, or changes a fresh read covers. */
  discard(): void {
    this.observer.takeRecords();
  }

  private take(records: readonly MutationRecord[]): void {
    for (const record of records) {
      classify(record, this.pending);
      if (this.pending.textChanged && this.pending.textArrived) break;
    }
    if (!this.pending.textChanged && !this.pending.textArrived) return;
    if (this.pending.textChanged) this.onTextChanged();
    // Throttled rather than debounced: a page that never stops changing is still looked at.
    if (this.timer) return;
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      const change = this.pending;
      this.pending = { textChanged: false, textArrived: false };
      this.onChange(change);
    }, SETTLE_MS);
  }
}
