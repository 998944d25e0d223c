// Choosing a page's main text (readPageFacts, which the annotator's mainTextRoot shares): the
// templates of real news sites that made Kontekst read the wrong part of a page, each as a row.
import { describe, expect, it } from 'vitest';
import { anchorArticleClaims, mainTextRoot } from '../../../src/core/anchoring/article-anchoring';
import { compileIndex } from '../../../src/core/recognition/index-compile';
import { readSignals } from '../../../src/core/recognition/page-signals';
import { loadIndex, recognize } from '../../../src/core/recognition/recognize';
import { type PageFacts, SIGNAL_WORD_LIMIT, readPageFacts } from '../../../src/injected/read-page-facts';
import { htmlDocument, seedArticle, seedParagraphs } from '../../support/seed';

const seed = seedArticle();
const index = loadIndex(compileIndex([seed]));
const story = seedParagraphs();
const paragraphs = (texts: readonly string[], indent = ''): string => texts.map((t) => `${indent}<p>${indent}${t}${indent}</p>`).join('');
const teaser = (i: number): string =>
  `<article class="teaser"><h3><a href="/s/${i}">Læs også: historie nummer ${i} om noget helt andet</a></h3><p>Et kort resumé af historie nummer ${i}, som handler om vejret, trafikken og kommunens budget for næste år, skrevet til forsiden.</p></article>`;
const menu = (n: number): string => `<ul class="menu">${Array.from({ length: n }, (_, i) => `<li><a href="/sektion/${i}">Sektion nummer ${i} med et langt menunavn til forsiden</a></li>`).join('')}</ul>`;

const ROWS: { reason: string; html: string; root: string }[] = [
  {
    reason: 'the first <article> is a list of teasers longer than the story: the story\'s <article> holds the most running text',
    html: `<body><article class="related">${Array.from({ length: 30 }, (_, i) => teaser(i)).join('')}</article><article id="story"><h1>Putin har inviteret Trump til Moskva</h1>${paragraphs(story)}</article></body>`,
    root: '#story',
  },
  {
    reason: 'teaser cards, each an <article>, before and after the story',
    html: `<body>${Array.from({ length: 20 }, (_, i) => teaser(i)).join('')}<article id="story">${paragraphs(story)}</article>${Array.from({ length: 20 }, (_, i) => teaser(i + 20)).join('')}</body>`,
    root: '#story',
  },
  {
    reason: 'a <meta itemprop=articleBody> in the head holds no text: the visible story is read',
    html: `<head><meta itemprop="articleBody" content="${story.join(' ').replace(/"/g, '&quot;')}"></head><body><nav>${menu(10)}</nav><article id="story">${paragraphs(story)}</article></body>`,
    root: '#story',
  },
  {
    reason: 'itemprop=articleBody on every paragraph (nzz.ch): the article, not its first paragraph',
    html: `<body><article id="story">${story.map((t) => `<p itemprop="articleBody">${t}</p>`).join('')}</article></body>`,
    root: '#story',
  },
  {
    reason: 'a <main> with the story\'s <article> and a sidebar: narrowed to the article',
    html: `<body><main><article id="story">${paragraphs(story)}</article><aside>${Array.from({ length: 3 }, (_, i) => teaser(i)).join('')}</aside></main></body>`,
    root: '#story',
  },
  {
    reason: 'a <main> with the story\'s <article> and, after it, 400 reader comments in a list, each a paragraph: the article (the comments are not the page\'s prose, and anchoring must not read them)',
    html: `<body><main><article id="story"><h1>Putin har inviteret Trump til Moskva</h1>${paragraphs(story)}</article><section class="comments"><h2>Kommentarer</h2><ol>${Array.from({ length: 400 }, (_, i) => `<li class="comment"><div class="meta">Læser ${i}</div><div class="body"><p>Kommentar nummer ${i}: ${story[i % story.length]}</p></div></li>`).join('')}</ol></section></main></body>`,
    root: '#story',
  },
  {
    reason: 'no <article> or <main>, the story after 40,000 characters of menus: the block of paragraphs',
    html: `<body><div id="top">${menu(600)}</div><div class="wrap"><div id="story">${paragraphs(story)}</div></div></body>`,
    root: '#story',
  },
  {
    reason: 'no <article> or <main>, paragraphs as <div>s (spiegel.de, cnn.com)',
    html: `<body>${menu(50)}<div id="story">${story.map((t) => `<div class="absatz">${t}</div>`).join('')}</div></body>`,
    root: '#story',
  },
  {
    reason: 'no <article> or <main>, a ticker of story blurbs in list items before the story (indiapost.com)',
    html: `<body><ul class="ticker">${Array.from({ length: 40 }, (_, i) => `<li><a href="/t/${i}">Overskrift ${i}</a><span>${story[i % story.length]}</span></li>`).join('')}</ul><div id="story">${paragraphs(story)}</div></body>`,
    root: '#story',
  },
  {
    reason: 'a hidden plain-text copy of the story for search engines (businessinsider.com) is not the main text',
    html: `<body><div style="display:none;"><div itemprop="articleBody">${story.join('\n\n').repeat(2)}</div></div><div class="wrap"><div id="story">${paragraphs(story)}</div></div></body>`,
    root: '#story',
  },
];

describe('the main text of a page', () => {
  it.each(ROWS)('$reason', ({ html, root }) => {
    const doc = htmlDocument(html);
    expect(mainTextRoot(doc)).toBe(doc.querySelector(root));
    // Recognition reads it too: the page is the seed article by its text alone.
    expect(recognize(readSignals(doc, 'https://copy.example.test/x'), index)?.id).toBe(seed.id);
    // Every claim anchors inside it.
    const anchored = anchorArticleClaims(doc, seed.claims).anchored.filter((a) => a.anchor.range);
    expect(anchored.length).toBeGreaterThan(0);
    for (const { anchor } of anchored) expect(doc.querySelector(root)?.contains(anchor.range?.startContainer ?? null)).toBe(true);
  });

  it('reads the text budget in words with whitespace collapsed: indentation does not push the story out of reach', () => {
    // thelocal.se-like markup: 30,000 characters of raw text would be 88% indentation.
    const indent = `\n${' '.repeat(2000)}`;
    const doc = htmlDocument(`<body>${`<div>${indent}<span>${indent}Menu${indent}</span>${indent}</div>`.repeat(40)}<div class="wrap"><div id="story">${paragraphs(story, indent)}</div></div></body>`);
    const facts = readPageFacts(SIGNAL_WORD_LIMIT, doc) as PageFacts;
    expect(facts.text).toContain(story[story.length - 1]);
    expect(facts.text).not.toMatch(/\s{2}/);
    expect(recognize({ url: 'https://copy.example.test/x', ...facts }, index)?.id).toBe(seed.id);
  });

  it('reads the body when no element holds enough running text (a short page)', () => {
    const doc = htmlDocument('<body><article><p>Kort.</p></article><div>Resten af siden.</div></body>');
    expect((readPageFacts(SIGNAL_WORD_LIMIT, doc) as PageFacts).text).toContain('Resten af siden.');
  });
});
