// The rules <mathlet-cur-retrieval> adds to the shared matrix-widget stylesheet (and those of the
// line plots' markers, the sliders and the lazy panels).
import { lazyDisclosureStyles } from '../parts/lazy-disclosure.js';
import { logLinePlotStyles } from '../parts/log-line-plot.js';
import { seedControlsStyles } from '../parts/seed-controls.js';
import { steppedSliderStyles } from '../parts/stepped-slider.js';
import { widgetBodyStyles } from '../parts/widget-body.js';

export const curRetrievalStyles = `
${logLinePlotStyles}
${lazyDisclosureStyles}
${steppedSliderStyles}
${widgetBodyStyles}
.panel h4 { margin: 0.8rem 0 0.1rem; font-size: 0.88rem; }
.panel .control, .panel .integer-slider, .panel .log-slider, .panel .stepped-slider { margin: 0.45rem 0; }
.panel .control { display: flex; flex-direction: row; flex-wrap: wrap; align-items: center; gap: 0.2rem 0.6rem; }
.panel .control label { font-weight: 600; font-size: 0.88rem; }
.panel .control select { max-width: 100%; }
.check { display: flex; align-items: center; gap: 0.4rem; margin: 0.45rem 0; font-size: 0.88rem; font-weight: 600; cursor: pointer; }
.menus { display: flex; flex-wrap: wrap; gap: 0 1.2rem; }
${seedControlsStyles}
.meter { margin: 0.2rem 0 0.6rem; }
.meter h4 { margin: 0 0 0.2rem; }
.meter-line { margin: 0.15rem 0; font-size: 0.85rem; }
.meter-bar { height: 10px; border-radius: 5px; background: var(--mlt-band); overflow: hidden; margin: 0.3rem 0; }
.meter-fill { display: block; height: 100%; background: var(--mlt-accent); }
.readout { font-size: 0.85rem; }
.scatter-points { position: absolute; left: 0; top: 0; width: 100%; pointer-events: none; }
.legend .c1 { color: var(--mlt-c1); } .legend .c2 { color: var(--mlt-c2); } .legend .c3 { color: var(--mlt-c3); }
.legend .c4 { color: var(--mlt-c4); } .legend .c5 { color: var(--mlt-c5); } .legend .c6 { color: var(--mlt-c6); }
.legend li.current { font-weight: 700; }
.legend .b-random { color: var(--mlt-floor); } .legend .b-de4 { color: var(--mlt-muted); } .legend .b-de6 { color: var(--mlt-text); }
.legend .exhaustive { color: var(--mlt-error); }
.legend .dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 0.3rem; vertical-align: middle; }
.legend .anchor .dot { border: 2px solid var(--mlt-c1); width: 7px; height: 7px; }
.legend .truth .dot { background: var(--mlt-error); }
.legend .item .dot { background: var(--mlt-muted); opacity: 0.5; }
.dip-plots { display: grid; gap: 0.6rem 1.2rem; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 640px) { .dip-plots { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
table.rules { border-collapse: collapse; font-size: 0.88rem; margin-top: 0.4rem; max-width: 100%; }
table.rules th, table.rules td { text-align: left; padding: 0.2rem 0.8rem 0.2rem 0; border-bottom: 1px solid var(--mlt-grid); }
table.rules tr.flagged td { color: var(--mlt-error); }
.flag { white-space: nowrap; }
`;
