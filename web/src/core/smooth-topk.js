// Smooth top-k (GradTopK, ThreTopK with three threshold functions, the article's iterative schemes)
// and the hard top-k reference, over the wasm core.
import { booleanArg, choiceArg, describe, numberArg, optionsArg, vectorArg } from './arguments.js';
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

function kArg(fn, k) {
  if (typeof k !== 'number') throw new TypeError(`${fn}: k must be a number (got ${describe(k)})`);
  return k;
}

const square = (data, n) => ({ rows: n, cols: n, data });
const sum = (values) => values.reduce((a, v) => a + v, 0);

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
    const ties = TIES.indexOf(choiceArg(fn, 'ties', o.ties, TIES, 'share'));
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
      sum: sum(raw.values),
      vjp: (pbar) => call(fn, M.thretopk_vjp, x, [k, tau, ...methodArgs], Float64Array.from(vectorArg(`${fn}.vjp`, 'pbar', pbar))),
      jacobian: () => square(call(fn, M.thretopk_jacobian, x, [k, tau, ...methodArgs]), x.length),
      residualAt: (lambda, form = 'accurate') =>
        call(fn, M.thretopk_residual, x, [
          k,
          tau,
          f,
          numberArg(fn, 'lambda', lambda),
          RESIDUALS.indexOf(choiceArg(fn, 'form', form, RESIDUALS)),
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
    const method = choiceArg(fn, 'method', o.method, SMOOTH_TOPK_METHODS, 'threshold-piecewise');
    return { method, ...runMethod(method, { fn, o, data, k, tau }) };
  }

  // One method's answer, without its name.
  function runMethod(method, args) {
    if (method in THRESHOLD_FNS) return thresholdMethod(args, THRESHOLD_FNS[method]);
    const { fn, o, data, k, tau } = args;
    if (method === 'sigmoid-bisection-article') {
      const raw = call(fn, M.thretopk_article_bisection, data, [k, tau, numberArg(fn, 'steps', o.steps, 20)]);
      return { ...raw, solver: 'bisection', sum: sum(raw.values), vjp: null, jacobian: null };
    }
    if (method === 'gradtopk-recursion') {
      const raw = call(fn, M.gradtopk_recursion, data, [k, tau]);
      return { ...raw, sum: sum(raw.values), threshold: null, vjp: null, jacobian: null };
    }
    if (method === 'gradtopk') return differentiable(args, [k, tau], M.gradtopk, M.gradtopk_vjp, M.gradtopk_jacobian);
    const iterates = (raw) => ({ ...raw, iterates: { rows: raw.iterates.length / data.length, cols: data.length, data: raw.iterates } });
    if (method === 'iterative-su') return iterates(differentiable(args, [k, tau], M.iter_su, M.iter_su_vjp, M.iter_su_jacobian));
    const complement = COMPLEMENTS.indexOf(choiceArg(fn, 'complement', o.complement, COMPLEMENTS, 'exact'));
    return iterates(differentiable(args, [k, tau, complement], M.iter_weighted, M.iter_weighted_vjp, M.iter_weighted_jacobian));
  }

  // ThreTopK with threshold function f, its solver and residual chosen by the options.
  function thresholdMethod({ fn, o, data, k, tau }, f) {
    const solver = SOLVERS.indexOf(choiceArg(fn, 'solver', o.solver, SOLVERS, 'auto'));
    const residual = RESIDUALS.indexOf(choiceArg(fn, 'residual', o.residual, RESIDUALS, 'accurate'));
    const maxIterations = numberArg(fn, 'maxIterations', o.maxIterations, 200);
    const trace = booleanArg(fn, 'trace', o.trace, false);
    const raw = call(fn, M.thretopk, data, [k, tau, f, solver, residual, trace, maxIterations]);
    return thresholdResult(fn, raw, [f, solver, residual, maxIterations], data, k, tau, f);
  }

  // A method without a threshold whose bindings also give its vector-Jacobian product and Jacobian.
  function differentiable({ fn, data }, args, binding, vjpBinding, jacobianBinding) {
    const raw = call(fn, binding, data, args);
    return {
      ...raw,
      sum: sum(raw.values),
      threshold: null,
      vjp: (pbar) => call(fn, vjpBinding, data, args, Float64Array.from(vectorArg(`${fn}.vjp`, 'pbar', pbar))),
      jacobian: () => square(call(fn, jacobianBinding, data, args), data.length),
    };
  }

  // The threshold functions themselves, for shape plots: part is f, df, d2f, phi or inverse.
  function thresholdFunction(method, part, u) {
    const fn = 'thresholdFunction';
    const f = THRESHOLD_FNS[choiceArg(fn, 'method', method, Object.keys(THRESHOLD_FNS))];
    const which = FUNCTION_PARTS.indexOf(choiceArg(fn, 'part', part, FUNCTION_PARTS));
    return unwrap(fn, M.threshold_function(f, which, numberArg(fn, 'u', u)));
  }

  return { hardTopK, topKSum, smoothTopK, thresholdFunction };
}
