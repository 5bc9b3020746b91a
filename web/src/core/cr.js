// CR approximate matrix product: X Y ~ sum over chosen i of lambda_i x_i y_i^T (the article's names,
// which the core's messages use too), by random sampling
// (with or without replacement) or a deterministic rule, over the wasm core.
import { choiceArg, integerArg, optionsArg, vectorArg } from './arguments.js';
import { unwrap, withScratch } from './heap.js';
import { matrixArg } from './matrix.js';
import { seedHalves } from './seed.js';

// Orders match cpp/include/mathlets/cr.hpp (CrSampling) and cpp/bindings/cr_bindings.cpp (Rule, Refit).
const PROBABILITIES = ['optimal', 'uniform', 'column-norm', 'squared'];
const DETERMINISTIC = ['top', 'greedy', 'best'];
const WITHOUT_REPLACEMENT = ['poisson', 'sequential'];
const REFITS = ['none', 'diagonal', 'full'];
const MAX_MONTE_CARLO = 100_000;

// Distinct integer indices (range is checked by the core against l).
function indicesArg(fn, name, v) {
  const values = vectorArg(fn, name, v);
  values.forEach((x, i) => {
    if (!Number.isInteger(x)) throw new RangeError(`${fn}: ${name}[${i}] must be an integer index (got ${x})`);
    if (values.indexOf(x) < i) throw new RangeError(`${fn}: ${name} repeats the index ${x}`);
  });
  return Int32Array.from(values);
}

// Which core rule runs: a deterministic selection, or random draws with or without replacement.
function ruleIndex(fn, sampling, replacement) {
  if (DETERMINISTIC.includes(sampling)) return 3 + DETERMINISTIC.indexOf(sampling);
  if (replacement === undefined || replacement === true) return 0;
  return (
    1 +
    WITHOUT_REPLACEMENT.indexOf(
      choiceArg(fn, 'replacement', replacement === false ? 'poisson' : replacement, WITHOUT_REPLACEMENT.concat([true, false])),
    )
  );
}

export function crApi(M) {
  const pair = (fn, X, Y) => [matrixArg(fn, 'X', X), matrixArg(fn, 'Y', Y)];
  const withPair = (fn, a, b, binding, ...rest) =>
    withScratch(M, (s) => unwrap(fn, binding(s.put(a.data), a.rows, a.cols, s.put(b.data), b.rows, b.cols, ...rest)));

  /**
   * One CR estimate of X Y from r terms. sampling: 'optimal' (p ~ ||x_i|| ||y_i||), 'uniform',
   * 'column-norm', 'squared' (random), or 'top', 'greedy', 'best' (deterministic). replacement: true
   * (default), 'poisson' or 'sequential' (false means 'poisson'). refit: 'none', 'diagonal', 'full'.
   */
  function crMatmul(X, Y, r, options) {
    const fn = 'crMatmul';
    const o = optionsArg(fn, options, ['sampling', 'replacement', 'seed', 'refit', 'k']);
    const [a, b] = pair(fn, X, Y);
    const draws = integerArg(fn, 'r', r);
    const sampling = choiceArg(fn, 'sampling', o.sampling, PROBABILITIES.concat(DETERMINISTIC), 'optimal');
    const probabilities = Math.max(0, PROBABILITIES.indexOf(sampling));
    const rule = ruleIndex(fn, sampling, o.replacement);
    const refit = REFITS.indexOf(choiceArg(fn, 'refit', o.refit, REFITS, 'none'));
    const k = integerArg(fn, 'k', o.k, 1);
    const result = withPair(fn, a, b, M.cr_matmul, draws, probabilities, rule, refit, k, ...seedHalves(fn, o.seed));
    return { ...result, expectedError: Number.isNaN(result.expectedError) ? null : result.expectedError };
  }

  /** count independent estimates with replacement: every error, their mean, and the exact expectation. */
  function crMonteCarlo(X, Y, r, options) {
    const fn = 'crMonteCarlo';
    const o = optionsArg(fn, options, ['sampling', 'count', 'seed']);
    const [a, b] = pair(fn, X, Y);
    const sampling = PROBABILITIES.indexOf(choiceArg(fn, 'sampling', o.sampling, PROBABILITIES, 'optimal'));
    const count = integerArg(fn, 'count', o.count, 1000);
    if (count < 1 || count > MAX_MONTE_CARLO) throw new RangeError(`${fn}: count must be in [1, ${MAX_MONTE_CARLO}] (got ${count})`);
    return withPair(fn, a, b, M.cr_monte_carlo, integerArg(fn, 'r', r), sampling, count, ...seedHalves(fn, o.seed));
  }

  /**
   * The exact E ||CR - XY||_F^2 of r draws with replacement from probabilities `p`: a name
   * ('optimal', 'uniform', 'column-norm', 'squared') or your own vector p (one entry per term,
   * finite, >= 0, summing to 1). Infinity when some p_i = 0 has a nonzero term (the estimate is
   * then biased). With r >= 1 also the entry-wise variances, which sum to it.
   */
  function crExpectedError(X, Y, r, p = 'optimal') {
    const fn = 'crExpectedError';
    const [a, b] = pair(fn, X, Y);
    const draws = integerArg(fn, 'r', r);
    const named = typeof p === 'string' ? PROBABILITIES.indexOf(choiceArg(fn, 'p', p, PROBABILITIES)) : -1;
    const own = named < 0 ? Float64Array.from(vectorArg(fn, 'p', p, { finite: true, allowEmpty: true })) : null;
    return withScratch(M, (s) =>
      unwrap(
        fn,
        M.cr_expected_error(
          s.put(a.data),
          a.rows,
          a.cols,
          s.put(b.data),
          b.rows,
          b.cols,
          own ? s.put(own) : 0,
          own ? own.length : -1,
          Math.max(named, 0),
          draws,
        ),
      ),
    );
  }

  /**
   * One fixed selection `kept` (distinct term indices in [0, l)) three ways: plain weights 1, the
   * optimal diagonal weights (R11) and the optimal full middle matrix C^+ XY R^+ (R10), each with its
   * error ||approx - XY||_F^2, beside the SVD floor at rank |kept|.
   */
  function crRefit(X, Y, kept) {
    const fn = 'crRefit';
    const [a, b] = pair(fn, X, Y);
    const s = indicesArg(fn, 'kept', kept);
    return withScratch(M, (h) => unwrap(fn, M.cr_refit(h.put(a.data), a.rows, a.cols, h.put(b.data), b.rows, b.cols, h.put(s), s.length)));
  }

  return { crMatmul, crMonteCarlo, crExpectedError, crRefit };
}
