// jsdom marks every event a script dispatches as untrusted (isTrusted false), as browsers do.
// The annotator acts only on the reader's own (trusted) events, so the tests that play the
// reader mark theirs trusted through jsdom's implementation object, which is what the browser's
// input handling would have set; the page's scripts have no such way.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const utils = require('jsdom/lib/generated/idl/utils.js') as { implForWrapper(wrapper: object): { isTrusted: boolean; _dispatch(event: object): boolean } };

/**
 * Dispatches a reader's (trusted) event on `target`; returns whether it was not cancelled.
 * dispatchEvent() marks every event untrusted (https://dom.spec.whatwg.org/#dom-eventtarget-dispatchevent),
 * so this dispatches as the browser's own input handling does, below it.
 */
export function readerDispatch(target: EventTarget, event: Event): boolean {
  const impl = utils.implForWrapper(event);
  impl.isTrusted = true;
  return utils.implForWrapper(target)._dispatch(impl);
}
