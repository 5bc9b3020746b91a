// The data behind <mathlet-logsumexp>'s pair views and numerics panel, in Node against the wasm
// core, checked against independent references: the oracles of logsumexp.md §5.1 and §5.3, and
// brute force (a max-shifted log-sum-exp written here, in plain doubles).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { load } from '../../web/src/core/index.js';
import { attained } from '../../web/src/widgets/logsumexp/lipschitz-plot.js';
import { shifted } from '../../web/src/widgets/logsumexp/lipschitz-view.js';
import { blend, createSegmentCurve, evaluate, surfaceGrid, surfaceWindow } from '../../web/src/widgets/logsumexp/logsumexp-compute.js';
import { judge, naiveLse, shiftedLse } from '../../web/src/widgets/logsumexp/naive-lse.js';
import { levels } from '../../web/src/widgets/logsumexp/smooth-max-surface.js';

// Brute force: the max-shifted log-sum-exp at temperature tau, with log1p for the rest.
function reference(x, tau = 1) {
  const m = Math.max(...x);
  const rest = x.reduce((s, a) => s + Math.exp((a - m) / tau), 0) - 1;
  return m + tau * Math.log1p(rest);
}
const near = (actual, expected, tol, what) =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
const state = (x, y, extra = {}) => ({ x, y, tau: 1, t: 3, p: null, mix: 0.5, ...extra });

let core;
before(async () => {
  core = await load({ include: ['vector'] });
});

describe('logsumexp Lipschitz view (R7)', () => {
  it('gives the pair of logsumexp.md §5.3 from the widget evaluate path', () => {
    const { pair } = evaluate(state([1, 2, 3], [1.5, 1, 3.2]), { core }).result;
    near(pair.lseY, 3.457341426815969, 1e-14, 'lse(y)');
    near(pair.diff, -0.049735462371588602, 1e-14, 'difference');
    assert.deepEqual([pair.diffMin, pair.diffMax, pair.maxNorm], [-0.5, 1, 1]);
    for (const [x, y, diff, lo, hi] of [
      [[0, 10], [1, -5], 8.99756971376149, -1, 15],
      [[5, 0, 0], [4, 3, -2], 0.698313741056198, -3, 2],
    ]) {
      const r = evaluate(state(x, y), { core }).result.pair;
      near(r.diff, diff, 1e-13, `difference for ${x}, ${y}`);
      assert.deepEqual([r.diffMin, r.diffMax], [lo, hi]);
      assert.ok(lo <= r.diff && r.diff <= hi && Math.abs(r.diff) <= r.maxNorm);
    }
  });
  it('the shift button y = x + c·1 attains the bound: |difference| = ‖x − y‖∞ = |c|', () => {
    for (const [x, c, tau] of [
      [[1, 2, 3], 0.7, 1],
      [[0.1, -2.5, 7, 7, 3.25], -3.3, 0.01],
      [[1000, -1000], 12, 100],
    ]) {
      const { result } = evaluate(state(x, shifted(x, c), { tau }), { core });
      near(Math.abs(result.pair.diff), Math.abs(c), 1e-12, `|difference| for c = ${c}`);
      assert.ok(attained(result.pair, result.lse), `attained for c = ${c}`);
    }
    const { result } = evaluate(state([1, 2, 3], [1.5, 1, 3.2]), { core });
    assert.equal(attained(result.pair, result.lse), false);
  });
  it('refuses a y entry that overflowed, naming it', () => {
    assert.throws(
      () => evaluate(state([1, 2], [1, Infinity]), { core }),
      (e) => e.say({ t: (key, p) => `${key} ${p.name}` }) === 'status.notFinite y₂',
    );
  });
});

describe('logsumexp convexity view (R8)', () => {
  it('gives logsumexp.md §5.3 at x = (1, 2, 3), y = (3, −1, 0), weight 0.3', () => {
    const { pair } = evaluate(state([1, 2, 3], [3, -1, 0], { mix: 0.3 }), { core }).result;
    near(pair.chord, 3.1684005219635145, 1e-14, 'chord');
    near(pair.lseMix, 2.6663678998071337, 1e-14, 'lse at the mixed point');
    near(pair.lseY, 3.0658839037574292, 1e-14, 'lse(y)');
  });
  it('the curve matches brute force, ends at lse(y) and lse(x), and stays under the chord', () => {
    const curveFor = createSegmentCurve(core);
    const [x, y, tau] = [[1, 2, 3], [3, -1, 0], 0.5];
    const curve = curveFor(x, y, tau);
    assert.equal(curve.length, 101);
    assert.equal(curveFor(x, y, tau), curve, 'reused for the same x, y and tau');
    const [lx, ly] = [reference(x, tau), reference(y, tau)];
    for (const { lambda, lse } of curve) {
      const point = x.map((a, i) => lambda * a + (1 - lambda) * y[i]);
      near(lse, reference(point, tau), 1e-14, `lse at λ = ${lambda}`);
      assert.ok(lse <= lambda * lx + (1 - lambda) * ly + 1e-14, `under the chord at λ = ${lambda}`);
    }
    near(curve[0].lse, ly, 1e-15, 'λ = 0 is y');
    near(curve[100].lse, lx, 1e-15, 'λ = 1 is x');
    assert.deepEqual(blend(0.25, [4, 8], [0, 0]), [1, 2]);
  });
  it('is a straight line when y − x is a multiple of 1', () => {
    const x = [0.3, -1.2, 2, 2];
    const y = shifted(x, -1.75);
    const curve = createSegmentCurve(core)(x, y, 0.2);
    const [lx, ly] = [curve[100].lse, curve[0].lse];
    for (const { lambda, lse } of curve) near(lse, lambda * lx + (1 - lambda) * ly, 1e-14, `on the chord at λ = ${lambda}`);
  });
});

