// The core calls of <mathlet-cur> and where they run (the measured costs are in cur-widget.js's top
// comment). Main thread: the decomposition for the current choice with a quick method, timed as
// 'mathlet-cur main-thread core'. Worker: the max-volume choice (timed as 'mathlet-cur max-volume
// round trip') and the error-versus-r curves, rank by rank.
import { Refusal } from '../framework/refusal.js';
import { LEVERAGE_METHODS, METHOD_IDS, RANDOM_METHODS, maxVolumeFeasible } from './cur-presets.js';
import { BRUTE_FORCE, maxVolumeAllowed, maxVolumeProblem } from './cur-state.js';

export const asMatrix = (rows) => ({ rows: rows.length, cols: rows[0].length, data: Float64Array.from(rows.flat()) });

// A core call, timed so tests can report the worst case (a promise is timed until it settles).
function timed(name, f) {
  const start = performance.now();
  const done = () => performance.measure(name, { start });
  const value = f();
  if (value instanceof Promise) return value.finally(done);
  done();
  return value;
}

/** The core's options for one selection at rank r: leverage scores from the dominant r singular vectors. */
export const coreOptions = (s, select, r) => ({
  select,
  middle: s.middle,
  ...(RANDOM_METHODS.has(select) ? { seed: s.seed } : {}),
  ...(LEVERAGE_METHODS.has(select) ? { gamma: r } : {}),
});

/** What identifies a max-volume answer (the seed plays no part in it). */
export const maxVolumeKey = (s) => `${s.preset.id}|${s.r}|${s.middle}`;

/**
 * createCurEvaluate(core) -> { evaluate(state) -> derived, remember(state, result) }
 * derived = { shown, M, result, pending }: `shown` is the choice whose decomposition `result` of
 * the matrix M is on screen. A quick method is computed here. Max volume is the worker's: its
 * answer, once remember()ed, is shown; until then the last decomposition stays (on first load,
 * DEIM's for the same matrix and r) with `pending` set. Too slow a max volume is refused.
 */
export function createCurEvaluate(core) {
  let last = null;
  let answer = { key: null, result: null };
  const matrixOf = (preset) => (last?.shown.preset === preset ? last.M : asMatrix(preset.matrix));
  const compute = (s) => {
    const M = matrixOf(s.preset);
    const result = timed('mathlet-cur main-thread core', () => core.cur(M, s.r, coreOptions(s, s.select, s.r)));
    return { shown: s, M, result, pending: false };
  };
  function evaluate(state) {
    let derived;
    if (state.select !== BRUTE_FORCE) derived = compute(state);
    else if (!maxVolumeAllowed(state)) {
      const problem = maxVolumeProblem(state);
      throw new Refusal(({ t }) => t('status.kept', { problem: problem(t) }));
    } else if (answer.key === maxVolumeKey(state))
      derived = { shown: state, M: matrixOf(state.preset), result: answer.result, pending: false };
    else derived = { ...(last ?? compute({ ...state, select: 'deim' })), pending: true };
    last = derived;
    return derived;
  }
  return {
    evaluate,
    remember(state, result) {
      answer = { key: maxVolumeKey(state), result };
    },
  };
}

/** maxVolumeRun(background)(state): the max-volume decomposition of `state`, from the worker. */
export function maxVolumeRun(background) {
  return async (state) => {
    const { api } = await background;
    const M = asMatrix(state.preset.matrix);
    return timed('mathlet-cur max-volume round trip', () => api.cur(M, state.r, coreOptions(state, BRUTE_FORCE, state.r)));
  };
}

/** The curves' rows before the worker answers: the SVD floor at every r from M's singular values. */
export function curveRows(singularValues, maxR) {
  return Array.from({ length: maxR }, (_, k) => ({ r: k + 1, floor: singularValues.slice(k + 1).reduce((sum, x) => sum + x * x, 0) }));
}

/**
 * curveSweep(background)(input, { stale }): fills input.rows from the worker, rank by rank: the
 * quick methods first, then max volume where it is allowed (it takes far longer), calling
 * input.onRow() after each; stops after the current rank when a newer input waits (the
 * scheduler's stale()). Resolves 'done' or 'abandoned'.
 */
export function curveSweep(background) {
  const quick = METHOD_IDS.filter((key) => key !== BRUTE_FORCE);
  return async ({ M, choice, rows, onRow }, { stale }) => {
    const { api } = await background;
    for (const row of rows) {
      if (stale()) return 'abandoned';
      const results = await Promise.all(quick.map((key) => api.cur(M, row.r, coreOptions(choice, key, row.r))));
      if (stale()) return 'abandoned';
      quick.forEach((key, k) => {
        row[key] = results[k].error;
      });
      onRow();
    }
    for (const row of rows) {
      if (!maxVolumeFeasible(M.rows, M.cols, row.r)) break;
      const result = await api.cur(M, row.r, coreOptions(choice, BRUTE_FORCE, row.r));
      if (stale()) return 'abandoned';
      row[BRUTE_FORCE] = result.error;
      onRow();
    }
    return 'done';
  };
}
