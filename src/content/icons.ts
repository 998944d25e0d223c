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

/** A filled circle with an "i": Kontekst's mark for "there are notes here". */
export function infoIcon(doc: Document): SVGSVGElement {
  const icon = svg(doc, '0 0 16 16');
  shape(doc, icon, 'circle', { cx: '8', cy: '8', r: '7.5', fill: 'currentColor' });
  shape(doc, icon, 'circle', { class: 'dot', cx: '8', cy: '4.6', r: '1.15' });
  shape(doc, icon, 'rect', { class: 'dot', x: '7', y: '6.6', width: '2', height: '5.6', rx: '1' });
  return icon;
}

/** A cross for close buttons. */
export function closeIcon(doc: Document): SVGSVGElement {
  const icon = svg(doc, '0 0 14 14');
  shape(doc, icon, 'path', { d: 'M2 2l10 10M12 2L2 12', stroke: 'currentColor', 'stroke-width': '1.8', 'stroke-linecap': 'round', fill: 'none' });
  return icon;
}
