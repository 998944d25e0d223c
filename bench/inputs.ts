// The benchmark's inputs, made at run time (nothing large is committed): the seed article
// page, the same page followed by thousands of reader comments (~1 MB), the edited copy
// that forces approximate matching, a long generated page with 200 claims, and two pages
// that are not in the dataset (small and ~1 MB) for the cost-on-every-page measurement.
import { readFileSync } from 'node:fs';
import { Prose, escapeHtml } from './lib/prose';

/** A claim's quote selector as editors write it (not yet folded). */
export interface BenchQuote {
  id: string;
  exact: string;
  prefix: string;
  suffix: string;
}

/** One page of the anchoring benchmark and the quotes to find on it. */
export interface AnchorInput {
  name: string;
  description: string;
  html: string;
  quotes: BenchQuote[];
}

/** A page the dataset does not know, for measuring what the extension costs everywhere else. */
export interface OtherPage {
  name: string;
  description: string;
  html: string;
}

export const SEED_ID = 'jp-2018-07-27-putin-inviterer-trump';
const ONE_MB = 1024 * 1024;

interface SeedArticle {
  claims: { id: string; selector: { exact: string; prefix?: string; suffix?: string } }[];
}

function seedQuotes(root: string): BenchQuote[] {
  const article = JSON.parse(readFileSync(`${root}/src/dataset/articles/${SEED_ID}.json`, 'utf8')) as SeedArticle;
  return article.claims.map((c) => ({ id: c.id, exact: c.selector.exact, prefix: c.selector.prefix ?? '', suffix: c.selector.suffix ?? '' }));
}

/** Reader comments until the markup reaches `bytes`: the bulk of a large real news page. */
function commentsHtml(prose: Prose, bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  let n = 0;
  while (size < bytes) {
    n++;
    const body = prose.sentences(1 + prose.int(4)).join(' ');
    const day = 1 + prose.int(28);
    const html =
      `<li class="comment" id="comment-${n}"><div class="comment-meta"><span class="comment-author">${escapeHtml(prose.name())}</span> ` +
      `<time datetime="2018-07-${String(day).padStart(2, '0')}T12:00:00+02:00">${day}. juli 2018</time></div>` +
      `<div class="comment-body"><p>${escapeHtml(body)}</p></div>` +
      `<div class="comment-actions"><button type="button">Svar</button> <button type="button">Synes godt om · ${prose.int(40)}</button></div></li>\n`;
    parts.push(html);
    size += Buffer.byteLength(html);
  }
  return `<section class="comments" aria-label="Kommentarer"><h2>Kommentarer (${n})</h2><ol class="comment-list">\n${parts.join('')}</ol></section>\n`;
}

/** Byte length of the page without the comments, so the whole page lands near `total`. */
function withComments(html: string, prose: Prose, total: number): string {
  const at = html.lastIndexOf('</main>');
  if (at < 0) throw new Error('page has no </main> to put comments before');
  const comments = commentsHtml(prose, total - Buffer.byteLength(html));
  return html.slice(0, at) + comments + html.slice(at);
}

/** A sentence with a few words in inline elements, as article markup has (links, emphasis). */
function sentenceHtml(prose: Prose, sentence: string): string {
  return sentence
    .split(' ')
    .map((word) => {
      if (prose.chance(0.03)) return `<a href="/tag/${encodeURIComponent(word.toLowerCase())}">${escapeHtml(word)}</a>`;
      if (prose.chance(0.02)) return `<em>${escapeHtml(word)}</em>`;
      return escapeHtml(word);
    })
    .join(' ');
}

function pageShell(title: string, url: string | null, body: string): string {
  const canonical = url ? `<link rel="canonical" href="${url}">\n` : '';
  return (
    `<!doctype html>\n<html lang="da">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n${canonical}` +
    '<style>body{margin:0;font:17px/1.55 Georgia,serif;color:#222}main{max-width:700px;margin:0 auto;padding:20px}' +
    '.comment{list-style:none;border-top:1px solid #ddd;padding:8px 0}.comment-meta{font-size:13px;color:#666}</style>\n' +
    `</head>\n<body>\n<header class="masthead"><a href="/">Dagbladet Eksempel</a><nav><a href="/indland">Indland</a> <a href="/udland">Udland</a> <a href="/sport">Sport</a></nav></header>\n` +
    `<main>\n${body}</main>\n<footer><p>© Dagbladet Eksempel · Eksempelvej 1 · 8000 Aarhus C</p></footer>\n</body>\n</html>\n`
  );
}

/**
 * A generated article of `paragraphs` paragraphs and `claims` quotes picked evenly through it,
 * with prefix and suffix of up to 32 characters as an editor's selector would carry.
 */
