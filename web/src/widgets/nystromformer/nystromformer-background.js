// The work of <mathlet-nystromformer> that runs in the shared worker (parts/background-core.js, with
// the attention and matrix parts), each through the framework's newest-wins scheduler:
//  - the spectrum and the sweep, once per (Q, K, scale): S's singular values first (the floor of
//    every readout and curve), then the relative error of S-hat at each m of SWEEP_M for each series
//    of SERIES (three landmark rules with the SVD pseudo-inverse and with 6 iterations, and the dual
//    softmax), m by m, stopping after the current m when a newer input waits;
//  - the pseudo-inverse study: Razavi, Newton–Schulz and Chebyshev iterations on A (the landmark
//    kernel on screen, or T-N2's singular matrix) for STUDY_ITERS steps from Z_0 = initScale · α Aᵀ,
//    with A's singular values (the dots of the filter plot).
import { relativeError } from './nystromformer-compute.js';

/** The m of the sweep (log-spaced, as the plot's axis), up to min(n, 64). */
export const SWEEP_M = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];
export const sweepMs = (n) => {
  const top = Math.min(n, 64);
  return [...new Set([...SWEEP_M.filter((m) => m <= top), top])];
};

/** The series of the error-against-m plot: [key, landmark rule, middle, colour, dashed]. */
export const SERIES = [
  ['segment-svd', 'segment', 'svd', 'c1', false],
  ['segment-it6', 'segment', 'iterative', 'c1', true],
  ['random-svd', 'random', 'svd', 'c2', false],
  ['random-it6', 'random', 'iterative', 'c2', true],
  ['kmeans-svd', 'kmeans', 'svd', 'c3', false],
  ['kmeans-it6', 'kmeans', 'iterative', 'c3', true],
  ['dual', 'segment', 'identity', 'c4', false],
];

/** T-N2 (nystromformer.md §4): a singular softmax-like A, on which the iterations drift after ~20 steps. */
export const T_N2 = { rows: 3, cols: 3, data: Float64Array.from([1 / 3, 2 / 3, 0, 1 / 5, 1 / 5, 3 / 5, 1 / 3, 2 / 3, 0]) };
export const METHODS = [
  ['razavi', 'c1'],
  ['newton-schulz', 'c2'],
  ['chebyshev', 'c3'],
];
/** Steps of the study: far enough for T-N2's drift to pass 1 (R10: about 40). */
export const STUDY_ITERS = 45;

/**
 * sweepRun(background)(input, { stale }): input = { key, Q, K, V, S, scale, seed, n, onSpectrum(values), onRow(row) }.
 * Resolves to { key, singularValues, rows: [{ m, [series key]: error }] } or 'abandoned'.
 */
export function sweepRun(background) {
  return async ({ key, Q, K, V, S, scale, seed, n, onSpectrum, onRow }, { stale }) => {
    const { api } = await background;
    const singularValues = await api.singularValues(S);
    if (stale()) return 'abandoned';
    onSpectrum(singularValues);
    const rows = [];
    for (const m of sweepMs(n)) {
      const results = await Promise.all(
        SERIES.map(([, landmarks, pinv]) =>
          api.nystromAttention(Q, K, V, m, { landmarks, pinv, pinvIters: 6, scale, seed, returnMatrix: true, history: false }),
        ),
      );
      if (stale()) return 'abandoned';
      const row = { m };
      SERIES.forEach(([name], k) => {
        row[name] = relativeError(results[k].Shat, S);
      });
      rows.push(row);
      onRow(row);
    }
    return { key, singularValues, rows };
  };
}

/**
 * studyRun(background)(input): input = { key, A, initScale } -> { key, A, singularValues, runs: { method: { alpha, history, diverged } } }.
 */
export function studyRun(background) {
  return async ({ key, A, initScale }) => {
    const { api } = await background;
    const [singularValues, ...runs] = await Promise.all([
      api.singularValues(A),
      ...METHODS.map(([method]) => api.iterativePinv(A, { iters: STUDY_ITERS, method, initScale, reference: true })),
    ]);
    const byMethod = Object.fromEntries(
      METHODS.map(([method], k) => [method, { alpha: runs[k].alpha, history: runs[k].history, diverged: runs[k].diverged }]),
    );
    return { key, A, singularValues, runs: byMethod };
  };
}
