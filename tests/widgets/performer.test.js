// <mathlet-performer> in Node, on the real wasm core: its state (attributes, the pair read against n,
// the permalink), the inputs and the sharpness scale, the main-thread evaluation and the split with
// the worker, the rows of P̂ in blocks (checked against the core's own causal and non-causal matrix),
// the error-against-m sweep, the histograms of the estimator and the angle curves (against R5's
// closed forms of performer.md), and the helpers the view draws with.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { load } from '../../web/src/core/index.js';
import { readOneAttribute } from '../../web/src/widgets/framework/attribute-table.js';
import { formatFields, parseFields } from '../../web/src/widgets/parts/permalink.js';
import { nearestStep } from '../../web/src/widgets/parts/stepped-slider.js';
import { angleCurves, crossings, distancesAt } from '../../web/src/widgets/performer/performer-angle.js';
import { angleDomain } from '../../web/src/widgets/performer/performer-angle-plot.js';
import {
  createPerformerEvaluate,
  MAIN_THREAD_WORK,
  matrixKey,
  matrixRun,
  onMainThread,
  summarize,
} from '../../web/src/widgets/performer/performer-compute.js';
import { attentionData, logitSpread, rowOf, scaledPair, scaleFor, topKey } from '../../web/src/widgets/performer/performer-data.js';
import { featureDimension, pickRows, performerRows, sampleRows, totalVariation } from '../../web/src/widgets/performer/performer-rows.js';
import { histogram, sharedDomain, spreadPanels, spreadRun, TRIALS, trialsFor } from '../../web/src/widgets/performer/performer-spread.js';
import { spreadNumbers } from '../../web/src/widgets/performer/performer-spread-plots.js';
import {
  attributes,
  DEFAULTS,
  normalize,
  permalinkFields,
  readState,
  spreadKey,
  sweepKey,
} from '../../web/src/widgets/performer/performer-state.js';
import { drawsAt, SERIES, SWEEP_M, sweepRows, sweepRun } from '../../web/src/widgets/performer/performer-sweep.js';
import { sqrtGuide, tvDomain } from '../../web/src/widgets/performer/performer-tv-plot.js';
import {
  COST_SERIES,
  crossing,
  FLOP_NS,
  flopSeries,
  memoryOf,
  TIME_NS,
  timeRows,
  timeRun,
} from '../../web/src/widgets/performer/performer-cost.js';
import {
  CURVE_ROW,
  CURVE_XS,
  curvesRun,
  LOG_DOUBLE_FLOOR,
  leavesRange,
  meanRow,
  numericsAt,
  powerOfTen,
  rowStatus,
  T_P3,
} from '../../web/src/widgets/performer/performer-numerics.js';
import { performerNumpy } from '../../web/src/widgets/performer/performer-numpy.js';
import { BIAS_Z2S, biasRun, lowest, paperBound, RATIO_ZS, varianceRatio } from '../../web/src/widgets/performer/performer-estimator.js';
import { morph, omegaPair, omegaStats } from '../../web/src/widgets/performer/performer-omegas.js';
import { rnnTrace, stateAt, TOKENS, times } from '../../web/src/widgets/performer/performer-rnn.js';
import { colourScale } from '../../web/src/widgets/performer/performer-view.js';
import { disagreements, parseShown, runSnippets } from './python-snippets.js';

const textOf = (attrs) => (name) => attrs[name] ?? null;
const t = (key, params) => `${key} ${JSON.stringify(params ?? {})}`;
const rowSums = (M) => Array.from({ length: M.rows }, (_, i) => M.data.subarray(i * M.cols, (i + 1) * M.cols).reduce((a, b) => a + b, 0));
const close = (actual, expected, tol, what) =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
const sync = (core) => Promise.resolve({ api: core }); // the worker's API, here on the main thread

let core;
before(async () => {
  core = await load({ include: ['attention'] });
});

describe('performer state', () => {
  it('starts from n = 128, d = 32, m = 128 positive orthogonal features, σ = 1, the pair (0, 0)', () => {
    const { state, problems } = readState(textOf({}));
    assert.deepEqual(state, DEFAULTS);
    assert.deepEqual([state.n, state.d, state.m, state.kind, state.orthogonal, state.sharpness], [128, 32, 128, 'positive', true, 1]);
    assert.deepEqual(problems, []);
  });

  it('names every bad attribute and keeps the default for it', () => {
    const { state, problems } = readState(
      textOf({ n: 'abc', d: '65', sharpness: '9', m: '0', kind: 'cosine', orthogonal: 'yes', inputs: 'text', seed: '-1', draw: '1.5' }),
    );
    assert.deepEqual(state, DEFAULTS);
    assert.deepEqual(
      problems.map((p) => p(t)),
      [
        'attr.oneOf {"name":"inputs","list":"gaussian, structured, clusters"}',
        'field.problem {"name":"n","reason":"number.notNumber {}"}',
        'attr.wholeBetween {"name":"d","min":1,"max":64}',
        'attr.between {"name":"sharpness","min":0.05,"max":8}',
        'attr.wholeBetween {"name":"m","min":1,"max":1024}',
        'attr.oneOf {"name":"kind","list":"positive, hyperbolic, trig"}',
        'attr.oneOf {"name":"orthogonal","list":"true, false"}',
        'attr.wholeBetween {"name":"seed","min":0,"max":4294967295}',
        'attr.wholeBetween {"name":"draw","min":0,"max":4294967295}',
      ],
    );
  });

  it('reads the pair against n, and a shorter sequence keeps the pair inside it', () => {
    assert.deepEqual(readState(textOf({ n: '16', row: '15', key: '3' })).problems, []);
    const far = readState(textOf({ n: '16', row: '16' }));
    assert.equal(far.state.row, 0);
    assert.equal(far.problems[0](t), 'attr.wholeBetween {"name":"row","min":0,"max":15}');
    const current = { ...DEFAULTS, row: 100, key: 90 };
    assert.deepEqual(readOneAttribute(attributes, 'n', '64', null, current).change, { n: 64, row: 63, key: 63 });
    assert.ok(readOneAttribute(attributes, 'key', '128', null, current).problem, 'key up to n - 1 = 127');
    assert.deepEqual(readOneAttribute(attributes, 'causal', 'true', null, current).change, { causal: true });
    assert.deepEqual(normalize({ ...current, n: 8 }), { ...current, n: 8, row: 7, key: 7 });
  });

  it('round-trips through the permalink', () => {
    const state = {
      ...DEFAULTS,
      inputs: 'structured',
      n: 96,
      sharpness: 2.5,
      kind: 'trig',
      orthogonal: false,
      causal: true,
      featureSeed: 7,
      row: 5,
      key: 9,
    };
    const fields = parseFields(formatFields(permalinkFields(state)));
    assert.deepEqual(readState(textOf(fields)), { state, problems: [] });
  });

  it('keys each computation by what it depends on', () => {
    const other = { ...DEFAULTS, m: 64, kind: 'trig' };
    assert.equal(sweepKey(other), sweepKey(DEFAULTS), 'the sweep covers every m and kind');
    assert.notEqual(sweepKey({ ...DEFAULTS, sharpness: 2 }), sweepKey(DEFAULTS));
    assert.notEqual(spreadKey(other), spreadKey(DEFAULTS), 'the histograms are at the state’s m');
    assert.equal(spreadKey({ ...DEFAULTS, causal: true }), spreadKey(DEFAULTS), 'the mask does not change one kernel estimate');
    assert.notEqual(matrixKey({ ...DEFAULTS, featureSeed: 2 }), matrixKey(DEFAULTS));
  });
});

