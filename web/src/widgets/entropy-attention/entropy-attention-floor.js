// The pure part of the "the quick derivation is a floor" panel of <mathlet-entropy-attention> (E5,
// R6): at one length of the sweep on screen, each row's entropy H against the quick derivation's
// log n − λ(s_max − s̄), which lies below it (Jensen, and Σ p s ≤ s_max); and the mean of
// λ(s_max − s̄), which grows with n (for Gaussian scores like √(2 log n)). Tested in Node.

/** floorAt(curve, n) -> { points: [{ x: bound, y: H }], lowest: min(H − bound), spread: mean λ(s_max − s̄) } or null. */
export function floorAt(curve, n) {
  const at = curve.find((p) => p.n === n);
  if (!at) return null;
  const points = Array.from(at.entropy, (y, r) => ({ x: at.fastBounds[r], y }));
  const lowest = Math.min(...points.map((p) => p.y - p.x));
  const spread = points.reduce((sum, p) => sum + (Math.log(n) - p.x), 0) / points.length;
  return { points, lowest, spread };
}
