// <mathlet-cur-retrieval> in Node: its state (attributes, the checks that involve two fields, the
// presets, the permalink, the keys that decide what the worker computes again) and its computation
// on the real core, against cur-retrieval.md: the worker's run (R, the full evaluation, the drag
// path, the index, X2's curves) reproduces T-R6's P_exp1 row at k_i = 32 as exact hit counts, the
// drag path equals a full evaluation, recall at any k_r from the positions is the re-rank lemma
// (R8), the one-query picture's s-hat = c E is the core's curRetrieve and its recall is the
// query's, the CE-call meter (R6), and the anchor-rule panel's flag (R10).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { load } from '../../web/src/core/index.js';
import { readOneAttribute } from '../../web/src/widgets/framework/attribute-table.js';
import { DEFAULTS } from '../../web/src/widgets/cur-retrieval/cur-retrieval-attributes.js';
import { emptyCache, evaluationOptions, evaluationRun, reused } from '../../web/src/widgets/cur-retrieval/cur-retrieval-background.js';
import {
  approxScores,
  baselinesFor,
  callMeter,
  curveKis,
  energy,
  krGrid,
  queryBase,
  queryPicture,
  recallFromPositions,
  subsample,
} from '../../web/src/widgets/cur-retrieval/cur-retrieval-compute.js';
import { DIP_KIS, dipRun, dipSeries } from '../../web/src/widgets/cur-retrieval/cur-retrieval-dip-panel.js';
import { flagged, rulesFor } from '../../web/src/widgets/cur-retrieval/cur-retrieval-rules-panel.js';
import {
  attributes,
  checkState,
  curvesKey,
  evaluationKey,
  generatorKey,
  linkedChange,
  permalinkFields,
  presetChange,
  readState,
  truthKey,
} from '../../web/src/widgets/cur-retrieval/cur-retrieval-state.js';
import { curRetrievalText } from '../../web/src/widgets/cur-retrieval/cur-retrieval-text.js';
import { partsText } from '../../web/src/widgets/parts/parts-text.js';

