// Dataset packs: articles a reader adds to their own Kontekst from a file. A pack is
// checked with the dataset's own rules (checkArticle, checkAcrossArticles), may not claim
// an article id or address that the bundled dataset or another pack already has, and is
// then recognised through the same compiled index as the bundled dataset.
import { type Article, type DatasetProblem, type PublicArticle, publicArticle } from './model';
import { checkAcrossArticles, checkArticle, parseJson } from './article-checks';
import { compileIndex } from '../recognition/index-compile';
import { type CompiledIndex, type RecognitionIndex, firstAtLeast } from '../recognition/recognize';
import { type JsonSchema, validateSchema } from './schema';
import { normalizeUrl } from '../recognition/address';

/** The pack format this code reads and writes. */
export const PACK_FORMAT = 1;
/** Largest pack file accepted (UTF-8 bytes): ample for hundreds of articles, small beside storage.local's 10 MB. */
export const MAX_PACK_BYTES = 2 * 1024 * 1024;
/** Most articles in one pack. */
export const MAX_PACK_ARTICLES = 500;
/** Most that all added packs may take in storage.local together (Chrome's quota without unlimitedStorage is 10 MB). */
export const MAX_STORED_PACKS_BYTES = 8 * 1024 * 1024;

/** A pack file as editors write it. */
export interface DatasetPack {
  kontekstPack: typeof PACK_FORMAT;
  name: string;
  version: string;
  articles: Article[];
}

/** A pack as the extension keeps it: the compiled index and the shipped form of its articles. */
export interface StoredPack {
  index: CompiledIndex;
  articles: PublicArticle[];
}

/** What the options page lists. */
export interface PackSummary {
  id: string;
  name: string;
  version: string;
  articles: number;
  /** Size of the stored pack (JSON, UTF-8). */
  bytes: number;
}

/**
 * Fewest fingerprint hashes a pack article may have. Recognition by content needs 40 % of an
 * article's hashes and at least min(6, size) of them (core/recognition/recognize.ts), so under six
 * hashes one shared phrase (size + 3 words) recognises a page as the article. Above that, the
 * chance that a page sharing a fifth of the article's text passes the 40 % bar falls with the
 * sketch's size (binomial, as a bottom-k sketch samples shingles): 16 hashes 2.7 %, 32 hashes
 * 0.6 %, 64 hashes 0.01 %. Measured on the 31 real articles of the corpus, fingerprints of 2 to 64
 * hashes never matched another article's page (at most 4.2 % shared), so the floor is about short
 * or partial texts, not chance collisions. Any article of 35 words or more has 32; the seed and
 * every real article, 64.
 */
export const MIN_PACK_FINGERPRINT = 32;

/** Ids, addresses and fingerprints someone already has: article id → owner, normalised address → owner, indexes by owner. */
export interface KnownArticles {
  ids: Map<string, string>;
  addresses: Map<string, string>;
  indexes: { index: Pick<RecognitionIndex, 'ids' | 'hashes' | 'owners' | 'sizes'>; owner: string }[];
}

const PACK_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kontekstPack', 'name', 'version', 'articles'],
  properties: {
    $schema: { type: 'string' },
    kontekstPack: { const: PACK_FORMAT },
    name: { type: 'string', minLength: 1, maxLength: 80 },
    version: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z][0-9A-Za-z.+-]*$' },
    articles: { type: 'array', minItems: 1, maxItems: MAX_PACK_ARTICLES, items: { type: 'object' } },
  },
};

