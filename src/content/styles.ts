// Styles inside Kontekst's shadow roots. `:host { all: initial }` shields our elements from
// the page's inherited styles, and rules on :host carry !important so that a page rule aimed at
// the host (say `* { display: block }`) cannot move or hide it: inside a shadow root's own
// context, important declarations win over the page's (https://drafts.csswg.org/css-cascade-5/#cascade-context).

/** The card: a non-modal dialog above everything, light and dark, quiet in motion. */
export const CARD_CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: fixed !important;
  inset: 0 auto auto 0 !important;
  width: 0 !important;
  height: 0 !important;
  overflow: visible !important;
  z-index: 2147483647 !important;
  margin: 0 !important;
  padding: 0 !important;
  border: 0 !important;
  background: none !important;
  pointer-events: none !important;
}
@media print { :host { display: none !important; } }
.card {
  --bg: #ffffff; --fg: #1d1f23; --muted: #5a6170; --line: rgb(0 0 0 / 0.12); --link: #1a5dc8;
  --brand: #2f6fd6; --shadow: 0 10px 32px rgb(0 0 0 / 0.18), 0 2px 6px rgb(0 0 0 / 0.08); --shade: rgb(0 0 0 / 0.14);
  --chip-background: #e3edfc; --chip-clarification: #fdf0d3; --chip-disputed: #fbe1df;
  --chip-later-development: #ece4fb; --chip-source: #e7e9ee;
  --chip-fg-background: #163f85; --chip-fg-clarification: #6b4500; --chip-fg-disputed: #8a1c12;
  --chip-fg-later-development: #4b2a8f; --chip-fg-source: #3b4150;
  position: fixed;
  left: 0;
  top: 0;
  box-sizing: border-box;
  width: min(416px, calc(100vw - 16px));
  max-height: calc(100vh - 16px);
  overflow: auto;
  overscroll-behavior: contain;
  pointer-events: auto;
  /* A shade at the bottom edge while there is more to scroll to; the "local" layer, which
     scrolls with the content, covers it once the end is reached. */
  background:
    linear-gradient(to top, var(--bg) 40%, transparent) bottom / 100% 28px no-repeat local,
    linear-gradient(to top, var(--shade), transparent) bottom / 100% 14px no-repeat scroll,
    var(--bg);
  color: var(--fg);
  border: 1px solid var(--line);
  border-radius: 12px;
  box-shadow: var(--shadow);
  font: 400 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  text-align: start;
  letter-spacing: normal;
  word-spacing: normal;
  text-transform: none;
  text-indent: 0;
  white-space: normal;
  overflow-wrap: break-word;
  color-scheme: light;
  animation: kontekst-in 120ms ease-out;
}
.card[hidden] { display: none; }
.card:focus { outline: none; }
.card:focus-visible { outline: 2px solid var(--brand); outline-offset: 2px; }
@keyframes kontekst-in { from { opacity: 0; transform: translateY(4px); } to { opacity: 1; transform: none; } }
@media (prefers-reduced-motion: reduce) { .card { animation: none; } }
@media (prefers-color-scheme: dark) {
  .card {
    --bg: #23262d; --fg: #eceef2; --muted: #a7aebb; --line: rgb(255 255 255 / 0.14); --link: #93b8ff;
    --brand: #7aa7ff; --shadow: 0 8px 24px rgb(0 0 0 / 0.4), 0 2px 6px rgb(0 0 0 / 0.3); --shade: rgb(0 0 0 / 0.45);
    --chip-background: #1d3358; --chip-clarification: #4a3611; --chip-disputed: #561d19;
    --chip-later-development: #36275c; --chip-source: #353a45;
    --chip-fg-background: #c4d8ff; --chip-fg-clarification: #ffdf9e; --chip-fg-disputed: #ffc6c0;
    --chip-fg-later-development: #dccbff; --chip-fg-source: #d6dae3;
    color-scheme: dark;
  }
}
.bar {
  position: sticky;
  top: 0;
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 8px;
  padding: 8px 8px 6px 16px;
  background: var(--bg);
  border-bottom: 1px solid var(--line);
}
.brand {
  display: flex;
  align-items: center;
  gap: 6px;
  font-size: 12.5px;
  font-weight: 600;
  color: var(--muted);
}
.brand svg { width: 16px; height: 16px; color: var(--brand); flex: none; }
.close {
  all: unset;
  box-sizing: border-box;
  display: inline-flex;
  align-items: center;
  justify-content: center;
  width: 28px;
  height: 28px;
  border-radius: 6px;
  color: var(--muted);
  cursor: pointer;
}
.close:hover { background: var(--line); color: var(--fg); }
.close:focus-visible { outline: 2px solid var(--brand); outline-offset: 1px; }
.close svg { width: 14px; height: 14px; }
.note { padding: 12px 16px 14px; }
.note + .note { border-top: 1px solid var(--line); }
.kind {
  display: inline-block;
  margin: 0 0 6px;
  padding: 2px 8px;
  border-radius: 999px;
  font-size: 11.5px;
  font-weight: 650;
  letter-spacing: 0.04em;
  text-transform: uppercase;
  background: var(--chip-source);
  color: var(--chip-fg-source);
}
.kind[data-kind="background"] { background: var(--chip-background); color: var(--chip-fg-background); }
.kind[data-kind="clarification"] { background: var(--chip-clarification); color: var(--chip-fg-clarification); }
.kind[data-kind="disputed"] { background: var(--chip-disputed); color: var(--chip-fg-disputed); }
.kind[data-kind="later-development"] { background: var(--chip-later-development); color: var(--chip-fg-later-development); }
.title { margin: 0 0 6px; font-size: 16px; font-weight: 650; line-height: 1.3; color: var(--fg); }
.body { margin: 0 0 10px; white-space: pre-line; }
.sources-heading { margin: 0 0 4px; font-size: 12.5px; font-weight: 600; color: var(--muted); }
.sources { margin: 0 0 8px; padding: 0; list-style: none; font-size: 13.5px; line-height: 1.4; }
.sources li { margin: 0 0 6px; }
.sources a { color: var(--link); text-decoration: underline; text-underline-offset: 2px; }
.sources a:hover { text-decoration-thickness: 2px; }
.sources a:focus-visible { outline: 2px solid var(--brand); outline-offset: 2px; border-radius: 2px; }
.source-meta { display: block; color: var(--muted); font-size: 12.5px; }
.as-of { margin: 0; font-size: 12px; color: var(--muted); }
.correction { margin: 0 0 10px; padding-left: 8px; border-left: 2px solid var(--brand); font-size: 12.5px; line-height: 1.4; color: var(--fg); }
.pack-source { margin: 0; padding: 8px 16px; font-size: 13px; line-height: 1.4; color: var(--muted); border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
.pack-source-name { font-weight: 600; color: var(--fg); }
.wording { margin: 0; padding: 8px 16px; font-size: 13px; line-height: 1.4; color: var(--muted); border-bottom: 1px solid var(--line); }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip-path: inset(50%); white-space: nowrap; border: 0;
}
@media (forced-colors: active) {
  .card { border: 2px solid CanvasText; background: Canvas; color: CanvasText; }
  .bar { background: Canvas; border-bottom-color: CanvasText; }
  .kind { border: 1px solid CanvasText; background: Canvas; color: CanvasText; forced-color-adjust: none; }
  .sources a { color: LinkText; }
  .brand svg, .close { color: CanvasText; }
  .note + .note { border-top-color: CanvasText; }
}
`;

/** The markers' layer: one host after the page's body, holding a button per claim placed next to its last line. */
export const LAYER_CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: absolute !important;
  inset: 0 auto auto 0 !important;
  width: 0 !important;
  height: 0 !important;
  overflow: visible !important;
  margin: 0 !important;
  padding: 0 !important;
  border: 0 !important;
  background: none !important;
  pointer-events: none !important;
}
@media print { :host { display: none !important; } }
button {
  all: unset;
  position: absolute;
  box-sizing: border-box;
  display: flex;
  align-items: center;
  justify-content: center;
  width: 16px;
  height: 16px;
  padding: 0.1em;
  border-radius: 50%;
  /* One mid blue for light and dark pages alike (the page's background, not the reader's
     scheme, is what it sits on): at least 4.3:1 against both white and black. */
  color: #3371d8;
  cursor: pointer;
  pointer-events: auto;
  -webkit-tap-highlight-color: transparent;
}
button[hidden] { display: none; }
button:hover, button[aria-expanded="true"] { background: rgb(51 113 216 / 0.18); }
button:focus-visible { outline: 2px solid #3371d8; outline-offset: 1px; }
svg { display: block; width: 100%; height: 100%; }
.dot { fill: #ffffff; }
/* Where the browser has no CSS Custom Highlight API: the claims' lines, tinted from below. */
.line { position: absolute; pointer-events: none; background: rgb(51 113 216 / 0.13); border-bottom: 1.5px solid rgb(51 113 216 / 0.85); box-sizing: border-box; }
@media (forced-colors: active) {
  button { color: ButtonText; forced-color-adjust: none; }
  button:hover, button[aria-expanded="true"] { color: Highlight; background: none; }
  .dot { fill: ButtonFace; }
  .line { background: none; border-bottom-color: LinkText; }
}
`;
