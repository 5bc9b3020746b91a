// The threshold equation of the method in focus, F(λ) = Σᵢ f((xᵢ − λ)/τ) = k (smooth-topk.md §1.3),
// sampled for its chart: F from the core's residualAt (F(λ) − k, the accurate form), the solved λ
// and F there. F is the focus's own for the ThreTopK methods; the article's 20-step bisection
// solves the sigmoid's equation, so its F is ThreTopK sigmoid's and its λ is its last probe. Other
// methods have no threshold (null). Cheap enough for every change: n ≤ 10 scores, about 100 to 170
// core calls of O(n) each (the cost is measured in tests/widgets/smooth-topk-equation.test.js).

const UNIFORM = 97;
// Around each score and the root, where F bends fastest: offsets in units of τ.
const NEAR = [-4, -2, -1, -0.5, 0, 0.5, 1, 2, 4];
const MARGIN = 5; // the domain reaches MARGIN τ past the outermost finite scores

/** The result whose F the method in focus solves, or null where it has no threshold equation. */
export function equationOf(results, focusId) {
  const id = focusId === 'sigmoid-bisection-article' ? 'threshold-sigmoid' : focusId;
  const source = results.find((r) => r.id === id);
  return source?.raw?.residualAt ? source : null;
}

/** The λ at which F is sampled: uniform over the domain, denser near each score and the root. */
export function lambdaGrid(finite, lambda, tau) {
  let lo = Math.min(...finite) - MARGIN * tau;
  let hi = Math.max(...finite) + MARGIN * tau;
  if (Number.isFinite(lambda)) {
    lo = Math.min(lo, lambda - 2 * tau);
    hi = Math.max(hi, lambda + 2 * tau);
  }
  const grid = Array.from({ length: UNIFORM }, (_, i) => lo + ((hi - lo) * i) / (UNIFORM - 1));
  const centres = Number.isFinite(lambda) ? [...finite, lambda] : finite;
  for (const c of centres) for (const u of NEAR) grid.push(c + u * tau);
  return [...new Set(grid.filter((l) => l >= lo && l <= hi))].sort((a, b) => a - b);
}

/**
 * F(λ) for the scores x of `source` (a ThreTopK result). residualAt takes finite scores only, so with
 * ±∞ scores F is the finite scores' own (from one more core call, on them alone) plus one for each
 * +∞ score (f(+∞) = 1, f(−∞) = 0).
 */
function equationF(core, source, x, k, tau) {
  const finite = x.filter(Number.isFinite);
  if (finite.length === x.length) return (lambda) => source.raw.residualAt(lambda) + k;
  const half = finite.length / 2;
  const alone = core.smoothTopK(finite, half, { tau, method: source.id });
  const plus = x.filter((v) => v === Infinity).length;
  return (lambda) => alone.residualAt(lambda) + half + plus;
}

/**
 * thresholdEquation(core, results, focus, x, k, tau) -> null (no threshold equation, or no finite
 * score) or { points: [{ lambda, F }], lambda (the focus's λ: finite, ±∞), F (F at λ, or null), k,
 * n, scores (the finite ones, for the axis), domain: [lo, hi] }.
 */
export function thresholdEquation(core, results, focus, x, k, tau) {
  const source = focus.unavailable ? null : equationOf(results, focus.id);
  const finite = x.filter(Number.isFinite);
  if (!source || finite.length === 0) return null;
  const F = equationF(core, source, x, k, tau);
  const lambda = focus.threshold;
  const points = lambdaGrid(finite, lambda, tau).map((l) => ({ lambda: l, F: F(l) }));
  return {
    points,
    lambda,
    F: Number.isFinite(lambda) ? F(lambda) : null,
    k,
    n: x.length,
    scores: finite,
    domain: [points[0].lambda, points.at(-1).lambda],
  };
}
