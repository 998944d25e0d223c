// The annotator on a recognised page: asks the background for the article, anchors its claims,
// marks them, opens cards, follows the page as it changes, and takes all of it away again.
// Every listener, observer and timer of a session takes the session's AbortSignal.
import type { Runtime } from 'webextension-polyfill';
import type { Claim, Language, PublicArticle } from '../core/dataset/model';
import { type I18nApi, type Translate, formatDate, translator } from '../shared/i18n';
import { type ArticlePack, type Requests, type TabRequests, readEnvelope } from '../shared/messages';
import { request } from '../shared/request';
import { afterRender } from './after-render';
import type { Annotator } from './bridge';
import { CardFocus } from './card-focus';
import { ClaimAnchors, type FoundClaim } from './claim-anchors';
import { ClaimHitTester, type Box } from './hit-test';
import { type InteractionHost, installInteraction } from './interaction';
import { type MarkerBoxes, type MarkerEvents, MarkerLayer } from './marker-layer';
import { Tint, highlightApi } from './marks';

/** A runtime.onMessage listener: answers through `sendResponse` and returns true, or returns undefined to not answer. */
export type MessageListener = (message: unknown, sender: Runtime.MessageSender, sendResponse: (response: unknown) => void) => unknown;

/** The extension APIs the annotator uses (a subset of `browser`/`chrome`). */
export interface ContentApi {
  runtime: {
    readonly id?: string;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: { addListener(listener: MessageListener): void; removeListener(listener: MessageListener): void };
  };
  i18n: I18nApi;
}

export interface AnnotatorOptions {
  api: ContentApi;
  doc?: Document;
  /** Anchor only text the browser lays out (needs layout: true in a browser, false in jsdom). */
  requireVisible?: boolean;
  /** Draw the claims' underlines in the markers' layer even where the Custom Highlight API exists. */
  forceUnderlines?: boolean;
}

/**
 * Markers the page removed are put back at most this many times: a page script that removes
 * every element it does not know would otherwise make a loop with us.
 */
const MARKER_RESTORES = 3;

type IdleWindow = Window & { requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number };

/** What the reader's input works on: the card, the claims' boxes and the markers. */
function interactionHost(cards: CardFocus, hits: ClaimHitTester, layer: MarkerLayer, layoutChanged: (inner: boolean) => void): InteractionHost {
  return {
    openCard: () => cards.openCard(),
    cardHasFocus: () => cards.cardHasFocus(),
    open: (id, mode, at, focusCard) => cards.open(id, mode, at, focusCard),
    close: (returnFocus) => cards.close(returnFocus),
    isCard: (target) => cards.isCard(target),
    claimAt: (point) => hits.claimAt(point.x, point.y),
    markerClaim: (target) => (layer.isHost(target) ? layer.hoveredClaim() : null),
    isMarkers: (target) => layer.isHost(target),
    layoutChanged,
  };
}

