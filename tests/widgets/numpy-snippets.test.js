// "Copy as NumPy": for each widget and a few states (the defaults, presets, an extreme or awkward
// one), the snippet of <topic>-numpy.js is run with Debian's python3 and NumPy (python-snippets.js:
// all of them in one python process) and its printed numbers are compared with what
// the widget computes for the same state on the wasm core, through the widget's own compute path.
//
// Tolerances (disagreements() in python-snippets.js: |snippet − widget| <= rel · max(|snippet|,
// |widget|, scale) + abs):
// - 1e-9 relative by default: both sides are a few roundings of the same closed form.
// - `scale`: where a result is a difference of much larger numbers (a gap, an error next to the
//   norm it is taken from), it is compared at 1e-9 of the size it comes from, the most either side
//   can resolve.
// - pinv: the small singular values, and so A⁺ and the ridge numbers built on them, are accurate to
//   about κ(A)·ε relative on both sides (two different SVDs): compared at max(1e-9, 1e-13·κ), A⁺'s
//   entries relative to its largest; the Penrose residuals and the distance between routes are
//   rounding noise by nature (~1e-16·κ): compared to 1e-12·κ absolutely; the naive ridge route,
//   which only shows rounding, is printed but not compared.
// - grad-clip's turn angle: arccos near 1 amplifies a rounding of the cosine to about 1e-8 rad, so
//   it is compared to 1e-6 degrees absolutely.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { load } from '../../web/src/core/index.js';
import { createCrEvaluate } from '../../web/src/widgets/cr/cr-compute.js';
import { crNumpy } from '../../web/src/widgets/cr/cr-numpy.js';
import { PRESETS as CR_PRESETS } from '../../web/src/widgets/cr/cr-presets.js';
import { coreOptions, createCurEvaluate } from '../../web/src/widgets/cur/cur-compute.js';
import { curNumpy } from '../../web/src/widgets/cur/cur-numpy.js';
import { PRESETS as CUR_PRESETS } from '../../web/src/widgets/cur/cur-presets.js';
import { clipOf, clipReadout } from '../../web/src/widgets/grad-clip/grad-clip-compute.js';
import { gradClipNumpy } from '../../web/src/widgets/grad-clip/grad-clip-numpy.js';
import { evaluate as lseEvaluate } from '../../web/src/widgets/logsumexp/logsumexp-compute.js';
import { surfaceGrid } from '../../web/src/widgets/logsumexp/logsumexp-compute.js';
import { logsumexpNumpy } from '../../web/src/widgets/logsumexp/logsumexp-numpy.js';
import { naiveLse, shiftedLse } from '../../web/src/widgets/logsumexp/naive-lse.js';
import { evaluateNow } from '../../web/src/widgets/pinv/pinv-compute.js';
import { pinvNumpy } from '../../web/src/widgets/pinv/pinv-numpy.js';
import { PRESETS as PINV_PRESETS } from '../../web/src/widgets/pinv/pinv-presets.js';
import { createTopkEvaluate } from '../../web/src/widgets/smooth-topk/smooth-topk-compute.js';
import { smoothTopkNumpy } from '../../web/src/widgets/smooth-topk/smooth-topk-numpy.js';
import { disagreements, parseShown, runSnippets } from './python-snippets.js';

const cores = {};
before(async () => {
  [cores.vector, cores.matrix] = await Promise.all([load({ include: ['vector'] }), load({ include: ['matrix'] })]);
});

const maxAbs = (values) => Math.max(0, ...Array.from(values, Math.abs));

// ---- each widget: its states, its compute path, and the numbers it shows ----------------------

