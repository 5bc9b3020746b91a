// Smooth top-k (GradTopK, ThreTopK with three threshold functions, the article's iterative schemes)
// and the hard top-k reference, over the wasm core.
import { describe, numberArg, optionsArg, vectorArg } from './arguments.js';
import { unwrap, withScratch } from './heap.js';

// Orders match the C++ enums in cpp/include/mathlets/smooth_topk.hpp.
const THRESHOLD_FNS = { 'threshold-exp': 0, 'threshold-sigmoid': 1, 'threshold-piecewise': 2 };
const SOLVERS = ['auto', 'closed-form', 'newton', 'bisection'];
const RESIDUALS = ['accurate', 'naive'];
const COMPLEMENTS = ['exact', 'naive'];
const TIES = ['share', 'lower-index'];
const FUNCTION_PARTS = ['f', 'df', 'd2f', 'phi', 'inverse'];

export const SMOOTH_TOPK_METHODS = [
  'threshold-piecewise', // ThreTopK, piecewise-exponential f: closed form, C^1 (the article's recommendation)
  'threshold-exp', // ThreTopK, f = min(1, e^u): closed form, softmax at k = 1
  'threshold-sigmoid', // ThreTopK, f = sigmoid: bracketed root finding
  'gradtopk', // gradient of tau log Z_k, stable log-domain DP
  'gradtopk-recursion', // the article's recursion for GradTopK (unstable: demo of the failure)
  'sigmoid-bisection-article', // the article's 20-step sigmoid bisection (naive residual)
  'iterative-su', // I1: Su's soft-k-max iteration (can exceed 1)
  'iterative-weighted', // I2: weighted-softmax iteration (wrong tau -> 0 limit)
];

function choice(fn, name, value, options, fallback) {
  if (value === undefined) return fallback;
  if (!options.includes(value)) {
    throw new (typeof value === 'string' ? RangeError : TypeError)(
      `${fn}: ${name} must be one of ${options.join(', ')} (got ${describe(value)})`,
    );
  }
  return value;
}

