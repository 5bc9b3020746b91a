// <mathlet-performer>: the implementation, loaded when the element nears the viewport.
// Softmax attention against its Performer (FAVOR+) estimate (shared/math/performer.md §5,
// widget P3, with P1's histograms and angle plot for one pair): the reader sets the inputs (n,
// d, the sharpness σ = the logit standard deviation, a preset, a seed), the random features (m, the
// feature map, orthogonal or i.i.d., causal, a feature seed) and a query-key pair; the state lives
// in the attributes and the URL (a permalink), in English or Chinese (performer-text.js).
//
// What runs where (Chromium on the 2-core test machine; performer-widget.test.js reports them):
//   main thread  per change at the defaults (n = 128, d = 32, m = 128): the softmax weights, a feature
//                draw, P̂ with its TV (one performerAttentionMatrix call) and the angle curves, about
//                5 ms of core calls ('mathlet-performer main-thread core'; 2 to 3 ms in Node on an idle
//                machine), and a render of 8 to 15 ms ('mathlet-performer render': three canvases,
//                and the two plots whose data changed), measured with the machine at a load of 3 to
//                4. Above n²·M = 128²·512 the matrices come from the worker behind a "computing…"
//                line, and the last ones stay on screen meanwhile.
//   worker       the mean TV against m for every feature map (about 50 matrix calls on at most 128
//                rows: 0.3 s at the defaults, seconds at n = 512, filling in m by m) and the 4 × 4096
//                draws of the histograms (about 1 s at the defaults, fewer draws for large m·d).
//
// The state (performer-state.js), the core calls (performer-compute.js) and the view
// (performer-view.js) are declared to the widget framework (../framework/create-widget.js).
import { load } from '../../core/index.js';
import { createWidget } from '../framework/create-widget.js';
import { backgroundCore } from '../parts/background-core.js';
import { matrixWidgetStyles } from '../parts/matrix-widget-styles.js';
import { permalinkStyles } from '../parts/permalink.js';
import { createPerformerEvaluate } from './performer-compute.js';
import { performerNumpy } from './performer-numpy.js';
import { attributes, normalize, permalinkFields, readState } from './performer-state.js';
import { performerStyles } from './performer-styles.js';
import { performerText } from './performer-text.js';
import { performerView } from './performer-view.js';

const messageOf = (error) => (error instanceof Error ? error.message : String(error));

export const mount = createWidget({
  name: 'performer',
  text: performerText,
  styles: [matrixWidgetStyles, permalinkStyles, performerStyles],
  load: async () => {
    const core = await load({ include: ['attention'] });
    const { evaluate, remember } = createPerformerEvaluate(core);
    // The worker starts now and is awaited when the curves, the histograms or large matrices are asked for.
    // `core` is for the panels a reader opens (performer-panels.js), which compute on the main thread.
    return { core, evaluate, remember, background: backgroundCore(['attention']) };
  },
  attributes,
  readState,
  normalize,
  permalink: permalinkFields,
  numpy: performerNumpy,
  evaluate: (state, resources) => resources.evaluate(state),
  // The state and the matrices on screen (while the worker computes large ones, the last: `pending`).
  results: (state, { matrices, pending, scale }) => ({
    inputs: state.inputs,
    n: state.n,
    d: state.d,
    sharpness: state.sharpness,
    scale,
    m: state.m,
    kind: state.kind,
    orthogonal: state.orthogonal,
    causal: state.causal,
    seed: state.seed,
    featureSeed: state.featureSeed,
    row: state.row,
    key: state.key,
    meanTv: matrices?.meanTv ?? null,
    maxTv: matrices?.maxTv ?? null,
    negatives: matrices?.negatives ?? null,
    pending,
  }),
  messages: {
    ignored: (problems, { t }) => t('problems.ignored', { problems: problems.map((p) => p(t)).join(t('problems.separator')) }),
    rejected: (error, { t }) => t('status.kept', { problem: t('core.rejected', { message: messageOf(error) }) }),
  },
  view: performerView,
});
