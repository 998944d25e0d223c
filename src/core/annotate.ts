import { type Anchor, type AnchorOptions, anchorQuotes, foldSelector } from './anchor';
import type { Claim } from './dataset';
import { rangeFromOffsets, readPageText, type PageText } from './page-text';

/** A claim with where it sits on the page. */
export interface AnchoredClaim {
  claim: Claim;
  anchor: Anchor;
}

export interface AnchorClaimsOptions extends AnchorOptions {
  /** Decides whether a candidate's DOM range is visible (a browser checks layout); joins `accept`. */
  acceptRange?: (range: Range) => boolean;
}

/** Reads the page's text once and anchors every claim in it. */
export function anchorClaims(root: Node, claims: readonly Claim[], options: AnchorClaimsOptions = {}): { page: PageText; anchored: AnchoredClaim[] } {
  const page = readPageText(root);
  const { acceptRange, ...rest } = options;
  // `accept` sees offsets in the folded text; only here is the page at hand to turn them into a Range.
  const accept = acceptRange
    ? (start: number, end: number): boolean => {
        const range = rangeFromOffsets(page, start, end);
        return range !== null && acceptRange(range) && (rest.accept?.(start, end) ?? true);
      }
    : rest.accept;
  const anchors = anchorQuotes(page, claims.map((claim) => foldSelector(claim.selector)), { ...rest, accept });
  return { page, anchored: claims.map((claim, i) => ({ claim, anchor: anchors[i] as Anchor })) };
}

/** The element holding an article's main text: the article body when the page marks it, else the body. */
export function mainTextRoot(doc: Document): Element | null {
  return doc.querySelector('[itemprop="articleBody"]') ?? doc.querySelector('article') ?? doc.querySelector('main') ?? doc.body ?? doc.documentElement;
}
