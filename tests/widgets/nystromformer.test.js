// <mathlet-nystromformer> in Node: its state (attributes, m against n, the permalink, the keys that
// decide what is computed again) and its computation on the real core: the main-thread evaluation
// (errors of S-hat against S, the floor once the singular values are remembered, the overflow of a
// softmax without the max shift), the worker's sweep over m (T-N8's orderings) and pseudo-inverse
// study (T-N2's drift), and the view's pure helpers (landmark marks, colour scale, pixels).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { load } from '../../web/src/core/index.js';
import { readOneAttribute } from '../../web/src/widgets/framework/attribute-table.js';
import { DEFAULTS } from '../../web/src/widgets/nystromformer/nystromformer-attributes.js';
import { SERIES, STUDY_ITERS, studyRun, sweepMs, sweepRun, T_N2 } from '../../web/src/widgets/nystromformer/nystromformer-background.js';
import {
  createNystromEvaluate,
  evaluationKey,
  floorAt,
  MAIN_THREAD_WORK,
  onMainThread,
  OVERFLOW_LOGIT,
  relativeError,
  segmentBounds,
} from '../../web/src/widgets/nystromformer/nystromformer-compute.js';
import {
  agreement,
  curRun,
  deltas,
  equalDeltaFactors,
  evenTokens,
  largestGap,
  nystromKernels,
  nystromOnTokens,
  ruleTokens,
  tidy,
  toggle,
} from '../../web/src/widgets/nystromformer/nystromformer-cur.js';
import { colourScale, landmarkMarks } from '../../web/src/widgets/nystromformer/nystromformer-maps.js';
import { nystromformerNumpy } from '../../web/src/widgets/nystromformer/nystromformer-numpy.js';
import {
  attentionKey,
  attributes,
  iterationKey,
  kernelKey,
  permalinkFields,
  presetChange,
  readState,
  scaleOf,
} from '../../web/src/widgets/nystromformer/nystromformer-state.js';
import {
  compare,
  gain,
  identity,
  product,
  rowSoftmax,
  suRoute,
  T_N1,
  transpose,
} from '../../web/src/widgets/nystromformer/nystromformer-su.js';
import { dragged, entryStep, keyed, snapped } from '../../web/src/widgets/nystromformer/nystromformer-su-drag.js';
import { colourLevel, matrixPixels } from '../../web/src/widgets/parts/canvas-heatmap.js';
import { fieldText } from '../../web/src/widgets/parts/permalink.js';
import { disagreements, parseShown, runSnippets } from './python-snippets.js';

const textOf = (attrs) => (name) => attrs[name] ?? null;
const t = (key, params) => `${key} ${JSON.stringify(params ?? {})}`;
const keysOf = (problems) => problems.map((p) => p(t));

