// The annotator on a recognised page: asks the background for the article, anchors its claims,
// marks them, opens cards, follows the page as it changes, and takes all of it away again.
// Every listener, observer and timer of a session takes the session's AbortSignal.
import type { Runtime } from 'webextension-polyfill';
import { anchorArticleClaims } from '../core/anchoring/article-anchoring';
import type { AnchorStatus } from '../core/anchoring/anchor-quote';
import type { Claim, Language, PublicArticle } from '../core/dataset/model';
import { normalizeText } from '../core/anchoring/normalize';
import { type I18nApi, type Translate, translator } from '../shared/i18n';
import { type ArticlePack, type Requests, type TabRequests, envelope, readEnvelope } from '../shared/messages';
import type { Annotator } from './bridge';
import { Card, type Placement } from './card';
import { ClaimHitTester, type Box, lineBoxes, unionBox } from './hit-test';
import { type InteractionHost, type OpenMode, type Point, installInteraction } from './interaction';
import { type Marker, createMarker } from './marker';
import { type Marking, markClaims } from './marks';
import { type PageChange, PageWatcher } from './watch';

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
  /** Wrap claims in <kontekst-mark> even where the Custom Highlight API exists. */
  forceWrap?: boolean;
}

/** A new text arrival re-anchors a page with missing claims (or claims found outside the article) at most this many times. */
const ARRIVAL_REANCHORS = 25;
/**
 * Markers the page removed (its text untouched) are put back at most this many times: a page
 * script that removes every element it does not know would otherwise make a loop with us.
 */
const MARKER_RESTORES = 3;

type ArticleReply = Requests['content:get-article']['reply'];

// A pack that is neither null nor named fails the whole reply: notes shown without their
// pack's name would read as Kontekst's own.
function isArticleReply(value: unknown): value is NonNullable<ArticleReply> {
  if (typeof value !== 'object' || value === null) return false;
  const { article, language, pack } = value as { article?: Partial<PublicArticle>; language?: unknown; pack?: { name?: unknown } | null };
  const packOk = pack === null || (typeof pack === 'object' && typeof pack.name === 'string');
  return packOk && (language === 'da' || language === 'en') && typeof article === 'object' && article !== null && Array.isArray(article.claims);
}

const hasLayout = (range: Range): boolean => lineBoxes(range).length > 0;

/** One annotated article on the page, from anchoring to teardown. */
class Session implements InteractionHost {
  private readonly claims: ReadonlyMap<string, Claim>;
  private readonly markers = new Map<string, Marker>();
  private readonly markerOf = new Map<EventTarget, string>();
  private readonly card: Card;
  private readonly hits: ClaimHitTester;
  private readonly watcher: PageWatcher;
  private marking: Marking | null = null;
  /** What each marked claim read when it was marked (folded), to notice when it changes. */
  private expected = new Map<string, string>();
  private statuses: { id: string; status: AnchorStatus }[] = [];
  /** Some claim was found only outside the article's main text: the article may yet arrive with it. */
  private outsideArticle = false;
  private reported = '';
  private open_: { id: string; mode: OpenMode; x: number | null } | null = null;
  private refocusing = false;
  private placeScheduled = false;
  private arrivals = ARRIVAL_REANCHORS;
  private restores = MARKER_RESTORES;

  constructor(
    private readonly doc: Document,
    private readonly api: ContentApi,
    private readonly t: Translate,
    article: PublicArticle,
    private readonly language: Language,
    pack: ArticlePack | null,
    private readonly options: AnnotatorOptions,
    private readonly signal: AbortSignal,
  ) {
    this.claims = new Map(article.claims.filter((c) => c.notes.length > 0).map((c) => [c.id, c]));
    this.card = new Card(doc, t, () => this.close(true), () => this.tabOutOfCard(), pack);
    this.hits = new ClaimHitTester(doc, []);
    this.watcher = new PageWatcher(doc, (change) => this.pageChanged(change), signal);
    signal.addEventListener('abort', () => this.teardown(), { once: true });
  }

  start(): void {
    this.anchor();
    this.watcher.observe(this.hasMissing());
    installInteraction(this.doc, this, this.signal);
    if (typeof ResizeObserver === 'function' && this.doc.body) {
      // Images and fonts that load move text without a scroll or resize of the window.
      const observer = new ResizeObserver(() => this.layoutChanged());
      observer.observe(this.doc.body);
      this.signal.addEventListener('abort', () => observer.disconnect(), { once: true });
    }
  }