describe('performer inputs and sharpness', () => {
  it('measures the logit spread in O(n d²) exactly as over all pairs', () => {
    const data = attentionData(core, { inputs: 'clusters', n: 40, d: 6, seed: 3 });
    const logits = [];
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 40; j++) logits.push(rowOf(data.Q, i).reduce((sum, x, c) => sum + x * data.K.data[j * 6 + c], 0));
    }
    const mean = logits.reduce((a, b) => a + b, 0) / logits.length;
    const sd = Math.sqrt(logits.reduce((a, x) => a + (x - mean) ** 2, 0) / logits.length);
    close(logitSpread(data.Q, data.K), sd, 1e-12, 'sd of q·k');
    close(scaleFor(2, data.spread) * sd, 2, 1e-12, 'the scaled logits have sd σ');
  });

  it('gives Gaussian inputs the usual 1/√d scale at σ = 1, and the structured preset local attention', () => {
    const gaussian = attentionData(core, { inputs: 'gaussian', n: 128, d: 32, seed: 1 });
    close(scaleFor(1, gaussian.spread), 1 / Math.sqrt(32), 0.05, 'scale at σ = 1');
    const loop = attentionData(core, { inputs: 'structured', n: 64, d: 8, seed: 1 });
    const S = core.softmaxAttentionWeights(loop.Q, loop.K, { scale: scaleFor(4, loop.spread) });
    const near = Array.from({ length: 64 }, (_, i) => Math.min(Math.abs(topKey(S, i) - i), 64 - Math.abs(topKey(S, i) - i)));
    assert.ok(Math.max(...near) <= 1, `every token attends most to itself or a neighbour (${near})`);
  });

  it('scales the studied pair by √s, so that its kernel is e^{s q·k}', () => {
    const data = attentionData(core, DEFAULTS);
    const pair = scaledPair(data, 0.3, 4, 9);
    const dot = rowOf(data.Q, 4).reduce((sum, x, c) => sum + x * data.K.data[9 * data.K.cols + c], 0);
    close(pair.logit, 0.3 * dot, 1e-12, 'q′·k′');
    close(Math.cos(pair.angle) * pair.qNorm * pair.kNorm, pair.logit, 1e-12, 'angle');
  });
});