describe('nystromformer state', () => {
  it('starts from the defaults of §5: n = 128, d = 32, m = 16, segment means, 6 iterations', () => {
    const { state, problems } = readState(textOf({}));
    assert.deepEqual(state, DEFAULTS);
    assert.deepEqual(problems, []);
    assert.equal(scaleOf(state), 1 / Math.sqrt(32), 'tau = 1 is the paper scale 1/sqrt(d)');
  });

  it('names every bad attribute and keeps the default for it', () => {
    const { state, problems } = readState(
      textOf({
        preset: 'noise',
        n: '1000',
        d: 'x',
        tau: '0.01',
        m: '0',
        landmarks: 'psychic',
        pinv: 'lu',
        k: '31',
        seed: '-1',
        initscale: '1e999',
      }),
    );
    assert.deepEqual(state, DEFAULTS);
    assert.deepEqual(keysOf(problems), [
      'attr.oneOf {"name":"preset","list":"smooth, clusters, shuffled, iid, sharp"}',
      'attr.wholeBetween {"name":"n","min":8,"max":512}',
      'field.problem {"name":"d","reason":"number.notNumber {}"}',
      'attr.between {"name":"tau","min":0.05,"max":256}',
      'attr.oneOf {"name":"landmarks","list":"segment, random, kmeans, leverage"}',
      'attr.oneOf {"name":"pinv","list":"iterative, svd, identity"}',
      'attr.wholeBetween {"name":"k","min":0,"max":30}',
      'attr.wholeBetween {"name":"seed","min":0,"max":4294967295}',
      'field.problem {"name":"initscale","reason":"number.tooLarge {}"}',
      'attr.wholeBetween {"name":"m","min":1,"max":64}',
    ]);
  });

  it('reads m against n: at most min(n, 64), and a shorter sequence clamps m', () => {
    assert.equal(readState(textOf({ n: '12' })).state.m, 12, 'the default m = 16 does not fit 12 tokens');
    assert.deepEqual(keysOf(readState(textOf({ n: '12', m: '13' })).problems), ['attr.wholeBetween {"name":"m","min":1,"max":12}']);
    assert.equal(readState(textOf({ n: '512', m: '64' })).state.m, 64);
    const current = readState(textOf({ m: '40' })).state;
    assert.deepEqual(readOneAttribute(attributes, 'n', '32', null, current).change, { n: 32, m: 32 });
    assert.deepEqual(readOneAttribute(attributes, 'n', '256', null, current).change, { n: 256, m: 40 });
    assert.ok(readOneAttribute(attributes, 'm', '65', null, current).problem);
    assert.deepEqual(readOneAttribute(attributes, 'tau', '8', null, current).change, { tau: 8 });
    assert.ok(readOneAttribute(attributes, 'tau', '300', null, current).problem);
  });

  it('restores from its permalink exactly what it wrote', () => {
    const state = { ...DEFAULTS, preset: 'shuffled', n: 200, d: 17, tau: 3.7, m: 48, landmarks: 'kmeans', pinv: 'svd', k: 12, seed: 9 };
    const fields = Object.fromEntries(
      Object.entries(permalinkFields({ ...state, amatrix: 'singular', initscale: 4.2 })).map(([k, v]) => [k, fieldText(v)]),
    );
    const read = readState(textOf(fields));
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.state, { ...state, amatrix: 'singular', initscale: 4.2 });
  });

  it('the sharp preset raises a small temperature (unit tokens need a large scale), and keeps a large one', () => {
    assert.deepEqual(presetChange('sharp', { tau: 1 }), { preset: 'sharp', tau: 64 });
    assert.deepEqual(presetChange('sharp', { tau: 100 }), { preset: 'sharp' });
    assert.deepEqual(presetChange('iid', { tau: 1 }), { preset: 'iid' });
  });

  it('computes again only what a change touches: S and the sweep on (Q, K, scale), the study on A and initScale', () => {
    const s = DEFAULTS;
    assert.equal(attentionKey({ ...s, m: 8, landmarks: 'random', pinv: 'svd', k: 2 }), attentionKey(s));
    assert.notEqual(attentionKey({ ...s, tau: 2 }), attentionKey(s));
    assert.notEqual(attentionKey({ ...s, seed: 2 }), attentionKey(s));
    assert.equal(kernelKey({ ...s, pinv: 'svd', k: 20 }), kernelKey(s), 'A does not depend on the middle matrix');
    assert.notEqual(kernelKey({ ...s, m: 8 }), kernelKey(s));
    assert.equal(iterationKey({ ...s, amatrix: 'singular', m: 3 }), iterationKey({ ...s, amatrix: 'singular', tau: 9 }), 'T-N2 is fixed');
    assert.notEqual(iterationKey({ ...s, initscale: 4 }), iterationKey(s));
  });
});