  /** Reads the page, anchors every claim and marks what was found. */
  private anchor(): void {
    // Changes so far are covered by the fresh read below.
    this.watcher.discard();
    this.marking?.remove();
    const claims = [...this.claims.values()];
    const { anchored, article } = anchorArticleClaims(this.doc, claims, this.options.requireVisible ? { acceptRange: hasLayout } : {});
    this.outsideArticle = anchored.some(({ anchor, page }) => anchor.range !== null && page !== article);
    const targets = anchored.flatMap(({ claim, anchor }) => (anchor.range ? [{ id: claim.id, range: anchor.range, marker: this.markerFor(claim) }] : []));
    this.marking = markClaims(this.doc, targets, this.options.forceWrap);
    // Our own insertions are not the page changing.
    this.watcher.discard();
    this.expected = new Map(this.marking.claims.map((c) => [c.id, normalizeText(c.range.toString())]));
    this.hits.setTargets(this.marking.claims);
    this.statuses = anchored.map(({ claim, anchor }) => ({ id: claim.id, status: anchor.range ? anchor.status : 'missing' }));
    const open = this.open_;
    if (open) {
      if (this.expected.has(open.id)) {
        this.marking.setActive(open.id);
        this.markers.get(open.id)?.button.setAttribute('aria-expanded', 'true');
        this.schedulePlace();
      } else {
        this.close(false);
      }
    }
    this.report();
  }

  private markerFor(claim: Claim): Marker {
    let marker = this.markers.get(claim.id);
    if (!marker) {
      const title = claim.notes[0]?.title[this.language] ?? '';
      marker = createMarker(this.doc, claim.id, this.t('markerLabel', title));
      this.markers.set(claim.id, marker);
      this.markerOf.set(marker.host, claim.id);
    }
    return marker;
  }

  private report(): void {
    const key = JSON.stringify(this.statuses);
    if (key === this.reported) return;
    this.reported = key;
    send(this.api, 'content:anchored', { claims: this.statuses });
  }

  private hasMissing(): boolean {
    return this.statuses.some((s) => s.status === 'missing');
  }

  /** Whether every marked claim still reads as it did, with its marker in place (or, `markers` false, whatever became of it). */
  private intact(markers = true): boolean {
    if (!this.marking) return false;
    return this.marking.claims.every(
      (c) => (!markers || c.marker.host.isConnected) && c.range.startContainer.isConnected && normalizeText(c.range.toString()) === this.expected.get(c.id),
    );
  }

  private pageChanged(change: PageChange): void {
    if (this.signal.aborted) return;
    let again = change.textChanged && !this.intact();
    if (again && this.intact(false)) {
      // Only our markers went; the claims are still marked. Put them back a few times, then leave them out.
      if (this.restores > 0) this.restores--;
      else again = false;
    }
    if (!again && change.textArrived && (this.hasMissing() || this.outsideArticle) && this.arrivals > 0) {
      this.arrivals--;
      again = true;
    }
    if (!again) return;
    this.anchor();
    if (this.watcher.observingAttributes !== this.hasMissing()) this.watcher.observe(this.hasMissing());
  }

  // InteractionHost

  claimAt(point: Point): string | null {
    return this.hits.claimAt(point.x, point.y);
  }

  markerClaim(target: EventTarget | null): string | null {
    return target ? this.markerOf.get(target) ?? null : null;
  }

  isCard(target: EventTarget | null): boolean {
    return target !== null && target === this.card.host;
  }

  cardHasFocus(): boolean {
    return this.card.hasFocus();
  }

  openCard(): { id: string; mode: OpenMode } | null {
    return this.open_ ? { id: this.open_.id, mode: this.open_.mode } : null;
  }

  open(id: string, mode: OpenMode, at: Point | null, focusCard: boolean): void {
    const claim = this.claims.get(id);
    if (!claim || !this.expected.has(id) || !this.marking) return;
    if (mode === 'focus' && this.refocusing) return;
    const previous = this.open_;
    if (previous && previous.id !== id) this.markers.get(previous.id)?.button.setAttribute('aria-expanded', 'false');
    this.open_ = { id, mode, x: at?.x ?? (previous?.id === id ? previous.x : null) };
    const fuzzy = this.statuses.some((s) => s.id === id && s.status === 'fuzzy');
    this.card.show(id, claim.notes, this.language, this.placement(id), fuzzy);
    this.marking.setActive(id);
    this.markers.get(id)?.button.setAttribute('aria-expanded', 'true');
    if (focusCard) this.card.focus();
  }

  close(returnFocus: boolean): void {
    const open = this.open_;
    if (!open) return;
    const hadFocus = this.card.hasFocus();
    this.open_ = null;
    this.card.hide();
    this.marking?.setActive(null);
    const marker = this.markers.get(open.id);
    marker?.button.setAttribute('aria-expanded', 'false');
    if ((returnFocus || hadFocus) && marker?.host.isConnected) this.focusMarker(marker);
  }

