// What a JS user would write for attention without mathlets: softmax attention, Performer attention
// with given positive features, and Nyströmformer attention with segment-mean landmarks and six
// Razavi steps, each the textbook stable loops over { rows, cols, data } row-major Float64Arrays.
// They compute the output only (mathlets also returns log normalizers, the features used, kernels,
// the middle matrix's per-step residuals and kappa(A)); tests/bench/bench.test.js checks that the
// outputs agree.

const matrix = (rows, cols) => ({ rows, cols, data: new Float64Array(rows * cols) });

// C = A B, in i-k-j order so that the inner loop runs along rows of B and C.
function multiply(a, b) {
  const c = matrix(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    const ci = i * b.cols;
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      const bk = k * b.cols;
      for (let j = 0; j < b.cols; j++) c.data[ci + j] += aik * b.data[bk + j];
    }
  }
  return c;
}

function transpose(a) {
  const t = matrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}

// Row-wise softmax of scale * logits, in place (each row shifted by its maximum).
function softmaxRows(logits, scale) {
  const { rows, cols, data } = logits;
  for (let i = 0; i < rows; i++) {
    let top = -Infinity;
    for (let j = 0; j < cols; j++) top = Math.max(top, scale * data[i * cols + j]);
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += data[i * cols + j] = Math.exp(scale * data[i * cols + j] - top);
    for (let j = 0; j < cols; j++) data[i * cols + j] /= sum;
  }
  return logits;
}

/** softmax(scale Q K^T) V, one row of weights at a time (never n x n). */
export function softmaxAttentionJs(Q, K, V, scale = 1 / Math.sqrt(Q.cols)) {
  const out = matrix(Q.rows, V.cols);
  const w = new Float64Array(K.rows);
  for (let i = 0; i < Q.rows; i++) {
    let top = -Infinity;
    for (let j = 0; j < K.rows; j++) {
      let dot = 0;
      for (let c = 0; c < Q.cols; c++) dot += Q.data[i * Q.cols + c] * K.data[j * K.cols + c];
      w[j] = scale * dot;
      top = Math.max(top, w[j]);
    }
    let sum = 0;
    for (let j = 0; j < K.rows; j++) {
      const e = Math.exp(w[j] - top);
      sum += e;
      for (let c = 0; c < V.cols; c++) out.data[i * V.cols + c] += e * V.data[j * V.cols + c];
    }
    for (let c = 0; c < V.cols; c++) out.data[i * V.cols + c] /= sum;
  }
  return out;
}

// exp(x' W^T - |x'|^2 / 2) for the rows of sqrt(scale) X, shifted by `shift(i)` per row (log domain).
function positiveFeatures(X, W, scale, shiftOf) {
  const L = multiply(X, transpose(W));
  for (let i = 0; i < X.rows; i++) {
    let norm2 = 0;
    for (let c = 0; c < X.cols; c++) norm2 += X.data[i * X.cols + c] ** 2;
    for (let l = 0; l < W.rows; l++) L.data[i * W.rows + l] = Math.sqrt(scale) * L.data[i * W.rows + l] - (scale * norm2) / 2;
  }
  for (let i = 0; i < X.rows; i++) {
    const shift = shiftOf(L, i);
    for (let l = 0; l < W.rows; l++) L.data[i * W.rows + l] = Math.exp(L.data[i * W.rows + l] - shift);
  }
  return L;
}

const rowMax = (L, i) => Math.max(...L.data.subarray(i * L.cols, (i + 1) * L.cols));

/** Performer attention with positive features phi(x) = exp(W x - |x|^2/2) for a given W (m x d). */
export function performerAttentionJs(Q, K, V, W, scale = 1 / Math.sqrt(Q.cols)) {
  const phiQ = positiveFeatures(Q, W, scale, rowMax);
  let keyShift = -Infinity; // one shift for every key: the ratio below is unchanged by it
  const phiK = positiveFeatures(K, W, scale, (L, i) => {
    if (i === 0) for (const x of L.data) keyShift = Math.max(keyShift, x);
    return keyShift;
  });
  const ones = { rows: K.rows, cols: 1, data: new Float64Array(K.rows).fill(1) };
  const phiKt = transpose(phiK);
  const num = multiply(phiQ, multiply(phiKt, V));
  const den = multiply(phiQ, multiply(phiKt, ones));
  for (let i = 0; i < num.rows; i++) for (let c = 0; c < num.cols; c++) num.data[i * num.cols + c] /= den.data[i];
  return num;
}

// Means of m balanced segments of rows [floor(j n / m), floor((j + 1) n / m)).
function segmentMeans(X, m) {
  const means = matrix(m, X.cols);
  for (let j = 0; j < m; j++) {
    const [lo, hi] = [Math.floor((j * X.rows) / m), Math.floor(((j + 1) * X.rows) / m)];
    for (let i = lo; i < hi; i++) for (let c = 0; c < X.cols; c++) means.data[j * X.cols + c] += X.data[i * X.cols + c] / (hi - lo);
  }
  return means;
}

// Razavi's iteration Z <- Z (13 I - X (15 I - X (7 I - X))) / 4 with X = A Z, from Z_0 = A^T / (|A|_1 |A|_inf).
function iterativePinvJs(A, steps) {
  const m = A.rows;
  const colSums = new Float64Array(m);
  let rowMaxSum = 0;
  for (let i = 0; i < m; i++) {
    let rowSum = 0;
    for (let j = 0; j < m; j++) {
      rowSum += Math.abs(A.data[i * m + j]);
      colSums[j] += Math.abs(A.data[i * m + j]);
    }
    rowMaxSum = Math.max(rowMaxSum, rowSum);
  }
  let Z = transpose(A);
  const alpha = 1 / (Math.max(...colSums) * rowMaxSum);
  Z.data.forEach((x, i) => (Z.data[i] = alpha * x));
  const cIMinus = (c, X) => {
    const out = matrix(m, m);
    X.data.forEach((x, i) => (out.data[i] = (i % (m + 1) === 0 ? c : 0) - x));
    return out;
  };
  for (let step = 0; step < steps; step++) {
    const X = multiply(A, Z);
    const inner = multiply(X, cIMinus(15, multiply(X, cIMinus(7, X))));
    Z = multiply(Z, cIMinus(13, inner));
    Z.data.forEach((x, i) => (Z.data[i] = x / 4));
  }
  return Z;
}

/** Nyströmformer attention: F (Z (B V)) with segment-mean landmarks and six Razavi steps. */
export function nystromAttentionJs(Q, K, V, m, scale = 1 / Math.sqrt(Q.cols)) {
  const [Qt, Kt] = [segmentMeans(Q, m), segmentMeans(K, m)];
  const F = softmaxRows(multiply(Q, transpose(Kt)), scale);
  const A = softmaxRows(multiply(Qt, transpose(Kt)), scale);
  const B = softmaxRows(multiply(Qt, transpose(K)), scale);
  return multiply(F, multiply(iterativePinvJs(A, 6), multiply(B, V)));
}