const logsumexp = {
  states: [
    { x: [1, 2, 3], tau: 1, t: 3, p: null, y: [1.5, 1, 3.2], mix: 0.3 },
    { x: [0.1, -2.5, 7, 7, 3.25], tau: 0.001, t: 1.0001, p: [0.5, 0.1, 0.1, 0.2, 0.1], y: [0.6, -3.5, 7.2, 7.5, 2.25], mix: 0 },
    { x: [1e300, -1e300, 1e300, 0.3], tau: 1000, t: 10, p: null, y: [-1e300, 1e300, 5e299, 0.3], mix: 0.5 },
    { x: [5e-324, 0, -0, 1e-300], tau: 0.5, t: 2, p: [0.25, 0.25, 0.25, 0.25], y: [0.7, 0.7, 0.7, 0.7], mix: 1 },
    // The numerics panel's cases (logsumexp.md §5.1): naive overflow, underflow, and the log1p case; n = 1.
    { x: [1000, 1000], tau: 1, t: 3, p: null, y: [1000.7, 1000.7], mix: 0.3 },
    { x: [-1000, -1000], tau: 1, t: 3, p: null, y: [-999.5, -1001], mix: 0.3 },
    { x: [0, -40], tau: 1, t: 3, p: null, y: [0.5, -41], mix: 0.3 },
    { x: [5], tau: 2, t: 3, p: null, y: [5.5], mix: 0.75 },
  ],
  derive: (state) => ({
    ...lseEvaluate(state, { core: cores.vector }),
    point: state.x.length > 1 ? surfaceGrid(cores.vector, state.x[0], state.x[1], state.tau).point : null,
  }),
  snippet: logsumexpNumpy,
  expected(state, { result: r, point }) {
    const scale = maxAbs(state.x) + state.tau * 10;
    const pairScale = scale + maxAbs(state.y);
    const b = (key) => ({ value: r.bounds[key].value, tolerance: { scale } });
    const pair = (value) => ({ value, tolerance: { scale: pairScale } });
    const naive = naiveLse(state.x, state.tau);
    const plain = shiftedLse(state.x, state.tau);
    return {
      // The pair views (R7, R8) and the surface's dot, as the widget's core calls give them.
      lse_y: pair(r.pair.lseY),
      diff: pair(r.pair.diff),
      diff_min: pair(r.pair.diffMin),
      diff_max: pair(r.pair.diffMax),
      max_norm: pair(r.pair.maxNorm),
      chord: pair(r.pair.chord),
      lse_mix: pair(r.pair.lseMix),
      ...(point ? { surface_point: { value: point.lse, tolerance: { scale } } } : {}),
      diagonal_gap: state.tau * Math.LN2,
      // The numerics panel: the naive and shifted schemes (inf and -inf compare as equal infinities),
      // and the stable value, compared at 1e-15 relative: the log1p case must keep its 4.2e-18.
      naive_sum: naive.sum,
      naive: { value: naive.value, tolerance: { scale } },
      shifted_sum: plain.sum,
      shifted: { value: plain.value, tolerance: { scale } },
      stable: { value: r.lse, tolerance: { rel: 1e-15 } },
      lse: { value: r.lse, tolerance: { scale } },
      x_max: r.xMax,
      max_upper: b('maxUpper'),
      ties_lower: b('tiesLower'),
      mean_lower: b('meanLower'),
      cauchy_lower: b('cauchyLower'),
      holder_lower: b('holderLower'),
      entropy_lower: b('entropyLower'),
      gap: { value: r.lse - r.xMax, tolerance: { scale } },
      ties: r.ties,
      entropy: r.entropy,
      softmax: { value: r.softmax, tolerance: { abs: 1e-15 } },
    };
  },
};

const gradClip = {
  states: [
    { g: [2.4, 1.8], tau: 1 },
    { g: [0.3, -0.4], tau: 1 },
    { g: [-1e300, 3e299], tau: 0.01 },
    { g: [0, 0], tau: 2 },
    { g: [1e-310, -5e-324], tau: 1e-3 },
  ],
  derive: (state) => {
    const clip = clipOf(cores.vector, state.g, state.tau);
    return { clip, readout: clipReadout(state.g, clip) };
  },
  snippet: gradClipNumpy,
  expected(_state, { clip, readout }) {
    return {
      norm: clip.norm.norm,
      scale: clip.norm.scale,
      by_norm: readout.byNorm,
      clipped_norm: readout.clippedNorm,
      by_value: clip.value,
      cosine: readout.cosine ?? NaN,
      turn_degrees: { value: readout.cosine === null ? NaN : readout.turn, tolerance: { abs: 1e-6 } },
    };
  },
};

