import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { normalizeText } from '../../../src/core/anchoring/normalize';
import { CLOSE_DELAY_MS, OPEN_DELAY_MS } from '../../../src/content/interaction';
import { ACTIVE_HIGHLIGHT } from '../../../src/content/marks';
import { type FakeHighlightRegistry, installHighlights } from '../../support/fake-highlights';
import { type FakeLayout, installLayout } from '../../support/fake-layout';
import { readerDispatch } from '../../support/trusted-events';
import { captureShadowRoots, shadowOf } from '../../support/page';
import { type Running, accessibleName, annotate, markers, openDialog, savedCopy, tinted } from './support';

beforeAll(() => captureShadowRoots());

let running: Running;
let registry: FakeHighlightRegistry;
let layout: FakeLayout;
let removeHighlights: () => void;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
  ({ registry, uninstall: removeHighlights } = installHighlights());
  running = await annotate(savedCopy());
  layout = installLayout();
  // The markers are placed just after the next frame is rendered (a task the frame posts).
  vi.advanceTimersToNextFrame();
  vi.advanceTimersByTime(1);
});

afterEach(() => {
  running.annotator.clear();
  layout.uninstall();
  removeHighlights();
  vi.useRealTimers();
});

const claim = (id: string) => running.article.claims.find((c) => c.id === id)!;

/** The live range the page marks for a claim, found by its text. */
function rangeOf(id: string): Range {
  const quote = normalizeText(claim(id).selector.exact);
  const range = tinted(registry).find((r) => normalizeText(r.toString()) === quote);
  if (!range) throw new Error(`${id} is not marked`);
  return range;
}

function markerOf(id: string) {
  return markers().find((m) => m.label === `Context notes: ${claim(id).notes[0]!.title.en}`)!;
}

function move(target: Element, point: { x: number; y: number }, pointerType = 'mouse'): void {
  readerDispatch(target, new PointerEvent('pointermove', { bubbles: true, composed: true, clientX: point.x, clientY: point.y, pointerType }));
  vi.advanceTimersToNextFrame();
}

function hoverText(id: string): void {
  const range = rangeOf(id);
  move(range.startContainer.parentElement!, layout.pointIn(range));
}

function moveAway(): void {
  move(document.body, layout.blank());
}

const cardHost = () => document.querySelector('kontekst-card') as HTMLElement;
const activeText = () => tinted(registry, ACTIVE_HIGHLIGHT).map((r) => normalizeText(r.toString()));

describe('hover', () => {
  it(`opens the card ${OPEN_DELAY_MS} ms after the pointer comes to rest on a claim, not before`, () => {
    hoverText('guardian-report');
    vi.advanceTimersByTime(OPEN_DELAY_MS - 1);
    expect(openDialog()).toBeNull();
    vi.advanceTimersByTime(1);
    const dialog = openDialog()!;
    expect(accessibleName(dialog)).toBe(claim('guardian-report').notes[0]!.title.en);
    expect(activeText()).toEqual([normalizeText(claim('guardian-report').selector.exact)]);
    expect(markerOf('guardian-report').button.getAttribute('aria-expanded')).toBe('true');
  });

  it('does not open for a pointer that only passes over a claim', () => {
    hoverText('guardian-report');
    vi.advanceTimersByTime(200);
    moveAway();
    vi.advanceTimersByTime(OPEN_DELAY_MS * 2);
    expect(openDialog()).toBeNull();
  });

  it(`closes ${CLOSE_DELAY_MS} ms after the pointer leaves, not before`, () => {
    hoverText('guardian-report');
    vi.advanceTimersByTime(OPEN_DELAY_MS);
    moveAway();
    vi.advanceTimersByTime(CLOSE_DELAY_MS - 1);
    expect(openDialog()).not.toBeNull();
    vi.advanceTimersByTime(1);
    expect(openDialog()).toBeNull();
    expect(activeText()).toEqual([]);
    expect(markerOf('guardian-report').button.getAttribute('aria-expanded')).toBe('false');
  });

  it('stays open while the pointer travels onto the card and rests there (SC 1.4.13 hoverable)', () => {
    hoverText('guardian-report');
    vi.advanceTimersByTime(OPEN_DELAY_MS);
    moveAway();
    vi.advanceTimersByTime(CLOSE_DELAY_MS - 50);
    move(cardHost(), { x: 100, y: 100 });
    vi.advanceTimersByTime(10 * CLOSE_DELAY_MS);
    expect(openDialog()).not.toBeNull();
  });

  it('opens from the marker too', () => {
    const marker = markerOf('helsinki-summit');
    readerDispatch(marker.button, new PointerEvent('pointerover', { bubbles: true, composed: true, pointerType: 'mouse' }));
    move(marker.button, { x: 1, y: 1 });
    vi.advanceTimersByTime(OPEN_DELAY_MS);
    expect(accessibleName(openDialog()!)).toBe(claim('helsinki-summit').notes[0]!.title.en);
  });

  it('ignores text covered by something else at the point, such as a fixed header', () => {
    const range = rangeOf('guardian-report');
    const header = document.querySelector('header')!;
    const point = layout.pointIn(range);
    layout.cover(header, Math.floor(point.y / 20));
    move(header, point);
    vi.advanceTimersByTime(OPEN_DELAY_MS * 2);
    expect(openDialog()).toBeNull();
  });

  it('ignores touch pointers moving (a tap opens instead)', () => {
    const range = rangeOf('guardian-report');
    move(range.startContainer.parentElement!, layout.pointIn(range), 'touch');
    vi.advanceTimersByTime(OPEN_DELAY_MS * 2);
    expect(openDialog()).toBeNull();
  });
});

