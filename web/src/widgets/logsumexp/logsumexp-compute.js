// The core calls of <mathlet-logsumexp>, all on the main thread (the measured costs are in
// logsumexp-widget.js's top comment). Each is recorded as a performance measure
// ("mathlet-logsumexp core", detail { call, n }) that the browser tests check.
import { Refusal } from '../framework/refusal.js';
import { subscript } from '../parts/number-text.js';
import { weights } from './logsumexp-state.js';
import { tauSamples } from './tau-plot.js';

const TAUS = tauSamples();
const SEGMENT_SAMPLES = 101;
const SURFACE_SIDE = 49;

// A vector entry that overflowed to ±inf while typing is refused with the widget's own message.
function refuseNotFinite(vector, symbol) {
  const overflowed = vector.findIndex((a) => !Number.isFinite(a));
  if (overflowed >= 0) throw new Refusal((language) => language.t('status.notFinite', { name: `${symbol}${subscript(overflowed + 1)}` }));
}

/**
 * Every change: one lseBounds call, which also tells whether the core accepts the input; with y
 * and mix it also gives R7 and R8 for the pair (result.pair).
 */
export function evaluate(state, { core }) {
  refuseNotFinite(state.x, 'x');
  refuseNotFinite(state.y, 'y');
  const start = performance.now();
  const result = core.lseBounds(state.x, { tau: state.tau, t: state.t, p: weights(state), y: state.y, mix: state.mix });
  performance.measure('mathlet-logsumexp core', { start, detail: { call: 'lseBounds', n: state.x.length } });
  return { result };
}

/**
 * createTauCurve(core) -> curveFor(x): [{ tau, lse }] over the plotted temperatures. The curve
 * depends on x alone: computed when a frame is drawn for a new x (so several changes within one
 * frame cost one curve), reused while tau, p or t move.
 */
export function createTauCurve(core) {
  let curve = { x: null, points: [] };
  return (x) => {
    if (curve.x === x) return curve.points;
    const start = performance.now();
    curve = { x, points: TAUS.map((tau) => ({ tau, lse: core.logsumexp(x, { tau }) })) };
    performance.measure('mathlet-logsumexp core', { start, detail: { call: 'curve', n: x.length, samples: TAUS.length } });
    return curve.points;
  };
}

/** λx + (1 − λ)y, entry by entry, with the ends exact (as the core's R8 computes it). */
export function blend(lambda, x, y) {
  if (lambda === 1) return [...x];
  if (lambda === 0) return [...y];
  return x.map((a, i) => lambda * a + (1 - lambda) * y[i]);
}

/**
 * createSegmentCurve(core) -> curveFor(x, y, tau): [{ lambda, lse }], lse_tau at λx + (1 − λ)y for
 * 101 values of λ in [0, 1] (the convexity view, R8). The core has no batched logsumexp, so this is
 * 101 calls; reused while x, y and tau stay (a move of λ or an edit of p costs nothing here).
 */
export function createSegmentCurve(core) {
  let curve = { x: null, y: null, tau: null, points: [] };
  return (x, y, tau) => {
    if (curve.x === x && curve.y === y && curve.tau === tau) return curve.points;
    const start = performance.now();
    const points = Array.from({ length: SEGMENT_SAMPLES }, (_, k) => {
      const lambda = k / (SEGMENT_SAMPLES - 1);
      return { lambda, lse: core.logsumexp(blend(lambda, x, y), { tau }) };
    });
    curve = { x, y, tau, points };
    performance.measure('mathlet-logsumexp core', { start, detail: { call: 'segment', n: x.length, samples: SEGMENT_SAMPLES } });
    return points;
  };
}

/**
 * The square window of the smooth-max surface around the point (a, b): centred on the diagonal at
 * their mean, wide enough to hold the point with a margin, at least 5 wide. Independent of tau, so
 * that the reader sees the corner round off as tau grows.
 */
export function surfaceWindow(a, b) {
  const centre = a / 2 + b / 2;
  const half = Math.max(2.5, Math.abs(a / 2 - b / 2) + 1);
  return { lo: centre - half, hi: centre + half };
}

/**
 * surfaceGrid(core, a, b, tau) -> { lo, hi (the window shown), from, to (the grid's extent: the
 * window and two cells more on each side, so that level lines leave the window rather than run
 * along its edge), side, u: [grid coordinates], lse, max, gap (row-major Float64Arrays, row j at
 * x₂ = u[j], column i at x₁ = u[i]), point: { a, b, lse, max } }.
 * On a square grid u_i − u_j = (i − j)·step takes only 2·side − 1 values, and by R1's shift rule
 * lse_tau(u_i, u_j) = u_j + lse_tau(u_i − u_j, 0): so 2·side − 1 core calls give all side² values.
 */
export function surfaceGrid(core, a, b, tau) {
  const start = performance.now();
  const { lo, hi } = surfaceWindow(a, b);
  const side = SURFACE_SIDE;
  const step = (hi - lo) / (side - 4);
  const [from, to] = [lo - 2 * step, hi + 2 * step];
  const u = Array.from({ length: side }, (_, i) => from + (i + 0.5) * step);
  const offsets = Array.from({ length: 2 * side - 1 }, (_, k) => core.logsumexp([(k - side + 1) * step, 0], { tau }));
  const lse = new Float64Array(side * side);
  const max = new Float64Array(side * side);
  const gap = new Float64Array(side * side);
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      const at = j * side + i;
      const offset = offsets[i - j + side - 1];
      lse[at] = u[j] + offset;
      max[at] = Math.max(u[i], u[j]);
      gap[at] = offset - Math.max((i - j) * step, 0);
    }
  }
  const point = { a, b, lse: core.logsumexp([a, b], { tau }), max: Math.max(a, b) };
  performance.measure('mathlet-logsumexp core', { start, detail: { call: 'surface', n: 2, samples: 2 * side } });
  return { lo, hi, from, to, side, u, lse, max, gap, point };
}
