// The rules <mathlet-performer> adds to the shared matrix-widget stylesheet: the stepped sliders,
// the TV plot's marker, the grouped controls, the three maps with the TV bars, the 2 × 2 histograms, and the panels that
// dim while the worker computes their part.
import { logLinePlotStyles } from '../parts/log-line-plot.js';
import { steppedSliderStyles } from '../parts/stepped-slider.js';

export const performerStyles = `
${steppedSliderStyles}
${logLinePlotStyles}
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
`;
