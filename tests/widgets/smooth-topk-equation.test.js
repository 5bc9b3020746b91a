// The threshold-equation and Jacobian view of <mathlet-smooth-topk>, in Node through the wasm core:
// F(λ) sampled over the scores falls from n to 0 and meets k at the solved λ (F(λ*) = k); the
// article's bisection is shown on the sigmoid's F; the Jacobian the view prints agrees with central
// finite differences of the outputs, matches smooth-topk.md §5.4, and its rows and columns sum to 0
// for the threshold methods (and GradTopK); the view costs well under a frame.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { load } from '../../web/src/core/index.js';
import { createTopkEvaluate } from '../../web/src/widgets/smooth-topk/smooth-topk-compute.js';
import { lambdaGrid } from '../../web/src/widgets/smooth-topk/threshold-equation.js';

const STATE = { x: [3, 2, 1, 4], extras: [], k: 2, tau: 1, method: 'threshold-piecewise', complement: 'exact' };
const THRESHOLD = ['threshold-piecewise', 'threshold-exp', 'threshold-sigmoid'];

describe('smooth-topk: the threshold equation and the Jacobian', () => {
  let evaluate;
  before(async () => {
    evaluate = createTopkEvaluate(await load({ include: ['vector'] }));
  });

  it('F(λ) falls from about n to about 0 over the scores and equals k at the solved λ', () => {
    for (const method of THRESHOLD) {
      for (const state of [STATE, { ...STATE, k: 1.5, tau: 0.3 }, { ...STATE, x: [0.5, -2, 7, 1, 1], k: 3, tau: 2 }]) {
        const { equation: eq, focus } = evaluate({ ...state, method });
        assert.equal(eq.lambda, focus.threshold);
        assert.ok(Math.abs(eq.F - state.k) <= 1e-9 * state.k, `${method}: F(λ*) = ${eq.F}, k = ${state.k}`);
        assert.ok(eq.points.length >= 97 && eq.points.length <= 97 + 9 * 6);
        for (let i = 1; i < eq.points.length; i++) {
          assert.ok(eq.points[i].lambda > eq.points[i - 1].lambda, 'λ increasing');
          assert.ok(eq.points[i].F <= eq.points[i - 1].F + 1e-12, `${method}: F is nonincreasing`);
        }
        const n = state.x.length;
        assert.ok(eq.points[0].F > n - 0.2 * n && eq.points.at(-1).F < 0.2 * n, `${method}: F spans most of [0, n]`);
        assert.ok(eq.domain[0] <= eq.lambda && eq.lambda <= eq.domain[1], 'the root is inside the domain');
      }
    }
  });

  it('the default x = (3, 2, 1, 4), k = 2 is symmetric about 2.5, so the piecewise root is 2.5', () => {
    const { equation } = evaluate(STATE);
    assert.ok(Math.abs(equation.lambda - 2.5) < 1e-12);
    assert.ok(equation.domain[0] <= 1 - 5 && equation.domain[1] >= 4 + 5, 'five τ past the outer scores');
  });

  it("the article's bisection is drawn on the sigmoid's F at its last probe, off k by its early stop", () => {
    const { equation, focus } = evaluate({ ...STATE, k: 1, method: 'sigmoid-bisection-article' });
    const sigmoid = evaluate({ ...STATE, k: 1, method: 'threshold-sigmoid' }).equation;
    assert.equal(equation.lambda, focus.threshold);
    assert.deepEqual(
      equation.points.filter((p) => p.lambda === 0).map((p) => p.F),
      sigmoid.points.filter((p) => p.lambda === 0).map((p) => p.F),
    );
    // smooth-topk.md §1.5: the last probe's outputs sum to 1.0000011645.
    assert.ok(Math.abs(equation.F - 1.0000011645) < 1e-9, `F at the last probe ${equation.F}`);
  });

  it('methods without a threshold have no equation; an infinite λ is not a crossing', () => {
    for (const method of ['gradtopk', 'gradtopk-recursion', 'iterative-su', 'iterative-weighted']) {
      assert.equal(evaluate({ ...STATE, method }).equation, null, method);
    }
    const none = evaluate({ ...STATE, k: 0 }).equation;
    assert.equal(none.lambda, Infinity);
    assert.equal(none.F, null);
    const inf = evaluate({ ...STATE, extras: [Infinity], k: 2 }).equation;
    assert.ok(Math.abs(inf.F - 2) < 1e-9, 'the +∞ score counts 1 in F');
    assert.deepEqual(inf.scores, [3, 2, 1, 4], 'only finite scores on the axis');
  });

  it('samples densely near each score and the root, even when the spread dwarfs τ', () => {
    const grid = lambdaGrid([0, 5000], 2500, 0.001);
    assert.ok(
      grid.some((l) => Math.abs(l - 5000) < 0.0011 && l !== 5000),
      'points within τ of a score',
    );
    assert.ok(grid.includes(2500));
  });

  it('the Jacobian agrees with central finite differences and its rows and columns sum to 0', () => {
    const h = 1e-6;
    for (const method of [...THRESHOLD, 'gradtopk']) {
      for (const state of [STATE, { ...STATE, x: [0.3, -1.2, 2.5, 0.9, 1.7], k: 2, tau: 0.7 }]) {
        const { jacobian: J } = evaluate({ ...state, method });
        const n = state.x.length;
        for (let j = 0; j < n; j++) {
          const at = (d) => evaluate({ ...state, method, x: state.x.map((v, i) => (i === j ? v + d : v)) }).focus.values;
          const up = at(h);
          const down = at(-h);
          for (let i = 0; i < n; i++) {
            const fd = (up[i] - down[i]) / (2 * h);
            assert.ok(Math.abs(J.data[i * n + j] - fd) < 1e-7, `${method} J[${i}][${j}] = ${J.data[i * n + j]} vs ${fd}`);
          }
        }
        assert.ok(J.zero, `${method}: sums vanish (worst ${J.worst})`);
        assert.ok(J.worst < 1e-14, `${method}: worst sum ${J.worst}`);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < i; j++) assert.ok(Math.abs(J.data[i * n + j] - J.data[j * n + i]) < 1e-14, 'symmetric');
        }
      }
    }
  });

  it('prints the Jacobians of smooth-topk.md §5.4', () => {
    const sigmoid = evaluate({ ...STATE, method: 'threshold-sigmoid' }).jacobian;
    assert.ok(Math.abs(sigmoid.data[0] - 0.1631219979) < 1e-9);
    assert.ok(Math.abs(sigmoid.data[1] - -0.07188171435) < 1e-9);
    const exp = evaluate({ ...STATE, method: 'threshold-exp' }).jacobian;
    assert.deepEqual(exp.data.slice(12), [0, 0, 0, 0], 'the saturated row of min(1, eᵘ) is 0');
    assert.ok(Math.abs(exp.data[0] - 0.2226954265) < 1e-9);
    const grad = evaluate({ ...STATE, method: 'gradtopk' }).jacobian;
    assert.ok(Math.abs(grad.data[0] - 0.212203467) < 1e-9);
  });

  it('has no Jacobian where the library does not differentiate the method or it is not run', () => {
    assert.equal(evaluate({ ...STATE, method: 'gradtopk-recursion' }).jacobian, null);
    assert.equal(evaluate({ ...STATE, method: 'sigmoid-bisection-article' }).jacobian, null);
    assert.equal(evaluate({ ...STATE, method: 'gradtopk', k: 1.5 }).jacobian, null);
    const su = evaluate({ ...STATE, method: 'iterative-su' }).jacobian;
    assert.equal(su.n, 4);
  });

  it('stays cheap at the widget limits (10 scores spread over ±5e3, τ = 0.001)', () => {
    const x = Array.from({ length: 10 }, (_, i) => -5000 + (10000 * i) / 9);
    const state = { ...STATE, x, k: 5, tau: 0.001 };
    for (const method of THRESHOLD) {
      const started = performance.now();
      const { equation, jacobian } = evaluate({ ...state, method });
      const ms = performance.now() - started;
      assert.ok(Math.abs(equation.F - 5) < 1e-6, `${method}: F(λ*) = ${equation.F}`);
      assert.ok(jacobian.zero);
      // Reported, not asserted: tests never fail on wall-clock time.
      console.log(`${method}: all methods + equation + Jacobian at the limits in ${ms.toFixed(2)} ms`);
    }
  });
});