/** One annotated article on the page: its parts, each installed with the session's signal. */
class Session {
  private readonly anchors: ClaimAnchors;
  private readonly tint: Tint;
  private readonly layer: MarkerLayer;
  private readonly hits: ClaimHitTester;
  private readonly cards: CardFocus;
  private readonly view: IdleWindow;
  private markerInput: MarkerEvents | null = null;
  private markersWanted = false;
  private frameScheduled = false;
  private restores = MARKER_RESTORES;
  /** The background's answer to the latest report (it inserts Kontekst's stylesheet before answering the first). */
  private answered: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly doc: Document,
    api: ContentApi,
    private readonly t: Translate,
    article: PublicArticle,
    private readonly language: Language,
    pack: ArticlePack | null,
    options: AnnotatorOptions,
    private readonly signal: AbortSignal,
    copy: string | null = null,
  ) {
    this.view = doc.defaultView as IdleWindow;
    const claims = new Map<string, Claim>(article.claims.filter((c) => c.notes.length > 0).map((c) => [c.id, c]));
    const highlights = options.forceUnderlines ? null : highlightApi(doc);
    this.tint = new Tint(highlights);
    const relay: MarkerEvents = {
      hover: (id) => this.markerInput?.hover(id),
      activate: (id, keyboard, at) => this.markerInput?.activate(id, keyboard, at),
      focus: (id) => this.markerInput?.focus(id),
      blur: (id, to) => this.markerInput?.blur(id, to),
    };
    this.layer = new MarkerLayer(doc, relay, highlights === null, signal);
    this.hits = new ClaimHitTester(doc, []);
    this.anchors = new ClaimAnchors(doc, [...claims.values()], {
      requireVisible: options.requireVisible,
      onAnchored: (found) => this.anchored(found),
      onTextTouched: () => this.textTouched(),
      report: (statuses) => {
        this.answered = send(api, 'content:anchored', { claims: statuses }).catch(() => undefined);
      },
    }, signal);
    this.cards = new CardFocus({ doc, t, language, pack, copy, claims, anchors: this.anchors, hits: this.hits, tint: this.tint, layer: this.layer });
    signal.addEventListener('abort', () => this.teardown(), { once: true });
  }

  start(): void {
    this.markerInput = installInteraction(this.doc, interactionHost(this.cards, this.hits, this.layer, (inner) => this.layoutChanged(inner)), this.signal);
    this.anchors.start();
    if (typeof ResizeObserver === 'function' && this.doc.body) {
      // Images and fonts that load move text without a scroll or resize of the window.
      const observer = new ResizeObserver(() => this.layoutChanged(true));
      observer.observe(this.doc.body);
      this.signal.addEventListener('abort', () => observer.disconnect(), { once: true });
    }
  }

  /** The claims as anchored now (those still reading their claim). */
  private readable(): FoundClaim[] {
    return this.anchors.found.filter((f) => this.anchors.reads(f.id));
  }

  private anchored(found: readonly FoundClaim[]): void {
    this.tint.show(found);
    this.hits.setTargets(found);
    this.cards.afterAnchoring();
    if (found.length > 0 || this.layer.host) this.scheduleMarkers();
  }

  // The page's text changed under the marks: before it paints, tint only claims that still read
  // their claim (the copies in the highlight registry do not follow edits), and put back a
  // markers' layer the page took out, a few times.
  private textTouched(): void {
    if (this.signal.aborted) return;
    this.tint.show(this.readable());
    if (this.layer.host && !this.layer.attached && this.restores > 0) {
      this.restores--;
      this.layer.attach();
    }
    this.layoutChanged(true);
  }

  // Markers wait until a frame has been rendered and the browser is idle (they are not needed for
  // the first paint of the marks, and built after the frame their writes do not precede the reads
  // that follow it, ClaimAnchors' visibility check); they are placed just after the next frame,
  // which has laid them out. Where there is no requestIdleCallback they are built at once.
  private scheduleMarkers(): void {
    if (this.markersWanted) return;
    this.markersWanted = true;
    const build = (): void => {
      this.markersWanted = false;
      if (this.signal.aborted) return;
      const specs = this.readable().map(({ id, claim }) => ({ id, label: this.label(claim) }));
      this.layer.show(specs);
      this.hits.invalidate();
      afterRender(this.view, () => this.signal.aborted || this.layoutFrame(), this.signal);
    };
    const idle = this.view.requestIdleCallback;
    // Not before the background has answered the report that comes with these claims: it inserts
    // Kontekst's stylesheet (styleTab) before it answers the first, and a sheet that arrives
    // between a frame and the markers' reads restyles and lays out the whole page inside them
    // (Firefox, bench "Cost on the article itself": `origin` and `lineBoxes`). Anchoring reports
    // just after it calls onAnchored, so the promise is read a microtask later.
    const whenAnswered = (then: () => void): void => void Promise.resolve().then(() => this.answered).then(() => this.signal.aborted || then());
    if (typeof idle === 'function') whenAnswered(() => afterRender(this.view, () => void idle.call(this.view, build, { timeout: 300 }), this.signal));
    else whenAnswered(build);
  }

  private label(claim: Claim): string {
    return this.t('markerLabel', claim.notes[0]?.title[this.language] ?? '');
  }

  private layoutChanged(inner: boolean): void {
    this.hits.invalidate();
    if (inner || this.cards.openCard()) this.scheduleFrame();
  }

  private scheduleFrame(): void {
    if (this.frameScheduled) return;
    this.frameScheduled = true;
    const run = (): void => {
      this.frameScheduled = false;
      if (!this.signal.aborted) this.layoutFrame();
    };
    // An open card follows its claim in the frame that moves it (scrolling leaves the layout fresh);
    // anything else is read just after a frame, so no read makes the browser lay the page out early.
    if (this.cards.openCard() && typeof this.view.requestAnimationFrame === 'function') this.view.requestAnimationFrame(run);
    else afterRender(this.view, run, this.signal);
  }

  // One frame's layout work: every read (the claims' line boxes, the layer's origin, the
  // viewport), then the card (which reads its own size before writing), then the markers' writes.
  // Nothing is read while there is nothing to place: before the markers are built (the
  // ResizeObserver's first notification comes then) a read could only lay out the page early.
  private layoutFrame(): void {
    if (!this.layer.attached && !this.cards.openCard()) return;
    const boxes = new Map<string, MarkerBoxes>();
    for (const { id } of this.readable()) {
      const lines = this.hits.rectsOf(id);
      boxes.set(id, { last: lines[lines.length - 1] ?? null, lines });
    }
    const origin: Box | null = this.layer.origin();
    const height = this.doc.documentElement.clientHeight || this.view.innerHeight;
    this.cards.follow(height);
    if (origin) this.layer.place(origin, boxes);
  }

  showClaim(id: string): boolean {
    return this.cards.showClaim(id);
  }

  /** Sends the background the statuses again (it asked for the article again and waits for them). */
  reportAgain(): void {
    this.anchors.reportAgain();
  }

  private teardown(): void {
    this.cards.hide();
    this.tint.remove();
    this.layer.remove();
  }
}

