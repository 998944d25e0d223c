// The text of a small page, read by the background from the markup the page reader sent
// (readPageFacts: `facts.markup`, a small HTML page's body serialized by the browser). Reading it
// here rather than in the page keeps the page's main thread to one native call: walking a fresh
// isolated world's DOM visits a wrapper per node and runs cold in V8's interpreter, about half of
// what Kontekst cost a small page in Chromium (bench/cost.ts, "Pages not in the dataset").
// The same text as the page reader's walk (test/unit/recognition/markup-text.test.ts): blocks and
// line breaks keep words apart, inline markup inside a word does not split it, and what no reader
// sees as prose (scripts, styles, templates, fallbacks) is no text.

/** Elements inside a paragraph: their text belongs to the block around them (readPageFacts' `inline`, less `br`, a line break). */
const INLINE = new Set(['a', 'b', 'i', 'em', 'strong', 'span', 'font', 'small', 'sup', 'sub', 'u', 'q', 'cite', 'mark', 'abbr', 'time', 'code', 'bdi', 'bdo', 's', 'del', 'ins']);
/** Elements whose content is no prose (readPageFacts' `skipParents`). */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title', 'svg', 'noframes', 'noembed', 'iframe']);
/**
 * Of those, the ones serialized as text up to their end tag, which cannot hold another
 * (https://html.spec.whatwg.org/multipage/parsing.html#serialising-html-fragments): skipped to it.
 * The others (template, svg) hold elements, and may hold another of their kind.
 */
const RAW = new Set(['script', 'style', 'noscript', 'textarea', 'title', 'noframes', 'noembed', 'iframe']);
/**
 * A tag, a comment, or a doctype. The serializer escapes every `<` of text as `&lt;`, so any other
 * `<` starts markup, and (Chromium 138, Firefox 140 on) `<` and `>` in attribute values too
 * (https://github.com/whatwg/html/pull/6362). No part runs past the next `<` or `>`: a page's
 * markup, however shaped, is read in time linear in its length.
 */
const TAG = /<(\/?)([a-zA-Z][^\s/<>]*)([^<>]*)>|<!--[\s\S]*?(?:-->|$)|<[!?][^<>]*>/g;
/** The only character references the HTML serializer writes in text. */
const REFERENCES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', quot: '"' };

/** Elements the serializer writes without an end tag (https://html.spec.whatwg.org/multipage/parsing.html#serialising-html-fragments). */
const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** readPageFacts' `chunk`: an element with more descendants than this is read part by part, however inline. */
const CHUNK = 200;

/** An open element: its parts so far, whether a block (or a line break, or skipped content) is inside it, and how many elements. */
interface Open {
  name: string;
  parts: string[];
  block: boolean;
  elements: number;
}

/**
 * Up to `limit` words of the text in `markup` (a serialized HTML element, a small page's body),
 * whitespace collapsed; `full`: it held `limit` words or more. The parts are the page reader's
 * (readPageFacts' read()): an element whose descendants are all inline, and at most CHUNK of
 * them, is one part (its text joined as textContent joins it); any other is read part by part,
 * each text and child its own; parts are joined with a space.
 */
export function markupText(markup: string, limit: number): { text: string; full: boolean } {
  const root: Open = { name: '', parts: [], block: false, elements: 0 };
  const open: Open[] = [root];
  const tag = new RegExp(TAG.source, 'g');
  let at = 0;
  /** Closes the innermost open element, handing its parts to the one around it. */
  const close = (): void => {
    const done = open.pop() as Open;
    const around = open[open.length - 1] as Open;
    if (done.block || done.elements > CHUNK) around.parts.push(...done.parts);
    else around.parts.push(done.parts.join(''));
    around.block ||= done.block || !INLINE.has(done.name);
    around.elements += done.elements + 1;
  };
  for (let m = tag.exec(markup); m !== null; m = tag.exec(markup)) {
    if (m.index > at) (open[open.length - 1] as Open).parts.push(decode(markup.slice(at, m.index)));
    at = tag.lastIndex;
    const name = m[2]?.toLowerCase();
    if (name === undefined) continue;
    const current = open[open.length - 1] as Open;
    if (m[1] === '/') {
      // The serializer closes every element it opened; an end tag nothing opened is ignored.
      let index = open.length - 1;
      while (index > 0 && (open[index] as Open).name !== name) index--;
      if (index > 0) while (open.length > index) close();
      continue;
    }
    if (SKIPPED.has(name)) {
      // Skipped whole, to its end tag: no text, but, like any element that is not inline, it
      // makes the element around it read part by part.
      if (RAW.has(name)) {
        const end = markup.indexOf(`</${name}`, at);
        tag.lastIndex = end < 0 ? markup.length : end;
        const after = tag.exec(markup);
        at = after === null ? markup.length : tag.lastIndex;
      } else {
        // Past the matching end tag: others of its name inside open and close again.
        let depth = 1;
        for (let inner = tag.exec(markup); inner !== null; inner = tag.exec(markup)) {
          if (inner[2]?.toLowerCase() === name && (depth += inner[1] === '/' ? -1 : 1) === 0) break;
        }
        at = depth === 0 ? tag.lastIndex : markup.length;
      }
      tag.lastIndex = at;
      current.block = true;
      current.elements++;
      continue;
    }
    if (VOID.has(name)) {
      current.block ||= !INLINE.has(name);
      current.elements++;
      continue;
    }
    open.push({ name, parts: [], block: false, elements: 0 });
  }
  if (at < markup.length) (open[open.length - 1] as Open).parts.push(decode(markup.slice(at)));
  while (open.length > 1) close();
  // Whitespace collapsed and the text cut at `limit` words as readPageFacts' read() does.
  const text = root.parts.join(' ').replace(/ \s+|[^\S ]\s*/g, ' ').trim();
  if (text.length < 2 * limit - 1) return { text, full: false };
  const words = text.split(' ', limit);
  const full = words.length >= limit;
  return { text: (full ? words.join(' ') : text).slice(0, limit * 10), full };
}

/** Text as the serializer wrote it, its character references replaced by what they stand for. */
function decode(text: string): string {
  return text.includes('&') ? text.replace(/&(amp|lt|gt|nbsp|quot);/g, (_, name: string) => REFERENCES[name] as string) : text;
}
