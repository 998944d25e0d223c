// When Kontekst may read layout without paying for it. Reading a box (getClientRects,
// getBoundingClientRect) while the page's layout is stale makes the browser lay the page out
// there and then, inside Kontekst's task: at DOMContentLoaded that is the page's whole first
// layout (on a 1 MB page about 100 ms, measured by `npm run bench`, "Cost on the article itself").
// Just after a frame has been rendered the layout is fresh, and the same reads cost microseconds.

type FrameWindow = Pick<Window, 'setTimeout' | 'document'> & { requestAnimationFrame?: (callback: () => void) => number };

/**
 * Runs `run` in a task just after the browser renders a frame (a requestAnimationFrame callback
 * runs before that frame's style and layout; a task it posts runs after the frame:
 * https://html.spec.whatwg.org/multipage/webappapis.html#event-loop-processing-model), and not
 * before the document is parsed: while the parser is still adding the page (the annotator starts
 * as soon as the article's text is there), every chunk it adds makes the layout stale again, and a
 * frame may not lay it out (measured: a read after the frame laid out 1 MB of comments, 110 ms).
 * A hidden tab renders no frames, so `run` waits until the reader shows it. Without frames (jsdom
 * without pretendToBeVisual), after 16 ms.
 */
export function afterRender(view: FrameWindow, run: () => void, signal?: AbortSignal): void {
  const doc = view.document;
  if (doc.readyState === 'loading') {
    doc.addEventListener('DOMContentLoaded', () => afterRender(view, run, signal), { once: true, signal });
    return;
  }
  if (typeof view.requestAnimationFrame === 'function') view.requestAnimationFrame(() => void view.setTimeout(run, 0));
  else view.setTimeout(run, 16);
}
