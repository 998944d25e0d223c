// Icons drawn with DOM calls (no markup strings), so nothing is ever parsed as HTML.

const SVG = 'http://www.w3.org/2000/svg';

function svg(doc: Document, viewBox: string): SVGSVGElement {
  const el = doc.createElementNS(SVG, 'svg');
  el.setAttribute('viewBox', viewBox);
  el.setAttribute('aria-hidden', 'true');
  el.setAttribute('focusable', 'false');
  return el;
}

function shape(doc: Document, parent: Element, name: string, attributes: Record<string, string>): void {
  const el = doc.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, value);
  parent.append(el);
}

// The disc and the "i" (a dot over a bar with round ends) as two paths, the same shapes as a
// circle, a circle and a rounded rect: in a Firefox content script every DOM call goes through an
// Xray wrapper, and the three shapes' elements and attributes were ~1 ms a load (bench "Cost on
// the article itself", Gecko profile of the seed article: createElementNS and setAttribute).
const DISC = 'M.5 8a7.5 7.5 0 1 0 15 0a7.5 7.5 0 1 0-15 0Z';
const LETTER_I = 'M6.85 4.6a1.15 1.15 0 1 0 2.3 0a1.15 1.15 0 1 0-2.3 0ZM7 7.6a1 1 0 0 1 2 0v3.6a1 1 0 0 1-2 0Z';

/** A filled circle with an "i": Kontekst's mark for "there are notes here". */
export function infoIcon(doc: Document): SVGSVGElement {
  const icon = svg(doc, '0 0 16 16');
  shape(doc, icon, 'path', { d: DISC, fill: 'currentColor' });
  shape(doc, icon, 'path', { class: 'dot', d: LETTER_I });
  return icon;
}

/** A cross for close buttons. */
export function closeIcon(doc: Document): SVGSVGElement {
  const icon = svg(doc, '0 0 14 14');
  shape(doc, icon, 'path', { d: 'M2 2l10 10M12 2L2 12', stroke: 'currentColor', 'stroke-width': '1.8', 'stroke-linecap': 'round', fill: 'none' });
  return icon;
}
