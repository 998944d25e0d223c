// The reader's choice of where Kontekst may read, shown on the welcome page and the options
// page: all sites (copies of an article recognised anywhere) or only the publishers' own
// sites (the manifest's host_permissions, derived from the dataset at build time). The choice
// is the browser's own permission state, never a setting of ours that could disagree with it.
import { ALL_SITES, patternSites } from '../core/dataset/publisher-sites';
import type { I18nApi } from './i18n';

interface PermissionsEvent {
  addListener(listener: () => void): void;
  removeListener(listener: () => void): void;
}

/** The extension APIs the choice uses (a subset of `browser`/`chrome`). */
export interface AccessChoiceApi {
  permissions: {
    contains(permissions: { origins: string[] }): Promise<boolean>;
    request(permissions: { origins: string[] }): Promise<boolean>;
    remove(permissions: { origins: string[] }): Promise<boolean>;
    onAdded: PermissionsEvent;
    onRemoved: PermissionsEvent;
  };
  runtime: { getManifest(): { host_permissions?: string[] } };
  i18n: I18nApi;
}

/** Publisher sites named on the page at most; more are counted. */
export const SHOWN_SITES = 8;

/** The elements of the choice in a page (welcome.html, options.html). */
function parts(doc: Document): { all: HTMLInputElement; publishers: HTMLInputElement; sites: HTMLElement; status: HTMLElement } {
  const get = <T extends HTMLElement>(id: string): T => {
    const el = doc.getElementById(id);
    if (!el) throw new Error(`the page lacks #${id}`);
    return el as T;
  };
  return { all: get('access-all'), publishers: get('access-publishers'), sites: get('publisher-sites'), status: get('access-status') };
}

/** Wires the choice in `doc`; listeners go with `signal`. Settles when the current choice is shown. */
export function startAccessChoice(doc: Document, api: AccessChoiceApi, signal?: AbortSignal): Promise<void> {
  const t = (key: string, ...subs: string[]): string => api.i18n.getMessage(key, subs.length ? subs : undefined) || key;
  const el = parts(doc);
  const everything = { origins: [ALL_SITES] };
  const sites = patternSites(api.runtime.getManifest().host_permissions ?? []);
  // A dataset of many publishers names the first few and counts the rest.
  el.sites.textContent =
    sites.length <= SHOWN_SITES
      ? t('accessChoicePublisherSites', sites.join(', '))
      : t('accessChoicePublisherSitesMore', sites.slice(0, SHOWN_SITES).join(', '), String(sites.length - SHOWN_SITES));

  const show = async (): Promise<void> => {
    const all = await api.permissions.contains(everything).catch(() => false);
    el.all.checked = all;
    el.publishers.checked = !all;
  };
  const say = (key: string): void => {
    el.status.textContent = t(key);
  };

  el.all.addEventListener(
    'change',
    () => {
      // Asked in the reader's own input event: browsers prompt only then (Firefox: synchronously).
      void api.permissions.request(everything).then(
        (granted) => say(granted ? 'accessChosenAll' : 'accessDeclined'),
        () => say('accessDeclined'),
      ).then(show);
    },
    { signal },
  );
  el.publishers.addEventListener(
    'change',
    () => {
      void api.permissions.remove(everything).then(() => say('accessChosenPublishers'), () => undefined).then(show);
    },
    { signal },
  );
  // Access also changes outside this page (the popup, the browser's own menus).
  const changed = (): void => void show();
  api.permissions.onAdded.addListener(changed);
  api.permissions.onRemoved.addListener(changed);
  signal?.addEventListener('abort', () => {
    api.permissions.onAdded.removeListener(changed);
    api.permissions.onRemoved.removeListener(changed);
  });
  return show();
}