function send<K extends 'content:anchored' | 'content:cleared' | 'content:get-article'>(api: ContentApi, type: K, payload: Requests[K]['payload']): Promise<Requests[K]['reply']> {
  const sent = request(api.runtime, type, payload);
  // The extension may have been reloaded under the page; there is no one left to tell.
  sent.catch(() => undefined);
  return sent;
}

/** Creates the page's annotator; `refresh()` starts it. */
export function createAnnotator(options: AnnotatorOptions): Annotator {
  const doc = options.doc ?? document;
  const api = options.api;
  const t = translator(api.i18n);
  let running: { key: string; controller: AbortController; session: Session } | null = null;
  let asking: AbortController | null = null;

  const stop = (): boolean => {
    if (!running) return false;
    running.controller.abort();
    running = null;
    return true;
  };

  const start = (reply: NonNullable<Requests['content:get-article']['reply']>, key: string): void => {
    const controller = new AbortController();
    const signal = controller.signal;
    // On a copy, one line in the card says whose article the page carries.
    const { article: shown, language: lang } = reply;
    const copy = reply.copy === true ? t('copySource', shown.headline, shown.publisher, formatDate(shown.published, lang)) : null;
    const session = new Session(doc, api, t, reply.article, reply.language, reply.pack, options, signal, copy);
    running = { key, controller, session };
    session.start();
    const listener: MessageListener = (message, sender, sendResponse) => {
      const request = readEnvelope(message, ['background:show-claim', 'background:clear'] as const);
      if (!request || (api.runtime.id !== undefined && sender.id !== api.runtime.id)) return undefined;
      if (request.type === 'background:clear') {
        sendResponse(true);
        clear();
        return true;
      }
      const { claimId } = request.payload as TabRequests['background:show-claim']['payload'];
      sendResponse(session.showClaim(claimId));
      return true;
    };
    api.runtime.onMessage.addListener(listener);
    signal.addEventListener('abort', () => api.runtime.onMessage.removeListener(listener), { once: true });
  };

  const clear = (): void => {
    asking?.abort();
    asking = null;
    if (stop()) void send(api, 'content:cleared', {});
  };

  return {
    refresh() {
      asking?.abort();
      const ask = (asking = new AbortController());
      void send(api, 'content:get-article', {})
        .catch(() => null)
        .then((reply) => {
          if (ask.signal.aborted) return;
          asking = null;
          const key = reply ? JSON.stringify(reply) : null;
          // The same article again (the background recognised a page that grew): the running
          // session already follows the page; it only tells the background what it has marked.
          if (running && key !== null && running.key === key) return running.session.reportAgain();
          stop();
          if (reply && key !== null) start(reply, key);
        });
    },
    clear,
  };
}
