// Nyströmformer attention over the wasm core: the attention matrix, attention through m landmarks with
// an exact, iterative or identity middle matrix, the iterative pseudo-inverse with its per-step
// residuals and scalar filter, errors against exact attention, and the article's demo inputs
// (shared/math/nystromformer.md §2). Range checks are the core's; this file turns JS arguments into
// the calling convention of cpp/bindings/nystromformer_bindings.cpp and names every bad argument.
import { booleanArg, choiceIndex, int32Arg, numberArg, optionsArg, vectorArg } from './arguments.js';
import { callWithMatrices, matrixArgs, unwrap, withScratch } from './heap.js';
import { EMPTY_MATRIX, matrixArg } from './matrix.js';
import { seedHalves } from './seed.js';

// Orders match LandmarkRule, NystromMiddle, PinvIteration and AttentionPreset in cpp/include/mathlets/nystromformer.hpp.
export const LANDMARK_RULES = ['segment', 'random', 'kmeans', 'leverage', 'manual'];
export const NYSTROM_MIDDLES = ['iterative', 'svd', 'identity'];
export const PINV_ITERATIONS = ['razavi', 'newton-schulz', 'chebyshev'];
export const ATTENTION_PRESETS = ['iid', 'smooth', 'clusters', 'shuffled', 'sharp'];
const NYSTROM_OPTIONS = ['landmarks', 'indices', 'pinv', 'pinvIters', 'rtol', 'scale', 'seed', 'returnMatrix', 'history', 'errors'];

function indicesArg(fn, v) {
  if (v === undefined) return new Int32Array(0);
  const values = vectorArg(fn, 'indices', v, { allowEmpty: true });
  values.forEach((x, i) => {
    if (!Number.isInteger(x) || x < 0 || x > 2 ** 31 - 1) throw new RangeError(`${fn}: indices[${i}] must be a token index (got ${x})`);
  });
  return Int32Array.from(values);
}

// The exact attention S and its largest logit, for comparing against and for the overflow of a
// softmax without the max shift.
function exactAttentionApi(M) {
  /** S = softmax(scale Q K^T) row by row (scale default 1/sqrt(d)). */
  function attentionMatrix(Q, K, options) {
    const fn = 'attentionMatrix';
    const o = optionsArg(fn, options, ['scale']);
    return callWithMatrices(
      M,
      fn,
      [matrixArg(fn, 'Q', Q), matrixArg(fn, 'K', K)],
      M.attention_matrix,
      numberArg(fn, 'scale', o.scale, NaN),
    );
  }

  /** max_ij scale q_i . k_j (scale default 1/sqrt(d)): past log(Number.MAX_VALUE) a softmax without the max shift overflows. */
  function largestLogit(Q, K, options) {
    const fn = 'largestLogit';
    const o = optionsArg(fn, options, ['scale']);
    return callWithMatrices(M, fn, [matrixArg(fn, 'Q', Q), matrixArg(fn, 'K', K)], M.largest_logit, numberArg(fn, 'scale', o.scale, NaN));
  }

  return { attentionMatrix, largestLogit };
}