describe('tap and click', () => {
  it('a tap on a claim opens its card at once, and it stays until dismissed', () => {
    const range = rangeOf('sanders-quote');
    const point = layout.pointIn(range);
    readerDispatch(range.startContainer.parentElement!, new MouseEvent('click', { bubbles: true, clientX: point.x, clientY: point.y, detail: 1 }));
    expect(accessibleName(openDialog()!)).toBe(claim('sanders-quote').notes[0]!.title.en);
    moveAway();
    vi.advanceTimersByTime(10 * CLOSE_DELAY_MS);
    expect(openDialog()).not.toBeNull();
  });

  it('a click on a link inside a claim is left to the link', () => {
    const range = rangeOf('guardian-report');
    const link = document.querySelector<HTMLAnchorElement>('article a[href*="theguardian"]')!;
    expect(range.intersectsNode(link)).toBe(true);
    const onLink = document.createRange();
    onLink.selectNodeContents(link);
    const point = layout.pointIn(onLink);
    link.addEventListener('click', (event) => event.preventDefault(), { once: true });
    readerDispatch(link, new MouseEvent('click', { bubbles: true, cancelable: true, clientX: point.x, clientY: point.y, detail: 1 }));
    expect(openDialog()).toBeNull();
  });

  it('a click elsewhere closes it', () => {
    readerDispatch(markerOf('sanders-quote').button, new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    expect(openDialog()).not.toBeNull();
    const blank = layout.blank();
    readerDispatch(document.body, new MouseEvent('click', { bubbles: true, clientX: blank.x, clientY: blank.y, detail: 1 }));
    expect(openDialog()).toBeNull();
  });

  it("the card's close button closes it and puts focus back on the claim's marker", () => {
    const marker = markerOf('sanders-quote');
    readerDispatch(marker.button, new MouseEvent('click', { bubbles: true, composed: true, detail: 0 }));
    const close = shadowOf(cardHost()).querySelector<HTMLButtonElement>('button.close')!;
    expect(close.getAttribute('aria-label')).toBe('Close');
    close.focus();
    close.click();
    expect(openDialog()).toBeNull();
    expect(document.activeElement).toBe(marker.host);
  });
});

describe('keyboard', () => {
  it('focus on a marker opens its card without moving focus; leaving closes it', () => {
    const first = markerOf('putin-invitation');
    const second = markerOf('guardian-report');
    first.button.focus();
    expect(accessibleName(openDialog()!)).toBe(claim('putin-invitation').notes[0]!.title.en);
    expect(document.activeElement).toBe(first.host);
    second.button.focus();
    expect(accessibleName(openDialog()!)).toBe(claim('guardian-report').notes[0]!.title.en);
    document.querySelector<HTMLAnchorElement>('a.logo')!.focus();
    expect(openDialog()).toBeNull();
  });

  it('Enter on a marker moves focus into the card; Escape closes it and returns focus to the marker', () => {
    const marker = markerOf('g20-buenos-aires');
    marker.button.focus();
    readerDispatch(marker.button, new MouseEvent('click', { bubbles: true, composed: true, detail: 0 }));
    expect(document.activeElement).toBe(cardHost());
    expect(shadowOf(cardHost()).activeElement).toBe(openDialog());
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true });
    readerDispatch(openDialog()!, escape);
    expect(escape.defaultPrevented).toBe(true);
    expect(openDialog()).toBeNull();
    expect(document.activeElement).toBe(marker.host);
    expect(document.querySelector('kontekst-card')).toBeNull();
  });

  it('Escape dismisses a hover card, which then stays shut while the pointer rests there (SC 1.4.13 dismissible)', () => {
    hoverText('guardian-report');
    vi.advanceTimersByTime(OPEN_DELAY_MS);
    readerDispatch(document.body, new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(openDialog()).toBeNull();
    hoverText('guardian-report');
    vi.advanceTimersByTime(OPEN_DELAY_MS * 2);
    expect(openDialog()).toBeNull();
    hoverText('putin-invitation');
    vi.advanceTimersByTime(OPEN_DELAY_MS);
    expect(openDialog()).not.toBeNull();
  });

  it('a card opened from the keyboard and closed with Escape opens again when the pointer later rests on its claim', () => {
    const marker = markerOf('guardian-report');
    marker.button.focus();
    readerDispatch(marker.button, new MouseEvent('click', { bubbles: true, composed: true, detail: 0 }));
    readerDispatch(openDialog()!, new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
    expect(openDialog()).toBeNull();
    marker.button.blur();
    hoverText('guardian-report');
    vi.advanceTimersByTime(OPEN_DELAY_MS);
    expect(accessibleName(openDialog()!)).toBe(claim('guardian-report').notes[0]!.title.en);
  });

  it("leaves Escape to the page when no card is open", () => {
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    let pageSaw = false;
    document.addEventListener('keydown', () => (pageSaw = true), { once: true });
    readerDispatch(document.body, escape);
    expect(escape.defaultPrevented).toBe(false);
    expect(pageSaw).toBe(true);
  });

  it('Tab past the last link in the card goes back to the marker with the card still open', () => {
    const marker = markerOf('g20-buenos-aires');
    readerDispatch(marker.button, new MouseEvent('click', { bubbles: true, composed: true, detail: 0 }));
    const links = shadowOf(cardHost()).querySelectorAll<HTMLAnchorElement>('a[href]');
    const last = links[links.length - 1]!;
    last.focus();
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, composed: true, cancelable: true });
    readerDispatch(last, tab);
    expect(tab.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(marker.host);
    expect(openDialog()).not.toBeNull();
  });
});

