// The two schemes that logsumexp.md §3.1 warns about, computed as a reader would write them in
// plain doubles (these are the demo's subject, so they are not the core's): the naive
// tau · log Σ exp(x_i / tau), which overflows once an x_i / tau passes 709.78 and gives log 0 = −∞
// once every term underflows, and the max-shifted sum without log1p, m + tau · log Σ exp((x_i − m) / tau),
// which never overflows but rounds 1 + e^(−40) to 1 and so loses a correction below 1e-16.
// The stable algorithm (max-shifted, log1p) is the core's.

/** The naive algorithm: { sum: Σ exp(x_i / tau), value: tau · log(sum) }. */
export function naiveLse(x, tau) {
  let sum = 0;
  for (const a of x) sum += Math.exp(a / tau);
  return { sum, value: tau * Math.log(sum) };
}

/** Shifted by the max, without log1p: { sum: Σ exp((x_i − m) / tau), value: m + tau · log(sum) }. */
export function shiftedLse(x, tau) {
  const m = Math.max(...x);
  let sum = 0;
  for (const a of x) sum += Math.exp((a - m) / tau);
  return { sum, value: m + tau * Math.log(sum) };
}

/**
 * What went wrong with a scheme's `value` next to the stable one: 'overflow' (the sum is +∞),
 * 'underflow' (the sum is 0, so log gives −∞), 'rounding' (finite, but off by more than 1e-12
 * relative to the stable value), or 'ok'. `relative` is |value − stable| / |stable| (0 when both are 0).
 */
export function judge({ sum, value }, stable) {
  const relative = value === stable ? 0 : Math.abs(value - stable) / Math.abs(stable);
  if (sum === Infinity) return { status: 'overflow', relative };
  if (sum === 0) return { status: 'underflow', relative };
  return { status: relative > 1e-12 ? 'rounding' : 'ok', relative };
}
