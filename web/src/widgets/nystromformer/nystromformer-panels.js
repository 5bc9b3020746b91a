// The panels of <mathlet-nystromformer> a reader opens below the rest (nystromformer.md §5): N1
// "Su's route, step by step" and N4 "Nyström of S vs Nyströmformer". Each a disclosure, closed at
// first, whose module is imported only when it is opened (parts/lazy-disclosure.js), so the
// widget's first render and per-change cost stay as they were.
import { createLazyPanels } from '../parts/lazy-disclosure.js';

const PANELS = [
  { name: 'su', load: () => import('./nystromformer-su-panel.js'), build: (m, widget) => m.createSuPanel(widget) },
  { name: 'cur', load: () => import('./nystromformer-cur-panel.js'), build: (m, widget) => m.createCurPanel(widget) },
];

/** createNystromPanels(widget) -> { elements, render(parts), byName } */
export const createNystromPanels = (widget) => createLazyPanels(widget, PANELS);
