// The panels of <mathlet-entropy-attention> a reader opens below the rest (entropy-invariant-attention.md
// §5): E1 "how concentrated is this row?" and E3 "which factor keeps H fixed?" and E5 "the quick derivation is a floor". Each a disclosure, closed at first, whose module is imported only
// when it is opened (parts/lazy-disclosure.js), so the widget's first render and per-change cost stay
// as they were.
import { createLazyPanels } from '../parts/lazy-disclosure.js';

const PANELS = [
  { name: 'row', load: () => import('./entropy-attention-row-panel.js'), build: (m, widget) => m.createRowPanel(widget) },
  { name: 'factor', load: () => import('./entropy-attention-factor-panel.js'), build: (m, widget) => m.createFactorPanel(widget) },
  {
    name: 'floor',
    load: () => import('./entropy-attention-floor-panel.js'),
    build: (m, widget, sweep) => m.createFloorPanel(widget, sweep),
  },
];

/** createEntropyPanels(widget, sweep) -> { elements, render(parts), byName }; sweep: the view's sweep job (the floor panel's data). */
export const createEntropyPanels = (widget, sweep) =>
  createLazyPanels(
    widget,
    PANELS.map((spec) => ({ ...spec, build: (m, w) => spec.build(m, w, sweep) })),
  );
