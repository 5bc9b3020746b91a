// Entropy-invariant attention over the wasm core: the scale rules, row and attention entropies, the
// entropy-versus-length sweep, the annealed approximation, entropy normalization (and the article's raw
// loop), and the JL projection with its bounds (shared/math/entropy-invariant-attention.md §2). Range
// checks are the core's; this file turns JS arguments into the calling convention of
// cpp/bindings/entropy_bindings.cpp and names every bad argument.
import {
  MAX_VECTOR_LENGTH,
  booleanArg,
  choiceIndex,
  describe,
  int32Arg,
  numberArg,
  optionsArg,
  requiredNumberArg,
  vectorArg,
} from './arguments.js';
import { callWithMatrices, unwrap, withScratch } from './heap.js';
import { matrixArg } from './matrix.js';
import { seedHalves } from './seed.js';

// Orders match ScaleMode, SweepMode, KeyDistribution, LengthScale and NormalizeStatus in cpp/include/mathlets/entropy.hpp.
export const SCALE_MODES = ['standard', 'logn', 'logn-clipped', 'chiang', 'annealed-invariant'];
export const SWEEP_MODES = [...SCALE_MODES, 'entropy-normalized'];
export const KEY_DISTRIBUTIONS = ['gaussian', 'sphere'];
export const LENGTH_SCALES = ['none', 'global', 'per-row', 'per-row-clipped'];
export const NORMALIZE_STATUSES = ['ok', 'constant', 'target-above-max', 'target-below-min'];

const keysOf = (fn, o) => choiceIndex(fn, 'keys', o.keys, KEY_DISTRIBUTIONS, 'gaussian');

function modesArg(fn, modes) {
  if (modes === undefined) return Int32Array.from([0, 1]);
  if (!Array.isArray(modes) || modes.length === 0) {
    throw new TypeError(`${fn}: modes must be a non-empty array of ${SWEEP_MODES.join(', ')} (got ${describe(modes)})`);
  }
  return Int32Array.from(modes.map((m, i) => choiceIndex(fn, `modes[${i}]`, m, SWEEP_MODES)));
}

