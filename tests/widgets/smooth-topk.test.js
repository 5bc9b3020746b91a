// <mathlet-smooth-topk> in Node: its attributes and the state they give (k read against the count
// of the scores, ±∞ scores after the finite ones), what a changed attribute changes, how a change
// with fewer scores brings k down, what the permalink records and the mathlet-change detail; and
// the main-thread computation through the wasm core, the fan's input and the threshold hint.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { load } from '../../web/src/core/index.js';
import { readOneAttribute } from '../../web/src/widgets/framework/attribute-table.js';
import { createStateStore } from '../../web/src/widgets/framework/state-store.js';
import { formatFields, parseFields } from '../../web/src/widgets/parts/permalink.js';
import { createWidgetLanguage } from '../../web/src/widgets/parts/widget-language.js';
import { FAN_TAUS, fanSweep } from '../../web/src/widgets/smooth-topk/fan-sweep.js';
import { jacobianCheck } from '../../web/src/widgets/smooth-topk/jacobian-check.js';
import { refusedMessage } from '../../web/src/widgets/smooth-topk/jacobian-table.js';
import { say } from '../../web/src/widgets/smooth-topk/message-nodes.js';
import { createTopkEvaluate, fanInput, fanKey, thresholdMessage } from '../../web/src/widgets/smooth-topk/smooth-topk-compute.js';
import {
  attributes,
  normalize,
  permalinkFields,
  readState,
  results,
  scores,
  sizeOf,
} from '../../web/src/widgets/smooth-topk/smooth-topk-state.js';
import { smoothTopkText } from '../../web/src/widgets/smooth-topk/smooth-topk-text.js';
import { methodName } from '../../web/src/widgets/smooth-topk/topk-methods.js';

// message-nodes.js tells a DOM node from a message; Node has no DOM, and these tests use none.
globalThis.Node ??= class {};
// The widget's language without a document: English (languageOf falls back to the browser's, and Node has none).
const language = createWidgetLanguage({ closest: () => null, getAttribute: () => null, ownerDocument: null }, smoothTopkText);
const textOf = (attrs) => (name) => attrs[name] ?? null;
const DEFAULT_STATE = { x: [3, 2, 1, 4], extras: [], k: 2, tau: 1, method: 'threshold-piecewise', complement: 'exact' };

describe('smooth-topk attributes', () => {
  it('gives the defaults for no attributes', () => {
    assert.deepEqual(readState(textOf({})), { state: DEFAULT_STATE, problems: [] });
  });
  it('reads the scores (commas or spaces, ±∞ after the finite ones), k against their count, tau and the method', () => {
    const { state, problems } = readState(textOf({ values: '5 1, 2 inf -∞', k: '4.5', tau: '0.01', method: 'iterative-weighted' }));
    assert.deepEqual(state, {
      x: [5, 1, 2],
      extras: [Infinity, -Infinity],
      k: 4.5,
      tau: 0.01,
      method: 'iterative-weighted',
      complement: 'exact',
    });
    assert.deepEqual(problems, []);
    assert.equal(sizeOf(state), 5);
    assert.deepEqual(scores(state), [5, 1, 2, Infinity, -Infinity]);
  });
  it('reports bad attributes in the widget language and keeps the defaults for them', () => {
    const { state, problems } = readState(textOf({ values: '1', tau: '1e9', method: 'nope' }));
    assert.deepEqual(state, DEFAULT_STATE);
    assert.deepEqual(
      problems.map((p) => say(language, p)),
      ['values: 2 to 10 numbers (got 1)', 'tau: must be between 0.001 and 100', 'method: unknown method "nope"'],
    );
  });
  it('refuses a finite score after an infinite one, too few finite scores, and k above the count', () => {
    assert.equal(readState(textOf({ values: '1 inf 2' })).problems[0].params.attr, 'values');
    assert.equal(readState(textOf({ values: '1 inf -inf' })).problems[0].params.attr, 'values');
    const { state, problems } = readState(textOf({ values: '1 2 3', k: '4' }));
    assert.equal(state.k, 2);
    assert.equal(say(language, problems[0]), 'k: must be between 0 and n = 3');
  });
  it('changes by attribute: a good value sets its part, a bad one is a problem and changes nothing', () => {
    const current = readState(textOf({ values: '1 2 3' })).state;
    assert.deepEqual(readOneAttribute(attributes, 'values', '7 8 -inf', language, current), { change: { x: [7, 8], extras: [-Infinity] } });
    assert.deepEqual(readOneAttribute(attributes, 'k', '2.5', language, current), { change: { k: 2.5 } });
    assert.deepEqual(readOneAttribute(attributes, 'tau', '0.5', language, current), { change: { tau: 0.5 } });
    assert.deepEqual(readOneAttribute(attributes, 'method', 'gradtopk', language, current), { change: { method: 'gradtopk' } });
    const bad = readOneAttribute(attributes, 'k', '4', language, current);
    assert.equal(bad.change, undefined);
    assert.equal(say(language, bad.problem), 'k: must be between 0 and n = 3');
    assert.deepEqual(readOneAttribute(attributes, 'complement', 'naive', language, current), { change: null });
  });
  it('fewer scores than k bring k down to n', () => {
    const store = createStateStore({ initial: { ...DEFAULT_STATE, k: 4 }, evaluate: () => ({}), normalize });
    assert.ok(store.commit({ x: [1, 2, 3] }));
    assert.equal(store.state.k, 3);
    assert.ok(store.commit({ extras: [Infinity] }));
    assert.equal(store.state.k, 3, 'more scores leave k as it is');
    assert.equal(normalize(DEFAULT_STATE), DEFAULT_STATE, 'a state within bounds is kept as it is');
  });
  it('records the scores, k, tau and the method in the permalink, and reads them back', () => {
    const state = { ...DEFAULT_STATE, x: [5, 2, 1, 4], extras: [-Infinity], complement: 'naive' };
    const text = formatFields(permalinkFields(state));
    assert.equal(formatFields(permalinkFields({ ...state, extras: [] })), 'values:5,2,1,4;k:2;tau:1;method:threshold-piecewise');
    const fields = parseFields(text);
    const read = readState(textOf(fields));
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.state, { ...state, complement: 'exact' }, 'the complement is the reader’s own setting');
  });
});