function generatedArticle(prose: Prose, paragraphs: number, claims: number): { html: string; quotes: BenchQuote[] } {
  const texts: string[][] = Array.from({ length: paragraphs }, () => prose.sentences(2 + prose.int(4)));
  const quotes: BenchQuote[] = [];
  const step = paragraphs / claims;
  for (let c = 0; c < claims; c++) {
    const p = Math.floor(c * step + step / 2);
    const sentences = texts[p] as string[];
    const s = prose.int(sentences.length);
    const before = sentences.slice(0, s).join(' ');
    const after = sentences.slice(s + 1).join(' ');
    const prevParagraph = p > 0 ? (texts[p - 1] as string[]).join(' ') : '';
    const nextParagraph = p + 1 < paragraphs ? (texts[p + 1] as string[]).join(' ') : '';
    const prefix = (before ? `${before} ` : prevParagraph ? `${prevParagraph}\n\n` : '').slice(-32);
    const suffix = (after ? ` ${after}` : nextParagraph ? `\n\n${nextParagraph}` : '').slice(0, 32);
    quotes.push({ id: `claim-${c + 1}`, exact: sentences[s] as string, prefix, suffix });
  }
  const body = texts.map((sentences) => `<p>${sentences.map((s) => sentenceHtml(prose, s)).join(' ')}</p>\n`).join('');
  const html = `<article>\n<h1>${escapeHtml(prose.sentence(5, 9).slice(0, -1))}</h1>\n<div class="byline">Af ${escapeHtml(prose.name())}</div>\n${body}</article>\n`;
  return { html, quotes };
}

/** The page with nothing marking where its article is: article and main become plain divs. */
function unmarked(html: string): string {
  return html.replace(/<(\/?)(article|main)\b/g, '<$1div');
}

/**
 * One claim of the seed article in 1,000 paragraphs, each after its own number: only the prefix
 * says which copy is meant, so every occurrence is ranked by its context (issue 14: no cap).
 */
function repeatedPage(quote: BenchQuote, copies: number, wanted: number): AnchorInput {
  const paragraphs = Array.from({ length: copies }, (_, i) => `<p>Opdatering nummer ${i + 1}: ${escapeHtml(quote.exact)} Flere detaljer følger.</p>\n`).join('');
  return {
    name: `repeated-${copies}`,
    description: `one claim in ${copies.toLocaleString('en')} paragraphs, told apart only by its prefix (the ${wanted}th is meant)`,
    html: pageShell('Liveblog', null, `<article>\n${paragraphs}</article>\n`),
    quotes: [{ id: quote.id, exact: quote.exact, prefix: `Opdatering nummer ${wanted}: `, suffix: ' Flere detaljer følger.' }],
  };
}

/** Every anchoring input, generated from fixed seeds. */
export function anchorInputs(root: string): AnchorInput[] {
  const seedHtml = readFileSync(`${root}/src/dataset/saved/${SEED_ID}.html`, 'utf8');
  const quotes = seedQuotes(root);
  const long = generatedArticle(new Prose(200), 700, 200);
  return [
    { name: 'seed', description: 'the seed article page (13 claims)', html: seedHtml, quotes },
    {
      name: 'comments-1mb',
      description: 'the seed article followed by reader comments, ~1 MB (13 claims)',
      html: withComments(seedHtml, new Prose(1), ONE_MB),
      quotes,
    },
    {
      // Reported, not a budget: with no article or main element the article root is the body,
      // so every claim is looked for in the whole page's text (the cost before root-first reading).
      name: 'comments-1mb-unmarked',
      description: 'the 1 MB page with its article and main elements turned into divs: the whole page is read (13 claims)',
      html: unmarked(withComments(seedHtml, new Prose(1), ONE_MB)),
      quotes,
    },
    {
      name: 'edited',
      description: 'test/fixtures/pages/edited.html: 4 of 13 claims edited, approximate matching',
      html: readFileSync(`${root}/test/fixtures/pages/edited.html`, 'utf8'),
      quotes,
    },
    {
      name: 'long-200',
      description: 'a long generated article with 200 claims',
      html: pageShell('En lang artikel', null, long.html),
      quotes: long.quotes,
    },
    repeatedPage(quotes[0] as BenchQuote, 1000, 735),
  ];
}

/** Pages not in the dataset: a small article and a ~1 MB article with comments. */
export function otherPages(): OtherPage[] {
  const small = generatedArticle(new Prose(300), 12, 1);
  const large = generatedArticle(new Prose(400), 25, 1);
  const largeHtml = pageShell('Byrådet vedtog budgettet', null, large.html);
  return [
    { name: 'other-small', description: 'a small news page not in the dataset', html: pageShell('Ny cykelsti åbner', null, small.html) },
    {
      name: 'other-1mb',
      description: 'a ~1 MB news page with reader comments, not in the dataset',
      html: withComments(largeHtml, new Prose(401), ONE_MB),
    },
  ];
}
