// "The one picture" of performer.md §5: the relative standard deviation of K̂ against the angle θ
// between q' and k', their lengths held at those of the studied pair. The closed form (R5, R8)
// depends on one length: ‖q'+k'‖² = a² + b² + 2ab cos θ for positive and hyperbolic features,
// ‖q'−k'‖² = a² + b² − 2ab cos θ for trig ones. So trig is exact at θ = 0 and worst at θ = π, where
// the kernel e^{ab cos θ} is smallest, and positive features the other way round (exact at θ = π
// when a = b): the curves cross (R6).
import { KINDS } from './performer-state.js';

export const ANGLE_STEPS = 91; // θ every 2°
const MAX_R = Math.sqrt(700);

/** The distances at angle θ: { sum: ‖q'+k'‖, difference: ‖q'−k'‖ }. */
export function distancesAt(a, b, theta) {
  const cross = 2 * a * b * Math.cos(theta);
  return { sum: Math.sqrt(Math.max(a * a + b * b + cross, 0)), difference: Math.sqrt(Math.max(a * a + b * b - cross, 0)) };
}

/**
 * angleCurves(core, pair, { d, m, orthogonal }) -> { theta: Float64Array, sd: { kind: Float64Array },
 * here: { kind: sd at the pair's own angle } }: the relative standard deviation √(Var K̂ / SM²) of
 * each kind with the state's features (orthogonal or i.i.d.).
 */
export function angleCurves(core, pair, { d, m, orthogonal }) {
  const theta = Float64Array.from({ length: ANGLE_STEPS }, (_, k) => (Math.PI * k) / (ANGLE_STEPS - 1));
  const at = [...theta, pair.angle].map((t) => distancesAt(pair.qNorm, pair.kNorm, t));
  const sums = at.map((x) => x.sum);
  const differences = at.map((x) => x.difference);
  // The core refuses r² > 700 (the variance, about e^{r²}/m, leaves the double range): such points
  // are off the top of any plot, so they are given as +∞ and the rest is computed.
  const curve = (kind) => {
    const r = kind === 'trig' ? differences : sums;
    const variance = core.kernelRelativeVariance(
      r.map((x) => Math.min(x, MAX_R)),
      d,
      m,
      { kind, orthogonal },
    );
    return Float64Array.from(variance, (v, k) => (r[k] > MAX_R ? Infinity : Math.sqrt(Math.max(v, 0))));
  };
  const sd = {};
  const here = {};
  for (const kind of KINDS) {
    const own = curve(kind);
    sd[kind] = own.subarray(0, ANGLE_STEPS);
    here[kind] = own[ANGLE_STEPS];
  }
  return { theta, sd, here };
}

/** The angles where the trig and positive curves cross (sign changes of their difference). */
export function crossings({ theta, sd }) {
  const out = [];
  for (let k = 1; k < theta.length; k++) {
    const before = sd.trig[k - 1] - sd.positive[k - 1];
    const after = sd.trig[k] - sd.positive[k];
    if (before === 0 || Math.sign(before) !== Math.sign(after)) out.push(theta[k]);
  }
  return out;
}
