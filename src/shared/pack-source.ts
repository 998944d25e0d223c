// The line that tells a reader a note comes from a dataset pack they added, not from
// Kontekst's bundled notes: "From the pack “NAME” (added by you)". The card and the popup both
// show it. The pack's name is whatever its file said, so it is untrusted text: shown capped,
// on one line, as a text node in a <bdi> (its direction cannot reorder the words around it),
// and never passed through the browser's message formatting.
import type { ContentKey, Translate } from './i18n';

/** Most characters of a pack's name that are shown; a longer name ends in "…". */
export const PACK_NAME_SHOWN = 60;

// Stand-in for the name while the message is formatted, then split on (a private-use
// character: no locale text contains it, and names lose it below).
const SLOT = '\uE000';
// Bidi embeddings, overrides and isolates (a name could otherwise reverse the line around it,
// https://www.unicode.org/reports/tr9/#Explicit_Directional_Formatting_Characters), control
// characters, private-use characters and lone surrogates.
const DROPPED = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\p{Cc}\p{Co}\p{Cs}]/gu;
// Line and paragraph separators and every other space collapse to one space: the name stays on the line.
const SPACES = /[\s\u2028\u2029]+/gu;

/** A pack's name as it is shown: control and bidi characters dropped, spaces collapsed, at most PACK_NAME_SHOWN characters. */
export function shownPackName(name: string): string {
  // Spaces first: tabs and line breaks are control characters too, but stand between words.
  const clean = name.replace(SPACES, ' ').replace(DROPPED, '').replace(SPACES, ' ').trim();
  const chars = Array.from(clean);
  if (chars.length <= PACK_NAME_SHOWN) return clean || '…';
  return `${chars.slice(0, PACK_NAME_SHOWN - 1).join('').trimEnd()}…`;
}

/** A paragraph saying the notes come from the added pack `name`; text nodes only. */
export function renderPackSource(doc: Document, t: Translate<ContentKey>, name: string, className: string): HTMLParagraphElement {
  const line = doc.createElement('p');
  line.className = className;
  const [before = '', ...rest] = t('cardPackSource', SLOT).split(SLOT);
  const shown = doc.createElement('bdi');
  shown.className = `${className}-name`;
  shown.textContent = shownPackName(name);
  line.append(doc.createTextNode(before), shown, doc.createTextNode(rest.join('')));
  return line;
}
