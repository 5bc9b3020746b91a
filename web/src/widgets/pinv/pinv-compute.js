// The core calls of <mathlet-pinv> and where they run.
//
// Main thread (evaluateNow): one decomposition per route and a few products, on at most 6 x 6.
// Each call is timed (performance.measure 'mathlet-pinv core <name>', read by the e2e test).
// Worker (createRidgeSweep): the ridge curve, ridgeCurve(A, ε) over the 89 plotted ε, i.e. 89
// naive solves next to one SVD. It only changes with A, so dragging ε or rtol never waits for it.
// Measured figures are in pinv-widget.js's top comment.
import { createLatest } from '../parts/background-core.js';
import { epsSamples } from './ridge-path-plot.js';

export const SWEEP_EPS = epsSamples();

function timed(name, compute) {
  const start = performance.now();
  const value = compute();
  performance.measure(`mathlet-pinv core ${name}`, { start });
  return value;
}

/** ‖X − Y‖_F / ‖Y‖_F (0 when both are 0): how far another route lands from the SVD's A⁺. */
function relativeDifference(x, y) {
  let diff = 0;
  let norm = 0;
  for (let k = 0; k < y.length; k++) {
    diff += (x[k] - y[k]) ** 2;
    norm += y[k] ** 2;
  }
  return norm > 0 ? Math.sqrt(diff / norm) : Math.sqrt(diff);
}

/**
 * Everything but the ridge curve, for state { A, rtol, route, eps }, on the main thread. Throws
 * the core's error when it refuses the input (the widget keeps its last valid state).
 */
export function evaluateNow(core, { A, rtol, route, eps }) {
  const options = rtol === null ? {} : { rtol };
  const svd = timed('pinv', () => core.pinv(A, options));
  let shown = svd;
  if (route === 'eig') shown = timed('pinvEig', () => core.pinvEig(A, options));
  else if (route !== 'bdcsvd') shown = timed(`pinv ${route}`, () => core.pinv(A, { ...options, method: route }));
  const residuals = timed('penroseResiduals', () => core.penroseResiduals(A, shown.pinv));
  const difference = shown === svd ? 0 : relativeDifference(shown.pinv.data, svd.pinv.data);
  const point = timed('ridgeCurve at ε', () => core.ridgeCurve(A, [eps]));
  const naive = timed('ridge naive', () => core.ridge(A, eps, { form: 'naive' }));
  return {
    svd,
    shown,
    residuals,
    difference,
    naive,
    at: {
      stableError: point.stableError[0],
      naiveError: point.naiveError[0],
      exactError: point.exactError[0],
      inverseNorm: point.inverseNorm[0],
    },
  };
}

/**
 * createRidgeSweep(background) -> sweep(A): a promise of ridgeCurve(A, SWEEP_EPS) computed by
 * `background` (backgroundCore() of parts/background-core.js), or of null when a newer sweep
 * overtook it. The round trip is measured as 'mathlet-pinv ridge sweep'.
 */
export function createRidgeSweep(background) {
  const latest = createLatest();
  return async (A) => {
    const start = performance.now();
    const answer = await latest.run(() => background.api.ridgeCurve(A, SWEEP_EPS));
    if (answer) performance.measure('mathlet-pinv ridge sweep', { start });
    return answer ? answer.value : null;
  };
}
