// What a JS user would write for per-row attention entropies without mathlets: S = Q K^T, then each
// row of softmax(scale S) shifted by its maximum, with H = log Z - sum_j p_j (z_j - z_max) (the
// max-shifted textbook form), its perplexity and largest weight. mathlets computes the same from the
// gaps and also returns each row's scale, visible keys and the fast bound; tests/bench/bench.test.js
// checks that the entropies agree.

export function attentionEntropyJs(q, k, scale) {
  const { rows, cols: d } = q;
  const n = k.rows;
  const entropy = new Float64Array(rows);
  const perplexity = new Float64Array(rows);
  const maxWeight = new Float64Array(rows);
  const z = new Float64Array(n);
  for (let i = 0; i < rows; i++) {
    let top = -Infinity;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let t = 0; t < d; t++) dot += q.data[i * d + t] * k.data[j * d + t];
      z[j] = scale * dot;
      if (z[j] > top) top = z[j];
    }
    let sum = 0;
    let weighted = 0;
    for (let j = 0; j < n; j++) {
      const w = Math.exp(z[j] - top);
      sum += w;
      weighted += w * (z[j] - top);
    }
    entropy[i] = Math.log(sum) - weighted / sum;
    perplexity[i] = Math.exp(entropy[i]);
    maxWeight[i] = 1 / sum;
  }
  return { entropy, perplexity, maxWeight };
}