describe('performer evaluation on the main thread', () => {
  it('computes S, P̂ and the TV of every row at the defaults, within the main-thread budget', () => {
    const { evaluate } = createPerformerEvaluate(core);
    const derived = evaluate(DEFAULTS);
    assert.equal(derived.pending, false);
    const { S, P, tv, meanTv } = derived.matrices;
    assert.deepEqual([S.rows, S.cols, P.rows, P.cols], [128, 128, 128, 128]);
    for (const sum of [...rowSums(S), ...rowSums(P)]) close(sum, 1, 1e-12, 'row sum');
    for (const i of [0, 57, 127]) {
      close(tv[i], totalVariation(P.data.subarray(i * 128, (i + 1) * 128), S.data.subarray(i * 128, (i + 1) * 128)), 1e-12, `TV row ${i}`);
    }
    close(meanTv, tv.reduce((a, b) => a + b, 0) / 128, 1e-12, 'mean TV');
    assert.ok(onMainThread(DEFAULTS) && onMainThread({ ...DEFAULTS, kind: 'trig', m: 256 }));
    assert.equal(onMainThread({ ...DEFAULTS, kind: 'trig', m: 257 }), false, `n²M above ${MAIN_THREAD_WORK}`);
    assert.ok(derived.cost.performerFlops > 0 && derived.cost.softmaxFlops > 0);
  });

  it('reuses what a change leaves valid, and redraws the features on a new draw', () => {
    const { evaluate } = createPerformerEvaluate(core);
    const first = evaluate(DEFAULTS);
    const again = evaluate({ ...DEFAULTS, row: 5 });
    assert.equal(again.matrices, first.matrices, 'a new pair leaves the matrices');
    assert.equal(again.data, first.data, 'and the inputs');
    const redrawn = evaluate({ ...DEFAULTS, featureSeed: 2 });
    assert.equal(redrawn.data, first.data);
    assert.notEqual(redrawn.matrices.meanTv, first.matrices.meanTv, 'another feature draw, another P̂');
  });

  it('masks the future when causal: zero above the diagonal, and the first row exact', () => {
    const { evaluate } = createPerformerEvaluate(core);
    const { S, P, tv } = evaluate({ ...DEFAULTS, causal: true }).matrices;
    for (const M of [S, P]) {
      for (const [i, j] of [
        [0, 1],
        [10, 11],
        [126, 127],
      ])
        assert.equal(M.data[i * 128 + j], 0, `entry (${i}, ${j})`);
    }
    close(P.data[0], 1, 1e-12, 'row 0 sees key 0 alone');
    close(tv[0], 0, 1e-12, 'so its TV is 0');
  });

  it('gives negative weights with trig features only, and a larger error at higher sharpness (R6, R14)', () => {
    const { evaluate } = createPerformerEvaluate(core);
    assert.ok(evaluate({ ...DEFAULTS, kind: 'trig' }).matrices.negatives > 0);
    for (const kind of ['positive', 'hyperbolic']) assert.equal(evaluate({ ...DEFAULTS, kind }).matrices.negatives, 0, kind);
    // R14's Monte Carlo illustration: n = 128, d = 16, m = 256, σ = 0.25, 1, 4 gave 0.046, 0.307, 0.85.
    const tvAt = (sharpness) => evaluate({ ...DEFAULTS, d: 16, m: 256, sharpness }).matrices.meanTv;
    const [low, mid, high] = [0.25, 1, 4].map(tvAt);
    assert.ok(low < mid && mid < high, `${low} < ${mid} < ${high}`);
    assert.ok(low > 0.02 && low < 0.09 && mid > 0.2 && mid < 0.45 && high > 0.7, `near R14's numbers: ${[low, mid, high]}`);
  });

  it('leaves large sizes to the worker: pending with the last matrices, shown once remembered', async () => {
    const { evaluate, remember } = createPerformerEvaluate(core);
    const small = evaluate(DEFAULTS);
    const large = { ...DEFAULTS, n: 256, m: 512 };
    const waiting = evaluate(large);
    assert.equal(waiting.pending, true);
    assert.equal(waiting.matrices, small.matrices, 'the last matrices stay on screen');
    const answer = await matrixRun(sync(core))({ ...waiting, key: matrixKey(large) }, { stale: () => false });
    assert.equal(answer.P.rows, 256);
    remember(matrixKey(large), answer);
    const shown = evaluate(large);
    assert.equal(shown.pending, false);
    assert.equal(shown.matrices, answer);
    assert.equal(createPerformerEvaluate(core).evaluate(large).matrices, null, 'nothing to show before the first answer');
  });

  it("computes in the worker's way what the main thread computes", async () => {
    const state = { ...DEFAULTS, n: 48, m: 32, kind: 'hyperbolic', causal: true };
    const main = createPerformerEvaluate(core).evaluate(state);
    const worker = await matrixRun(sync(core))({ ...main, key: matrixKey(state) }, { stale: () => false });
    assert.deepEqual(Array.from(worker.P.data), Array.from(main.matrices.P.data));
    assert.deepEqual(summarize(worker), summarize(main.matrices));
  });
});

describe('performer rows in blocks', () => {
  // The block path (rows asked for, or above the core's cap) against the core's own matrix.
  for (const kind of ['positive', 'hyperbolic', 'trig']) {
    for (const causal of [false, true]) {
      it(`${kind}, ${causal ? 'causal' : 'not causal'}: masked, renormalised rows equal the core's`, async () => {
        const data = attentionData(core, { inputs: 'gaussian', n: 40, d: 8, seed: 5 });
        const scale = 0.4;
        const W = core.drawOmegas(8, 24, { seed: 3 });
        const S = core.softmaxAttentionWeights(data.Q, data.K, { scale, causal });
        const whole = core.performerAttentionMatrix(data.Q, data.K, W, { kind, scale, causal });
        const rows = [0, 3, 17, 18, 39];
        const part = await performerRows(core, { Q: data.Q, K: data.K, W, kind, scale, causal, S, rows });
        rows.forEach((i, r) => {
          for (let j = 0; j < 40; j++) close(part.P.data[r * 40 + j], whole.P.data[i * 40 + j], 1e-10, `P̂(${i}, ${j})`);
          close(part.tv[r], whole.tv[i], 1e-10, `TV row ${i}`);
        });
      });
    }
  }

  it('picks, samples and sizes rows as documented', () => {
    assert.deepEqual(sampleRows(5, 8), [0, 1, 2, 3, 4]);
    assert.deepEqual(sampleRows(512, 4), [0, 128, 256, 384]);
    const X = { rows: 3, cols: 2, data: Float64Array.from([1, 2, 3, 4, 5, 6]) };
    assert.deepEqual(Array.from(pickRows(X, [2, 0]).data), [5, 6, 1, 2]);
    assert.deepEqual([featureDimension('positive', 10), featureDimension('trig', 10), featureDimension('hyperbolic', 10)], [10, 20, 20]);
  });

  it('stops between blocks when a newer input waits', async () => {
    const data = attentionData(core, { inputs: 'gaussian', n: 512, d: 8, seed: 1 });
    const W = core.drawOmegas(8, 1024, { seed: 1 });
    const S = core.softmaxAttentionWeights(data.Q, data.K, { scale: 0.3 });
    let calls = 0;
    const api = {
      performerAttentionMatrix(...args) {
        calls += 1;
        return core.performerAttentionMatrix(...args);
      },
    };
    const answer = await performerRows(api, {
      Q: data.Q,
      K: data.K,
      W,
      kind: 'trig',
      scale: 0.3,
      causal: false,
      S,
      stale: () => calls >= 1,
    });
    assert.equal(answer, null);
    assert.equal(calls, 1, 'n²M = 512²·2048 is above the cap: blocks, and the second is never asked for');
  });
});

