// What a card shows: a claim's notes, their sources and dates, and the lines about the pack,
// a copy and approximate wording. Everything is built with createElement and textContent: the
// dataset's text is never parsed as HTML.
import { type Language, type Note, type Source, latestRevision } from '../core/dataset/model';
import { type ContentKey, type Translate, formatDate, kindKey } from '../shared/i18n';
import type { ArticlePack } from '../shared/messages';
import { renderPackSource } from '../shared/pack-source';
import { closeIcon, infoIcon } from './icons';

function element<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function safeLink(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A source's date as a reader sees it: the publication date, or "read <date>" for a reference work. */
function sourceDateText(source: Source, language: Language, t: Translate<ContentKey>): string {
  if (source.published) return formatDate(source.published, language);
  return source.accessed ? t('cardSourceAccessed', formatDate(source.accessed, language)) : '';
}

/** Builds one note's section: kind, title, body, sources and "as of" date. */
export function renderNote(doc: Document, note: Note, language: Language, t: Translate<ContentKey>, titleId: string): HTMLElement {
  const section = element(doc, 'section', 'note');
  section.setAttribute('aria-labelledby', titleId);
  const kind = element(doc, 'p', 'kind', t(kindKey(note.kind)));
  kind.dataset.kind = note.kind;
  const title = element(doc, 'h2', 'title', note.title[language]);
  title.id = titleId;
  section.append(kind, title, element(doc, 'p', 'body', note.body[language]));
  const revision = latestRevision(note);
  // A corrected note says so right under its text, where the reader reads it, not below the
  // sources (IFCN Code of Principles: an open and honest corrections policy).
  if (revision) section.append(element(doc, 'p', 'correction', t('cardCorrected', formatDate(revision.date, language), revision[language])));
  if (note.sources.length > 0) {
    const headingId = `${titleId}-sources`;
    const heading = element(doc, 'h3', 'sources-heading', t('cardSources'));
    heading.id = headingId;
    const list = element(doc, 'ul', 'sources');
    list.setAttribute('aria-labelledby', headingId);
    for (const source of note.sources) {
      const item = element(doc, 'li', '');
      const href = safeLink(source.url);
      if (href) {
        const link = element(doc, 'a', '', source.title);
        link.href = href;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        link.append(element(doc, 'span', 'visually-hidden', ` ${t('cardOpensInNewTab')}`));
        item.append(link);
      } else {
        item.append(element(doc, 'span', '', source.title));
      }
      item.append(element(doc, 'span', 'source-meta', `${source.publisher} · ${sourceDateText(source, language, t)}`));
      list.append(item);
    }
    section.append(heading, list);
  }
  section.append(element(doc, 'p', 'as-of', t('cardAsOf', formatDate(note.asOf, language))));
  return section;
}

/**
 * Builds the dialog for a claim's notes; its accessible name is the first note's title. When the
 * notes come from an added `pack`, a line first names it; when `approximate` (the claim was
 * anchored fuzzily), a line says the page's wording differs.
 */
export function renderCard(
  doc: Document,
  notes: readonly Note[],
  language: Language,
  t: Translate<ContentKey>,
  onClose: () => void,
  approximate = false,
  pack: ArticlePack | null = null,
  copy: string | null = null,
): HTMLElement {
  const dialog = element(doc, 'div', 'card');
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('lang', language);
  dialog.tabIndex = -1;
  const bar = element(doc, 'div', 'bar');
  const brand = element(doc, 'span', 'brand');
  brand.append(infoIcon(doc), doc.createTextNode(t('cardBrand')));
  brand.setAttribute('aria-hidden', 'true');
  const close = element(doc, 'button', 'close');
  close.type = 'button';
  close.setAttribute('aria-label', t('cardClose'));
  close.append(closeIcon(doc));
  close.addEventListener('click', onClose);
  bar.append(brand, close);
  dialog.append(bar);
  const described: string[] = [];
  if (pack) {
    // Someone other than Kontekst's editors wrote these notes; the reader should know whom to
    // weigh them by. Part of the dialog's description, read on opening.
    const source = renderPackSource(doc, t, pack.name, 'pack-source');
    source.id = 'kontekst-pack-source';
    described.push(source.id);
    dialog.append(source);
  }
  if (copy) {
    // The page is a copy: the reader learns whose article it is, and when it first appeared.
    const carries = element(doc, 'p', 'pack-source', copy);
    carries.id = 'kontekst-copy-source';
    described.push(carries.id);
    dialog.append(carries);
  }
  if (approximate) {
    // The notes were checked against the dataset's text; the reader should know this page's
    // sentence is not word for word that text. It is the dialog's description, read on opening.
    const wording = element(doc, 'p', 'wording', t('cardWordingDiffers'));
    wording.id = 'kontekst-wording';
    described.push(wording.id);
    dialog.append(wording);
  }
  if (described.length > 0) dialog.setAttribute('aria-describedby', described.join(' '));
  notes.forEach((note, i) => dialog.append(renderNote(doc, note, language, t, `kontekst-note-${i}`)));
  if (notes.length > 0) dialog.setAttribute('aria-labelledby', 'kontekst-note-0');
  return dialog;
}