/** UTF-8 length of `text`. */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Adds an index's article ids and addresses to `known`, owned by `owner` (e.g. "the bundled
 * dataset"); with `texts`, its fingerprints too, so a pack may not bring those texts back under
 * other ids (the bundled dataset's; packs may share a text with each other, as versions do).
 */
export function addKnown(known: KnownArticles, index: RecognitionIndex, owner: string, texts = false): KnownArticles {
  for (const id of index.ids) known.ids.set(id, owner);
  for (const [address] of index.urls) known.addresses.set(address, owner);
  if (texts) known.indexes.push({ index, owner });
  return known;
}

/** An empty KnownArticles. */
export function noneKnown(): KnownArticles {
  return { ids: new Map(), addresses: new Map(), indexes: [] };
}

/**
 * The known article whose fingerprint overlaps `hashes` as much as recognition by content
 * would take for the same article (40 % of either fingerprint, and at least min(6, size)
 * hashes), or null: a pack may not bring a known text back under another id and address.
 */
function overlapping(known: KnownArticles, hashes: readonly string[]): { id: string; owner: string; shared: number } | null {
  const mine = [...new Set(hashes.map((h) => parseInt(h, 16)))];
  for (const { index, owner } of known.indexes) {
    const shared = new Map<number, number>();
    for (const hash of mine) {
      for (let at = firstAtLeast(index.hashes, hash); at < index.hashes.length && index.hashes[at] === hash; at++) {
        const who = index.owners[at] as number;
        shared.set(who, (shared.get(who) ?? 0) + 1);
      }
    }
    for (const [who, count] of shared) {
      const size = Math.min(mine.length, index.sizes[who] ?? mine.length);
      if (count >= Math.min(6, size) && count >= 0.4 * size) return { id: index.ids[who] as string, owner, shared: count };
    }
  }
  return null;
}

/** The problem of a pack file over MAX_PACK_BYTES (the options page reports it before reading the file). */
export function tooBig(file: string, bytes: number): DatasetProblem {
  return { file, path: '$', message: `is ${bytes} bytes; a pack may be at most ${MAX_PACK_BYTES} bytes (2 MiB)` };
}

const within = (prefix: string, path: string): string => `${prefix}${path.slice(1)}`;

/**
 * Checks a pack file's text: size, JSON, the pack's own fields, each article by the dataset's
 * rules, the articles against each other, and against what `known` already holds.
 * Problems read like `kontekst check`'s: file, JSON path, message.
 */
export function checkPack(text: string, file: string, known: KnownArticles): { pack: DatasetPack | null; problems: DatasetProblem[] } {
  const bytes = byteLength(text);
  if (bytes > MAX_PACK_BYTES) return { pack: null, problems: [tooBig(file, bytes)] };
  const parsed = parseJson(text, file);
  if (parsed.problems.length) return { pack: null, problems: parsed.problems };
  const problems: DatasetProblem[] = validateSchema(parsed.value, PACK_SCHEMA).map((p) => ({ file, ...p }));
  if (problems.length) return { pack: null, problems };
  const candidate = parsed.value as { articles: unknown[] } & Omit<DatasetPack, 'articles'>;

  const checked: { file: string; article: Article }[] = [];
  candidate.articles.forEach((value, i) => {
    const at = `$.articles[${i}]`;
    if ((value as { savedCopy?: unknown }).savedCopy !== undefined) {
      problems.push({ file, path: `${at}.savedCopy`, message: 'belongs to the editor\'s own dataset and is not allowed in a pack' });
    }
    const result = checkArticle(value, file);
    problems.push(...result.problems.map((p) => ({ file, path: within(at, p.path), message: p.message })));
    if (result.article) checked.push({ file: at, article: result.article });
  });
  for (const p of checkAcrossArticles(checked)) problems.push({ file, path: within(p.file, p.path), message: p.message });
  for (const { file: at, article } of checked) {
    const owner = known.ids.get(article.id);
    if (owner) problems.push({ file, path: `${at}.id`, message: `article id "${article.id}" is already in ${owner}` });
    article.urls.forEach((url, j) => {
      const holder = known.addresses.get(normalizeUrl(url) as string);
      if (holder) problems.push({ file, path: `${at}.urls[${j}]`, message: `address is already claimed by ${holder}` });
    });
    const hashes = article.fingerprint.hashes;
    if (hashes.length < MIN_PACK_FINGERPRINT) {
      problems.push({
        file,
        path: `${at}.fingerprint.hashes`,
        message: `has ${hashes.length} hashes; a pack article needs at least ${MIN_PACK_FINGERPRINT} (its text is too short to be recognised safely: a page sharing a phrase with it would be taken for it)`,
      });
    } else {
      const twin = overlapping(known, hashes);
      if (twin) {
        problems.push({
          file,
          path: `${at}.fingerprint.hashes`,
          message: `shares ${twin.shared} of its ${hashes.length} hashes with "${twin.id}" in ${twin.owner}: that text is already known there, so the pack may not add it again under another id`,
        });
      }
    }
  }
  if (problems.length) return { pack: null, problems };
  return { pack: { ...candidate, articles: checked.map((c) => c.article) } as DatasetPack, problems: [] };
}

/** What the extension stores of a checked pack. */
export function storePack(pack: DatasetPack): StoredPack {
  return { index: compileIndex(pack.articles), articles: pack.articles.map(publicArticle) };
}
