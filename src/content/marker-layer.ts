// The claims' markers: focusable buttons in ONE host element of Kontekst's own, appended to the
// root element after the page's body, with a closed shadow root. Nothing goes inside the page's
// content, so a framework that updates, replaces or re-renders a marked sentence never meets a
// node of ours (and hydration sees exactly the DOM its server rendered). The buttons are
// positioned from the claims' line boxes; events inside the closed root are handled here,
// because outside it they are all retargeted to the host.
import { type Box, plainBox } from './hit-test';
import { infoIcon } from './icons';
import { type MarkerEvents, listenToMarkers } from './marker-input';
import { createShadowHost } from './shadow';
import { LAYER_CSS } from './styles';

/** One marker to show: its claim and accessible name ("Context notes: …"). */
export interface MarkerSpec {
  id: string;
  label: string;
}

/** Where one claim's marker goes: its last line box, and every line box (for the underline fallback). */
export interface MarkerBoxes {
  last: Box | null;
  lines: readonly Box[];
}

/** The markers of one page, in a single closed-root host. */
export class MarkerLayer {
  private host_: HTMLElement | null = null;
  private root: ShadowRoot | null = null;
  private readonly buttons = new Map<string, HTMLButtonElement>();
  private readonly claimOf = new WeakMap<EventTarget, string>();
  private lines: HTMLElement | null = null;
  private hovered: string | null = null;
  private template: HTMLButtonElement | null = null;
  /** Each marker's position as last written inline (unchanged, it is not written again). */
  private readonly placed = new WeakMap<HTMLButtonElement, string>();
  /** Each marker's id in the root (its positions rule's selector), accessible name as last written, and whether it is shown. */
  private readonly keys = new WeakMap<HTMLButtonElement, string>();
  private readonly labels = new WeakMap<HTMLButtonElement, string>();
  private readonly shown = new WeakMap<HTMLButtonElement, boolean>();
  private made = 0;
  /** The sheet holding every marker's position, and the rule last written into it. */
  private positions: (() => CSSStyleSheet | null) | null = null;
  private written: { sheet: CSSStyleSheet; rule: string } | null = null;

  constructor(
    private readonly doc: Document,
    private readonly events: MarkerEvents,
    /** Draw underlines too: the browser has no CSS Custom Highlight API. */
    private readonly underline: boolean,
    private readonly signal: AbortSignal,
  ) {}

  /** The host element, once built. */
  get host(): HTMLElement | null {
    return this.host_;
  }

  /** Whether `target` is the layer's host (every event from a marker is retargeted to it). */
  isHost(target: EventTarget | null): boolean {
    return target !== null && target === this.host_;
  }

  /** The claim whose marker the pointer is on. */
  hoveredClaim(): string | null {
    return this.hovered;
  }

  /** Builds the buttons for `specs` (document order is tab order), reusing those it has. */
  show(specs: readonly MarkerSpec[]): void {
    const root = this.ensureRoot();
    const keep = new Set(specs.map((s) => s.id));
    for (const [id, button] of this.buttons) if (!keep.has(id)) (button.remove(), this.buttons.delete(id));
    const order: HTMLButtonElement[] = [];
    for (const { id, label } of specs) {
      let button = this.buttons.get(id);
      if (!button) {
        button = this.newButton();
        this.buttons.set(id, button);
        this.claimOf.set(button, id);
      }
      // Only Kontekst writes inside its closed root: the name last written is the one it has.
      if (this.labels.get(button) !== label) {
        button.setAttribute('aria-label', label);
        this.labels.set(button, label);
      }
      order.push(button);
    }
    // In order, in one call: an append and a read of the name for every marker were two calls each
    // through Firefox's Xray wrappers (see newButton).
    if (this.lines) root.append(...order, this.lines);
    else root.append(...order);
    this.attach();
  }

  // Each marker is a copy of the first (one call instead of some twenty): in a Firefox content
  // script every DOM call goes through an Xray wrapper (bench "Cost on the article itself":
  // building the icons' SVG element by element, ~3 ms a load on the 7 KiB article).
  private newButton(): HTMLButtonElement {
    if (!this.template) {
      const button = this.doc.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-haspopup', 'dialog');
      button.setAttribute('aria-expanded', 'false');
      button.hidden = true;
      button.append(infoIcon(this.doc));
      this.template = button;
    }
    const button = this.template.cloneNode(true) as HTMLButtonElement;
    const key = `m${this.made++}`;
    button.id = key;
    this.keys.set(button, key);
    this.shown.set(button, false);
    return button;
  }

