// The core calls of <mathlet-pinv> and where they run.
//
// Main thread (evaluateNow): one decomposition per route and a few products, on at most 6 x 6.
// Each call is timed (performance.measure 'mathlet-pinv core <name>', read by the e2e test).
// Worker (ridgeSweep): the ridge curve, ridgeCurve(A, ε) over the 89 plotted ε, i.e. 89
// naive solves next to one SVD. It only changes with A, so dragging ε or rtol never waits for it.
// Measured figures are in pinv-widget.js's top comment.
import { epsSamples } from './ridge-path-plot.js';

export const SWEEP_EPS = epsSamples();

function timed(name, compute) {
  const start = performance.now();
  const value = compute();
  performance.measure(`mathlet-pinv core ${name}`, { start });
  return value;
}

/**
 * ‖X − Y‖_F / ‖Y‖_F (‖X‖_F when Y is 0): how far another route lands from the SVD's A⁺. Entries are
 * divided by the largest |y| first: A⁺ of a matrix near 1e-200 has entries near 1e200, whose squares
 * overflow (the ratio came out NaN).
 */
function relativeDifference(x, y) {
  const scale = y.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  let diff = 0;
  let norm = 0;
  for (let k = 0; k < y.length; k++) {
    diff += ((x[k] - y[k]) / scale) ** 2;
    norm += (y[k] / scale) ** 2;
  }
  return norm > 0 ? Math.sqrt(diff / norm) : Math.sqrt(diff);
}

/**
 * Everything but the ridge curve, for state { A, rtol, route, eps }, on the main thread. Throws
 * the core's error when it refuses the input (the widget keeps its last valid state).
 */
export function evaluateNow(core, { A, rtol, route, eps }) {
  const options = rtol === null ? {} : { rtol };
  // The widget's reference is the SVD's A⁺, whatever the library's default route.
  const svd = timed('pinv', () => core.pinv(A, { ...options, method: 'bdcsvd' }));
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
 * ridgeSweep(background)(A): a promise of ridgeCurve(A, SWEEP_EPS) computed by `background`
 * (backgroundCore() of parts/background-core.js); the round trip is measured as
 * 'mathlet-pinv ridge sweep'. The widget sends it through its newest-wins scheduler.
 */
export function ridgeSweep(background) {
  return async (A) => {
    const start = performance.now();
    const value = await background.api.ridgeCurve(A, SWEEP_EPS);
    performance.measure('mathlet-pinv ridge sweep', { start });
    return value;
  };
}
