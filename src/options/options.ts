// The options page: the reader adds dataset packs from files, sees them listed, removes
// them. Files are read locally (File.text()); the background checks and stores them.
// Everything shown is set as text, never as HTML: pack names and problems are data.
import { shownPackName } from '../shared/pack-source';
import { formatProblem } from '../core/dataset/model';
import { MAX_PACK_BYTES, type PackSummary, tooBig } from '../core/dataset/pack-format';
import { ALL_SITES, patternSites } from '../core/dataset/publisher-sites';
import { startAccessChoice } from '../shared/access-choice';
import { reportMistakeHref } from '../shared/corrections';
import { ext } from '../shared/ext';
import { type AddPackReply, type Requests } from '../shared/messages';
import { request } from '../shared/request';

type OptionsRequest = 'options:list-packs' | 'options:add-pack' | 'options:remove-pack' | 'options:pack-origins';

/** Problems shown at most; a pack with hundreds of errors lists the first ones and a count. */
const SHOWN_PROBLEMS = 50;

function t(key: string, substitutions?: string[]): string {
  return ext.i18n.getMessage(key, substitutions) || key;
}

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`options.html lacks #${id}`);
  return found as T;
}

function send<K extends OptionsRequest>(type: K, payload: Requests[K]['payload']): Promise<Requests[K]['reply']> {
  return request(ext.runtime, type, payload);
}

function localize(): void {
  document.documentElement.lang = t('@@ui_locale').replace('_', '-');
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) node.textContent = t(node.dataset.i18n as string);
  // Nothing is sent: the link only opens the reader's own e-mail program, with the form filled in.
  element<HTMLAnchorElement>('report-mistake').href = reportMistakeHref(t('optionsReportSubject'), t('optionsReportBody'));
}

function showStatus(message: string, bad = false, problems: readonly string[] = []): void {
  const status = element('status');
  status.textContent = message;
  status.classList.toggle('bad', bad);
  const list = element<HTMLUListElement>('problems');
  list.replaceChildren(
    ...problems.slice(0, SHOWN_PROBLEMS).map((problem) => {
      const item = document.createElement('li');
      item.textContent = problem;
      return item;
    }),
  );
  if (problems.length > SHOWN_PROBLEMS) {
    const more = document.createElement('li');
    more.textContent = t('optionsMoreProblems', [String(problems.length - SHOWN_PROBLEMS)]);
    list.append(more);
  }
  list.hidden = problems.length === 0;
}

function render(packs: readonly PackSummary[]): void {
  const table = element<HTMLTableElement>('packs');
  const body = table.tBodies[0] as HTMLTableSectionElement;
  body.replaceChildren(
    ...packs.map((pack) => {
      const row = document.createElement('tr');
      const cell = (text: string, className?: string): HTMLTableCellElement => {
        const td = document.createElement('td');
        td.textContent = text;
        if (className) td.className = className;
        return td;
      };
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = t('optionsRemove');
      button.setAttribute('aria-label', t('optionsRemoveLabel', [shownPackName(pack.name)]));
      button.addEventListener('click', () => void remove(pack));
      const action = document.createElement('td');
      action.append(button);
      row.append(cell(shownPackName(pack.name)), cell(pack.version), cell(String(pack.articles), 'number'), action);
      return row;
    }),
  );
  table.hidden = packs.length === 0;
  element('no-packs').hidden = packs.length > 0;
}

/** The added packs as last listed. */
let listed: readonly PackSummary[] = [];

async function refresh(): Promise<void> {
  listed = await send('options:list-packs', {});
  render(listed);
  await showPackSites();
}

/** The packs' publisher sites Kontekst may not read yet (match patterns), asked for by the button. */
let missingPackSites: string[] = [];

/** Shows which added packs' sites Kontekst may not read, with a button that asks the browser for them. */
async function showPackSites(): Promise<void> {
  const origins = await send('options:pack-origins', {});
  const allowed = await Promise.all(origins.map((origin) => ext.permissions.contains({ origins: [origin] }).catch(() => false)));
  missingPackSites = origins.filter((_, i) => !allowed[i]);
  element('pack-sites-text').textContent = t('accessPackSites', [patternSites(missingPackSites).join(', ')]);
  element('pack-sites').hidden = missingPackSites.length === 0;
}

/**
 * Gives back the host access only `before`'s packs needed: sites a removed pack's articles were
 * at, which no remaining pack and no bundled article needs. Skipped when the reader granted
 * every site: that choice is theirs (the welcome and options pages), not a pack's to narrow.
 * Returns the sites no longer readable.
 */
