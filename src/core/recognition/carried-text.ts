// Whether a page carries an article's text, beyond naming it. An address, a canonical link or an
// og:url only says which article a page wants to be; any page can write those, and acting on them
// would let a page learn which addresses are in the reader's data. So a recognised page gets the
// annotator only when the claims of the article are found in its own text, by the same anchoring
// the annotator then does in the page.
//
// How much: the claims found must cover MIN_CARRIED_CHARS characters. Measured on the fixtures
// (test/unit/core/carried-text.test.ts): a paywalled page showing the first three paragraphs
// carries three claims, 301 characters; a page with one line of the article ("Det skriver The
// Guardian.", the shortest claim, 25 characters) does not: a line is what any page quoting the
// article, or probing for it, can carry. Fingerprint containment was measured too and is no use
// here: three paragraphs of 31 real articles hold 0 to 64 of their 64 fingerprint hashes (bbc 3,
// healthline 2, nationalreview 5; the paywall fixture 5), since a bottom-k sketch samples the
// whole text, not its start.
import { anchorQuote } from '../anchoring/anchor-quote';
import { normalizeText } from '../anchoring/normalize';
import type { Claim } from '../dataset/model';

/** Characters of claims (folded quotes) a page's text must carry: about one sentence of the article. */
export const MIN_CARRIED_CHARS = 100;

// Compared without spaces: the page reader joins text nodes with a space, so a page that puts
// letters or syllables in elements of their own reads "D e t s k r i v e r"; the annotator, which
// reads the DOM itself, sees the words whole. Without spaces both read alike.
const unspaced = (text: string): string => normalizeText(text).replaceAll(' ', '');

/** The characters of the claims' quotes (folded) that anchor, exactly or fuzzily, in `text`. */
export function carriedClaimChars(text: string, claims: readonly Pick<Claim, 'selector'>[]): number {
  const folded = unspaced(text);
  let carried = 0;
  for (const { selector } of claims) {
    const quote = { exact: unspaced(selector.exact), prefix: unspaced(selector.prefix ?? ''), suffix: unspaced(selector.suffix ?? '') };
    if (anchorQuote(folded, quote).status !== 'missing') carried += normalizeText(selector.exact).length;
  }
  return carried;
}

/** Whether `text` carries enough of the article's claims to mark it: MIN_CARRIED_CHARS, or all of them when they are shorter. */
export function carriesArticle(text: string, claims: readonly Pick<Claim, 'selector'>[]): boolean {
  const total = claims.reduce((sum, claim) => sum + normalizeText(claim.selector.exact).length, 0);
  const needed = Math.min(MIN_CARRIED_CHARS, total);
  return needed > 0 && carriedClaimChars(text, claims) >= needed;
}