const topk = (x, k, tau, method, extras = [], complement = 'exact') => ({ x, extras, k, tau, method, complement });
const smoothTopk = {
  states: [
    topk([3, 2, 1, 4], 2, 1, 'threshold-piecewise'),
    topk([3, 2, 1, 4], 1.5, 0.1, 'threshold-exp'),
    topk([0.5, -1.25, 2, 2, 7], 3, 0.5, 'threshold-sigmoid', [Infinity, -Infinity]),
    topk([0, 10, 20, 30, 40], 3, 1, 'gradtopk'),
    topk([0, 50, 100], 2, 1, 'gradtopk-recursion'),
    topk([3, 2, 1, 4], 1, 1, 'sigmoid-bisection-article'),
    topk([0, 1, 10], 2, 1, 'iterative-su'),
    topk([3, 2, 1, 4], 2, 0.05, 'iterative-weighted'),
    topk([3, 2, 1, 4], 2, 0.02, 'iterative-weighted', [], 'naive'),
  ],
  derive: (state) => createTopkEvaluate(cores.vector)(state),
  snippet: smoothTopkNumpy,
  expected(state, { focus, jacobian }) {
    const shown = { p: { value: focus.values, tolerance: { abs: 1e-15 } }, sum: focus.sum };
    if (!Number.isFinite(focus.threshold)) return shown;
    if (!state.method.startsWith('threshold-')) return { ...shown, threshold: focus.threshold };
    return {
      ...shown,
      threshold: focus.threshold,
      jacobian: { value: jacobian.data, tolerance: { abs: 1e-13 } },
      jacobian_row_sums: { value: jacobian.rowSums, tolerance: { abs: 1e-14 } },
    };
  },
};

const pinvPreset = (id) => PINV_PRESETS.find((p) => p.id === id).matrix;
const pinv = {
  states: [
    ...['rank-deficient', 'near-singular', 'ill-conditioned', 'wide', 'zero'].map((id) => ({
      A: pinvPreset(id),
      preset: id,
      rtol: null,
      route: 'bdcsvd',
      eps: 1e-6,
    })),
    { A: pinvPreset('tall'), preset: 'tall', rtol: 1e-3, route: 'eig', eps: 1e-2 },
    { A: pinvPreset('invertible'), preset: 'invertible', rtol: null, route: 'cod', eps: 1e-20 },
    {
      A: [
        [1e-200, 2e-200],
        [3e-200, 4.000000001e-200],
      ],
      preset: 'custom',
      rtol: null,
      route: 'jacobi',
      eps: 100,
    },
  ],
  derive: (state) => evaluateNow(cores.matrix, state),
  snippet: pinvNumpy,
  expected(_state, d) {
    const s = d.svd.singularValues;
    const kappa = s.length && d.shown.rank ? s[0] / s[d.shown.rank - 1] : 1;
    const noise = { abs: 1e-12 * kappa };
    const conditioned = { rel: Math.max(1e-9, 1e-13 * kappa) };
    return {
      singular_values: { value: s, tolerance: { scale: s[0] ?? 0 } },
      tolerance: d.svd.tolerance,
      rank: d.shown.rank,
      pinv: { value: d.shown.pinv.data, tolerance: { ...conditioned, scale: maxAbs(d.shown.pinv.data) } },
      penrose_axa: { value: d.residuals.axa, tolerance: noise },
      penrose_xax: { value: d.residuals.xax, tolerance: noise },
      penrose_ax_symmetric: { value: d.residuals.axSymmetric, tolerance: noise },
      penrose_xa_symmetric: { value: d.residuals.xaSymmetric, tolerance: noise },
      difference_from_svd: { value: d.difference, tolerance: noise },
      ridge_stable_error: { value: d.at.stableError, tolerance: { ...conditioned, ...noise } },
      ridge_exact_error: { value: d.at.exactError, tolerance: conditioned },
      ridge_inverse_norm: { value: d.at.inverseNorm, tolerance: conditioned },
    };
  },
};

