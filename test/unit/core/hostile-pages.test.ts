// Hostile and unusual pages (test/fixtures/hostile): each page, with its page script's effect
// simulated in jsdom, goes through readSignals → recognize → anchorClaims. Kontekst keeps
// working or does nothing: no exception, every anchor on its claim's text, the page unchanged.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anchorClaims } from '../../../src/core/anchoring/article-anchoring';
import { type HostileExpectation, hostileFixtures } from '../../support/hostile-fixtures';
import { MUTATIONS } from '../../support/mutations';
import { anchorProblem, countVerifierWork, verifierBound } from '../../support/oracle';
import { type PipelineResult, pageSnapshot, parsePage, runPipeline, statuses } from '../../support/pipeline';
import { seedArticle } from '../../support/seed';

const seed = seedArticle();

const fixtures = hostileFixtures();
const quoteOf = new Map(seed.claims.map((c) => [c.id, c.selector.exact]));
const bound = verifierBound(seed.claims.map((c) => c.selector.exact));

/** `run` with the fuzzy verifier's work counted: whatever the page, it stays within the quotes' bound. */
function bounded<T>(run: () => T): T {
  const { result, windows, characters } = countVerifierWork(run);
  expect(windows, 'fuzzy candidate windows').toBeLessThanOrEqual(bound.windows);
  expect(characters, 'characters the fuzzy verifier read').toBeLessThanOrEqual(bound.characters);
  return result;
}

function checkResult(result: PipelineResult, expected: HostileExpectation): void {
  const why = expected.reason;
  expect(result.recognition?.id ?? null, why).toBe(expected.article);
  expect(result.recognition?.matchedBy ?? null, why).toBe(expected.matchedBy);
  expect(statuses(result), why).toEqual(expected.claims);
  for (const { claim, anchor, page } of result.anchored) {
    expect(anchorProblem(page, quoteOf.get(claim.id) ?? '', anchor), `${claim.id}: ${why}`).toBeNull();
    const selector = expected.anchoredIn?.[claim.id] ?? (anchor.range ? expected.anchoredIn?.['*'] : undefined);
    if (selector) {
      const container = anchor.range?.commonAncestorContainer;
      const element = container?.nodeType === 1 ? (container as Element) : container?.parentElement;
      expect(element?.closest(selector), `${claim.id} anchors inside ${selector}: ${why}`).toBeTruthy();
    }
  }
}

describe('hostile and unusual pages in jsdom', () => {
  it('every fixture page has its expectation and a known mutation', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
    for (const { name, expected } of fixtures) {
      expect(expected.reason.length, name).toBeGreaterThan(40);
      if (expected.mutation) expect(Object.keys(MUTATIONS), name).toContain(expected.mutation);
    }
  });

  it.each(fixtures)('$name', ({ file, expected }) => {
    const dom = parsePage(readFileSync(file, 'utf8'), expected.url, expected.contentType);
    const doc = dom.window.document;
    const mutation = expected.mutation ? MUTATIONS[expected.mutation] : undefined;

    if (mutation?.when === 'after') {
      // The page changes under Kontekst: the first anchors go stale, anchoring again finds every claim.
      const first = bounded(() => runPipeline(doc));
      checkResult(first, expected);
      mutation.apply(dom.window);
      for (const { anchor } of first.anchored) {
        const start = anchor.range?.startContainer;
        expect(start === undefined || !start.isConnected || anchor.range?.collapsed, `a stale range still reaches the page: ${expected.reason}`).toBe(true);
      }
      const before = pageSnapshot(doc);
      checkResult(bounded(() => runPipeline(doc)), expected);
      expect(pageSnapshot(doc), 'anchoring left the page as it was').toEqual(before);
      return;
    }

    const root = mutation?.apply(dom.window)?.root;
    if (root) {
      // A detached tree (see the mutation): recognition reads the document, anchoring the tree.
      const before = root.textContent;
      const signalsOnly = runPipeline(doc);
      const { page, anchored } = bounded(() => anchorClaims(root, seed.claims));
      checkResult({ recognition: signalsOnly.recognition, page, anchored }, expected);
      expect(root.textContent, 'anchoring left the tree as it was').toBe(before);
      return;
    }
    const before = pageSnapshot(doc);
    checkResult(bounded(() => runPipeline(doc)), expected);
    expect(pageSnapshot(doc), 'anchoring left the page as it was').toEqual(before);
  });
});

describe('a claim whose DOM range cannot be made', () => {
  it('is reported missing instead of throwing (jsdom, and so the CLI, cannot end a Range inside a CDATA section)', () => {
    // jsdom's node length counts a CDATA section's children, not its characters, so Range.setEnd
    // throws IndexSizeError there (https://dom.spec.whatwg.org/#concept-node-length says characters).
    const xhtml = `<html xmlns="http://www.w3.org/1999/xhtml"><body><p><![CDATA[Det skriver The Guardian.]]></p></body></html>`;
    const doc = parsePage(xhtml, 'https://xml.example/a.xhtml', 'application/xhtml+xml').window.document;
    const { anchored } = anchorClaims(doc.documentElement, seed.claims);
    const guardian = anchored.find((a) => a.claim.id === 'guardian-report');
    // Either marked where the quote is, or honestly missing; never an exception.
    if (guardian?.anchor.status === 'missing') expect(guardian.anchor.range).toBeNull();
    else expect(guardian?.anchor.range?.toString()).toBe('Det skriver The Guardian.');
  });
});
