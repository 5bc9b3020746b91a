// <mathlet-cur> in Node: its state (attributes, a link asking for max volume where it is too slow,
// the matrix menu's fallback, the permalink) and its computation (the decomposition of the current
// choice on the real core, max volume kept pending until the worker's answer, the curves' sweep).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { load } from '../../web/src/core/index.js';
import { readOneAttribute } from '../../web/src/widgets/framework/attribute-table.js';
import { Refusal } from '../../web/src/widgets/framework/refusal.js';
import { createStateStore } from '../../web/src/widgets/framework/state-store.js';
import { coreOptions, createCurEvaluate, curveRows, curveSweep, maxVolumeKey } from '../../web/src/widgets/cur/cur-compute.js';
import { PRESETS } from '../../web/src/widgets/cur/cur-presets.js';
import {
  attributes,
  curvesStale,
  maxVolumeAllowed,
  permalinkFields,
  presetChange,
  readState,
  sizeOf,
} from '../../web/src/widgets/cur/cur-state.js';
import { formatFields } from '../../web/src/widgets/parts/permalink.js';

const textOf = (attrs) => (name) => attrs[name] ?? null;
const t = (key, params) => `${key} ${JSON.stringify(params ?? {})}`;
const preset = (id) => PRESETS.find((p) => p.id === id);
const sorted = (list) => Array.from(list).sort((a, b) => a - b);

describe('cur state', () => {
  it('starts from the first preset with DEIM, the optimal middle matrix, r = 4 and seed 1', () => {
    const { state, problems } = readState(textOf({}));
    assert.deepEqual(state, { preset: PRESETS[0], r: 4, select: 'deim', middle: 'optimal', seed: 1 });
    assert.deepEqual(problems, []);
  });
  it("reads r against the matrix's size and reports every bad attribute", () => {
    const { state, problems } = readState(textOf({ preset: 'm1', r: '5', select: 'psychic', middle: 'x', seed: '-1' }));
    assert.equal(state.preset.id, 'm1');
    assert.equal(state.r, 4, 'r falls back to the default, within the 4 × 5 matrix');
    assert.deepEqual([state.select, state.middle, state.seed], ['deim', 'optimal', 1]);
    assert.deepEqual(
      problems.map((p) => p(t).split(' ')[0]),
      ['attr.wholeBetween', 'attr.oneOf', 'attr.oneOf', 'attr.wholeBetween'],
    );
  });
  it('falls back to DEIM where max volume would be too slow, saying why as a kept decomposition', () => {
    const { state, problems } = readState(textOf({ preset: 'picture', r: '5', select: 'max-volume' }));
    assert.deepEqual([state.select, state.r], ['deim', 5]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].kept, true);
    assert.equal(problems[0](t), 'status.maxVolume {"r":5,"rows":28,"cols":28}');
    assert.equal(readState(textOf({ preset: 'm3', r: '2', select: 'max-volume' })).state.select, 'max-volume');
  });
  it('changes by attribute against the current state: a smaller matrix clamps r', () => {
    const current = readState(textOf({ r: '6' })).state;
    assert.deepEqual(readOneAttribute(attributes, 'preset', 'm3', null, current).change, { preset: preset('m3'), r: 4 });
    assert.deepEqual(readOneAttribute(attributes, 'select', 'uniform', null, current).change, { select: 'uniform' });
    assert.ok(readOneAttribute(attributes, 'r', '21', null, current).problem, 'r up to 20 on the 20 × 24 matrix');
    assert.ok(readOneAttribute(attributes, 'middle', 'other', null, current).problem);
    assert.deepEqual(readOneAttribute(attributes, 'unknown', '1', null, current), { change: null });
  });
  it('the matrix menu keeps max volume where it fits and falls back to DEIM where it does not', () => {
    const current = { ...readState(textOf({ preset: 'm3', r: '3' })).state, select: 'max-volume' };
    assert.deepEqual(presetChange(preset('m1'), current), { preset: preset('m1'), r: 3, select: 'max-volume' });
    assert.deepEqual(presetChange(preset('picture'), current), { preset: preset('picture'), r: 3, select: 'deim' });
    assert.equal(maxVolumeAllowed({ preset: preset('low-rank'), r: 2 }), true);
    assert.equal(maxVolumeAllowed({ preset: preset('low-rank'), r: 4 }), false);
    assert.equal(sizeOf(preset('m3')), 4);
  });
  it('records every field, and recomputes the curves only for another matrix, seed or middle matrix', () => {
    const s = readState(textOf({ preset: 'm3', r: '3', select: 'max-volume', middle: 'intersection', seed: '9' })).state;
    assert.equal(formatFields(permalinkFields(s)), 'preset:m3;r:3;select:max-volume;middle:intersection;seed:9');
    assert.equal(curvesStale(s, null), true);
    assert.equal(curvesStale({ ...s, r: 2, select: 'deim' }, s), false);
    for (const change of [{ seed: 1 }, { middle: 'optimal' }, { preset: preset('m1') }])
      assert.equal(curvesStale({ ...s, ...change }, s), true);
  });
});

// A core whose cur() records its calls and answers with the choice it was given.
function fakeCore() {
  const calls = [];
  const cur = (_M, r, options) => {
    calls.push({ r, ...options });
    if (options.select === 'max-volume') throw new Error('max volume runs in the worker');
    return { error: r, rows: [0], cols: [0], select: options.select };
  };
  return { calls, cur };
}