const crPreset = (id) => CR_PRESETS.find((p) => p.id === id);
const crEvaluate = () => createCrEvaluate(cores.matrix);
const cr = {
  states: [
    { preset: crPreset('skewed'), r: 6, seed: 1, sampling: 'optimal', keep: [] },
    { preset: crPreset('even'), r: 3, seed: 7, sampling: 'uniform', keep: [0, 31, 7] },
    { preset: crPreset('t-c2'), r: 2, seed: 0, sampling: 'top', keep: [4, 5] },
    { preset: crPreset('cancellation'), r: 1, seed: 4294967295, sampling: 'optimal', keep: [0, 1] },
  ],
  derive: (state) => crEvaluate()(state),
  snippet: crNumpy,
  expected(state, { current, subsets }) {
    const scale = { scale: current.productNormSquared };
    const shown = {
      error: { value: current.error, tolerance: scale },
      floor: { value: current.floor, tolerance: scale },
      product_norm_squared: current.productNormSquared,
    };
    // The table of selection rules: each row's kept terms and its three errors (a refused search prints nothing).
    for (const row of subsets.rows.filter((r) => !r.refused)) {
      shown[`${row.id}_kept`] = row.indices;
      shown[`${row.id}_errors`] = { value: [row.plain, row.diagonal, row.full], tolerance: scale };
    }
    if (state.sampling === 'top') return { ...shown, kept: current.indices };
    return { ...shown, probabilities: current.probabilities, expected_error: { value: current.expectedError, tolerance: scale } };
  },
};

const curPreset = (id) => CUR_PRESETS.find((p) => p.id === id);
const cur = {
  states: [
    { preset: curPreset('low-rank'), r: 4, select: 'deim', middle: 'optimal', seed: 1 },
    { preset: curPreset('kernel'), r: 5, select: 'leverage-top', middle: 'intersection', seed: 1 },
    { preset: curPreset('picture'), r: 6, select: 'pivoted-qr', middle: 'optimal', seed: 1 },
    { preset: curPreset('m1'), r: 2, select: 'uniform', middle: 'intersection', seed: 123456789 },
    { preset: curPreset('m3'), r: 2, select: 'max-volume', middle: 'optimal', seed: 1 },
  ],
  derive(state) {
    const widget = createCurEvaluate(cores.matrix);
    // Max volume is the worker's: its answer, remembered, is what the widget shows.
    if (state.select === 'max-volume') {
      const M = {
        rows: state.preset.matrix.length,
        cols: state.preset.matrix[0].length,
        data: Float64Array.from(state.preset.matrix.flat()),
      };
      widget.remember(state, cores.matrix.cur(M, state.r, coreOptions(state, state.select, state.r)));
    }
    return widget.evaluate(state);
  },
  snippet: curNumpy,
  expected(_state, { result: c }) {
    const scale = { scale: c.singularValues.reduce((sum, x) => sum + x * x, 0) };
    const floor = c.errors.floorSquared;
    return {
      rows: c.rows,
      cols: c.cols,
      error: { value: c.error, tolerance: scale },
      floor: { value: floor, tolerance: scale },
      ratio: { value: floor > 1e-12 * Math.max(1, c.error) ? c.error / floor : NaN, tolerance: { rel: 1e-6 } },
      kappa_W: { value: c.intersectionCondition, tolerance: { rel: 1e-7 } },
      abs_det_W: { value: Math.abs(c.intersectionDet), tolerance: { rel: 1e-9 } },
    };
  },
};

const WIDGETS = { logsumexp, 'smooth-topk': smoothTopk, 'grad-clip': gradClip, pinv, cr, cur };

// ---- run every snippet (all in one python process: NumPy's import is most of the cost) and compare

describe('"Copy as NumPy" snippets agree with the widgets', () => {
  let run;
  before(() => {
    const cases = Object.entries(WIDGETS).flatMap(([name, widget]) =>
      widget.states.map((state) => {
        const derived = widget.derive(state);
        return { name, state, derived, code: widget.snippet(state, derived) };
      }),
    );
    run = runSnippets(cases.map((c) => c.code)).then((outputs) => cases.map((c, i) => ({ ...c, output: outputs[i] })));
    run.catch(() => {}); // reported by the tests below, not as an unhandled rejection
  });
  for (const [name, widget] of Object.entries(WIDGETS)) {
    it(`${name}: ${widget.states.length} states`, async () => {
      const cases = (await run).filter((c) => c.name === name);
      cases.forEach(({ state, derived, output }, i) => {
        const problems = disagreements(parseShown(output), widget.expected(state, derived));
        assert.deepEqual(problems, [], `${name}, state ${i}: ${JSON.stringify(state, (k, v) => (k === 'preset' && v.id ? v.id : v))}`);
      });
    });
  }
});