export function nystromformerApi(M) {
  /**
   * Attention through m landmarks: out = F (M (B V)) with the kernels, the middle matrix and its history;
   * with errors: true also attentionErrors(S, Shat, { V }) against exact attention, in the same call.
   */
  function nystromAttention(Q, K, V, m, options) {
    const fn = 'nystromAttention';
    const o = optionsArg(fn, options, NYSTROM_OPTIONS);
    const mats = [matrixArg(fn, 'Q', Q), matrixArg(fn, 'K', K), matrixArg(fn, 'V', V)];
    const landmarks = choiceIndex(fn, 'landmarks', o.landmarks, LANDMARK_RULES, 'segment');
    const indices = indicesArg(fn, o.indices);
    if ((landmarks === LANDMARK_RULES.indexOf('manual')) !== (o.indices !== undefined)) {
      throw new RangeError(`${fn}: indices go with landmarks: 'manual', and only with it`);
    }
    return withScratch(M, (s) => {
      const args = matrixArgs(s, mats);
      const result = M.nystrom_attention(
        ...args,
        int32Arg(fn, 'm', m, undefined),
        landmarks,
        s.put(indices),
        indices.length,
        choiceIndex(fn, 'pinv', o.pinv, NYSTROM_MIDDLES, 'iterative'),
        int32Arg(fn, 'pinvIters', o.pinvIters, 6),
        numberArg(fn, 'rtol', o.rtol, NaN),
        numberArg(fn, 'scale', o.scale, NaN),
        ...seedHalves(fn, o.seed),
        booleanArg(fn, 'returnMatrix', o.returnMatrix, false),
        booleanArg(fn, 'history', o.history, true),
        booleanArg(fn, 'errors', o.errors, false),
      );
      return unwrap(fn, result);
    });
  }

  /** Z_k from Z_0 = alpha A^T by Razavi's (default), Newton-Schulz's or Chebyshev's iteration, with residuals per step. */
  function iterativePinv(A, options) {
    const fn = 'iterativePinv';
    const o = optionsArg(fn, options, ['iters', 'method', 'initScale', 'reference']);
    return callWithMatrices(
      M,
      fn,
      [matrixArg(fn, 'A', A)],
      M.iterative_pinv,
      int32Arg(fn, 'iters', o.iters, 6),
      choiceIndex(fn, 'method', o.method, PINV_ITERATIONS, 'razavi'),
      numberArg(fn, 'initScale', o.initScale, 1),
      booleanArg(fn, 'reference', o.reference, true),
    );
  }

  /** f_k(t0): the iteration's scalar map applied k times to each t0 (which directions k steps invert). */
  function pinvFilter(t0, options) {
    const fn = 'pinvFilter';
    const o = optionsArg(fn, options, ['iters', 'method']);
    const t = Float64Array.from(vectorArg(fn, 't0', t0, { allowEmpty: true }));
    const rest = [int32Arg(fn, 'iters', o.iters, 6), choiceIndex(fn, 'method', o.method, PINV_ITERATIONS, 'razavi')];
    return withScratch(M, (s) => unwrap(fn, M.pinv_filter(s.put(t), t.length, ...rest)));
  }

  /** Errors of S-hat against S; the output error with V, the Eckart-Young floor with S's singular values and m. */
  function attentionErrors(S, Shat, options) {
    const fn = 'attentionErrors';
    const o = optionsArg(fn, options, ['V', 'singularValues', 'm']);
    const mats = [matrixArg(fn, 'S', S), matrixArg(fn, 'Shat', Shat), o.V === undefined ? EMPTY_MATRIX : matrixArg(fn, 'V', o.V)];
    const sv = o.singularValues === undefined ? new Float64Array(0) : Float64Array.from(vectorArg(fn, 'singularValues', o.singularValues));
    if ((o.singularValues === undefined) !== (o.m === undefined)) throw new RangeError(`${fn}: singularValues and m go together`);
    const m = o.m === undefined ? 0 : int32Arg(fn, 'm', o.m, undefined);
    return withScratch(M, (s) => {
      const args = matrixArgs(s, mats);
      return unwrap(fn, M.attention_errors(...args, s.put(sv), sv.length, m));
    });
  }

  /** The article's seeded inputs Q, K, V (n x d each): 'iid', 'smooth', 'clusters', 'shuffled' or 'sharp'. */
  function attentionInputs(kind, n, d, options) {
    const fn = 'attentionInputs';
    const o = optionsArg(fn, options, ['seed']);
    if (kind === undefined) throw new TypeError(`${fn}: kind is missing (one of ${ATTENTION_PRESETS.join(', ')})`);
    return unwrap(
      fn,
      M.attention_inputs(
        choiceIndex(fn, 'kind', kind, ATTENTION_PRESETS),
        int32Arg(fn, 'n', n, undefined),
        int32Arg(fn, 'd', d, undefined),
        ...seedHalves(fn, o.seed),
      ),
    );
  }

  return {
    ...exactAttentionApi(M),
    nystromAttention,
    iterativePinv,
    pinvFilter,
    attentionErrors,
    attentionInputs,
  };
}
