// ClaimReview interchange (https://schema.org/ClaimReview): Kontekst's notes that judge a
// claim go out as fact-check markup, and other fact-checkers' ClaimReviews come in as
// draft notes for an editor to finish. Pure: no files, no DOM.
import { type Language, LANGUAGES, type Note, type NoteKind, type PublicArticle, type Revision, latestRevision } from '../core/dataset/model';
import { type DraftClaim, type DraftNote, today } from './draft';
import { FINGERPRINT_ALGORITHM } from '../core/recognition/fingerprint';
import { normalizeText } from '../core/anchoring/normalize';
import { isCalendarDate } from '../core/dataset/schema';
import { articleId, claimIdFromQuote, hostPublisher, slugify, tidyText, uniqueId } from '../core/dataset/slug';
import { normalizeUrl } from '../core/recognition/address';
import { type JsonObject, isObject } from '../core/dataset/json-object';

/** Note kinds that judge the claim they sit on; the others add context without a verdict. */
export const REVIEW_KINDS = ['clarification', 'disputed'] as const satisfies readonly NoteKind[];
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** The verdict each kind stands for, as ClaimReview's textual rating (`reviewRating.alternateName`). */
export const VERDICTS: Record<ReviewKind, Record<Language, string>> = {
  clarification: { en: 'Needs context', da: 'Mangler kontekst' },
  disputed: { en: 'Disputed', da: 'Omstridt' },
};

/** Who publishes the reviews. */
export interface ReviewAuthor {
  name: string;
  url?: string;
}

type JsonLdNode = { '@type': string } & Record<string, unknown>;

/** A JSON-LD document holding one ClaimReview per judging note. */
export interface ClaimReviewDocument {
  '@context': 'https://schema.org';
  '@graph': JsonLdNode[];
}

const isReviewKind = (kind: NoteKind): kind is ReviewKind => (REVIEW_KINDS as readonly string[]).includes(kind);

function organization(name: string, url?: string): JsonLdNode {
  return { '@type': 'Organization', name, ...(url ? { url } : {}) };
}

/** The stable address of one note's review: the article's address with a fragment naming the note. */
export function reviewUrl(article: PublicArticle, note: Note): string {
  const url = new URL(article.urls[0] as string);
  url.hash = `kontekst-${note.id}`;
  return url.href;
}

function claimReview(article: PublicArticle, claimText: string, note: Note & { kind: ReviewKind }, author: ReviewAuthor, language: Language): JsonLdNode {
  const [first, ...others] = article.urls as [string, ...string[]];
  const url = reviewUrl(article, note);
  return {
    '@type': 'ClaimReview',
    '@id': url,
    url,
    name: note.title[language],
    claimReviewed: claimText,
    reviewBody: note.body[language],
    // No numeric ratingValue: Kontekst's kinds say how a claim needs reading, not how
    // true it is on a scale, and a number would invite exactly that reading.
    reviewRating: { '@type': 'Rating', alternateName: VERDICTS[note.kind][language], ratingExplanation: note.title[language] },
    itemReviewed: {
      '@type': 'Claim',
      appearance: {
        '@type': 'CreativeWork',
        url: first,
        ...(others.length ? { sameAs: others } : {}),
        headline: article.headline,
        datePublished: article.published,
        inLanguage: article.language,
        publisher: organization(article.publisher),
      },
    },
    author: organization(author.name, author.url),
    datePublished: note.asOf,
    // A corrected note says so to the machines that read it too (schema.org dateModified).
    ...(latestRevision(note) ? { dateModified: (latestRevision(note) as Revision).date } : {}),
    inLanguage: language,
    citation: note.sources.map((source) => ({
      '@type': 'CreativeWork',
      name: source.title,
      url: source.url,
      ...(source.published ? { datePublished: source.published } : {}),
      publisher: organization(source.publisher),
    })),
  };
}

/** ClaimReview JSON-LD for every note of kind clarification or disputed, in `language` (default: each article's own). */
export function exportClaimReviews(articles: readonly PublicArticle[], author: ReviewAuthor, language?: Language): ClaimReviewDocument {
  const graph: JsonLdNode[] = [];
  for (const article of articles) {
    for (const claim of article.claims) {
      for (const note of claim.notes) {
        if (isReviewKind(note.kind)) graph.push(claimReview(article, claim.selector.exact, note as Note & { kind: ReviewKind }, author, language ?? article.language));
      }
    }
  }
  return { '@context': 'https://schema.org', '@graph': graph };
}

// ---------------------------------------------------------------------------------------
// Import

/** Where a reviewed claim appeared, as the ClaimReview tells it. */
export interface Appearance {
  url: string;
  headline: string;
  published: string;
  publisher: string;
  language: Language | '';
}

/** One ClaimReview read from a file. */
export interface ReviewEntry {
  /** JSON path of the ClaimReview in the file. */
  path: string;
  claimReviewed: string;
  kind: ReviewKind;
  /** The review's language when it is da or en; null for any other. */
  language: Language | null;
  /** The language the review declares (inLanguage), as written; empty when it declares none. */
  declaredLanguage: string;
  title: string;
  body: string;
  url: string | null;
  author: string;
  date: string;
  appearances: Appearance[];
}

