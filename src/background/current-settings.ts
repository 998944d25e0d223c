// The reader's settings as the background last read them. storage.local keeps them (on the device,
// across browser sessions), but a Firefox event page that just started waits 30–90 ms for its first
// storage.local read (the area's IndexedDB is opened for each new background page), and every
// page's detection starts with the settings. So the background reads them once per run, and keeps
// a copy in storage.session (in memory, never written to disk, read in a few milliseconds) that a
// background woken later in the same browser session reads instead. The copy follows every change
// of the stored settings (storage.onChanged, which also wakes the background).
import browser from 'webextension-polyfill';
import { type Settings, migrateSettings } from '../shared/settings';
import { loadSettings } from '../shared/settings-store';

/** storage.session key of the copy of the stored settings. */
const COPY_KEY = 'settings-copy';

let reading: Promise<Settings> | null = null;
let known: Settings | null = null;
/** Counts changes, so a read that began before one does not leave its out-of-date copy behind. */
let changes = 0;

function session(): browser.Storage.StorageArea | undefined {
  return (browser.storage as { session?: browser.Storage.StorageArea }).session;
}

async function readSettings(): Promise<Settings> {
  const copy: unknown = (await Promise.resolve(session()?.get(COPY_KEY)).catch(() => undefined))?.[COPY_KEY];
  if (copy !== undefined) return migrateSettings(copy);
  const began = changes;
  const settings = await loadSettings();
  if (began === changes) void Promise.resolve(session()?.set({ [COPY_KEY]: settings })).catch(() => undefined);
  return settings;
}

/** The reader's settings: read once, then from memory until they change. */
export function currentSettings(): Promise<Settings> {
  if (!reading) {
    const read = readSettings();
    reading = read;
    read.then(
      (settings) => {
        if (reading === read) known = settings;
      },
      () => {
        if (reading === read) reading = null;
      },
    );
  }
  return reading;
}

/**
 * The stored settings changed (saved here, or by another page, or in the developer tools):
 * `stored` is what storage.local holds now (undefined: nothing). The next read reads them again.
 */
export function settingsChanged(stored: unknown): void {
  changes++;
  reading = null;
  known = null;
  const area = session();
  if (!area) return;
  void (stored === undefined ? area.remove(COPY_KEY) : area.set({ [COPY_KEY]: stored })).catch(() => undefined);
}

/** The settings if they have been read since they last changed, else null (not read yet). */
export function knownSettings(): Settings | null {
  return known;
}