describe('performer error against m', () => {
  it('fills every m for every series, falling with m for positive features', async () => {
    const { evaluate } = createPerformerEvaluate(core);
    const derived = evaluate({ ...DEFAULTS, n: 64, d: 16, sharpness: 0.5 });
    const rows = sweepRows();
    let calls = 0;
    const outcome = await sweepRun(sync(core))({ ...derived, rows, onRow: () => (calls += 1) }, { stale: () => false });
    assert.equal(outcome, 'done');
    assert.equal(calls, SWEEP_M.length);
    for (const row of rows) for (const [id] of SERIES) assert.ok(row[id] > 0 && Number.isFinite(row[id]), `${id} at m = ${row.m}`);
    for (const id of ['positive-iid', 'positive-orthogonal', 'hyperbolic']) {
      assert.ok(rows.at(-1)[id] < rows[0][id] / 2, `${id}: m = 1024 beats m = 1 (${rows.at(-1)[id]} vs ${rows[0][id]})`);
    }
    assert.deepEqual([drawsAt(1), drawsAt(32), drawsAt(64), drawsAt(1024)], [8, 8, 4, 1]);
  });

  it('is abandoned after the current call when a newer input waits', async () => {
    const derived = createPerformerEvaluate(core).evaluate(DEFAULTS);
    const rows = sweepRows();
    let rowsDone = 0;
    const outcome = await sweepRun(sync(core))({ ...derived, rows, onRow: () => (rowsDone += 1) }, { stale: () => rowsDone >= 2 });
    assert.equal(outcome, 'abandoned');
    assert.equal(rows.filter((r) => r.trig !== undefined).length, 2);
  });

  it('draws the 1/√m guide through the last point, and a y range with room for it', () => {
    const rows = [{ m: 1, 'positive-orthogonal': 0.8 }, { m: 4, 'positive-orthogonal': 0.4 }, { m: 16 }];
    const guide = sqrtGuide(rows, 'positive-orthogonal');
    close(guide.find((p) => p.x === 4).y, 0.4, 1e-12, 'through m = 4');
    close(guide.find((p) => p.x === 16).y, 0.2, 1e-12, 'halved at 4m');
    assert.equal(sqrtGuide([{ m: 1 }], 'positive-orthogonal'), null);
    const [lo, hi] = tvDomain(rows, 0.5);
    assert.ok(lo <= 0.4 / 3 && hi >= 1.2, `${lo}, ${hi}`);
  });
});

describe('performer estimator spread', () => {
  it('draws trig against the other kind, i.i.d. and orthogonal, unbiased and with the closed-form spread (R5, R6)', async () => {
    // T-P2's pair D scaled up so trig draws go negative: q = (1, 0, 0, 0), k = (0, 1, 0, 0), SM = 1.
    const pair = { q: [1, 0, 0, 0], k: [0, 1, 0, 0] };
    const panels = await spreadRun(sync(core))({ pair, m: 4, kind: 'hyperbolic', featureSeed: 7 }, { stale: () => false });
    assert.deepEqual(
      panels.map((p) => [p.kind, p.orthogonal]),
      spreadPanels('hyperbolic').map((p) => [p.kind, p.orthogonal]),
    );
    assert.deepEqual(spreadPanels('trig')[2], { kind: 'positive', orthogonal: false });
    for (const { kind, orthogonal, stats } of panels) {
      assert.equal(stats.relative.length, TRIALS);
      const mean = stats.relative.reduce((a, b) => a + b, 0) / TRIALS;
      const sd = Math.sqrt(stats.cfRelvar);
      assert.ok(Math.abs(mean - 1) < 5 * (sd / Math.sqrt(TRIALS)), `${kind} ${orthogonal}: mean ${mean}`);
      // Pair D scaled: ‖q − k‖² = ‖q + k‖² = 2, so trig and hyperbolic share 2 sinh²(1) / m (R5).
      if (!orthogonal) close(stats.cfRelvar, (2 * Math.sinh(1) ** 2) / 4, 1e-12, 'R5');
    }
    assert.ok(panels[0].stats.mcNegFraction > 0.01, 'trig draws go negative');
    assert.equal(panels[2].stats.mcNegFraction, 0, 'hyperbolic draws never do');
  });

  it('draws 4096 times at the defaults and fewer where m·d is large', () => {
    assert.equal(trialsFor(128, 32), 4096);
    assert.equal(trialsFor(1024, 64), 256);
    assert.equal(trialsFor(512, 48), 682);
  });

  it('bins with 0 on an edge, counting what falls outside in the end bins', () => {
    const values = Float64Array.from([-3, -0.5, -0.1, 0.2, 0.9, 1, 1.1, 2.5, 40]);
    const { rows, below, above } = histogram(values, [-1, 3], 8);
    assert.equal(
      rows.reduce((a, r) => a + r.count, 0),
      values.length,
    );
    assert.deepEqual([below, above], [1, 1]);
    assert.ok(
      rows.some((r) => Math.abs(r.x1) < 1e-12 || Math.abs(r.x2) < 1e-12),
      '0 is a bin edge',
    );
    for (const r of rows) assert.equal(r.negative, r.x2 <= 1e-12, `bin ${r.x1}..${r.x2}`);
    assert.equal(
      rows.filter((r) => r.negative).reduce((a, r) => a + r.count, 0),
      3,
      'the three negative values',
    );
    const domain = sharedDomain([{ stats: { relative: Float64Array.from({ length: 1000 }, (_, k) => 1 + k / 1000) } }]);
    assert.deepEqual(domain, [0, 2], 'always 0 to 2 at least');
    const numbers = spreadNumbers(
      { mcVar: 0.04, sm: 2, cfAvailable: true, cfRelvar: 0.0121, mcNegFraction: 0.125 },
      { below: 2, above: 1 },
    );
    assert.deepEqual(numbers, { sd: '0.100', closed: '0.110', negative: '12.5%', outside: '3' });
  });
});

