import type { TextQuoteSelector } from '../anchoring/anchor-quote';
import type { FINGERPRINT_ALGORITHM } from '../recognition/fingerprint';

export const LANGUAGES = ['da', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const NOTE_KINDS = ['background', 'clarification', 'disputed', 'later-development', 'source'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export type Localized = Record<Language, string>;

export interface Source {
  title: string;
  publisher: string;
  date: string;
  url: string;
}

export interface Note {
  id: string;
  kind: NoteKind;
  title: Localized;
  body: Localized;
  sources: Source[];
  asOf: string;
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