  /** Puts the host back at the end of the root element if the page took it out; false when nothing was built. */
  attach(): boolean {
    const host = this.host_;
    const parent = this.doc.documentElement;
    if (!host || !parent) return false;
    if (host.parentNode !== parent) parent.append(host);
    return true;
  }

  /** Whether the layer is built and in the document. */
  get attached(): boolean {
    return this.host_?.isConnected ?? false;
  }

  /** Reads the layer's origin in the viewport (markers are placed relative to it). */
  origin(): Box | null {
    // A plain copy: each marker's place reads its sides (see lineBoxes).
    return this.host_?.isConnected ? plainBox(this.host_.getBoundingClientRect()) : null;
  }

  /** Writes every marker's position from boxes measured in the same frame (no reads here). */
  place(origin: Box, boxes: ReadonlyMap<string, MarkerBoxes>): void {
    const rules: string[] = [];
    const inline: [HTMLButtonElement, string][] = [];
    for (const [id, button] of this.buttons) {
      const last = boxes.get(id)?.last ?? null;
      if (this.shown.get(button) !== (last !== null)) {
        button.hidden = last === null;
        this.shown.set(button, last !== null);
      }
      if (!last) continue;
      const height = last.bottom - last.top;
      const size = Math.round(Math.min(22, Math.max(14, height * 0.7)));
      // Just after the claim's last character, raised into the space between the lines, like a
      // footnote mark: it covers as little of the following text as it can.
      const css = `left:${Math.round(last.right - origin.left + 1)}px;top:${Math.round(last.top - origin.top - size * 0.35)}px;width:${size}px;height:${size}px`;
      rules.push(`#${this.keys.get(button)}{${css}}`);
      inline.push([button, css]);
    }
    // Every position in one rule of the layer's own sheet: one or two calls a frame, however
    // many markers. In a Firefox content script each DOM call goes through an Xray wrapper, and a
    // marker's `style` cost most of all (`get HTMLElement.style`, 3-5 ms a load on the 7 KiB
    // article in the Gecko profile, bench "Cost on the article itself").
    if (!this.writePositions(`@media all{${rules.join('')}}`)) {
      for (const [button, css] of inline) {
        if (this.placed.get(button) === css) continue;
        this.placed.set(button, css);
        button.style.cssText = css;
      }
    }
    if (this.underline && this.root) this.drawLines(origin, boxes);
  }

  /** Puts `rule` into the positions sheet in place of the last one; false where there is no sheet. */
  private writePositions(rule: string): boolean {
    const sheet = this.positions?.() ?? null;
    if (!sheet) return false;
    const written = this.written;
    // A <style> connected again has a new, empty sheet.
    if (written?.sheet === sheet && written.rule === rule) return true;
    this.written = null;
    try {
      if (written?.sheet === sheet) sheet.deleteRule(0);
      sheet.insertRule(rule, 0);
    } catch {
      return false;
    }
    this.written = { sheet, rule };
    return true;
  }

  private drawLines(origin: Box, boxes: ReadonlyMap<string, MarkerBoxes>): void {
    const layer = (this.lines ??= this.doc.createElement('div'));
    layer.className = 'lines';
    const bars: HTMLElement[] = [];
    for (const { lines } of boxes.values()) {
      for (const line of lines) {
        const bar = this.doc.createElement('div');
        bar.className = 'line';
        bar.style.left = `${Math.round(line.left - origin.left)}px`;
        bar.style.top = `${Math.round(line.top - origin.top)}px`;
        bar.style.width = `${Math.round(line.right - line.left)}px`;
        bar.style.height = `${Math.round(line.bottom - line.top)}px`;
        bars.push(bar);
      }
    }
    layer.replaceChildren(...bars);
    if (layer.parentNode !== this.root) this.root?.append(layer);
  }

  setExpanded(id: string, expanded: boolean): void {
    this.buttons.get(id)?.setAttribute('aria-expanded', String(expanded));
  }

  /** Moves focus to a claim's marker; false when it has none on screen. */
  focus(id: string): boolean {
    const button = this.buttons.get(id);
    if (!button || !this.shown.get(button) || !this.host_?.isConnected) return false;
    button.focus({ preventScroll: true });
    return true;
  }

  /** Takes the layer out of the page. */
  remove(): void {
    this.host_?.remove();
    this.hovered = null;
  }

  private ensureRoot(): ShadowRoot {
    if (this.root) return this.root;
    const { host, root, rules } = createShadowHost(this.doc, 'kontekst-markers', LAYER_CSS, false, true);
    this.host_ = host;
    this.root = root;
    this.positions = rules;
    listenToMarkers(root, this.claimOf, {
      ...this.events,
      hover: (id) => {
        this.hovered = id;
        this.events.hover(id);
      },
    }, this.signal);
    return root;
  }
}
