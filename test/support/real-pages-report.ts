// Measures Kontekst on the real-pages corpus: negatives, each page's own text, the seed article in
// each template. The README's "Real news pages" section is made from this (npm run docs).
import { anchorArticleClaims, mainTextRoot } from '../../src/core/anchoring/article-anchoring';
import { readPageText } from '../../src/core/anchoring/page-text';
import type { Article } from '../../src/core/dataset/model';
import { FINGERPRINT_ALGORITHM, makeFingerprint } from '../../src/core/recognition/fingerprint';
import { compileIndex } from '../../src/core/recognition/index-compile';
import { readSignals } from '../../src/core/recognition/page-signals';
import { type RecognitionIndex, loadIndex, recognize } from '../../src/core/recognition/recognize';
import { type RealPage, bodyParagraphs, fold, parseRealPage, realPages, templateSeed } from './real-pages';

/** An address no dataset entry has: only the page's text can make it recognised there. */
export const ELSEWHERE = 'https://copy.example.test/story';

export interface RealPageRow {
  name: string;
  kind: string;
  /** The page at its own address against the seed dataset: recognised as what (must be null). */
  negative: string | null;
  /** The page's own article text as a dataset entry: recognised by content at another address. */
  ownRecognised: boolean | null;
  ownScore: number | null;
  /** Share of the body's paragraphs that are inside the element Kontekst reads first. */
  mainTextShare: number;
  /** Snippet pages: `without` strings found in the main text (teasers, sign-up boxes). */
  foreignSnippets: number;
  /** The seed article templated into the page. */
  seedRecognised: boolean;
  exact: number;
  fuzzy: number;
  missing: number;
  other: number;
  /** Anchors outside the paragraphs that carry the seed text (teasers, hidden copies, scripts). */
  wrong: number;
}

/** Which template family a page belongs to, for the README's table. */
export function templateKind(page: RealPage): string {
  if (page.article_elements === 0 && !page.has_main) return 'no `<article>`, no `<main>`';
  if (page.article_elements > 1) return 'teaser `<article>` cards';
  if (page.body.itemprop_articleBody_on.length) return 'itemprop=articleBody';
  return 'one `<article>` or `<main>`';
}

function ownIndex(page: RealPage): RecognitionIndex | null {
  if (page.expectedText === null) return null;
  // The fingerprint an editor's entry for this page would carry: its article text, folded.
  const hashes = makeFingerprint(fold(page.expectedText.replace(/\n+/g, '\n')));
  if (hashes.length === 0) return null;
  const entry = { id: page.name, urls: ['https://publisher.example.test/own'], fingerprint: { algorithm: FINGERPRINT_ALGORITHM, hashes } } as unknown as Article;
  return loadIndex(compileIndex([entry]));
}

/** Measures one page: as saved (read only), then templated with the seed article, in one parse. */
export function measureRealPage(page: RealPage, seed: Article, seedIndex: RecognitionIndex, seedParagraphs: readonly string[]): RealPageRow {
  const dom = parseRealPage(page);
  const doc = dom.window.document;
  const negative = recognize(readSignals(doc, page.url), seedIndex)?.id ?? null;
  const index = ownIndex(page);
  const own = index ? recognize(readSignals(doc, ELSEWHERE), index) : null;
  const root = mainTextRoot(doc);
  const mainText = root ? readPageText(root).text : '';
  const paragraphs = bodyParagraphs(page);
  const inMain = paragraphs.filter((p) => mainText.includes(p)).length;
  const foreignSnippets = (page.snippets?.without ?? []).filter((s) => mainText.includes(fold(s))).length;

  // Kontekst only read the page so far (the fuzz and hostile-page tests check it changes nothing).
  const templated = templateSeed(page, seedParagraphs, ELSEWHERE, dom);
  const seedRecognised = recognize(readSignals(templated.doc, ELSEWHERE), seedIndex)?.id === seed.id;
  const counts = { exact: 0, fuzzy: 0, missing: 0, other: 0, wrong: 0 };
  for (const { anchor } of anchorArticleClaims(templated.doc, seed.claims).anchored) {
    if (anchor.status === 'exact' || anchor.status === 'fuzzy' || anchor.status === 'missing') counts[anchor.status]++;
    else counts.other++;
    const range = anchor.range;
    if (range && !templated.carriers.some((c) => c.contains(range.startContainer) && c.contains(range.endContainer))) counts.wrong++;
  }
  return {
    name: page.name,
    kind: templateKind(page),
    negative,
    ownRecognised: index ? own !== null : null,
    ownScore: own?.score ?? null,
    mainTextShare: paragraphs.length ? inMain / paragraphs.length : 1,
    foreignSnippets,
    seedRecognised,
    ...counts,
  };
}

const percent = (n: number, of: number): string => (of === 0 ? '–' : `${Math.round((100 * n) / of)}%`);

/** Every page of the corpus, measured. */
export function realPageRows(seed: Article, seedParagraphs: readonly string[]): RealPageRow[] {
  const seedIndex = loadIndex(compileIndex([seed]));
  return realPages().map((page) => measureRealPage(page, seed, seedIndex, seedParagraphs));
}

/** The README's "Real news pages" section: what was measured, and one row per template kind. */
export function realPagesReadmeSection(all: readonly RealPageRow[]): string {
  const kinds = [...new Set(all.map((r) => r.kind))].sort();
  const line = (label: string, rs: readonly RealPageRow[]): string => {
    const claims = rs.reduce((n, r) => n + r.exact + r.fuzzy + r.missing + r.other, 0);
    const sum = (key: 'exact' | 'fuzzy' | 'missing' | 'other' | 'wrong'): number => rs.reduce((n, r) => n + r[key], 0);
    const own = rs.filter((r) => r.ownRecognised !== null);
    const main = rs.reduce((n, r) => n + r.mainTextShare, 0) / rs.length;
    return `| ${label} | ${rs.length} | ${rs.filter((r) => r.negative !== null).length} | ${rs.filter((r) => r.seedRecognised).length}/${rs.length} | ${percent(sum('exact'), claims)} | ${percent(sum('fuzzy'), claims)} | ${percent(sum('missing') + sum('other'), claims)} | ${sum('wrong')} | ${own.filter((r) => r.ownRecognised).length}/${own.length} | ${Math.round(main * 100)}% |`;
  };
  return `Generated by \`npm run docs\` from the 42 saved pages of real news sites in \`../shared/real-pages/\` (never
committed here; checked by \`test/tooling/real-pages.test.ts\`): each page at its own address (none is in the dataset,
so none may be recognised); each page's own article text fingerprinted as if it were a dataset entry, the page loaded at
another address; and the seed article put where each page's article was (its paragraphs' text replaced, everything else
kept) and loaded at another address, so only its text can make it recognised. How the main text is chosen:
[docs/anchoring.md](docs/anchoring.md#choosing-the-main-text).

| template kind | pages | recognised as the seed article (must be 0) | seed article templated in: recognised by text | exact | fuzzy | missing | wrong anchors | own article text recognised (full-text pages) | body paragraphs inside the chosen main text |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${kinds.map((kind) => line(kind, all.filter((r) => r.kind === kind))).join('\n')}
${line('**all**', all)}
`;
}
