import articleSchema from '../../dataset/article.schema.json';
import { anchorQuote, exactOccurrences, foldSelector, type TextQuoteSelector } from '../anchoring/anchor-quote';
import type { PageText } from '../anchoring/page-text';
import { normalizeUrl } from '../recognition/address';
import { type Article, type DatasetProblem, LANGUAGES } from './model';
import { type JsonSchema, childPath, validateSchema } from './schema';
import { isReferenceWork, sourceHostProblem } from './source-hosts';

export const ARTICLE_SCHEMA = articleSchema as JsonSchema;

/** Where JSON.parse stopped, as "line L, column C", from its message's position. */
function syntaxLocation(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return error.message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${error.message.replace(/\s*\(line.*\)$/, '')} (line ${line}, column ${column})`;
}

/**
 * Keys written twice in one object of a JSON text that parses. JSON.parse keeps the last
 * value and drops the first without a word, which in a hand-edited file loses a note's text.
 */
export function duplicateKeys(text: string): string[] {
  const found: string[] = [];
  // One frame per open object or array: its path, and the keys seen (objects) or the index (arrays).
  const stack: { path: string; keys: Set<string> | null; key: string; index: number; expectKey: boolean }[] = [];
  const here = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '$';
    return top.keys ? childPath(top.path, top.key) : childPath(top.path, top.index);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        top.key = key;
        if (top.keys.has(key)) found.push(childPath(top.path, key));
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push({ path: here(), keys: c === 0x7b ? new Set() : null, key: '', index: 0, expectKey: c === 0x7b });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return found;
}

/** Parses JSON text; a syntax error, or a key written twice, becomes a problem. */
export function parseJson(text: string, file: string): { value: unknown; problems: DatasetProblem[] } {
  // Parsers may ignore a byte order mark (RFC 8259, section 8.1), and some editors write one.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(json) as unknown;
  } catch (error) {
    return { value: undefined, problems: [{ file, path: '$', message: `is not valid JSON: ${syntaxLocation(json, error as Error)}` }] };
  }
  const problems = duplicateKeys(json).map((path) => ({ file, path, message: 'is written twice in one object; JSON keeps only the last one, and the first would be lost' }));
  return { value, problems };
}

function checkHttpsUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${JSON.stringify(url)} is not a valid address`;
  }
  if (parsed.protocol !== 'https:') return `${JSON.stringify(url)} must be an https:// address`;
  if (parsed.username || parsed.password) return `${JSON.stringify(url)} must not carry a user name or password`;
  return null;
}

// Controls that reorder or hide text: a note's words could display in another order than they
// are written (https://www.unicode.org/reports/tr9/#Explicit_Directional_Overrides). Plain
// direction marks (LRM, RLM) only nudge neutral characters and stay allowed.
const DISGUISING_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/u;

