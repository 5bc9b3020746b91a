// <mathlet-nystromformer>: the implementation, loaded when the element nears the viewport.
// The reader picks the tokens (preset, n, d, temperature τ, seed) and the approximation (m landmarks,
// their rule, the middle matrix and its iterations); the state lives in the URL too (a permalink),
// and the widget speaks English or Chinese (nystromformer-text.js), following the nearest lang
// attribute. See nystromformer-view.js for what it shows and nystromformer.md for the results.
//
// What runs where:
//   main thread  one update: the inputs (kept while preset, n, d and seed stay), S (kept while the
//                scale stays too, with the largest logit), Nyström attention with S-hat and its errors
//                against S: about a million multiply-adds at n = 128, d = 32, m = 16. Timed as the
//                performance measure 'mathlet-nystromformer main-thread core' (the framework times the
//                drawing as 'mathlet-nystromformer render'); the browser test reports both.
//   worker       S's singular values (the floor) and the error-against-m sweep, once per (Q, K, scale);
//                the pseudo-inverse study (three iterations for 45 steps, and A's singular values),
//                once per A and start scale. Both through the framework's newest-wins scheduler.
import { load } from '../../core/index.js';
import { createWidget } from '../framework/create-widget.js';
import { backgroundCore } from '../parts/background-core.js';
import { matrixWidgetStyles } from '../parts/matrix-widget-styles.js';
import { permalinkStyles } from '../parts/permalink.js';
import { createNystromEvaluate } from './nystromformer-compute.js';
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
    const { evaluate, remember, spectrum } = createNystromEvaluate(core);
    // The worker starts now and is awaited by the first sweep.
    return { core, evaluate, remember, spectrum, background: backgroundCore(['attention', 'matrix']) };
  },
  attributes,
  readState,
  permalink: permalinkFields,
  numpy: nystromformerNumpy,
  evaluate: (state, resources) => resources.evaluate(state),
  results: (state, { errors, nys, singularValues }) => ({
    ...permalinkFields(state),
    error: errors.relative,
    output: errors.output,
    rowSumDev: errors.rowSumDev,
    negativeMass: errors.negativeMass,
    floor: singularValues === null ? null : errors.floor,
    kappaA: nys.kappaA,
    gain: nys.gain,
    pending: singularValues === null,
  }),
  messages: {
    ignored: (problems, { t }) => t('problems.ignored', { problems: problems.map((p) => p(t)).join(t('problems.separator')) }),
    rejected: (error, { t }) =>
      t('status.kept', { problem: t('core.rejected', { message: error instanceof Error ? error.message : String(error) }) }),
  },
  view: nystromformerView,
});
