// One annotated article on a page: its parts (anchors, marks, markers, cards and the reader's
// input), each installed with the session's AbortSignal, and what the background is told.
import type { Runtime } from 'webextension-polyfill';
import type { Claim, Language, PublicArticle } from '../core/dataset/model';
import type { FoldedSelector } from '../core/anchoring/anchor-quote';
import type { ContentKey, Translate } from '../shared/i18n';
import type { AnchoredReport, ArticlePack, Requests } from '../shared/messages';
import { contentRequest } from '../shared/ask';
import { CardFocus } from './card-focus';
import { ClaimAnchors, type FoundClaim } from './claim-anchors';
import { ClaimHitTester } from './hit-test';
import { type InteractionHost, installInteraction } from './interaction';
import { MarkerFrames, type IdleWindow } from './marker-frames';
import type { MarkerEvents } from './marker-input';
import { MarkerLayer } from './marker-layer';
import { type HighlightApi, Tint, highlightApi } from './marks';

/** A runtime.onMessage listener: answers through `sendResponse` and returns true, or returns undefined to not answer. */
export type MessageListener = (message: unknown, sender: Runtime.MessageSender, sendResponse: (response: unknown) => void) => unknown;

/** The extension APIs the annotator uses (a subset of `browser`/`chrome`). */
export interface ContentApi {
  runtime: {
    readonly id?: string;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: { addListener(listener: MessageListener): void; removeListener(listener: MessageListener): void };
  };
}

export interface AnnotatorOptions {
  /** The extension API, looked up when first used (in Firefox that first use builds it in the page). */
  api: () => ContentApi;
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

/**
 * How long the markers wait for the background's answer to the first report before the annotator
 * sends that report itself: the answer comes within milliseconds, hundreds on a loaded machine.
 */
export const ANSWER_WAIT_MS = 2000;

/** What the reader's input works on: the card, the claims' boxes and the markers. */
function interactionHost(cards: CardFocus, hits: ClaimHitTester, layer: MarkerLayer, layoutChanged: (inner: boolean) => void, orphaned: () => boolean): InteractionHost {
  return {
    openCard: () => cards.openCard(),
    cardHasFocus: () => cards.cardHasFocus(),
    // A card an orphaned annotator opened would be a second one, of an extension gone.
    open: (id, mode, at, focusCard) => {
      if (!orphaned()) cards.open(id, mode, at, focusCard);
    },
    close: (returnFocus) => cards.close(returnFocus),
    isCard: (target) => cards.isCard(target),
    claimAt: (point) => hits.claimAt(point.x, point.y),
    markerClaim: (target) => (layer.isHost(target) ? layer.hoveredClaim() : null),
    isMarkers: (target) => layer.isHost(target),
    layoutChanged,
  };
}

/** One annotated article on the page: its parts, each installed with the session's signal. */
export class Session {
  private readonly anchors: ClaimAnchors;
  private readonly tint: Tint;
  private readonly layer: MarkerLayer;
  private readonly hits: ClaimHitTester;
  private readonly cards: CardFocus;
  private readonly frames: MarkerFrames;
  private markerInput: MarkerEvents | null = null;
  private restores = MARKER_RESTORES;
  private starting = false;
  private firstReport: AnchoredReport | null = null;
  private answer: (() => void) | null = null;
  private answerWait: ReturnType<typeof setTimeout> | undefined;
  private styled = false;

