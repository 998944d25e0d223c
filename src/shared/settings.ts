// Typed settings in one place: defaults, the stored shape with its version, and
// migrations so a reader's choices survive every update. Pure: no extension APIs.
import { isObject } from '../core/dataset/json-object';

export const defaults = {
  /** Kontekst marks claims at all. */
  enabled: true,
  /** Sites (host names without www.) where the reader turned Kontekst off. */
  disabledSites: [] as string[],
};

export type Settings = typeof defaults;

/** The version written by this code; bump it and add a migration when the shape changes. */
export const SETTINGS_VERSION = 3;

/** Settings as storage keeps them: with the version that wrote them, so a later read migrates from there. */
export type StoredSettings = Settings & { version: number };

/** The stored form of `settings` (this code's version). */
export function storedSettings(settings: Settings): StoredSettings {
  return { version: SETTINGS_VERSION, ...settings };
}

type Migration = (stored: Record<string, unknown>) => Record<string, unknown>;

/** migrations[n] turns version n+1's shape into version n+2's. */
const migrations: Migration[] = [
  // 1 → 2: version 1 kept `sites: {[host]: boolean}` (false = off); 2 keeps a list of turned-off sites.
  // A list already there is kept too: a broken version field must not wipe a reader's choices.
  ({ sites, ...rest }) => ({
    ...rest,
    disabledSites: [
      ...(Array.isArray(rest.disabledSites) ? rest.disabledSites : []),
      ...(isObject(sites)
        ? Object.entries(sites).filter(([, on]) => on === false).map(([host]) => host)
        : []),
    ],
  }),
  // 2 → 3: the same fields, kept in storage.local instead of storage.sync (they name sites, which
  // must not leave the device); settings-store.ts moves them when it reads a version 2 from sync.
  (value) => value,
];

function cleanHosts(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const hosts = value.filter((h): h is string => typeof h === 'string' && h.length > 0 && h.length <= 253).map((h) => h.toLowerCase());
  return [...new Set(hosts)].sort();
}

/** Reads whatever was stored (any version, or garbage) into current settings, keeping what it can. */
export function migrateSettings(stored: unknown): Settings {
  if (typeof stored !== 'object' || stored === null) return { ...defaults, disabledSites: [] };
  let value = { ...(stored as Record<string, unknown>) };
  const version = typeof value.version === 'number' && Number.isInteger(value.version) ? value.version : 1;
  for (let v = Math.max(1, version); v < SETTINGS_VERSION; v++) value = (migrations[v - 1] as Migration)(value);
  return {
    enabled: typeof value.enabled === 'boolean' ? value.enabled : defaults.enabled,
    disabledSites: cleanHosts(value.disabledSites),
  };
}

/** The site a page belongs to, as settings name it; null for pages Kontekst never runs on. */
export function siteOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** Whether Kontekst should mark claims on `url`. */
export function isActiveOn(settings: Settings, url: string | undefined): boolean {
  const site = siteOf(url);
  return settings.enabled && site !== null && !settings.disabledSites.includes(site);
}

/** Settings with one site turned on or off. */
export function withSite(settings: Settings, site: string, enabled: boolean): Settings {
  const others = settings.disabledSites.filter((s) => s !== site);
  return { ...settings, disabledSites: enabled ? others : [...others, site].sort() };
}
