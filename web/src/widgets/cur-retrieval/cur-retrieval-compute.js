// The main-thread arithmetic of <mathlet-cur-retrieval>, all of it O(n_i k_i) at most: the k_r
// grid the worker evaluates, the k_i of X2's curves, recall at any k_r from the true items'
// approximate positions (the re-rank lemma, cur-retrieval.md R8), the CE-call meter (R6), one test
// query's picture (X1: s-hat = c E against the exact row), and the spectrum's energy. Pure: tested
// in Node against the file's oracles.

const KR_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000];
const CURVE_KIS = [8, 16, 32, 64, 128, 256];

/** The k_r the worker evaluates: the round steps from k to n_i, k, the k_r on screen and n_i. */
export function krGrid(k, items, kr) {
  const values = new Set([k, items, Math.min(Math.max(kr, k), items)]);
  for (const v of KR_STEPS) if (v >= k && v <= items) values.add(v);
  return [...values].sort((a, b) => a - b);
}

/** The k_i of X2's curves: powers of two up to k_i's limit and the one on screen (DEIM stops at k_q). */
export function curveKis(state) {
  const top = Math.min(state.items, 256, state.anchors === 'deim' ? state.kq : 256);
  return [...new Set([...CURVE_KIS.filter((v) => v <= top), state.ki])].sort((a, b) => a - b);
}

/** The dual-encoder proxies the generator allows: de<r_de> needs r_de < r (cur-retrieval.md §2.8). */
export const baselinesFor = (r) => ['random', ...[4, 6].filter((d) => d < r).map((d) => `de${d}`)];

/** Recall@k after re-ranking the top-k_r by s-hat: the fraction of true items at approximate position < k_r (R8). */
export function recallFromPositions(positions, kr) {
  let hits = 0;
  for (const p of positions) hits += p < kr;
  return positions.length ? hits / positions.length : 0;
}

/** The recall of each test query at k_r (X1's readout for one, the spread for all). */
export function queryRecall(positions, k, query, kr) {
  return recallFromPositions(positions.subarray(query * k, (query + 1) * k), kr);
}

/**
 * The CE-call meter (R6): offline k_q n_i calls; per query k_i + |C \ A_I| (the evaluation's mean,
 * when it was computed at this k_r) against the bound k_i + k_r and exhaustive n_i.
 */
export function callMeter(state, evaluation) {
  const nominal = state.ki + Math.min(state.kr, state.items);
  const mean = evaluation?.calls?.perQuery?.[state.kr];
  const perQuery = Number.isFinite(mean) ? mean : null;
  return {
    offline: state.kq * state.items,
    nominal,
    perQuery,
    exhaustive: state.items,
    saving: state.items / (perQuery ?? nominal),
  };
}

/** s-hat = c E for one query: c (k_i anchor scores) times E (k_i x n_i, row-major). */
export function approxScores(c, E) {
  const { rows, cols, data } = E;
  const out = new Float64Array(cols);
  for (let a = 0; a < rows; a++) {
    const w = c[a];
    if (w === 0) continue;
    const row = a * cols;
    for (let i = 0; i < cols; i++) out[i] += w * data[row + i];
  }
  return out;
}

/** The ids of the k best of `scores` by (score desc, index asc), without sorting them all. */
export function topIds(scores, k) {
  const n = scores.length;
  const top = Math.min(k, n);
  if (top <= 0) return [];
  const sorted = Float64Array.from(scores).sort();
  const kth = sorted[n - top];
  const ids = [];
  for (let i = 0; i < n; i++) if (scores[i] >= kth) ids.push(i);
  ids.sort((a, b) => scores[b] - scores[a] || a - b);
  return ids.slice(0, top);
}

/** The position of item t in the order of `scores` (score desc, index asc): the re-rank lemma's p_t. */
export function positionOf(scores, t) {
  const v = scores[t];
  let p = 0;
  for (let j = 0; j < scores.length; j++) p += scores[j] > v || (scores[j] === v && j < t);
  return p;
}

/**
 * One test query's picture (X1), the part that does not depend on k_r: the exact row, s-hat, the
 * anchors, the exact top-k, their positions in the order of s-hat and s-hat sorted (for the line).
 * O(n_i log n_i) for one typed-array sort, O(k n_i) for the positions.
 */
export function queryBase({ exact, approx, anchors, k, truth = topIds(exact, k) }) {
  const sorted = Float64Array.from(approx).sort();
  return {
    exact,
    approx,
    anchors: Array.from(anchors),
    truth,
    positions: truth.map((t) => positionOf(approx, t)),
    sorted,
  };
}

/** The picture at k_r: the k_r-th largest s-hat (the line), the query's recall, the anchors at or right of the line. */
export function queryPicture(base, kr) {
  const n = base.sorted.length;
  const top = Math.min(kr, n);
  const threshold = base.sorted[n - top];
  return {
    ...base,
    kr: top,
    threshold,
    recall: base.positions.filter((p) => p < top).length / base.truth.length,
    anchorsInside: base.anchors.filter((a) => base.approx[a] >= threshold).length,
  };
}

/** The share of ||R||_F^2 in the top m singular values. */
export function energy(singularValues, m) {
  let top = 0;
  let total = 0;
  Array.from(singularValues).forEach((s, j) => {
    total += s * s;
    if (j < m) top += s * s;
  });
  return total > 0 ? top / total : 0;
}

/** Up to `most` evenly spread indices of 0..n-1 (X1 draws at most 5000 points), always keeping `keep`. */
export function subsample(n, most, keep = []) {
  if (n <= most) return Array.from({ length: n }, (_, i) => i);
  const step = n / most;
  const picked = new Set(Array.from({ length: most }, (_, j) => Math.floor(j * step)));
  for (const i of keep) picked.add(i);
  return [...picked].sort((a, b) => a - b);
}
