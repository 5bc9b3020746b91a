// <mathlet-grad-clip>: the implementation, loaded when the element nears the viewport.
// Top: the reader drags a 2-D gradient g (in the plane or as bars), or draws one from a law, and
// slides the threshold tau; the core clips it by global norm (direction kept, norm capped) and by
// value (direction turned). Below: a small seeded training run with the same tau (norm trace, clip
// fraction, first-order loss change), the same run with warmup against learning-rate clipping (R4,
// a disclosure, closed at first), and the N^(-1/2) learning-rate sweep for sign-type optimizers.
// It speaks English or Chinese (grad-clip-text.js), following the nearest lang attribute live.
//
// What runs where (measured in Chromium at the widget's limits, SIMD build, 2-core machine; the
// widget test reports the figures again as diagnostics):
// - main thread: clipByGlobalNorm and clipByValue of the 2-vector g, about 0.1 ms per update, so
//   dragging g or tau stays immediate;
// - the shared background worker (parts/background-core.js), never the page's main thread:
//   simulateTraining, 300 steps, 0.6 to 23 ms per run depending on problem, optimizer, eta, c and
//   tau (the softmax problem at eta = 1, tau = 0.01, c = 100 was the slowest), three of them per
//   update of the R4 panel; adamScaleSweep over 20 sizes up to N = 10^5.5, 4 to 95 ms (Gaussian
//   quantiles, the default law, is the slowest). With other builds loading the machine these grew
//   to about 120 and 400 ms.
// While a panel waits for the worker it keeps its previous result, dimmed, with a "computing…" mark;
// at most one request per kind is in flight (framework/newest-wins.js), so a dragged tau never queues stale
// runs. The widget is ready only once its first runs and sweep are drawn, so it never shows an empty
// plot. Updates are drawn once per animation frame.
//
// The state (grad-clip-state.js), the core calls (grad-clip-compute.js) and the view
// (grad-clip-view.js) are declared to the widget framework (../framework/create-widget.js), which
// does the rest: attributes, permalink, status line, frame batching, events, teardown.
import { load } from '../../core/index.js';
import { createWidget } from '../framework/create-widget.js';
import { backgroundCore } from '../parts/background-core.js';
import { permalinkStyles } from '../parts/permalink.js';
import { createClipEvaluate } from './grad-clip-compute.js';
import { gradClipNumpy } from './grad-clip-numpy.js';
import { attributes, permalinkFields, readState, restoreSource, results } from './grad-clip-state.js';
import { gradClipStyles } from './grad-clip-styles.js';
import { gradClipText } from './grad-clip-text.js';
import { gradClipView } from './grad-clip-view.js';

export const mount = createWidget({
  name: 'grad-clip',
  text: gradClipText,
  styles: [gradClipStyles, permalinkStyles],
  load: async () => {
    const [core, background] = await Promise.all([load({ include: ['vector'] }), backgroundCore(['vector'])]);
    return { evaluate: createClipEvaluate(core), worker: background.api };
  },
  attributes,
  readState,
  sources: { restore: restoreSource },
  permalink: permalinkFields,
  numpy: gradClipNumpy,
  evaluate: (state, resources) => resources.evaluate(state),
  results,
  messages: {
    // An attribute's problems are functions of the language (clip-attributes.js).
    ignored: (problems, language) =>
      language.t('problems.ignored', { problems: problems.map((problem) => problem(language)).join(language.t('list.problems')) }),
    rejected: (error, language) => language.t('core.rejected', { message: error instanceof Error ? error.message : String(error) }),
  },
  view: gradClipView,
});
