// The Jacobian ∂p/∂x of the method in focus (the core's jacobian(): analytic for ThreTopK and
// GradTopK, through the rounds for I1 and I2) with its row and column sums. For a sound method
// both vanish (smooth-topk.md §1.3, §3): each column sums to 0 because Σp stays k whatever x does
// (1ᵀJ = 0), each row because adding one constant to every score changes nothing (J1 = 0).
// The check says so, or how far off the sums are.

// A sum is 0 when it is rounding next to the largest entry.
const ZERO_SUM = 1e-9;

/**
 * jacobianCheck(focus) -> null (the method is not run, or the library offers no Jacobian for it:
 * the article's failing recursion and bisection), { refused: the core's message } where the core
 * refuses this τ (a RangeError: I2's rounds would lose the digits, or J overflows), or
 * { n, data (row-major), rowSums, colSums, largest (max |Jᵢⱼ|), worst (max |sum|), zero (every
 * sum is 0 up to rounding) }. Other errors are bugs and propagate.
 */
export function jacobianCheck(focus) {
  if (focus.unavailable || typeof focus.raw?.jacobian !== 'function') return null;
  let jacobian;
  try {
    jacobian = focus.raw.jacobian();
  } catch (error) {
    if (error instanceof RangeError) return { refused: error.message };
    throw error;
  }
  const { rows: n, data } = jacobian;
  const rowSums = new Array(n).fill(0);
  const colSums = new Array(n).fill(0);
  let largest = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = data[i * n + j];
      rowSums[i] += v;
      colSums[j] += v;
      largest = Math.max(largest, Math.abs(v));
    }
  }
  const worst = Math.max(0, ...rowSums.map(Math.abs), ...colSums.map(Math.abs));
  return { n, data: Array.from(data), rowSums, colSums, largest, worst, zero: worst <= ZERO_SUM * Math.max(largest, 1e-300) };
}
