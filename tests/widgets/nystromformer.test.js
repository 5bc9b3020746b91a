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
  floorAt,
  largestLogit,
  OVERFLOW_LOGIT,
  relativeError,
  segmentBounds,
} from '../../web/src/widgets/nystromformer/nystromformer-compute.js';
import { colourScale, landmarkMarks } from '../../web/src/widgets/nystromformer/nystromformer-maps.js';
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
import { colourLevel, matrixPixels } from '../../web/src/widgets/parts/canvas-heatmap.js';
import { fieldText } from '../../web/src/widgets/parts/permalink.js';

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
    assert.ok(Math.abs(second.errors.floor - floorAt(sv, 16)) < 1e-12, 'the chips floor is the core floor');
    assert.ok(second.errors.relative >= second.errors.floor, 'Eckart–Young');
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
    for (let i = 0; i < 128; i += 7)
      for (let j = 0; j < 128; j += 5) {
        let dot = 0;
        for (let c = 0; c < 32; c++) dot += Q.data[i * 32 + c] * K.data[j * 32 + c];
        brute = Math.max(brute, dot / Math.sqrt(32));
      }
    assert.ok(largestLogit(Q, K, 1 / Math.sqrt(32)) >= brute);
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
