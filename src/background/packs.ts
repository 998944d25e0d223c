// The dataset packs a reader added, kept in storage.local: a list of summaries under
// PACK_LIST_KEY and each pack's compiled index and articles under `pack:<id>`. All writes
// go through one queue here, so two quick adds cannot overwrite each other's list.
import { type DatasetProblem, type PublicArticle, formatProblem } from '../core/dataset/model';
import { MAX_STORED_PACKS_BYTES, type PackSummary, type StoredPack, addKnown, byteLength, checkPack, noneKnown, storePack } from '../core/dataset/pack-format';
import { type RecognitionIndex, loadIndex } from '../core/recognition/recognize';
import { slugify, uniqueId } from '../core/dataset/slug';
import { isObject } from '../core/dataset/json-object';
import { type CopyArea, SessionCopy } from './session-copy';

/** The part of a storage area packs use (storage.local in the extension, a Map in tests). */
export interface PackArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/** storage.local key of the list of added packs. */
export const PACK_LIST_KEY = 'packs';
/** storage.session key of the copy of the list, as `{ list }` (list null: no list stored). */
const LIST_COPY_KEY = 'packs-copy';
const packKey = (id: string): string => `pack:${id}`;

interface PackList {
  format: 1;
  packs: PackSummary[];
}

/** A loaded pack: its recognition index and its articles by id. */
interface LoadedPack {
  summary: PackSummary;
  index: RecognitionIndex;
  articles: Map<string, PublicArticle>;
}

/** What adding a pack answers. */
export type AddPackResult = { ok: true; pack: PackSummary; replaced: string | null } | { ok: false; problems: string[] };


function isSummary(v: unknown): v is PackSummary {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    /^[a-z0-9-]+$/.test(v.id) &&
    typeof v.name === 'string' &&
    typeof v.version === 'string' &&
    Number.isInteger(v.articles) &&
    Number.isInteger(v.bytes)
  );
}

function readList(value: unknown): PackSummary[] {
  if (!isObject(value) || value.format !== 1 || !Array.isArray(value.packs)) return [];
  return value.packs.filter(isSummary);
}

/** The reader's added packs. */
export class PackStore {
  private loaded: Promise<LoadedPack[]> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** The copy of the stored list (as `{ list }`, null: no list stored). */
  private readonly listCopy: SessionCopy;

  /**
   * `bundled` gives the bundled dataset's index: packs may not repeat its ids or addresses.
   * `copy` (storage.session in the extension) keeps a copy of the list: a background that wakes
   * for a page reads it there in a few milliseconds, where its first storage.local read takes
   * 30–90 ms in Firefox; with no packs added (most readers), storage.local is not read at all.
   */
  constructor(
    private readonly area: PackArea,
    private readonly bundled: () => Promise<RecognitionIndex>,
    copy?: CopyArea,
  ) {
    this.listCopy = new SessionCopy(() => copy, LIST_COPY_KEY, 'list');
  }

  /**
   * Forgets what was read, e.g. when storage changed under it. `now.list`: the list stored now
   * (undefined: none), which the copy takes; without it the copy goes, and the list is read from storage.
   */
  invalidate(now?: { list: unknown }): void {
    this.loaded = null;
    this.listCopy.changed(now && { value: now.list });
  }

  /** The stored list, from the copy when there is one. */
  private async storedList(): Promise<unknown> {
    return this.listCopy.read(async () => (await this.area.get(PACK_LIST_KEY))[PACK_LIST_KEY]);
  }

