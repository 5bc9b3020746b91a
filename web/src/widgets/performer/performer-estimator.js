// The estimator curves of the "orthogonal features" panel (performer.md §5, widget P2; R8, R9), for
// positive features at a chosen d and m, from the core's closed forms (estimator statistics):
//   Var_ort / Var_iid against ‖z‖ = ‖q + k‖ (kernelRelativeVariance, chi norms): 1 at z = 0 and for
//   large ‖z‖, a dip between; the paper's bound dashed: for m ≤ d the MSE drops by at least
//   (1 − 1/m) · 2/(d + 2) · (SM − Λ)², with (SM − Λ)² / SM² = (1 − e^{−‖z‖²/2})², so
//   Var_ort / Var_iid ≤ 1 − (1 − 1/m) · 2/(d + 2) · (1 − e^{−‖z‖²/2})² / (Var_iid / SM²)
//   (R8: the exact formula satisfies it and matches it to second order in ‖z‖²);
//   the bias E K̂ / SM of quantile and fixed (√d) norms against ‖z‖² (kernelRelativeMoments,
//   orthogonal; T-P8), which the worker computes (biasRun): a quantile point at m = 512 sums 512
//   hypergeometric terms, and the curve is 81 of them (a quarter of a second at d = 64).

/** ‖z‖ of the variance plot: 0.05 to 4 (at z = 0 both variances are 0). */
export const RATIO_ZS = Array.from({ length: 80 }, (_, k) => (k + 1) / 20);
/** ‖z‖² of the bias plot: 0 to 10 in eighths (T-P8's 0.5, 1.875 and 8 among them). */
export const BIAS_Z2S = Array.from({ length: 81 }, (_, k) => k / 8);
export const ESTIMATOR_D = [2, 3, 4, 8, 16, 32, 64];
export const ESTIMATOR_M = [1, 2, 3, 4, 8, 16, 32, 64, 128, 256, 512];

/** The paper's bound on Var_ort / Var_iid at ‖z‖ = r (m ≤ d), from Var_iid / SM² at r. */
export function paperBound(r, d, m, relativeIid) {
  return 1 - ((1 - 1 / m) * (2 / (d + 2)) * (1 - Math.exp(-(r * r) / 2)) ** 2) / relativeIid;
}

/**
 * varianceRatio(core, d, m) -> { ratio: [{ x: ‖z‖, y }], bound: [{ x, y }] or null when m > d (the
 * theorem is for one block) }: two closed-form calls, about a millisecond.
 */
export function varianceRatio(core, d, m) {
  const r = Float64Array.from(RATIO_ZS);
  const orthogonal = core.kernelRelativeVariance(r, d, m, { kind: 'positive', orthogonal: true });
  const iid = core.kernelRelativeVariance(r, d, m, { kind: 'positive', orthogonal: false });
  return {
    ratio: RATIO_ZS.map((x, k) => ({ x, y: orthogonal[k] / iid[k] })),
    bound: m <= d ? RATIO_ZS.map((x, k) => ({ x, y: paperBound(x, d, m, iid[k]) })) : null,
  };
}

/**
 * biasRun(background)({ d, m }, { stale }) -> { quantile: [{ x: ‖z‖², y: E K̂ / SM }], fixed: [...] },
 * or null when overtaken: orthogonal positive features, in the worker.
 */
export function biasRun(background) {
  return async ({ d, m }, { stale }) => {
    const { api } = await background;
    const curves = { quantile: [], fixed: [] };
    for (const x of BIAS_Z2S) {
      if (stale()) return null;
      const [quantile, fixed] = await Promise.all(
        ['quantile', 'fixed'].map((norms) => api.kernelRelativeMoments(x, 0, d, m, { kind: 'positive', orthogonal: true, norms })),
      );
      curves.quantile.push({ x, y: quantile.mean });
      curves.fixed.push({ x, y: fixed.mean });
    }
    return curves;
  };
}

/** The deepest point of a curve: { x, y } with the smallest y. */
export const lowest = (points) => points.reduce((low, p) => (p.y < low.y ? p : low), points[0]);
