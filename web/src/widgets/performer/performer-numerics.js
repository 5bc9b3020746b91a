// The numbers of the "numerics" panel (performer.md §5, widget P4; R12): Performer attention on the
// T-P1/T-P3 inputs (four tokens, d = 2, the fixed W of m = 3 positive features) with Q and K
// multiplied by an input scale x in [1, 40], under each of the core's three stabilisers:
//   none           e^{ω·x'} e^{−‖x'‖²/2} as written: D_i turns denormal from x ≈ 25.75 and row 2 is
//                  0/0 = NaN from x ≈ 26.5;
//   reference-eps  features shifted by a maximum and then ε added: the output slides toward the mean
//                  of V, (1, 0.25), as ε outweighs the true features;
//   log-domain     every exponential ≤ 1 and every denominator ≥ 1: stable, and log D_i exact even
//                  where D_i itself is far below the double range (x = 30: D_2 ≈ 10^-421, T-P4).
// One point is three calls on 4 × 2 matrices (well under a millisecond): computed on the main thread
// when drawn. The curves of log D against x (157 points, about 0.1 s) are the worker's (curvesRun).

const matrix = (rows, cols, values) => ({ rows, cols, data: Float64Array.from(values) });

/** The T-P1 inputs and T-P3's W (performer.md §4). */
export const T_P3 = {
  Q: matrix(4, 2, [1, 0, 0, 1, 1, 1, -1, 0.5]),
  K: matrix(4, 2, [0.5, 0, 0, -1, 1, 1, -0.5, 0.5]),
  V: matrix(4, 2, [1, 0, 0, 1, 1, 1, 2, -1]),
  W: matrix(3, 2, [1, 0, 0, 1, -1, 1]),
};
export const STABILIZERS = ['none', 'reference-eps', 'log-domain'];
export const SCALE_RANGE = [1, 40];
export const DEFAULT_SCALE = 26.5;
// The smallest normal double: a D_i at or below it is denormal (or 0) when computed as a number (the
// core's `none` then reports log D_i = log 2^-1022 itself, from ×25.75 on T-P3's row 2).
const LOG_MIN_NORMAL = Math.log(2 ** -1022);
const AT_MIN_NORMAL = LOG_MIN_NORMAL + 1e-9;

/** The mean of V's rows: where reference-eps outputs end up at large input scales. */
export function meanRow({ rows, cols, data }) {
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let c = 0; c < cols; c++) mean[c] += data[i * cols + c] / rows;
  return mean;
}

/**
 * What becomes of row i's denominator: 'nan' (the output is not a number), 'denormal' (D_i computed as
 * a subnormal or zero double: `none` loses digits), 'below' (D_i below the double range, only its log
 * is held: log-domain), else 'normal'.
 */
export function rowStatus(stabilizer, out, logD) {
  if (out.some((x) => !Number.isFinite(x))) return 'nan';
  if (logD < AT_MIN_NORMAL) return stabilizer === 'none' ? 'denormal' : 'below';
  return 'normal';
}

/** x·M (a new matrix). */
const scaled = (M, x) => ({ rows: M.rows, cols: M.cols, data: M.data.map((v) => v * x) });

/**
 * numericsAt(core, x) -> { x, mean, columns: [{ stabilizer, rows: [{ out: [2], logD, status }], nanRows,
 * towardMean (largest distance of a row from the mean of V), fromStable (largest |out − log-domain out|) }] }
 */
export function numericsAt(core, x) {
  const Q = scaled(T_P3.Q, x);
  const K = scaled(T_P3.K, x);
  const mean = meanRow(T_P3.V);
  const answers = STABILIZERS.map((stabilizer) => ({
    stabilizer,
    answer: core.performerAttention(Q, K, T_P3.V, { W: T_P3.W, kind: 'positive', scale: 1, stabilizer }),
  }));
  const stable = answers.at(-1).answer.out;
  const columns = answers.map(({ stabilizer, answer }) => {
    const { out, logDenominator } = answer;
    const rows = [];
    let towardMean = 0;
    let fromStable = 0;
    for (let i = 0; i < out.rows; i++) {
      const row = Array.from(out.data.subarray(i * out.cols, (i + 1) * out.cols));
      rows.push({ out: row, logD: logDenominator[i], status: rowStatus(stabilizer, row, logDenominator[i]) });
      row.forEach((v, c) => {
        towardMean = Math.max(towardMean, Math.abs(v - mean[c]));
        fromStable = Math.max(fromStable, Math.abs(v - stable.data[i * out.cols + c]));
      });
    }
    const nanRows = rows.filter((r) => r.status === 'nan').length;
    return { stabilizer, rows, nanRows, towardMean: nanRows ? NaN : towardMean, fromStable: nanRows ? NaN : fromStable };
  });
  return { x, mean, columns };
}

/**
 * A positive number given by its natural log, as { mantissa, exponent } in base 10, for numbers far
 * outside the double range (log D = −968.6 → 2.2 · 10^-421). null for a log that is not finite.
 */
export function powerOfTen(log) {
  if (!Number.isFinite(log)) return null;
  const decimal = log / Math.LN10;
  let exponent = Math.floor(decimal);
  let mantissa = 10 ** (decimal - exponent);
  if (mantissa >= 9.995) {
    mantissa /= 10;
    exponent += 1;
  }
  return { mantissa, exponent };
}

/** The input scales of the log D plot: SCALE_RANGE in steps of 0.25, as the slider. */
export const CURVE_XS = Array.from({ length: 157 }, (_, k) => SCALE_RANGE[0] + k / 4);
/** The row the plot follows: T-P3's row 2, the first whose D leaves the double range (and turns NaN). */
export const CURVE_ROW = 2;
/** log of the smallest normal double (below it `none` loses digits, then reads 0). */
export const LOG_DOUBLE_FLOOR = LOG_MIN_NORMAL;

/**
 * curvesRun(background)({}, { stale }) -> { [stabilizer]: [{ x, y: log D_i }] for i of T-P3's rows } or
 * null when overtaken: every x of CURVE_XS under the three stabilisers, in the worker (471 small
 * calls: about a tenth of a second, too long for the main thread). A log D that is not finite
 * (`none`: D = 0, the NaN row) stays in the points as it is, and the plot leaves it out.
 */
export function curvesRun(background) {
  return async (_input, { stale }) => {
    const { api } = await background;
    const curves = Object.fromEntries(STABILIZERS.map((s) => [s, Array.from({ length: T_P3.Q.rows }, () => [])]));
    for (const x of CURVE_XS) {
      if (stale()) return null;
      const Q = scaled(T_P3.Q, x);
      const K = scaled(T_P3.K, x);
      const answers = await Promise.all(
        STABILIZERS.map((stabilizer) => api.performerAttention(Q, K, T_P3.V, { W: T_P3.W, kind: 'positive', scale: 1, stabilizer })),
      );
      STABILIZERS.forEach((s, k) => {
        answers[k].logDenominator.forEach((y, i) => curves[s][i].push({ x, y }));
      });
    }
    return curves;
  };
}

/**
 * Where `none` leaves the double range on a curve of log D: { denormal (the first x whose D is below
 * the smallest normal double), nan (the first x whose D is 0, so the row is 0/0) }, null when never.
 */
export function leavesRange(points) {
  const denormal = points.find((p) => Number.isFinite(p.y) && p.y < AT_MIN_NORMAL)?.x ?? null;
  const nan = points.find((p) => !Number.isFinite(p.y))?.x ?? null;
  return { denormal, nan };
}