function booleanArg(fn, name, value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${fn}: ${name} must be true or false (got ${describe(value)})`);
  return value;
}

function kArg(fn, k) {
  if (typeof k !== 'number') throw new TypeError(`${fn}: k must be a number (got ${describe(k)})`);
  return k;
}

const square = (data, n) => ({ rows: n, cols: n, data });

export function smoothTopKApi(M) {
  // Runs a binding on x (copied in) plus trailing arguments; `extra` arrays are copied in too and
  // passed as (pointer, length) at the end.
  const call = (fn, binding, x, args, extra) =>
    withScratch(M, (s) => {
      const tail = extra ? [s.put(extra), extra.length] : [];
      return unwrap(fn, binding(s.put(x), x.length, ...args, ...tail));
    });

  function hardTopK(x, k, options) {
    const fn = 'hardTopK';
    const o = optionsArg(fn, options, ['ties']);
    const data = Float64Array.from(vectorArg(fn, 'x', x, { allowEmpty: true }));
    const ties = TIES.indexOf(choice(fn, 'ties', o.ties, TIES, 'share'));
    return call(fn, M.hard_topk, data, [kArg(fn, k), ties]);
  }

  function topKSum(x, k) {
    const fn = 'topKSum';
    return call(fn, M.topk_sum, Float64Array.from(vectorArg(fn, 'x', x, { allowEmpty: true })), [kArg(fn, k)]);
  }

  function thresholdResult(fn, raw, methodArgs, x, k, tau, f) {
    return {
      ...raw,
      solver: SOLVERS[raw.solver],
      sum: raw.values.reduce((a, v) => a + v, 0),
      vjp: (pbar) => call(fn, M.thretopk_vjp, x, [k, tau, ...methodArgs], Float64Array.from(vectorArg(`${fn}.vjp`, 'pbar', pbar))),
      jacobian: () => square(call(fn, M.thretopk_jacobian, x, [k, tau, ...methodArgs]), x.length),
      residualAt: (lambda, form = 'accurate') =>
        call(fn, M.thretopk_residual, x, [
          k,
          tau,
          f,
          numberArg(fn, 'lambda', lambda),
          RESIDUALS.indexOf(choice(fn, 'form', form, RESIDUALS)),
        ]),
      potential: () => call(fn, M.thretopk_potential, x, [k, tau, f]),
    };
  }

  /**
   * Smooth top-k of x at temperature tau. Every method returns `values` (sum k where the method is
   * sound), `sum`, `threshold` (lambda in x units, or null where the method has none), and `vjp(pbar)`
   * and `jacobian()` for the smooth methods; method-specific diagnostics ride along.
   */
  function smoothTopK(x, k, options) {
    const fn = 'smoothTopK';
    const o = optionsArg(fn, options, ['tau', 'method', 'solver', 'residual', 'trace', 'maxIterations', 'complement', 'steps']);
    const data = Float64Array.from(vectorArg(fn, 'x', x, { allowEmpty: true }));
    kArg(fn, k);
    const tau = numberArg(fn, 'tau', o.tau, 1);
    const method = choice(fn, 'method', o.method, SMOOTH_TOPK_METHODS, 'threshold-piecewise');
    const sum = (values) => values.reduce((a, v) => a + v, 0);

    if (method in THRESHOLD_FNS) {
      const f = THRESHOLD_FNS[method];
      const solver = SOLVERS.indexOf(choice(fn, 'solver', o.solver, SOLVERS, 'auto'));
      const residual = RESIDUALS.indexOf(choice(fn, 'residual', o.residual, RESIDUALS, 'accurate'));
      const maxIterations = numberArg(fn, 'maxIterations', o.maxIterations, 200);
      const trace = booleanArg(fn, 'trace', o.trace, false);
      const raw = call(fn, M.thretopk, data, [k, tau, f, solver, residual, trace, maxIterations]);
      return { method, ...thresholdResult(fn, raw, [f, solver, residual, maxIterations], data, k, tau, f) };
    }
    if (method === 'sigmoid-bisection-article') {
      const steps = numberArg(fn, 'steps', o.steps, 20);
      const raw = call(fn, M.thretopk_article_bisection, data, [k, tau, steps]);
      return { method, ...raw, solver: 'bisection', sum: sum(raw.values), vjp: null, jacobian: null };
    }
    if (method === 'gradtopk') {
      const raw = call(fn, M.gradtopk, data, [k, tau]);
      return {
        method,
        ...raw,
        sum: sum(raw.values),
        threshold: null,
        vjp: (pbar) => call(fn, M.gradtopk_vjp, data, [k, tau], Float64Array.from(vectorArg(`${fn}.vjp`, 'pbar', pbar))),
        jacobian: () => square(call(fn, M.gradtopk_jacobian, data, [k, tau]), data.length),
      };
    }
    if (method === 'gradtopk-recursion') {
      const raw = call(fn, M.gradtopk_recursion, data, [k, tau]);
      return { method, ...raw, sum: sum(raw.values), threshold: null, vjp: null, jacobian: null };
    }
    const iterates = (raw) => ({ ...raw, iterates: { rows: raw.iterates.length / data.length, cols: data.length, data: raw.iterates } });
    if (method === 'iterative-su') {
      const raw = iterates(call(fn, M.iter_su, data, [k, tau]));
      return {
        method,
        ...raw,
        sum: sum(raw.values),
        threshold: null,
        vjp: (pbar) => call(fn, M.iter_su_vjp, data, [k, tau], Float64Array.from(vectorArg(`${fn}.vjp`, 'pbar', pbar))),
        jacobian: () => square(call(fn, M.iter_su_jacobian, data, [k, tau]), data.length),
      };
    }
    const complement = COMPLEMENTS.indexOf(choice(fn, 'complement', o.complement, COMPLEMENTS, 'exact'));
    const raw = iterates(call(fn, M.iter_weighted, data, [k, tau, complement]));
    return {
      method,
      ...raw,
      sum: sum(raw.values),
      threshold: null,
      vjp: (pbar) => call(fn, M.iter_weighted_vjp, data, [k, tau, complement], Float64Array.from(vectorArg(`${fn}.vjp`, 'pbar', pbar))),
      jacobian: () => square(call(fn, M.iter_weighted_jacobian, data, [k, tau, complement]), data.length),
    };
  }

  // The threshold functions themselves, for shape plots: part is f, df, d2f, phi or inverse.
  function thresholdFunction(method, part, u) {
    const fn = 'thresholdFunction';
    const f = THRESHOLD_FNS[choice(fn, 'method', method, Object.keys(THRESHOLD_FNS))];
    const which = FUNCTION_PARTS.indexOf(choice(fn, 'part', part, FUNCTION_PARTS));
    return unwrap(fn, M.threshold_function(f, which, numberArg(fn, 'u', u)));
  }

  return { hardTopK, topKSum, smoothTopK, thresholdFunction };
}
