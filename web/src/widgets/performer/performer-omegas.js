// The numbers of the "orthogonal features" panel (performer.md §5, widget P2; R8, R9, R16): m
// projections ω_l in d = 2 or 3 from the core's drawOmegas, i.i.d. and orthogonal from one seed
// (the coupling of §2.2: the first vector of each block is the same Gaussian in both), with chi,
// quantile (a few fixed lengths: rings) or fixed (√d) norms, and a morph between the two draws. The
// "skip the QR sign fix" option draws the orthogonal blocks from an unsigned Householder QR, as the
// reference code does (R16): the first vector of every block then has a first coordinate ≤ 0 and
// the mean of the ω, which should be 0, drifts.

export const OMEGA_LIMITS = { m: [1, 512], seed: [0, 2 ** 32 - 1] };

/** omegaPair(core, { d, m, norms, seed, unsigned }) -> { iid, orthogonal } (m × d matrices). */
export function omegaPair(core, { d, m, norms, seed, unsigned }) {
  return {
    iid: core.drawOmegas(d, m, { orthogonal: false, norms, seed }),
    orthogonal: core.drawOmegas(d, m, { orthogonal: true, norms, seed, qr: unsigned ? 'householder-unsigned' : 'gram-schmidt' }),
  };
}

/** The vectors (1 − t) iid + t orthogonal, row by row: t = 0 the i.i.d. draw, t = 1 the orthogonal one. */
export function morph(iid, orthogonal, t) {
  return { rows: iid.rows, cols: iid.cols, data: iid.data.map((x, p) => (1 - t) * x + t * orthogonal.data[p]) };
}

/**
 * omegaStats(W) -> { mean (per coordinate), firstLeft (the share of blocks whose first vector has a
 * first coordinate ≤ 0: about ½ when the signs are fixed, 1 without the fix), norms (distinct lengths,
 * rounded to 1e-9, at most 16: the rings of quantile and fixed norms), largest (longest vector) }.
 */
export function omegaStats(W) {
  const { rows, cols: d, data } = W;
  const mean = new Float64Array(d);
  let left = 0;
  let blocks = 0;
  let largest = 0;
  const norms = new Set();
  for (let l = 0; l < rows; l++) {
    let square = 0;
    for (let c = 0; c < d; c++) {
      mean[c] += data[l * d + c] / rows;
      square += data[l * d + c] ** 2;
    }
    const norm = Math.sqrt(square);
    largest = Math.max(largest, norm);
    if (norms.size <= 16) norms.add(Math.round(norm * 1e9) / 1e9);
    if (l % d === 0) {
      blocks += 1;
      if (data[l * d] <= 0) left += 1;
    }
  }
  return { mean, firstLeft: left / blocks, norms: norms.size <= 16 ? [...norms].sort((a, b) => a - b) : [], largest };
}
