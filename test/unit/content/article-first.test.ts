// The annotator marks a claim in the article's own text when a teaser or a reader comment
// repeats it, and moves a claim it could only find outside the article into the article
// once the article's text arrives.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTLE_MS } from '../../../src/content/watch';
import { captureShadowRoots, seedPublicArticle } from '../../support/page';
import { type Running, annotate, flush, lastStatuses, markers, savedCopy } from './support';

beforeAll(() => captureShadowRoots());

let running: Running | null = null;
beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] }));
afterEach(() => {
  running?.annotator.clear();
  running = null;
  vi.useRealTimers();
});

async function settle(): Promise<void> {
  await flush();
  vi.advanceTimersByTime(SETTLE_MS);
  await flush();
}

const GUARDIAN = 'Det skriver The Guardian.';
const markerOf = (claimId: string) => {
  const claim = running!.article.claims.find((c) => c.id === claimId)!;
  return markers().find((m) => m.label === `Context notes: ${claim.notes[0]!.title.en}`);
};

describe('the annotator reads the article first', () => {
  it.each([
    { name: 'a "most read" teaser before the article', where: 'before', reason: 'the teaser comes first in the document' },
    { name: 'a reader comment after the article', where: 'after', reason: 'a comment quoting the article is not the article' },
  ])('$name repeats a claim: the claim is marked in the article ($reason)', async ({ where }) => {
    const copy = `<section class="extra" data-copy><p>${GUARDIAN}</p></section>`;
    const html = where === 'before' ? savedCopy().replace('<main>', `${copy}<main>`) : savedCopy().replace('</main>', `${copy}</main>`);
    running = await annotate(html, { forceWrap: true });
    expect(lastStatuses(running.fake)['guardian-report']).toBe('exact');
    const marker = markerOf('guardian-report');
    expect(marker?.host.closest('article')).not.toBeNull();
    expect(document.querySelector('[data-copy] kontekst-mark')).toBeNull();
  });

  it('moves a claim found only outside the article into the article when the article text arrives', async () => {
    // A client-rendered page: the article is an empty shell, a teaser already carries one claim.
    const shell = savedCopy()
      .replace(/<article>[\s\S]*<\/article>/, '<article></article>')
      .replace('<main>', `<aside class="teaser" data-copy><p>${GUARDIAN}</p></aside><main>`);
    // Only that claim, so none is missing: the arrival alone must bring the claim into the article.
    const seed = seedPublicArticle();
    const article = { ...seed, claims: seed.claims.filter((c) => c.id === 'guardian-report') };
    running = await annotate(shell, { forceWrap: true, article });
    expect(lastStatuses(running.fake)).toEqual({ 'guardian-report': 'exact' });
    expect(markerOf('guardian-report')?.host.closest('[data-copy]')).not.toBeNull();

    const paragraph = document.createElement('p');
    paragraph.textContent = `Putin har inviteret Trump til Moskva. ${GUARDIAN}`;
    document.querySelector('article')!.append(paragraph);
    await settle();
    expect(markerOf('guardian-report')?.host.closest('article')).not.toBeNull();
    expect(document.querySelector('[data-copy] kontekst-mark')).toBeNull();
  });
});
