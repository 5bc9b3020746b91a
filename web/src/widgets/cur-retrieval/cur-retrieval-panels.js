// The panels of <mathlet-cur-retrieval> a reader opens below the rest (cur-retrieval.md §5): X3
// "the dip at k_i = k_q" and X6 "where to put the anchors". Each a disclosure, closed at first, whose
// module is imported only when it is opened (parts/lazy-disclosure.js), so the widget's first render
// and per-change cost stay as they were.
import { createLazyPanels } from '../parts/lazy-disclosure.js';

const PANELS = [
  { name: 'dip', load: () => import('./cur-retrieval-dip-panel.js'), build: (m, widget) => m.createDipPanel(widget) },
  { name: 'rules', load: () => import('./cur-retrieval-rules-panel.js'), build: (m, widget) => m.createRulesPanel(widget) },
];

/** createRetrievalPanels(widget) -> { elements, render(parts), byName } */
export const createRetrievalPanels = (widget) => createLazyPanels(widget, PANELS);