  constructor(
    private readonly doc: Document,
    api: () => ContentApi,
    private readonly t: Translate<ContentKey>,
    article: PublicArticle,
    /** The article's claims folded by the background (foldClaims, in order); null: folded here. */
    folded: readonly FoldedSelector[] | null,
    private readonly language: Language,
    pack: ArticlePack | null,
    options: AnnotatorOptions,
    private readonly signal: AbortSignal,
    copy: (() => string) | null = null,
    /** Whether the extension went away under the page (then the session has been torn down): asked before touching the page again. */
    private readonly orphaned: () => boolean = () => false,
    /** The page's highlight API, where the caller has looked it up already. */
    pageHighlights: HighlightApi | null = highlightApi(doc),
  ) {
    // Folded selectors go along with their claims; a list that does not fit the claims is not used.
    const fits = folded !== null && folded.length === article.claims.length;
    const shown = new Map<string, { claim: Claim; folded: FoldedSelector | undefined }>();
    article.claims.forEach((claim, i) => {
      if (claim.notes.length > 0) shown.set(claim.id, { claim, folded: fits ? folded[i] : undefined });
    });
    const claims = new Map<string, Claim>([...shown].map(([id, { claim }]) => [id, claim]));
    const foldedShown = fits ? [...shown.values()].map((s) => s.folded as FoldedSelector) : null;
    const highlights = options.forceUnderlines ? null : pageHighlights;
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
      folded: foldedShown,
      requireVisible: options.requireVisible,
      onAnchored: (found) => this.anchored(found),
      onTextTouched: () => this.textTouched(),
      report: (statuses) => {
        // The first anchoring's report is start()'s answer to the background (startAnnotator's or
        // startOrStash's result, or the bundle's when the start waited for it); it answers back
        // with annotatorAnswered, unless it put the stylesheet in before the start. Later ones,
        // after the page changed, go by message.
        if (this.starting) {
          this.firstReport = { claims: statuses };
          // With the sheet already in, nothing is left for the answer to bring in before the markers.
          if (this.styled) return;
          this.frames.answered = new Promise<void>((done) => (this.answer = done));
          this.waitForAnswer(api);
        } else {
          this.frames.answered = send(api(), 'content:anchored', { claims: statuses }).catch(() => undefined);
        }
      },
    }, signal);
    this.cards = new CardFocus({ doc, t, language, pack, copy, claims, anchors: this.anchors, hits: this.hits, tint: this.tint, layer: this.layer });
    this.frames = new MarkerFrames({
      doc,
      view: doc.defaultView as IdleWindow,
      signal,
      layer: this.layer,
      hits: this.hits,
      cards: this.cards,
      readable: () => this.readable(),
      live: () => !this.orphaned(),
      label: (claim) => this.t('markerLabel', claim.notes[0]?.title[this.language] ?? ''),
    });
    signal.addEventListener('abort', () => this.teardown(), { once: true });
  }

  /**
   * Anchors the claims and starts following the page and the reader; answers what the first
   * anchoring found. `styled`: the background put Kontekst's stylesheet in before the start, so the
   * markers do not wait for its answer.
   */
  start(styled = false): AnchoredReport {
    this.markerInput = installInteraction(this.doc, interactionHost(this.cards, this.hits, this.layer, (inner) => this.frames.layoutChanged(inner), this.orphaned), this.signal);
    this.styled = styled;
    this.starting = true;
    try {
      this.anchors.start();
    } finally {
      this.starting = false;
    }
    return this.firstReport ?? this.statuses();
  }

  /** The background has taken the first report (and put in the stylesheet): the markers may be built. */
  answered(): void {
    clearTimeout(this.answerWait);
    this.answer?.();
    this.answer = null;
  }

  // The background answers the first report with a second call into the page (annotatorAnswered).
  // A call it gave up (page-calls.ts: the browser did not settle it in time), a start whose answer
  // never reached it, or a background stopped between its two calls would leave the markers (the
  // keyboard's and screen readers' way to the cards) waiting for the whole session. Past the
  // wait, the report goes by message, as later ones do: the background records it and puts in
  // the stylesheet before it replies, and the markers follow its reply, or its silence (an
  // extension reloaded under the page). Nothing is sent on the normal path.
  private waitForAnswer(api: () => ContentApi): void {
    clearTimeout(this.answerWait);
    this.answerWait = setTimeout(() => {
      if (!this.answer || this.signal.aborted) return;
      void send(api(), 'content:anchored', this.statuses()).catch(() => undefined).then(() => this.answered());
    }, ANSWER_WAIT_MS);
  }

  /** The claims as anchored now (those still reading their claim). */
  private readable(): FoundClaim[] {
    return this.anchors.readable();
  }

  private anchored(found: readonly FoundClaim[]): void {
    // The page read again after it changed (the first anchoring is the background's own start).
    if (!this.starting && this.orphaned()) return;
    this.tint.show(found);
    this.hits.setTargets(found);
    this.cards.afterAnchoring();
    if (found.length > 0 || this.layer.host) this.frames.scheduleMarkers();
  }

  // The page's text changed under the marks: before it paints, tint only claims that still read
  // their claim (the copies in the highlight registry do not follow edits), and put back a
  // markers' layer the page took out, a few times.
  private textTouched(): void {
    if (this.signal.aborted || this.orphaned()) return;
    this.tint.show(this.readable());
    if (this.layer.host && !this.layer.attached && this.restores > 0) {
      this.restores--;
      this.layer.attach();
    }
    this.frames.layoutChanged(true);
  }

  showClaim(id: string): boolean {
    return this.cards.showClaim(id);
  }

  /** What is anchored now (the background recognised the page again and waits for it). */
  statuses(): AnchoredReport {
    return { claims: this.anchors.statuses() };
  }

  private teardown(): void {
    clearTimeout(this.answerWait);
    this.cards.hide();
    this.tint.remove();
    this.layer.remove();
  }
}

/** Asks the background (the annotator's messages); the returned promise rejects on no reply, and a rejection nobody awaits is not reported. */
export function send<K extends 'content:anchored' | 'content:cleared'>(api: ContentApi, type: K, payload: Requests[K]['payload']): Promise<Requests[K]['reply']> {
  const sent = contentRequest(api.runtime, type, payload);
  // The extension may have been reloaded under the page; there is no one left to tell.
  sent.catch(() => undefined);
  return sent;
}