/** Something unusable in a ClaimReview file. */
export interface ReviewProblem {
  path: string;
  message: string;
}


function childPath(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function hasType(node: JsonObject, type: string): boolean {
  const types = Array.isArray(node['@type']) ? node['@type'] : [node['@type']];
  return types.some((t) => typeof t === 'string' && t.replace(/^(?:https?:\/\/schema\.org\/|schema:)/, '') === type);
}

/** Plain text of a JSON-LD value: a string, the first of a list, or an object's name. */
function text(value: unknown): string {
  if (typeof value === 'string') return tidyText(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return text(value[0]);
  if (isObject(value)) return text(value.name ?? value['@value']);
  return '';
}

function dateOf(value: unknown): string {
  const date = text(value).slice(0, 10);
  return isCalendarDate(date) ? date : '';
}

function languageOf(value: unknown): Language | null {
  const primary = text(value).toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : null;
}

function webAddress(value: unknown): string | null {
  const candidate = text(isObject(value) ? (value.url ?? value['@id']) : value);
  if (!candidate) return null;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

// Textual ratings that say the claim does not hold, in English and Danish.
const DISPUTING = /\b(false|mostly false|falsk|forkert|delvis forkert|wrong|incorrect|inaccurate|misleading|misvisende|fake|fabricated|pants on fire|not true|ikke sandt|usandt?|unsupported|unproven|disputed|omstridt|manipulated|manipuleret|baseless|debunked)\b/i;

function numeric(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** disputed when the rating's text says false/misleading, or its value sits in the lower half of its scale; clarification otherwise. */
export function kindOfRating(rating: unknown): ReviewKind {
  if (!isObject(rating)) return 'clarification';
  const words = [rating.alternateName, rating.name, rating.ratingExplanation].map(text).join(' ');
  if (DISPUTING.test(words)) return 'disputed';
  const value = numeric(rating.ratingValue);
  // schema.org: "If bestRating is omitted, 5 is assumed"; worstRating defaults to 1.
  const best = numeric(rating.bestRating) ?? 5;
  const worst = numeric(rating.worstRating) ?? 1;
  if (value !== null && best !== worst && (value - worst) / (best - worst) < 0.5) return 'disputed';
  return 'clarification';
}

function appearancesOf(item: JsonObject, path: string, problems: ReviewProblem[]): Appearance[] {
  const listed: [unknown, string][] = [];
  for (const key of ['appearance', 'firstAppearance']) {
    const value = item[key];
    if (Array.isArray(value)) value.forEach((v, i) => listed.push([v, childPath(childPath(path, key), i)]));
    else if (value !== undefined) listed.push([value, childPath(path, key)]);
  }
  // Older fact-check markup put the article directly in itemReviewed (a CreativeWork with a url).
  if (listed.length === 0 && !hasType(item, 'Claim') && item.url !== undefined) listed.push([item, path]);
  const found: Appearance[] = [];
  for (const [value, at] of listed) {
    const url = webAddress(value);
    if (!url) {
      problems.push({ path: at, message: 'is not a web address (http:// or https://) of the article the claim appeared in' });
      continue;
    }
    const work = isObject(value) ? value : {};
    if (found.some((a) => normalizeUrl(a.url) === normalizeUrl(url))) continue;
    found.push({
      url,
      headline: text(work.headline ?? work.name),
      published: dateOf(work.datePublished),
      publisher: text(work.publisher),
      language: languageOf(work.inLanguage) ?? '',
    });
  }
  return found;
}

function readReview(node: JsonObject, path: string, problems: ReviewProblem[]): ReviewEntry | null {
  const before = problems.length;
  const claimReviewed = text(node.claimReviewed);
  if (!claimReviewed) problems.push({ path: childPath(path, 'claimReviewed'), message: 'is missing or empty: a ClaimReview needs the text of the claim it reviews' });
  else if (claimReviewed.length < 8) problems.push({ path: childPath(path, 'claimReviewed'), message: 'is shorter than 8 characters, too short to find on a page' });
  let appearances: Appearance[] = [];
  if (!isObject(node.itemReviewed)) {
    problems.push({ path: childPath(path, 'itemReviewed'), message: 'is missing: a ClaimReview needs itemReviewed, a Claim with the appearance (the article) it was made in' });
  } else {
    appearances = appearancesOf(node.itemReviewed, childPath(path, 'itemReviewed'), problems);
    if (appearances.length === 0 && problems.length === before) {
      problems.push({ path: childPath(path, 'itemReviewed'), message: 'names no appearance: Kontekst needs the address of the article the claim appeared in' });
    }
  }
  if (problems.length > before) return null;
  const rating = isObject(node.reviewRating) ? node.reviewRating : undefined;
  return {
    path,
    claimReviewed,
    kind: kindOfRating(rating),
    language: languageOf(node.inLanguage),
    declaredLanguage: text(node.inLanguage),
    title: text(node.name ?? node.headline ?? rating?.alternateName),
    body: text(node.reviewBody ?? node.description ?? rating?.ratingExplanation ?? rating?.alternateName),
    url: webAddress(node.url ?? node['@id']),
    author: text(node.author),
    date: dateOf(node.datePublished),
    appearances,
  };
}

/** Reads the ClaimReviews of a parsed file: one object, an array, or an @graph (nested in any of these). */
export function readClaimReviews(value: unknown): { entries: ReviewEntry[]; problems: ReviewProblem[] } {
  const entries: ReviewEntry[] = [];
  const problems: ReviewProblem[] = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, childPath(path, i)));
    if (!isObject(node)) return;
    if (hasType(node, 'ClaimReview')) {
      const entry = readReview(node, path, problems);
      if (entry) entries.push(entry);
    }
    if (node['@graph'] !== undefined) visit(node['@graph'], childPath(path, '@graph'));
  };
  if (!isObject(value) && !Array.isArray(value)) {
    problems.push({ path: '$', message: 'must be a ClaimReview object, an array of them, or a JSON-LD document with an @graph' });
  } else {
    visit(value, '$');
    if (entries.length === 0 && problems.length === 0) {
      problems.push({ path: '$', message: 'holds no ClaimReview (an object with "@type": "ClaimReview")' });
    }
  }
  return { entries, problems };
}

/** An article file as drafts are: possibly unfinished, so only the fields merging needs are typed. */
export interface DraftArticle {
  id: string;
  urls: string[];
  claims: DraftClaim[];
  [field: string]: unknown;
}

/** What importing did to one article file. */
export interface ImportChange {
  /** The existing file's key (as given in `existing`), or null for a new article. */
  key: string | null;
  article: DraftArticle;
  added: number;
  skipped: number;
}

function idsOf(article: DraftArticle): Set<string> {
  return new Set(article.claims.flatMap((claim) => [claim.id, ...claim.notes.map((note) => note.id)]));
}

function draftNote(entry: ReviewEntry, id: string, asOf: string): DraftNote {
  // The review's own language is filled in; the other stays empty, so `check` asks for the translation.
  const lang: Language = entry.language ?? 'en';
  const localized = (value: string): { da: string; en: string } => ({ da: '', en: '', [lang]: value }) as { da: string; en: string };
  return {
    id,
    kind: entry.kind,
    title: localized(entry.title),
    body: localized(entry.body),
    sources: entry.url ? [{ title: entry.title, publisher: entry.author, published: entry.date, url: entry.url }] : [],
    asOf: entry.date || asOf,
  };
}

/**
 * Adds each review as a draft note to the article of each of its appearances: an existing
 * draft or article file matched by address, or a new draft. A review already imported (same
 * source address on the same claim) is skipped.
 */
export function mergeReviews(existing: ReadonlyMap<string, DraftArticle>, entries: readonly ReviewEntry[], asOf = today()): ImportChange[] {
  const changes = new Map<DraftArticle, ImportChange>();
  const articles = [...existing].map(([key, article]) => ({ key: key as string | null, article }));
  const takenArticleIds = new Set(articles.map((a) => a.article.id));
  for (const entry of entries) {
    for (const appearance of entry.appearances) {
      const address = normalizeUrl(appearance.url);
      let target = articles.find((a) => a.article.urls.some((u) => normalizeUrl(u) === address));
      if (!target) {
        const publisher = appearance.publisher || hostPublisher(appearance.url);
        const slugSource = appearance.headline || new URL(appearance.url).pathname.replace(/\.[a-z]+$/i, '');
        const article: DraftArticle = {
          $schema: '../article.schema.json',
          id: uniqueId(articleId(publisher, appearance.published, slugSource), takenArticleIds),
          language: appearance.language || entry.language || '',
          headline: appearance.headline,
          publisher: appearance.publisher,
          published: appearance.published,
          urls: [appearance.url],
          claims: [],
          fingerprint: { algorithm: FINGERPRINT_ALGORITHM, hashes: [] },
        };
        target = { key: null, article };
        articles.push(target);
      }
      const article = target.article;
      const change = changes.get(article) ?? { key: target.key, article, added: 0, skipped: 0 };
      changes.set(article, change);
      const taken = idsOf(article);
      const folded = normalizeText(entry.claimReviewed);
      let claim = article.claims.find((c) => normalizeText(c.selector.exact) === folded);
      if (claim && entry.url && claim.notes.some((note) => note.sources.some((s) => s.url === entry.url))) {
        change.skipped++;
        continue;
      }
      if (!claim) {
        claim = { id: uniqueId(claimIdFromQuote(entry.claimReviewed), taken), selector: { type: 'TextQuoteSelector', exact: entry.claimReviewed }, notes: [] };
        article.claims.push(claim);
      }
      const noteId = uniqueId(slugify(`${claim.id}-${slugify(entry.author, 24) || 'review'}`, 72), taken);
      claim.notes.push(draftNote(entry, noteId, asOf));
      change.added++;
    }
  }
  return [...changes.values()];
}
