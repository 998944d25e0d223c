// Text folding shared by the page reader, the dataset tools and the tests.
// Folding is per character and never changes the order of what remains, so every
// folded character can be traced back to exactly one character of the page.

/** What a character folds to: a replacement code unit, SPACE, or DROP (a character nobody sees). */
export const DROP = -1;
export const SPACE = 0x20;

const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const HYPHEN = 0x2d;

/** Folds one UTF-16 code unit; see `normalizeText` for the rules. */
export function foldCode(code: number): number {
  if (code < 0x80) {
    // \t \n \v \f \r
    return code >= 0x09 && code <= 0x0d ? SPACE : code;
  }
  switch (code) {
    case 0x00a0: // no-break space
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f: // narrow no-break space
    case 0x205f:
    case 0x3000:
      return SPACE;
    case 0x00ad: // soft hyphen
    case 0x200b: // zero-width space
    case 0x200c:
    case 0x200d:
    case 0x2060: // word joiner
    case 0xfeff:
    // Bidirectional controls steer display order and show nothing; right-to-left pages put them
    // around numbers and names (https://www.unicode.org/reports/tr9/#Explicit_Directional_Formatting_Characters).
    case 0x061c: // Arabic letter mark
    case 0x200e: // left-to-right mark
    case 0x200f: // right-to-left mark
    case 0x202a: // embeddings and overrides … pop directional formatting
    case 0x202b:
    case 0x202c:
    case 0x202d:
    case 0x202e:
    case 0x2066: // isolates … pop directional isolate
    case 0x2067:
    case 0x2068:
    case 0x2069:
      return DROP;
    case 0x00ab: // « »
    case 0x00bb:
    case 0x201c: // “ ” „ ‟
    case 0x201d:
    case 0x201e:
    case 0x201f:
    case 0x2033:
      return DOUBLE_QUOTE;
    case 0x2018: // ‘ ’ ‚ ‛ ‹ ›
    case 0x2019:
    case 0x201a:
    case 0x201b:
    case 0x2039:
    case 0x203a:
    case 0x2032:
      return SINGLE_QUOTE;
    case 0x2010: // ‐ ‑ ‒ – — ―
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212: // minus sign
      return HYPHEN;
  }
  return code >= 0x2000 && code <= 0x200a ? SPACE : code;
}

// normalizeText as a few native regular-expression passes, which give exactly what folding every
// code unit with foldCode gives (test/unit/core/anchoring/normalize.test.ts checks the two agree
// on random text): a loop over the characters in script ran in the interpreter on every page,
// where the annotator's code is cold (bench, "Cost on the article itself": foldSelector, 6.4 ms a
// load on the seed article, most of it here).
const DROPPED = /[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
const DOUBLE_QUOTES = /[\u00ab\u00bb\u201c-\u201f\u2033]/g;
const SINGLE_QUOTES = /[\u2018-\u201b\u2032\u2039\u203a]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;
const SPACES = /[\t-\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
const QUOTE_OR_DASH = /[\u00ab\u00bb\u2010-\u201f\u2032\u2033\u2039\u203a\u2212]/;

/**
 * True when `text` may fold to something other than itself (ignoring single spaces). The page
 * reader copies most text nodes verbatim on this one test.
 */
export const NEEDS_FOLDING = /[\t\n\v\f\r\u00a0\u00ab\u00ad\u00bb\u061c\u1680\u2000-\u2015\u2018-\u201f\u2028-\u202f\u2032\u2033\u2039\u203a\u205f\u2060\u2066-\u2069\u2212\u3000\ufeff]| {2}/;

/**
 * True when folding `text` may drop or merge characters (whitespace other than single spaces,
 * invisible characters); false when it folds character for character (`foldInPlace`).
 */
export const FOLDS_LENGTH = /[\t\n\v\f\r\u00a0\u00ad\u061c\u1680\u2000-\u200f\u2028-\u202f\u205f\u2060\u2066-\u2069\u3000\ufeff]| {2}/;

/** Folds text in which FOLDS_LENGTH finds nothing: its quotation marks and dashes, each to one character. */
export function foldInPlace(text: string): string {
  return text.replace(DOUBLE_QUOTES, '"').replace(SINGLE_QUOTES, "'").replace(DASHES, '-');
}

/**
 * Folds text the way a reader sees it: every run of whitespace (including no-break
 * spaces) becomes one space, invisible characters (soft hyphen, zero-width) vanish,
 * all quotation marks become `"` or `'`, dashes become `-`; leading and trailing
 * space is trimmed.
 */
export function normalizeText(text: string): string {
  // Dropped first: a space, an invisible character and a space are one run of space.
  let out = text.replace(DROPPED, '');
  if (QUOTE_OR_DASH.test(out)) out = foldInPlace(out);
  out = out.replace(SPACES, ' ');
  const start = out.charCodeAt(0) === SPACE ? 1 : 0;
  const end = out.length > start && out.charCodeAt(out.length - 1) === SPACE ? out.length - 1 : out.length;
  return start === 0 && end === out.length ? out : out.slice(start, end);
}
