// The smooth top-k methods the widget compares and a verdict on each output: does it sum to k,
// stay in [0, 1], keep the order of x, and how far is it from the hard top-k. The sound methods
// pass; the article's failing schemes are flagged with the reason (as messages, see message-nodes.js).
//
// Where a method is not defined, it is not run and says why (the math note's §4):
//   wholeK      GradTopK (both), I1 and I2 need a whole number k; ThreTopK takes any real k in [0, n];
//   finiteOnly  the article's recursion, its 20-step bisection, I1 and I2 take finite scores only;
//               GradTopK and ThreTopK give a ±∞ score its limit (1 or 0, the rest share the budget).
import { message } from './message-nodes.js';

export const METHODS = [
  { id: 'threshold-piecewise', threshold: true },
  { id: 'threshold-exp', threshold: true },
  { id: 'threshold-sigmoid', threshold: true },
  { id: 'gradtopk', wholeK: true },
  { id: 'gradtopk-recursion', wholeK: true, finiteOnly: true, failing: true },
  { id: 'sigmoid-bisection-article', threshold: true, finiteOnly: true, failing: true },
  { id: 'iterative-su', wholeK: true, finiteOnly: true, failing: true },
  { id: 'iterative-weighted', wholeK: true, finiteOnly: true, failing: true },
];

export const METHOD_IDS = METHODS.map((m) => m.id);
export const methodInfo = (id) => METHODS.find((m) => m.id === id);
export const methodName = (id) => message(`method.${id}`);
export const methodNote = (id) => message(`note.${id}`);

// Relative slack for "sums to k" and "inside [0, 1]": rounding, not failure.
const SUM_TOLERANCE = 1e-9;
const CAP_TOLERANCE = 1e-9;

/** Why method `id` is not defined on (x, k), or null: 'wholeK' or 'finite'. */
export function unavailableReason(id, x, k) {
  const info = methodInfo(id);
  if (info.wholeK && !Number.isInteger(k)) return 'wholeK';
  if (info.finiteOnly && x.some((v) => !Number.isFinite(v))) return 'finite';
  return null;
}

/**
 * The hard top-k outline. For a whole k, the core's hardTopK (ties share). For a fractional k
 * (ThreTopK only) the hard top-k is not defined; the outline is then the tau -> 0 limit of
 * ThreTopK, floor(k) ones and k - floor(k) on the next score, i.e. the mix of the two whole masks
 * around k (derived here, not in the article: at tau -> 0 every score other than the one at
 * the threshold saturates to 0 or 1, and that one takes what is left of the budget).
 */
export function hardOutline(core, x, k) {
  if (Number.isInteger(k)) return Array.from(core.hardTopK(x, k));
  const lo = core.hardTopK(x, Math.floor(k));
  const hi = core.hardTopK(x, Math.ceil(k));
  const t = k - Math.floor(k);
  return Array.from(lo, (a, i) => a + t * (hi[i] - a));
}

function orderViolations(x, p) {
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < x.length; j++) {
      if (x[i] > x[j] && p[i] < p[j] - 1e-12) count++;
    }
  }
  return count;
}

/**
 * Runs one method and judges it. Returns { id, values, sum, threshold, hard, distance, above,
 * problems[], unavailable, raw }; `problems` are messages ("2 entries above 1", "Σp ≠ k"),
 * `unavailable` is null or why the method was not run (then values is null).
 */
export function evaluateMethod(core, id, x, k, tau, hard, { complement = 'exact' } = {}) {
  const unavailable = unavailableReason(id, x, k);
  if (unavailable) {
    return { id, values: null, sum: NaN, threshold: null, hard, distance: NaN, above: 0, problems: [], unavailable, raw: null };
  }
  const options = { tau, method: id };
  if (id === 'iterative-weighted') options.complement = complement;
  const raw = core.smoothTopK(x, k, options);
  const values = Array.from(raw.values);
  const above = values.filter((v) => v > 1 + CAP_TOLERANCE).length;
  const distance = values.reduce((d, v, i) => Math.max(d, Math.abs(v - hard[i])), 0);
  const problems = [];
  if (raw.log0Events > 0) problems.push(message('problem.log0', { count: raw.log0Events }));
  if (above > 0) problems.push(above === 1 ? message('problem.aboveOne') : message('problem.aboveMany', { count: above }));
  if (Math.abs(raw.sum - k) > SUM_TOLERANCE * Math.max(1, k)) {
    problems.push(message('problem.sum', { delta: (raw.sum - k).toExponential(1).replace('-', '−') }));
  }
  if (orderViolations(x, values) > 0) problems.push(message('problem.order'));
  return { id, values, sum: raw.sum, threshold: raw.threshold ?? null, hard, distance, above, problems, unavailable: null, raw };
}

/**
 * Every method on the same input, timed: { results, timings: { id: ms }, calls } where calls
 * counts the core calls made (for the test that the sweeps stay off the main thread).
 */
export function evaluateAll(core, x, k, tau, options) {
  const hard = hardOutline(core, x, k);
  const timings = {};
  let calls = Number.isInteger(k) ? 1 : 2;
  const results = METHODS.map((m) => {
    const started = performance.now();
    const result = evaluateMethod(core, m.id, x, k, tau, hard, options);
    timings[m.id] = performance.now() - started;
    if (!result.unavailable) calls++;
    return result;
  });
  return { results, timings, calls };
}