const catalog = { ...partsText.en, ...curRetrievalText.en };
const t = (key, params = {}) => catalog[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
const language = { lang: 'en', t };
const read = (given) => readState((name) => given[name] ?? null);
const problemText = (p) => p((key, params) => `${key} ${JSON.stringify(params ?? {})}`);
const hits = (recall) => Math.round(recall * 2000);
// The core's API as the worker's proxy offers it: every call a promise.
const asWorker = (core) => ({ api: Object.fromEntries(Object.entries(core).map(([k, f]) => [k, async (...a) => f(...a)])) });

describe('<mathlet-cur-retrieval> state', () => {
  it('reads the defaults (the file’s P_exp1 at k_i = 32) and every attribute', () => {
    assert.deepEqual(read({}), { state: DEFAULTS, problems: [] });
    const { state, problems } = read({
      kind: 'tanh',
      beta: '2',
      items: '20000',
      k: '50',
      ki: '64',
      kr: '500',
      anchors: 'deim',
      rtol: '1e-2',
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      [state.kind, state.beta, state.items, state.k, state.ki, state.kr, state.anchors, state.rtol],
      ['tanh', 2, 20000, 50, 64, 500, 'deim', 0.01],
    );
  });

  it('names bad attributes and keeps the defaults', () => {
    const { state, problems } = read({ ki: 'many', items: '3000', kind: 'cubic', r: '99' });
    assert.deepEqual([state.ki, state.items, state.kind, state.r], [32, 5000, 'exp', 8]);
    assert.equal(problems.length, 4);
    const texts = problems.map((p) => p(t));
    assert.ok(
      texts.some((x) => x.startsWith('r: must be a whole number from 1 to 32')),
      texts.join(' | '),
    );
    assert.ok(texts.some((x) => x.startsWith('items: must be one of 1000, 5000, 20000')));
    assert.ok(texts.some((x) => x.startsWith('kind: must be one of linear, exp, tanh')));
  });

  it('refuses combinations with a message naming the fields, and fits them on reading', () => {
    const s = { ...DEFAULTS };
    assert.equal(checkState(s), null);
    assert.equal(problemText(checkState({ ...s, kr: 5 })), 'check.kr {"kr":5,"k":10}');
    assert.equal(problemText(checkState({ ...s, kr: 6000 })), 'check.krItems {"kr":6000,"items":5000}');
    assert.equal(problemText(checkState({ ...s, anchors: 'deim', ki: 192 })), 'check.deim {"ki":192,"kq":128}');
    assert.equal(problemText(checkState({ ...s, kind: 'tanh', beta: 3.5 })), 'check.beta {"max":3}');
    assert.equal(problemText(checkState({ ...s, query: 200 })), 'check.query {"query":200,"tests":200}');
    const { state, problems } = read({ kr: '5', k: '50' });
    assert.equal(problems.length, 1);
    assert.equal(state.kr, 50, 'k_r raised to k');
  });

  it('menus move the fields that depend on them; presets set the generator; square W sets k_i = k_q', () => {
    assert.deepEqual(linkedChange({ k: 50 }, { ...DEFAULTS, kr: 20 }), { k: 50, kr: 50 });
    assert.deepEqual(linkedChange({ items: 1000 }, { ...DEFAULTS, kr: 2000 }), { items: 1000, kr: 1000 });
    assert.deepEqual(linkedChange({ tests: 50 }, { ...DEFAULTS, query: 120 }), { tests: 50, query: 49 });
    assert.deepEqual(linkedChange({ kind: 'tanh' }, { ...DEFAULTS, beta: 4 }), { kind: 'tanh', beta: 3 });
    assert.deepEqual(presetChange('P_lin0', DEFAULTS), { kind: 'linear', noise: 0, r: 8, beta: 1 });
    assert.deepEqual(presetChange('P_tanh2', DEFAULTS), { kind: 'tanh', noise: 0.1, r: 8, beta: 2 });
    assert.deepEqual(presetChange('square', DEFAULTS), { ki: 128 });
  });

  it('a changed attribute is read against the current state; the permalink names every field', () => {
    const current = { ...DEFAULTS };
    assert.deepEqual(readOneAttribute(attributes, 'ki', '64', language, current).change, { ki: 64 });
    const bad = readOneAttribute(attributes, 'rtol', '0.5', language, current);
    assert.ok(bad.problem(t).startsWith('rtol: must be one of 0, 0.0001'));
    assert.deepEqual(Object.keys(permalinkFields(DEFAULTS)).sort(), Object.keys(DEFAULTS).sort());
    assert.deepEqual(
      read(Object.fromEntries(Object.entries(permalinkFields({ ...DEFAULTS, rtol: 1e-3 })).map(([k, v]) => [k, String(v)]))).state,
      {
        ...DEFAULTS,
        rtol: 1e-3,
      },
    );
  });

  it('keys: k_r and the query change none; k_i only the evaluation; the generator everything', () => {
    const a = { ...DEFAULTS };
    const keys = (s) => [generatorKey(s), truthKey(s), curvesKey(s), evaluationKey(s)];
    const same = (b) => keys(a).map((k, i) => k === keys(b)[i]);
    assert.deepEqual(same({ ...a, kr: 500, query: 3 }), [true, true, true, true]);
    assert.deepEqual(same({ ...a, ki: 64 }), [true, true, true, false]);
    assert.deepEqual(same({ ...a, anchors: 'deim' }), [true, true, false, false]);
    assert.deepEqual(same({ ...a, k: 5 }), [true, false, false, false]);
    assert.deepEqual(same({ ...a, beta: 2 }), [false, false, false, false]);
  });
});

describe('<mathlet-cur-retrieval> computation', () => {
  let core;
  before(async () => {
    core = await load({ include: ['retrieval'] });
  });

  it('pure helpers: the k_r grid, the curves’ k_i, the baselines, the meter, energy and subsampling', () => {
    assert.deepEqual(krGrid(10, 5000, 100), [10, 20, 50, 100, 200, 500, 1000, 2000, 5000]);
    assert.deepEqual(krGrid(50, 1000, 77), [50, 77, 100, 200, 500, 1000]);
    assert.deepEqual(curveKis(DEFAULTS), [8, 16, 32, 64, 128, 256]);
    assert.deepEqual(curveKis({ ...DEFAULTS, anchors: 'deim', kq: 64, ki: 24 }), [8, 16, 24, 32, 64]);
    assert.deepEqual(baselinesFor(8), ['random', 'de4', 'de6']);
    assert.deepEqual(baselinesFor(4), ['random']);
    const meter = callMeter(DEFAULTS, { calls: { perQuery: { 100: 131.545 } } });
    assert.deepEqual([meter.offline, meter.nominal, meter.perQuery, meter.exhaustive], [640000, 132, 131.545, 5000]);
    assert.equal(callMeter({ ...DEFAULTS, kr: 77 }, null).perQuery, null, 'not evaluated at this k_r: the bound only');
    assert.equal(energy([3, 4], 1), 9 / 25);
    assert.equal(subsample(20000, 5000, [3]).length, 5001);
    assert.equal(subsample(100, 5000).length, 100);
  });

  it('T-R6: the worker’s run reproduces P_exp1 at k_i = 32 as exact hit counts; its curves are the drag path', async () => {
    const state = { ...DEFAULTS, kr: 100 };
    const cache = emptyCache();
    const seen = { main: null, index: null, curves: [] };
    const outcome = await evaluationRun(Promise.resolve(asWorker(core)))(
      {
        state,
        cache,
        onMain: (e) => {
          seen.main = e;
        },
        onIndex: (index) => {
          seen.index = index;
        },
        onCurve: (ki) => seen.curves.push(ki),
      },
      { stale: () => false },
    );
    assert.equal(outcome, 'done');
    const { main } = seen;
    // T-R6, P_exp1, k_i = 32: .2720 .4450 .7240 .8855 .9610 .9925 at k_r = 10, 20, 50, 100, 200, 500.
    assert.deepEqual(
      [10, 20, 50, 100, 200, 500].map((kr) => hits(main.recall[kr])),
      [544, 890, 1448, 1771, 1922, 1985],
    );
    assert.equal(hits(recallFromPositions(main.perQueryPositions.data, 100)), 1771, 'recall from positions: the re-rank lemma');
    assert.equal(recallFromPositions(main.perQueryPositions.data, 5000), 1, 'every true item within n_i');
    assert.ok(Math.abs(main.kappa - 32.8) < 0.05, `kappa(W) = ${main.kappa} (T-R6: 32.8)`);
    assert.deepEqual(curveKis(state), seen.curves);
    assert.equal(cache.spectrum.length, 128, 'R’s singular values, once');
    assert.deepEqual(Object.keys(cache.baselines.values), ['random', 'de4', 'de6']);
    // T-R12: de_proxy 6 at k_r = 10, 50, 500: .4480 .7960 .9670.
    const de6 = cache.baselines.values.de6;
    assert.deepEqual([de6[10], de6[50], de6[500]].map(hits), [896, 1592, 1934]);
    // T-R6, P_exp1, k_i = 8 and 64 (the curves, drag path): .5870 and .9460 at k_r = 100.
    const curve = (ki) => cache.curves.get(`${curvesKey(state)}|${ki}`);
    assert.equal(hits(curve(8).recall[100]), 1174);
    assert.equal(hits(curve(64).recall[100]), 1892);
    assert.equal(hits(curve(128).recall[100]), 422, 'the dip at k_i = k_q (T-R7: .2110)');
    // The one-query picture: s-hat = c E is the core's curRetrieve, and its recall is this query's.
    const q = 2 ** 31 + 3;
    const scorer = core.syntheticScorer({ rank: 8, noise: 0.1, kind: 'exp', beta: 1, seed: 42 });
    const items = Uint32Array.from({ length: 5000 }, (_, i) => i);
    const row = scorer.block([q], items).data;
    const c = Float64Array.from(seen.index.anchors, (a) => row[a]);
    const approx = approxScores(c, seen.index.E);
    const got = core.curRetrieve(seen.index, c, { k: 10, rerank: 100, exactScores: (ids) => Float64Array.from(ids, (i) => row[i]) });
    let worst = 0;
    approx.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - got.approxScores[i]));
    });
    assert.ok(worst < 1e-9, `s-hat as the core computes it (${worst})`);
    const picture = queryPicture(queryBase({ exact: row, approx, anchors: seen.index.anchors, k: 10 }), 100);
    const positions = main.perQueryPositions.data.subarray(30, 40);
    assert.equal(picture.recall, recallFromPositions(positions, 100), 'the picture’s recall is the batch’s for query 3');
    assert.equal(picture.recall, core.recallAtK(got.ids, picture.truth), 'and the core’s retrieval’s');
    assert.ok(picture.threshold <= Math.max(...approx));

    // X5 (T-R11): indexing f⁻¹(scores) on the same truth gives P_lin's row, .8060 .9985 .9995 at k_r = 10, 50, 100.
    const inverse = { ...state, transform: true };
    let transformed = null;
    let tIndex = null;
    await evaluationRun(Promise.resolve(asWorker(core)))(
      {
        state: inverse,
        cache,
        onMain: (e) => {
          transformed = e;
        },
        onIndex: (index) => {
          tIndex = index;
        },
        onCurve() {},
      },
      { stale: () => tIndex !== null },
    );
    assert.deepEqual(Array.from(transformed.truth), Array.from(main.truth), 'the same ground truth');
    assert.deepEqual(
      [10, 50, 100].map((kr) => hits(transformed.recall[kr])),
      [1612, 1997, 1999],
    );
    const logits = core.inverseScores(row, { kind: 'exp', beta: 1 }).values;
    const tc = Float64Array.from(tIndex.anchors, (a) => logits[a]);
    const tApprox = approxScores(tc, tIndex.E);
    for (const a of tIndex.anchors) assert.ok(Math.abs(tApprox[a] - logits[a]) < 1e-8, 'anchors reproduced in the logit space');
  });

  it('a second run reuses R and the truth (drag path) and equals a full evaluation', async () => {
    const state = { ...DEFAULTS, items: 1000, kq: 48, tests: 50, ki: 16 };
    const cache = emptyCache();
    const run = evaluationRun(Promise.resolve(asWorker(core)));
    const quiet = { onMain() {}, onIndex() {}, onCurve() {} };
    await run({ state, cache, ...quiet }, { stale: () => false });
    const R = cache.R;
    let main = null;
    const next = { ...state, ki: 24, anchors: 'cpqr' };
    await run({ state: next, cache, ...quiet, onMain: (e) => (main = e) }, { stale: () => false });
    assert.equal(cache.R, R, 'R kept');
    assert.ok(Number.isNaN(main.frobRelErr), 'the drag path');
    const full = core.evaluateCurRetrieval(evaluationOptions(next, 24, krGrid(next.k, next.items, next.kr)));
    assert.deepEqual(Array.from(main.recallCurve), Array.from(full.recallCurve));
    // A large R is not sent: the worker scores it again, with the same result.
    assert.deepEqual(Object.keys(reused({ rows: 128, cols: 5000 }, [1])), ['R', 'truth']);
    assert.deepEqual(Object.keys(reused({ rows: 128, cols: 20000 }, [1])), ['truth']);
    const unsent = core.evaluateCurRetrieval({ ...evaluationOptions(next, 24, krGrid(next.k, next.items, next.kr)), truth: cache.truth });
    assert.deepEqual(Array.from(unsent.recallCurve), Array.from(full.recallCurve));
    // A newer input stops a run between steps.
    const stopped = await run({ state: { ...state, beta: 2 }, cache, ...quiet }, { stale: () => true });
    assert.equal(stopped, 'abandoned');
  });

  it('the anchor-rule panel: DEIM only up to k_q; a rule with lower error and lower recall than uniform is flagged', () => {
    assert.deepEqual(rulesFor(DEFAULTS), ['uniform', 'kmeans', 'topNorm', 'leverage', 'deim', 'cpqr']);
    assert.ok(!rulesFor({ ...DEFAULTS, ki: 192 }).includes('deim'));
    const rows = [
      { method: 'uniform', error: 0.9, positions: Int32Array.from([0, 1, 200, 3]) },
      { method: 'deim', error: 0.8, positions: Int32Array.from([0, 300, 200, 3]) },
      { method: 'cpqr', error: 0.95, positions: Int32Array.from([0, 300, 200, 3]) },
      { method: 'leverage', error: 0.7, positions: Int32Array.from([0, 1, 2, 3]) },
    ];
    assert.deepEqual([...flagged(rows, 100)], ['deim']);
  });

  it('the dip panel (X3): κ(W) peaks where W turns square (k_i = k_q, R9); a newer state stops the sweep', async () => {
    const state = { ...DEFAULTS, items: 1000, tests: 50 };
    const points = [];
    const outcome = await dipRun(Promise.resolve(asWorker(core)))(
      { state, onPoint: (p) => points.push(p) },
      { stale: () => points.length >= DIP_KIS.length },
    );
    assert.equal(outcome, 'abandoned');
    assert.deepEqual(
      points.map((p) => [p.kq, p.ki]),
      DIP_KIS.map((ki) => [32, ki]),
    );
    const kappa = Object.fromEntries(points.map((p) => [p.ki, p.kappa]));
    assert.ok(
      DIP_KIS.every((ki) => ki === 32 || kappa[ki] < kappa[32]),
      `κ(W) is largest at k_i = k_q = 32: ${JSON.stringify(kappa)}`,
    );
    const [series32] = dipSeries(points, 1000, (_key, { kq }) => `k_q = ${kq}`);
    assert.equal(series32.recall.name, 'k_q = 32');
    assert.ok(
      series32.recall.points.every((p) => p.y === 1),
      'every true item within k_r = n_i',
    );
  });
});
