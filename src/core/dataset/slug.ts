// Dataset ids are kebab-case ASCII (article.schema.json's `id`): these helpers make
// them from headlines, quotes and publisher names in Danish or English.

/** Longest id the schema allows. */
export const MAX_ID_LENGTH = 80;

// Danish and German letters spelled out the way Danish URLs and file names spell them.
const SPELLED: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** Lowercase kebab-case ASCII of `text`, cut at a word boundary to at most `maxLength` characters. */
export function slugify(text: string, maxLength = MAX_ID_LENGTH): string {
  const ascii = text
    .toLowerCase()
    .replace(/[æøåäöüß]/g, (c) => SPELLED[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, maxLength)).replace(/-+$/, '');
}

/**
 * A short key for a publisher: long multi-word names become their initials
 * ("Jyllands-Posten" → "jp", "Danmarks Radio" → "dr"), short ones stay whole ("the-guardian").
 */
export function publisherKey(publisher: string): string {
  const slug = slugify(publisher);
  const words = slug.split('-').filter(Boolean);
  if (slug.length > 12 && words.length > 1) return words.map((w) => w[0]).join('');
  return slug;
}

/** An article id from publisher, date (YYYY-MM-DD or empty) and headline, e.g. "jp-2018-07-27-putin-har-inviteret-trump". */
export function articleId(publisher: string, date: string, headline: string): string {
  const head = [publisherKey(publisher), date].filter(Boolean).join('-');
  const room = MAX_ID_LENGTH - head.length - 1;
  const words = slugify(headline, Math.max(8, Math.min(room, 48)));
  return slugify([head, words].filter(Boolean).join('-')) || 'article';
}

/** `base`, or `base-2`, `base-3`… whichever `taken` does not hold yet (the result is added to `taken`). */
export function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${slugify(base, MAX_ID_LENGTH - String(n).length - 1)}-${n}`;
  taken.add(id);
  return id;
}

/** An id for a claim from its quote's first words. */
export function claimIdFromQuote(quote: string): string {
  return slugify(quote, 40) || 'claim';
}

/** Text as printed, tidied: whitespace runs as one space, invisible characters gone, punctuation kept (unlike normalizeText). */
export function tidyText(text: string): string {
  return text.replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '').replace(/\s+/g, ' ').trim();
}

/** A publisher name for a site that names none: its host without "www." and the top-level domain ("island-weekly.example" → "island-weekly"). */
export function hostPublisher(url: string): string {
  const host = new URL(url).hostname.replace(/^www\./, '');
  const labels = host.split('.');
  return labels.length > 1 ? labels.slice(0, -1).join('.') : host;
}
