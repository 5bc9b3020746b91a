// What a JS user would write for CUR retrieval (ANNCUR) without mathlets: the pseudo-inverse of the
// intersection W = R[:, anchors] by a one-sided Jacobi SVD (never the normal equations, which square
// kappa), the index E = V diag(1/s) U^T R, then one query: s_hat = c E, the top-kr candidates by
// (score desc, index asc), their exact scores, and the top-k of those. Plain loops over row-major
// Float64Arrays. tests/bench/bench.test.js checks that it agrees with curRetrievalIndex + curRetrieve.

// One-sided Jacobi (Hestenes) on the columns of the m x n matrix W: W V = U diag(s), V orthogonal.
// Returns the columns of W V (rows x n, column-major) and V (n x n, column-major).
function jacobiColumns(W) {
  const { rows: m, cols: n } = W;
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[j * m + i] = W.data[i * n + j];
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) v[j * n + j] = 1;
  const rotate = (x, len, p, q, c, s) => {
    for (let i = 0; i < len; i++) {
      const xp = x[p * len + i];
      const xq = x[q * len + i];
      x[p * len + i] = c * xp - s * xq;
      x[q * len + i] = s * xp + c * xq;
    }
  };
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const ap = a[p * m + i];
          const aq = a[q * m + i];
          alpha += ap * ap;
          beta += aq * aq;
          gamma += ap * aq;
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        rotate(a, m, p, q, c, c * t);
        rotate(v, n, p, q, c, c * t);
      }
    }
    if (!rotated) break;
  }
  return { a, v };
}

/** The index of ANNCUR: E (k_i x n_i) = W^+ R, with W^+ from the SVD, tolerance max(k_q, k_i) eps sigma_1. */
export function curIndexJs(R, anchors) {
  const kq = R.rows;
  const ki = anchors.length;
  const n = R.cols;
  const W = { rows: kq, cols: ki, data: new Float64Array(kq * ki) };
  for (let i = 0; i < kq; i++) for (let j = 0; j < ki; j++) W.data[i * ki + j] = R.data[i * n + anchors[j]];
  const { a, v } = jacobiColumns(W);
  const s = Array.from({ length: ki }, (_, j) => Math.hypot(...a.subarray(j * kq, (j + 1) * kq)));
  const tau = Math.max(kq, ki) * Number.EPSILON * Math.max(...s);
  // P = diag(1/s) U^T R over the kept directions, U_j = (W V)_j / s_j; then E = V P.
  const E = new Float64Array(ki * n);
  const row = new Float64Array(n);
  for (let j = 0; j < ki; j++) {
    if (!(s[j] > tau)) continue;
    row.fill(0);
    for (let i = 0; i < kq; i++) {
      const u = a[j * kq + i] / (s[j] * s[j]);
      if (u === 0) continue;
      const r = i * n;
      for (let t = 0; t < n; t++) row[t] += u * R.data[r + t];
    }
    for (let b = 0; b < ki; b++) {
      const vb = v[j * ki + b];
      const e = b * n;
      for (let t = 0; t < n; t++) E[e + t] += vb * row[t];
    }
  }
  return { rows: ki, cols: n, data: E };
}

const byScore = (x) => (p, q) => x[q] - x[p] || p - q;

/** One query: s_hat = c E, the top-kr candidates, exact scores for the non-anchors, the top-k by exact score. */
export function curRetrieveJs(E, anchors, c, exactScores, k, kr) {
  const n = E.cols;
  const approx = new Float64Array(n);
  for (let j = 0; j < E.rows; j++) {
    const cj = c[j];
    const e = j * n;
    for (let t = 0; t < n; t++) approx[t] += cj * E.data[e + t];
  }
  const order = Array.from({ length: n }, (_, t) => t).sort(byScore(approx));
  const candidates = order.slice(0, Math.min(kr, n));
  const exact = new Map(Array.from(anchors, (id, j) => [id, c[j]]));
  const toScore = candidates.filter((id) => !exact.has(id));
  const bought = exactScores(toScore);
  toScore.forEach((id, j) => exact.set(id, bought[j]));
  const ids = candidates.sort((p, q) => exact.get(q) - exact.get(p) || p - q).slice(0, k);
  return { ids: Int32Array.from(ids), approxScores: approx };
}
