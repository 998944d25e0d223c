// The annotator marks a claim in the article's own text when a teaser or a reader comment
// repeats it, and moves a claim it could only find outside the article into the article
// once the article's text arrives.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTLE_MS } from '../../../src/content/watch';
import { normalizeText } from '../../../src/core/anchoring/normalize';
import { type FakeHighlightRegistry, installHighlights } from '../../support/fake-highlights';
import { captureShadowRoots, seedPublicArticle } from '../../support/page';
import { type Running, annotate, flush, lastStatuses, markers, savedCopy, tinted } from './support';

beforeAll(() => captureShadowRoots());

let running: Running | null = null;
let registry: FakeHighlightRegistry;
let uninstall: () => void;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
  ({ registry, uninstall } = installHighlights());
});
afterEach(() => {
  running?.annotator.clear();
  running = null;
  uninstall();
  vi.useRealTimers();
});

async function settle(): Promise<void> {
  await flush();
  vi.advanceTimersByTime(SETTLE_MS);
  await flush();
}

const GUARDIAN = 'Det skriver The Guardian.';
/** The element whose text the claim reading `text` is marked in (the tint's copy of its range). */
const markedIn = (text: string): Element | null =>
  tinted(registry).find((r) => normalizeText(r.toString()) === normalizeText(text))?.startContainer.parentElement ?? null;

describe('the annotator reads the article first', () => {
  it.each([
    { name: 'a "most read" teaser before the article', where: 'before', reason: 'the teaser comes first in the document' },
    { name: 'a reader comment after the article', where: 'after', reason: 'a comment quoting the article is not the article' },
  ])('$name repeats a claim: the claim is marked in the article ($reason)', async ({ where }) => {
    const copy = `<section class="extra" data-copy><p>${GUARDIAN}</p></section>`;
    const html = where === 'before' ? savedCopy().replace('<main>', `${copy}<main>`) : savedCopy().replace('</main>', `${copy}</main>`);
    running = await annotate(html);
    expect(lastStatuses(running.fake)['guardian-report']).toBe('exact');
    expect(markedIn(GUARDIAN)?.closest('article')).not.toBeNull();
    expect(markers()).toHaveLength(running.article.claims.length);
  });

  it('moves a claim found only outside the article into the article when the article text arrives', async () => {
    // A client-rendered page: the article is an empty shell, a teaser already carries one claim.
    const shell = savedCopy()
      .replace(/<article>[\s\S]*<\/article>/, '<article></article>')
      .replace('<main>', `<aside class="teaser" data-copy><p>${GUARDIAN}</p></aside><main>`);
    // Only that claim, so none is missing: the arrival alone must bring the claim into the article.
    const seed = seedPublicArticle();
    const article = { ...seed, claims: seed.claims.filter((c) => c.id === 'guardian-report') };
    running = await annotate(shell, { article });
    expect(lastStatuses(running.fake)).toEqual({ 'guardian-report': 'exact' });
    expect(markedIn(GUARDIAN)?.closest('[data-copy]')).not.toBeNull();

    const paragraph = document.createElement('p');
    paragraph.textContent = `Putin har inviteret Trump til Moskva. ${GUARDIAN}`;
    document.querySelector('article')!.append(paragraph);
    await settle();
    expect(markedIn(GUARDIAN)?.closest('article')).not.toBeNull();
    expect(tinted(registry)).toHaveLength(1);
  });
});