describe('logsumexp smooth-max surface', () => {
  it('every grid value is lse_tau of its two coordinates (brute force), max and gap beside it', () => {
    for (const [a, b, tau] of [
      [1, 2, 1],
      [-3, 4, 0.05],
      [1000, -1000, 100],
      [0.5, 0.5, 1000],
    ]) {
      const g = surfaceGrid(core, a, b, tau);
      assert.ok(g.lo < Math.min(a, b) && Math.max(a, b) < g.hi, 'the point is inside the window');
      assert.deepEqual(surfaceWindow(a, b), { lo: g.lo, hi: g.hi });
      const scale = Math.max(Math.abs(g.lo), Math.abs(g.hi), tau);
      for (let j = 0; j < g.side; j += 3) {
        for (let i = 0; i < g.side; i += 2) {
          const at = j * g.side + i;
          const [u, v] = [g.u[i], g.u[j]];
          const want = reference([u, v], tau);
          assert.ok(Math.abs(g.lse[at] - want) <= 1e-13 * scale, `lse at (${u}, ${v}), tau ${tau}: ${g.lse[at]} vs ${want}`);
          assert.equal(g.max[at], Math.max(u, v));
          assert.ok(g.gap[at] >= 0 && g.gap[at] <= tau * Math.LN2 * (1 + 1e-15), 'R2: 0 <= gap <= tau log 2');
        }
        near(g.gap[j * g.side + j], tau * Math.LN2, 1e-15, 'the gap on the diagonal is tau log 2');
      }
      near(g.point.lse, reference([a, b], tau), 1e-15, 'the dot');
      assert.equal(g.point.max, Math.max(a, b));
    }
  });
  it('levels are round numbers inside the range', () => {
    assert.deepEqual(levels(0, 7, 7), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(levels(-1.3, 2.9, 5), [-1, 0, 1, 2]);
    assert.deepEqual(levels(0, Math.LN2, 6), [0, 0.2, 0.4, 0.6000000000000001]);
  });
});

describe('logsumexp numerics panel', () => {
  const stable = (x) => core.logsumexp(x);
  it('the naive sum overflows to ∞ or underflows to log 0 = −∞ where §5.1 says it does', () => {
    assert.deepEqual(naiveLse([1000, 1000], 1), { sum: Infinity, value: Infinity });
    assert.equal(judge(naiveLse([1000, 1000], 1), stable([1000, 1000])).status, 'overflow');
    assert.deepEqual(naiveLse([-1000, -1000], 1), { sum: 0, value: -Infinity });
    assert.equal(judge(naiveLse([-1000, -1000], 1), stable([-1000, -1000])).status, 'underflow');
    assert.equal(judge(naiveLse([710, 709], 1), stable([710, 709])).status, 'overflow');
    near(shiftedLse([710, 709], 1).value, 710.31326168751822, 1e-15, 'the shifted sum survives (710, 709)');
    near(stable([1000, 1000]), 1000.6931471805599, 1e-15, 'stable (1000, 1000)');
    near(stable([-1000, -1000]), -999.30685281944005, 1e-15, 'stable (−1000, −1000)');
  });
  it('(0, −40): both plain-log forms round the correction away, the core keeps it', () => {
    const exact = 4.248354255291589e-18;
    assert.ok(Math.abs(stable([0, -40]) - exact) <= 1e-15 * exact, `core ${stable([0, -40])}`);
    for (const scheme of [naiveLse([0, -40], 1), shiftedLse([0, -40], 1)]) {
      assert.equal(scheme.value, 0);
      assert.deepEqual(judge(scheme, stable([0, -40])), { status: 'rounding', relative: 1 });
    }
  });
  it('where nothing goes wrong, all three agree', () => {
    for (const [x, tau] of [
      [[1, 2, 3], 1],
      [[-1, 0, 1, 2, 5], 0.25],
    ]) {
      const want = core.logsumexp(x, { tau });
      assert.equal(judge(naiveLse(x, tau), want).status, 'ok');
      assert.equal(judge(shiftedLse(x, tau), want).status, 'ok');
    }
    assert.equal(
      judge(naiveLse([1, 2, 3], 0.001), core.logsumexp([1, 2, 3], { tau: 0.001 })).status,
      'overflow',
      'x/τ overflows at small τ',
    );
  });
});