describe('nystromformer computation on the core', () => {
  let core;
  let api; // the worker's API as background-core.js gives it where no worker starts: every call a promise
  before(async () => {
    core = await load({ include: ['attention', 'matrix'] });
    api = Object.fromEntries(Object.entries(core).map(([name, f]) => [name, typeof f === 'function' ? async (...args) => f(...args) : f]));
  });
  const background = () => Promise.resolve({ api, inWorker: false });

  it('evaluates the state on screen: S-hat against S, the floor once the singular values are remembered', () => {
    const { evaluate, remember } = createNystromEvaluate(core);
    const first = evaluate(DEFAULTS);
    assert.equal(first.singularValues, null);
    assert.ok(Number.isNaN(first.errors.floor), 'no floor before the worker sends the singular values');
    assert.equal(first.S.rows, 128);
    assert.equal(first.nys.Shat.rows, 128);
    assert.ok(
      Math.abs(relativeError(first.nys.Shat, first.S) - first.errors.relative) < 1e-12,
      'the sweep measures what the readout shows',
    );
    // T-N8's plateau: smooth tokens, segment means and 6 iterations stay near 2e-2 while the floor is far below.
    assert.ok(first.errors.relative > 0.01 && first.errors.relative < 0.05, `plateau ${first.errors.relative}`);
    const sv = core.singularValues(first.S);
    remember(attentionKey(DEFAULTS), sv);
    const second = evaluate(DEFAULTS);
    assert.equal(second.singularValues, sv);
    assert.equal(second.nys, first.nys, 'the evaluation is kept: the spectrum arriving costs no core call');
    const coreFloor = core.attentionErrors(first.S, first.nys.Shat, { singularValues: sv, m: 16 }).floor;
    assert.ok(Math.abs(floorAt(sv, 16) - coreFloor) < 1e-12, 'the chips floor is the core floor');
    assert.ok(second.errors.relative >= coreFloor, 'Eckart–Young');
    assert.equal(second.S, first.S, 'S is kept while inputs and scale stay');
    const svd = evaluate({ ...DEFAULTS, pinv: 'svd' });
    assert.ok(
      svd.errors.relative < first.errors.relative / 2,
      `the exact pseudo-inverse beats 6 iterations on smooth tokens (${svd.errors.relative})`,
    );
    const dual = evaluate({ ...DEFAULTS, pinv: 'identity' });
    assert.ok(dual.errors.relative > 0.5 && dual.errors.negativeMass === 0, 'the dual softmax: never negative, never accurate');
  });

  it('warns where a softmax without the max shift overflows (τ large on smooth tokens)', () => {
    const { evaluate } = createNystromEvaluate(core);
    const cool = evaluate(DEFAULTS);
    const hot = evaluate({ ...DEFAULTS, tau: 256 });
    assert.ok(cool.logit < OVERFLOW_LOGIT && hot.logit > OVERFLOW_LOGIT, `${cool.logit}, ${hot.logit}`);
    assert.ok(Math.abs(hot.logit - 256 * (cool.logit / 1)) < 1e-9 * hot.logit, 'the largest logit scales with τ');
    assert.ok(hot.S.data.every(Number.isFinite), 'the max-shifted S stays finite');
    const { Q, K } = cool.inputs;
    let brute = -Infinity;
    for (let i = 0; i < 128; i++)
      for (let j = 0; j < 128; j++) {
        let dot = 0;
        for (let c = 0; c < 32; c++) dot += Q.data[i * 32 + c] * K.data[j * 32 + c];
        brute = Math.max(brute, dot / Math.sqrt(32));
      }
    assert.ok(Math.abs(cool.logit - brute) <= 1e-14 * Math.abs(brute), `the largest logit ${cool.logit} against ${brute}`);
  });

  it('evaluates a large change in the worker: the last evaluation stays, pending, until the same numbers arrive', async () => {
    const here = createNystromEvaluate(core);
    const away = createNystromEvaluate(core);
    const large = { ...DEFAULTS, n: 512, d: 64, m: 64, k: 30 };
    assert.ok(onMainThread(DEFAULTS) && !onMainThread(large) && !onMainThread({ ...DEFAULTS, m: 64, k: 30 }), `${MAIN_THREAD_WORK}`);
    const exact = here.evaluate(large); // a first evaluation (the mount) is done here whatever its size
    assert.equal(exact.pending, false);
    const shown = away.evaluate(DEFAULTS);
    const waiting = away.evaluate(large, DEFAULTS);
    assert.equal(waiting.pending, true);
    assert.equal(waiting.state, DEFAULTS, 'the state of the numbers on screen');
    assert.equal(waiting.nys, shown.nys);
    await away.evaluateAway(large, api);
    const arrived = away.evaluate(large, DEFAULTS);
    assert.equal(arrived.pending, false);
    assert.equal(arrived.state, large);
    assert.deepEqual(arrived.errors, exact.errors, 'the same numbers as on the main thread, bit for bit');
    assert.deepEqual(arrived.nys.Shat, exact.nys.Shat);
    assert.equal(arrived.logit, exact.logit);
    // A change of the study's settings alone reuses the evaluation; m moves on to the worker again.
    assert.equal(away.evaluate({ ...large, amatrix: 'singular' }, large).nys, arrived.nys);
    const next = away.evaluate({ ...large, m: 32 }, large);
    assert.equal(next.pending, true);
    assert.notEqual(evaluationKey(next.state), evaluationKey({ ...large, m: 32 }));
  });

  it('sweeps m in the worker: the floor first, then every series above it (T-N8 orderings)', async () => {
    const { evaluate } = createNystromEvaluate(core);
    const state = { ...DEFAULTS, preset: 'shuffled', n: 128 };
    const { inputs, S } = evaluate(state);
    let spectrum = null;
    const rows = [];
    const outcome = await sweepRun(background())(
      {
        key: 'k',
        ...inputs,
        S,
        scale: scaleOf(state),
        seed: state.seed,
        n: state.n,
        onSpectrum: (v) => (spectrum = v),
        onRow: (r) => rows.push(r),
      },
      { stale: () => false },
    );
    assert.equal(spectrum.length, 128);
    assert.deepEqual(
      rows.map((r) => r.m),
      sweepMs(128),
    );
    assert.equal(outcome.rows.length, rows.length);
    for (const row of rows) {
      const floor = floorAt(spectrum, row.m);
      for (const [key] of SERIES) assert.ok(row[key] >= floor - 1e-12, `m = ${row.m} ${key}: ${row[key]} >= floor ${floor}`);
      if (row.m >= 8) assert.ok(row.dual > 0.5, `the dual softmax stays far off (m = ${row.m}: ${row.dual})`);
    }
    const at32 = rows.find((r) => r.m === 32);
    assert.ok(at32['random-it6'] < at32['segment-it6'] / 3, 'shuffled: random tokens beat segment means');
    assert.ok(at32['kmeans-it6'] < at32['segment-it6'] / 3, 'shuffled: k-means beats segment means');
  });

  it('abandons a sweep after the current m when a newer input waits', async () => {
    const { evaluate } = createNystromEvaluate(core);
    const { inputs, S } = evaluate(DEFAULTS);
    const rows = [];
    const outcome = await sweepRun(background())(
      { key: 'k', ...inputs, S, scale: scaleOf(DEFAULTS), seed: 1, n: 128, onSpectrum: () => {}, onRow: (r) => rows.push(r) },
      { stale: () => rows.length >= 2 },
    );
    assert.equal(outcome, 'abandoned');
    assert.equal(rows.length, 2);
  });

  it("studies the iterations on T-N2's singular A: converged by step 5, then drifting by 3.25, 2 and 3 per step", async () => {
    const study = await studyRun(background())({ key: 'T-N2', A: T_N2, initScale: 1 });
    assert.deepEqual(
      Array.from(study.singularValues).map((s) => Number(s.toFixed(6))),
      [1.102005, 0.580255, 0],
    );
    for (const [method, rate] of [
      ['razavi', 3.25],
      ['newton-schulz', 2],
      ['chebyshev', 3],
    ]) {
      const errors = study.runs[method].history.map((h) => h.zError);
      assert.equal(errors.length, STUDY_ITERS + 1, method);
      assert.ok(Math.min(...errors.slice(0, 15)) < 1e-14, `${method} reaches A+`);
      const growth = (errors[40] / errors[30]) ** (1 / 10);
      assert.ok(Math.abs(growth - rate) < 0.05 * rate, `${method}: drift ${growth} per step`);
    }
    const razavi = study.runs.razavi.history;
    assert.ok(razavi[45].zError > 1e3 * Math.min(...razavi.map((h) => h.zError)), 'invariant 11');
    assert.ok(razavi[45].p1 < 1e-8, 'while A Z A - A stays small');
  });

  it('pushing t0 past 3 leaves the basin of the inverse (initScale)', async () => {
    const study = await studyRun(background())({ key: 'T-N2', A: T_N2, initScale: 4 });
    const t1 = study.runs.razavi.alpha * study.singularValues[0] ** 2;
    assert.ok(t1 > 3 && t1 < 3.4675, `t1 = ${t1}: attracted by the spurious fixed point 3`);
    const last = study.runs.razavi.history.at(-1);
    assert.ok(last.zError > 0.5, `not the pseudo-inverse (${last.zError})`);
    const far = await studyRun(background())({ key: 'T-N2', A: T_N2, initScale: 8 });
    assert.equal(far.runs.razavi.diverged, true, 't1 beyond 4.13 diverges');
  });
});

