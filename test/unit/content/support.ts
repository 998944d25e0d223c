// Shared set-up for the content script tests: a page in the global document, the fake
// browser answering as the background would, and the annotator under test.
import { readFileSync, readdirSync } from 'node:fs';
import type { Language, Note, PublicArticle } from '../../../src/core/dataset/model';
import { normalizeText } from '../../../src/core/anchoring/normalize';
import { foldClaims } from '../../../src/core/anchoring/anchor-quote';
import type { Annotator } from '../../../src/content/bridge';
import { createAnnotator } from '../../../src/content/annotator';
import { type Translate, translator, contentStrings } from '../../../src/shared/i18n';
import type { AnchoredReport, ArticlePack, ArticleStart } from '../../../src/shared/messages';
import { FakeBrowser } from '../../support/fake-browser';
import type { FakeHighlightRegistry } from '../../support/fake-highlights';
import { readerDispatch } from '../../support/trusted-events';
import { CLAIM_HIGHLIGHT } from '../../../src/content/marks';
import { loadIntoDocument, seedPublicArticle, shadowOf } from '../../support/page';

export const SAVED_COPY = 'src/dataset/saved/jp-2018-07-27-putin-inviterer-trump.html';

/** Lets promise chains (messages to the fake background) run to the end. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 30; i++) await Promise.resolve();
}

export interface Running {
  fake: FakeBrowser;
  annotator: Annotator;
  article: PublicArticle;
  language: Language;
}

export interface AnnotateOptions {
  uiLanguage?: string;
  article?: PublicArticle;
  /** Underlines drawn in the markers' layer instead of the highlight registry (as without CSS.highlights). */
  forceUnderlines?: boolean;
  /** The added pack the background says the article comes from (default: none, the bundled dataset). */
  pack?: ArticlePack | null;
}

/** Loads `html`, starts an annotator as the injected script does, and waits until it reported. */
export async function annotate(html: string, options: AnnotateOptions = {}): Promise<Running> {
  loadIntoDocument(html);
  return annotateCurrent(options);
}

/** What the background hands an annotator for `article` (src/background/marked.ts articleStart). */
export function articleStart(fake: FakeBrowser, article: PublicArticle, language: Language, more: { pack?: ArticlePack | null; copy?: boolean } = {}): ArticleStart {
  return { article, language, pack: more.pack ?? null, folded: foldClaims(article.claims), strings: contentStrings(fake.i18n), ...(more.copy === undefined ? {} : { copy: more.copy }) };
}

/**
 * Plays the background's part in an annotator's start (src/background/marked.ts handOver): hands
 * it the article (as JSON text), takes the report it answers, and answers back. The report taken is recorded
 * among the fake's messages as 'content:anchored', like the later reports the page sends.
 */
export function handOver(fake: FakeBrowser, annotator: Annotator, given: unknown): AnchoredReport | null {
  const report = annotator.start(JSON.stringify(given));
  if (report) fake.sent.push({ type: 'content:anchored', payload: report });
  annotator.answered();
  return report;
}

/** Starts an annotator on the page already in the global document. */
export async function annotateCurrent(options: AnnotateOptions = {}): Promise<Running> {
  const article = options.article ?? seedPublicArticle();
  const fake = new FakeBrowser({ uiLanguage: options.uiLanguage ?? 'en-US' });
  const language: Language = fake.uiLanguage.toLowerCase().startsWith('da') ? 'da' : 'en';
  fake.handlers = {
    'content:anchored': () => null,
    'content:cleared': () => null,
  };
  const annotator = createAnnotator({ api: () => fake, doc: document, forceUnderlines: options.forceUnderlines });
  if (!handOver(fake, annotator, articleStart(fake, article, language, { pack: options.pack ?? null }))) throw new Error('the annotator did not report what it anchored');
  await flush();
  return { fake, annotator, article, language };
}

export const savedCopy = (): string => readFileSync(SAVED_COPY, 'utf8');

/** The statuses the annotator last reported, by claim id. */
export function lastStatuses(fake: FakeBrowser): Record<string, string> {
  const reports = fake.messages('content:anchored');
  const last = reports[reports.length - 1];
  return Object.fromEntries((last?.claims ?? []).map((c) => [c.id, c.status]));
}

/** The markers' layer: Kontekst's one host for them, after the page's body (null before markers are built). */
export function markerLayer(): HTMLElement | null {
  return document.querySelector<HTMLElement>('kontekst-markers');
}