describe('performer angle curves', () => {
  it("follow R5's one-length formulas and R6's crossing", () => {
    const data = attentionData(core, DEFAULTS);
    const pair = scaledPair(data, scaleFor(1, data.spread), 0, 0);
    const m = 16;
    const angle = angleCurves(core, pair, { d: 32, m, orthogonal: false });
    for (const k of [0, 30, 60, 90]) {
      const { sum, difference } = distancesAt(pair.qNorm, pair.kNorm, angle.theta[k]);
      close(angle.sd.positive[k], Math.sqrt(Math.expm1(sum * sum) / m), 1e-10, `positive at ${k}`);
      close(angle.sd.trig[k], Math.sqrt((2 * Math.sinh((difference * difference) / 2) ** 2) / m), 1e-10, `trig at ${k}`);
      close(angle.sd.hyperbolic[k], Math.sqrt((2 * Math.sinh((sum * sum) / 2) ** 2) / m), 1e-10, `hyperbolic at ${k}`);
    }
    assert.ok(angle.sd.trig[0] < angle.sd.trig.at(-1), 'trig rises toward 180°');
    assert.ok(angle.sd.positive[0] > angle.sd.positive.at(-1), 'positive falls');
    assert.equal(crossings(angle).length, 1, 'they cross once');
    const [lo, hi] = angleDomain(angle.sd);
    assert.ok(lo > 0 && hi > Math.max(...angle.sd.positive));
    const ortho = angleCurves(core, pair, { d: 32, m, orthogonal: true });
    for (let k = 0; k < angle.theta.length; k++) assert.ok(ortho.sd.positive[k] <= angle.sd.positive[k] * (1 + 1e-12), `R8 at ${k}`);
  });

  it('is exact where R6 says: trig at 0° and positive at 180° for equal lengths; off-range lengths are off the plot', () => {
    const pair = { qNorm: 1.5, kNorm: 1.5, angle: 1 };
    const angle = angleCurves(core, pair, { d: 8, m: 8, orthogonal: true });
    assert.equal(angle.sd.trig[0], 0);
    assert.equal(angle.sd.positive.at(-1), 0);
    const huge = angleCurves(core, { qNorm: 20, kNorm: 20, angle: 1 }, { d: 8, m: 8, orthogonal: false });
    assert.equal(huge.sd.positive[0], Infinity, '‖q+k‖² = 1600: beyond the double range');
    assert.ok(Number.isFinite(huge.sd.positive.at(-1)));
  });
});

describe('performer view helpers', () => {
  it('sets the colour scale at the 99th percentile, and steps sliders to the nearest round value', () => {
    const data = Float64Array.from({ length: 1000 }, (_, k) => (k === 999 ? 50 : k / 1000));
    close(colourScale(data), 0.989, 1e-12, 'one outlier does not set the scale');
    assert.equal(colourScale(new Float64Array(4)), 1, 'an all-zero matrix still has a scale');
    assert.equal(nearestStep([1, 2, 4, 8], 3), 2, '3 is nearer 4 than 2 on a log scale');
    assert.equal(nearestStep([1, 2, 4, 8], 1000), 3);
  });
});

// performer.md §4: T-P3 (positive, non-causal, input scale 1) and T-P4 (inputs × 30).
const T_P3_OUT = [
  [1.0981694228358238, 0.17342454873048772],
  [1.3662448548248524, -0.14744165618284008],
  [1.2000138190460247, 0.063066270604679689],
  [1.4755187962165192, -0.30443369550295519],
];
const T_P3_LOG_D = [1.0538470076443332, 1.4724150147831149, 0.99530815678690314, 1.3408980774556426];
const T_P4_LOG_D = [-518.59861228866811, -533.59861167686366, -968.59861198276584, -646.09861198276584];
const T_P4_OUT_1 = [-2.5945759662981751e-62, -1.4815117836785735e-36, -1.3863432936413004e-49, -4.8430877583669471e-30];