describe('nystromformer view helpers', () => {
  it('marks segments for segment means, tokens for token landmarks, nothing for k-means centres', () => {
    assert.deepEqual(segmentBounds(10, 4), [
      [0, 2],
      [2, 5],
      [5, 7],
      [7, 10],
    ]);
    const s = { ...DEFAULTS, n: 10, m: 4 };
    assert.deepEqual(landmarkMarks(s, { rows: new Int32Array(0) }).rows.segments, segmentBounds(10, 4));
    const tokens = landmarkMarks({ ...s, landmarks: 'random' }, { rows: Int32Array.from([1, 5]), cols: Int32Array.from([1, 5]) });
    assert.deepEqual(tokens.cols.indices, [1, 5]);
    assert.equal(landmarkMarks({ ...s, landmarks: 'kmeans' }, { rows: new Int32Array(0), cols: new Int32Array(0) }), null);
  });

  it('colours: a scale that a few outliers do not wash out, zero white, negative red, positive blue', () => {
    const data = new Float64Array(1000).fill(0.01);
    data[3] = 1;
    assert.ok(Math.abs(colourScale(data) - 0.0125) < 1e-12);
    assert.equal(colourScale(new Float64Array(4)), 1, 'a zero matrix still gets a scale');
    assert.equal(colourLevel(0, 1), 128);
    assert.equal(colourLevel(-5, 1), 0, 'clamped');
    const [r0, g0, b0] = matrixPixels({ rows: 1, cols: 3, data: [-1, 0, 1] }, 1);
    assert.ok(r0 > b0 && r0 > g0, 'negative is red');
    const px = matrixPixels({ rows: 1, cols: 3, data: [-1, 0, 1] }, 1);
    assert.ok(px[8] < px[10], 'positive is blue');
    assert.ok(px[4] > 240 && px[5] > 240 && px[6] > 240, 'zero is white');
  });

  it('sweeps m on a log grid up to min(n, 64), ending at the largest', () => {
    assert.deepEqual(sweepMs(128), [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64]);
    assert.deepEqual(sweepMs(20), [1, 2, 3, 4, 6, 8, 12, 16, 20]);
  });
});