describe('the popup asks for a claim (background:show-claim)', () => {
  const show = (claimId: string) => running.fake.deliver({ kontekst: 1, type: 'background:show-claim', payload: { claimId } });

  it('opens that claim with focus in its card and answers true', async () => {
    await expect(show('white-house-open')).resolves.toBe(true);
    expect(accessibleName(openDialog()!)).toBe(claim('white-house-open').notes[0]!.title.en);
    expect(document.activeElement).toBe(cardHost());
  });

  it.each([
    { claimId: 'no-such-claim', why: 'not a claim of this article' },
  ])('answers false for $claimId ($why)', async ({ claimId }) => {
    await expect(show(claimId)).resolves.toBe(false);
    expect(openDialog()).toBeNull();
  });

  it.each([
    { message: { kontekst: 1, type: 'background:show-claim', payload: { claimId: '<img>' } }, why: 'an id that fails validation' },
    { message: { kontekst: 1, type: 'popup:show-claim', payload: { tabId: 1, claimId: 'sanders-quote' } }, why: 'a message meant for the background' },
    { message: { type: 'background:show-claim', payload: { claimId: 'sanders-quote' } }, why: 'not a Kontekst envelope' },
  ])('does not answer $why', async ({ message }) => {
    await expect(running.fake.deliver(message)).resolves.toBeUndefined();
    expect(openDialog()).toBeNull();
  });

  it('does not answer another extension', async () => {
    await expect(running.fake.deliver({ kontekst: 1, type: 'background:show-claim', payload: { claimId: 'sanders-quote' } }, { id: 'someone-else' })).resolves.toBeUndefined();
  });
});

describe('the reader withdrew access to the page (background:clear)', () => {
  const clearMessage = { kontekst: 1, type: 'background:clear', payload: {} };

  it('takes every mark away, answers true and tells the background it cleared', async () => {
    expect(tinted(registry).length).toBeGreaterThan(0);
    await expect(running.fake.deliver(clearMessage)).resolves.toBe(true);
    expect(tinted(registry)).toEqual([]);
    expect(markers()).toEqual([]);
    expect(running.fake.messages('content:cleared')).toHaveLength(1);
  });

  it('does not answer another extension, and keeps the marks', async () => {
    await expect(running.fake.deliver(clearMessage, { id: 'someone-else' })).resolves.toBeUndefined();
    expect(tinted(registry).length).toBeGreaterThan(0);
  });
});