  /** The added packs, read and loaded once until something changes. */
  private load(): Promise<LoadedPack[]> {
    this.loaded ??= (async () => {
      const list = readList(await this.storedList());
      if (list.length === 0) return [];
      const data = await this.area.get(list.map((p) => packKey(p.id)));
      const packs: LoadedPack[] = [];
      for (const summary of list) {
        const stored = data[packKey(summary.id)] as StoredPack | undefined;
        try {
          if (!stored || !Array.isArray(stored.articles)) throw new Error('missing');
          packs.push({ summary, index: loadIndex(stored.index), articles: new Map(stored.articles.map((a) => [a.id, a])) });
        } catch (error) {
          // One damaged pack must not take the others (or the bundled dataset) down with it.
          console.warn(`Kontekst: skipping the pack "${summary.name}": ${(error as Error).message}`);
        }
      }
      return packs;
    })();
    this.loaded.catch(() => (this.loaded = null));
    return this.loaded;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Summaries of the added packs, in the order they were added. */
  async list(): Promise<PackSummary[]> {
    return (await this.load()).map((p) => p.summary);
  }

  /** The recognition index of each added pack. */
  async indexes(): Promise<RecognitionIndex[]> {
    return (await this.load()).map((p) => p.index);
  }

  /** The addresses of every added pack's articles (their publishers' sites need host access). */
  async articleUrls(): Promise<string[]> {
    return (await this.load()).flatMap((pack) => [...pack.articles.values()].flatMap((article) => article.urls));
  }

  /** An article from an added pack, or null. */
  async article(id: string): Promise<PublicArticle | null> {
    return (await this.articleWithPack(id))?.article ?? null;
  }

  /** An article from an added pack with the pack that holds it (the card names it), or null. */
  async articleWithPack(id: string): Promise<{ article: PublicArticle; pack: PackSummary } | null> {
    for (const pack of await this.load()) {
      const article = pack.articles.get(id);
      if (article) return { article, pack: pack.summary };
    }
    return null;
  }

  /**
   * Checks a pack file and stores it when it passes. A pack with the name of an added one
   * replaces it (a new version); its own articles then do not count as already known.
   */
  add(file: string, text: string): Promise<AddPackResult> {
    return this.exclusive(async () => {
      const packs = await this.load();
      const known = addKnown(noneKnown(), await this.bundled(), 'the bundled dataset', true);
      const name = (() => {
        try {
          const parsed = JSON.parse(text) as { name?: unknown };
          return typeof parsed.name === 'string' ? parsed.name : null;
        } catch {
          return null;
        }
      })();
      const previous = packs.find((p) => p.summary.name === name);
      for (const pack of packs) if (pack !== previous) addKnown(known, pack.index, `the pack "${pack.summary.name}"`);
      const { pack, problems } = checkPack(text, file, known);
      if (!pack) return { ok: false, problems: problems.map(formatProblem) };

      const stored = storePack(pack);
      const bytes = byteLength(JSON.stringify(stored));
      const others = packs.filter((p) => p !== previous);
      const total = others.reduce((sum, p) => sum + p.summary.bytes, bytes);
      if (total > MAX_STORED_PACKS_BYTES) {
        const problem: DatasetProblem = {
          file,
          path: '$',
          message: `added packs would take ${total} bytes; Kontekst keeps at most ${MAX_STORED_PACKS_BYTES} bytes of packs, so remove one first`,
        };
        return { ok: false, problems: [formatProblem(problem)] };
      }
      const id = previous?.summary.id ?? uniqueId(slugify(pack.name, 40) || 'pack', new Set(packs.map((p) => p.summary.id)));
      const summary: PackSummary = { id, name: pack.name, version: pack.version, articles: pack.articles.length, bytes };
      // The data first, then the list: an interrupted add leaves an unlisted key, never a listed pack without data.
      await this.area.set({ [packKey(id)]: stored });
      const list = previous ? packs.map((p) => (p === previous ? summary : p.summary)) : [...packs.map((p) => p.summary), summary];
      const listed: PackList = { format: 1, packs: list };
      await this.area.set({ [PACK_LIST_KEY]: listed });
      this.invalidate({ list: listed });
      return { ok: true, pack: summary, replaced: previous ? previous.summary.version : null };
    });
  }

  /** Removes an added pack; false when there is none with that id. */
  remove(id: string): Promise<boolean> {
    return this.exclusive(async () => {
      const list = await this.list();
      if (!list.some((p) => p.id === id)) return false;
      const listed: PackList = { format: 1, packs: list.filter((p) => p.id !== id) };
      await this.area.set({ [PACK_LIST_KEY]: listed });
      await this.area.remove(packKey(id));
      this.invalidate({ list: listed });
      return true;
    });
  }
}