describe("nystromformer Su's route panel (N1, R3–R5)", () => {
  let core;
  before(async () => {
    core = await load({ include: ['attention'] });
  });
  // T-N1 of nystromformer.md §4, in exact rationals.
  const S_NORM2 = 3599249 / 1790100;
  const FAB_ERROR2 = 5777 / 198900;
  const FB_ERROR2 = 115888751 / 402772500;

  it('on T-N1: FA⁺B exact on rows 1 and 2, two negative entries, row sums 1; FB row-stochastic and worse', () => {
    const route = suRoute(core, T_N1);
    const { FAB, FB, FMB, dual } = route.steps;
    assert.deepEqual(FAB.exactRows, [1, 2]);
    assert.ok(Math.abs(FAB.relative ** 2 - FAB_ERROR2 / S_NORM2) < 1e-13, `FA⁺B error ${FAB.relative}`);
    assert.ok(Math.abs(FAB.relative - 0.12018949) < 1e-9);
    assert.ok(Math.abs(FB.relative ** 2 - FB_ERROR2 / S_NORM2) < 1e-13, `FB error ${FB.relative}`);
    assert.equal(FAB.negatives, 2, '−19/765 and −8/765');
    assert.ok(Math.abs(FAB.matrix.data[12] + 19 / 765) < 1e-14 && Math.abs(FAB.matrix.data[14] + 8 / 765) < 1e-14);
    for (const step of [FAB, FB, FMB, dual]) {
      assert.ok(Math.abs(step.lowSum - 1) < 1e-13 && Math.abs(step.highSum - 1) < 1e-13, 'row sums 1');
    }
    assert.equal(FB.negatives, 0);
    assert.deepEqual(Array.from(FMB.matrix.data), Array.from(FB.matrix.data), 'M = I: FMB is FB');
    // The gain with A⁻¹ = [[6, −5], [−3/2, 5/2]]: row 0 of F A⁻¹ is (9/4, −5/4).
    assert.ok(Math.abs(route.gainA - 3.5) < 1e-12, `γ = ${route.gainA}`);
    assert.ok(Math.abs(route.gainM - 1) < 1e-15, 'F is row-stochastic: γ(I) = 1');
  });

  it('with M = A⁺ FMB is FA⁺B; with m = n FA⁺B is S and FB is not', () => {
    const route = suRoute(core, T_N1);
    const A_INVERSE = [6, -5, -1.5, 2.5];
    route.Z.data.forEach((z, p) => assert.ok(Math.abs(z - A_INVERSE[p]) < 1e-12, `A⁻¹[${p}] = ${z}`));
    const withInverse = suRoute(core, T_N1, route.Z);
    withInverse.steps.FMB.matrix.data.forEach((x, p) => assert.ok(Math.abs(x - route.steps.FAB.matrix.data[p]) < 1e-13));
    const full = suRoute(core, { ...T_N1, m: 4 });
    assert.ok(full.steps.FAB.relative < 1e-12, `m = n: ${full.steps.FAB.relative}`);
    assert.deepEqual(full.steps.FAB.exactRows, [0, 1, 2, 3]);
    assert.ok(full.steps.FB.relative > 0.05, `FB stays a blur: ${full.steps.FB.relative}`);
    const wrongSize = suRoute(core, T_N1, identity(3));
    assert.equal(wrongSize.M.rows, 2, 'a middle of another size is replaced by the identity');
  });

  it('on the widget inputs: the dual softmax is row-stochastic and far from S, Nyströmformer close', () => {
    const { Q, K, V } = core.attentionInputs('smooth', 64, 8, { seed: 1 });
    const route = suRoute(core, { Q, K, V, m: 16, scale: scaleOf({ tau: 1, d: 8 }), landmarks: 'segment', seed: 1 });
    assert.ok(route.steps.FAB.relative < route.steps.FB.relative && route.steps.FAB.relative < route.steps.dual.relative);
    assert.ok(Math.abs(route.steps.dual.highSum - 1) < 1e-12 && route.steps.dual.negatives === 0);
  });

  it('drags and steps the entries of M: on T-N1, dragging M₁₁ off A⁻¹ and back returns FA⁺B exactly', () => {
    const A_INVERSE = { rows: 2, cols: 2, data: Float64Array.from([6, -5, -1.5, 2.5]) };
    assert.equal(entryStep(identity(3)), 0.01);
    assert.equal(entryStep(A_INVERSE), 0.01, 'entries below 10: a hundredth per pixel');
    assert.equal(entryStep({ rows: 1, cols: 2, data: Float64Array.from([-150, 2]) }), 1);
    assert.equal(dragged(0.1, -20, 0.01, 1e3), 0.3, 'up is more, with no binary tail');
    assert.equal(dragged(999, -500, 0.01, 1e3), 1e3, 'held within the limit');
    assert.equal(snapped(-0.004, 0.01, 1e3), 0, 'never −0');
    assert.equal(keyed(6, 'ArrowUp', false, 0.01, 1e3), 6.1);
    assert.equal(keyed(6, 'ArrowDown', true, 0.01, 1e3), 5);
    assert.equal(keyed(6, 'ArrowLeft', false, 0.01, 1e3), null, 'other keys are the field’s');
    const at = (m11) => suRoute(core, T_N1, { ...A_INVERSE, data: Float64Array.from([m11, -5, -1.5, 2.5]) }).steps.FMB.relative;
    const moved = dragged(6, -50, entryStep(A_INVERSE), 1e3);
    assert.equal(moved, 6.5);
    assert.ok(at(moved) ** 2 * S_NORM2 > 2 * FAB_ERROR2, `M₁₁ = 6.5 leaves FA⁺B: ${at(moved)}`);
    const back = dragged(moved, 50, entryStep(A_INVERSE), 1e3);
    assert.equal(back, 6);
    assert.ok(Math.abs(at(back) ** 2 * S_NORM2 - FAB_ERROR2) < 1e-13, 'dragged back: the T-N1 error² 5777/198900');
  });

  it('multiplies, transposes and softmaxes as the textbook says', () => {
    const A = { rows: 2, cols: 3, data: Float64Array.from([1, 2, 3, 4, 5, 6]) };
    assert.deepEqual(Array.from(product(A, transpose(A)).data), [14, 32, 32, 77]);
    const soft = rowSoftmax({ rows: 1, cols: 2, data: Float64Array.from([0, Math.log(3)]) });
    assert.ok(Math.abs(soft.data[0] - 0.25) < 1e-15 && Math.abs(soft.data[1] - 0.75) < 1e-15);
    assert.equal(
      gain({ rows: 1, cols: 2, data: Float64Array.from([0.5, 0.5]) }, { rows: 2, cols: 2, data: Float64Array.from([6, -5, -1.5, 2.5]) }),
      3.5,
    );
    assert.deepEqual(compare(A, A).exactRows, [0, 1]);
  });
});