describe('cur compute', () => {
  let core;
  before(async () => {
    core = await load({ include: ['matrix'] });
  });

  it('gives the core leverage scores of the dominant r vectors and a seed only to random methods', () => {
    const s = { middle: 'optimal', seed: 3 };
    assert.deepEqual(coreOptions(s, 'leverage-top', 2), { select: 'leverage-top', middle: 'optimal', gamma: 2 });
    assert.deepEqual(coreOptions(s, 'uniform', 2), { select: 'uniform', middle: 'optimal', seed: 3 });
    assert.deepEqual(coreOptions(s, 'deim', 2), { select: 'deim', middle: 'optimal' });
    assert.equal(
      maxVolumeKey({ preset: preset('m3'), r: 2, middle: 'optimal', seed: 1 }),
      maxVolumeKey({ preset: preset('m3'), r: 2, middle: 'optimal', seed: 7 }),
    );
  });

  it('computes the quick methods on the main thread (T-U2: CPQR on M3 at r = 2)', () => {
    const { evaluate } = createCurEvaluate(core);
    const d = evaluate({ preset: preset('m3'), r: 2, select: 'pivoted-qr', middle: 'optimal', seed: 1 });
    assert.equal(d.pending, false);
    assert.deepEqual(sorted(d.result.rows), [0, 3]);
    assert.deepEqual(sorted(d.result.cols), [0, 3]);
    assert.ok(Math.abs(d.result.error - 534661393 / 119177094) < 1e-9);
    assert.deepEqual([d.M.rows, d.M.cols], [5, 4]);
  });

  it('keeps the last decomposition while max volume is computed, then shows the answer', () => {
    const fake = fakeCore();
    const { evaluate, remember } = createCurEvaluate(fake);
    const deim = { preset: preset('m3'), r: 2, select: 'deim', middle: 'optimal', seed: 1 };
    const store = createStateStore({ initial: deim, evaluate });
    assert.equal(store.commit({ select: 'max-volume' }), true);
    assert.equal(store.derived.pending, true);
    assert.equal(store.derived.shown, deim, 'DEIM stays on screen');
    assert.equal(store.state.select, 'max-volume', 'the state (and the link) hold the choice asked for');
    remember(store.state, { error: 0.5, rows: [0, 3], cols: [0, 3] });
    assert.equal(store.commit({}), true);
    assert.equal(store.derived.pending, false);
    assert.equal(store.derived.shown.select, 'max-volume');
    assert.equal(store.derived.result.error, 0.5);
    assert.deepEqual(
      fake.calls.map((c) => c.select),
      ['deim'],
      'max volume never ran on the main thread, and its answer was not computed again',
    );
  });

  it('shows DEIM first when the first choice is max volume, and refuses max volume where it is too slow', () => {
    const fake = fakeCore();
    const { evaluate } = createCurEvaluate(fake);
    const first = evaluate({ preset: preset('m3'), r: 2, select: 'max-volume', middle: 'optimal', seed: 1 });
    assert.equal(first.pending, true);
    assert.equal(first.shown.select, 'deim');
    assert.equal(first.result.select, 'deim');
    const lowRank = { preset: preset('low-rank'), r: 4, select: 'deim', middle: 'optimal', seed: 1 };
    let refused = null;
    const kept = createStateStore({
      initial: lowRank,
      evaluate,
      onReject: (error) => {
        refused = error;
      },
    });
    assert.equal(kept.commit({ select: 'max-volume' }), false);
    assert.ok(refused instanceof Refusal);
    assert.match(refused.say({ t }), /^status\.kept .*status\.maxVolume/);
    assert.equal(kept.state.select, 'deim');
  });

  it('starts the curves with the SVD floor at every r', () => {
    const rows = curveRows([3, 2, 1], 3);
    assert.deepEqual(rows, [
      { r: 1, floor: 5 },
      { r: 2, floor: 1 },
      { r: 3, floor: 0 },
    ]);
  });

  it('sweeps the quick methods rank by rank, then max volume where allowed, and stops when stale', async () => {
    const calls = [];
    const api = {
      cur: async (_M, r, options) => {
        calls.push(`${options.select}@${r}`);
        return { error: r };
      },
    };
    const M = { rows: 20, cols: 24 };
    const choice = { middle: 'optimal', seed: 1 };
    const rows = curveRows(new Array(4).fill(1), 4);
    let drawn = 0;
    const sweep = curveSweep(Promise.resolve({ api }));
    assert.equal(await sweep({ M, choice, rows, onRow: () => drawn++ }, { stale: () => false }), 'done');
    assert.equal(rows[3]['pivoted-qr'], 4);
    assert.deepEqual(
      calls.filter((c) => c.startsWith('max-volume')),
      ['max-volume@1', 'max-volume@2'],
      'max volume where enumeration is allowed (r <= 2 on 20 x 24)',
    );
    assert.equal(rows[2]['max-volume'], undefined);
    assert.equal(drawn, 4 + 2);
    let asked = 0;
    const abandoned = await sweep({ M, choice, rows: curveRows([1, 1, 1], 3), onRow() {} }, { stale: () => ++asked > 2 });
    assert.equal(abandoned, 'abandoned');
  });
});