// Kept sweep scores ({ rows, cols, data } from entropyScores): checked here, since they may have more
// columns than MAX_MATRIX_DIM allows other matrices (one column per key, up to 2^20).
function scoresArg(fn, scores) {
  if (scores === null || typeof scores !== 'object')
    throw new TypeError(`${fn}: scores must be { rows, cols, data } (got ${describe(scores)})`);
  const { rows, cols } = scores;
  for (const [name, v] of [
    ['rows', rows],
    ['cols', cols],
  ]) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: scores.${name} must be a positive integer (got ${describe(v)})`);
  }
  if (rows > 4096 || rows * cols > MAX_VECTOR_LENGTH) throw new RangeError(`${fn}: scores is ${rows}x${cols}, larger than a sweep draws`);
  const data = vectorArg(fn, 'scores.data', scores.data);
  if (data.length !== rows * cols) throw new RangeError(`${fn}: scores is ${rows}x${cols} but scores.data holds ${data.length} values`);
  return { rows, cols, data: Float64Array.from(data) };
}

function attentionOptions(fn, options) {
  const o = optionsArg(fn, options, ['causal', 'lengthScale', 'base', 'gain']);
  return [
    booleanArg(fn, 'causal', o.causal, false),
    choiceIndex(fn, 'lengthScale', o.lengthScale, LENGTH_SCALES, 'none'),
    numberArg(fn, 'base', o.base, 512),
    numberArg(fn, 'gain', o.gain, 1),
  ];
}

function scaleFunctions(M) {
  /** lambda of a scale rule at length n and head size d (annealed-invariant: unreachable when log n <= H*). */
  function attentionScale(options) {
    const fn = 'attentionScale';
    const o = optionsArg(fn, options ?? {}, ['mode', 'n', 'd', 'base', 'gain', 'keys']);
    return unwrap(
      fn,
      M.attention_scale(
        choiceIndex(fn, 'mode', o.mode, SCALE_MODES, 'standard'),
        requiredNumberArg(fn, 'n', o.n),
        requiredNumberArg(fn, 'd', o.d),
        numberArg(fn, 'base', o.base, 512),
        numberArg(fn, 'gain', o.gain, 1),
        keysOf(fn, o),
      ),
    );
  }

  /** The annealed (sampling) entropy log n + log E e^(lambda s) - lambda E[s e^(lambda s)] / E e^(lambda s). */
  function annealedEntropy(n, d, lambda, options) {
    const fn = 'annealedEntropy';
    const o = optionsArg(fn, options, ['keys']);
    const args = [requiredNumberArg(fn, 'n', n), requiredNumberArg(fn, 'd', d), requiredNumberArg(fn, 'lambda', lambda)];
    return unwrap(fn, M.annealed_entropy(...args, keysOf(fn, o)));
  }

  /** The lambda whose annealed entropy at length n is target. */
  function invariantScale(n, d, target, options) {
    const fn = 'invariantScale';
    const o = optionsArg(fn, options, ['keys']);
    const args = [requiredNumberArg(fn, 'n', n), requiredNumberArg(fn, 'd', d), requiredNumberArg(fn, 'target', target)];
    return unwrap(fn, M.invariant_scale(...args, keysOf(fn, o)));
  }

  /** The sphere model's tilted angle: c* = cos theta*, the peak of log sin + lambda cos, and g(lambda). */
  function sphereTilt(lambda) {
    const fn = 'sphereTilt';
    return unwrap(fn, M.sphere_tilt(requiredNumberArg(fn, 'lambda', lambda)));
  }

  return { attentionScale, annealedEntropy, invariantScale, sphereTilt };
}

function entropyFunctions(M) {
  /** H of softmax(scale z) from its gaps, its two non-negative parts, the naive forms and dH/dscale. */
  function rowEntropy(z, options) {
    const fn = 'rowEntropy';
    const o = optionsArg(fn, options, ['scale']);
    const data = Float64Array.from(vectorArg(fn, 'z', z));
    const scale = numberArg(fn, 'scale', o.scale, 1);
    if (!(scale >= 0 && Number.isFinite(scale))) throw new RangeError(`${fn}: scale = ${scale} must be >= 0 and finite`);
    return withScratch(M, (s) => unwrap(fn, M.row_entropy(s.put(data), data.length, scale)));
  }

  /** Per-row entropy, perplexity and largest weight of softmax(lambda_i S_i) (-Infinity scores are masked keys). */
  function attentionEntropy(S, scale, options) {
    const fn = 'attentionEntropy';
    const mats = [matrixArg(fn, 'S', S)];
    const lambda = requiredNumberArg(fn, 'scale', scale);
    return callWithMatrices(M, fn, mats, M.attention_entropy, lambda, ...attentionOptions(fn, options));
  }

  /** attentionEntropy on S = Q K^T. */
  function attentionEntropyQK(Q, K, scale, options) {
    const fn = 'attentionEntropyQK';
    const mats = [matrixArg(fn, 'Q', Q), matrixArg(fn, 'K', K)];
    const lambda = requiredNumberArg(fn, 'scale', scale);
    return callWithMatrices(M, fn, mats, M.attention_entropy_qk, lambda, ...attentionOptions(fn, options));
  }

  /** D = Q K^T (rows x n) of a sweep's seeded draws, to keep and pass back as entropyVsLength's scores. */
  function entropyScores(options) {
    const fn = 'entropyScores';
    const o = optionsArg(fn, options ?? {}, ['d', 'rows', 'n', 'seed', 'keys']);
    return unwrap(
      fn,
      M.sweep_scores(
        int32Arg(fn, 'd', o.d, 64),
        int32Arg(fn, 'rows', o.rows, 64),
        int32Arg(fn, 'n', o.n, undefined),
        ...seedHalves(fn, o.seed ?? 42),
        keysOf(fn, o),
      ),
    );
  }

  /**
   * Row-entropy statistics per (mode, length) on seeded random queries and keys; the keys of every
   * length are a prefix of one draw. Defaults: d = 64, rows = 64, seed 42, Gaussian keys, gain 1,
   * base 512, modes standard and logn; lengths are required. With `scores` (from entropyScores, kept
   * while only gain, base, modes or lengths change) nothing is drawn: rows, seed and maxKeys go with it.
   */
  function entropyVsLength(options) {
    const fn = 'entropyVsLength';
    if (options === undefined) throw new TypeError(`${fn}: options are missing (at least { lengths })`);
    const o = optionsArg(fn, options, ['d', 'lengths', 'rows', 'seed', 'keys', 'gain', 'base', 'modes', 'maxKeys', 'scores']);
    if (o.lengths === undefined) throw new TypeError(`${fn}: lengths is missing (the sequence lengths n to sweep)`);
    const lengths = Float64Array.from(vectorArg(fn, 'lengths', o.lengths));
    const modes = modesArg(fn, o.modes);
    const kept = o.scores === undefined ? null : scoresArg(fn, o.scores);
    if (kept && (o.rows !== undefined || o.seed !== undefined || o.maxKeys !== undefined)) {
      throw new TypeError(`${fn}: scores replaces rows, seed and maxKeys (the draw they describe)`);
    }
    const points = withScratch(M, (s) =>
      unwrap(
        fn,
        M.entropy_vs_length(
          int32Arg(fn, 'd', o.d, 64),
          s.put(lengths),
          lengths.length,
          int32Arg(fn, 'rows', o.rows, 64),
          ...seedHalves(fn, o.seed ?? 42),
          keysOf(fn, o),
          numberArg(fn, 'gain', o.gain, 1),
          numberArg(fn, 'base', o.base, 512),
          s.put(modes),
          modes.length,
          numberArg(fn, 'maxKeys', o.maxKeys, 0),
          kept ? s.put(kept.data) : 0,
          kept ? kept.rows : 0,
          kept ? kept.cols : 0,
        ),
      ),
    );
    return { points: points.map((p) => ({ ...p, mode: SWEEP_MODES[p.mode] })) };
  }

  return { rowEntropy, attentionEntropy, attentionEntropyQK, entropyScores, entropyVsLength };
}

function normalizationFunctions(M) {
  /** The exponent gamma with H(p^gamma / sum p^gamma) = target, by safeguarded Newton on the gaps. */
  function entropyNormalize(options) {
    const fn = 'entropyNormalize';
    const o = optionsArg(fn, options ?? {}, ['probs', 'logits', 'target']);
    if ((o.probs === undefined) === (o.logits === undefined)) throw new TypeError(`${fn}: pass one of probs and logits`);
    const probs = o.probs !== undefined;
    const values = Float64Array.from(vectorArg(fn, probs ? 'probs' : 'logits', probs ? o.probs : o.logits));
    const target = requiredNumberArg(fn, 'target', o.target);
    const r = withScratch(M, (s) => unwrap(fn, M.entropy_normalize(s.put(values), values.length, probs, target)));
    return { ...r, status: NORMALIZE_STATUSES[r.status] };
  }

  /** The article's raw loop, pass by pass: negative exponents, overflow and NaN are reported, not hidden. */
  function articleIteration(p, target, options) {
    const fn = 'articleIteration';
    const o = optionsArg(fn, options, ['iters']);
    const values = Float64Array.from(vectorArg(fn, 'p', p));
    const rest = [requiredNumberArg(fn, 'target', target), int32Arg(fn, 'iters', o.iters, 10)];
    return withScratch(M, (s) => unwrap(fn, M.article_iteration(s.put(values), values.length, ...rest)));
  }

  return { entropyNormalize, articleIteration };
}

function jlFunctions(M) {
  /** A (k x m): seeded normals divided by sqrt(k). */
  function jlProjectionMatrix(k, m, seed) {
    const fn = 'jlProjectionMatrix';
    return unwrap(fn, M.jl_projection_matrix(int32Arg(fn, 'k', k, undefined), int32Arg(fn, 'm', m, undefined), ...seedHalves(fn, seed)));
  }

  /** Ratios |A(x_i - x_j)|^2 / |x_i - x_j|^2 over the pairs i < j, with their summary. */
  function jlProjectionDistortion(X, k, seed, options) {
    const fn = 'jlProjectionDistortion';
    const o = optionsArg(fn, options, ['eps']);
    const rest = [int32Arg(fn, 'k', k, undefined), ...seedHalves(fn, seed), numberArg(fn, 'eps', o.eps, 0.5)];
    return callWithMatrices(M, fn, [matrixArg(fn, 'X', X)], M.jl_projection_distortion, ...rest);
  }

  /** Per-pair failure bounds at k (simple, Chernoff, exact chi-square) and the k each asks for. */
  function jlBounds(N, eps, k) {
    const fn = 'jlBounds';
    return unwrap(fn, M.jl_bounds(requiredNumberArg(fn, 'N', N), requiredNumberArg(fn, 'eps', eps), requiredNumberArg(fn, 'k', k)));
  }

  return { jlProjectionMatrix, jlProjectionDistortion, jlBounds };
}

export function entropyApi(M) {
  return { ...scaleFunctions(M), ...entropyFunctions(M), ...normalizationFunctions(M), ...jlFunctions(M) };
}
