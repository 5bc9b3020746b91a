// The rules <mathlet-entropy-attention> adds to the shared matrix-widget stylesheet (and those of the seed row and
// the line plots' markers).
import { lazyDisclosureStyles } from '../parts/lazy-disclosure.js';
import { logLinePlotStyles } from '../parts/log-line-plot.js';
import { seedControlsStyles } from '../parts/seed-controls.js';
import { widgetBodyStyles } from '../parts/widget-body.js';

export const entropyAttentionStyles = `
${logLinePlotStyles}
${lazyDisclosureStyles}
${seedControlsStyles}
${widgetBodyStyles}
.panel .control, .panel .integer-slider, .panel .log-slider { margin: 0.5rem 0; }
.panel .hint { margin-top: 0.1rem; }
.presets { display: flex; flex-wrap: wrap; gap: 0.35rem; margin: 0.3rem 0 0.5rem; }
.pair { display: flex; flex-wrap: wrap; gap: 0.2rem 1.4rem; align-items: flex-start; }
.pair > * { flex: 1 1 14rem; min-width: 0; }
.legend .c1 { color: var(--mlt-c1); } .legend .c2 { color: var(--mlt-c2); } .legend .c3 { color: var(--mlt-c3); }
.legend .c4 { color: var(--mlt-c4); } .legend .c5 { color: var(--mlt-c5); } .legend .ceiling { color: var(--mlt-floor); }
.chip.solver { border-color: var(--mlt-c3); } .chip.loop { border-color: var(--mlt-error); }
.halves { display: grid; gap: 0.6rem 1.2rem; grid-template-columns: minmax(0, 1fr); margin-top: 0.4rem; }
@container (min-width: 640px) {
  .halves { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
.row-panel #row-z { width: 100%; }
.control.inline { flex-direction: row; align-items: center; gap: 0.4rem; font-weight: 400; font-size: 0.88rem; cursor: pointer; }
`;
