// The robustness table (docs/robustness.md and the README's Robustness section): variants of the
// seed article (noise a template adds, and one to three word edits per sentence), with how each
// claim anchors and how many anchors land on text that is not the claim (which must be none).
// `npm run docs` writes it; test/unit/core/robustness.test.ts checks the claims it makes and that
// the docs show what it measures now.
import { JSDOM } from 'jsdom';
import { anchorArticleClaims } from '../../src/core/anchoring/article-anchoring';
import { compileIndex } from '../../src/core/recognition/index-compile';
import type { PageText } from '../../src/core/anchoring/page-text';
import { loadIndex, recognize } from '../../src/core/recognition/recognize';
import { readSignals } from '../../src/core/recognition/page-signals';
import { randomFloats as random } from './random';
import { type ClaimPiece, SEED_ID, claimPieces, htmlDocument, seedArticle, seedParagraphs } from './seed';

const article = seedArticle();
const index = loadIndex(compileIndex([article]));
const paragraphs = seedParagraphs();
const vocabulary = [...new Set(paragraphs.join(' ').match(/[\p{L}]{3,}/gu) ?? [])];
const SEEDS = 12;

type Rng = () => number;
const pick = <T,>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

type Segment = ClaimPiece;
const segments = (paragraph: string): Segment[] => claimPieces(paragraph, article.claims);

function editWords(sentence: string, edits: number, rng: Rng): string {
  const words = sentence.split(' ');
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(rng() * words.length);
    const word = words[i] as string;
    switch (Math.floor(rng() * 4)) {
      case 0: // a word changed
        words[i] = pick(rng, vocabulary.filter((w) => w !== word));
        break;
      case 1: // a word removed
        if (words.length > 4) words.splice(i, 1);
        break;
      case 2: // a word added
        words.splice(i, 0, pick(rng, vocabulary));
        break;
      default: {
        // a typo: two letters swapped
        const k = 1 + Math.floor(rng() * Math.max(1, word.length - 2));
        words[i] = word.length > 3 ? word.slice(0, k) + (word[k + 1] ?? '') + (word[k] ?? '') + word.slice(k + 2) : word;
      }
    }
  }
  return words.join(' ');
}

const perSentence = (text: string, edit: (s: string) => string): string => text.split(/(?<=[.?!]«?) (?=[»\p{Lu}])/u).map(edit).join(' ');

export interface Variant {
  name: string;
  /** Changes a segment's text. */
  text?: (segment: Segment, rng: Rng) => string;
  /** Wraps every word in its own element, as client-rendered pages do. */
  spanPerWord?: boolean;
  /** Expected: every claim exact (noise a reader does not see) or none anchored (negative control). */
  expect?: 'all-exact' | 'none';
}

export const variants: Variant[] = [
  { name: 'as published', expect: 'all-exact' },
  { name: 'whitespace runs, tabs and line breaks', text: (s, rng) => s.text.replace(/ /g, () => pick(rng, [' ', '  ', '\n   ', '\t ', ' '])), expect: 'all-exact' },
  { name: 'no-break spaces', text: (s, rng) => s.text.replace(/ /g, () => (rng() < 0.5 ? '\u00a0' : ' ')), expect: 'all-exact' },
  { name: 'soft hyphens and zero-width spaces in words', text: (s, rng) => s.text.replace(/[\p{L}]{7,}/gu, (w) => w.slice(0, 3) + pick(rng, ['\u00ad', '\u200b']) + w.slice(3)), expect: 'all-exact' },
  { name: 'a span around every word', spanPerWord: true, expect: 'all-exact' },
  { name: 'quotation marks swapped (» « → “ ” or ")', text: (s, rng) => (rng() < 0.5 ? s.text.replace(/»/g, '“').replace(/«/g, '”') : s.text.replace(/[»«]/g, '"')), expect: 'all-exact' },
  { name: 'one word edit per sentence', text: (s, rng) => perSentence(s.text, (x) => editWords(x, 1, rng)) },
  { name: 'two word edits per sentence', text: (s, rng) => perSentence(s.text, (x) => editWords(x, 2, rng)) },
  { name: 'three word edits per sentence', text: (s, rng) => perSentence(s.text, (x) => editWords(x, 3, rng)) },
  {
    name: 'claims rewritten with other words (negative control)',
    text: (s, rng) => (s.claim ? s.text.split(' ').map(() => pick(rng, vocabulary)).join(' ') : s.text),
    expect: 'none',
  },
];

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function render(variant: Variant, rng: Rng): string {
  const body = paragraphs
    .map((p) => {
      const html = segments(p)
        .map((segment) => {
          const text = variant.text ? variant.text(segment, rng) : segment.text;
          const inner = variant.spanPerWord ? text.split(' ').map((w) => `<span>${escape(w)}</span>`).join(' ') : escape(text);
          return segment.claim ? `<span data-truth="${segment.claim}">${inner}</span>` : inner;
        })
        .join('');
      return `<p>${html}</p>`;
    })
    .join('\n<div class="ad">Annonce</div>\n');
  return `<!doctype html><html lang="da"><body><nav>Forside · Indland · Udland</nav><article>${body}</article></body></html>`;
}

