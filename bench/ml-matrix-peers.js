// Straightforward CR and CUR on ml-matrix: what a JS developer would write from the articles
// without mathlets. Small on purpose; each uses ml-matrix's own products, SVD and pseudoInverse.
import { Matrix, SVD, pseudoInverse } from 'ml-matrix';

// A small seeded generator for the draws (the samples need not equal mathlets' SplitMix64 ones:
// only the work matters here).
function uniforms(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/**
 * CR estimate of X Y from r draws with replacement under the optimal probabilities
 * p_i ~ ||x_i|| ||y_i||: approx = sum over draws of x_i y_i^T / (r p_i), its squared error, and with
 * `floor` also what crMatmul reports besides (expected error, ||XY||_F^2, the rank-r SVD floor).
 */
export function crMlMatrix(X, Y, r, { seed = 42, floor = false } = {}) {
  const l = X.columns;
  const w = new Float64Array(l);
  for (let i = 0; i < l; i++) w[i] = X.getColumnVector(i).norm() * Y.getRowVector(i).norm();
  const total = w.reduce((a, v) => a + v, 0);
  const p = w.map((v) => v / total);
  const cdf = new Float64Array(l);
  p.reduce((acc, v, i) => (cdf[i] = acc + v), 0);
  const next = uniforms(seed);
  const C = new Matrix(X.rows, r),
    R = new Matrix(r, Y.columns);
  for (let t = 0; t < r; t++) {
    const u = next();
    let i = 0;
    while (i < l - 1 && cdf[i] < u) i++;
    const scale = 1 / (r * p[i]);
    C.setColumn(t, X.getColumnVector(i).mul(scale));
    R.setRow(t, Y.getRowVector(i));
  }
  const approx = C.mmul(R);
  const product = X.mmul(Y);
  const error = Matrix.sub(approx, product).norm() ** 2;
  const result = { approx, error, probabilities: p };
  if (floor) {
    const productNormSquared = product.norm() ** 2;
    let sum = 0;
    for (let i = 0; i < l; i++) if (p[i] > 0) sum += (w[i] * w[i]) / p[i];
    result.expectedError = Math.max(0, (sum - productNormSquared) / r);
    const s = new SVD(product, { computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal;
    result.floor = s.slice(r).reduce((a, v) => a + v * v, 0);
    result.productNormSquared = productNormSquared;
  }
  return result;
}

/**
 * CUR of M at rank r: the r largest rank-r leverage scores choose columns (||V[j, :r]||^2) and rows
 * (||U[i, :r]||^2) from one SVD of M; U = C^+ M R^+ by ml-matrix's pseudoInverse; its squared error.
 */
export function curMlMatrix(M, r) {
  const svd = new SVD(M, { autoTranspose: true });
  const top = (basis) => {
    const scores = basis.to2DArray().map((row) => row.slice(0, r).reduce((a, v) => a + v * v, 0));
    return scores
      .map((v, i) => [v, i])
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, r)
      .map(([, i]) => i)
      .sort((a, b) => a - b);
  };
  const cols = top(svd.rightSingularVectors),
    rows = top(svd.leftSingularVectors);
  const C = M.subMatrixColumn(cols),
    R = M.subMatrixRow(rows);
  const U = pseudoInverse(C).mmul(M).mmul(pseudoInverse(R));
  const approx = C.mmul(U).mmul(R);
  const error = Matrix.sub(M, approx).norm() ** 2;
  return { C, U, R, approx, error, cols, rows, singularValues: svd.diagonal };
}