describe('performer numerics panel (P4, R12)', () => {
  const column = (result, stabilizer) => result.columns.find((c) => c.stabilizer === stabilizer);

  it('reproduces T-P3 at input scale 1 with every stabiliser but reference-eps exactly', () => {
    const result = numericsAt(core, 1);
    for (const stabilizer of ['none', 'log-domain']) {
      column(result, stabilizer).rows.forEach((row, i) => {
        row.out.forEach((x, c) => close(x, T_P3_OUT[i][c], 1e-13, `${stabilizer} out[${i}][${c}]`));
        close(row.logD, T_P3_LOG_D[i], 1e-13, `${stabilizer} log D_${i}`);
        assert.equal(row.status, 'normal');
      });
    }
    assert.ok(column(result, 'reference-eps').fromStable > 1e-5, 'ε biases the output even at scale 1');
  });

  it('at ×30 (T-P4): log-domain exact far below the double range, none NaN in row 2, reference-eps the mean of V', () => {
    const result = numericsAt(core, 30);
    const stable = column(result, 'log-domain');
    stable.rows.forEach((row, i) => {
      close(row.logD, T_P4_LOG_D[i], 1e-10, `log D_${i}`);
      assert.ok(Math.abs(row.out[0] - 1) <= 1e-12 && Math.abs(row.out[1] - T_P4_OUT_1[i]) <= 1e-12, `row ${i}`);
    });
    assert.deepEqual(
      stable.rows.map((r) => r.status),
      ['normal', 'normal', 'below', 'normal'],
    );
    const none = column(result, 'none');
    assert.equal(none.nanRows, 1);
    assert.equal(none.rows[2].status, 'nan');
    assert.ok(Number.isNaN(none.towardMean), 'a NaN row has no distance');
    const eps = column(result, 'reference-eps');
    assert.deepEqual(Array.from(result.mean), [1, 0.25]);
    assert.ok(eps.towardMean <= 1e-12, `every row is the mean of V (${eps.towardMean})`);
  });

  it('marks the denormal denominator of none from ×25.75 and the NaN row from ×26.5, not before', () => {
    assert.equal(column(numericsAt(core, 25.5), 'none').rows[2].status, 'normal');
    assert.equal(column(numericsAt(core, 25.75), 'none').rows[2].status, 'denormal');
    assert.equal(column(numericsAt(core, 26), 'none').nanRows, 0);
    assert.equal(column(numericsAt(core, 26.5), 'none').rows[2].status, 'nan');
    assert.equal(rowStatus('log-domain', [1, 0], -800), 'below');
    assert.deepEqual(Array.from(meanRow(T_P3.V)), [1, 0.25]);
  });

  it('plots log D against the scale (worker run): none leaves the double range at ×25.75 and is NaN from ×26.5; log-domain goes on (T-P3, T-P4)', async () => {
    const curves = await curvesRun(Promise.resolve({ api: core }))({}, { stale: () => false });
    assert.equal(CURVE_XS.length, 157);
    assert.deepEqual([CURVE_XS[0], CURVE_XS.at(-1), CURVE_XS.indexOf(25.75) > 0, CURVE_XS.indexOf(30) > 0], [1, 40, true, true]);
    const at = (stabilizer, x, i = CURVE_ROW) => curves[stabilizer][i].find((p) => p.x === x).y;
    T_P3_LOG_D.forEach((y, i) => close(at('log-domain', 1, i), y, 1e-13, `T-P3 log D_${i}`));
    T_P4_LOG_D.forEach((y, i) => close(at('log-domain', 30, i), y, 1e-10, `T-P4 log D_${i} at ×30`));
    assert.deepEqual(leavesRange(curves.none[CURVE_ROW]), { denormal: 25.75, nan: 26.5 });
    assert.equal(at('none', 25.75), LOG_DOUBLE_FLOOR, 'none reads the smallest normal double itself');
    assert.deepEqual(leavesRange(curves['log-domain'][CURVE_ROW]).nan, null, 'log-domain never turns NaN');
    assert.ok(
      curves['log-domain'][CURVE_ROW].every((p, k, all) => k === 0 || p.y < all[k - 1].y),
      'and keeps falling',
    );
    // log D_i = log Σ_j Σ_l e^{ω_l·q_i − ‖q_i‖²/2 + ω_l·k_j − ‖k_j‖²/2} / m, summed from its largest term, at every x.
    const row = (M, i, x) => [M.data[2 * i] * x, M.data[2 * i + 1] * x];
    const logD = (x, i) => {
      const q = row(T_P3.Q, i, x);
      const terms = [];
      for (let j = 0; j < 4; j++) {
        const k = row(T_P3.K, j, x);
        for (let l = 0; l < 3; l++) {
          const [w0, w1] = [T_P3.W.data[2 * l], T_P3.W.data[2 * l + 1]];
          terms.push(w0 * (q[0] + k[0]) + w1 * (q[1] + k[1]) - (q[0] ** 2 + q[1] ** 2 + k[0] ** 2 + k[1] ** 2) / 2);
        }
      }
      const top = Math.max(...terms);
      return top + Math.log(terms.reduce((sum, t) => sum + Math.exp(t - top), 0) / 3);
    };
    for (const x of CURVE_XS) close(at('log-domain', x), logD(x, CURVE_ROW), 1e-10, `log-domain log D₂ at ×${x}`);
    assert.ok(
      curves['reference-eps'][CURVE_ROW].every((p) => Number.isFinite(p.y)),
      'reference-eps stays finite',
    );
    assert.equal(await curvesRun(Promise.resolve({ api: core }))({}, { stale: () => true }), null, 'overtaken: nothing');
  });

  it('writes numbers beyond the double range as powers of ten', () => {
    const p = powerOfTen(T_P4_LOG_D[2]);
    assert.equal(p.exponent, -421);
    close(p.mantissa, Math.exp(T_P4_LOG_D[2] + 421 * Math.LN10), 1e-9, 'mantissa');
    assert.ok(p.mantissa >= 1 && p.mantissa < 10);
    assert.deepEqual(powerOfTen(0), { mantissa: 1, exponent: 0 });
    assert.equal(powerOfTen(-Infinity), null);
  });
});

describe('performer causal RNN panel (P6, R11)', () => {
  const derivedFor = (change) => createPerformerEvaluate(core).evaluate({ ...DEFAULTS, ...change });

  for (const kind of ['positive', 'hyperbolic', 'trig']) {
    it(`${kind}: the state after token i gives output i, equal to the core's causal output and the masked P̂V`, () => {
      const derived = derivedFor({ kind, m: 16, n: 40 });
      const trace = rnnTrace(core, derived);
      assert.equal(trace.tokens, 40, 'n < 64: every token');
      const tol = kind === 'trig' ? 1e-9 : 1e-12;
      for (let i = 0; i < trace.tokens; i++) {
        const s = stateAt(trace, i);
        assert.ok(s.gap <= tol, `token ${i}: ${s.gap}`);
        for (let c = 0; c < trace.dv; c++) assert.ok(Math.abs(s.out[c] - s.reference[c]) <= tol, `token ${i} column ${c}`);
      }
    });
  }

  it('keeps each feature relative to its running maximum, and marks the features a key raises', () => {
    const derived = derivedFor({});
    const trace = rnnTrace(core, derived);
    assert.equal(trace.tokens, TOKENS, 'n = 128: the first 64 tokens (a causal prefix is exact)');
    const { M } = trace;
    assert.deepEqual(
      stateAt(trace, 0).rescaled,
      Array.from({ length: M }, (_, l) => l),
      'the first key sets every maximum',
    );
    for (const i of [1, 7, 40]) {
      const s = stateAt(trace, i);
      for (let l = 0; l < M; l++) {
        let top = -Infinity;
        let before = -Infinity;
        for (let j = 0; j <= i; j++) {
          top = Math.max(top, trace.k[j * M + l]);
          if (j < i) before = Math.max(before, trace.k[j * M + l]);
        }
        assert.equal(s.c[l], top, `c_${l} after ${i}`);
        assert.equal(s.rescaled.includes(l), trace.k[i * M + l] > before, `feature ${l} at token ${i}`);
        assert.ok(s.z[l] >= 1, 'the key at the maximum adds e^0 = 1');
      }
    }
  });

  it('multiplies P̂ by V, skipping the masked zeros', () => {
    const P = { rows: 2, cols: 2, data: Float64Array.from([1, 0, 0.25, 0.75]) };
    const V = { rows: 2, cols: 1, data: Float64Array.from([2, 4]) };
    assert.deepEqual(Array.from(times(P, V).data), [2, 3.5]);
  });
});

