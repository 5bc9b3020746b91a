// The stylesheet of <mathlet-logsumexp> (inside its shadow root): colours as --mlt-* custom
// properties (light and dark), the two-column layout, controls, readouts and inline messages.
import { logSliderStyles } from '../parts/log-slider.js';
import { plotFrameStyles } from '../parts/plot-frame.js';
import { vectorEditorStyles } from '../parts/vector-editor.js';

const widgetStyles = `
:host {
  display: block; container-type: inline-size;
  --mlt-text: #1d2430; --mlt-muted: #5f6878; --mlt-grid: #e4e1da; --mlt-panel: #ffffff; --mlt-border: #dcd8cf;
  --mlt-surface: #f6f4ef; --mlt-accent: #1f5fbf; --mlt-lse: #1f5fbf; --mlt-upper: #d9772b; --mlt-lower: #2f8a55;
  --mlt-mean: #8350c4; --mlt-band: #fbe6cf; --mlt-bar: #9dbbe6; --mlt-ghost: #d9772b; --mlt-cauchy: #b8517b;
  --mlt-holder: #b7860b; --mlt-entropy: #16988a; --mlt-error: #b3261e; --mlt-error-bg: #fdecea;
  --plot-background: var(--mlt-panel);
  font: 15px/1.45 "Liberation Sans", "Helvetica Neue", Arial, system-ui, sans-serif !important;
  color: var(--mlt-text) !important;
}
/* Not while printing (data-print, plot-frame.js): paper is white. */
@media (prefers-color-scheme: dark) {
  :host(:not([data-print])) {
    --mlt-text: #e4e7ec; --mlt-muted: #a0a9b8; --mlt-grid: #323844; --mlt-panel: #1b1f26; --mlt-border: #343b47;
    --mlt-surface: #161a20; --mlt-accent: #7fb0ff; --mlt-lse: #7fb0ff; --mlt-upper: #f0a35e; --mlt-lower: #6fcf97;
    --mlt-mean: #b99bf0; --mlt-band: #3a2f22; --mlt-bar: #3f5f8f; --mlt-ghost: #f0a35e; --mlt-cauchy: #e387ad;
    --mlt-holder: #e0bb4c; --mlt-entropy: #4fd1c0; --mlt-error: #ffb4ab; --mlt-error-bg: #3b1d1b;
  }
}
* { box-sizing: border-box; }
.widget { background: var(--mlt-panel); border: 1px solid var(--mlt-border); border-radius: 14px; padding: 1.1rem 1.2rem 1.2rem; box-shadow: 0 1px 3px rgb(0 0 0 / 0.06); }
.sym { font-style: normal; font-variant-numeric: tabular-nums; }
var, .var { font-family: "Liberation Serif", "DejaVu Serif", Georgia, serif; font-style: italic; font-size: 1.05em; }

.headline { display: flex; flex-direction: column; gap: 0.1rem; }
.headline h2 { margin: 0; font-size: 0.95rem; color: var(--mlt-muted); font-weight: 600; }
.lse-line { font-size: 1.35rem; }
.lse-value { font-size: 2rem; font-weight: 700; color: var(--mlt-lse); letter-spacing: -0.01em; }
.sandwich { margin: 0.45rem 0 0; display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; font-size: 1rem; }
.sandwich .tag { min-width: 3.6rem; font-size: 0.8rem; font-weight: 700; color: var(--mlt-accent); }
.chip { display: inline-flex; gap: 0.35rem; align-items: baseline; padding: 0.15rem 0.55rem; border-radius: 999px; border: 1px solid var(--mlt-border); background: var(--mlt-surface); }
.chip.lse { border-color: var(--mlt-lse); }
.chip.lower { border-color: var(--mlt-lower); }
.chip.upper { border-color: var(--mlt-upper); }
.chip.mean { border-color: var(--mlt-mean); }
.chip b { font-weight: 700; }
.rel { color: var(--mlt-muted); font-weight: 700; }
.facts { margin: 0.35rem 0 0; color: var(--mlt-muted); font-size: 0.9rem; }
.facts .sym, .facts var { color: var(--mlt-text); }

.status { margin: 0.7rem 0 0; padding: 0.45rem 0.7rem; border-radius: 8px; background: var(--mlt-error-bg); color: var(--mlt-error); font-size: 0.9rem; }
.status code { font-family: "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 0.95em; }
.field-error { color: var(--mlt-error); font-size: 0.78rem; line-height: 1.25; }
input[aria-invalid=true] { border-color: var(--mlt-error); outline-color: var(--mlt-error); background: var(--mlt-error-bg); }

.grid { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; margin-top: 1rem; }
@container (min-width: 760px) {
  .grid { grid-template-columns: minmax(0, 5fr) minmax(0, 6fr); }
  .panel.weights { grid-column: 1; grid-row: 2; }
  .panel.ladder { grid-column: 2; grid-row: 2; }
}
.panel { border: 1px solid var(--mlt-border); border-radius: 10px; padding: 0.75rem 0.85rem 0.85rem; min-width: 0; background: var(--mlt-panel); }
.panel h3 { margin: 0 0 0.25rem; font-size: 0.98rem; }
.panel .hint { margin: 0 0 0.35rem; color: var(--mlt-muted); font-size: 0.85rem; }

input[type=text] {
  font: inherit; font-variant-numeric: tabular-nums; color: var(--mlt-text); background: var(--mlt-surface);
  border: 1px solid var(--mlt-border); border-radius: 6px; padding: 0.22rem 0.4rem; min-width: 0;
}
input:focus-visible, button:focus-visible { outline: 2px solid var(--mlt-accent); outline-offset: 1px; }
.buttons { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.6rem 0 0.7rem; }
button {
  font: inherit; font-size: 0.86rem; color: var(--mlt-text); background: var(--mlt-surface);
  border: 1px solid var(--mlt-border); border-radius: 999px; padding: 0.25rem 0.75rem; cursor: pointer;
}
button:hover:not(:disabled) { border-color: var(--mlt-accent); color: var(--mlt-accent); }
button:disabled { opacity: 0.45; cursor: default; }

.view-switch { border: 0; padding: 0; margin: 0 0 0.3rem; display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; font-size: 0.86rem; }
.view-switch legend { float: left; margin-right: 0.5rem; color: var(--mlt-muted); padding: 0; }
.view-switch label { display: inline-flex; gap: 0.3rem; align-items: center; cursor: pointer; }
.view-switch input { accent-color: var(--mlt-accent); margin: 0; }

.legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0.3rem 0 0; padding: 0; list-style: none; font-size: 0.84rem; color: var(--mlt-muted); }
.legend li { display: inline-flex; align-items: center; gap: 0.35rem; }
.legend .lse { color: var(--mlt-lse); } .legend .upper { color: var(--mlt-upper); }
.legend .lower { color: var(--mlt-lower); } .legend .mean { color: var(--mlt-mean); }
.legend span:not(.swatch) { color: var(--mlt-text); }
.swatch { display: inline-block; width: 22px; height: 0; border-top: 3px solid currentColor; }
.swatch.dashed { border-top-style: dashed; border-top-width: 2px; }
.swatch.dotted { border-top-style: dotted; border-top-width: 3px; }
.swatch.band { height: 12px; border: 0; background: var(--mlt-band); border-radius: 2px; }
.nowrap { white-space: nowrap; }
.kl { margin: 0.5rem 0 0; font-size: 0.92rem; }
.kl .sym { font-weight: 700; }
.kl.tight .sym { color: var(--mlt-entropy); }
.pair-readout { margin: 0.2rem 0 0.4rem; }
.pair-line { margin: 0.25rem 0 0; font-size: 0.9rem; }
.pair-line .sym { font-weight: 700; }
.pair-line.tight .sym:last-child { text-decoration: underline; }
.attained { display: inline-block; margin-top: 0.3rem; padding-left: 0.45rem; border-left: 4px solid var(--mlt-entropy); font-size: 0.9rem; font-weight: 700; }
.attained[hidden] { display: none; }
.shift-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.6rem; margin: 0.55rem 0 0.3rem; }
.integer-input { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0.3rem; }
.integer-input input { width: 5.5rem; }
.panel .log-slider { margin-top: 0.4rem; }
.legend li.dashed .swatch { border-top-style: dashed; border-top-width: 2px; }
.swatch.ramp { height: 12px; border: 1px solid var(--mlt-border); background: linear-gradient(90deg, var(--mlt-panel), var(--mlt-band)); border-radius: 2px; }
.surface-note { margin: 0.35rem 0 0; }
table.numerics { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 0.84rem; margin: 0.3rem 0 0.2rem; }
table.numerics th, table.numerics td { text-align: left; vertical-align: top; padding: 0.3rem 0.35rem; border-bottom: 1px solid var(--mlt-border); overflow-wrap: anywhere; }
table.numerics thead th { font-weight: 600; color: var(--mlt-muted); font-size: 0.8rem; }
table.numerics th[scope=row] { width: 38%; font-weight: 400; }
table.numerics th:last-child { width: 27%; }
table.numerics .value { display: block; font-weight: 700; }
table.numerics .sum { display: block; color: var(--mlt-muted); font-size: 0.78rem; }
table.numerics .sum .sym { color: var(--mlt-muted); }
@container (max-width: 520px) {
  table.numerics thead { display: none; }
  table.numerics tr { display: grid; grid-template-columns: minmax(0, 1fr) auto; column-gap: 0.6rem; border-bottom: 1px solid var(--mlt-border); padding: 0.3rem 0; }
  table.numerics th, table.numerics td { border: 0; padding: 0.1rem 0.2rem; }
  table.numerics th[scope=row] { grid-column: 1 / -1; width: auto; }
  table.numerics th[scope=row] br { display: none; }
  table.numerics th[scope=row] .row-name { margin-right: 0.5rem; }
}
table.numerics .row-name { font-weight: 700; }
table.numerics td .sym { font-variant-numeric: tabular-nums; }
table.numerics tr:not([data-status=ok]):not(.stable) .status-word { color: var(--mlt-error); font-weight: 700; }
.cases-hint { margin-top: 0.5rem !important; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

export const logsumexpStyles = [widgetStyles, plotFrameStyles, vectorEditorStyles, logSliderStyles].join('\n');
