import { ext } from './ext';
import { type Settings, migrateSettings, storedSettings } from './settings';

/** storage key of the settings object. */
export const SETTINGS_KEY = 'settings';

// Settings live in storage.local, on this device only: they name the sites the reader turned
// Kontekst off on, and storage.sync would copy that list to the browser vendor's servers (so the
// popup's "Nothing leaves your browser" would not hold). Versions up to 2 kept them in sync;
// the first read moves them here (migration 2 → 3 in settings.ts) and takes them out of sync.

/** Settings an older version left in storage.sync, or undefined. */
async function leftInSync(): Promise<unknown> {
  // storage.sync can be missing (some forks) or refuse (Firefox without an account): then there is nothing to move.
  const sync = ext.storage.sync as typeof ext.storage.local | undefined;
  if (!sync) return undefined;
  return (await sync.get(SETTINGS_KEY).catch(() => ({} as Record<string, unknown>)))[SETTINGS_KEY];
}

/** The reader's settings, migrated to the current version (moved out of storage.sync on first read). */
export async function loadSettings(): Promise<Settings> {
  const stored = (await ext.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  if (stored !== undefined) return migrateSettings(stored);
  const old = await leftInSync();
  const settings = migrateSettings(old);
  if (old !== undefined) {
    // Written here first, then removed there: an interruption leaves a copy, never none.
    await saveSettings(settings);
    await ext.storage.sync?.remove(SETTINGS_KEY).catch(() => undefined);
  }
  return settings;
}

/** Saves settings with the current version, on this device. */
export async function saveSettings(settings: Settings): Promise<void> {
  await ext.storage.local.set({ [SETTINGS_KEY]: storedSettings(settings) });
}
