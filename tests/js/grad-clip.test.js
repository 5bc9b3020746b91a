// Gradient clipping through the JS API on both wasm builds, against shared/math/gradient-clipping.md
// section 6. Tolerances: 1e-15 relative for float64 clipping (a scale and one multiply per entry),
// 1e-6 for float32 (single precision), 1e-13 for the printed 16-digit sweep values.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { VARIANTS, loadVariant, rng } from './variants.js';

const rel = (a, b) => Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);
const flat = (tensors) => tensors.flatMap((t) => [...t]);
const norm = (v) => Math.hypot(...v);

for (const variant of VARIANTS) {
  describe(`gradient clipping (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });

    it('the clip table of 6.1', () => {
      const cases = [
        [[[3, 4]], 1, 5, [0.6, 0.8]],
        [[[3, 4]], 2.5, 5, [1.5, 2]],
        [[[3, 4]], 5, 5, [3, 4]],
        [[[3, 4]], 10, 5, [3, 4]],
        [[[3, 4]], 0, 5, [0, 0]],
        [[[0, 0]], 1, 0, [0, 0]],
        [[[3, -4, 0, 12]], 1, 13, [3 / 13, -4 / 13, 0, 12 / 13]],
        [
          [
            [3, -4, 2, 1],
            [5, -3],
          ],
          5,
          8,
          [1.875, -2.5, 1.25, 0.625, 3.125, -1.875],
        ],
        [[[3e200, 4e200]], 1, 5e200, [0.6, 0.8]],
        [[[3e-200, 4e-200]], 1e-300, 5e-200, [6e-301, 8e-301]],
      ];
      for (const [grads, tau, n, expected] of cases) {
        const r = m.clipByGlobalNorm(
          grads.map((g) => Float64Array.from(g)),
          tau,
        );
        assert.ok(rel(r.norm, n) < 1e-15 || (n === 0 && r.norm === 0), `norm ${r.norm} vs ${n}`);
        flat(r.tensors).forEach((v, i) =>
          assert.ok(
            Math.abs(v - expected[i]) <= 1e-15 * Math.abs(expected[i]) + (expected[i] === 0 ? 0 : 0),
            `${grads} tau ${tau}: ${v} vs ${expected[i]}`,
          ),
        );
        assert.equal(r.tensors.length, grads.length);
      }
      const torch = m.clipByGlobalNorm([[3, 4]], 1, { torchCompat: true });
      assert.ok(rel(torch.tensors[0][0], 0.599999880000024) < 1e-14 && rel(torch.tensors[0][1], 0.799999840000032) < 1e-14);
    });

    it('float32 tensors stay float32; unchanged tensors are bit-identical copies', () => {
      const g = Float32Array.of(0.1, 0.2, 0.3);
      const r = m.clipByGlobalNorm([g], 10);
      assert.ok(r.tensors[0] instanceof Float32Array && !r.clipped && r.scale === 1);
      assert.deepEqual([...r.tensors[0]], [...g]);
      assert.notEqual(r.tensors[0], g);
      const c = m.clipByGlobalNorm([Float32Array.of(3e30, 4e30)], 1);
      assert.ok(rel(c.norm, 5e30) < 1e-6 && rel(c.tensors[0][0], 0.6) < 1e-6);
    });

    it('per-tensor and by-value variants', () => {
      const p = m.clipPerTensor(
        [
          [3, 4],
          [0.3, 0.4],
        ],
        1,
      );
      assert.deepEqual([...p.norms], [5, 0.5]);
      assert.ok(rel(p.tensors[0][0], 0.6) < 1e-15 && p.tensors[1][0] === 0.3);
      const v = m.clipByValue(
        [
          [3, -4, 0.5],
          [NaN, Infinity],
        ],
        1,
      );
      assert.deepEqual([...v[0]], [1, -1, 0.5]);
      assert.ok(Number.isNaN(v[1][0]) && v[1][1] === 1);
    });

    it('non-finite gradients follow the documented policy', () => {
      const r = m.clipByGlobalNorm([[1, NaN]], 1);
      assert.ok(!r.finite && Number.isNaN(r.norm) && r.scale === 1 && r.tensors[0][0] === 1);
      assert.throws(() => m.clipByGlobalNorm([[1, Infinity]], 1, { nonFinite: 'error' }), /^RangeError: clipByGlobalNorm: /);
      const lim = m.clipByGlobalNorm([[Infinity, 2, -Infinity]], 1, { nonFinite: 'inf-limit' });
      assert.ok(rel(lim.tensors[0][0], Math.SQRT1_2) < 1e-15 && lim.tensors[0][1] === 0 && rel(lim.tensors[0][2], -Math.SQRT1_2) < 1e-15);
      assert.equal(m.clipByGlobalNorm([], 1).norm, 0);
    });

    it('learning-rate clipping (6.3), sign statistics and the sweep (6.4), the first-order step (6.2)', () => {
      const lr = [
        [0.1, [3, 4], [3, 4], 1, 0.004],
        [0.1, [0.3, 0.4], [0.3, 0.4], 1, 0.1],
        [0.1, [1, 1], [-0.5, -0.2], 1, 0.1],
      ];
      for (const [eta, u, g, T, expected] of lr) assert.ok(rel(m.clipLrByInnerProduct(eta, u, g, T).lr, expected) < 1e-15);
      const s = m.signStats([3, -4]);
      assert.equal(s.l1, 7);
      assert.equal(s.l2, 5);
      assert.ok(rel(s.cosine, 0.9899494936611665) < 1e-15);
      const rows = m.adamScaleSweep([10, 100, 1000, 10000]);
      const expected = [
        [2.607283163366026, 0.8244953301245527, 3.835410031601596e-4],
        [8.009155321383228, 0.8009155321383228, 1.248571116270092e-4],
        [25.24216161758323, 0.7982272377764317, 3.961625851026238e-5],
        [79.79215989223348, 0.7979215989223348, 1.2532559606740691e-5],
      ];
      rows.forEach((row, i) => {
        assert.ok(
          rel(row.l1, expected[i][0]) < 1e-13 && rel(row.cosine, expected[i][1]) < 1e-13 && rel(row.lr, expected[i][2]) < 1e-13,
          `N=${row.n}`,
        );
      });
      const step = m.quadraticStepLossChange([1, 1], [3, 4], [3, 4], 0.01);
      assert.ok(rel(step.exact, -0.24875) < 1e-14 && rel(step.firstOrder, -0.25) < 1e-15);
    });

    it('invariants on random gradients across scales (6.5)', () => {
      const next = rng(3);
      for (let trial = 0; trial < 200; trial++) {
        const scale = 10 ** (next() * 40 - 20);
        const grads = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
          Float64Array.from({ length: Math.floor(next() * 50) }, () => (next() - 0.5) * scale),
        );
        const tau = next() * scale * 5;
        const r = m.clipByGlobalNorm(grads, tau);
        const out = flat(r.tensors);
        const n = r.norm;
        assert.ok(rel(norm(out) || 0, Math.min(n, tau)) < 1e-14 || Math.min(n, tau) === 0, 'norm capped');
        flat(grads).forEach((v, i) => assert.ok(out[i] === v * r.scale, 'one scale for every entry'));
        const twice = m.clipByGlobalNorm(r.tensors, tau);
        flat(twice.tensors).forEach((v, i) => assert.ok(Math.abs(v - out[i]) <= 1e-15 * Math.abs(out[i]), 'idempotent'));
      }
    });

    it('simulations run and report the curves the widget plots', () => {
      const t = m.simulateTraining({ problem: 'quadratic', steps: 50, clipNorm: 1, seed: 7 });
      assert.equal(t.loss.length, 51);
      assert.equal(t.gradNorm.length, 50);
      assert.ok(t.loss[50] < t.loss[0], 'training reduces the loss');
      assert.deepEqual(m.simulateTraining({ problem: 'quadratic', steps: 50, clipNorm: 1, seed: 7 }).loss, t.loss, 'seeded');
      const s = m.simulateTraining({ problem: 'softmax', optimizer: 'adam', lr: 0.01, steps: 40 });
      for (const g of s.gradNorm) assert.ok(g <= s.gradientBound * (1 + 1e-12), 'the bound of section 3.5');
    });

    it('clear errors naming the argument', () => {
      const rejects = (call, Type, pattern) => assert.throws(call, (e) => e instanceof Type && pattern.test(e.message), String(pattern));
      rejects(() => m.clipByGlobalNorm([[1, 2]], -1), RangeError, /^clipByGlobalNorm: .*max_?[nN]orm/);
      rejects(() => m.clipByGlobalNorm([[1, 2]], NaN), RangeError, /max_?[nN]orm/);
      rejects(
        () => m.clipByGlobalNorm([Float32Array.of(1), Float64Array.of(1)], 1),
        TypeError,
        /^clipByGlobalNorm: grads\[1\] is float64 but grads\[0\] is float32/,
      );
      rejects(() => m.clipByGlobalNorm('g', 1), TypeError, /^clipByGlobalNorm: grads must be an array/);
      rejects(() => m.clipByGlobalNorm([[1, 'a']], 1), TypeError, /^clipByGlobalNorm: grads\[0\]\[1\] is not a number/);
      rejects(() => m.clipByGlobalNorm([[1]], '1'), TypeError, /^clipByGlobalNorm: maxNorm must be a number/);
      rejects(() => m.clipByGlobalNorm([[1]], 1, { nonFinite: 'ignore' }), RangeError, /nonFinite must be one of/);
      rejects(() => m.simulateTraining({ steps: -3 }), RangeError, /^simulateTraining: steps must be an integer/);
      rejects(() => m.simulateTraining({ optimizer: 'rmsprop' }), RangeError, /optimizer must be one of/);
      assert.equal(m.globalNorm([[3, 4]]), 5);
    });
  });
}
