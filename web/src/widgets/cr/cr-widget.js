// <mathlet-cr>: the implementation, loaded when the element nears the viewport.
// The reader picks a pair of factors (X, Y), the number r of sampled terms, how they are chosen
// and the seed; the state lives in the URL too (a permalink), and the widget speaks English or
// Chinese (cr-text.js), following the nearest lang attribute.
//
// What runs where (Chromium on the 2-core test machine, at the widget's limits: the 12 × 32 · 32 × 12
// factors, r up to l = 32; medians with the machine lightly loaded):
//   main thread  the current estimate CR ≈ XY (one crMatmul call, 0.1-0.5 ms) and, on a change of
//                factors, the exact product, the two rank-one expectations and the singular values of
//                XY for the SVD floor (four more calls of that size), so dragging r redraws in the
//                next frame. The calls are timed as
//                performance measures 'mathlet-cr main-thread core' (lowrank-worker.test.js reports
//                them: median 0.5 ms over 26 calls at load 4).
//   worker       the error-versus-r curves: top-r, one optimal and one uniform draw at every r, i.e.
//                3 l = 96 crMatmul calls (about 0.5 s until drawn at load 4, several seconds on a
//                loaded machine), sent rank by rank to the shared worker of parts/background-core.js.
//                The plot shows the exact expected-error lines and the floor at once (its range is
//                set by them, so the axes stay put) and fills in the rest as the
//                ranks arrive, with a "computing…" line meanwhile; a new seed or new factors abandon
//                the run after its current rank.
//
// The state (cr-state.js), the core calls (cr-compute.js) and the view (cr-view.js) are declared
// to the widget framework (../framework/create-widget.js), which does the rest.
import { load } from '../../core/index.js';
import { createWidget } from '../framework/create-widget.js';
import { backgroundCore } from '../parts/background-core.js';
import { matrixWidgetStyles } from '../parts/matrix-widget-styles.js';
import { permalinkStyles } from '../parts/permalink.js';
import { createCrEvaluate } from './cr-compute.js';
import { crNumpy } from './cr-numpy.js';
import { attributes, permalinkFields, readState } from './cr-state.js';
import { crStyles } from './cr-styles.js';
import { crText } from './cr-text.js';
import { crView } from './cr-view.js';

export const mount = createWidget({
  name: 'cr',
  text: crText,
  styles: [matrixWidgetStyles, permalinkStyles, crStyles],
  load: async () => {
    const core = await load({ include: ['matrix'] });
    // The worker starts now and is awaited by the curves only.
    return { core, evaluate: createCrEvaluate(core), background: backgroundCore(['matrix']) };
  },
  attributes,
  readState,
  permalink: permalinkFields,
  numpy: crNumpy,
  evaluate: (state, resources) => resources.evaluate(state),
  results: (state, { current }) => ({
    preset: state.preset.id,
    r: state.r,
    seed: state.seed,
    sampling: state.sampling,
    error: current.error,
    expectedError: state.sampling === 'top' ? null : current.expectedError,
    floor: current.floor,
  }),
  messages: {
    // A problem is a function of t() (cr-presets.js).
    ignored: (problems, { t }) => t('problems.ignored', { problems: problems.map((p) => p(t)).join(t('problems.separator')) }),
    rejected: (error, { t }) =>
      t('status.kept', { problem: t('core.rejected', { message: error instanceof Error ? error.message : String(error) }) }),
  },
  view: crView,
});
