// <mathlet-pinv>: the implementation, loaded when the element nears the viewport.
// The reader edits a matrix A (fields, whole-matrix text, presets), the rank tolerance, the route
// and the ridge weight ε; the state lives in the URL (permalink) and the widget speaks English or
// Chinese (the nearest lang attribute, live). A change the core refuses leaves the last valid
// state on screen and says why.
//
// What runs where (pinv-compute.js). Measured in Chromium at the widget's limit, a 6 x 6 matrix
// (random, Hilbert, graded from 1e-15 to 1e3, entries up to 1e150), on the project's 2-core test
// machine while parallel test runs kept its load average near 25:
// - main thread, every change: pinv by SVD, the chosen route (Jacobi, COD or the eigen route), the
//   four Penrose residuals, the ridge point and the naive R_ε at the current ε. Each call takes
//   0.006-0.04 ms (fastest batch of 50) and 0.02-0.3 ms median inside the widget; single samples
//   of 25-50 ms happened only when the page was preempted. Typing and dragging stay immediate.
// - worker (parts/background-core.js), when A changes: the ridge curve, 89 values of ε in one
//   call. 0.6-1.0 ms at best but 1.3-10 ms median under that load (up to 90 times a single call),
//   past the 4 ms budget; the page's round trip: 7 ms at best, 150 ms median under load. Until the
//   answer comes the previous curve stays, faded, with a "computing…" badge; an answer for an
//   older matrix is dropped (the framework's newest-wins scheduler). The first curve is awaited before the widget shows.
// - one render (DOM and the Observable Plot charts): 7 ms at best, 43 ms median under load; the
//   singular-value chart is redrawn only when it changes (not while ε is dragged).
//
// The state (pinv-state.js), the core calls (pinv-compute.js) and the view (pinv-view.js) are
// declared to the widget framework (../framework/create-widget.js), which does the rest.
import { load } from '../../core/index.js';
import { createWidget } from '../framework/create-widget.js';
import { backgroundCore } from '../parts/background-core.js';
import { matrixWidgetStyles } from '../parts/matrix-widget-styles.js';
import { permalinkStyles } from '../parts/permalink.js';
import { evaluateNow } from './pinv-compute.js';
import { compose } from './pinv-nodes.js';
import { attributes, fieldsOrAttribute, linkOrAttribute, permalinkFields, readState } from './pinv-state.js';
import { pinvNumpy } from './pinv-numpy.js';
import { pinvStyles } from './pinv-styles.js';
import { pinvText } from './pinv-text.js';
import { pinvView, rejected } from './pinv-view.js';

export const mount = createWidget({
  name: 'pinv',
  text: pinvText,
  styles: [matrixWidgetStyles, pinvStyles, permalinkStyles],
  load: async () => {
    const [core, background] = await Promise.all([load({ include: ['matrix'] }), backgroundCore(['matrix'])]);
    return { core, background };
  },
  attributes,
  readState,
  // The matrix and the preset are one choice: a link naming either decides both (pinv-state.js).
  sources: { mount: linkOrAttribute, restore: fieldsOrAttribute },
  permalink: permalinkFields,
  numpy: pinvNumpy,
  evaluate: (state, { core }) => evaluateNow(core, state),
  results: (state, { shown, residuals }) => ({
    matrix: state.A.map((row) => [...row]),
    route: state.route,
    rtol: state.rtol,
    eps: state.eps,
    rank: shown.rank,
    pinv: { rows: shown.pinv.rows, cols: shown.pinv.cols, data: Array.from(shown.pinv.data) },
    residuals: { ...residuals },
  }),
  messages: {
    // The problems are already worded (pinv-presets.js); the framework reads them again after a language switch.
    ignored: (problems, { t }) => compose(t('problems.ignored', { problems: problems.join(t('problems.joiner')) })),
    rejected: (error, language) => rejected(error, language),
    // An attribute or link the core refuses (say the eigen route on entries near 1e300): defaults.
    defaults: (error, language) => rejected(error, language, 'status.defaults'),
  },
  view: pinvView,
});
