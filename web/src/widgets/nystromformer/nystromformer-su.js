// The numbers of the "Su's route, step by step" panel (nystromformer.md §5, widget N1; R3–R5): four
// approximations of S = softmax(s Q Kᵀ), each with its relative error against S and its row sums:
//   dual     softmax(Q) softmax(Kᵀ)  (R3: row-stochastic, but no similarity is ever compared)
//   FB       the landmark dual softmax (R4: F = softmax(s Q K̃ᵀ), B = softmax(s Q̃ Kᵀ))
//   FMB      a middle matrix M of the reader's (identity at first; editable for m ≤ 4)
//   FA⁺B     Nyströmformer with the exact pseudo-inverse (R5), and its gain γ = max_i ‖(F A⁺)_i‖₁
// F, A, B and FA⁺B come from the core (nystromAttention with pinv 'svd'); the products are done here
// (n² m multiply-adds). "m = n" takes every token as a landmark: FA⁺B becomes S, FB does not. On the
// T-N1 data (n = 4, d = 1, m = 2, segment means) rows 1 and 2 are exact (the landmark queries are
// queries 2 and 1).

import { matrixProduct } from '../parts/matrix-product.js';

const matrix = (rows, cols, values) => ({ rows, cols, data: Float64Array.from(values) });

/** T-N1 of nystromformer.md §4: e^{q_i k_j} = c_j^{a_i} with c = (1, 4, 2, 8), a = (0, 2, 1, 3); scale 1. */
export const T_N1 = {
  Q: matrix(4, 1, [0, 2, 1, 3]),
  K: matrix(4, 1, [0, Math.log(4), Math.log(2), Math.log(8)]),
  V: matrix(4, 2, [1, 0, 0, 1, 1, 1, 2, -1]),
  m: 2,
  scale: 1,
  landmarks: 'segment',
  seed: 1,
};
export const MAX_EDITABLE_M = 4;
// m = n runs an SVD of an n × n matrix on the main thread: allowed up to this n (tens of ms).
export const MAX_FULL_N = 128;

/** A B (row-major). */
export const product = matrixProduct;

/** The softmax of each row of X (max-shifted). */
export function rowSoftmax({ rows, cols, data }) {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let top = -Infinity;
    for (let j = 0; j < cols; j++) top = Math.max(top, data[i * cols + j]);
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      out[i * cols + j] = Math.exp(data[i * cols + j] - top);
      sum += out[i * cols + j];
    }
    for (let j = 0; j < cols; j++) out[i * cols + j] /= sum;
  }
  return { rows, cols, data: out };
}

export function transpose({ rows, cols, data }) {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j];
  return { rows: cols, cols: rows, data: out };
}

export const identity = (m) =>
  matrix(
    m,
    m,
    Array.from({ length: m * m }, (_, p) => (p % (m + 1) === 0 ? 1 : 0)),
  );

/**
 * How an approximation compares with S: { relative (‖Ŝ − S‖_F / ‖S‖_F), sums (row sums), lowSum, highSum,
 * negatives (entries < 0), exactRows (rows equal to S's within 1e-12) }.
 */
export function compare(Shat, S) {
  let diff = 0;
  let norm = 0;
  let negatives = 0;
  const sums = new Float64Array(S.rows);
  const exactRows = [];
  for (let i = 0; i < S.rows; i++) {
    let rowGap = 0;
    for (let j = 0; j < S.cols; j++) {
      const p = i * S.cols + j;
      const e = Shat.data[p] - S.data[p];
      diff += e * e;
      norm += S.data[p] * S.data[p];
      rowGap = Math.max(rowGap, Math.abs(e));
      sums[i] += Shat.data[p];
      if (Shat.data[p] < 0) negatives += 1;
    }
    if (rowGap < 1e-12) exactRows.push(i);
  }
  let lowSum = Infinity;
  let highSum = -Infinity;
  for (const s of sums) {
    lowSum = Math.min(lowSum, s);
    highSum = Math.max(highSum, s);
  }
  return { relative: Math.sqrt(diff / norm), sums, lowSum, highSum, negatives, exactRows };
}

/** max_i ‖(F M)_i‖₁: how far the interpolation weights extrapolate (R6's gain γ). */
export function gain(F, M) {
  const C = product(F, M);
  let largest = 0;
  for (let i = 0; i < C.rows; i++) {
    let sum = 0;
    for (let p = 0; p < C.cols; p++) sum += Math.abs(C.data[i * C.cols + p]);
    largest = Math.max(largest, sum);
  }
  return largest;
}

/**
 * suRoute(core, input, middle) -> { m, S, F, A, B, Z (A⁺), M, steps: { dual, FB, FMB, FAB: { matrix, ...compare } }, gainM, gainA }
 * input: { Q, K, V, m, scale, landmarks, seed }; middle: an m × m matrix (null: the identity).
 */
export function suRoute(core, input, middle = null) {
  const { Q, K, V, m, scale, landmarks, seed } = input;
  const S = core.attentionMatrix(Q, K, { scale });
  const nys = core.nystromAttention(Q, K, V, m, { landmarks, scale, seed, pinv: 'svd', returnMatrix: true, history: false });
  const M = middle && middle.rows === m ? middle : identity(m);
  const dual = product(rowSoftmax(Q), rowSoftmax(transpose(K)));
  const FB = product(nys.F, nys.B);
  const FMB = product(product(nys.F, M), nys.B);
  const step = (matrix) => ({ matrix, ...compare(matrix, S) });
  return {
    m,
    S,
    F: nys.F,
    A: nys.A,
    B: nys.B,
    Z: nys.Z, // A⁺, the middle of FA⁺B
    M,
    steps: { dual: step(dual), FB: step(FB), FMB: step(FMB), FAB: step(nys.Shat) },
    gainM: gain(nys.F, M),
    gainA: nys.gain,
  };
}
