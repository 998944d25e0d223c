// How deeply a page's markup nests its elements, estimated in one linear scan before parsing:
// jsdom builds trees recursively and slows down quadratically with depth (about two minutes
// at 10,000 levels, a stack overflow at 50,000), where a browser's parser stops nesting at 512
// (Chromium: kMaximumHTMLParserDOMTreeDepth in html_construction_site.cc).

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'frame', 'keygen']);
// Elements whose end tag may be left out never nest inside themselves, so they are not counted.
const OPTIONAL_END = new Set(['html', 'head', 'body', 'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'option', 'optgroup', 'rb', 'rt', 'rtc', 'rp']);
// Their content is text, not markup.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

/** The deepest nesting of elements that need an end tag, found without building a tree. */
export function markupDepth(markup: string): number {
  const tag = /<!--[\s\S]*?(?:-->|$)|<(\/?)([A-Za-z][^\s/>]*)[^>]*?(\/?)>/g;
  const lower = markup.toLowerCase();
  let depth = 0;
  let deepest = 0;
  for (let match = tag.exec(markup); match !== null; match = tag.exec(markup)) {
    const [, closing, rawName, selfClosing] = match;
    if (rawName === undefined) continue;
    const name = rawName.toLowerCase();
    if (VOID.has(name) || OPTIONAL_END.has(name)) continue;
    if (closing) {
      depth = Math.max(0, depth - 1);
    } else if (RAW_TEXT.has(name)) {
      // Skip to past its end tag's name; the end tag itself is not counted.
      const end = lower.indexOf(`</${name}`, tag.lastIndex);
      tag.lastIndex = end < 0 ? markup.length : end + name.length + 2;
    } else if (!selfClosing) {
      deepest = Math.max(deepest, ++depth);
    }
  }
  return deepest;
}
