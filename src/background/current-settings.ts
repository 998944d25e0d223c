// The reader's settings as the background last read them. storage.local keeps them (on the device,
// across browser sessions), and every page's detection starts with them: the background reads
// them once per run, and a background woken later in the same browser session reads them from
// a copy in storage.session (session-copy.ts), which follows every change of the stored settings.
import browser from 'webextension-polyfill';
import { type Settings, migrateSettings, storedSettings } from '../shared/settings';
import { loadSettings } from '../shared/settings-store';
import { SessionCopy } from './session-copy';

/** The copy of the stored settings (as storage.local holds them, or as last read from there). */
const copy = new SessionCopy(() => (browser.storage as { session?: browser.Storage.StorageArea }).session, 'settings-copy');

let reading: Promise<Settings> | null = null;
let known: Settings | null = null;

// The copy holds the stored form, version and all, as storage.local does (and as settingsChanged
// copies it): read back, it is migrated from the version it was written by, not from version 1.
async function readSettings(): Promise<Settings> {
  return migrateSettings(await copy.read(async () => storedSettings(await loadSettings())));
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
  reading = null;
  known = null;
  copy.changed({ value: stored });
}

/** The settings if they have been read since they last changed, else null (not read yet). */
export function knownSettings(): Settings | null {
  return known;
}
