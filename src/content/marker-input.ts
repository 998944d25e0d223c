// What the reader does to the markers: their events, heard inside the markers' closed shadow root.

/** What a reader did to a marker. Only trusted (reader) events are passed on. */
export interface MarkerEvents {
  /** The pointer came onto a marker (`id`) or left every marker (null). */
  hover(id: string | null): void;
  /** Activated: by the pointer (`keyboard` false) or by Enter/Space. */
  activate(id: string, keyboard: boolean, at: { x: number; y: number }): void;
  focus(id: string): void;
  /** Focus left the marker for `to` (null: the window lost focus). */
  blur(id: string, to: EventTarget | null): void;
}

// Events inside the closed root reach the page's listeners retargeted to the host, so the markers'
// own are heard here, where the button is still the target. Only the reader's (trusted) events count.
/** Hears the reader's events on the markers inside `root`, by claim (`claimOf`), until `signal` aborts. */
export function listenToMarkers(root: ShadowRoot, claimOf: WeakMap<EventTarget, string>, events: MarkerEvents, signal: AbortSignal): void {
  const claim = (event: Event): string | null => (event.isTrusted ? claimOf.get(event.target as EventTarget) ?? null : null);
  const on = (type: string, handle: (id: string, event: Event) => void): void =>
    root.addEventListener(type, (event) => {
      const id = claim(event);
      if (id !== null) handle(id, event);
    }, { signal });
  on('pointerover', (id, event) => {
    if ((event as PointerEvent).pointerType !== 'touch') events.hover(id);
  });
  on('pointerout', () => events.hover(null));
  on('click', (id, event) => {
    const mouse = event as MouseEvent;
    events.activate(id, mouse.detail === 0, { x: mouse.clientX, y: mouse.clientY });
  });
  on('focusin', (id) => events.focus(id));
  on('focusout', (id, event) => events.blur(id, (event as FocusEvent).relatedTarget));
}
