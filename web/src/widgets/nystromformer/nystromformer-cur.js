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

/** Nyströmformer with the landmarks Q[I], K[I] and the exact pseudo-inverse: { Shat, F, A, Z (= A⁺), B }. */
export function nystromKernels(core, { Q, K, V, scale }, I) {
  return core.nystromAttention(Q, K, V, I.length, {
    landmarks: 'manual',
    indices: I,
    scale,
    pinv: 'svd',
    returnMatrix: true,
    history: false,
  });
}

/** Nyströmformer with the landmarks Q[I], K[I] and the exact pseudo-inverse: its Ŝ. */
export const nystromOnTokens = (core, inputs, I) => nystromKernels(core, inputs, I).Shat;

/**
 * Nyströmformer with its row rescalings made equal (R7), as two factors X Y: F = Δ S[:,I] and
 * A = Δ_I S[I,I] get every δ_i replaced by one common δ̄, i.e. F' = δ̄ Δ⁻¹ F and A' = δ̄ Δ_I⁻¹ A, whose
 * inverse is A⁻¹ Δ_I / δ̄ (A invertible; the kernels' Z = A⁺ stands for A⁻¹). So F' A'⁻¹ B = X Y with
 * X = Δ⁻¹ F (n × m) and Y = Z Δ_I B (m × n): δ̄ cancels, and the product is S[:,I] S[I,I]⁻¹ S[I,:],
 * the CUR of S with middle W⁻¹, reached from the kernels alone (never from S). m n (m + 1)
 * multiply-adds here; the n² m of the product are the worker's (curRun).
 */
export function equalDeltaFactors({ F, Z, B }, delta, I) {
  const m = I.length;
  const n = F.rows;
  const cols = B.cols;
  const X = Float64Array.from(F.data, (f, p) => f / delta[Math.floor(p / m)]);
  const Y = new Float64Array(m * cols);
  for (let k = 0; k < m; k++) {
    for (let l = 0; l < m; l++) {
      const z = Z.data[k * m + l] * delta[I[l]];
      if (z === 0) continue;
      for (let j = 0, b = l * cols, y = k * cols; j < cols; j++) Y[y + j] += z * B.data[b + j];
    }
  }
  return { X: { rows: n, cols: m, data: X }, Y: { rows: m, cols, data: Y } };
}

/** The largest |X − Y| over the entries, and the same relative to max |Y|. */
export function largestGap(X, Y) {
  let gap = 0;
  let size = 0;
  for (let p = 0; p < Y.data.length; p++) {
    gap = Math.max(gap, Math.abs(X.data[p] - Y.data[p]));
    size = Math.max(size, Math.abs(Y.data[p]));
  }
  return { max: gap, relative: size > 0 ? gap / size : gap };
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
 * curRun(background)({ S, I, equal }, { stale }) -> { intersection, optimal, equal } (the
 * approximations as matrices), from the worker's curFromIndices, and with equal = { X, Y }
 * (equalDeltaFactors) Nyströmformer with equal δ, their product; null when overtaken between calls.
 */
export function curRun(background) {
  return async ({ S, I, equal }, { stale }) => {
    const { api } = await background;
    const intersection = await api.curFromIndices(S, I, I, { middle: 'intersection' });
    if (stale()) return null;
    const optimal = await api.curFromIndices(S, I, I, { middle: 'optimal' });
    const answer = { intersection: intersection.approx, optimal: optimal.approx };
    if (!equal) return answer;
    if (stale()) return null;
    // X Y exactly: a CR product (cr.js) that keeps every one of its m terms, each with weight 1.
    const product = await api.crMatmul(equal.X, equal.Y, equal.X.cols, { sampling: 'top' });
    return { ...answer, equal: product.approx };
  };
}
