// <mathlet-entropy-attention>: the implementation, loaded when the element nears the viewport.
// The reader picks the attention (gain β, head size d, keys, rows, seed, the base of log n), the JL
// projection (k, ε) and a distribution with a target entropy; the state lives in the URL too (a
// permalink), and the widget speaks English or Chinese (entropy-attention-text.js), following the
// nearest lang attribute. See entropy-attention-view.js for what it shows and
// entropy-invariant-attention.md for the results.
//
// What runs where:
//   main thread  one update: the JL distortion of 2016 pairs at k (kept while k, ε and seed stay),
//                the bounds' required k, and entropy normalization with the article's raw loop
//                (kept while the distribution and target stay): at most a few milliseconds. Timed as
//                'mathlet-entropy-attention main-thread core' (the framework times the drawing as
//                'mathlet-entropy-attention render'); the browser test reports both.
//   worker       the entropy-against-length sweep: Q Kᵀ (rows × 4096) once per draw, then the
//                entropies of five scale rules at 17 lengths for each gain and base.
import { load } from '../../core/index.js';
import { createWidget } from '../framework/create-widget.js';
import { backgroundCore } from '../parts/background-core.js';
import { matrixWidgetStyles } from '../parts/matrix-widget-styles.js';
import { permalinkStyles } from '../parts/permalink.js';
import { createEntropyEvaluate } from './entropy-attention-compute.js';
import { attributes, permalinkFields, readState } from './entropy-attention-state.js';
import { entropyAttentionStyles } from './entropy-attention-styles.js';
import { entropyAttentionText } from './entropy-attention-text.js';
import { entropyAttentionView } from './entropy-attention-view.js';

export const mount = createWidget({
  name: 'entropy-attention',
  text: entropyAttentionText,
  styles: [matrixWidgetStyles, permalinkStyles, entropyAttentionStyles],
  load: async () => {
    const core = await load({ include: ['entropy'] });
    // The worker starts now and is awaited by the first sweep.
    return { core, evaluate: createEntropyEvaluate(core), background: backgroundCore(['entropy']) };
  },
  attributes,
  readState,
  permalink: permalinkFields,
  evaluate: (state, resources) => resources.evaluate(state),
  results: (state, { jl, normal }) => ({
    ...permalinkFields(state),
    withinEps: jl.distortion.withinEps,
    kExact: jl.bounds.kExact,
    gamma: normal.solver.gamma,
    entropy: normal.solver.H,
    loopReversed: normal.loop.reversed,
  }),
  messages: {
    ignored: (problems, { t }) => t('problems.ignored', { problems: problems.map((p) => p(t)).join(t('problems.separator')) }),
    rejected: (error, { t }) =>
      t('status.kept', { problem: t('core.rejected', { message: error instanceof Error ? error.message : String(error) }) }),
  },
  view: entropyAttentionView,
});