async function withdrawUnneededSites(before: readonly string[], after: readonly string[]): Promise<string[]> {
  if (await ext.permissions.contains({ origins: [ALL_SITES] }).catch(() => true)) return [];
  // The manifest's sites are required (the bundled dataset's publishers): the browser refuses to remove them.
  const required = new Set(ext.runtime.getManifest().host_permissions ?? []);
  const unneeded = before.filter((origin) => !after.includes(origin) && !required.has(origin));
  const held = await Promise.all(unneeded.map((origin) => ext.permissions.contains({ origins: [origin] }).catch(() => false)));
  const withdraw = unneeded.filter((_, i) => held[i]);
  if (withdraw.length === 0) return [];
  return (await ext.permissions.remove({ origins: withdraw }).catch(() => false)) ? patternSites(withdraw) : [];
}

async function remove(pack: PackSummary): Promise<void> {
  const before = await send('options:pack-origins', {});
  const removed = await send('options:remove-pack', { id: pack.id });
  const withdrawn = removed ? await withdrawUnneededSites(before, await send('options:pack-origins', {})) : [];
  const message = t(removed ? 'optionsRemoved' : 'optionsRemoveFailed', [shownPackName(pack.name)]);
  showStatus(withdrawn.length ? `${message} ${t('optionsSitesWithdrawn', [withdrawn.join(', ')])}` : message, !removed);
  await refresh();
  element('pack-file').focus();
}

function describeAdded(reply: Extract<AddPackReply, { ok: true }>): string {
  const { pack, replaced } = reply;
  return replaced === null
    ? t('optionsAdded', [shownPackName(pack.name), pack.version, String(pack.articles)])
    : t('optionsUpdated', [shownPackName(pack.name), replaced, pack.version, String(pack.articles)]);
}

/** The name and version a pack file gives itself, when it is a pack at all (the background checks the rest). */
function packLabel(text: string): { name: string; version: string } | null {
  try {
    const value = JSON.parse(text) as { name?: unknown; version?: unknown };
    return typeof value.name === 'string' && typeof value.version === 'string' ? { name: value.name, version: value.version } : null;
  } catch {
    return null;
  }
}

/** Asks in the status line whether the chosen pack may replace the added one; resolves with the answer. */
function confirmReplace(name: string, oldVersion: string, newVersion: string): Promise<boolean> {
  const status = element('status');
  status.classList.remove('bad');
  element('problems').hidden = true;
  const question = document.createElement('p');
  question.textContent = t('optionsReplaceAsk', [shownPackName(name), oldVersion, newVersion]);
  const answer = (label: string, value: boolean, resolve: (v: boolean) => void): HTMLButtonElement => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.addEventListener('click', () => {
      status.replaceChildren();
      resolve(value);
    });
    return button;
  };
  return new Promise((resolve) => {
    const replace = answer(t('optionsReplace'), true, resolve);
    status.replaceChildren(question, replace, document.createTextNode(' '), answer(t('optionsKeep'), false, resolve));
    replace.focus();
  });
}

/** Reads the chosen file, hands it to the background, and shows what came of it. */
async function addFile(file: File): Promise<void> {
  if (file.size > MAX_PACK_BYTES) {
    // Too big to be worth reading into memory at all.
    showStatus(t('optionsRejected', [file.name, '1']), true, [formatProblem(tooBig(file.name, file.size))]);
    return;
  }
  let reply: AddPackReply;
  try {
    const text = await file.text();
    // A pack of an added pack's name replaces it: the reader says so first, seeing both versions.
    const label = packLabel(text);
    const previous = label && listed.find((p) => p.name === label.name);
    if (label && previous && !(await confirmReplace(label.name, previous.version, label.version))) {
      showStatus(t('optionsKept', [shownPackName(previous.name), previous.version]));
      return;
    }
    reply = await send('options:add-pack', { file: file.name, text });
  } catch (error) {
    showStatus(t('optionsFailed', [file.name, (error as Error).message]), true);
    return;
  }
  if (reply.ok) showStatus(describeAdded(reply));
  else showStatus(t('optionsRejected', [file.name, String(reply.problems.length)]), true, reply.problems);
  await refresh();
}

function start(): void {
  localize();
  void startAccessChoice(document, ext);
  element('allow-pack-sites').addEventListener('click', () => {
    // In the click itself: the browser prompts only for a user action (Firefox: synchronously).
    void ext.permissions.request({ origins: missingPackSites }).catch(() => false).then(showPackSites);
  });
  const changed = (): void => void showPackSites().catch(() => undefined);
  ext.permissions.onAdded.addListener(changed);
  ext.permissions.onRemoved.addListener(changed);
  const input = element<HTMLInputElement>('pack-file');
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (!file) return;
    void addFile(file).finally(() => {
      // Cleared so choosing the same file again (after fixing it) fires `change` again.
      input.value = '';
    });
  });
  void refresh().catch((error: unknown) => showStatus(t('optionsFailed', ['', (error as Error).message]), true));
}

start();
