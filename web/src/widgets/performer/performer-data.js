// The attention inputs of <mathlet-performer> and the logit scale its sharpness slider sets.
// Q, K, V come from the core's attentionInputs (SplitMix64, so a seed gives the same numbers in the
// native library, in wasm and in a NumPy port): 'gaussian' is its i.i.d. preset, 'structured' its
// 'sharp' one (unit tokens on a closed curve with Q = K, so each query attends to its neighbours:
// local attention), 'clusters' eight groups of tokens. The sharpness σ is the standard deviation of
// the logits s·q_i·k_j over all pairs (performer.md R14 scales Gaussian q, k to logit sd σ): the
// scale is s = σ / sd(q_i·k_j), so one slider means the same on every preset.

export const CORE_PRESET = { gaussian: 'iid', structured: 'sharp', clusters: 'clusters' };

/** (row i of M) as a Float64Array (M row-major). */
export const rowOf = (M, i) => M.data.slice(i * M.cols, (i + 1) * M.cols);

/**
 * The standard deviation of q_i·k_j over all n_q n_k pairs, in O(n d²) instead of O(n² d): the mean
 * is (Σ q_i)·(Σ k_j) / (n_q n_k) and the mean square Σ_ab (QᵀQ)_ab (KᵀK)_ab / (n_q n_k).
 */
export function logitSpread(Q, K) {
  const d = Q.cols;
  const gram = (X) => {
    const G = new Float64Array(d * d);
    const sum = new Float64Array(d);
    for (let i = 0; i < X.rows; i++) {
      const off = i * d;
      for (let a = 0; a < d; a++) {
        const xa = X.data[off + a];
        sum[a] += xa;
        for (let b = 0; b < d; b++) G[a * d + b] += xa * X.data[off + b];
      }
    }
    return { G, sum };
  };
  const q = gram(Q);
  const k = gram(K);
  const pairs = Q.rows * K.rows;
  let mean = 0;
  let square = 0;
  for (let a = 0; a < d; a++) mean += q.sum[a] * k.sum[a];
  for (let ab = 0; ab < d * d; ab++) square += q.G[ab] * k.G[ab];
  mean /= pairs;
  return Math.sqrt(Math.max(square / pairs - mean * mean, 0));
}

/** The inputs of `state` from the core, with the spread of their logits. */
export function attentionData(core, { inputs, n, d, seed }) {
  const { Q, K, V } = core.attentionInputs(CORE_PRESET[inputs], n, d, { seed });
  return { Q, K, V, spread: logitSpread(Q, K) };
}

/** The logit scale s that gives logit standard deviation σ (the sharpness). */
export const scaleFor = (sharpness, spread) => sharpness / spread;

/** Index of the largest entry of row i of S (the key query i attends to most; the first of ties). */
export function topKey(S, i) {
  let best = 0;
  for (let j = 1; j < S.cols; j++) if (S.data[i * S.cols + j] > S.data[i * S.cols + best]) best = j;
  return best;
}

/**
 * The pair (q', k') = (√s q_row, √s k_key) whose kernel e^{q'·k'} = e^{s q·k} the histograms estimate
 * (performer.md §0: implementations scale queries and keys by √s so that the kernel has scale 1).
 */
export function scaledPair({ Q, K }, scale, row, key) {
  const root = Math.sqrt(scale);
  const q = rowOf(Q, row).map((x) => x * root);
  const k = rowOf(K, key).map((x) => x * root);
  let dot = 0;
  let qq = 0;
  let kk = 0;
  for (let c = 0; c < q.length; c++) {
    dot += q[c] * k[c];
    qq += q[c] * q[c];
    kk += k[c] * k[c];
  }
  const cos = qq > 0 && kk > 0 ? Math.max(-1, Math.min(1, dot / Math.sqrt(qq * kk))) : 1;
  return { q, k, logit: dot, qNorm: Math.sqrt(qq), kNorm: Math.sqrt(kk), angle: Math.acos(cos) };
}
