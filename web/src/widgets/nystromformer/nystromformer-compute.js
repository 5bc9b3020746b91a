// The main-thread core calls of <mathlet-nystromformer>: for the state on screen, the inputs Q, K, V
// (kept while preset, n, d and seed stay), the exact attention S (kept while the scale stays too),
// Nyström attention with its landmarks, middle matrix and S-hat, and its errors against S (with the
// Eckart–Young floor once the worker has sent S's singular values). At the default sizes this is
// about a million multiply-adds; the calls are timed as 'mathlet-nystromformer main-thread core'.
// The sweeps over m and the pseudo-inverse study run in the worker (nystromformer-background.js).
import { attentionKey, inputsKey, scaleOf } from './nystromformer-state.js';

/** The balanced segments [floor(j n / m), floor((j + 1) n / m)) of segment means (§2.2). */
export function segmentBounds(n, m) {
  return Array.from({ length: m }, (_, j) => [Math.floor((j * n) / m), Math.floor(((j + 1) * n) / m)]);
}

/** ||Shat - S||_F / ||S||_F (§2.6's relative error), for the worker's S-hats. */
export function relativeError(Shat, S) {
  let diff = 0;
  let norm = 0;
  for (let p = 0; p < S.data.length; p++) {
    const e = Shat.data[p] - S.data[p];
    diff += e * e;
    norm += S.data[p] * S.data[p];
  }
  return Math.sqrt(diff / norm);
}

/** The Eckart–Young floor at m: sqrt(sum_{k > m} sigma_k^2) / ||S||_F (R14). */
export function floorAt(singularValues, m) {
  let tail = 0;
  let total = 0;
  singularValues.forEach((s, k) => {
    total += s * s;
    if (k >= m) tail += s * s;
  });
  return total > 0 ? Math.sqrt(tail / total) : 0;
}

/**
 * The largest logit s q_i . k_j: a softmax without the max shift overflows once it passes
 * log(Number.MAX_VALUE) = 709.78 (§6). n^2 d multiply-adds, once per inputs and scale.
 */
export function largestLogit(Q, K, scale) {
  const { rows: n, cols: d } = Q;
  let largest = -Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < K.rows; j++) {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += Q.data[i * d + c] * K.data[j * d + c];
      if (scale * dot > largest) largest = scale * dot;
    }
  }
  return largest;
}
export const OVERFLOW_LOGIT = Math.log(Number.MAX_VALUE);

// A core call, timed so the browser test can report the main-thread cost of one update.
function timed(name, f) {
  const start = performance.now();
  try {
    return f();
  } finally {
    performance.measure(name, { start });
  }
}

/** The core's options for Nyström attention in state `s`. */
export const nystromOptions = (s) => ({
  landmarks: s.landmarks,
  pinv: s.pinv,
  pinvIters: s.k,
  scale: scaleOf(s),
  seed: s.seed,
  returnMatrix: true,
  history: false, // the per-step residuals are the study's (worker), not needed here
});

/**
 * createNystromEvaluate(core) -> { evaluate(state) -> derived, remember(key, singularValues), spectrum(key) }
 * derived = { state, inputs, S, logit, nys, errors, singularValues (or null until the worker sends them) }.
 */
export function createNystromEvaluate(core) {
  let inputs = { key: null };
  let attention = { key: null };
  const spectra = new Map(); // attentionKey -> S's singular values (the few most recent)

  function inputsOf(s) {
    if (inputs.key !== inputsKey(s)) inputs = { key: inputsKey(s), value: core.attentionInputs(s.preset, s.n, s.d, { seed: s.seed }) };
    return inputs.value;
  }
  function attentionOf(s, { Q, K }) {
    if (attention.key !== attentionKey(s)) {
      const scale = scaleOf(s);
      attention = { key: attentionKey(s), S: core.attentionMatrix(Q, K, { scale }), logit: largestLogit(Q, K, scale) };
    }
    return attention;
  }

  function evaluate(s) {
    return timed('mathlet-nystromformer main-thread core', () => {
      const QKV = inputsOf(s);
      const { S, logit } = attentionOf(s, QKV);
      const nys = core.nystromAttention(QKV.Q, QKV.K, QKV.V, s.m, nystromOptions(s));
      const singularValues = spectra.get(attentionKey(s)) ?? null;
      const errors = core.attentionErrors(S, nys.Shat, { V: QKV.V, ...(singularValues ? { singularValues, m: s.m } : {}) });
      return { state: s, inputs: QKV, S, logit, nys, errors, singularValues };
    });
  }

  return {
    evaluate,
    remember(key, singularValues) {
      spectra.set(key, singularValues);
      if (spectra.size > 8) spectra.delete(spectra.keys().next().value);
    },
    spectrum: (key) => spectra.get(key) ?? null,
  };
}
