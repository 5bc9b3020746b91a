// The stylesheet shared by the matrix widgets (<mathlet-pinv>, <mathlet-cr>, <mathlet-cur>), inside
// their shadow roots: colours as --mlt-* custom properties (light and dark), panels, controls,
// readout chips, legends and inline messages. Each widget appends a few rules of its own.
import { logSliderStyles } from './log-slider.js';
import { plotFrameStyles } from './plot-frame.js';
import { matrixEditorStyles } from './matrix-editor.js';
import { heatmapStyles } from './heatmap.js';
import { integerSliderStyles } from './integer-slider.js';
import { matrixTableStyles } from './matrix-table.js';

const base = `
:host {
  display: block; container-type: inline-size;
  --mlt-text: #1d2430; --mlt-muted: #5f6878; --mlt-grid: #e4e1da; --mlt-panel: #ffffff; --mlt-border: #dcd8cf;
  --mlt-surface: #f6f4ef; --mlt-accent: #1f5fbf; --mlt-bar: #9dbbe6; --mlt-band: #ece9e2;
  --mlt-floor: #8a8f98; --mlt-pick: #9e6100; --mlt-ok: #2a7d4d; --mlt-error: #b3261e; --mlt-error-bg: #fdecea;
  --mlt-c1: #1f5fbf; --mlt-c2: #d9772b; --mlt-c3: #2f8a55; --mlt-c4: #8350c4; --mlt-c5: #b8517b; --mlt-c6: #16988a;
  font: 15px/1.45 "Liberation Sans", "Helvetica Neue", Arial, system-ui, sans-serif !important;
  color: var(--mlt-text) !important;
}
/* Not while printing (data-print, plot-frame.js): paper is white. */
@media (prefers-color-scheme: dark) {
  :host(:not([data-print])) {
    --mlt-text: #e4e7ec; --mlt-muted: #a0a9b8; --mlt-grid: #323844; --mlt-panel: #1b1f26; --mlt-border: #343b47;
    --mlt-surface: #161a20; --mlt-accent: #7fb0ff; --mlt-bar: #3f5f8f; --mlt-band: #2a2f38;
    --mlt-floor: #8d95a3; --mlt-pick: #ffb13b; --mlt-ok: #6fcf97; --mlt-error: #ffb4ab; --mlt-error-bg: #3b1d1b;
    --mlt-c1: #7fb0ff; --mlt-c2: #f0a35e; --mlt-c3: #6fcf97; --mlt-c4: #b99bf0; --mlt-c5: #e387ad; --mlt-c6: #4fd1c0;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.widget { background: var(--mlt-panel); border: 1px solid var(--mlt-border); border-radius: 14px; padding: 1.1rem 1.2rem 1.2rem; box-shadow: 0 1px 3px rgb(0 0 0 / 0.06); }
var { font-family: "Liberation Serif", "DejaVu Serif", Georgia, serif; font-style: italic; font-size: 1.05em; }
.sym { font-variant-numeric: tabular-nums; }
.nowrap { white-space: nowrap; }

.status { margin: 0.7rem 0 0; padding: 0.45rem 0.7rem; border-radius: 8px; background: var(--mlt-error-bg); color: var(--mlt-error); font-size: 0.9rem; }
.field-error { color: var(--mlt-error); font-size: 0.78rem; line-height: 1.25; }
input[aria-invalid=true], textarea[aria-invalid=true] { border-color: var(--mlt-error); outline-color: var(--mlt-error); background: var(--mlt-error-bg); }

.grid { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; margin-top: 0.9rem; }
@container (min-width: 760px) {
  .grid.two { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
  .grid.side { grid-template-columns: minmax(0, 5fr) minmax(0, 7fr); }
  .panel.wide { grid-column: 1 / -1; }
}
.panel { border: 1px solid var(--mlt-border); border-radius: 10px; padding: 0.75rem 0.85rem 0.85rem; min-width: 0; background: var(--mlt-panel); }
.panel h3 { margin: 0 0 0.25rem; font-size: 0.98rem; }
.panel h4 { margin: 0.7rem 0 0.15rem; font-size: 0.9rem; }
.panel .hint { margin: 0 0 0.4rem; color: var(--mlt-muted); font-size: 0.85rem; }
.controls { display: flex; flex-wrap: wrap; gap: 0.6rem 1.2rem; align-items: flex-start; }
.control { display: flex; flex-direction: column; gap: 0.15rem; min-width: 0; }
.control > label, .control > .label { font-weight: 600; font-size: 0.88rem; }

input[type=text], textarea {
  font: inherit; font-variant-numeric: tabular-nums; color: var(--mlt-text); background: var(--mlt-surface);
  border: 1px solid var(--mlt-border); border-radius: 6px; padding: 0.22rem 0.4rem; min-width: 0;
}
input:focus-visible, button:focus-visible, select:focus-visible, textarea:focus-visible { outline: 2px solid var(--mlt-accent); outline-offset: 1px; }
.buttons { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.5rem 0 0.2rem; align-items: center; }
button, select {
  font: inherit; font-size: 0.86rem; color: var(--mlt-text); background: var(--mlt-surface);
  border: 1px solid var(--mlt-border); border-radius: 999px; padding: 0.25rem 0.75rem; cursor: pointer;
}
select { border-radius: 6px; padding: 0.25rem 0.5rem; max-width: 100%; }
button:hover:not(:disabled) { border-color: var(--mlt-accent); color: var(--mlt-accent); }
button:disabled { opacity: 0.45; cursor: default; }

.chips { display: flex; flex-wrap: wrap; gap: 0.4rem 0.5rem; align-items: baseline; margin: 0.3rem 0; }
.chip { display: inline-flex; gap: 0.35rem; align-items: baseline; padding: 0.15rem 0.6rem; border-radius: 999px; border: 1px solid var(--mlt-border); background: var(--mlt-surface); font-size: 0.88rem; }
.chip .sym { font-weight: 700; }
.chip.good { border-color: var(--mlt-ok); }
.chip.good .sym { color: var(--mlt-ok); }
.chip.bad { border-color: var(--mlt-error); }
.chip.bad .sym { color: var(--mlt-error); }

.legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0.3rem 0 0; padding: 0; list-style: none; font-size: 0.82rem; color: var(--mlt-muted); }
.legend li { display: inline-flex; align-items: center; gap: 0.35rem; }
.legend span:not(.swatch) { color: var(--mlt-text); }
.swatch { display: inline-block; width: 20px; height: 0; border-top: 3px solid currentColor; }
.swatch.dashed { border-top-style: dashed; border-top-width: 2px; }
.swatch.dot { width: 9px; height: 9px; border: 0; border-radius: 50%; background: currentColor; }
.swatch.area { height: 11px; border: 0; background: var(--mlt-band); border-radius: 2px; }
.swatch.box { width: 14px; height: 11px; border: 2px solid var(--mlt-pick); }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

export const matrixWidgetStyles = [
  base,
  plotFrameStyles,
  logSliderStyles,
  matrixEditorStyles,
  heatmapStyles,
  integerSliderStyles,
  matrixTableStyles,
].join('\n');