describe('performer orthogonal features panel (P2, R8, R9, R16)', () => {
  it('couples the i.i.d. and orthogonal draws of one seed (T-P5) and morphs between them', () => {
    const pair = omegaPair(core, { d: 3, m: 4, norms: 'chi', seed: 42, unsigned: false });
    // T-P5: draw_omegas(d = 3, m = 4, seed = 42), first rows (shared) and the orthogonal second row.
    [0.8822489062222688, 1.388473285287707, -0.4508498757188601].forEach((x, c) => {
      close(pair.iid.data[c], x, 1e-13, `iid ω₀[${c}]`);
      close(pair.orthogonal.data[c], x, 1e-13, `orthogonal ω₀[${c}]`);
    });
    [0.5944714822311902, -0.4071717599250777, -0.09066276470760429].forEach((x, c) =>
      close(pair.orthogonal.data[3 + c], x, 1e-13, `ω₁[${c}]`),
    );
    assert.deepEqual(morph(pair.iid, pair.orthogonal, 0).data, pair.iid.data);
    assert.deepEqual(morph(pair.iid, pair.orthogonal, 1).data, pair.orthogonal.data);
    const half = morph(pair.iid, pair.orthogonal, 0.5);
    close(half.data[4], (pair.iid.data[4] + pair.orthogonal.data[4]) / 2, 1e-15, 'halfway');
  });

  it('puts quantile and fixed norms on rings, and without the sign fix turns every first vector left (R16)', () => {
    const fixed = omegaStats(omegaPair(core, { d: 2, m: 64, norms: 'fixed', seed: 3 }).orthogonal);
    assert.equal(fixed.norms.length, 1);
    close(fixed.norms[0], Math.SQRT2, 1e-9, 'fixed norm √d');
    const chi = omegaStats(omegaPair(core, { d: 2, m: 64, norms: 'chi', seed: 3 }).orthogonal);
    assert.equal(chi.norms.length, 0, 'chi lengths are all different: no rings');
    const signed = omegaStats(omegaPair(core, { d: 2, m: 512, norms: 'chi', seed: 5, unsigned: false }).orthogonal);
    const unsigned = omegaStats(omegaPair(core, { d: 2, m: 512, norms: 'chi', seed: 5, unsigned: true }).orthogonal);
    assert.equal(unsigned.firstLeft, 1, 'R16: the first column of an unsigned Householder Q is −sign(g₁₁) g₁/‖g₁‖');
    assert.ok(signed.firstLeft > 0.35 && signed.firstLeft < 0.65, `signed: about half (${signed.firstLeft})`);
    assert.ok(unsigned.mean[0] < -0.2 && Math.abs(signed.mean[0]) < 0.15, `the mean drifts: ${unsigned.mean[0]} vs ${signed.mean[0]}`);
  });
});

