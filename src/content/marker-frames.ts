// When the markers are built and when layout is read: the annotator's one schedule for the
// markers' layer and an open card, kept apart from what the session installs. Reads come just
// after a frame the browser rendered, never before the page's own first layout.
import type { Claim } from '../core/dataset/model';
import { afterRender } from './after-render';
import type { CardFocus } from './card-focus';
import type { FoundClaim } from './claim-anchors';
import type { Box, ClaimHitTester } from './hit-test';
import type { MarkerBoxes, MarkerLayer } from './marker-layer';

/** A window that may have requestIdleCallback (Safari and older Firefox have none). */
export type IdleWindow = Window & { requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number };

/** What the schedule builds and places, from the session. */
export interface MarkerFrameParts {
  doc: Document;
  view: IdleWindow;
  signal: AbortSignal;
  layer: MarkerLayer;
  hits: ClaimHitTester;
  cards: CardFocus;
  /** The claims as anchored now (those still reading their claim). */
  readable(): FoundClaim[];
  /** Whether the markers may still be built (false once the extension went away under the page). */
  live(): boolean;
  /** A marker's accessible label for `claim`. */
  label(claim: Claim): string;
}

/** Builds the markers when the browser is idle and places them and an open card after frames. */
export class MarkerFrames {
  private markersWanted = false;
  private frameScheduled = false;
  /** Whether the body's ResizeObserver is installed (followLayout). */
  private following = false;
  /** The background's answer to the latest report (it inserts Kontekst's stylesheet before answering the first). */
  answered: Promise<unknown> = Promise.resolve();

  constructor(private readonly parts: MarkerFrameParts) {}

  // Markers wait until a frame has been rendered and the browser is idle (they are not needed for
  // the first paint of the marks, and built after the frame their writes do not precede the reads
  // that follow it, ClaimAnchors' visibility check); they are placed just after the next frame,
  // which has laid them out. Where there is no requestIdleCallback they are built at once.
  /** Builds (or rebuilds) the markers for the claims anchored now, once the browser allows. */
  scheduleMarkers(): void {
    if (this.markersWanted) return;
    this.markersWanted = true;
    const { view, signal, layer, hits } = this.parts;
    const build = (): void => {
      this.markersWanted = false;
      if (signal.aborted || !this.parts.live()) return;
      const specs = this.parts.readable().map(({ id, claim }) => ({ id, label: this.parts.label(claim) }));
      layer.show(specs);
      hits.invalidate();
      this.followLayout();
      this.scheduleFrame(true);
    };
    const idle = view.requestIdleCallback;
    // Not before the background has answered the report that comes with these claims: it inserts
    // Kontekst's stylesheet (styleTab) before it answers the first, and a sheet that arrives
    // between a frame and the markers' reads restyles and lays out the whole page inside them
    // (Firefox, bench "Cost on the article itself": `origin` and `lineBoxes`). Anchoring reports
    // just after it calls onAnchored, so the promise is read a microtask later.
    const whenAnswered = (then: () => void): void => void Promise.resolve().then(() => this.answered).then(() => signal.aborted || then());
    if (typeof idle === 'function') whenAnswered(() => afterRender(view, () => void idle.call(view, build, { timeout: 300 }), signal));
    else whenAnswered(build);
  }

  // Images and fonts that load move text without a scroll or resize of the window: a
  // ResizeObserver on the body says so. It is installed with the first markers, not as the
  // annotator starts: while a page has resize observers, Firefox's refresh tick lays it out in
  // full to deliver them, where the page's own first layout would be interruptible. Gecko
  // profiles of the 1 MB page in Firefox ESR (10 loads, two runs each, alternated, 2026-12-04):
  // such layouts took 38 to 41 ms a load with the observer installed at the start and 5 with it
  // installed here, and the page's main thread ran 302 ms a load against 257. Its first
  // notification, which comes at once, catches any move before it.
  private followLayout(): void {
    const { doc, view, signal } = this.parts;
    const Observer = (view as Window & { ResizeObserver?: typeof ResizeObserver }).ResizeObserver;
    if (this.following || typeof Observer !== 'function' || !doc.body) return;
    this.following = true;
    const observer = new Observer(() => this.layoutChanged(true));
    observer.observe(doc.body);
    signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  }

  /** Something moved the claims' text (`inner`: within the page, not just the viewport). */
  layoutChanged(inner: boolean): void {
    this.parts.hits.invalidate();
    if (inner || this.parts.cards.openCard()) this.scheduleFrame();
  }

  // One layout frame at a time, whoever asks (the markers just built, the page resized, text
  // moved): two runs after the same frame made the second read the layout the first had just
  // written, and the browser laid the page out inside it (Firefox, bench "Cost on the article
  // itself": the layer's `origin` restyled and reflowed the page, ~1 ms a load on the seed article).
  // `afterWrites`: the layer was just built, so the run waits for a frame even with a card open.
  private scheduleFrame(afterWrites = false): void {
    if (this.frameScheduled) return;
    this.frameScheduled = true;
    const { view, signal, cards } = this.parts;
    const run = (): void => {
      this.frameScheduled = false;
      if (!signal.aborted) this.layoutFrame();
    };
    // An open card follows its claim in the frame that moves it (scrolling leaves the layout fresh);
    // anything else is read just after a frame, so no read makes the browser lay the page out early.
    if (!afterWrites && cards.openCard() && typeof view.requestAnimationFrame === 'function') view.requestAnimationFrame(run);
    else afterRender(view, run, signal);
  }

  // One frame's layout work: every read (the claims' line boxes, the layer's origin, the
  // viewport), then the card (which reads its own size before writing), then the markers' writes.
  // Nothing is read while there is nothing to place: before the markers are built (the
  // ResizeObserver's first notification comes then) a read could only lay out the page early.
  private layoutFrame(): void {
    const { doc, view, layer, hits, cards } = this.parts;
    if (!layer.attached && !cards.openCard()) return;
    const boxes = new Map<string, MarkerBoxes>();
    for (const { id } of this.parts.readable()) {
      const lines = hits.rectsOf(id);
      boxes.set(id, { last: lines[lines.length - 1] ?? null, lines });
    }
    const origin: Box | null = layer.origin();
    const height = doc.documentElement.clientHeight || view.innerHeight;
    cards.follow(height);
    if (origin) layer.place(origin, boxes);
  }
}
