// <mathlet-logsumexp>: the implementation, loaded when the element nears the viewport.
// The reader edits x (bars or fields), the temperature tau (log slider), the weights p, the
// Hölder order t, a second vector y and the mixing weight λ (attribute and link field `mix`); every
// change goes through one lseBounds call of the wasm core, and the readouts, the tau plot, the
// lower-bound ladder and the pair views (R7, R8, the 2-D smooth maximum, naive against stable)
// that the change concerns are redrawn in the next animation frame.
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
// - the pair views' core work (lipschitz-view.js, convexity-view.js, smooth-max-surface.js,
//   numerics-panel.js): R7 and R8 come with the same lseBounds call (y and mix); the R8 segment is
//   101 logsumexp calls for a new x, y or tau, 0.2 to 0.6 ms median inside the widget under that
//   load; the smooth-max surface is 98 calls of n = 2 (R1's shift rule turns a 49 × 49 grid into
//   97 differences) for a new x₁, x₂ or tau, 0.6 ms median; the naive sums are plain JS, 0.1 ms.
// Both stay well inside a frame, so a worker's round trip would only make the curve trail the
// bars. The cost of an update is drawing the plots, which has to happen here anyway; so each view
// draws only when its own inputs changed (y and λ redraw only R7 and R8; p and t only the ladder),
// and the pair views only while they are near the screen (on-screen.js): editing x or tau at the
// top of the widget draws nothing below it. Measured under the same load (medians, "mathlet-
// logsumexp view" measures): R7 panel 6 ms, R8 panel 6 to 7 ms, the surface 30 to 35 ms (three
// contour layers; the largest single cost, paid only while it is on screen and tau or x₁, x₂
// move), numerics 0.1 ms; a whole render for an edit of y 13 ms, of x 17 to 33 ms (as before).
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
