import type browser from 'webextension-polyfill';
import { ext } from './ext';
import { type Settings, SETTINGS_VERSION, migrateSettings } from './settings';

/** storage key of the settings object. */
export const SETTINGS_KEY = 'settings';

// storage.sync follows the reader across their browsers; it can be missing or refuse
// writes (Firefox without a sync account still provides it; some forks do not).
function area(): browser.Storage.StorageArea {
  return ext.storage.sync ?? ext.storage.local;
}

/** The reader's settings, migrated to the current version. */
export async function loadSettings(): Promise<Settings> {
  const stored = await area().get(SETTINGS_KEY);
  return migrateSettings(stored[SETTINGS_KEY]);
}

/** Saves settings with the current version. */
export async function saveSettings(settings: Settings): Promise<void> {
  await area().set({ [SETTINGS_KEY]: { version: SETTINGS_VERSION, ...settings } });
}
