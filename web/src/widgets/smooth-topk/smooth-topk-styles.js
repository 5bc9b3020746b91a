// The stylesheet of <mathlet-smooth-topk> (inside its shadow root): colours as --mlt-* custom
// properties (light and dark), the panels, the method scoreboard, the fan's "computing…" state
// and the inline messages.
import { logSliderStyles } from '../parts/log-slider.js';
import { plotFrameStyles } from '../parts/plot-frame.js';
import { vectorEditorStyles } from '../parts/vector-editor.js';
import { infiniteScoresStyles } from './infinite-scores.js';
import { jacobianTableStyles } from './jacobian-table.js';
import { stepperStyles } from './k-stepper.js';

const widgetStyles = `
:host {
  display: block; container-type: inline-size;
  --mlt-text: #1d2430; --mlt-muted: #5f6878; --mlt-grid: #e4e1da; --mlt-panel: #ffffff; --mlt-border: #dcd8cf;
  --mlt-surface: #f6f4ef; --mlt-accent: #1f5fbf; --mlt-bar: #9dbbe6; --mlt-ghost: #ae5718; --mlt-band: #efe9dc;
  --mlt-ok: #2a7d4d; --mlt-error: #c0392b; --mlt-error-bg: #fdecea;
  font: 15px/1.45 "Liberation Sans", "Helvetica Neue", Arial, system-ui, sans-serif !important;
  color: var(--mlt-text) !important;
}
/* Not while printing (data-print, plot-frame.js): paper is white. */
@media (prefers-color-scheme: dark) {
  :host(:not([data-print])) {
    --mlt-text: #e4e7ec; --mlt-muted: #a0a9b8; --mlt-grid: #323844; --mlt-panel: #1b1f26; --mlt-border: #343b47;
    --mlt-surface: #161a20; --mlt-accent: #7fb0ff; --mlt-bar: #3f5f8f; --mlt-ghost: #f0a35e; --mlt-band: #2a2f38;
    --mlt-ok: #6fcf97; --mlt-error: #ff8a7a; --mlt-error-bg: #3b1d1b;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.widget { background: var(--mlt-panel); border: 1px solid var(--mlt-border); border-radius: 14px; padding: 1.1rem 1.2rem 1.2rem; box-shadow: 0 1px 3px rgb(0 0 0 / 0.06); }
var { font-family: "Liberation Serif", "DejaVu Serif", Georgia, serif; font-style: italic; font-size: 1.05em; }
.sym { font-variant-numeric: tabular-nums; }

.readouts { display: flex; flex-wrap: wrap; gap: 0.5rem 0.6rem; align-items: baseline; }
.readouts h2 { flex-basis: 100%; margin: 0; font-size: 0.95rem; color: var(--mlt-muted); font-weight: 600; }
.chip { display: inline-flex; gap: 0.35rem; align-items: baseline; padding: 0.2rem 0.65rem; border-radius: 999px; border: 1px solid var(--mlt-border); background: var(--mlt-surface); }
.chip .sym { font-weight: 700; }
.chip.good { border-color: var(--mlt-ok); }
.chip.good .sym { color: var(--mlt-ok); }
.chip.bad { border-color: var(--mlt-error); background: var(--mlt-error-bg); }
.chip.bad .sym { color: var(--mlt-error); }
.verdict { flex-basis: 100%; margin: 0.1rem 0 0; font-size: 0.9rem; color: var(--mlt-muted); }
.verdict.bad { color: var(--mlt-error); font-weight: 600; }
.verdict.unavailable { color: var(--mlt-text); }
.verdict button.inline { margin-left: 0.2rem; padding: 0.1rem 0.6rem; font-size: 0.84rem; }

.status { margin: 0.7rem 0 0; padding: 0.45rem 0.7rem; border-radius: 8px; background: var(--mlt-error-bg); color: var(--mlt-error); font-size: 0.9rem; }
.field-error { color: var(--mlt-error); font-size: 0.78rem; line-height: 1.25; }
input[aria-invalid=true] { border-color: var(--mlt-error); outline-color: var(--mlt-error); background: var(--mlt-error-bg); }

.grid { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; margin-top: 1rem; }
@container (min-width: 760px) {
  .grid { grid-template-columns: minmax(0, 5fr) minmax(0, 6fr); }
  .panel.methods, .panel.equation-panel { grid-column: 1 / -1; }
}
.equation-grid { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.8rem; }
.panel h4 { margin: 0.3rem 0 0.2rem; font-size: 0.9rem; }
.panel { border: 1px solid var(--mlt-border); border-radius: 10px; padding: 0.75rem 0.85rem 0.85rem; min-width: 0; background: var(--mlt-panel); }
.panel h3 { margin: 0 0 0.25rem; font-size: 0.98rem; }
.panel .hint { margin: 0 0 0.35rem; color: var(--mlt-muted); font-size: 0.85rem; }
.controls { display: grid; gap: 0.55rem; margin-top: 0.6rem; }

input[type=text] {
  font: inherit; font-variant-numeric: tabular-nums; color: var(--mlt-text); background: var(--mlt-surface);
  border: 1px solid var(--mlt-border); border-radius: 6px; padding: 0.22rem 0.4rem; min-width: 0;
}
input:focus-visible, button:focus-visible, select:focus-visible { outline: 2px solid var(--mlt-accent); outline-offset: 1px; }
.buttons { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.6rem 0 0.2rem; }
button, select {
  font: inherit; font-size: 0.86rem; color: var(--mlt-text); background: var(--mlt-surface);
  border: 1px solid var(--mlt-border); border-radius: 999px; padding: 0.25rem 0.75rem; cursor: pointer;
}
select { border-radius: 6px; }
button:hover:not(:disabled) { border-color: var(--mlt-accent); color: var(--mlt-accent); }
button:disabled { opacity: 0.45; cursor: default; }

.focus-select { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 0.6rem; margin: 0 0 0.4rem; font-size: 0.9rem; }
.focus-select label { font-weight: 600; }
.toggle { display: inline-flex; align-items: center; gap: 0.35rem; font-size: 0.86rem; margin-top: 0.3rem; cursor: pointer; }
.toggle input { accent-color: var(--mlt-accent); margin: 0; }

.scoreboard { width: 100%; border-collapse: collapse; margin-top: 0.6rem; font-size: 0.86rem; }
.scoreboard caption { text-align: left; color: var(--mlt-muted); font-size: 0.82rem; padding-bottom: 0.25rem; }
.scoreboard th, .scoreboard td { text-align: left; padding: 0.22rem 0.5rem; border-top: 1px solid var(--mlt-grid); vertical-align: baseline; }
.scoreboard thead th { color: var(--mlt-muted); font-weight: 600; border-top: 0; }
.scoreboard td.num { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
.scoreboard tr.focus th { color: var(--mlt-accent); }
.scoreboard td.ok { color: var(--mlt-ok); }
.scoreboard td.bad { color: var(--mlt-error); font-weight: 600; }
.scoreboard td.na { color: var(--mlt-muted); font-style: italic; }
.scoreboard tr.unavailable th .name { color: var(--mlt-muted); }
.scoreboard .note { display: block; color: var(--mlt-muted); font-weight: 400; font-size: 0.78rem; }
.table-scroll { overflow-x: auto; }
.legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0.35rem 0 0; padding: 0; list-style: none; font-size: 0.82rem; color: var(--mlt-muted); }
.legend li { display: inline-flex; align-items: center; gap: 0.35rem; }
.swatch { display: inline-block; width: 14px; height: 12px; border-radius: 2px; }
.swatch.bar { background: var(--mlt-bar); }
.swatch.focus { background: var(--mlt-accent); }
.swatch.over { background: var(--mlt-error); }
.swatch.hard { border: 1.5px dashed var(--mlt-muted); background: var(--mlt-band); }
.swatch.line { height: 0; width: 18px; border-top: 3px solid; border-radius: 0; }
.legend.series li { font-style: normal; }
.fan-chart { position: relative; }
.fan-chart.stale svg { opacity: 0.45; transition: opacity 0.15s; }
.fan-chart .computing { position: absolute; top: 0.2rem; right: 0.4rem; padding: 0.1rem 0.55rem; border-radius: 999px; font-size: 0.78rem; color: var(--mlt-muted); background: var(--mlt-surface); border: 1px solid var(--mlt-border); }
.fan-notice, .view-notice { margin: 0.6rem 0; padding: 2.2rem 1rem; border: 1px dashed var(--mlt-border); border-radius: 8px; text-align: center; color: var(--mlt-muted); }
.fraction-note { margin: 0.35rem 0 0; font-size: 0.8rem; }
.swatch.cap { height: 0; width: 20px; border-top: 2px dashed var(--mlt-error); border-radius: 0; }
`;

export const smoothTopkStyles = [
  widgetStyles,
  plotFrameStyles,
  vectorEditorStyles,
  logSliderStyles,
  stepperStyles,
  infiniteScoresStyles,
  jacobianTableStyles,
].join('\n');
