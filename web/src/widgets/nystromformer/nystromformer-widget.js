// <mathlet-nystromformer>: the implementation, loaded when the element nears the viewport.
// The reader picks the tokens (preset, n, d, temperature τ, seed) and the approximation (m landmarks,
// their rule, the middle matrix and its iterations); the state lives in the URL too (a permalink),
// and the widget speaks English or Chinese (nystromformer-text.js), following the nearest lang
// attribute. See nystromformer-view.js for what it shows and nystromformer.md for the results.
//
// What runs where:
//   main thread  one update: the inputs (kept while preset, n, d and seed stay), S (kept while the
//                scale stays too, with the largest logit), Nyström attention with S-hat and its errors
//                against S: about 1.6 million multiply-adds at n = 128, d = 32, m = 16. Timed as the
//                performance measure 'mathlet-nystromformer main-thread core' (the framework times the
//                drawing as 'mathlet-nystromformer render'); the browser test reports both.
//   worker       past MAIN_THREAD_WORK (nystromformer-compute.js: n = 512, or m = 64 with 30
//                iterations) the same evaluation of a change, in a worker of its own (the attention
//                part), while the last one stays on screen, marked pending;
//                S's singular values (the floor) and the error-against-m sweep, once per (Q, K, scale);
//                the pseudo-inverse study (three iterations for 45 steps, and A's singular values),
//                once per A and start scale. Both through the framework's newest-wins scheduler.
import { load } from '../../core/index.js';
import { createWidget } from '../framework/create-widget.js';
import { backgroundCore } from '../parts/background-core.js';
import { matrixWidgetStyles } from '../parts/matrix-widget-styles.js';
import { permalinkStyles } from '../parts/permalink.js';
import { createNystromEvaluate, floorAt } from './nystromformer-compute.js';
import { nystromformerNumpy } from './nystromformer-numpy.js';
import { attributes, permalinkFields, readState } from './nystromformer-state.js';
import { nystromformerStyles } from './nystromformer-styles.js';
import { nystromformerText } from './nystromformer-text.js';
import { nystromformerView } from './nystromformer-view.js';

export const mount = createWidget({
  name: 'nystromformer',
  text: nystromformerText,
  styles: [matrixWidgetStyles, permalinkStyles, nystromformerStyles],
  load: async () => {
    const core = await load({ include: ['attention'] });
    const { evaluate, evaluateAway, remember, spectrum } = createNystromEvaluate(core);
    return {
      core,
      evaluate,
      remember,
      spectrum,
      // The sweep's worker starts now and is awaited by the first sweep; the evaluations' own worker
      // (which the sweep, busy for seconds after a change of S, cannot hold up) at the first large change.
      background: backgroundCore(['attention', 'matrix']),
      evaluateAway: async (state) => evaluateAway(state, (await backgroundCore(['attention'])).api),
    };
  },
  attributes,
  readState,
  permalink: permalinkFields,
  numpy: nystromformerNumpy,
  evaluate: (state, resources, previous) => resources.evaluate(state, previous),
  // The state, and the numbers on screen: while `pending`, those of the last evaluation (or the floor still to come).
  results: (state, derived) => ({
    ...permalinkFields(state),
    error: derived.errors.relative,
    output: derived.errors.output,
    rowSumDev: derived.errors.rowSumDev,
    negativeMass: derived.errors.negativeMass,
    floor: derived.singularValues === null ? null : floorAt(derived.singularValues, derived.state.m),
    kappaA: derived.nys.kappaA,
    gain: derived.nys.gain,
    pending: derived.pending || derived.singularValues === null,
  }),
  messages: {
    ignored: (problems, { t }) => t('problems.ignored', { problems: problems.map((p) => p(t)).join(t('problems.separator')) }),
    rejected: (error, { t }) =>
      t('status.kept', { problem: t('core.rejected', { message: error instanceof Error ? error.message : String(error) }) }),
  },
  view: nystromformerView,
});
