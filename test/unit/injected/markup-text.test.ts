// The background reads a small page's text from the markup the page reader sends
// (readPageFacts, `facts.markup`): the same words as the page reader's own walk, so a copy
// recognised by its text still is (detection.test.ts, "recognises a small copy by the text of the markup …").
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { markupText } from '../../../src/core/recognition/markup-text';
import { SIGNAL_WORD_LIMIT, readPageFacts } from '../../../src/injected/read-page-facts';
import { SEED_PAGE } from '../../support/seed';
import { fromSource } from '../../support/page';

const PAGES = 'test/fixtures/pages';

/** A document holding only `html` in its body, as a small page whose whole text the page reader reads. */
function bodyOf(html: string): HTMLElement {
  return new DOMParser().parseFromString(`<!doctype html><html><head><title>x</title></head><body>${html}</body></html>`, 'text/html').body;
}

/** What the page reader's walk reads from the document's body (a page of any size: `root`'s copy alone in a body). */
function walked(root: Element): string {
  const copy = bodyOf('');
  copy.append(copy.ownerDocument.importNode(root, true));
  return fromSource(readPageFacts)(1e9, copy.ownerDocument).text;
}

describe('markupText reads the text the page reader reads', () => {
  const pages = [SEED_PAGE, ...readdirSync(PAGES).filter((name) => name.endsWith('.html')).map((name) => `${PAGES}/${name}`)];

  it.each(pages)('the same words as the walk over the main text of %s', (path) => {
    const doc = new DOMParser().parseFromString(readFileSync(path, 'utf8'), 'text/html');
    const root = readPageFacts(1e9, doc, 'root') ?? doc.body;
    const copy = bodyOf('');
    copy.append(copy.ownerDocument.importNode(root, true));
    expect(markupText(copy.outerHTML, 1e9).text).toBe(walked(root));
  });

  it.each([
    { reason: 'paragraphs with nothing between them stay apart', html: '<article><p>Første afsnit slutter.</p><p>Andet begynder her.</p></article>', text: 'Første afsnit slutter. Andet begynder her.' },
    { reason: 'a line break keeps words apart', html: '<p>Linje et<br>linje to</p>', text: 'Linje et linje to' },
    { reason: 'a heading and a list, nested in wrappers', html: '<main><div><h2>Overskrift</h2><div><ul><li>punkt et</li><li>punkt to</li></ul></div></div></main>', text: 'Overskrift punkt et punkt to' },
    { reason: 'inline markup inside a word stays one word', html: '<p>Et <b>fed</b>t ord og <a href="/x" title="a &gt; b">et link</a>.</p>', text: 'Et fedt ord og et link.' },
    { reason: 'scripts, styles, templates (nested too) and fallbacks are no text', html: '<script>var x = "<p>kode</p>";</script><style>p{}</style><template><template>indre</template>skabelon</template><noscript>slå script til</noscript><iframe>ramme</iframe><noembed>indlejret</noembed><noframes>rammer</noframes><textarea>felt</textarea><svg><svg><text>figur</text></svg><text>mere figur</text></svg><p>Synlig tekst</p>', text: 'Synlig tekst' },
    { reason: 'comments are no text', html: '<p>Før<!-- en <p>kommentar</p> -->efter</p>', text: 'Førefter' },
    { reason: 'character references are what they stand for, once', html: '<p>R&amp;D &lt;b&gt; &amp;amp; a\u00a0b</p>', text: 'R&D <b> &amp; a b' },
    { reason: 'whitespace of every kind collapses to one space', html: '<p>  Et\u00a0 afsnit\t\tmed \n      nogle\u2003ord  i. </p><p>Og\u202fet til</p>', text: 'Et afsnit med nogle ord i. Og et til' },
  ])('$reason', ({ html, text }) => {
    const body = bodyOf(html);
    expect(markupText(body.outerHTML, SIGNAL_WORD_LIMIT).text).toBe(text);
    // The same as the page reader reads from the page itself.
    expect(markupText(body.outerHTML, SIGNAL_WORD_LIMIT).text).toBe(fromSource(readPageFacts)(SIGNAL_WORD_LIMIT, body.ownerDocument).text);
  });

  it.each([
    { reason: 'exactly the limit: all of them, not full', words: 7, limit: 7, expected: 7, full: true },
    { reason: 'one word over: cut at the limit', words: 8, limit: 7, expected: 7, full: true },
    { reason: 'under the limit', words: 6, limit: 7, expected: 6, full: false },
  ])('counts words at the edge of the limit as the page reader does: $reason', ({ words, limit, expected, full }) => {
    const body = bodyOf(`<p>${Array.from({ length: words }, (_, i) => String.fromCharCode(97 + i)).join(' ')}</p>`);
    const read = markupText(body.outerHTML, limit);
    expect(read.text.split(' ')).toHaveLength(expected);
    expect(read.full).toBe(full);
    expect(read.text).toBe(fromSource(readPageFacts)(limit, body.ownerDocument).text);
  });

  // No serializer writes these; a message that is not what the page reader sends is still read to its end.
  it.each([
    { reason: 'an unclosed comment', markup: `<p>tekst</p><!-- ${'<a "'.repeat(20_000)}`, text: 'tekst' },
    { reason: 'an unclosed script', markup: `<p>tekst</p><script>${'<p>x</p>'.repeat(1000)}`, text: 'tekst' },
    { reason: 'unclosed elements', markup: '<div><p>tekst<b>fed', text: 'tekstfed' },
    { reason: 'an end tag nothing opened', markup: '<p>tekst</i> mere</p>', text: 'tekst mere' },
    { reason: "tags that never end (each '<' a tag's start)", markup: `<p>tekst</p>${'<b "'.repeat(20_000)}`, text: `tekst ${'<b "'.repeat(20_000)}`.replace(/ +/g, ' ').trim() },
  ])('reads markup no serializer writes to its end: $reason', ({ markup, text }) => {
    expect(markupText(markup, 1e9).text).toBe(text);
  });
});
