import { anchorArticleClaims } from '../core/anchoring/article-anchoring';
import type { Article, Language } from '../core/dataset/model';
import { loadIndex, recognize } from '../core/recognition/recognize';
import { compileIndex } from '../core/recognition/index-compile';
import { readSignals } from '../core/recognition/page-signals';
import type { MatchedBy } from '../core/recognition/recognize';
import type { AnchorStatus } from '../core/anchoring/anchor-quote';

/** What `kontekst annotate` prints. */
export interface AnnotateReport {
  url: string;
  article: null | { id: string; title: string; matchedBy: MatchedBy; score: number };
  claims: {
    id: string;
    status: AnchorStatus;
    score: number;
    /** For an ambiguous claim: how many places fit its quote and context equally well. */
    candidates?: number;
    quote: string;
    text: string | null;
    notes: { id: string; kind: string; title: string }[];
  }[];
  timings: { recognizeMs: number; anchorMs: number };
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/** Recognises and anchors a loaded page against a dataset, as the extension does. */
export function annotateDocument(doc: Document, url: string, articles: readonly Article[], language?: Language): AnnotateReport {
  const index = loadIndex(compileIndex(articles));
  const t0 = performance.now();
  const recognition = recognize(readSignals(doc, url), index);
  const t1 = performance.now();
  const article = recognition ? articles.find((a) => a.id === recognition.id) : undefined;
  if (!recognition || !article) {
    return { url, article: null, claims: [], timings: { recognizeMs: round(t1 - t0), anchorMs: 0 } };
  }
  // What the extension does: the article's own text first, the rest of the page for the claims not in it.
  const { anchored } = anchorArticleClaims(doc, article.claims);
  const t2 = performance.now();
  const lang = language ?? article.language;
  return {
    url,
    article: { id: article.id, title: article.headline, matchedBy: recognition.matchedBy, score: recognition.score },
    claims: anchored.map(({ claim, anchor, page }) => ({
      id: claim.id,
      status: anchor.status,
      score: anchor.score,
      ...(anchor.status === 'ambiguous' ? { candidates: anchor.candidates ?? 2 } : {}),
      quote: claim.selector.exact,
      text: anchor.status === 'missing' || anchor.status === 'ambiguous' ? null : page.text.slice(anchor.start, anchor.end),
      notes: claim.notes.map((note) => ({ id: note.id, kind: note.kind, title: note.title[lang] })),
    })),
    timings: { recognizeMs: round(t1 - t0), anchorMs: round(t2 - t1) },
  };
}
