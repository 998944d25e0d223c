// The annotator on a recognised page: asks the background for the article, runs one session
// (src/content/session.ts) for it, follows the background's requests, and takes it all away again.
import { formatDate, stringsTranslator } from '../shared/i18n';
import { type Requests, type TabRequests, readEnvelope } from '../shared/messages';
import type { Annotator } from './bridge';
import { type AnnotatorOptions, type MessageListener, Session, send } from './session';

/** Creates the page's annotator; `refresh()` starts it. */
export function createAnnotator(options: AnnotatorOptions): Annotator {
  const doc = options.doc ?? document;
  const api = options.api;
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
    const t = stringsTranslator(reply.strings);
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
