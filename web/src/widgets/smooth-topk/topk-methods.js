// The smooth top-k methods the widget compares, what each is called on screen, and a verdict on
// each output: does it sum to k, stay in [0, 1], keep the order of x, and how far is it from the
// hard top-k. The sound methods pass; the article's failing schemes are flagged with the reason.

export const METHODS = [
  { id: 'threshold-piecewise', name: 'ThreTopK · piecewise exp', note: 'closed form, smooth (recommended)', threshold: true },
  { id: 'threshold-exp', name: 'ThreTopK · min(1, eᵘ)', note: 'closed form, kinked', threshold: true },
  { id: 'threshold-sigmoid', name: 'ThreTopK · sigmoid', note: 'Newton in a bracket', threshold: true },
  { id: 'gradtopk', name: 'GradTopK · stable DP', note: 'gradient of a smooth top-k sum', threshold: false },
  { id: 'gradtopk-recursion', name: 'GradTopK · article recursion', note: 'subtracts nearly equal numbers', threshold: false, failing: true },
  { id: 'sigmoid-bisection-article', name: 'Sigmoid · 20-step bisection', note: 'stops too early', threshold: true, failing: true },
  { id: 'iterative-su', name: 'I1 · Su iteration', note: 'can exceed 1', threshold: false, failing: true },
  { id: 'iterative-weighted', name: 'I2 · weighted softmax', note: 'wrong limit as τ → 0', threshold: false, failing: true },
];

export const METHOD_IDS = METHODS.map((m) => m.id);
export const methodInfo = (id) => METHODS.find((m) => m.id === id);

// Relative slack for "sums to k" and "inside [0, 1]": rounding, not failure.
const SUM_TOLERANCE = 1e-9;
const CAP_TOLERANCE = 1e-9;

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
 * Runs one method and judges it. Returns { id, values, sum, threshold, hard, distance, above, problems[], raw }.
 * `problems` lists short human-readable failures ("2 entries above 1", "sum 2.000001 ≠ k").
 */
export function evaluateMethod(core, id, x, k, tau, hard, { complement = 'exact' } = {}) {
  const options = { tau, method: id };
  if (id === 'iterative-weighted') options.complement = complement;
  const raw = core.smoothTopK(x, k, options);
  const values = Array.from(raw.values);
  const above = values.filter((v) => v > 1 + CAP_TOLERANCE).length;
  const distance = values.reduce((d, v, i) => Math.max(d, Math.abs(v - hard[i])), 0);
  const problems = [];
  if (raw.log0Events > 0) problems.push(`log 0 hit ${raw.log0Events}×`);
  if (above > 0) problems.push(above === 1 ? 'an entry above 1' : `${above} entries above 1`);
  if (Math.abs(raw.sum - k) > SUM_TOLERANCE * Math.max(1, k)) problems.push(`Σp ≠ k (off by ${(raw.sum - k).toExponential(1)})`);
  const violations = orderViolations(x, values);
  if (violations > 0) problems.push('order of x not kept');
  return { id, values, sum: raw.sum, threshold: raw.threshold ?? null, hard, distance, above, problems, raw };
}

/** Every method on the same input. */
export function evaluateAll(core, x, k, tau, options) {
  const hard = Array.from(core.hardTopK(x, k));
  return METHODS.map((m) => evaluateMethod(core, m.id, x, k, tau, hard, options));
}