/** Where a claim really is in the page text: the span the generator put around it. */
function truthSpan(page: PageText, doc: Document, claimId: string): [number, number] | null {
  const span = doc.querySelector(`[data-truth="${claimId}"]`);
  if (!span) return null;
  const inside = page.nodes.map((node, i) => (span.contains(node) ? i : -1)).filter((i) => i >= 0);
  if (inside.length === 0) return null;
  const first = inside[0] as number;
  const last = inside[inside.length - 1] as number;
  return [page.starts[first] as number, page.starts[last + 1] ?? page.text.length];
}

export interface Row {
  variant: Variant;
  claims: number;
  exact: number;
  fuzzy: number;
  missing: number;
  ambiguous: number;
  wrong: number;
  recognised: number;
  pages: number;
}

export function measure(variant: Variant): Row {
  const row: Row = { variant, claims: 0, exact: 0, fuzzy: 0, missing: 0, ambiguous: 0, wrong: 0, recognised: 0, pages: 0 };
  for (let seed = 1; seed <= SEEDS; seed++) {
    const doc = htmlDocument(render(variant, random(seed * 7919)), `https://kopi.example/${seed}`);
    row.pages++;
    if (recognize(readSignals(doc), index)?.id === SEED_ID) row.recognised++;
    const { anchored } = anchorArticleClaims(doc, article.claims);
    for (const { claim, anchor, page } of anchored) {
      row.claims++;
      row[anchor.status]++;
      if (anchor.status === 'missing' || anchor.status === 'ambiguous') continue;
      const truth = truthSpan(page, doc, claim.id);
      const overlap = truth ? Math.max(0, Math.min(anchor.end, truth[1]) - Math.max(anchor.start, truth[0])) : 0;
      const anchoredLength = anchor.end - anchor.start;
      const truthLength = truth ? truth[1] - truth[0] : 1;
      // Right: nearly all of the anchored text is the claim, and most of the claim is anchored.
      const right = variant.expect !== 'none' && overlap >= 0.8 * anchoredLength && overlap >= 0.6 * truthLength;
      if (!right) row.wrong++;
    }
  }
  return row;
}


/** Repeated sentences: one claim in many paragraphs (a live blog, a list, comments quoting it). */
export interface Repetition {
  copies: number;
  /** A word of the intended copy's context edited after the selector was taken (approximate context). */
  editedContext: boolean;
}

export const repetitions: Repetition[] = [
  { copies: 2, editedContext: false },
  { copies: 40, editedContext: false },
  { copies: 1000, editedContext: false },
  { copies: 2, editedContext: true },
  { copies: 40, editedContext: true },
  { copies: 1000, editedContext: true },
];
const REPEAT_SEEDS = 4;
/** Every claim of the seed article at 2 and 40 copies; a rotating three per page at 1,000. */
const repeatedClaims = (copies: number, seed: number) => (copies >= 1000 ? [0, 1, 2].map((k) => article.claims[(seed * 3 + k) % article.claims.length]!) : article.claims);
// The context the editors' tool takes around a quote (src/cli/quote-context.ts): up to 32 characters each side.
const CONTEXT = 32;

export interface RepeatRow {
  repetition: Repetition;
  trials: number;
  intended: number;
  /** The claim's own text, at a copy the editor did not mean. */
  otherCopy: number;
  ambiguous: number;
  missing: number;
  /** Anchored on text that is not the claim. */
  wrong: number;
}

// One window parses every repeated-sentence page: a jsdom window per page was half of this
// table's time. Anchoring reads only the document, and these pages need no address.
let parser: DOMParser | null = null;
const parseInWindow = (html: string): Document => (parser ??= new (new JSDOM('').window.DOMParser)()).parseFromString(html, 'text/html');

const words = (rng: Rng, n: number): string => Array.from({ length: n }, () => pick(rng, vocabulary)).join(' ');

