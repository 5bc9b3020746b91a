// The stylesheet of <mathlet-grad-clip> (inside its shadow root): colours as --mlt-* custom
// properties (light and dark), the panels, readouts, selects, inline messages, and the
// "computing…" state of a panel waiting for the worker (shown only if the wait is noticeable).
import { integerSliderStyles } from '../parts/integer-slider.js';
import { logSliderStyles } from '../parts/log-slider.js';
import { plotFrameStyles } from '../parts/plot-frame.js';
import { vectorEditorStyles } from '../parts/vector-editor.js';

const widgetStyles = `
:host {
  display: block; container-type: inline-size;
  --mlt-text: #1d2430; --mlt-muted: #5f6878; --mlt-grid: #e4e1da; --mlt-panel: #ffffff; --mlt-border: #dcd8cf;
  --mlt-surface: #f6f4ef; --mlt-accent: #1f5fbf; --mlt-bar: #8fb0de; --mlt-ghost: #ae5718; --mlt-band: #e8effa;
  --mlt-ok: #2a7d4d; --mlt-error: #c0392b; --mlt-error-bg: #fdecea;
  font: 15px/1.45 "Liberation Sans", "Helvetica Neue", Arial, system-ui, sans-serif !important;
  color: var(--mlt-text) !important;
}
/* Not while printing (data-print, plot-frame.js): paper is white. */
@media (prefers-color-scheme: dark) {
  :host(:not([data-print])) {
    --mlt-text: #e4e7ec; --mlt-muted: #a0a9b8; --mlt-grid: #323844; --mlt-panel: #1b1f26; --mlt-border: #343b47;
    --mlt-surface: #161a20; --mlt-accent: #7fb0ff; --mlt-bar: #4a6d9f; --mlt-ghost: #f0a35e; --mlt-band: #1e2a3d;
    --mlt-ok: #6fcf97; --mlt-error: #ff8a7a; --mlt-error-bg: #3b1d1b;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.widget { background: var(--mlt-panel); border: 1px solid var(--mlt-border); border-radius: 14px; padding: 1.1rem 1.2rem 1.2rem; box-shadow: 0 1px 3px rgb(0 0 0 / 0.06); }
var { font-family: "Liberation Serif", "DejaVu Serif", Georgia, serif; font-style: italic; font-size: 1.05em; }
.sym { font-variant-numeric: tabular-nums; font-weight: 700; }

.readouts { display: flex; flex-wrap: wrap; gap: 0.45rem 0.55rem; align-items: baseline; margin: 0.2rem 0 0.4rem; }
.chip { display: inline-flex; gap: 0.35rem; align-items: baseline; padding: 0.2rem 0.65rem; border-radius: 999px; border: 1px solid var(--mlt-border); background: var(--mlt-surface); font-size: 0.92rem; }
.chip.norm { border-color: var(--mlt-accent); }
.chip.norm .sym { color: var(--mlt-accent); }
.chip.value { border-color: var(--mlt-ghost); }
.chip.value .sym { color: var(--mlt-ghost); }
.summary { margin: 0.1rem 0 0.3rem; font-size: 0.9rem; color: var(--mlt-muted); }
.summary .sym { color: var(--mlt-text); }

.status { margin: 0.7rem 0 0; padding: 0.45rem 0.7rem; border-radius: 8px; background: var(--mlt-error-bg); color: var(--mlt-error); font-size: 0.9rem; }
.field-error { color: var(--mlt-error); font-size: 0.78rem; line-height: 1.25; }
input[aria-invalid=true] { border-color: var(--mlt-error); outline-color: var(--mlt-error); background: var(--mlt-error-bg); }

.grid { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; margin-top: 0.8rem; }
@container (min-width: 760px) {
  .grid { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
  .panel.wide { grid-column: 1 / -1; }
  .pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; }
}
.panel { border: 1px solid var(--mlt-border); border-radius: 10px; padding: 0.75rem 0.85rem 0.85rem; min-width: 0; background: var(--mlt-panel); }
.panel h3 { margin: 0 0 0.25rem; font-size: 0.98rem; }
.panel h4 { margin: 0.6rem 0 0.1rem; font-size: 0.9rem; }
details.panel > summary { cursor: pointer; }
details.panel > summary h3 { display: inline; }
details.panel[open] > summary { margin-bottom: 0.25rem; }
details.panel > summary:focus-visible { outline: 2px solid var(--mlt-accent); outline-offset: 2px; border-radius: 4px; }
.busy {
  display: inline-block; margin-left: 0.6rem; padding: 0 0.5rem; border-radius: 999px; border: 1px solid var(--mlt-border);
  font-size: 0.75rem; font-weight: 400; color: var(--mlt-muted); background: var(--mlt-surface); vertical-align: 0.1em;
  visibility: hidden;
}
.panel[aria-busy=true] .busy { visibility: visible; transition: visibility 0s 0.15s; }
.panel .plot-frame, .panel .summary { transition: opacity 0.1s; }
.panel[aria-busy=true] .plot-frame, .panel[aria-busy=true] .summary { opacity: 0.55; transition: opacity 0.15s 0.15s; }
.panel .hint { margin: 0 0 0.35rem; color: var(--mlt-muted); font-size: 0.85rem; }
.controls { display: grid; gap: 0.55rem; margin: 0.5rem 0; }
.row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.35rem 0.6rem; font-size: 0.9rem; }
.row label { font-weight: 600; }
.panel .integer-slider > label { font-size: inherit; } /* as large as the log sliders' captions beside it */
.clip-plane { max-width: 470px; margin: 0 auto; outline: none; border-radius: 8px; cursor: crosshair; user-select: none; -webkit-user-select: none; display: flex; justify-content: center; }
.clip-plane:focus-visible { box-shadow: 0 0 0 2px var(--mlt-accent); }

input[type=text] {
  font: inherit; font-variant-numeric: tabular-nums; color: var(--mlt-text); background: var(--mlt-surface);
  border: 1px solid var(--mlt-border); border-radius: 6px; padding: 0.22rem 0.4rem; min-width: 0;
}
input:focus-visible, button:focus-visible, select:focus-visible { outline: 2px solid var(--mlt-accent); outline-offset: 1px; }
.buttons { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.5rem 0 0.2rem; align-items: center; }
button, select {
  font: inherit; font-size: 0.86rem; color: var(--mlt-text); background: var(--mlt-surface);
  border: 1px solid var(--mlt-border); border-radius: 999px; padding: 0.25rem 0.75rem; cursor: pointer;
}
select { border-radius: 6px; }
button:hover:not(:disabled) { border-color: var(--mlt-accent); color: var(--mlt-accent); }
button:disabled { opacity: 0.45; cursor: default; }
.vectors { display: grid; grid-template-columns: auto 1fr; gap: 0.2rem 0.8rem; margin: 0.8rem 0 0; font-size: 0.88rem; }
.vectors dt { color: var(--mlt-muted); }
.vectors dd { margin: 0; }
.legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0.3rem 0 0; padding: 0; list-style: none; font-size: 0.82rem; color: var(--mlt-muted); }
.legend li { display: inline-flex; align-items: center; gap: 0.35rem; }
.swatch { display: inline-block; width: 20px; height: 0; border-top: 3px solid currentColor; }
.swatch.g { color: var(--mlt-text); opacity: 0.6; }
.swatch.norm { color: var(--mlt-accent); }
.swatch.value { color: var(--mlt-ghost); }
.swatch.box { border-top: 2px dashed var(--mlt-ghost); }
.swatch.constant { border-top: 2px dashed var(--mlt-muted); }
.swatch.disk { height: 12px; border: 1.5px solid var(--mlt-accent); background: var(--mlt-band); border-radius: 50%; width: 12px; }
.swatch.dot { width: 9px; height: 9px; border: 0; border-radius: 50%; background: var(--mlt-error); }
.swatch.early { width: 9px; height: 9px; border: 0; border-radius: 50%; background: var(--mlt-bar); }
.swatch.late { width: 9px; height: 9px; border: 0; border-radius: 50%; background: var(--mlt-accent); }
.swatch.band { height: 12px; border: 0; background: var(--mlt-band); border-radius: 2px; }
`;

export const gradClipStyles = [widgetStyles, plotFrameStyles, vectorEditorStyles, logSliderStyles, integerSliderStyles].join('\n');
