// A reference for CUR's leverage-score selection (cur-decomposition.md R6), independent of the core:
// the row scores of M are the squared row norms of its top-gamma left singular vectors, i.e. of the
// top-gamma eigenvectors of M Mᵀ (column scores: of Mᵀ M), found here by cyclic Jacobi rotations.

/** Eigen-decomposition of a symmetric matrix (array of rows): { values, vectors[k] (column k) }, descending. */
export function symmetricEigen(A, { sweeps = 100 } = {}) {
  const n = A.length;
  const a = A.map((row) => row.slice());
  const V = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // A <- A J
          const akp = a[k][p],
            akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          // A <- Jᵀ A
          const apk = a[p][k],
            aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          // V <- V J
          const vkp = V[k][p],
            vkq = V[k][q];
          V[k][p] = c * vkp - s * vkq;
          V[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, k) => k).sort((i, j) => a[j][j] - a[i][i]);
  return { values: order.map((k) => a[k][k]), vectors: order.map((k) => V.map((row) => row[k])) };
}

const gram = (rows) => rows.map((x) => rows.map((y) => x.reduce((s, v, k) => s + v * y[k], 0)));
const transpose = (M) => M[0].map((_, j) => M.map((row) => row[j]));

/** Leverage scores of the rows of M (array of rows) from its dominant `gamma` singular vectors. */
export function rowLeverage(M, gamma) {
  const { vectors } = symmetricEigen(gram(M));
  return M.map((_, i) => vectors.slice(0, gamma).reduce((s, u) => s + u[i] ** 2, 0));
}

/** The r largest scores' indices (ties to the smaller index), sorted, and the gap at the cut. */
export function topIndices(scores, r) {
  const order = scores.map((_, i) => i).sort((i, j) => scores[j] - scores[i] || i - j);
  const cut = order.length > r ? scores[order[r - 1]] - scores[order[r]] : Infinity;
  return { indices: order.slice(0, r).sort((a, b) => a - b), gap: cut };
}

/** The leverage selection at rank r (gamma = r): { rows, cols, gaps } with rows and cols sorted. */
export function leverageReference(M, r) {
  const rows = topIndices(rowLeverage(M, r), r);
  const cols = topIndices(rowLeverage(transpose(M), r), r);
  return { rows: rows.indices, cols: cols.indices, gap: Math.min(rows.gap, cols.gap) };
}
