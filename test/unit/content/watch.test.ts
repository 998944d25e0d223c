import { describe, expect, it } from 'vitest';
import { type PageChange, classify } from '../../../src/content/watch';

type Row = { what: string; change: (root: HTMLElement) => void; textChanged: boolean; textArrived: boolean };

/** Applies `change` under an observer and sorts the records it produced. */
async function sorted(change: (root: HTMLElement) => void, attributes = false): Promise<PageChange> {
  document.body.innerHTML = '<main><p id="p">Some text.</p><div id="empty"></div><script id="s">1</script><kontekst-markers id="m"></kontekst-markers><div id="hidden" hidden>Later text.</div></main>';
  const root = document.querySelector('main') as HTMLElement;
  const observer = new MutationObserver(() => undefined);
  observer.observe(document.body, { childList: true, characterData: true, subtree: true, attributes });
  change(root);
  const result: PageChange = { textChanged: false, textArrived: false };
  for (const record of observer.takeRecords()) classify(record, result);
  observer.disconnect();
  return result;
}

const rows: Row[] = [
  { what: 'a paragraph of text is added', change: (r) => r.append(Object.assign(document.createElement('p'), { textContent: 'New.' })), textChanged: true, textArrived: true },
  { what: 'text is edited in place', change: () => ((document.getElementById('p')!.firstChild as Text).data = 'Edited.'), textChanged: true, textArrived: true },
  { what: 'a paragraph is removed (a claim may have gone with it)', change: () => document.getElementById('p')!.remove(), textChanged: true, textArrived: false },
  { what: 'an empty element is added (no text: cannot matter)', change: (r) => r.append(document.createElement('div')), textChanged: false, textArrived: false },
  { what: 'whitespace is added between blocks', change: (r) => r.append('\n   '), textChanged: false, textArrived: false },
  { what: 'a script is added', change: (r) => r.append(Object.assign(document.createElement('script'), { textContent: 'void 0' })), textChanged: false, textArrived: false },
  { what: "a script's text changes", change: () => (document.getElementById('s')!.textContent = '2'), textChanged: false, textArrived: false },
  { what: 'an image is added', change: (r) => r.append(document.createElement('img')), textChanged: false, textArrived: false },
  { what: "the page removes Kontekst's markers", change: () => document.getElementById('m')!.remove(), textChanged: true, textArrived: false },
  { what: "Kontekst's markers are added (our own work)", change: (r) => r.append(document.createElement('kontekst-markers')), textChanged: false, textArrived: false },
];

describe('sorting mutation records', () => {
  it.each(rows)('$what', async ({ change, textChanged, textArrived }) => {
    expect(await sorted(change)).toEqual({ textChanged, textArrived });
  });

  it.each([
    { what: 'hidden text is revealed', change: () => document.getElementById('hidden')!.removeAttribute('hidden'), textArrived: true },
    { what: 'an empty element changes class', change: () => document.getElementById('empty')!.classList.add('x'), textArrived: false },
  ])('attributes (observed only while a claim is missing): $what', async ({ change, textArrived }) => {
    expect(await sorted(change, true)).toEqual({ textChanged: false, textArrived });
  });
});