describe('nystromformer CUR of S against Nyströmformer (N4, R7)', () => {
  let core;
  before(async () => {
    core = await load({ include: ['attention', 'matrix'] });
  });
  const run = (S, I) => curRun(Promise.resolve({ api: core }))({ S, I }, { stale: () => false });

  it('on T-N1 with I = {1, 2}: δ, the CUR of S and Nyströmformer as §4 gives them', async () => {
    const S = core.attentionMatrix(T_N1.Q, T_N1.K, { scale: 1 });
    const I = [1, 2];
    const delta = deltas(S, I);
    [2, 17 / 4, 5 / 2, 65 / 8].forEach((x, i) => assert.ok(Math.abs(delta[i] - x) < 1e-14, `δ_${i} = ${delta[i]}`));
    const nystrom = agreement(nystromOnTokens(core, T_N1, I), S, I);
    assert.ok(Math.abs(nystrom.relative - 0.12018949) < 1e-9, 'the same Ŝ as the segment means (their landmarks are queries 2 and 1)');
    assert.ok(nystrom.rowsExact < 1e-15 && nystrom.colsExact > 0.1, 'exact on the rows in I, not the columns');
    const cur = await run(S, I);
    const intersection = agreement(cur.intersection, S, I);
    assert.ok(Math.abs(intersection.relative ** 2 * (3599249 / 1790100) - 26439953 / 38937600) < 1e-12, 'CUR error² 0.679034');
    [5 / 32, 1 / 4, 1 / 4, -1 / 2].forEach((x, j) => assert.ok(Math.abs(cur.intersection.data[j] - x) < 1e-14, `CUR row 0, ${j}`));
    assert.ok(intersection.rowsExact < 1e-14 && intersection.colsExact < 1e-14, 'the CUR of S is exact on rows and columns');
    const optimal = agreement(cur.optimal, S, I);
    assert.ok(optimal.relative <= intersection.relative, 'the optimal middle is no worse');
  });

  it('Nyströmformer is the CUR of S rescaled by Δ (R7), on the widget inputs', async () => {
    const { Q, K, V } = core.attentionInputs('clusters', 48, 8, { seed: 3 });
    const scale = 1 / Math.sqrt(8);
    const S = core.attentionMatrix(Q, K, { scale });
    const I = evenTokens(48, 6);
    assert.deepEqual(I, [4, 12, 20, 28, 36, 44]);
    const delta = deltas(S, I);
    const cur = await run(S, I);
    const Shat = nystromOnTokens(core, { Q, K, V, scale }, I);
    // Δ S[:,I] S[I,I]⁻¹ Δ_I⁻¹ S[I,:] = Δ (CUR with the columns of S[I,:] scaled by δ_I⁻¹): check entrywise via
    // S[:,I] W⁻¹ (Δ_I⁻¹ S[I,:]) = CUR of S with R's rows divided by δ_I, from the core's C and U.
    const { C, U, R } = await core.curFromIndices(S, I, I, { middle: 'intersection' });
    const Rscaled = { rows: R.rows, cols: R.cols, data: R.data.map((x, p) => x / delta[I[Math.floor(p / R.cols)]]) };
    const formula = product(product(C, U), Rscaled);
    let worst = 0;
    for (let i = 0; i < S.rows; i++) {
      for (let j = 0; j < S.cols; j++)
        worst = Math.max(worst, Math.abs(delta[i] * formula.data[i * S.cols + j] - Shat.data[i * S.cols + j]));
    }
    assert.ok(worst < 1e-9, `Δ-formula against Nyströmformer: ${worst}`);
    assert.ok(agreement(cur.intersection, S, I).colsExact < 1e-10);
  });

  it('forcing equal δ turns Nyströmformer into the CUR of S (R7): T-N1 and the widget inputs', async () => {
    const equalRun = (S, I, kernels) =>
      curRun(Promise.resolve({ api: core }))({ S, I, equal: equalDeltaFactors(kernels, deltas(S, I), I) }, { stale: () => false });
    const S = core.attentionMatrix(T_N1.Q, T_N1.K, { scale: 1 });
    const I = [1, 2];
    const kernels = nystromKernels(core, T_N1, I);
    const { equal, intersection } = await equalRun(S, I, kernels);
    // §4: the CUR of S with W⁻¹ on T-N1, I = {1, 2}, starts (5/32, 1/4, 1/4, −1/2).
    [5 / 32, 1 / 4, 1 / 4, -1 / 2].forEach((x, j) => assert.ok(Math.abs(equal.data[j] - x) < 1e-14, `equal-δ row 0, ${j}`));
    assert.ok(largestGap(equal, intersection).max < 1e-14, 'T-N1: the two maps coincide');
    assert.ok(largestGap(kernels.Shat, intersection).max > 0.1, 'unequal δ: they differ');
    for (const [preset, n, m, seed] of [
      ['clusters', 48, 6, 3],
      ['smooth', 128, 8, 1],
      ['iid', 64, 16, 2],
    ]) {
      const { Q, K, V } = core.attentionInputs(preset, n, 8, { seed });
      const inputs = { Q, K, V, scale: 1 / Math.sqrt(8) };
      const Sp = core.attentionMatrix(Q, K, { scale: inputs.scale });
      const Ip = evenTokens(n, m);
      const k = nystromKernels(core, inputs, Ip);
      const run = await equalRun(Sp, Ip, k);
      const gap = largestGap(run.equal, run.intersection);
      // §3 item 3's scale for the Δ-formula: κ(S[I,I]) eps max(1, |Ŝ|max), κ(A) standing in for κ(W).
      assert.ok(gap.max < 10 * k.kappaA * 2 ** -52, `${preset}: equal δ against the CUR of S, ${gap.max} (κ ${k.kappaA})`);
      assert.ok(largestGap(k.Shat, run.intersection).max > 1e3 * gap.max, `${preset}: the free δ keep them apart`);
    }
  });

  it('edits the set: sorted and distinct, toggled but never emptied; the core picks random and leverage tokens', () => {
    assert.deepEqual(tidy([5, 1, 5, 3]), [1, 3, 5]);
    assert.deepEqual(toggle([1, 3], 2), [1, 2, 3]);
    assert.deepEqual(toggle([1, 3], 3), [1]);
    assert.deepEqual(toggle([1], 1), [1]);
    const { Q, K, V } = core.attentionInputs('smooth', 64, 8, { seed: 1 });
    for (const rule of ['random', 'leverage']) {
      const I = ruleTokens(core, { Q, K, V, scale: 0.5 }, 8, rule, 2);
      assert.equal(I.length, 8, rule);
      assert.ok(I.every((i, k) => Number.isInteger(i) && i >= 0 && i < 64 && (k === 0 || i > I[k - 1])));
    }
  });
});

