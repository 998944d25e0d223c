import type { TextQuoteSelector } from '../anchoring/anchor-quote';
import type { FINGERPRINT_ALGORITHM } from '../recognition/fingerprint';

export const LANGUAGES = ['da', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const NOTE_KINDS = ['background', 'clarification', 'disputed', 'later-development', 'source'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export type Localized = Record<Language, string>;

/** A source a note rests on: its headline, who published it, and when (or, for a reference work, when it was read). */
export interface Source {
  title: string;
  publisher: string;
  /** Publication date, YYYY-MM-DD. A source has this or `accessed` (kontekst check refuses both or neither). */
  published?: string;
  /** For a reference work without a publication date: the date it was read. */
  accessed?: string;
  url: string;
}

/** One correction of a note: when, and what changed, in both languages. */
export interface Revision {
  date: string;
  da: string;
  en: string;
}

export interface Note {
  id: string;
  kind: NoteKind;
  title: Localized;
  body: Localized;
  sources: Source[];
  asOf: string;
  /** Corrections, oldest first; the card shows the newest. */
  revisions?: Revision[];
}

/** The newest correction of a note, or null when it was never corrected. */
export function latestRevision(note: Note): Revision | null {
  let latest: Revision | null = null;
  for (const revision of note.revisions ?? []) if (!latest || revision.date >= latest.date) latest = revision;
  return latest;
}

/** The date a source is dated by: its publication date, else the date a reference work was read. */
export function sourceDate(source: Source): string {
  return source.published ?? source.accessed ?? '';
}

export interface Claim {
  id: string;
  selector: TextQuoteSelector & { type: 'TextQuoteSelector' };
  notes: Note[];
}

/** One dataset file, as editors write it. */
export interface Article {
  $schema?: string;
  id: string;
  language: Language;
  headline: string;
  publisher: string;
  published: string;
  urls: string[];
  savedCopy?: string;
  fingerprint: { algorithm: typeof FINGERPRINT_ALGORITHM; hashes: string[] };
  claims: Claim[];
}

/** What the extension ships of an article: no fingerprint, no saved copy. */
export type PublicArticle = Omit<Article, '$schema' | 'savedCopy' | 'fingerprint'>;

/** One thing wrong in a dataset file. */
export interface DatasetProblem {
  file: string;
  path: string;
  message: string;
}

export function formatProblem(problem: DatasetProblem): string {
  return `${problem.file}: ${problem.path}: ${problem.message}`;
}

/** The shipped form of an article. */
export function publicArticle(article: Article): PublicArticle {
  const { $schema: _schema, savedCopy: _saved, fingerprint: _fingerprint, ...rest } = article;
  return rest;
}

/**
 * The article as a reader's page shows it: each note's title, body and correction in `language`
 * only (the other language's texts empty), and of its corrections only the newest, the one the
 * card shows. What the annotator is handed: the rest the page would receive, parse and keep for
 * nothing (a quarter of the seed article's JSON), and Firefox compiles a start's arguments as part
 * of its source on every load (JSON.stringify(args) spliced into the function's text:
 * toolkit/components/extensions/child/ext-scripting.js).
 */
export function readerEdition(article: PublicArticle, language: Language): PublicArticle {
  const only = (text: Localized): Localized => ({ da: '', en: '', [language]: text[language] });
  const claims = article.claims.map((claim) => ({
    ...claim,
    notes: claim.notes.map((note) => {
      const newest = latestRevision(note);
      const { revisions: _all, ...rest } = note;
      const shown: Note = { ...rest, title: only(note.title), body: only(note.body) };
      return newest ? { ...shown, revisions: [{ date: newest.date, ...only(newest) }] } : shown;
    }),
  }));
  return { ...article, claims };
}

