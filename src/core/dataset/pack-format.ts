// Dataset packs: articles a reader adds to their own Kontekst from a file. A pack is
// checked with the dataset's own rules (checkArticle, checkAcrossArticles), may not claim
// an article id or address that the bundled dataset or another pack already has, and is
// then recognised through the same compiled index as the bundled dataset.
import { type Article, type DatasetProblem, type PublicArticle, publicArticle } from './model';
import { checkAcrossArticles, checkArticle, parseJson } from './article-checks';
import { compileIndex } from '../recognition/index-compile';
import type { CompiledIndex, RecognitionIndex } from '../recognition/recognize';
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

/** Ids and addresses someone already has: article id → owner, normalised address → owner. */
export interface KnownArticles {
  ids: Map<string, string>;
  addresses: Map<string, string>;
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

/** Adds an index's article ids and addresses to `known`, owned by `owner` (e.g. "the bundled dataset"). */
export function addKnown(known: KnownArticles, index: Pick<RecognitionIndex, 'ids' | 'urls'>, owner: string): KnownArticles {
  for (const id of index.ids) known.ids.set(id, owner);
  for (const address of index.urls.keys()) known.addresses.set(address, owner);
  return known;
}

/** An empty KnownArticles. */
export function noneKnown(): KnownArticles {
  return { ids: new Map(), addresses: new Map() };
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
  }
  if (problems.length) return { pack: null, problems };
  return { pack: { ...candidate, articles: checked.map((c) => c.article) } as DatasetPack, problems: [] };
}

/** What the extension stores of a checked pack. */
export function storePack(pack: DatasetPack): StoredPack {
  return { index: compileIndex(pack.articles), articles: pack.articles.map(publicArticle) };
}
