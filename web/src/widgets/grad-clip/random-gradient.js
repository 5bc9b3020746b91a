// Draws a 2-D gradient from a chosen law, reproducibly: a small seeded generator (mulberry32) and
// inverse-CDF samplers. This only picks demo inputs; every number the widget reports comes from the core.
export const LAWS = [
  { id: 'gaussian', key: 'law.gaussian' },
  { id: 'uniform', key: 'law.uniform' },
  { id: 'laplace', key: 'law.laplace' },
];

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// One draw with standard deviation `scale` per component.
function sample(law, next, scale) {
  const u = Math.min(Math.max(next(), 1e-12), 1 - 1e-12);
  if (law === 'uniform') return (2 * u - 1) * Math.sqrt(3) * scale;
  if (law === 'laplace') return (-Math.sign(u - 0.5) * Math.log(1 - 2 * Math.abs(u - 0.5)) * scale) / Math.SQRT2;
  // Gaussian by Box-Muller.
  const v = next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v) * scale;
}

/** A 2-vector drawn from `law` (per-component s.d. `scale`), rounded for display; seed picks the draw. */
export function drawGradient(law, seed, scale = 1.5) {
  const next = mulberry32(seed * 2654435761);
  return [0, 1].map(() => Number(sample(law, next, scale).toFixed(3)));
}