/** Why a reader-facing text is unsafe to show, or null. */
function controlCharacterProblem(text: string): string | null {
  const found = DISGUISING_CONTROL.exec(text);
  if (!found) return null;
  const code = (found[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
  return `contains the invisible control character U+${code} (character ${found.index + 1}), which can make text display differently from what it says`;
}

/**
 * Checks a quote against the saved copy's text: it must occur, and where it occurs
 * more than once its prefix and suffix must single out one place.
 */
export function checkQuoteOnPage(selector: TextQuoteSelector, page: PageText): string | null {
  const folded = foldSelector(selector);
  const hits = exactOccurrences(page.text, folded.exact);
  if (hits.length === 0) return 'quote does not occur in the saved copy';
  if (hits.length === 1) return null;
  // The extension's own decision: the closest context wins, a tie between places that differ is ambiguous.
  if (anchorQuote(page.text, folded).status !== 'ambiguous') return null;
  return `quote occurs ${hits.length} times in the saved copy and its prefix/suffix do not tell them apart`;
}

export interface CheckOptions {
  /** The saved copy's text, when there is one; quotes are then checked against it. */
  savedPage?: PageText | null;
  /** Today as YYYY-MM-DD (default: the clock's UTC date); no note may be checked as of a later day. */
  today?: string;
}

/**
 * The longest note body a hover card shows without scrolling on a phone 360 px wide (the
 * narrowest common screen). The card is 344 px wide there (8 px from each edge) and its text
 * 312 px (16 px padding); 15 px system-ui averages about 7.5 px a character in Danish and
 * English text, so a line holds about 41 characters, 21.75 px high. A 640 px tall screen leaves
 * the card 624 px; its bar, kind, a two-line title, two sources, the "as of" line and a
 * two-line correction take about 335 px, which leaves 13 lines: about 530 characters, so 500
 * with room for long words. (Community Notes allows 280 characters plus a link.)
 */
export const NOTE_BODY_MAX = 500;

/** A date as YYYY-MM-DD, `days` after `date` (UTC). */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether a source is a reference work: read on a date (`accessed`) or on an encyclopaedia's host. */
export function isReferenceSource(source: { url: string; published?: string; accessed?: string }): boolean {
  return (source.accessed !== undefined && source.published === undefined) || isReferenceWork(source.url);
}

/** Checks one parsed article file: the schema, then what a schema cannot say. */
export function checkArticle(
  value: unknown,
  file: string,
  options: CheckOptions = {},
): { article: Article | null; problems: DatasetProblem[]; warnings: DatasetProblem[] } {
  const problems: DatasetProblem[] = validateSchema(value, ARTICLE_SCHEMA).map((p) => ({ file, ...p }));
  const warnings: DatasetProblem[] = [];
  if (problems.length) return { article: null, problems, warnings };
  const article = value as Article;
  const report = (path: string, message: string): void => void problems.push({ file, path, message });
  // An editor a day ahead of UTC writes their own today: only a later day is in the future.
  const latestDay = addDays(options.today ?? new Date().toISOString().slice(0, 10), 1);

  const seenAddresses = new Map<string, number>();
  article.urls.forEach((url, i) => {
    const key = normalizeUrl(url);
    if (key === null) return report(`$.urls[${i}]`, `${JSON.stringify(url)} is not a valid web address`);
    const earlier = seenAddresses.get(key);
    if (earlier !== undefined) report(`$.urls[${i}]`, `is the same address as $.urls[${earlier}]`);
    else seenAddresses.set(key, i);
  });

  const shown = (text: string, path: string): void => {
    const problem = controlCharacterProblem(text);
    if (problem) report(path, problem);
  };
  shown(article.headline, '$.headline');
  shown(article.publisher, '$.publisher');

  const seenIds = new Map<string, string>();
  const claimId = (id: string, path: string): void => {
    const earlier = seenIds.get(id);
    if (earlier) report(path, `duplicate id "${id}" (also at ${earlier})`);
    else seenIds.set(id, path);
  };
  article.claims.forEach((claim, c) => {
    const claimPath = `$.claims[${c}]`;
    claimId(claim.id, `${claimPath}.id`);
    if (options.savedPage) {
      const problem = checkQuoteOnPage(claim.selector, options.savedPage);
      if (problem) report(`${claimPath}.selector.exact`, problem);
    }
    claim.notes.forEach((note, n) => {
      const notePath = `${claimPath}.notes[${n}]`;
      claimId(note.id, `${notePath}.id`);
      for (const language of LANGUAGES) {
        shown(note.title[language], `${notePath}.title.${language}`);
        shown(note.body[language], `${notePath}.body.${language}`);
      }
      for (const language of LANGUAGES) {
        const length = note.body[language].length;
        if (length > NOTE_BODY_MAX) {
          report(`${notePath}.body.${language}`, `is ${length} characters long; a card shows at most ${NOTE_BODY_MAX} without scrolling on a 360 px wide screen (cut it, or split the note)`);
        }
      }
      // The newest date among the note's sources, and which source has it.
      let newestDate = '';
      let newestAt = -1;
      note.sources.forEach((source, s) => {
        const sourcePath = `${notePath}.sources[${s}]`;
        shown(source.title, `${sourcePath}.title`);
        if (!source.title.trim()) report(`${sourcePath}.title`, 'is blank: give the headline as the source printed it');
        shown(source.publisher, `${sourcePath}.publisher`);
        const problem = checkHttpsUrl(source.url) ?? sourceHostProblem(source.url);
        if (problem) report(`${sourcePath}.url`, problem);
        if (source.published === undefined && source.accessed === undefined) {
          report(sourcePath, 'has no date: give "published" (the day the source was published) or, for a reference work, "accessed" (the day it was read)');
        } else if (source.published !== undefined && source.accessed !== undefined) {
          report(sourcePath, 'has both "published" and "accessed"; a source is dated by one of them');
        } else if (source.published !== undefined && isReferenceWork(source.url)) {
          report(`${sourcePath}.published`, 'is on a reference work, which is read rather than published: give the day it was read as "accessed" (never the date of the event it describes)');
        }
        const date = source.published ?? source.accessed;
        if (date !== undefined && date > newestDate) [newestDate, newestAt] = [date, s];
        if (date !== undefined && date > latestDay) report(`${sourcePath}.${source.published !== undefined ? 'published' : 'accessed'}`, `"${date}" is in the future`);
      });
      if (note.asOf > latestDay) report(`${notePath}.asOf`, `"${note.asOf}" is in the future; a note can be checked only as of a day that has come`);
      else if (note.asOf < newestDate) {
        report(`${notePath}.asOf`, `"${note.asOf}" is older than sources[${newestAt}] (${newestDate}); a note cannot be current as of a day before its own source`);
      }
      (note.revisions ?? []).forEach((revision, r) => {
        if (revision.date > latestDay) report(`${notePath}.revisions[${r}].date`, `"${revision.date}" is in the future`);
        for (const language of LANGUAGES) shown(revision[language], `${notePath}.revisions[${r}].${language}`);
      });
      if (note.sources.length > 0 && note.sources.every(isReferenceSource)) {
        warnings.push({ file, path: `${notePath}.sources`, message: 'rest only on a reference work; cite the primary document or a news report as well' });
      }
    });
  });
  return { article: problems.length ? null : article, problems, warnings };
}

/** Problems that span files: the same article id or address in two files. */
export function checkAcrossArticles(entries: readonly { file: string; article: Article }[]): DatasetProblem[] {
  const problems: DatasetProblem[] = [];
  const ids = new Map<string, string>();
  const addresses = new Map<string, string>();
  for (const { file, article } of entries) {
    const other = ids.get(article.id);
    if (other) problems.push({ file, path: '$.id', message: `duplicate article id "${article.id}" (also in ${other})` });
    else ids.set(article.id, file);
    article.urls.forEach((url, i) => {
      const key = normalizeUrl(url) as string;
      const owner = addresses.get(key);
      if (owner && owner !== file) problems.push({ file, path: `$.urls[${i}]`, message: `address is already claimed by ${owner}` });
      else addresses.set(key, file);
    });
  }
  return problems;
}

