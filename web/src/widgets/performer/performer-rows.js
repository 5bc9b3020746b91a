// Rows of the Performer attention matrix P̂ and their total variation against softmax, for any size
// the widget allows. The core's performerAttentionMatrix caps n_q·n_k·M at 1.5·10⁸ (one call must not
// freeze a page), which n = 512 with m = 1024 trig features (M = 2048) exceeds fivefold, and the
// error sweep only needs some rows. So the query rows go in blocks, each against the keys it may see:
//  - not causal: every key, and the core's row-normalised rows are P̂'s rows as they are;
//  - causal: keys 0..(the block's last row), without the mask, then each row i is cut to keys j ≤ i and
//    normalised again. P̂_ij = Â_ij / Σ_j Â_ij, so dividing the kept entries by their sum gives
//    Â_ij / Σ_{j≤i} Â_ij, the causal row (performer.md R11: causal P̂ is Â masked to its lower
//    triangle, row-normalised), also for trig rows whose sums are negative.
// When all rows fit in one call the core's own causal path is used. `api` may be the core or the
// worker's (its functions return promises): every result is awaited.

export const MAX_MATRIX_WORK = 1.5e8; // the core's cap on n_q n_k M (performer.hpp kMaxMatrixWork)

/** M, the feature dimension: m for positive features, 2m for trig and hyperbolic (cos/sin, ±ω). */
export const featureDimension = (kind, m) => (kind === 'positive' ? m : 2 * m);

/** The rows of X listed in `rows`, as a matrix. */
export function pickRows(X, rows) {
  const data = new Float64Array(rows.length * X.cols);
  rows.forEach((i, r) => data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), r * X.cols));
  return { rows: rows.length, cols: X.cols, data };
}

/** The first `count` rows of X. */
export const firstRows = (X, count) => ({ rows: count, cols: X.cols, data: X.data.slice(0, count * X.cols) });

/** Evenly spaced rows 0..n-1, at most `most` of them (all when n <= most). */
export function sampleRows(n, most) {
  if (n <= most) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: most }, (_, k) => Math.floor((k * n) / most));
}

/** Consecutive runs of `rows` (ascending) whose calls each stay under the cap. */
function blocksOf(rows, n, M) {
  const size = Math.max(1, Math.min(64, Math.floor(MAX_MATRIX_WORK / (n * M))));
  const blocks = [];
  for (let k = 0; k < rows.length; k += size) blocks.push(rows.slice(k, k + size));
  return blocks;
}

/** Row i of a block's answer (keys 0..cols-1) into `out` (length n), masked and renormalised if causal. */
function placeRow(out, P, r, i, causal) {
  const row = P.data.subarray(r * P.cols, (r + 1) * P.cols);
  if (!causal) return out.set(row);
  let sum = 0;
  for (let j = 0; j <= i; j++) sum += row[j];
  for (let j = 0; j <= i; j++) out[j] = row[j] / sum;
}

/** ½ Σ_j |p_j − s_j|: the total variation between two rows. */
export function totalVariation(p, s) {
  let sum = 0;
  for (let j = 0; j < p.length; j++) sum += Math.abs(p[j] - s[j]);
  return sum / 2;
}

/**
 * performerRows(api, { Q, K, W, kind, scale, causal, S, rows, stale }) -> Promise<{ P, tv } | null>
 * P: rows.length x n (row r is P̂'s row rows[r]); tv: per row, against S (softmax weights, n x n, with
 * the same mask). `rows` ascending (default: all). Resolves null if stale() turns true between calls.
 */
export async function performerRows(api, { Q, K, W, kind, scale, causal, S, rows = null, stale = () => false }) {
  const n = K.rows;
  const M = featureDimension(kind, W.rows);
  const all = rows === null || rows.length === Q.rows;
  if (all && Q.rows * n * M <= MAX_MATRIX_WORK) return api.performerAttentionMatrix(Q, K, W, { kind, scale, causal });
  const wanted = rows ?? Array.from({ length: Q.rows }, (_, i) => i);
  const P = { rows: wanted.length, cols: n, data: new Float64Array(wanted.length * n) };
  const tv = new Float64Array(wanted.length);
  let done = 0;
  for (const block of blocksOf(wanted, n, M)) {
    if (stale()) return null;
    const keys = causal ? firstRows(K, block.at(-1) + 1) : K;
    const answer = await api.performerAttentionMatrix(pickRows(Q, block), keys, W, { kind, scale, causal: false });
    block.forEach((i, r) => {
      const out = P.data.subarray((done + r) * n, (done + r + 1) * n);
      placeRow(out, answer.P, r, i, causal);
      tv[done + r] = totalVariation(out, S.data.subarray(i * n, (i + 1) * n));
    });
    done += block.length;
  }
  return { P, tv };
}
