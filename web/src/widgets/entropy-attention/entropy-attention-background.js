// The work of <mathlet-entropy-attention> that runs in the shared worker (parts/background-core.js,
// with the entropy part), through the framework's newest-wins scheduler: the entropy-against-length
// sweep (E2) of every scale rule of MODES over LENGTHS. The first sweep of a draw (d, rows, seed,
// keys) draws in the worker and sends back only the statistics; when the gain or base then changes
// on the same draw, its scores D = Q Kᵀ (rows × 4096, 2 MB at 64 rows) are fetched once and kept, so
// every later sweep only runs the entropies again (entropyVsLength with `scores`: nothing is drawn).
// A widget mounted and left at once so never moves the 2 MB through the page.
import { LENGTHS, MODES } from './entropy-attention-attributes.js';
import { drawKey } from './entropy-attention-state.js';

/**
 * One curve per mode: [{ n, lambda, mean, q05, q95, annealed, annealedUnreliable, unreachable, entropy, fastBounds }]
 * in LENGTHS order (entropy and fastBounds per row: the floor panel's points).
 */
export function curvesOf(points) {
  const curves = Object.fromEntries(MODES.map((mode) => [mode, []]));
  for (const p of points) {
    curves[p.mode]?.push({
      n: p.n,
      lambda: p.lambda,
      mean: p.mean,
      q05: p.q05,
      q95: p.q95,
      annealed: p.annealed,
      annealedUnreliable: p.annealedUnreliable,
      unreachable: p.unreachable,
      entropy: p.entropy,
      fastBounds: p.fastBounds,
    });
  }
  return curves;
}

/**
 * sweepRun(background)(input, { stale }): input = { key, d, rows, seed, keys, gain, base }.
 * Resolves to { key, curves } or 'abandoned' when a newer input waits after the draw.
 */
export function sweepRun(background) {
  let kept = { key: null, scores: null }; // the draw swept last, and its scores once fetched
  return async (input, { stale }) => {
    const { api } = await background;
    const { d, rows, seed, keys, gain, base } = input;
    const common = { d, keys, gain, base, lengths: LENGTHS, modes: MODES };
    if (kept.key !== drawKey(input)) {
      kept = { key: drawKey(input), scores: null };
      const { points } = await api.entropyVsLength({ ...common, rows, seed, maxKeys: LENGTHS.at(-1) });
      return { key: input.key, curves: curvesOf(points) };
    }
    if (!kept.scores) {
      const scores = await api.entropyScores({ d, rows, n: LENGTHS.at(-1), seed, keys });
      if (kept.key === drawKey(input)) kept.scores = scores;
      if (stale()) return 'abandoned';
    }
    const { points } = await api.entropyVsLength({ ...common, scores: kept.scores });
    return { key: input.key, curves: curvesOf(points) };
  };
}
