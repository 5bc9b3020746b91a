// <mathlet-cur>: the implementation, loaded when the element nears the viewport.
// The reader picks a matrix M, the rank r, a selection method, the middle matrix and a seed; the
// state lives in the URL too (a permalink), and the widget speaks English or Chinese (cur-text.js),
// following the nearest lang attribute. Heatmaps of M, of CUR and of the error outline the chosen
// rows and columns; the plot compares every method's error with the SVD floor as r grows.
//
// What runs where (Chromium on the 2-core test machine, at the widget's limits: the 28 × 28 picture,
// r up to 28; medians with the machine lightly loaded):
//   main thread  the decomposition for the current choice with leverage scores, pivoted QR, DEIM or
//                uniform selection: one cur() call, 0.1-0.6 ms up to r = 14 and 1.0-1.9 ms at r = 28
//                (the worst case), so dragging r redraws in the next frame. The calls are timed as
//                performance measures 'mathlet-cur main-thread core' (lowrank-worker.test.js reports
//                them: median 3 ms over 21 calls at the limits, load 4).
//   worker       anything brute force or repeated: the max-volume choice (it enumerates every pair of
//                row and column sets: 0.5-1 ms at r = 1 but 28-65 ms at r = 2 on the 20-28 row
//                presets, 300 ms when loaded; timed as 'mathlet-cur max-volume round trip'), and the
//                error-versus-r curves (every method at every r, about 120 cur() calls: about 1 s
//                until drawn at load 4). They go to the shared worker of parts/background-core.js.
//                While the max-volume choice is computed the last decomposition (on first load,
//                DEIM's) stays on screen with a "computing…" line; an answer overtaken by a newer
//                choice is dropped. The curves fill in rank by rank, and a new matrix, seed or middle
//                matrix abandons a run after its current rank.
//
// The state (cur-state.js), the core calls (cur-compute.js) and the view (cur-view.js) are declared
// to the widget framework (../framework/create-widget.js), which does the rest.
import { load } from '../../core/index.js';
import { createWidget } from '../framework/create-widget.js';
import { backgroundCore } from '../parts/background-core.js';
import { matrixWidgetStyles } from '../parts/matrix-widget-styles.js';
import { permalinkStyles } from '../parts/permalink.js';
import { createCurEvaluate } from './cur-compute.js';
import { curNumpy } from './cur-numpy.js';
import { attributes, permalinkFields, readState } from './cur-state.js';
import { curStyles } from './cur-styles.js';
import { curText } from './cur-text.js';
import { curView } from './cur-view.js';

// A problem is a function of t() (cur-presets.js); one marked `kept` (max volume too slow, from a
// link) is worded as a refusal that kept the last decomposition.
function ignored(problems, { t }) {
  const plain = problems.filter((p) => !p.kept);
  if (plain.length === 0) return t('status.kept', { problem: problems[0](t) });
  return t('problems.ignored', { problems: plain.map((p) => p(t)).join(t('problems.separator')) });
}

export const mount = createWidget({
  name: 'cur',
  text: curText,
  styles: [matrixWidgetStyles, permalinkStyles, curStyles],
  load: async () => {
    const core = await load({ include: ['matrix'] });
    const { evaluate, remember } = createCurEvaluate(core);
    // The worker starts now and is awaited when max volume or the curves are needed.
    return { evaluate, remember, background: backgroundCore(['matrix']) };
  },
  attributes,
  readState,
  permalink: permalinkFields,
  numpy: curNumpy,
  evaluate: (state, resources) => resources.evaluate(state),
  // The decomposition on screen (while max volume is computed, the last one: `pending` says so).
  results: (_state, { shown, result, pending }) => ({
    preset: shown.preset.id,
    r: shown.r,
    select: shown.select,
    middle: shown.middle,
    seed: shown.seed,
    rows: Array.from(result.rows),
    cols: Array.from(result.cols),
    error: result.error,
    floor: result.errors.floorSquared,
    pending,
  }),
  messages: {
    ignored,
    rejected: (error, { t }) =>
      t('status.kept', { problem: t('core.rejected', { message: error instanceof Error ? error.message : String(error) }) }),
  },
  view: curView,
});