/** The position a marker's button is given, inline or by a rule in its root's sheets (the layer writes them there). */
export function markerPosition(button: HTMLButtonElement): { left: number; top: number; width: number } | null {
  const root = button.getRootNode() as ShadowRoot;
  const sheets = [...(root.adoptedStyleSheets ?? []), ...[...root.querySelectorAll('style')].flatMap((style) => (style.sheet ? [style.sheet] : []))];
  const rules = sheets.flatMap((sheet) => [...sheet.cssRules]).flatMap((rule) => ('cssRules' in rule ? [...(rule as CSSGroupingRule).cssRules] : [rule]));
  const style = rules.filter((rule): rule is CSSStyleRule => 'selectorText' in rule && button.matches((rule as CSSStyleRule).selectorText)).map((rule) => rule.style).find((s) => s.left !== '') ?? (button.style.left !== '' ? button.style : null);
  return style ? { left: parseFloat(style.left), top: parseFloat(style.top), width: parseFloat(style.width) } : null;
}

/**
 * Every marker on the page (in tab order) with its button and the layer's host, which focus and
 * events are retargeted to. `placed`: it has a position (jsdom lays nothing out without test/support/fake-layout).
 */
export function markers(): { host: HTMLElement; button: HTMLButtonElement; label: string; placed: boolean }[] {
  const host = markerLayer();
  if (!host) return [];
  return Array.from(shadowOf(host).querySelectorAll<HTMLButtonElement>('button')).map((button) => ({ host, button, label: button.getAttribute('aria-label') ?? '', placed: !button.hidden }));
}

/** The open card's dialog, or null. */
export function openDialog(): HTMLElement | null {
  const host = document.querySelector('kontekst-card');
  return host ? (shadowOf(host).querySelector('[role="dialog"]') as HTMLElement | null) : null;
}

/** A dialog's accessible name, from aria-labelledby inside its shadow root. */
export function accessibleName(dialog: HTMLElement): string {
  const root = dialog.getRootNode() as ShadowRoot;
  const ids = (dialog.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => root.getElementById(id)?.textContent ?? '').join(' ');
}

/** Folded text a reader sees before `node` (hidden elements and scripts are not read). */
export function textBefore(node: Node): string {
  const parts: string[] = [];
  const walker = document.createTreeWalker(document.body, 4 /* SHOW_TEXT */);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (node.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING) break;
    if (!text.parentElement?.closest('[hidden], script, style')) parts.push((text as Text).data);
  }
  return normalizeText(parts.join(''));
}

export interface FixturePage {
  name: string;
  html: string;
  reason: string;
  claims: Record<string, 'exact' | 'fuzzy' | 'missing'>;
}

/** Fixture pages recognised as the seed article, with what each claim should anchor as. */
export function recognisedFixtures(): FixturePage[] {
  const dir = 'test/fixtures/pages';
  return readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => ({ name: f.replace('.expected.json', ''), expected: JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) }))
    .filter(({ expected }) => expected.article !== null)
    .map(({ name, expected }) => ({ name, html: readFileSync(`${dir}/${name}.html`, 'utf8'), reason: expected.reason, claims: expected.claims }));
}

/** The card's translator for a browser whose UI language is `uiLanguage`. */
export const cardTranslator = (uiLanguage: string): Translate => translator(new FakeBrowser({ uiLanguage }).i18n);

/** A note with a title and body in both languages and no sources: what a card needs and no more. */
export const PLAIN_NOTE: Note = {
  id: 'n1',
  kind: 'background',
  title: { da: 'Dansk titel', en: 'English title' },
  body: { da: 'Dansk tekst.', en: 'English text.' },
  sources: [],
  asOf: '2026-11-28',
};

/** The reader clicks a marker (`detail` 0: Enter or Space on it). */
export function clickMarker(marker: { button: HTMLButtonElement }, detail = 1): void {
  readerDispatch(marker.button, new MouseEvent('click', { bubbles: true, composed: true, detail }));
}

/** What the page sees in a highlight: copies of Kontekst's ranges, read as live ranges of the page's own. */
export function tinted(registry: FakeHighlightRegistry, name = CLAIM_HIGHLIGHT): Range[] {
  return [...(registry.get(name) ?? [])].map((copy) => {
    const range = document.createRange();
    range.setStart(copy.startContainer, copy.startOffset);
    range.setEnd(copy.endContainer, copy.endOffset);
    return range;
  });
}
