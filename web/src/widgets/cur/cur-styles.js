// The few rules <mathlet-cur> adds to the shared matrix-widget stylesheet.
import { seedControlsStyles } from '../parts/seed-controls.js';
import { widgetBodyStyles } from '../parts/widget-body.js';

export const curStyles = `
${widgetBodyStyles}
.picked-line + .computing { margin-top: 0.3rem; }
.panel .control, .panel .integer-slider { margin: 0.55rem 0; }
${seedControlsStyles}
.picked-line { font-size: 0.86rem; margin: 0.5rem 0 0; }
.picked-line .sym { font-weight: 700; color: var(--mlt-pick); }
.legend .c1 { color: var(--mlt-c1); } .legend .c2 { color: var(--mlt-c2); } .legend .c3 { color: var(--mlt-c3); }
.legend .c4 { color: var(--mlt-c4); } .legend .c5 { color: var(--mlt-c5); }
.cur-maps { display: grid; gap: 0.8rem 1.2rem; grid-template-columns: minmax(0, 1fr); margin-top: 0.5rem; }
@container (min-width: 640px) { .cur-maps { grid-template-columns: repeat(3, minmax(0, 1fr)); } }
`;
