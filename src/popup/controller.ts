// The toolbar popup: the two switches, the page's notes and claims, and why there are none.
// All text comes from _locales through i18n.getMessage (`__MSG_…__` works in the manifest
// and CSS, not in an extension page's HTML).
import { type I18nApi, type MessageKey, type Translate, formatDate, plural, readerLanguage, translator } from '../shared/i18n';
import { type RequestName, type Requests, type TabState, type TabStatus } from '../shared/messages';
import { request } from '../shared/request';
import { renderPackSource } from '../shared/pack-source';

/** The extension APIs the popup uses (a subset of `browser`/`chrome`). */
export interface PopupApi {
  runtime: { sendMessage(message: unknown): Promise<unknown>; openOptionsPage(): Promise<void> };
  tabs: { query(query: { active: boolean; currentWindow: boolean }): Promise<{ id?: number }[]> };
  i18n: I18nApi;
  permissions: {
    request(permissions: { origins: string[] }): Promise<boolean>;
    onAdded: { addListener(listener: () => void): void };
  };
}

/** While the tab is still being read, ask again this often, this many times at most. */
export const POLL_MS = 250;
export const POLL_LIMIT = 20;

const STATUS_LINES: Record<Exclude<TabStatus, 'annotated'>, MessageKey> = {
  'not-article': 'statusNotArticle',
  off: 'statusOff',
  'off-site': 'statusOffSite',
  unsupported: 'statusUnsupported',
  pending: 'statusPending',
  'no-access': 'statusNoAccess',
};

interface Elements {
  enabled: HTMLInputElement;
  enabledLabel: HTMLElement;
  site: HTMLInputElement;
  siteLabel: HTMLElement;
  status: HTMLElement;
  packSource: HTMLElement;
  copySource: HTMLElement;
  claimsSection: HTMLElement;
  claimsHeading: HTMLElement;
  claims: HTMLUListElement;
  privacy: HTMLElement;
  packs: HTMLButtonElement;
  access: HTMLElement;
  accessWhy: HTMLElement;
  allowSite: HTMLButtonElement;
  runOnce: HTMLButtonElement;
}

function find(doc: Document): Elements {
  const get = <T extends HTMLElement>(id: string): T => {
    const el = doc.getElementById(id);
    if (!el) throw new Error(`popup.html lacks #${id}`);
    return el as T;
  };
  return {
    enabled: get('enabled'),
    enabledLabel: get('enabled-label'),
    site: get('site'),
    siteLabel: get('site-label'),
    status: get('status'),
    packSource: get('pack-source'),
    copySource: get('copy-source'),
    claimsSection: get('claims-section'),
    claimsHeading: get('claims-heading'),
    claims: get('claims'),
    privacy: get('privacy'),
    packs: get('packs'),
    access: get('access'),
    accessWhy: get('access-why'),
    allowSite: get('allow-site'),
    runOnce: get('run-once'),
  };
}

