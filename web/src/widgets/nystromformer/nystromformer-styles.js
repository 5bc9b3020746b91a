// The rules <mathlet-nystromformer> adds to the shared matrix-widget stylesheet (and those of the canvas
// heatmaps and the line plots' markers).
import { canvasHeatmapStyles } from '../parts/canvas-heatmap.js';
import { lazyDisclosureStyles } from '../parts/lazy-disclosure.js';
import { logLinePlotStyles } from '../parts/log-line-plot.js';
import { seedControlsStyles } from '../parts/seed-controls.js';
import { widgetBodyStyles } from '../parts/widget-body.js';

export const nystromformerStyles = `
${canvasHeatmapStyles}
${logLinePlotStyles}
${lazyDisclosureStyles}
${widgetBodyStyles}
.panel .control, .panel .integer-slider, .panel .log-slider { margin: 0.5rem 0; }
.panel .hint { margin-top: 0.1rem; }
${seedControlsStyles}
.legend .c1 { color: var(--mlt-c1); } .legend .c2 { color: var(--mlt-c2); } .legend .c3 { color: var(--mlt-c3); }
.legend .c4 { color: var(--mlt-c4); }
.nys-maps { display: grid; gap: 0.8rem 1.2rem; grid-template-columns: minmax(0, 1fr); margin-top: 0.5rem; }
.study-controls { display: flex; flex-wrap: wrap; gap: 0.4rem 1.4rem; align-items: center; }
.study-controls .log-slider { flex: 1 1 18rem; }
.nys-study { display: grid; gap: 0.6rem 1.2rem; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 640px) {
  .nys-maps { grid-template-columns: repeat(3, minmax(0, 1fr)); }
  .nys-study { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
.su-controls, .middle-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.8rem; margin: 0.4rem 0; }
.su-controls label { font-weight: 600; font-size: 0.88rem; }
.middle-grid { display: grid; gap: 0.25rem; }
.middle-grid .integer-input { display: flex; flex-direction: column; }
.middle-grid .integer-field { width: 100%; }
.middle-cell { display: flex; align-items: flex-start; gap: 0.15rem; min-width: 0; }
.middle-cell .integer-input { flex: 1 1 auto; min-width: 0; }
.entry-grip { flex: none; display: inline-flex; align-items: center; justify-content: center; width: 1.3rem; min-height: 1.9rem; border-radius: 4px; color: var(--mlt-muted); cursor: ns-resize; touch-action: none; user-select: none; -webkit-user-select: none; }
.entry-grip:hover, .entry-grip.dragging { color: var(--mlt-accent); background: color-mix(in srgb, var(--mlt-accent) 12%, transparent); }
.su-maps { display: grid; gap: 0.6rem 1rem; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); margin-top: 0.4rem; }
.cur-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1rem; margin: 0.4rem 0; }
.cur-tokens { display: flex; flex-wrap: wrap; align-items: center; gap: 0.2rem 0.5rem; flex: 1 1 20rem; }
.cur-tokens label { font-weight: 600; font-size: 0.88rem; }
.cur-tokens input { flex: 1 1 12rem; min-width: 8rem; }
.cur-tokens .field-error { flex-basis: 100%; }
.cur-maps { display: grid; gap: 0.6rem 1rem; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); }
.cur-panel label.check { display: inline-flex; gap: 0.45rem; align-items: center; font-size: 0.88rem; cursor: pointer; }
.cur-panel label.check input { accent-color: var(--mlt-accent); width: 1rem; height: 1rem; margin: 0; }
.cur-equal-gap { margin: 0.2rem 0; font-size: 0.88rem; }
.cur-panel h4 { margin: 0.6rem 0 0.1rem; font-size: 0.88rem; }
`;
