// The numbers of the "Nyström of S vs Nyströmformer" panel (nystromformer.md §5, widget N4; R7): for
// a set I of token indices, three approximations of S = softmax(s Q Kᵀ):
//   CUR of S, W⁻¹        S[:,I] S[I,I]⁺ S[I,:] (Nyström of S itself: needs all of S);
//   Nyströmformer        F A⁺ B with the landmarks q̃ = Q[I], k̃ = K[I] (never needs S);
//   CUR of S, optimal    S[:,I] (S[:,I]⁺ S S[I,:]⁺) S[I,:] (the best middle for those rows and columns).
// R7: with δ_i = Σ_j e^{L_ij} / Σ_{j∈I} e^{L_ij} = 1 / Σ_{j∈I} S_ij, Nyströmformer is
// Δ S[:,I] S[I,I]⁻¹ Δ_I⁻¹ S[I,:]: the CUR of S distorted by row rescalings; the two agree when δ is
// constant. Nyströmformer reproduces the rows in I; the CURs reproduce the rows and the columns.
// Nyströmformer and δ are main-thread calls (attention part); the two CURs of S come from the
// worker, which holds the matrix part (curFromIndices), newest request winning.

/** δ_i = 1 / Σ_{j∈I} S_ij: the full row mass over the landmark row mass (R7). */
export function deltas(S, I) {
  return Float64Array.from({ length: S.rows }, (_, i) => 1 / I.reduce((sum, j) => sum + S.data[i * S.cols + j], 0));
}

/** m tokens spread evenly over n: the middle of each of m equal segments. */
export const evenTokens = (n, m) => Array.from({ length: m }, (_, j) => Math.floor(((j + 0.5) * n) / m));

/** Sorted, distinct indices. */
export const tidy = (indices) => [...new Set(indices)].sort((a, b) => a - b);

/** I with token i added, or removed (but never emptied). */
export function toggle(I, i) {
  if (!I.includes(i)) return tidy([...I, i]);
  return I.length > 1 ? I.filter((x) => x !== i) : I;
}

/** The tokens the core's landmark rule picks ('random' with a seed, 'leverage'): { rows } of nystromAttention. */
export function ruleTokens(core, { Q, K, V, scale }, m, landmarks, seed) {
  return tidy(Array.from(core.nystromAttention(Q, K, V, m, { landmarks, scale, seed, pinv: 'svd', history: false }).rows));
}

/** Nyströmformer with the landmarks Q[I], K[I] and the exact pseudo-inverse: its Ŝ. */
export function nystromOnTokens(core, { Q, K, V, scale }, I) {
  return core.nystromAttention(Q, K, V, I.length, {
    landmarks: 'manual',
    indices: I,
    scale,
    pinv: 'svd',
    returnMatrix: true,
    history: false,
  }).Shat;
}

/**
 * How Ŝ agrees with S: { relative (‖Ŝ − S‖_F / ‖S‖_F), rowsExact (largest |Ŝ − S| on the rows in I),
 * colsExact (on the columns in I) }.
 */
export function agreement(Shat, S, I) {
  let diff = 0;
  let norm = 0;
  for (let p = 0; p < S.data.length; p++) {
    diff += (Shat.data[p] - S.data[p]) ** 2;
    norm += S.data[p] ** 2;
  }
  let rowsExact = 0;
  let colsExact = 0;
  for (const k of I) {
    for (let j = 0; j < S.cols; j++) rowsExact = Math.max(rowsExact, Math.abs(Shat.data[k * S.cols + j] - S.data[k * S.cols + j]));
    for (let i = 0; i < S.rows; i++) colsExact = Math.max(colsExact, Math.abs(Shat.data[i * S.cols + k] - S.data[i * S.cols + k]));
  }
  return { relative: Math.sqrt(diff / norm), rowsExact, colsExact };
}

/**
 * curRun(background)({ S, I }, { stale }) -> { intersection, optimal } (the approximations as
 * matrices), from the worker's curFromIndices; null when overtaken between the two calls.
 */
export function curRun(background) {
  return async ({ S, I }, { stale }) => {
    const { api } = await background;
    const intersection = await api.curFromIndices(S, I, I, { middle: 'intersection' });
    if (stale()) return null;
    const optimal = await api.curFromIndices(S, I, I, { middle: 'optimal' });
    return { intersection: intersection.approx, optimal: optimal.approx };
  };
}
