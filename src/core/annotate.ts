import { type Anchor, type AnchorOptions, anchorQuotes, foldSelector } from './anchor';
import type { Claim } from './dataset';
import { readPageText, type PageText } from './page-text';

/** A claim with where it sits on the page. */
export interface AnchoredClaim {
  claim: Claim;
  anchor: Anchor;
}

/** Reads the page's text once and anchors every claim in it. */
export function anchorClaims(root: Node, claims: readonly Claim[], options: AnchorOptions = {}): { page: PageText; anchored: AnchoredClaim[] } {
  const page = readPageText(root);
  const anchors = anchorQuotes(page, claims.map((claim) => foldSelector(claim.selector)), options);
  return { page, anchored: claims.map((claim, i) => ({ claim, anchor: anchors[i] as Anchor })) };
}

/** The element holding an article's main text: the article body when the page marks it, else the body. */
export function mainTextRoot(doc: Document): Element | null {
  return doc.querySelector('[itemprop="articleBody"]') ?? doc.querySelector('article') ?? doc.querySelector('main') ?? doc.body ?? doc.documentElement;
}
