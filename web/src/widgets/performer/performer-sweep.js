// The error of Performer attention against the number of random features m, for every kind at once
// (performer.md §5, widget P3): mean total variation between the rows of P̂ and of softmax, for trig,
// positive i.i.d., positive orthogonal and hyperbolic features, at m = 1, 2, 4, …, 1024. Computed in
// the worker, m by m (the plot fills in as they arrive), and abandoned after the current call when a
// newer input waits. Each point averages several feature draws where they are cheap (small m: one
// draw alone is mostly noise) and uses up to 128 evenly spaced query rows (a mean over rows needs no
// more; the matrices of n = 512 would cost 16 times as much).
import { performerRows, sampleRows } from './performer-rows.js';

export const SWEEP_M = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
export const SWEEP_ROWS = 128;
// [series id, kind, orthogonal (null: the widget's setting)]
export const SERIES = [
  ['trig', 'trig', null],
  ['positive-iid', 'positive', false],
  ['positive-orthogonal', 'positive', true],
  ['hyperbolic', 'hyperbolic', null],
];

/** How many feature draws a point at m averages: 8 at m = 1, down to 1 from m = 256. */
export const drawsAt = (m) => Math.max(1, Math.min(8, Math.floor(256 / m)));

/** The sweep's rows before the worker answers: { m } each, filled with one mean TV per series. */
export const sweepRows = () => SWEEP_M.map((m) => ({ m }));

/**
 * sweepRun(background)(input, { stale }) with input = { data: { Q, K }, scale, state, rows, onRow }:
 * fills rows[k][series] m by m, calling onRow() after each m. Resolves 'done' or 'abandoned'.
 */
export function sweepRun(background) {
  return async ({ data, scale, state, rows, onRow }, { stale }) => {
    const { api } = await background;
    const { Q, K } = data;
    const S = await api.softmaxAttentionWeights(Q, K, { scale, causal: state.causal });
    const sample = sampleRows(data.Q.rows, SWEEP_ROWS);
    for (const row of rows) {
      for (const [id, kind, fixed] of SERIES) {
        const orthogonal = fixed ?? state.orthogonal;
        let sum = 0;
        const draws = drawsAt(row.m);
        for (let t = 0; t < draws; t++) {
          if (stale()) return 'abandoned';
          const seed = (state.featureSeed + t) % 2 ** 32;
          const W = await api.drawOmegas(state.d, row.m, { orthogonal, norms: 'chi', seed });
          const answer = await performerRows(api, { Q, K, W, kind, scale, causal: state.causal, S, rows: sample, stale });
          if (answer === null) return 'abandoned';
          sum += answer.tv.reduce((a, b) => a + b, 0) / answer.tv.length;
        }
        row[id] = sum / draws;
      }
      if (stale()) return 'abandoned';
      onRow();
    }
    return 'done';
  };
}
