import { type PageFacts, SIGNAL_WORD_LIMIT, readPageFacts } from '../../injected/read-page-facts';

/** The page facts recognition works from: the address and what `readPageFacts` reads. */
export interface PageSignals extends PageFacts {
  url: string;
}

/** The signals of a document (for the CLI and tests; the extension reads them with `readPageFacts`). */
export function readSignals(doc: Document, url: string = doc.URL): PageSignals {
  return { url, ...readPageFacts(SIGNAL_WORD_LIMIT, doc) };
}
