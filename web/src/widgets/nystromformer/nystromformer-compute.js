// The core calls of <mathlet-nystromformer> for the state on screen: the inputs Q, K, V (kept while
// preset, n, d and seed stay), the exact attention S with its largest logit (kept while the scale
// stays too), Nyström attention with its landmarks, middle matrix and S-hat, and its errors against
// S. At the default sizes this is about 1.6 million multiply-adds, done on the main thread and timed
// as 'mathlet-nystromformer main-thread core'. Past MAIN_THREAD_WORK (n = 512, or m = 64 with 30
// iterations) a change is evaluated in a worker instead (evaluateAway, nystromformer-jobs.js): the
// last evaluation stays on screen, marked pending, until the worker's is kept.
// The sweeps over m and the pseudo-inverse study run in the worker (nystromformer-background.js).
import { attentionKey, inputsKey, scaleOf } from './nystromformer-state.js';

/** Multiply-adds of one evaluation with the inputs and S kept: S-hat (n² m), S V and S-hat V (2 n² d), the kernels (2 n m d), the middle matrix (4 m³ a Razavi step, an m × m SVD). */
export function evaluationWork({ n, d, m, pinv, k }) {
  const steps = pinv === 'iterative' ? k : 0;
  return n * n * (m + 2 * d) + 2 * n * m * d + (4 * steps + 10) * m ** 3;
}

/**
 * The work above which a change is evaluated in the worker: about 3 ms of core time on the 2-core
 * test machine. The defaults are 1.6 million; n = 512 (d = 32, m = 16) is 21 million, and m = 64
 * with k = 30 at n = 128 is 37 million. Measured in Node: 8 ms of core time for the latter, 33 ms
 * for every attribute at its limit (n = 512, d = 64, m = 64, k = 30: 180 million).
 */
export const MAIN_THREAD_WORK = 8e6;
export const onMainThread = (s) => evaluationWork(s) <= MAIN_THREAD_WORK;

/** What identifies an evaluation: S and the approximation (not the study's amatrix and initscale). */
export const evaluationKey = (s) => `${attentionKey(s)}|${s.m}|${s.landmarks}|${s.pinv}|${s.k}`;

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

/** Past this logit s q_i . k_j a softmax without the max shift overflows (§6); the core finds the largest (largestLogit). */
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
 * createNystromEvaluate(core) -> { evaluate(state, previous) -> derived, evaluateAway(state, api) -> Promise,
 *   remember(key, singularValues), spectrum(key) }
 * derived = { state, inputs, S, logit, nys, errors, singularValues (null until the worker sends them), pending }.
 * A change (previous given) past MAIN_THREAD_WORK is not evaluated here: derived is then the last
 * evaluation (its own state included), pending, until evaluateAway(state, api), the same calls in
 * the worker, has kept the state's. A kept evaluation is reused: the spectrum's arrival, or a
 * change of the study's settings, costs no core call.
 */
export function createNystromEvaluate(core) {
  let inputs = { key: null };
  let attention = { key: null };
  const spectra = new Map(); // attentionKey -> S's singular values (the few most recent)
  const kept = new Map(); // evaluationKey -> { state, inputs, S, logit, nys, errors } (the few most recent)
  let shown = null; // the evaluation on screen

  function keep(value) {
    kept.set(evaluationKey(value.state), value);
    if (kept.size > 4) kept.delete(kept.keys().next().value);
    return value;
  }
  const derivedOf = (value, state, pending) => ({
    ...value,
    state,
    singularValues: spectra.get(attentionKey(value.state)) ?? null,
    pending,
  });

  function inputsOf(s) {
    if (inputs.key !== inputsKey(s)) inputs = { key: inputsKey(s), value: core.attentionInputs(s.preset, s.n, s.d, { seed: s.seed }) };
    return inputs.value;
  }
  function attentionOf(s, { Q, K }) {
    if (attention.key !== attentionKey(s)) {
      const scale = scaleOf(s);
      attention = { key: attentionKey(s), S: core.attentionMatrix(Q, K, { scale }), logit: core.largestLogit(Q, K, { scale }) };
    }
    return attention;
  }

  function evaluateHere(s) {
    return timed('mathlet-nystromformer main-thread core', () => {
      const QKV = inputsOf(s);
      const { S, logit } = attentionOf(s, QKV);
      const nys = core.nystromAttention(QKV.Q, QKV.K, QKV.V, s.m, nystromOptions(s));
      return keep({ state: s, inputs: QKV, S, logit, nys, errors: core.attentionErrors(S, nys.Shat, { V: QKV.V }) });
    });
  }

  function evaluate(s, previous) {
    const value = kept.get(evaluationKey(s)) ?? (previous === undefined || shown === null || onMainThread(s) ? evaluateHere(s) : null);
    if (value === null) return derivedOf(shown, shown.state, true);
    shown = value;
    return derivedOf(value, s, false);
  }

  // The same calls in the worker (api: parts/background-core.js's), the errors in nystromAttention's
  // own call, so that neither S nor S-hat is sent back to be compared.
  async function evaluateAway(s, api) {
    let QKV = inputs.key === inputsKey(s) ? inputs.value : null;
    if (!QKV) {
      QKV = await api.attentionInputs(s.preset, s.n, s.d, { seed: s.seed });
      inputs = { key: inputsKey(s), value: QKV };
    }
    let known = attention.key === attentionKey(s) ? attention : null;
    if (!known) {
      const scale = scaleOf(s);
      const [S, logit] = await Promise.all([api.attentionMatrix(QKV.Q, QKV.K, { scale }), api.largestLogit(QKV.Q, QKV.K, { scale })]);
      known = attention = { key: attentionKey(s), S, logit };
    }
    const nys = await api.nystromAttention(QKV.Q, QKV.K, QKV.V, s.m, { ...nystromOptions(s), errors: true });
    return keep({ state: s, inputs: QKV, S: known.S, logit: known.logit, nys, errors: nys.errors });
  }

  return {
    evaluate,
    evaluateAway,
    remember(key, singularValues) {
      spectra.set(key, singularValues);
      if (spectra.size > 8) spectra.delete(spectra.keys().next().value);
    },
    spectrum: (key) => spectra.get(key) ?? null,
  };
}
