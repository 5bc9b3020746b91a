// The core calls of <mathlet-cr> and where they run (the measured costs are in cr-widget.js's top
// comment). Main thread: the estimate at the current r, and per pair of factors the exact
// product, the rank-one expectations and the SVD floors, and per r (or pick) the selection rules
// with their refits, timed as 'mathlet-cr main-thread core'.
// Worker: the error-versus-r curves, rank by rank.
import { subsetRows } from './cr-subsets.js';

const asMatrix = (rows) => ({ rows: rows.length, cols: rows[0].length, data: Float64Array.from(rows.flat()) });
const transpose = (Y) => Y[0].map((_, b) => Y.map((row) => row[b]));

// A core call on the main thread, timed so tests can report the worst case.
function timed(f) {
  const start = performance.now();
  try {
    return f();
  } finally {
    performance.measure('mathlet-cr main-thread core', { start });
  }
}

// What depends on the factors alone: the exact product, the sampling probabilities, the rank-one
// expected errors and the SVD floor at every r (so the plot's range is fixed at once).
function baseFor(core, { X, Y }) {
  const l = X[0].length;
  const exact = timed(() => core.crMatmul(X, Y, l, { sampling: 'top' }));
  const opt1 = timed(() => core.crMatmul(X, Y, 1, { sampling: 'optimal', seed: 0 }));
  const uni1 = timed(() => core.crMatmul(X, Y, 1, { sampling: 'uniform', seed: 0 }));
  const sigma = timed(() => core.singularValues(exact.approx));
  const floors = Array.from({ length: l }, (_, k) => sigma.slice(k + 1).reduce((sum, s) => sum + s * s, 0));
  return {
    X: asMatrix(X),
    Y: asMatrix(Y),
    Yt: asMatrix(transpose(Y)),
    l,
    product: exact.approx,
    probabilities: opt1.probabilities,
    expOpt1: opt1.expectedError,
    expUni1: uni1.expectedError,
    floors,
  };
}

const samplingOptions = (s) => (s.sampling === 'top' ? { sampling: 'top' } : { sampling: s.sampling, seed: s.seed });

const sameSubsetsInput = (a, b) => a.preset === b.preset && a.r === b.r && a.keep.join() === b.keep.join();

/**
 * createCrEvaluate(core) -> evaluate(state) -> { base, current, subsets }: the estimate for the
 * state; the factors' base, computed again only when the preset changes; the selection rules and
 * refits at r (cr-subsets.js), again only when the preset, r or the reader's pick change. Throws
 * the core's refusal.
 */
export function createCrEvaluate(core) {
  let last = { state: null, base: null, subsets: null };
  return (state) => {
    const previous = last.state;
    const base = previous?.preset === state.preset ? last.base : baseFor(core, state.preset);
    const current = timed(() => core.crMatmul(state.preset.X, state.preset.Y, state.r, samplingOptions(state)));
    const subsets =
      previous && sameSubsetsInput(previous, state) ? last.subsets : timed(() => subsetRows(core, state.preset, state.r, state.keep));
    last = { state, base, subsets };
    return { base, current, subsets };
  };
}

/** The curves' rows before the worker answers: the exact expectations and the floor at every r. */
export function curveRows({ l, expOpt1, expUni1, floors }) {
  return Array.from({ length: l }, (_, k) => ({ r: k + 1, expOpt: expOpt1 / (k + 1), expUni: expUni1 / (k + 1), floor: floors[k] }));
}

/**
 * curveSweep(background)(input, { stale }): fills input.rows rank by rank from the worker (top-r,
 * one optimal and one uniform draw), calling input.onRow() after each; stops after the current rank
 * when a newer input waits (the scheduler's stale()). Resolves 'done' or 'abandoned'.
 */
export function curveSweep(background) {
  return async ({ X, Y, seed, rows, onRow }, { stale }) => {
    const { api } = await background;
    for (const row of rows) {
      if (stale()) return 'abandoned';
      const [top, opt, uni] = await Promise.all([
        api.crMatmul(X, Y, row.r, { sampling: 'top' }),
        api.crMatmul(X, Y, row.r, { sampling: 'optimal', seed }),
        api.crMatmul(X, Y, row.r, { sampling: 'uniform', seed }),
      ]);
      if (stale()) return 'abandoned';
      Object.assign(row, { top: top.error, opt: opt.error, uni: uni.error });
      onRow();
    }
    return 'done';
  };
}
