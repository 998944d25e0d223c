import { afterEach, describe, expect, it } from 'vitest';
import { createMarker } from '../../../src/content/marker';
import { CLAIM_HIGHLIGHT, type Marking, markClaims } from '../../../src/content/marks';
import { installHighlights } from '../../support/fake-highlights';
import { loadIntoDocument } from '../../support/page';

/** A range over the first occurrence of `text` inside one text node or across several. */
function rangeOver(text: string): Range {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(document.body, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const whole = nodes.map((n) => n.data).join('');
  const start = whole.indexOf(text);
  if (start < 0) throw new Error(`no ${text}`);
  const end = start + text.length;
  const range = document.createRange();
  let at = 0;
  for (const node of nodes) {
    const next = at + node.length;
    if (start >= at && start < next) range.setStart(node, start - at);
    if (end > at && end <= next) range.setEnd(node, end - at);
    at = next;
  }
  return range;
}

const target = (id: string, text: string) => ({ id, range: rangeOver(text), marker: createMarker(document, id, `Context notes: ${id}`) });

let marking: Marking | null = null;
let uninstall: (() => void) | null = null;
afterEach(() => {
  marking?.remove();
  marking = null;
  uninstall?.();
  uninstall = null;
});

const modes = [
  { forceWrap: true, mode: 'wrap' },
  { forceWrap: false, mode: 'highlight' },
];

describe('markers and marks in awkward places', () => {
  it.each(modes)('$mode: a claim ending inside a link gets its marker after the link, not inside it', ({ forceWrap }) => {
    if (!forceWrap) uninstall = installHighlights().uninstall;
    loadIntoDocument('<body><p>Det skriver <a href="/x"><em>The Guardian</em></a> i dag.</p></body>');
    marking = markClaims(document, [target('c', 'Det skriver The Guardian')], forceWrap);
    const marker = document.querySelector('kontekst-marker')!;
    expect(marker.closest('a')).toBeNull();
    expect(marker.previousElementSibling?.localName).toBe('a');
  });

  it.each(modes)('$mode: a claim ending mid-sentence gets its marker right after its last character', ({ forceWrap }) => {
    if (!forceWrap) uninstall = installHighlights().uninstall;
    loadIntoDocument('<body><p>Putin sagde fredag, at han har inviteret Trump. Mere tekst.</p></body>');
    marking = markClaims(document, [target('c', 'at han har inviteret Trump.')], forceWrap);
    const marker = document.querySelector('kontekst-marker')!;
    expect(marker.nextSibling?.textContent).toBe(' Mere tekst.');
    expect(document.body.textContent).toBe('Putin sagde fredag, at han har inviteret Trump. Mere tekst.');
  });

  it('wrap: overlapping claims share wrappers, each claim reads back its own text, and teardown restores the nodes', () => {
    loadIntoDocument('<body><p id="p">Alpha beta gamma delta epsilon.</p></body>');
    const before = document.body.innerHTML;
    const original = document.getElementById('p')!.firstChild;
    marking = markClaims(document, [target('a', 'Alpha beta gamma'), target('b', 'gamma delta')], true);
    const [a, b] = marking.claims;
    expect(a!.range.toString()).toBe('Alpha beta gamma');
    expect(b!.range.toString()).toBe('gamma delta');
    expect([...document.querySelectorAll('kontekst-mark')].map((m) => m.textContent)).toEqual(['Alpha beta ', 'gamma', ' delta']);
    marking.setActive('b');
    expect([...document.querySelectorAll('kontekst-mark[data-active]')].map((m) => m.textContent)).toEqual(['gamma', ' delta']);
    marking.remove();
    marking = null;
    expect(document.body.innerHTML).toBe(before);
    expect(document.getElementById('p')!.firstChild).toBe(original);
    expect(document.getElementById('p')!.childNodes).toHaveLength(1);
  });

  it('highlight: one highlight per name, no wrapper elements, the active one separate and above', () => {
    const { registry, uninstall: remove } = installHighlights();
    uninstall = remove;
    loadIntoDocument('<body><p>Alpha beta gamma delta epsilon.</p></body>');
    marking = markClaims(document, [target('a', 'Alpha beta'), target('b', 'delta epsilon')]);
    expect(document.querySelector('kontekst-mark')).toBeNull();
    expect([...registry.get(CLAIM_HIGHLIGHT)!].map(String)).toEqual(['Alpha beta', 'delta epsilon']);
    marking.setActive('b');
    const active = registry.get('kontekst-claim-active')!;
    expect([...active].map(String)).toEqual(['delta epsilon']);
    expect(active.priority).toBeGreaterThan(registry.get(CLAIM_HIGHLIGHT)!.priority);
  });

  it.each(modes)("$mode: teardown copes with the page having removed the claim's paragraph meanwhile", ({ forceWrap }) => {
    if (!forceWrap) uninstall = installHighlights().uninstall;
    loadIntoDocument('<body><p id="keep">Stays.</p><p id="gone">Alpha beta gamma.</p></body>');
    marking = markClaims(document, [target('a', 'beta')], forceWrap);
    document.getElementById('gone')!.remove();
    expect(() => marking!.remove()).not.toThrow();
    marking = null;
    expect(document.body.innerHTML).toBe('<p id="keep">Stays.</p>');
  });
});
