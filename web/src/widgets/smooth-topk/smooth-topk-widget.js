// <mathlet-smooth-topk>: the implementation, loaded when the element nears the viewport.
// The reader edits the scores x (bars or fields, plus optional ±∞ scores), k (any real from 0 to
// n: field, buttons, slider) and the temperature tau (log slider). It speaks English or Chinese,
// following the nearest lang attribute (smooth-topk-text.js), and switches live.
//
// What runs where (measured in Chromium at the widget's limits: 10 scores spread over ±5e3,
// tau = 0.001, k = 5, each method in focus; the e2e test smooth-topk-language prints the figures.
// They were taken on a 2-core machine shared with other test runs, so the minimum is the cost and
// the median includes waiting):
//  - main thread, on every change: the hard top-k outline and all eight methods once (9 or 10 core
//    calls). One call: 0.01 to 0.09 ms at best, medians up to 0.15 ms (ThreTopK piecewise); all of
//    them 0.54 ms at best, median 1.6 ms; so the bars and readouts follow a drag at once;
//  - main thread too: the threshold equation F(λ) = k of the method in focus, sampled at 100 to 170 λ
//    (one O(n) residual call each), and its Jacobian (one call): with the eight methods, 0.7 ms at
//    best, median 1.6 ms in Chromium (smooth-topk-language's figures, taken after they were added);
//  - worker (fan-sweep.js, the shared core worker of parts/background-core.js): the temperature
//    fan, 61 calls of the method in focus. At the medians per call that is 2.5 to 8 ms of wasm per
//    sweep (ThreTopK sigmoid's Newton iteration and the piecewise scan the dearest), over the 4 ms a
//    frame can spare, so it moved. Until it arrives the fan shows the current outputs as dots and
//    "computing…"; older curves stay, dimmed, never a blank chart. The worker instantiates its
//    own copy of the vector wasm (a second request for the same file).
// Updates of the DOM and the plots are batched into the next animation frame. A change the core
// refuses leaves the last valid state on screen and says why.
//
// The state (smooth-topk-state.js), the core calls (smooth-topk-compute.js) and the view
// (smooth-topk-view.js) are declared to the widget framework (../framework/create-widget.js),
// which does the rest: attributes, permalink, status line, frame batching, events, teardown.
import { load } from '../../core/index.js';
import { createWidget } from '../framework/create-widget.js';
import { el } from '../parts/create-element.js';
import { permalinkStyles } from '../parts/permalink.js';
import { fanSweep } from './fan-sweep.js';
import { message, sayList, sayNodes } from './message-nodes.js';
import { createTopkEvaluate } from './smooth-topk-compute.js';
import { smoothTopkNumpy } from './smooth-topk-numpy.js';
import { attributes, normalize, permalinkFields, readState, results } from './smooth-topk-state.js';
import { smoothTopkStyles } from './smooth-topk-styles.js';
import { smoothTopkText } from './smooth-topk-text.js';
import { smoothTopkView } from './smooth-topk-view.js';

export const mount = createWidget({
  name: 'smooth-topk',
  text: smoothTopkText,
  styles: [smoothTopkStyles, permalinkStyles],
  load: async () => {
    const core = await load({ include: ['vector'] });
    // The fan's sweeps go to the shared core worker, started now.
    return { evaluate: createTopkEvaluate(core), sweep: fanSweep() };
  },
  attributes,
  readState,
  permalink: permalinkFields,
  numpy: smoothTopkNumpy,
  normalize,
  evaluate: (state, resources) => resources.evaluate(state),
  results,
  messages: {
    // Problems and refusals are messages (message-nodes.js): said as nodes, numbers protected.
    ignored: (problems, language) =>
      sayNodes(language, message('problems.ignored', { problems: el('span', {}, ...sayList(language, problems)) })),
    rejected: (error, language) =>
      sayNodes(language, message('core.rejected', { message: error instanceof Error ? error.message : String(error) })),
  },
  view: smoothTopkView,
});
