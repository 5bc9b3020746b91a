// The selection rules of <mathlet-cr> side by side at the reader's r (cr-approximation.md R3, R9,
// R10, R11): which r terms top-r, greedy k-tuple dropping and the exhaustive best subset keep, and
// the reader's own pick; for each, the error with weights 1, with the optimal diagonal weights and
// with the optimal full middle matrix, beside the SVD floor. The demo's caps (the math file's §5)
// decide when greedy uses pairs and when the exhaustive search is refused.

/**
 * Exhaustive search tries C(l, r) subsets at O(r²) each, on the main thread; the demo refuses above
 * this many. The math file's §5 allows 1e5, but C(32, 28) = 35960 subsets took 0.2-0.3 s in Node
 * (loaded 2-core machine), far over a frame; at 1e4 the worst case is C(32, 29) = 4960 subsets.
 */
export const BEST_CAP = 10_000;
/** Greedy drops pairs (k = 2) only up to this many terms; otherwise one term at a time. */
export const GREEDY_MAX_TERMS = 40;

/** C(n, k) as a double (exact while it stays below 2^53, and only compared with BEST_CAP). */
export function binomial(n, k) {
  let c = 1;
  for (let j = 1; j <= Math.min(k, n - k); j++) c = (c * (n - k + j)) / j;
  return Math.round(c);
}

/** The greedy tuple size: k = 2 when it divides l - r and l is small enough (R9), else 1 (= top-r). */
export function greedyK(l, r) {
  return l <= GREEDY_MAX_TERMS && l - r >= 2 && (l - r) % 2 === 0 ? 2 : 1;
}

// One row: the kept indices, then the three fits of that selection (crRefit).
function fitted(core, X, Y, id, indices, extra = {}) {
  const fit = core.crRefit(X, Y, indices);
  return {
    id,
    ...extra,
    indices: Array.from(fit.indices),
    plain: fit.plainError,
    diagonal: fit.diagonalError,
    full: fit.fullError,
    floor: fit.floor,
  };
}

/**
 * subsetRows(core, { X, Y }, r, keep) -> { floor, rows }: rows 'top', 'greedy' (with k), 'best'
 * (or { id: 'best', refused: C(l, r) } above BEST_CAP) and, when the reader picked terms
 * (`keep`, distinct indices in [0, l)), 'pick'. floor: the best rank-r error (Eckart-Young).
 */
export function subsetRows(core, { X, Y }, r, keep) {
  const l = X[0].length;
  const rule = (sampling, options = {}) => Array.from(core.crMatmul(X, Y, r, { sampling, ...options }).indices);
  const top = fitted(core, X, Y, 'top', rule('top'));
  const k = greedyK(l, r);
  const rows = [top, fitted(core, X, Y, 'greedy', rule('greedy', { k }), { k })];
  const count = binomial(l, r);
  rows.push(count > BEST_CAP ? { id: 'best', refused: count } : fitted(core, X, Y, 'best', rule('best'), { count }));
  if (keep.length > 0) rows.push(fitted(core, X, Y, 'pick', keep));
  return { floor: top.floor, rows };
}
