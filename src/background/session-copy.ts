// A copy in storage.session of a value the background keeps in storage.local. A Firefox event
// page that just started waits 30–90 ms for its first storage.local read (the area's IndexedDB is
// opened for each new background page); storage.session is in memory, never written to disk, and
// read in a few milliseconds, so a background woken later in the same browser session reads the
// copy instead. The copy follows every change of the stored value (storage.onChanged, which also
// wakes the background); a read of storage.local that began before a change leaves no copy behind.
// Used for the reader's settings (current-settings.ts) and the list of added packs (packs.ts).
import { isObject } from '../core/dataset/json-object';

/** The part of a storage area the copy is kept in (storage.session in the extension, a Map in tests). */
export interface CopyArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Runs a write to the copy's area: a refused or failed write only means the next background reads storage.local. */
function quietly(write: () => Promise<void> | undefined): void {
  try {
    void Promise.resolve(write()).catch(() => undefined);
  } catch {
    // The area threw at once (an extension context gone): no copy, as above.
  }
}

/** What storage holds, as the copy has it: `value` is undefined when nothing is stored. */
interface Held {
  value: unknown;
}

/**
 * A copy under `key` in `area()` (undefined: a browser without storage.session, nothing copied).
 * `wrap`: the copy holds `{ [wrap]: value }`, null when nothing is stored, so that "nothing
 * stored" is itself a copy a background can read without storage.local; without it the copy is
 * the value itself, and nothing stored is no copy.
 */
export class SessionCopy {
  /** Counts changes, so a read that began before one does not leave its out-of-date copy behind. */
  private changes = 0;

  constructor(
    private readonly area: () => CopyArea | undefined,
    private readonly key: string,
    private readonly wrap?: string,
  ) {}

  /** The stored value, unchecked (the caller reads it as it reads storage): from the copy when there is one, else from `readStored`, and then copied unless it changed meanwhile. */
  async read(readStored: () => Promise<unknown>): Promise<unknown> {
    const held = await this.held();
    if (held) return held.value;
    const began = this.changes;
    const value = await readStored();
    if (began === this.changes) this.write(value);
    return value;
  }

  /**
   * The stored value changed. `now.value`: what storage.local holds now (undefined: nothing),
   * which the copy takes; without `now` the copy goes, and the next read reads storage.local.
   */
  changed(now?: Held): void {
    this.changes++;
    if (now) this.write(now.value);
    else quietly(() => this.area()?.remove(this.key));
  }

  private async held(): Promise<Held | undefined> {
    let copy: unknown;
    try {
      copy = (await this.area()?.get(this.key))?.[this.key];
    } catch {
      return undefined;
    }
    if (copy === undefined) return undefined;
    if (this.wrap === undefined) return { value: copy };
    if (!isObject(copy) || !(this.wrap in copy)) return undefined;
    const value = copy[this.wrap];
    return { value: value === null ? undefined : value };
  }

  private write(value: unknown): void {
    const area = this.area();
    if (!area) return;
    if (this.wrap !== undefined) quietly(() => area.set({ [this.key]: { [this.wrap as string]: value ?? null } }));
    else if (value === undefined) quietly(() => area.remove(this.key));
    else quietly(() => area.set({ [this.key]: value }));
  }
}
