// Performer (FAVOR+) attention over the wasm core: exact softmax attention, random projections,
// feature maps, linear-time attention and its approximate matrix, and the estimator's statistics
// (shared/math/performer.md §2). Range checks are the core's; this file turns JS arguments into the
// calling convention of cpp/bindings/performer_bindings.cpp and names every bad argument.
import { booleanArg, choiceIndex, int32Arg, numberArg, optionsArg, requiredNumberArg, vectorArg } from './arguments.js';
import { callWithMatrices, unwrap, withScratch } from './heap.js';
import { EMPTY_MATRIX, matrixArg } from './matrix.js';
import { seedHalves } from './seed.js';

// Orders match FeatureKind, OmegaNorms, OmegaQr, Stabilizer and StatsPath in cpp/include/mathlets/performer.hpp.
export const FEATURE_KINDS = ['positive', 'hyperbolic', 'trig'];
export const OMEGA_NORMS = ['chi', 'fixed', 'quantile'];
const QR_RULES = ['gram-schmidt', 'householder-unsigned'];
const STABILIZERS = ['log-domain', 'reference-eps', 'none'];
const STATS_PATHS = ['projection', 'full'];
// As kMaxHeadSize in performer.hpp (the vectors of kernelEstimateStats are checked here).
const MAX_HEAD_SIZE = 4096;

const scaleOf = (fn, o) => numberArg(fn, 'scale', o.scale, NaN);
const featuresOf = (fn, m) => int32Arg(fn, 'm', m, 64);

function softmaxFunctions(M) {
  /** Exact softmax attention: out_i = sum_j softmax(scale q_i.k_j) v_j, and log sum_j exp(scale q_i.k_j). */
  function softmaxAttention(Q, K, V, options) {
    const fn = 'softmaxAttention';
    const o = optionsArg(fn, options, ['scale', 'causal']);
    const mats = [matrixArg(fn, 'Q', Q), matrixArg(fn, 'K', K), matrixArg(fn, 'V', V)];
    return callWithMatrices(M, fn, mats, M.softmax_attention, scaleOf(fn, o), booleanArg(fn, 'causal', o.causal, false));
  }

  /** The softmax weights themselves (n_q x n_k; zero above the diagonal when causal). */
  function softmaxAttentionWeights(Q, K, options) {
    const fn = 'softmaxAttentionWeights';
    const o = optionsArg(fn, options, ['scale', 'causal']);
    const mats = [matrixArg(fn, 'Q', Q), matrixArg(fn, 'K', K)];
    return callWithMatrices(M, fn, mats, M.softmax_attention_weights, scaleOf(fn, o), booleanArg(fn, 'causal', o.causal, false));
  }

  return { softmaxAttention, softmaxAttentionWeights };
}

function featureFunctions(M) {
  /** W (m x d): Gaussian projections, i.i.d. or orthogonal in blocks of d, with chi, fixed or quantile norms. */
  function drawOmegas(d, m, options) {
    const fn = 'drawOmegas';
    const o = optionsArg(fn, options, ['orthogonal', 'norms', 'seed', 'qr']);
    return unwrap(
      fn,
      M.draw_omegas(
        int32Arg(fn, 'd', d, undefined),
        featuresOf(fn, m),
        booleanArg(fn, 'orthogonal', o.orthogonal, true),
        choiceIndex(fn, 'norms', o.norms, OMEGA_NORMS, 'chi'),
        ...seedHalves(fn, o.seed),
        choiceIndex(fn, 'qr', o.qr, QR_RULES, 'gram-schmidt'),
      ),
    );
  }

  /** phi(x_i) = exp(logScale_i) F_i for x scaled by sqrt(scale). */
  function performerFeatures(X, W, options) {
    const fn = 'performerFeatures';
    const o = optionsArg(fn, options, ['kind', 'scale']);
    const mats = [matrixArg(fn, 'X', X), matrixArg(fn, 'W', W)];
    return callWithMatrices(
      M,
      fn,
      mats,
      M.performer_features,
      choiceIndex(fn, 'kind', o.kind, FEATURE_KINDS, 'positive'),
      numberArg(fn, 'scale', o.scale, 1),
    );
  }

  /** Linear-time attention through m random features (an explicit W overrides m, orthogonal, norms, seed). */
  function performerAttention(Q, K, V, options) {
    const fn = 'performerAttention';
    const o = optionsArg(fn, options, ['m', 'kind', 'orthogonal', 'norms', 'seed', 'scale', 'causal', 'stabilizer', 'eps', 'W']);
    const mats = [
      matrixArg(fn, 'Q', Q),
      matrixArg(fn, 'K', K),
      matrixArg(fn, 'V', V),
      o.W === undefined ? EMPTY_MATRIX : matrixArg(fn, 'W', o.W),
    ];
    if (o.W !== undefined && mats[3].rows === 0) throw new RangeError(`${fn}: W has no rows; it needs at least one feature`);
    return callWithMatrices(
      M,
      fn,
      mats,
      M.performer_attention,
      featuresOf(fn, o.m),
      choiceIndex(fn, 'kind', o.kind, FEATURE_KINDS, 'positive'),
      booleanArg(fn, 'orthogonal', o.orthogonal, true),
      choiceIndex(fn, 'norms', o.norms, OMEGA_NORMS, 'chi'),
      ...seedHalves(fn, o.seed),
      scaleOf(fn, o),
      booleanArg(fn, 'causal', o.causal, false),
      choiceIndex(fn, 'stabilizer', o.stabilizer, STABILIZERS, 'log-domain'),
      numberArg(fn, 'eps', o.eps, 1e-4),
    );
  }

  /** Row-normalised P-hat from the same features, and per row its total variation against softmax. */
  function performerAttentionMatrix(Q, K, W, options) {
    const fn = 'performerAttentionMatrix';
    const o = optionsArg(fn, options, ['kind', 'scale', 'causal']);
    const mats = [matrixArg(fn, 'Q', Q), matrixArg(fn, 'K', K), matrixArg(fn, 'W', W)];
    const kind = choiceIndex(fn, 'kind', o.kind, FEATURE_KINDS, 'positive');
    return callWithMatrices(M, fn, mats, M.performer_attention_matrix, kind, scaleOf(fn, o), booleanArg(fn, 'causal', o.causal, false));
  }

  return { drawOmegas, performerFeatures, performerAttention, performerAttentionMatrix };
}