describe('performer estimator curves of the P2 panel (R8, R9, T-P7, T-P8)', () => {
  // R8, positive features with u = ‖z‖²/2: Var₁/SM² = e^{2u} − 1, Cov/SM² = ρ_d(u) − 1 with
  // ρ₂(u) = e^{−u}(1 + u), ρ₄(u) = e^{−u}(1 + u + u²/6); one block of k ≤ d rows: Var_ort/Var_iid = 1 + (k − 1) Cov/Var₁.
  const RHO = { 2: (u) => Math.exp(-u) * (1 + u), 4: (u) => Math.exp(-u) * (1 + u + (u * u) / 6) };
  const exactRatio = (d, k, r) => 1 + ((k - 1) * (RHO[d]((r * r) / 2) - 1)) / Math.expm1(r * r);

  it('Var_ort / Var_iid against ‖z‖: R8’s closed form, T-P7’s ρ₄(1), a dip, and under the paper’s bound', () => {
    for (const [d, m, k] of [
      [2, 2, 2],
      [4, 3, 3],
      [4, 4, 4],
      [4, 64, 4],
    ]) {
      const { ratio, bound } = varianceRatio(core, d, m);
      assert.equal(ratio.length, RATIO_ZS.length);
      ratio.forEach(({ x, y }) => close(y, exactRatio(d, k, x), 1e-12, `d = ${d}, m = ${m}, ‖z‖ = ${x}`));
      assert.equal(bound === null, m > d, 'the bound is drawn for one block only');
      bound?.forEach((b, j) => assert.ok(ratio[j].y <= b.y + 1e-12, `under the bound at ‖z‖ = ${b.x}: ${ratio[j].y} > ${b.y}`));
      const low = lowest(ratio);
      assert.ok(low.y < 0.96 && low.x > 0.3 && low.x < 3, `a dip at moderate ‖z‖: ${low.y} at ${low.x}`);
      assert.ok(ratio[0].y > 0.99 && ratio.at(-1).y > 0.99, 'near 1 at both ends');
    }
    // T-P7: ρ₄(1) = 0.797072122538125, at ‖z‖ = √2 with d = m = 4.
    const at = (orthogonal) => core.kernelRelativeVariance(Float64Array.of(Math.SQRT2), 4, 4, { orthogonal })[0];
    close(at(true) / at(false), 1 + (3 * (0.797072122538125 - 1)) / Math.expm1(2), 1e-13, 'T-P7 ρ₄(1)');
    // The bound matches to second order: at ‖z‖ = 0.05 the two differ by O(‖z‖⁶) against a drop of O(‖z‖⁴).
    const small = varianceRatio(core, 16, 16);
    assert.ok(Math.abs(small.ratio[0].y - small.bound[0].y) < 1e-2 * (1 - small.ratio[0].y));
    close(paperBound(1, 4, 1, 1), 1, 0, 'm = 1: no gain promised');
  });

  it('the bias of quantile and fixed norms against ‖z‖² (worker run): T-P8', async () => {
    const T_P8 = [
      [4, 4, [0.971140957351, 0.859245151276, 0.319236053922], [0.990419223626, 0.893180871749, 0.288914307093]],
      [16, 4, [0.991738570574, 0.951400685054, 0.612308856289], [0.996644355599, 0.957367806396, 0.54745015609]],
      [16, 16, [0.996132817958, 0.976157795952, 0.760640586821], [0.996644355599, 0.957367806396, 0.54745015609]],
      [64, 64, [0.999615956965, 0.997478318777, 0.96647244012], [0.999062630774, 0.987231679585, 0.809799827743]],
    ];
    for (const [d, m, quantile, fixed] of T_P8) {
      const curves = await biasRun(sync(core))({ d, m }, { stale: () => false });
      assert.equal(curves.quantile.length, BIAS_Z2S.length);
      [0.5, 1.875, 8].forEach((z2, j) => {
        const y = (points) => points.find((p) => p.x === z2).y;
        close(y(curves.quantile), quantile[j], 1e-11, `quantile d = ${d}, m = ${m}, ‖z‖² = ${z2}`);
        close(y(curves.fixed), fixed[j], 1e-11, `fixed d = ${d}, m = ${m}, ‖z‖² = ${z2}`);
      });
      assert.equal(curves.quantile[0].y, 1, 'unbiased at z = 0');
      assert.ok(
        curves.fixed.every((p) => p.y <= 1 + 1e-15),
        'fixed norms: always low (Jensen)',
      );
    }
    assert.equal(await biasRun(sync(core))({ d: 4, m: 4 }, { stale: () => true }), null);
  });
});

describe('performer cost panel (P5, R15)', () => {
  it('gives the flops of R15 and a break-even near n = 2m', () => {
    const d = 32;
    const rows = flopSeries(core, d, 'positive');
    rows.softmax.forEach(({ x: n, y }) => assert.equal(y, 2 * n * n * (d + d), `softmax flops at n = ${n}`));
    assert.equal(rows.m1.length, FLOP_NS.length);
    for (const [id, m] of [
      ['m1', 32],
      ['m2', 64],
      ['m4', 128],
    ]) {
      const n = crossing(rows.softmax, rows[id]);
      assert.ok(n >= m && n <= 4 * m, `${id}: Performer cheaper from n = ${n}, about 2m = ${2 * m}`);
    }
    const memory = memoryOf(core, { n: 128, d: 32, m: 128, kind: 'positive' });
    // The features of the queries and of the keys (n m each) and the m × d_v state.
    assert.deepEqual(memory, { softmax: 128 * 128, performer: 2 * 128 * 128 + 128 * 32 });
  });

  it('times each series at every n in the worker, and stops when a newer input waits', async () => {
    const rows = timeRows();
    let calls = 0;
    const outcome = await timeRun(sync(core), 1)(
      { d: 4, kind: 'positive', seed: 1, rows, onRow: () => (calls += 1) },
      { stale: () => false },
    );
    assert.equal(outcome, 'done');
    assert.equal(calls, TIME_NS.length);
    for (const id of COST_SERIES)
      assert.deepEqual(
        rows[id].map((p) => p.x),
        TIME_NS,
        id,
      );
    for (const id of COST_SERIES) assert.ok(rows[id].every((p) => p.y >= 0 && Number.isFinite(p.y)));
    const stale = timeRows();
    assert.equal(await timeRun(sync(core), 1)({ d: 4, kind: 'positive', seed: 1, rows: stale, onRow() {} }, { stale: () => true }), null);
    assert.equal(stale.softmax.length, 0);
  });
});

describe('performer "Copy as NumPy"', () => {
  it('recomputes S, P̂, the TV of every row and the negative weights the widget shows, for every feature map', async () => {
    const states = [
      { ...DEFAULTS, n: 24, d: 8, m: 16 },
      { ...DEFAULTS, n: 24, d: 8, m: 12, kind: 'hyperbolic', causal: true, sharpness: 3 },
      { ...DEFAULTS, n: 20, d: 6, m: 32, kind: 'trig', orthogonal: false, sharpness: 2, inputs: 'clusters' },
      { ...DEFAULTS, n: 16, d: 4, m: 8, kind: 'positive', sharpness: 8, inputs: 'structured' },
    ];
    const cases = states.map((state) => ({ state, derived: createPerformerEvaluate(core).evaluate(state) }));
    const outputs = await runSnippets(cases.map(({ state, derived }) => performerNumpy(state, derived)));
    cases.forEach(({ state, derived }, i) => {
      const got = parseShown(outputs[i]);
      const { matrices } = derived;
      const want = { mean_tv: [matrices.meanTv], max_tv: [matrices.maxTv], negatives: [matrices.negatives], tv: Array.from(matrices.tv) };
      // TV sums n differences of weights near 1/n: compared at 1e-9 relative and 1e-12 absolute.
      assert.deepEqual(disagreements(got, want, { rel: 1e-9, abs: 1e-12 }), [], `${state.kind}, ${state.inputs}`);
    });
  });
});
