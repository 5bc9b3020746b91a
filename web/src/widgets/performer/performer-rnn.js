// The numbers of the "causal Performer as an RNN" panel (performer.md §5, widget P6; R11, R12):
// causal Performer attention read token by token as a recurrent network. After key i the state is
//   S_i = Σ_{j≤i} e^{L_K[j,l] − c_l} v_j  (M × d_v),   z_i = Σ_{j≤i} e^{L_K[j,l] − c_l}  (M),
//   c_l = max_{j≤i} L_K[j,l]  (the running maxima of the log features, R12's causal recipe),
// and output i is w S_i / (w · z_i) with w_l = e^{L_Q[i,l] + c_l − a_i}. When key i raises c_l, the
// sums of feature l are rescaled by e^{c_old − c_new}: the panel marks those features.
// A causal output depends only on the tokens before it, so the first TOKENS tokens of the widget's
// inputs are an exact prefix: the stepper recomputes the state from them (O(i M d_v) a step, under
// 10 ms at the largest M and d_v), and each output row is checked against the core's own causal
// linear algorithm and against the masked quadratic form P̂V (performerAttentionMatrix).
// Trig features can be negative, so they have no log domain: their state is the plain sums (c = 0).

import { matrixProduct } from '../parts/matrix-product.js';

export const TOKENS = 64;

const rowsOf = (M, count) => ({ rows: count, cols: M.cols, data: M.data.subarray(0, count * M.cols) });

/** P V for P (n × n, masked) and V (n × d_v). */
export const times = matrixProduct;

// The log of each feature, L[j,l] = log F[j,l] + logScale_j (positive and hyperbolic features are > 0).
function logFeatures({ F, logScale }) {
  const L = new Float64Array(F.data.length);
  for (let j = 0; j < F.rows; j++) for (let l = 0; l < F.cols; l++) L[j * F.cols + l] = Math.log(F.data[j * F.cols + l]) + logScale[j];
  return L;
}

// The features themselves, φ[j,l] = e^{logScale_j} F[j,l] (trig).
function plainFeatures({ F, logScale }) {
  return F.data.map((x, p) => x * Math.exp(logScale[Math.floor(p / F.cols)]));
}

/** The key of what the trace depends on (the inputs, the scale and the features). */
export const rnnKey = (s, scale) => `${s.inputs}|${s.n}|${s.d}|${s.seed}|${scale}|${s.m}|${s.kind}|${s.orthogonal}|${s.featureSeed}`;

/**
 * rnnTrace(core, { data: { Q, K, V }, scale, state }) -> { tokens, M, dv, logDomain, q, k, V, reference, quadratic }
 * q, k: the query and key features (their logs when logDomain); reference: the core's causal linear
 * output (performerAttention, causal); quadratic: the masked P̂ times V (performerAttentionMatrix).
 */
export function rnnTrace(core, { data, scale, state }) {
  const tokens = Math.min(TOKENS, data.Q.rows);
  const [Q, K, V] = [data.Q, data.K, data.V].map((X) => rowsOf(X, tokens));
  const W = core.drawOmegas(state.d, state.m, { orthogonal: state.orthogonal, norms: 'chi', seed: state.featureSeed });
  const options = { kind: state.kind, scale };
  const fq = core.performerFeatures(Q, W, options);
  const fk = core.performerFeatures(K, W, options);
  const logDomain = state.kind !== 'trig';
  const features = logDomain ? logFeatures : plainFeatures;
  const reference = core.performerAttention(Q, K, V, { W, ...options, causal: true }).out;
  const { P } = core.performerAttentionMatrix(Q, K, W, { ...options, causal: true });
  return { tokens, M: fk.F.cols, dv: V.cols, logDomain, q: features(fq), k: features(fk), V, reference, quadratic: times(P, V) };
}

/**
 * stateAt(trace, i) -> { i, S: { rows: M, cols: d_v, data }, z, c (null for trig), rescaled (features
 * whose maximum key i raised), out, logD, reference, quadratic, gap (largest |out − quadratic|) }
 */
export function stateAt(trace, i) {
  const { M, dv, V, logDomain, q, k } = trace;
  const S = new Float64Array(M * dv);
  const z = new Float64Array(M);
  const c = logDomain ? new Float64Array(M).fill(-Infinity) : null;
  let rescaled = [];
  for (let j = 0; j <= i; j++) {
    const raised = [];
    for (let l = 0; l < M; l++) {
      let weight = k[j * M + l];
      if (logDomain) {
        if (weight > c[l]) {
          // The online-softmax step: the sums so far move to the new maximum.
          const shrink = c[l] === -Infinity ? 0 : Math.exp(c[l] - weight);
          z[l] *= shrink;
          for (let col = 0; col < dv; col++) S[l * dv + col] *= shrink;
          c[l] = weight;
          raised.push(l);
        }
        weight = weight === -Infinity ? 0 : Math.exp(weight - c[l]);
      }
      z[l] += weight;
      for (let col = 0; col < dv; col++) S[l * dv + col] += weight * V.data[j * dv + col];
    }
    rescaled = raised;
  }
  // The query's weights: e^{L_Q + c − a} in the log domain (a: their largest exponent), else φ(q_i).
  const w = new Float64Array(M);
  let a = 0;
  if (logDomain) {
    a = -Infinity;
    for (let l = 0; l < M; l++) if (c[l] > -Infinity) a = Math.max(a, q[i * M + l] + c[l]);
    for (let l = 0; l < M; l++) w[l] = c[l] > -Infinity ? Math.exp(q[i * M + l] + c[l] - a) : 0;
  } else {
    for (let l = 0; l < M; l++) w[l] = q[i * M + l];
  }
  let denominator = 0;
  const out = new Float64Array(dv);
  for (let l = 0; l < M; l++) {
    denominator += w[l] * z[l];
    for (let col = 0; col < dv; col++) out[col] += w[l] * S[l * dv + col];
  }
  for (let col = 0; col < dv; col++) out[col] /= denominator;
  const reference = trace.reference.data.subarray(i * dv, (i + 1) * dv);
  const quadratic = trace.quadratic.data.subarray(i * dv, (i + 1) * dv);
  let gap = 0;
  for (let col = 0; col < dv; col++) gap = Math.max(gap, Math.abs(out[col] - quadratic[col]));
  return {
    i,
    S: { rows: M, cols: dv, data: S },
    z,
    c,
    rescaled,
    out,
    logD: a + Math.log(Math.abs(denominator)),
    reference,
    quadratic,
    gap,
  };
}