/** The tab the popup is about: `?tab=ID` when given (tests open the popup as a tab), else the active tab. */
export async function targetTab(api: PopupApi, search: string): Promise<number | null> {
  const param = new URLSearchParams(search).get('tab');
  if (param !== null && /^\d{1,10}$/.test(param)) return Number(param);
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/** A running popup. */
export interface Popup {
  /** Settles when the first state is shown. */
  ready: Promise<void>;
  /** The state shown last. */
  state(): TabState | null;
}

/** Fills the popup in `doc` and wires its controls. `close` shuts the popup (not when it is a tab). */
export function startPopup(doc: Document, api: PopupApi, search: string, close: () => void): Popup {
  const t: Translate = translator(api.i18n);
  const language = readerLanguage(api.i18n);
  const el = find(doc);
  const asTab = new URLSearchParams(search).has('tab');
  let tabId: number | null = null;
  let current: TabState | null = null;
  let polls = 0;
  let pollTimer = 0;
  // After the reader allowed the site or ran Kontekst once: ask until the page has been read.
  let awaitingRead = false;

  doc.documentElement.lang = language;
  doc.title = t('popupTitle');
  el.enabledLabel.textContent = t('popupEnabled');
  el.siteLabel.textContent = t('popupSiteUnknown');
  el.claimsHeading.textContent = t('popupClaimsLabel');
  el.privacy.textContent = t('popupPrivacy');
  el.packs.textContent = t('popupPacks');

  const ask = <K extends RequestName>(type: K, payload: Requests[K]['payload']): Promise<Requests[K]['reply']> => request(api.runtime, type, payload);

  const showLine = (text: string, isCount: boolean): void => {
    el.status.textContent = text;
    el.status.classList.toggle('count', isCount);
  };

  const render = (state: TabState): void => {
    current = state;
    el.enabled.checked = state.settings.enabled;
    el.enabled.disabled = false;
    const site = state.site;
    el.siteLabel.textContent = site ? t('popupSite', site) : t('popupSiteUnknown');
    el.site.checked = site !== null && !state.settings.disabledSites.includes(site);
    el.site.disabled = site === null || !state.settings.enabled;

    const found = state.status === 'annotated' ? state.claims.filter((c) => c.status !== 'missing') : [];
    el.claims.replaceChildren();
    if (state.status !== 'annotated') {
      showLine(t(STATUS_LINES[state.status]), false);
    } else if (found.length === 0) {
      showLine(t('statusNoneFound'), false);
    } else {
      const notes = found.reduce((sum, c) => sum + c.notes, 0);
      showLine(plural(t, language, notes, 'popupNotesOne', 'popupNotesOther'), true);
      for (const claim of found) {
        const item = doc.createElement('li');
        const button = doc.createElement('button');
        button.type = 'button';
        button.className = 'claim';
        button.dataset.claimId = claim.id;
        const title = doc.createElement('span');
        title.className = 'claim-title';
        title.textContent = claim.title;
        const count = doc.createElement('span');
        count.className = 'claim-count';
        count.textContent = plural(t, language, claim.notes, 'popupClaimNotesOne', 'popupClaimNotesOther');
        button.append(title, count);
        if (claim.corrected) {
          // The list marks a corrected note as the card does, so a reader who saw the old text can find it.
          const corrected = doc.createElement('span');
          corrected.className = 'claim-corrected';
          corrected.textContent = t('popupCorrected', formatDate(claim.corrected, language));
          title.append(corrected);
        }
        item.append(button);
        el.claims.append(item);
      }
    }
    el.claimsSection.hidden = found.length === 0;
    // The same line as the card's: whose notes these are, when not Kontekst's own.
    const pack = state.status === 'annotated' ? state.pack : null;
    el.packSource.replaceChildren(...(pack ? renderPackSource(doc, t, pack.name, 'pack-source').childNodes : []));
    el.packSource.hidden = !pack;
    // Recognised by its links or its text, not at its own address: the page is a copy, and says whose.
    const copied = state.status === 'annotated' && state.article && state.article.matchedBy !== 'url' ? state.article : null;
    el.copySource.textContent =
      copied?.publisher && copied.published ? t('copySource', copied.headline, copied.publisher, formatDate(copied.published, language)) : '';
    el.copySource.hidden = !el.copySource.textContent;
    renderAccess(state);
  };

  // On a page Kontekst may not read: why, and the two ways to let it (nothing shows where it may).
  const renderAccess = (state: TabState): void => {
    const access = state.access;
    const site = state.site;
    const withheld = access != null && !access.readable && site !== null && state.status !== 'off' && state.status !== 'off-site';
    el.access.hidden = !withheld;
    if (!withheld) return;
    const never = state.status === 'no-access';
    el.accessWhy.textContent = !never ? t('accessReadOnce', site) : t(access.scope === 'publishers' && !access.publisher ? 'accessPublishersOnly' : 'accessWithheld', site);
    el.allowSite.textContent = t('accessAllowSite', site);
    el.runOnce.textContent = t('accessRunOnce');
    el.runOnce.hidden = !never;
  };

  const load = async (): Promise<void> => {
    if (tabId === null) return;
    clearTimeout(pollTimer);
    try {
      const state = await ask('popup:get-state', { tabId });
      render(state);
      // Right after a switch the tab is reading itself again; ask until it has.
      const reading = state.status === 'pending' || (awaitingRead && state.status !== 'annotated' && state.status !== 'unsupported');
      if (reading && polls++ < POLL_LIMIT) pollTimer = window.setTimeout(() => void load(), POLL_MS);
    } catch {
      showLine(t('statusError'), false);
    }
  };

  const reload = (): Promise<void> => {
    polls = 0;
    return load();
  };

  el.enabled.addEventListener('change', () => {
    void ask('popup:set-enabled', { enabled: el.enabled.checked }).then(reload, () => showLine(t('statusError'), false));
  });
  el.site.addEventListener('change', () => {
    const site = current?.site;
    if (!site) return;
    void ask('popup:set-site', { site, enabled: el.site.checked }).then(reload, () => showLine(t('statusError'), false));
  });
  el.allowSite.addEventListener('click', () => {
    const origins = current?.access?.origins;
    const site = current?.site;
    if (!origins?.length || !site) return;
    // Asked in the click itself: browsers show their permission prompt only for a user action
    // (Firefox only synchronously inside the handler, so nothing may be awaited before it).
    // Firefox's prompt may close the popup (it takes focus); the background marks the page on its own
    // (permissions.onAdded), so nothing here depends on the answer arriving.
    void api.permissions.request({ origins }).then(
      (allowed) => {
        if (!allowed) return showLine(t('accessDenied', site), false);
        awaitingRead = true;
        return reload();
      },
      () => showLine(t('accessDenied', site), false),
    );
  });
  // Access granted elsewhere while the popup is open (the browser's own site access menu).
  api.permissions.onAdded.addListener(() => {
    awaitingRead = true;
    void reload();
  });
  el.runOnce.addEventListener('click', () => {
    if (tabId === null) return;
    void ask('popup:run-once', { tabId }).then(
      (outcome) => {
        if (outcome === 'unreadable') return showLine(t('accessRunFailed'), false);
        awaitingRead = true;
        return reload();
      },
      () => showLine(t('statusError'), false),
    );
  });
  el.packs.addEventListener('click', () => {
    // Dataset packs are added and removed on the options page.
    void api.runtime.openOptionsPage().then(() => (asTab ? undefined : close()), () => showLine(t('statusError'), false));
  });
  el.claims.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button.claim');
    const claimId = button?.dataset.claimId;
    if (!claimId || tabId === null) return;
    void ask('popup:show-claim', { tabId, claimId }).then((shown) => {
      // The reader wants to see the page; an ordinary popup would otherwise cover it.
      if (shown && !asTab) close();
    }, () => undefined);
  });

  const ready = (async () => {
    try {
      tabId = await targetTab(api, search);
    } catch {
      tabId = null;
    }
    if (tabId === null) {
      showLine(t('statusUnsupported'), false);
      return;
    }
    await reload();
  })();

  return { ready, state: () => current };
}
