// The first-run page (opened by the background on install): what Kontekst reads and why, and
// the reader's choice of where it may read. Text from _locales, like the popup and options.
import { startAccessChoice } from '../shared/access-choice';
import { ext } from '../shared/ext';

function localize(): void {
  const t = (key: string): string => ext.i18n.getMessage(key) || key;
  document.documentElement.lang = t('@@ui_locale').replace('_', '-');
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) node.textContent = t(node.dataset.i18n as string);
}

localize();
void startAccessChoice(document, ext);