/** Every copy count tried, with where the claim was anchored. */
export function repeatedRows(): RepeatRow[] {
  return repetitions.map((repetition) => {
    const row: RepeatRow = { repetition, trials: 0, intended: 0, otherCopy: 0, ambiguous: 0, missing: 0, wrong: 0 };
    for (let seed = 1; seed <= REPEAT_SEEDS; seed++) {
      const rng = random(seed * 104729 + repetition.copies);
      for (const claim of repeatedClaims(repetition.copies, seed)) {
        const quote = claim.selector.exact;
        const intended = Math.floor(rng() * repetition.copies);
        const leads = Array.from({ length: repetition.copies }, () => `${words(rng, 5)}.`);
        const tails = Array.from({ length: repetition.copies }, () => `${words(rng, 5)}.`);
        const selector = { type: 'TextQuoteSelector' as const, exact: quote, prefix: `${leads[intended]} `.slice(-CONTEXT), suffix: ` ${tails[intended]}`.slice(0, CONTEXT) };
        if (repetition.editedContext) leads[intended] = editWords(leads[intended]!, 1, rng);
        const body = leads.map((lead, i) => `<p>${escape(lead)} <span${i === intended ? ' data-truth="x"' : ''}>${escape(quote)}</span> ${escape(tails[i]!)}</p>`).join('\n');
        const doc = parseInWindow(`<!doctype html><html lang="da"><body><article>${body}</article></body></html>`);
        const { anchor, page } = anchorArticleClaims(doc, [{ ...claim, selector }]).anchored[0]!;
        row.trials++;
        if (anchor.status === 'missing' || anchor.status === 'ambiguous') {
          row[anchor.status]++;
          continue;
        }
        const truth = truthSpan(page, doc, 'x');
        const text = page.text.slice(anchor.start, anchor.end);
        const truthText = truth ? page.text.slice(truth[0], truth[1]).trim() : '';
        if (truth && anchor.start >= truth[0] && anchor.end <= truth[1] && text.length >= 0.8 * truthText.length) row.intended++;
        else if (text === truthText) row.otherCopy++;
        else row.wrong++;
      }
    }
    return row;
  });
}

const percent = (n: number, total: number): string => `${Math.round((n / total) * 1000) / 10}%`;

/** Every variant measured, in table order. */
export function robustnessRows(): Row[] {
  return variants.map(measure);
}

function table(rows: readonly Row[]): string {
  return [
    `| Variant of the seed article (${SEEDS} seeded pages each, ${article.claims.length} claims) | Exact | Fuzzy | Missing | Wrong anchors | Recognised by content |`,
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.variant.name} | ${percent(r.exact, r.claims)} | ${percent(r.fuzzy, r.claims)} | ${percent(r.missing, r.claims)} | ${r.wrong} | ${percent(r.recognised, r.pages)} |`),
  ].join('\n');
}

function repeatedTable(rows: readonly RepeatRow[]): string {
  return [
    `| Repeated sentence: copies of a claim, each in its own paragraph with its own words around it (${REPEAT_SEEDS} seeded pages) | Trials | At the intended copy | At another copy | Ambiguous | Missing | Wrong anchors |`,
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.repetition.copies.toLocaleString('en')} copies, ${r.repetition.editedContext ? "a word of the intended copy's context edited since" : 'context as the editor took it'} | ${r.trials} | ${percent(r.intended, r.trials)} | ${r.otherCopy} | ${percent(r.ambiguous, r.trials)} | ${percent(r.missing, r.trials)} | ${r.wrong} |`),
  ].join('\n');
}

const REPEATED_INTRO = `Repeated sentences: the claim's quote in many paragraphs, each with other words around it, and the selector's prefix and suffix (${CONTEXT} characters each side, as \`kontekst new\` takes them) from one of them. "At another copy" is the claim's text at a place the editor did not mean; \`ambiguous\` claims are not marked ([docs/anchoring.md](docs/anchoring.md)). At 2 and 40 copies every claim of the seed article is tried, at 1,000 three per page.`;

/** docs/robustness.md as `rows` make it. */
export function robustnessDoc(rows: readonly Row[], repeated: readonly RepeatRow[]): string {
  return `# Anchoring robustness\n\nGenerated by \`npm run docs\` (test/support/robustness-table.ts; \`test/unit/core/robustness.test.ts\` checks it is current); the pages are rebuilt from the seed article with a seeded generator, so the table is reproducible. "Wrong anchors" counts claims anchored on text that is not that claim; "Recognised by content" is recognition with no address or canonical link to go by.\n\n${table(rows)}\n\n${REPEATED_INTRO.replace('](docs/', '](')}\n\n${repeatedTable(repeated)}\n`;
}

/** The README's Robustness section (its body, after the heading) as `rows` make it. */
export function robustnessReadmeSection(rows: readonly Row[], repeated: readonly RepeatRow[]): string {
  return `Generated by \`npm run docs\` and checked by \`test/unit/core/robustness.test.ts\` (full text in [docs/robustness.md](docs/robustness.md)):\n\n${table(rows)}\n\n${REPEATED_INTRO}\n\n${repeatedTable(repeated)}\n`;
}
