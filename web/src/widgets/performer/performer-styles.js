// The rules <mathlet-performer> adds to the shared matrix-widget stylesheet: the stepped sliders,
// the TV plot's marker, the grouped controls, the three maps with the TV bars, the 2 × 2 histograms, and the panels that
// dim while the worker computes their part.
import { canvasHeatmapStyles } from '../parts/canvas-heatmap.js';
import { lazyDisclosureStyles } from '../parts/lazy-disclosure.js';
import { logLinePlotStyles } from '../parts/log-line-plot.js';
import { steppedSliderStyles } from '../parts/stepped-slider.js';

export const performerStyles = `
${steppedSliderStyles}
${logLinePlotStyles}
${canvasHeatmapStyles}
${lazyDisclosureStyles}
.headline h2 { margin: 0; font-size: 0.95rem; color: var(--mlt-muted); font-weight: 600; }
.headline .chips { margin-top: 0.35rem; }
.chip.current { border-color: var(--mlt-pick); }
.computing { margin: 0 0 0.2rem; font-size: 0.8rem; color: var(--mlt-muted); min-height: 1.2em; }
.computing.failed { color: var(--mlt-error); }
.panel .computing[hidden] { display: block !important; visibility: hidden; }
fieldset { border: 1px solid var(--mlt-grid); border-radius: 8px; margin: 0.5rem 0; padding: 0.2rem 0.7rem 0.4rem; min-width: 0; }
legend { font-weight: 600; font-size: 0.86rem; color: var(--mlt-muted); padding: 0 0.3rem; }
.panel .control, .panel .stepped-slider, .panel .log-slider { margin: 0.5rem 0; }
.checks { display: flex; flex-direction: column; gap: 0.3rem; margin: 0.5rem 0; }
label.check { display: inline-flex; gap: 0.45rem; align-items: center; font-size: 0.88rem; cursor: pointer; }
label.check input { accent-color: var(--mlt-accent); width: 1rem; height: 1rem; margin: 0; }
.seed-row, .pair-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.6rem; margin: 0.5rem 0; }
.seed-row label, .pair-row label { font-weight: 600; font-size: 0.88rem; margin-right: 0.4rem; }
.seed-row .integer-field { width: 7rem; }
.pair-row .integer-field { width: 4.2rem; }
.seed-row .field-error, .pair-row .field-error { display: block; flex-basis: 100%; }
.pair-line { font-size: 0.86rem; margin: 0.2rem 0 0.4rem; }
button.primary { border-color: var(--mlt-accent); color: var(--mlt-accent); font-weight: 600; }
.legend .c1 { color: var(--mlt-c1); } .legend .c2 { color: var(--mlt-c2); } .legend .c3 { color: var(--mlt-c3); }
.legend .guide { color: var(--mlt-muted); }
.legend .pick .swatch { background: var(--mlt-pick); }
.panel[aria-busy=true] .plot-frame { opacity: 0.55; transition: opacity 0.15s 0.15s; }
.maps { display: grid; gap: 0.8rem 1.2rem; grid-template-columns: minmax(0, 1fr); margin-top: 0.4rem; }
@container (min-width: 640px) { .maps { grid-template-columns: repeat(3, minmax(0, 1fr)); } }
.attention-map { margin: 0; min-width: 0; }
.attention-map .map-title { margin: 0 0 0.2rem; font-size: 0.86rem; font-weight: 600; }
.attention-map .map-row { display: flex; gap: 6px; align-items: flex-start; }
.attention-map canvas { display: block; }
.attention-map canvas.map { cursor: crosshair; border: 1px solid var(--mlt-grid); touch-action: pan-y; }
.attention-map .map-note { margin: 0.15rem 0 0; font-size: 0.76rem; color: var(--mlt-muted); min-height: 1.1em; }
.spread-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.4rem 0.8rem; }
@container (max-width: 480px) { .spread-grid { grid-template-columns: minmax(0, 1fr); } }
.spread-title { margin: 0.2rem 0 0; font-size: 0.82rem; font-weight: 600; }
.spread-caption { margin: 0; font-size: 0.76rem; color: var(--mlt-muted); }
.numerics-columns { display: grid; gap: 0.6rem 1rem; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 760px) { .numerics-columns { grid-template-columns: repeat(3, minmax(0, 1fr)); } }
.numerics-column h4 { margin: 0.4rem 0 0.1rem; font-size: 0.88rem; }
.numerics-column .hint { margin: 0 0 0.3rem; }
.numerics-table { border-collapse: collapse; font-size: 0.8rem; width: 100%; font-variant-numeric: tabular-nums; }
.numerics-table th, .numerics-table td { padding: 0.1rem 0.3rem; border-bottom: 1px solid var(--mlt-grid); text-align: left; }
.numerics-table tr.nan td { color: var(--mlt-error); font-weight: 600; }
.numerics-table tr.denormal td { color: var(--mlt-c3); }
.numerics-table tr.below td:last-child { color: var(--mlt-accent); }
.numerics-summary { font-size: 0.78rem; color: var(--mlt-muted); margin: 0.2rem 0 0; }
.numerics-column.bad .numerics-summary { color: var(--mlt-error); }
.numerics-curve h4 { margin: 0.8rem 0 0.1rem; font-size: 0.88rem; }
.numerics-curve-line { font-size: 0.8rem; color: var(--mlt-muted); margin: 0.2rem 0 0; }
.rnn-controls { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; align-items: center; }
.rnn-controls .integer-slider { flex: 1 1 16rem; }
.rnn-grid { display: grid; gap: 0.6rem 1rem; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 640px) { .rnn-grid { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
.rnn-grid h4 { margin: 0 0 0.15rem; font-size: 0.86rem; }
.rnn-outputs { font-size: 0.8rem; border-collapse: collapse; margin-top: 0.4rem; }
.rnn-outputs caption { text-align: left; font-weight: 600; font-size: 0.84rem; padding-bottom: 0.2rem; }
.rnn-outputs th, .rnn-outputs td { padding: 0.1rem 0.5rem 0.1rem 0; text-align: left; font-weight: normal; }
.rnn-flash.flashing { animation: rnn-flash 0.8s ease-out; }
@keyframes rnn-flash { from { background: var(--mlt-pick); color: var(--mlt-panel); } }
@media (prefers-reduced-motion: reduce) { .rnn-flash.flashing { animation: none; border-color: var(--mlt-pick); } }
.legend .c4 { color: var(--mlt-c4); }
.cost-grid { display: grid; gap: 0.6rem 1.2rem; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 640px) { .cost-grid { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
.cost h4 { margin: 0.5rem 0 0.1rem; font-size: 0.88rem; }
.cost-line { font-size: 0.8rem; color: var(--mlt-muted); margin: 0.2rem 0; }
.memory { display: grid; gap: 0.3rem; max-width: 40rem; }
.memory-row { display: grid; grid-template-columns: minmax(0, 11rem) minmax(4rem, 1fr) auto; gap: 0.6rem; align-items: center; font-size: 0.82rem; }
.memory .bar { display: block; height: 0.8rem; background: var(--mlt-band); border-radius: 3px; overflow: hidden; }
.memory .bar-fill { display: block; height: 100%; background: currentColor; }
.memory .bar-fill.c1 { color: var(--mlt-c1); } .memory .bar-fill.c2 { color: var(--mlt-c2); }
.omegas-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.8rem; }
.omegas-controls > label { font-weight: 600; font-size: 0.88rem; }
.omegas-controls .stepped-slider, .omegas-controls .log-slider { flex: 1 1 18rem; }
.omegas-controls .integer-field { width: 7rem; }
.omegas-controls .integer-input label { font-weight: 600; font-size: 0.88rem; margin-right: 0.4rem; }
.omegas-plot { max-width: 440px; }
.estimator h4 { margin: 0.9rem 0 0.3rem; font-size: 0.88rem; }
.estimator h5 { margin: 0.5rem 0 0.1rem; font-size: 0.84rem; font-weight: 600; }
.estimator-line { font-size: 0.8rem; color: var(--mlt-muted); margin: 0.2rem 0 0; }
`;
