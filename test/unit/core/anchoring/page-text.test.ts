import { describe, expect, it } from 'vitest';
import { readPageText, rangeFromOffsets } from '../../../../src/core/anchoring/page-text';
import { foldCode, normalizeText } from '../../../../src/core/anchoring/normalize';
import { htmlDocument } from '../../../support/seed';

const textOf = (html: string): string => {
  const doc = htmlDocument(`<!doctype html><body>${html}</body>`);
  return readPageText(doc.body).text;
};

describe('readPageText reads the text a reader sees, once', () => {
  it.each([
    ['inline elements do not break words or sentences', '<p>Det <a href="#">skriver</a> <em>The</em> Guardian.</p>', 'Det skriver The Guardian.'],
    ['a span around every word reads as the sentence', '<p><span>Det</span> <span>skriver</span> <span>The</span> <span>Guardian.</span></p>', 'Det skriver The Guardian.'],
    ['blocks are separated by a break', '<p>Første.</p><p>Anden.</p>', 'Første.\nAnden.'],
    ['script, style, noscript and template text is not read', '<p>A<script>var x = "B";</script><style>p{}</style><noscript>C</noscript><template>D</template> E</p>', 'A E'],
    ['hidden elements are not read', '<p>A <span hidden>skjult</span><span style="display: none">væk</span>B</p>', 'A B'],
    ['<wbr> and soft hyphens join a word', '<p>efter<wbr>retnings&shy;tjeneste</p>', 'efterretningstjeneste'],
    ['<br> is a space, not a block', '<p>linje et<br>linje to</p>', 'linje et linje to'],
    ['whitespace between inline nodes collapses across nodes', '<p>a <b> b </b> c</p>', 'a b c'],
    ['indentation between blocks adds nothing', '<div>\n   <p>A</p>\n   <p>B</p>\n</div>', 'A\nB'],
    ['quotation marks are folded', '<p>»Ja,« sagde han</p>', '"Ja," sagde han'],
  ])('%s', (_reason, html, expected) => {
    expect(textOf(html)).toBe(expected);
  });

  it('maps folded offsets back to a DOM Range over the original nodes', () => {
    const doc = htmlDocument('<!doctype html><body><p>Den  <b>russiske\u00a0præ\u00adsident</b>, Vladimir Putin</p></body>');
    const page = readPageText(doc.body);
    const start = page.text.indexOf('russiske præsident');
    const range = rangeFromOffsets(page, start, start + 'russiske præsident'.length);
    expect(range?.toString()).toBe('russiske\u00a0præ\u00adsident');
    expect(range?.startContainer.parentElement?.localName).toBe('b');
  });

  it('folds every kind of text node as normalizeText does, and maps each folded character back to the one it came from', () => {
    // Nodes with only quotation marks and dashes to fold take a path of their own (foldInPlace);
    // nodes with spaces to merge or invisible characters take the loop: both must agree with it.
    const alphabet = ['a', 'æ', 'Z', '.', ' ', ' ', '»', '«', '„', '“', '’', '–', '—', '\u2212', '\u00a0', '\u00ad', '\u200b', '\n', '\u2009'];
    let seed = 7;
    const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let run = 0; run < 300; run++) {
      const words = Array.from({ length: 1 + next(5) }, () => Array.from({ length: next(12) }, () => alphabet[next(alphabet.length)]).join(''));
      const doc = htmlDocument('<!doctype html><body><p></p></body>');
      const p = doc.querySelector('p') as HTMLParagraphElement;
      for (const [i, word] of words.entries()) p.append(i % 2 ? Object.assign(doc.createElement('span'), { textContent: word }) : doc.createTextNode(word));
      const page = readPageText(doc.body);
      // (A space a node ends with is kept at the end of the text, as it always was.)
      expect(page.text.trimEnd(), JSON.stringify(words)).toBe(normalizeText(words.join('')));
      for (let i = 0; i < page.text.length; i++) {
        if (page.text[i] === ' ') continue;
        const raw = rangeFromOffsets(page, i, i + 1)?.toString() ?? '';
        expect(String.fromCharCode(foldCode(raw.charCodeAt(raw.length - 1))), `${JSON.stringify(words)} at ${i}`).toBe(page.text[i]);
      }
    }
  });

  it('reads a deeply nested DOM (the walk is iterative; jsdom itself recurses past ~10,000 levels)', () => {
    const doc = htmlDocument(`<!doctype html><body>${'<span>'.repeat(2000)}dybt nede</body>`);
    expect(readPageText(doc.body).text).toBe('dybt nede');
  });
});
