// <mathlet-logsumexp>: the implementation, loaded when the element nears the viewport.
// The reader edits x (bars or fields), the temperature tau (log slider), the weights p and the
// Hölder order t; every change goes through one lseBounds call of the wasm core, and the readouts,
// the tau plot and the lower-bound ladder are redrawn in the next animation frame.
// A change the core refuses leaves the last valid state on screen and says why.
// It speaks English or Chinese (logsumexp-text.js), following the nearest lang attribute live.
// The state (logsumexp-state.js), the core calls (logsumexp-compute.js) and the view
// (logsumexp-view.js) are declared to the widget framework (../framework/create-widget.js), which
// does the rest: attributes, permalink, status line, frame batching, events, teardown.
//
// What runs where: everything on the main thread, no worker. Measured in Chromium (SIMD build, the
// 2-core test machine) at the widget's own limits: 12 entries (MAX_COMPONENTS), near ±1e300 or all
// tied, tau anywhere in [1e-3, 1e3]:
// - lseBounds, once per change: 0.02 ms median (0.1 ms at the 90th percentile) in a bare loop;
//   inside the widget, with about 25 other busy processes on the machine, 0.3 ms median and 1.6 ms
//   at the 90th percentile;
// - the tau curve, 145 logsumexp calls, only when a frame is drawn for a new x: 0.3 ms median
//   (0.16 ms at best) in a bare loop; 0.7 to 1.6 ms median inside the widget under that load
//   (its rare samples of tens of ms were the scheduler's, not the work's).
// Both stay well inside a frame, so a worker's round trip would only make the curve trail the
// bars. The cost of an update is drawing the four plots, which has to happen here anyway.
// The core work is recorded as performance measures ("mathlet-logsumexp core", detail { call, n })
// that the tests check (no worker, the curve only for a new x) and report.
import { load } from '../../core/index.js';
import { createWidget } from '../framework/create-widget.js';
import { permalinkStyles } from '../parts/permalink.js';
import { logsumexpStyles } from './logsumexp-styles.js';
import { evaluate } from './logsumexp-compute.js';
import { attributes, normalize, permalinkFields, readState, results } from './logsumexp-state.js';
import { logsumexpNumpy } from './logsumexp-numpy.js';
import { logsumexpText } from './logsumexp-text.js';
import { logsumexpView } from './logsumexp-view.js';
import { withAttributeNames } from './widget-attributes.js';

export const mount = createWidget({
  name: 'logsumexp',
  text: logsumexpText,
  styles: [logsumexpStyles, permalinkStyles],
  load: async () => ({ core: await load({ include: ['vector'] }) }),
  attributes,
  readState,
  permalink: permalinkFields,
  numpy: logsumexpNumpy,
  normalize,
  evaluate,
  results,
  messages: {
    // An attribute's problems are functions of the language (widget-attributes.js).
    ignored: (problems, language) =>
      language.t('problems.ignored', {
        problems: problems.map((problem) => problem(language)).join(language.t('problems.separator')),
      }),
    rejected: (error, language) => language.t('core.rejected', { message: error instanceof Error ? error.message : String(error) }),
    format: withAttributeNames,
  },
  view: logsumexpView,
});