describe('nystromformer "Copy as NumPy"', () => {
  it('recomputes S-hat, its error, the output error and the gain, for every landmark rule and middle matrix', async () => {
    const core = await load({ include: ['attention'] });
    const states = [
      { ...DEFAULTS, n: 32, d: 8, m: 8 },
      { ...DEFAULTS, n: 40, d: 8, m: 6, landmarks: 'kmeans', pinv: 'svd', preset: 'clusters' },
      { ...DEFAULTS, n: 24, d: 4, m: 5, landmarks: 'random', pinv: 'identity', preset: 'iid', seed: 7 },
      { ...DEFAULTS, n: 30, d: 6, m: 4, landmarks: 'leverage', pinv: 'iterative', k: 12, tau: 4, preset: 'shuffled' },
    ];
    const cases = states.map((state) => ({ state, derived: createNystromEvaluate(core).evaluate(state) }));
    const outputs = await runSnippets(cases.map(({ state, derived }) => nystromformerNumpy(state, derived)));
    cases.forEach(({ state, derived }, i) => {
      const want = { relative: derived.errors.relative, output: derived.errors.output, gain: derived.nys.gain };
      assert.deepEqual(disagreements(parseShown(outputs[i]), want, { rel: 1e-9 }), [], `${state.landmarks}, ${state.pinv}`);
    });
  });
});
