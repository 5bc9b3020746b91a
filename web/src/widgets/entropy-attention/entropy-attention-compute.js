// The main-thread work of <mathlet-entropy-attention> for the state on screen, each piece kept while
// what it depends on stays: the JL picture (E7: a cloud of JL_POINTS points in JL_DIM dimensions,
// drawn once per seed, projected to k dimensions, the distortion ratios ρ of every pair and the
// bounds' required k) and the normalization panel (E6: the safeguarded solver, the article's raw
// loop and the curve H(γ) on [-3, 10]). Together well under a millisecond at the defaults and a few
// at k = 256; timed as 'mathlet-entropy-attention main-thread core'. The sweep runs in the worker.
// The pure helpers (χ²_k/k density, bins, H of p^γ, d_n) are tested in Node.
import { timed } from '../parts/timed-measure.js';
import { DISTRIBUTIONS, JL_DIM, JL_POINTS } from './entropy-attention-attributes.js';
import { jlKey, normalizeKey } from './entropy-attention-state.js';

// log Γ(x) for x > 0 (Lanczos, g = 7, nine terms: about 15 digits).
const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905,
  -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];
export function logGamma(x) {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The density of χ²_k/k at x >= 0 (mean 1, variance 2/k): the law of one pair's ρ (R8). */
export function chiSquareOverK(x, k) {
  if (!(x > 0)) return 0;
  const h = k / 2;
  return Math.exp(h * Math.log(h) + (h - 1) * Math.log(x) - h * x - logGamma(h));
}

/** The histogram's range for k: about mean 1 ± 4.5 standard deviations √(2/k), never below 0. */
export function rhoDomain(k) {
  const sd = Math.sqrt(2 / k);
  return [Math.max(0, 1 - 4 * sd), 1 + 5 * sd];
}

/** `count` equal bins over `domain` of the ratios (values beyond it go to the end bins), with the χ²_k/k expectation per bin. */
export function rhoBins(ratios, k, domain, count = 32) {
  const [lo, hi] = domain;
  const width = (hi - lo) / count;
  const bins = Array.from({ length: count }, (_, i) => ({ x1: lo + i * width, x2: lo + (i + 1) * width, count: 0 }));
  for (const r of ratios) bins[Math.min(count - 1, Math.max(0, Math.floor((r - lo) / width)))].count++;
  const expected = Array.from({ length: 4 * count + 1 }, (_, i) => {
    const x = lo + (i / 4) * width;
    return { x, y: ratios.length * width * chiSquareOverK(x, k) };
  });
  return { bins, expected };
}

/** H(p^γ / Σ p^γ) over the support of p (zeros stay zero), by the gaps to the maximum of γ log p. */
export function powerEntropy(p, gamma) {
  const logs = Array.from(p)
    .filter((x) => x > 0)
    .map((x) => gamma * Math.log(x));
  const top = Math.max(...logs);
  const deltas = logs.map((z) => top - z);
  const weights = deltas.map((g) => Math.exp(-g));
  const S = weights.reduce((a, b) => a + b, 0);
  return Math.log(S) + deltas.reduce((sum, g, j) => sum + (weights[j] / S) * g, 0);
}

/** The curve H(γ) on [-3, 10] (R10: H falls from log n₊ at γ = 0 on either side). */
export const GAMMA_RANGE = [-3, 10];
export function entropyCurve(p, points = 261) {
  const [lo, hi] = GAMMA_RANGE;
  return Array.from({ length: points }, (_, i) => {
    const x = lo + ((hi - lo) * i) / (points - 1);
    return { x, y: powerEntropy(p, x) };
  });
}

/** The head size JL asks for at length n, calibrated to d at 512 (R9): d_n = d log₅₁₂ n. */
export const headSize = (d, n) => (d * Math.log(n)) / Math.log(512);

/**
 * createEntropyEvaluate(core) -> evaluate(state) -> derived
 * derived = { state, jl: { distortion, bounds, bins, expected, domain }, normal: { p, solver, loop, curve } }.
 */
export function createEntropyEvaluate(core) {
  let cloud = { seed: null, X: null };
  let jl = { key: null };
  let normal = { key: null };

  function jlOf(s) {
    if (jl.key === jlKey(s)) return jl.value;
    if (cloud.seed !== s.seed) cloud = { seed: s.seed, X: core.jlProjectionMatrix(JL_POINTS, JL_DIM, s.seed) };
    const distortion = core.jlProjectionDistortion(cloud.X, s.k, s.seed + 1, { eps: s.eps });
    const domain = rhoDomain(s.k);
    const value = { distortion, bounds: core.jlBounds(JL_POINTS, s.eps, s.k), domain, ...rhoBins(distortion.ratios, s.k, domain) };
    jl = { key: jlKey(s), value };
    return value;
  }

  function normalOf(s) {
    if (normal.key === normalizeKey(s)) return normal.value;
    const { p } = DISTRIBUTIONS[s.dist];
    const value = {
      p,
      solver: core.entropyNormalize({ probs: p, target: s.target }),
      loop: core.articleIteration(p, s.target, { iters: 12 }),
      curve: entropyCurve(p),
    };
    normal = { key: normalizeKey(s), value };
    return value;
  }

  return (s) => timed('mathlet-entropy-attention main-thread core', () => ({ state: s, jl: jlOf(s), normal: normalOf(s) }));
}