  private focusMarker(marker: Marker): void {
    this.refocusing = true;
    try {
      marker.button.focus({ preventScroll: true });
    } finally {
      this.refocusing = false;
    }
  }

  private tabOutOfCard(): void {
    const open = this.open_;
    const marker = open && this.markers.get(open.id);
    if (!open || !marker) return;
    // The card stays while focus is on its marker, as when the reader first tabbed there.
    open.mode = 'focus';
    this.focusMarker(marker);
  }

  layoutChanged(): void {
    this.hits.invalidate();
    if (this.open_) this.schedulePlace();
  }

  private schedulePlace(): void {
    if (this.placeScheduled) return;
    this.placeScheduled = true;
    const view = this.doc.defaultView as Window;
    const run = (): void => {
      this.placeScheduled = false;
      const open = this.open_;
      if (!open || this.signal.aborted) return;
      const placement = this.placement(open.id);
      const height = this.doc.documentElement.clientHeight || view.innerHeight;
      const away = placement.anchor.bottom < 0 || placement.anchor.top > height;
      // A preview follows the pointer's claim; once the claim has scrolled away it has no reason to stay.
      if (away && open.mode === 'hover' && !this.card.hasFocus()) this.close(false);
      else this.card.place(placement);
    };
    if (typeof view.requestAnimationFrame === 'function') view.requestAnimationFrame(run);
    else view.setTimeout(run, 16);
  }

  private placement(id: string): Placement {
    const marker = this.markers.get(id);
    const markerBox: Box | null = marker?.host.isConnected ? marker.host.getBoundingClientRect() : null;
    const rects = this.hits.rectsOf(id);
    const anchor = rects.length ? unionBox(rects) : markerBox ?? { left: 0, right: 0, top: 0, bottom: 0 };
    const x = this.open_?.id === id && this.open_.x !== null ? this.open_.x : markerBox?.left ?? anchor.left;
    return { anchor, x };
  }

  /** Scrolls a claim into view and opens its card with focus in it (the popup's list). */
  showClaim(id: string): boolean {
    const marker = this.markers.get(id);
    if (!this.expected.has(id) || !marker?.host.isConnected) return false;
    const view = this.doc.defaultView as Window;
    // A hidden tab renders no frames, so a smooth scroll there would not move at all.
    const smooth = this.doc.visibilityState === 'visible' && !view.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    if (typeof marker.host.scrollIntoView === 'function') marker.host.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
    this.hits.invalidate();
    this.open(id, 'pin', null, true);
    return true;
  }

  private teardown(): void {
    this.open_ = null;
    this.card.hide();
    this.marking?.remove();
    this.marking = null;
  }
}

function send<K extends 'content:anchored' | 'content:cleared' | 'content:get-article'>(api: ContentApi, type: K, payload: Requests[K]['payload']): Promise<unknown> {
  const sent = api.runtime.sendMessage(envelope(type, payload));
  // The extension may have been reloaded under the page; there is no one left to tell.
  sent.catch(() => undefined);
  return sent;
}

/** Creates the page's annotator; `refresh()` starts it. */
export function createAnnotator(options: AnnotatorOptions): Annotator {
  const doc = options.doc ?? document;
  const api = options.api;
  const t = translator(api.i18n);
  let controller: AbortController | null = null;
  let session: Session | null = null;

  const stop = (): boolean => {
    if (!controller) return false;
    controller.abort();
    controller = null;
    session = null;
    return true;
  };

  const start = async (signal: AbortSignal): Promise<void> => {
    const reply = await send(api, 'content:get-article', {}).catch(() => null);
    if (signal.aborted || !isArticleReply(reply)) return;
    const current = new Session(doc, api, t, reply.article, reply.language, reply.pack, options, signal);
    session = current;
    current.start();
    const listener: MessageListener = (message, sender, sendResponse) => {
      const request = readEnvelope(message, ['background:show-claim'] as const);
      if (!request || (api.runtime.id !== undefined && sender.id !== api.runtime.id)) return undefined;
      const { claimId } = request.payload as TabRequests['background:show-claim']['payload'];
      sendResponse(current.showClaim(claimId));
      return true;
    };
    api.runtime.onMessage.addListener(listener);
    signal.addEventListener('abort', () => api.runtime.onMessage.removeListener(listener), { once: true });
  };

  return {
    refresh() {
      stop();
      controller = new AbortController();
      void start(controller.signal);
    },
    clear() {
      if (stop()) void send(api, 'content:cleared', {});
    },
  };
}
