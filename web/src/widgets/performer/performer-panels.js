// The panels of <mathlet-performer> a reader opens below the rest (performer.md §5): P2 "orthogonal
// features", P4 "numerics", P5 "cost" and P6 "causal Performer as an RNN". Each is a disclosure,
// closed at first, whose module is imported only when it is opened (parts/lazy-disclosure.js), so
// the widget's first render and its per-change cost stay those of the panels above.
import { createLazyPanels } from '../parts/lazy-disclosure.js';

const PANELS = [
  { name: 'omegas', load: () => import('./performer-omegas-panel.js'), build: (m, widget) => m.createOmegasPanel(widget) },
  { name: 'numerics', load: () => import('./performer-numerics-panel.js'), build: (m, widget) => m.createNumericsPanel(widget) },
  { name: 'cost', load: () => import('./performer-cost-panel.js'), build: (m, widget) => m.createCostPanel(widget) },
  { name: 'rnn', load: () => import('./performer-rnn-panel.js'), build: (m, widget) => m.createRnnPanel(widget) },
];

/** createPerformerPanels(widget) -> { elements, render(parts), byName } */
export const createPerformerPanels = (widget) => createLazyPanels(widget, PANELS);