describe('smooth-topk compute', () => {
  let evaluate;
  before(async () => {
    evaluate = createTopkEvaluate(await load({ include: ['vector'] }));
  });
  it('runs every method on the default state: piecewise ThreTopK sums to k with λ = 2.5', () => {
    const derived = evaluate(DEFAULT_STATE);
    assert.equal(derived.results.length, 8);
    assert.equal(derived.focus.id, 'threshold-piecewise');
    assert.ok(Math.abs(derived.focus.sum - 2) < 1e-9);
    assert.ok(Math.abs(derived.focus.threshold - 2.5) < 1e-9);
    assert.equal(derived.calls, 9, 'the hard outline and eight methods');
    assert.deepEqual(Object.keys(derived.timings).length, 8);
  });
  it("I2's Jacobian: the sums vanish at small τ on the defaults, and a refusal is a message, not a table", () => {
    for (const tau of [0.05, 0.01]) {
      const { jacobian } = evaluate({ ...DEFAULT_STATE, tau, method: 'iterative-weighted' });
      assert.equal(jacobian.refused, undefined);
      assert.ok(jacobian.zero, `sums ${jacobian.worst} against ${jacobian.largest} at τ = ${tau}`);
    }
    // From round 3 on the core refuses where rounding would leave the entries wrong (here by 2.5e-7 of the largest).
    const state = { ...DEFAULT_STATE, x: [14, 7, -13, -8], k: 3, tau: 0.3, method: 'iterative-weighted' };
    const { jacobian, focus } = evaluate(state);
    assert.ok(focus.values, 'the values are still shown');
    assert.deepEqual(Object.keys(jacobian), ['refused']);
    assert.match(jacobian.refused, /^smoothTopK: tau = 0\.3 is too small for these scores: .*tau must be at least 0\.81\d* here$/);
    assert.equal(say(language, refusedMessage(jacobian.refused)), `Not available at this τ: ${jacobian.refused}`);
    const zh = createWidgetLanguage(
      { closest: () => ({ getAttribute: () => 'zh' }), getAttribute: () => 'zh', ownerDocument: null },
      smoothTopkText,
    );
    assert.equal(say(zh, refusedMessage(jacobian.refused)), `在这个 τ 下不可用：${jacobian.refused}`);
    // Any other error is a bug and is not swallowed.
    const broken = {
      raw: {
        jacobian: () => {
          throw new TypeError('bug');
        },
      },
    };
    assert.throws(() => jacobianCheck(broken), TypeError);
  });
  it('a fractional k leaves out the whole-k methods, and ±∞ scores the finite-only ones', () => {
    const fractional = evaluate({ ...DEFAULT_STATE, k: 1.5 });
    assert.deepEqual(
      fractional.results.filter((r) => r.unavailable).map((r) => r.id),
      ['gradtopk', 'gradtopk-recursion', 'iterative-su', 'iterative-weighted'],
    );
    assert.equal(fractional.calls, 6, 'two hard outlines and four methods');
    const infinite = evaluate({ ...DEFAULT_STATE, extras: [Infinity], method: 'iterative-su' });
    assert.equal(infinite.focus.unavailable, 'finite');
    assert.equal(infinite.focus.values, null);
    const detail = results({ ...DEFAULT_STATE, extras: [Infinity], method: 'iterative-su' }, infinite);
    assert.deepEqual(detail.unavailable, ['gradtopk-recursion', 'sigmoid-bisection-article', 'iterative-su', 'iterative-weighted']);
    assert.deepEqual([detail.p, detail.sum, detail.values.at(-1)], [null, null, Infinity]);
  });
  it('the mathlet-change detail: the inputs, the output in focus and the failing methods', () => {
    const state = { ...DEFAULT_STATE, x: [0, 1, 10], tau: 1, method: 'iterative-su' };
    const detail = results(state, evaluate(state));
    assert.deepEqual([detail.values, detail.k, detail.tau, detail.method, detail.complement], [[0, 1, 10], 2, 1, 'iterative-su', 'exact']);
    assert.equal(detail.p.length, 3);
    assert.ok(detail.failing.includes('iterative-su'), 'I1 puts a weight above 1 here (the article’s counterexample)');
    assert.ok(!detail.failing.includes('threshold-piecewise'));
  });
  it('the core refuses a temperature of 0', () => {
    assert.throws(() => evaluate({ ...DEFAULT_STATE, tau: 0 }));
  });
  it('asks for the fan only where the method in focus is defined, and again only when its inputs change', () => {
    assert.equal(fanInput({ ...DEFAULT_STATE, method: 'gradtopk', k: 1.5 }), null);
    assert.equal(fanInput({ ...DEFAULT_STATE, method: 'iterative-su', extras: [Infinity] }), null);
    assert.deepEqual(fanInput(DEFAULT_STATE), {
      key: fanKey(DEFAULT_STATE),
      x: [3, 2, 1, 4],
      k: 2,
      method: 'threshold-piecewise',
      options: {},
    });
    const i2 = { ...DEFAULT_STATE, method: 'iterative-weighted', complement: 'naive' };
    assert.deepEqual(fanInput(i2).options, { complement: 'naive' });
    assert.equal(fanKey({ ...DEFAULT_STATE, tau: 0.01 }), fanKey(DEFAULT_STATE), 'the fan spans every temperature');
    assert.equal(fanKey({ ...DEFAULT_STATE, complement: 'naive' }), fanKey(DEFAULT_STATE), 'the complement matters to I2 only');
    assert.notEqual(fanKey({ ...i2, complement: 'exact' }), fanKey(i2));
    assert.notEqual(fanKey({ ...DEFAULT_STATE, extras: [Infinity] }), fanKey(DEFAULT_STATE));
  });
  it('the fan sweep calls the worker once per temperature of the fan', async () => {
    const calls = [];
    const api = {
      smoothTopK: async (_x, k, options) => {
        calls.push(options);
        return { values: Float64Array.of(options.tau, k) };
      },
    };
    const curves = await fanSweep(Promise.resolve({ api }))({
      x: [1, 2],
      k: 1,
      method: 'iterative-weighted',
      options: { complement: 'naive' },
    });
    assert.equal(curves.length, FAN_TAUS.length);
    assert.deepEqual(curves[0], { tau: FAN_TAUS[0], values: [FAN_TAUS[0], 1] });
    assert.deepEqual(calls[0], { tau: FAN_TAUS[0], method: 'iterative-weighted', complement: 'naive' });
  });
  it('words the threshold hint after the method in focus and k', () => {
    const hint = (state) => {
      const { focus } = evaluate(state);
      return thresholdMessage(state, focus, methodName(focus.id))?.key ?? null;
    };
    assert.equal(hint(DEFAULT_STATE), 'threshold.line');
    assert.equal(hint({ ...DEFAULT_STATE, method: 'gradtopk' }), 'threshold.none');
    assert.equal(hint({ ...DEFAULT_STATE, method: 'gradtopk', k: 1.5 }), null);
    assert.equal(hint({ ...DEFAULT_STATE, k: 0 }), 'threshold.zero');
    assert.equal(hint({ ...DEFAULT_STATE, k: 4 }), 'threshold.all');
  });
});
