// The estimator's spread across feature draws (performer.md §5, widget P1; R5, R6, R8): for the
// studied pair (q', k'), 4096 independent estimates K̂/SM from the core's kernelEstimateStats
// (projection path: the same law as drawing all of W, O(m) per trial), for trig features against the
// widget's non-trig kind (positive unless hyperbolic is chosen), each with i.i.d. and with orthogonal
// features. The closed form gives the band; the Monte Carlo gives the histogram and the negative
// fraction. Four calls in the worker, newest input wins; binning is here, on the answer.

export const TRIALS = 4096;
export const BINS = 41;
// A trial of orthogonal features draws about m·d Gaussians (a direction block and a chi norm per
// row): 4096 trials at the defaults (m = 128, d = 32) take about 0.2 s a call in the worker, so the
// four calls of an update fill the histograms within a second. Larger m·d get fewer trials (256 at
// m = 1024, d = 64) rather than several seconds. (The core's own cap, 5·10⁸ operations a call, is
// far above this.)
const MAX_GAUSSIANS = 2 ** 24;

/** The number of draws for m features of size d: 4096, or fewer for large m·d (at least 256). */
export const trialsFor = (m, d) => Math.max(256, Math.min(TRIALS, Math.floor(MAX_GAUSSIANS / (m * d))));

/** The two kinds compared: trig against the widget's other kind. */
export const spreadKinds = (kind) => ['trig', kind === 'trig' ? 'positive' : kind];

/** The four panels: [kind, orthogonal] in reading order (rows: kinds; columns: i.i.d., orthogonal). */
export const spreadPanels = (kind) => spreadKinds(kind).flatMap((k) => [false, true].map((orthogonal) => ({ kind: k, orthogonal })));

/**
 * spreadRun(background)({ pair, m, kind, featureSeed }) -> [{ kind, orthogonal, stats }] (stats as the
 * core returns them: sm, cfMean, cfVar, cfRelvar, mcMean, mcVar, mcNegFraction, relative…).
 */
export function spreadRun(background) {
  return async ({ pair, m, kind, featureSeed }, { stale }) => {
    const { api } = await background;
    const out = [];
    for (const panel of spreadPanels(kind)) {
      if (stale()) return null;
      const stats = await api.kernelEstimateStats(pair.q, pair.k, m, {
        kind: panel.kind,
        orthogonal: panel.orthogonal,
        norms: 'chi',
        trials: trialsFor(m, pair.q.length),
        seed: featureSeed,
        path: 'projection',
      });
      out.push({ ...panel, stats });
    }
    return out;
  };
}

/** The p-quantile of sorted values (nearest rank). */
const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))];

/**
 * One x range for the panels given (those of one kind, so i.i.d. and orthogonal compare at a glance):
 * from the 0.5% to the 99.5% quantile of their estimates, always showing 0 and 2 (the truth, 1, in
 * the middle). Heavy tails beyond it pile up in the edge bins, which the captions count; the
 * closed-form band is clipped to the range (positive features can have a closed-form sd in the
 * thousands while 99% of the draws lie within a few units of 1).
 */
export function sharedDomain(panels) {
  const values = Float64Array.from(panels.flatMap((p) => Array.from(p.stats.relative))).sort();
  return [Math.min(0, quantile(values, 0.005)), Math.max(2, quantile(values, 0.995))];
}

/**
 * Bins of the relative estimates over about [lo, hi], with 0 on a bin edge so the negative estimates
 * (trig's failure, R6) fill whole bins of their own; values outside are counted in the end bins:
 * { rows: [{ x1, x2, count, negative }], below, above } (below / above: how many fell outside).
 */
export function histogram(relative, [lo, hi], bins = BINS) {
  const width = (hi - lo) / bins;
  const start = lo < 0 ? -Math.ceil(-lo / width - 1e-9) * width : lo;
  const count = Math.ceil((hi - start) / width - 1e-9);
  const counts = new Array(count).fill(0);
  let below = 0;
  let above = 0;
  for (const x of relative) {
    if (x < start) below += 1;
    if (x > start + count * width) above += 1;
    counts[Math.min(count - 1, Math.max(0, Math.floor((x - start) / width)))] += 1;
  }
  const rows = counts.map((n, k) => ({ x1: start + k * width, x2: start + (k + 1) * width, count: n }));
  for (const r of rows) r.negative = r.x2 <= width * 1e-6;
  return { rows, below, above };
}
