// The few rules <mathlet-cr> adds to the shared matrix-widget stylesheet.
import { seedControlsStyles } from '../parts/seed-controls.js';
import { widgetBodyStyles } from '../parts/widget-body.js';

export const crStyles = `
${widgetBodyStyles}
.panel .control, .panel .integer-slider { margin: 0.55rem 0; }
${seedControlsStyles}
.legend .c1 { color: var(--mlt-c1); } .legend .c2 { color: var(--mlt-c2); } .legend .c3 { color: var(--mlt-c3); }
.legend .pick .swatch { background: var(--mlt-pick); }
.legend .bar .swatch { background: var(--mlt-bar); }
.factor-maps, .product-maps { display: grid; gap: 0.8rem 1.2rem; grid-template-columns: minmax(0, 1fr); margin-top: 0.5rem; }
.stack { display: grid; gap: 1rem; align-content: start; min-width: 0; }
.subsets { width: 100%; border-collapse: collapse; margin-top: 0.3rem; font-size: 0.86rem; }
.subsets th, .subsets td { text-align: left; padding: 0.22rem 0.45rem; border-top: 1px solid var(--mlt-grid); vertical-align: baseline; }
.subsets thead th { color: var(--mlt-muted); font-weight: 600; border-top: 0; font-size: 0.8rem; }
.subsets td.num { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
.subsets td.kept { font-variant-numeric: tabular-nums; white-space: nowrap; }
.subsets .note { display: block; color: var(--mlt-muted); font-weight: 400; font-size: 0.76rem; }
.subsets tr.unavailable th .name { color: var(--mlt-muted); }
.subsets tfoot th { font-weight: 400; color: var(--mlt-muted); }
.subsets tfoot td { font-weight: 600; }
.subsets tbody th { min-width: 8rem; }
.subsets .keep-field { width: 6.5rem; max-width: 100%; }
.subsets .keep-input .field-error { display: block; white-space: normal; max-width: 12rem; }
.table-scroll { overflow-x: auto; }
@container (max-width: 480px) {
  .subsets { font-size: 0.8rem; }
  .subsets th, .subsets td { padding: 0.2rem 0.3rem; }
  .subsets .keep-field { width: 4.2rem; }
}
@container (min-width: 640px) {
  .product-maps { grid-template-columns: repeat(3, minmax(0, 1fr)); }
}
`;