function estimatorFunctions(M) {
  /** Closed-form and Monte Carlo mean and variance of one estimate of exp(q.k), with the first 4096 estimates / SM. */
  function kernelEstimateStats(q, k, m, options) {
    const fn = 'kernelEstimateStats';
    const o = optionsArg(fn, options, ['kind', 'orthogonal', 'norms', 'trials', 'seed', 'path']);
    const qv = Float64Array.from(vectorArg(fn, 'q', q, { finite: true }));
    const kv = Float64Array.from(vectorArg(fn, 'k', k, { finite: true }));
    if (kv.length !== qv.length) throw new RangeError(`${fn}: k has ${kv.length} entries but q has ${qv.length}`);
    if (qv.length > MAX_HEAD_SIZE) throw new RangeError(`${fn}: q has ${qv.length} entries; the limit is ${MAX_HEAD_SIZE}`);
    const rest = [
      featuresOf(fn, m),
      choiceIndex(fn, 'kind', o.kind, FEATURE_KINDS, 'positive'),
      booleanArg(fn, 'orthogonal', o.orthogonal, true),
      choiceIndex(fn, 'norms', o.norms, OMEGA_NORMS, 'chi'),
      int32Arg(fn, 'trials', o.trials, 1000),
      ...seedHalves(fn, o.seed),
      choiceIndex(fn, 'path', o.path, STATS_PATHS, 'projection'),
    ];
    return withScratch(M, (s) => unwrap(fn, M.kernel_estimate_stats(s.put(qv), s.put(kv), qv.length, ...rest)));
  }

  /** Closed-form Var(K-hat)/SM^2 at each r = ||q+k|| (positive, hyperbolic) or ||q-k|| (trig); chi norms. */
  function kernelRelativeVariance(r, d, m, options) {
    const fn = 'kernelRelativeVariance';
    const o = optionsArg(fn, options, ['kind', 'orthogonal']);
    const rv = Float64Array.from(vectorArg(fn, 'r', r, { allowEmpty: true }));
    const args = [
      int32Arg(fn, 'd', d, undefined),
      featuresOf(fn, m),
      choiceIndex(fn, 'kind', o.kind, FEATURE_KINDS, 'positive'),
      booleanArg(fn, 'orthogonal', o.orthogonal, true),
    ];
    return withScratch(M, (s) => unwrap(fn, M.kernel_relative_variance(s.put(rv), rv.length, ...args)));
  }

  /** E(K-hat)/SM and Var(K-hat)/SM^2 in closed form from ||q+k||^2 and ||q-k||^2 (variance: chi norms only). */
  function kernelRelativeMoments(z2, delta2, d, m, options) {
    const fn = 'kernelRelativeMoments';
    const o = optionsArg(fn, options, ['kind', 'orthogonal', 'norms']);
    return unwrap(
      fn,
      M.kernel_relative_moments(
        requiredNumberArg(fn, 'z2', z2),
        requiredNumberArg(fn, 'delta2', delta2),
        int32Arg(fn, 'd', d, undefined),
        featuresOf(fn, m),
        choiceIndex(fn, 'kind', o.kind, FEATURE_KINDS, 'positive'),
        booleanArg(fn, 'orthogonal', o.orthogonal, true),
        choiceIndex(fn, 'norms', o.norms, OMEGA_NORMS, 'chi'),
      ),
    );
  }

  /** R with P(||omega|| <= R) = p for omega ~ N(0, I_d). */
  function chiQuantile(d, p) {
    const fn = 'chiQuantile';
    return unwrap(fn, M.chi_quantile(requiredNumberArg(fn, 'd', d), requiredNumberArg(fn, 'p', p)));
  }

  /** Flops, exponentials and memory of softmax and Performer attention (R15's model). */
  function attentionCost(nq, nk, d, dv, m, options) {
    const fn = 'attentionCost';
    const o = optionsArg(fn, options, ['kind']);
    const sizes = Object.entries({ nq, nk, d, dv, m }).map(([name, v]) => requiredNumberArg(fn, name, v));
    return unwrap(fn, M.attention_cost(...sizes, choiceIndex(fn, 'kind', o.kind, FEATURE_KINDS, 'positive')));
  }

  return { kernelEstimateStats, kernelRelativeVariance, kernelRelativeMoments, chiQuantile, attentionCost };
}

export const performerApi = (M) => ({ ...softmaxFunctions(M), ...featureFunctions(M), ...estimatorFunctions(M) });
