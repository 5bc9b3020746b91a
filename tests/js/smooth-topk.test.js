// Smooth top-k through the JS API on both wasm builds, against shared/math/smooth-topk.md section 5.
// Tolerances: the file's vectors are printed to 12-15 significant digits, so point values are
// compared to 1e-11 absolute (1e-12 where 15 digits are given); sums to 1e-12 * k; Jacobian entries,
// quoted to ~10 digits, to 1e-9; finite differences (h = 1e-6) to 1e-7.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { VARIANTS, loadVariant, rng } from './variants.js';

const X = [3, 2, 1, 4];

function near(actual, expected, tol, label = '') {
  assert.equal(actual.length, expected.length, `${label}: length`);
  expected.forEach((v, i) => assert.ok(Math.abs(actual[i] - v) <= tol, `${label}[${i}]: ${actual[i]} vs ${v}`));
}

for (const variant of VARIANTS) {
  describe(`smoothTopK (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });

    it('hard top-k and its tie rules', () => {
      assert.deepEqual([...m.hardTopK(X, 2)], [1, 0, 0, 1]);
      assert.deepEqual([...m.hardTopK([1, 1, 0], 1)], [0.5, 0.5, 0]);
      assert.deepEqual([...m.hardTopK([1, 1, 0], 1, { ties: 'lower-index' })], [1, 0, 0]);
      assert.equal(m.topKSum(X, 2), 7);
    });

    it('exact rational oracles of 5.1 (x = log w, w = 1..4)', () => {
      const x = [1, 2, 3, 4].map(Math.log);
      near(
        m.smoothTopK(x, 2, { method: 'gradtopk' }).values,
        [9, 16, 21, 24].map((v) => v / 35),
        1e-14,
        'grad k=2',
      );
      near(m.smoothTopK(x, 3, { method: 'gradtopk' }).values, [0.52, 0.76, 0.84, 0.88], 1e-14, 'grad k=3');
      const e2 = m.smoothTopK(x, 2, { method: 'threshold-exp' });
      near(e2.values, [0.2, 0.4, 0.6, 0.8], 1e-14, 'exp k=2');
      assert.ok(Math.abs(e2.threshold - Math.log(5)) < 1e-14);
      const s7 = Math.sqrt(7);
      const pw = m.smoothTopK(x, 2); // default method: threshold-piecewise
      assert.equal(pw.method, 'threshold-piecewise');
      near(pw.values, [s7 / 12, s7 / 6, 1 - 1 / s7, 1 - 3 / (4 * s7)], 1e-14, 'piecewise k=2');
      assert.ok(Math.abs(pw.threshold - 0.8188043947003983) < 1e-14);
      const sg = m.smoothTopK(x, 2, { method: 'threshold-sigmoid' });
      near(sg.values, [0.31003569765201355, 0.47332404484502639, 0.57411487891957636, 0.64252537858338371], 1e-13, 'sigmoid');
      assert.ok(Math.abs(Math.exp(sg.threshold) - 2.2254350307828349) < 1e-13);
    });

    it('GradTopK and ThreTopK rows of 5.2 and 5.3', () => {
      const g = m.smoothTopK(X, 2, { method: 'gradtopk', tau: 0.5 });
      near(g.values, [0.86892330218296, 0.13107669781704, 0.0179862099620916, 0.982013790037908], 1e-12, 'grad tau .5');
      assert.ok(Math.abs(g.logZ - 14.1610815564177) < 1e-11);
      assert.ok(Math.abs(m.smoothTopK(X, 2, { method: 'gradtopk' }).smoothSum - 7.53453397548735) < 1e-12);
      const cases = [
        ['threshold-exp', 1.5, 1, [0.355324227134865, 0.130716478113049, 0.0480879049201275, 0.965871389831958], 4.034724590453031],
        ['threshold-sigmoid', 3, 1, [0.869210990814691, 0.709715041864026, 0.473524905943381, 0.947549061377902], 1.10599951480731],
        ['threshold-piecewise', 2, 0.5, [0.816060279414279, 0.183939720585721, 0.024893534183932, 0.975106465816068], 2.5],
        [
          'threshold-piecewise',
          1,
          0.1,
          [0.00336889702309475, 1.52947688225546e-7, 6.94381430277422e-12, 0.996630950022273],
          3.50000227004801,
        ],
      ];
      for (const [method, k, tau, p, lambda] of cases) {
        const r = m.smoothTopK(X, k, { method, tau });
        near(r.values, p, 1e-12, `${method} k=${k} tau=${tau}`);
        assert.ok(Math.abs(r.threshold - lambda) < 1e-11, `${method} lambda ${r.threshold}`);
        assert.ok(Math.abs(r.sum - k) < 1e-12 * k);
      }
    });

    it('vector-Jacobian products match 5.4 and the Jacobian is symmetric with zero row sums', () => {
      const v = [0.3, -1, 0.5, 2];
      const g = m.smoothTopK(X, 2, { method: 'gradtopk' });
      near(g.vjp(v), [0.118374128974175, -0.372129859461039, 0.0107207492301567, 0.243034981256707], 1e-13, 'grad vjp');
      near(
        m.smoothTopK(X, 2, { method: 'gradtopk', tau: 0.5 }).vjp(v),
        [0.24314043383682, -0.342920828018206, 0.00540746678735674, 0.0943729273940288],
        1e-13,
        'grad vjp tau .5',
      );
      const J = m.smoothTopK(X, 2, { method: 'threshold-piecewise' }).jacobian();
      near(J.data.slice(0, 4), [0.1924129694, -0.1108523605, -0.04078030443, -0.04078030443], 1e-9, 'piecewise J row 0');
      for (let i = 0; i < 4; i++) {
        let row = 0;
        for (let j = 0; j < 4; j++) {
          row += J.data[i * 4 + j];
          assert.equal(J.data[i * 4 + j], J.data[j * 4 + i]);
        }
        assert.ok(Math.abs(row) < 1e-15);
      }
    });

    it('VJPs match central finite differences for every smooth method', () => {
      const next = rng(5);
      for (const method of ['gradtopk', 'threshold-piecewise', 'threshold-sigmoid', 'iterative-su', 'iterative-weighted']) {
        const x = Array.from({ length: 6 }, () => next() * 4);
        const pbar = Array.from({ length: 6 }, () => next() - 0.5);
        const vjp = m.smoothTopK(x, 2, { method }).vjp(pbar);
        const h = 1e-6;
        for (let i = 0; i < 6; i++) {
          const up = x.slice();
          up[i] += h;
          const down = x.slice();
          down[i] -= h;
          const fu = m.smoothTopK(up, 2, { method }).values;
          const fd = m.smoothTopK(down, 2, { method }).values;
          const directional = pbar.reduce((a, w, j) => a + (w * (fu[j] - fd[j])) / (2 * h), 0);
          assert.ok(Math.abs(directional - vjp[i]) < 1e-7, `${method} d/dx${i}: ${directional} vs ${vjp[i]}`);
        }
      }
    });

    it('the iterative schemes fail as the article shows (5.5)', () => {
      const i1 = m.smoothTopK([0, 1, 10], 2, { method: 'iterative-su' });
      near(i1.values, [0.211926153336278, 0.57600394989317, 1.21206989677055], 1e-12, 'I1 counterexample');
      assert.ok(i1.maxEntry > 1);
      const i2 = m.smoothTopK(X, 2, { method: 'iterative-weighted', tau: 0.1 });
      near(i2.values, [0.500022697904, 2.27020258477e-5, 1.03067038108e-9, 1.49995459904], 1e-11, 'I2 tau .1');
      assert.equal(i2.iterates.rows, 3);
      const rec = m.smoothTopK([0, 50, 100], 2, { method: 'gradtopk-recursion' });
      assert.ok(Math.abs(rec.sum - 2) > 0.5 || rec.values.some((v) => v > 1), 'the article recursion breaks at large spread');
      const art = m.smoothTopK(X, 1, { method: 'sigmoid-bisection-article' });
      assert.ok(Math.abs(art.sum - 1) > 1e-9, `the 20-step listing misses sum = k (${art.sum})`);
    });

    it('stress and non-finite cases of 5.6', () => {
      near(m.smoothTopK([0, 50, 100], 2, { method: 'gradtopk' }).values, [1.9287498479639178e-22, 1, 1], 1e-15, 'spread');
      const s = m.smoothTopK([0, 1000, 2000, 3000], 2, { method: 'threshold-sigmoid' });
      assert.ok(Math.abs(s.threshold - 1500) < 1e-9 && Math.abs(s.values[1] / 7.1245764067412855e-218 - 1) < 1e-9);
      near(
        m.smoothTopK([0, -Infinity, 1, 2], 2, { method: 'gradtopk' }).values,
        [0.334759044225178, 0, 0.755271528945202, 0.90996942682962],
        1e-14,
        '-inf',
      );
      near(
        m.smoothTopK([Infinity, 0, 1], 2, { method: 'threshold-piecewise' }).values,
        [1, 0.303265329856317, 0.696734670143683],
        1e-14,
        '+inf',
      );
      assert.ok([...m.smoothTopK([NaN, 1, 2], 1).values].every(Number.isNaN));
      for (const method of ['gradtopk', 'threshold-exp', 'threshold-sigmoid', 'threshold-piecewise']) {
        near(m.smoothTopK([2, 1, 1, 0], 2, { method, tau: 0.01 }).values, [1, 0.5, 0.5, 0], 1e-12, `ties ${method}`);
      }
      assert.deepEqual([...m.smoothTopK([1, 2, 3], 0).values], [0, 0, 0]);
      assert.deepEqual([...m.smoothTopK([1, 2, 3], 3).values], [1, 1, 1]);
    });

    it('sums to k, stays in [0, 1], keeps order, tends to hard top-k and k/n (5.7)', () => {
      const next = rng(77);
      for (let trial = 0; trial < 100; trial++) {
        const n = 1 + Math.floor(next() * 12);
        const k = Math.floor(next() * (n + 1));
        const scale = 10 ** (next() * 4 - 2);
        const tau = 10 ** (next() * 2 - 1);
        const x = Array.from({ length: n }, () => (next() - 0.5) * scale);
        const spread = Math.max(...x) - Math.min(...x);
        const tol = Math.max(1e-12, (100 * Number.EPSILON * (k + 1) * spread) / tau);
        for (const method of ['gradtopk', 'threshold-exp', 'threshold-sigmoid', 'threshold-piecewise']) {
          const { values, sum } = m.smoothTopK(x, k, { method, tau });
          assert.ok(Math.abs(sum - k) <= tol * n, `${method}: sum ${sum} vs ${k}`);
          for (const v of values) assert.ok(v >= 0 && v <= 1, `${method}: ${v}`);
          const order = [...x.keys()].sort((a, b) => x[a] - x[b]);
          for (let i = 1; i < n; i++) assert.ok(values[order[i]] >= values[order[i - 1]] - tol, `${method}: order`);
        }
      }
      const cold = m.smoothTopK(X, 2, { tau: 1e-3 }).values;
      near(cold, [1, 0, 0, 1], 1e-12, 'tau -> 0');
      const hot = m.smoothTopK(X, 2, { tau: 1e6 }).values;
      near(hot, [0.5, 0.5, 0.5, 0.5], 1e-5, 'tau -> inf');
    });

    it("I2's Jacobian: right at small tau on the defaults, a RangeError naming tau where later rounds lose the digits", () => {
      // 300-digit central differences (mpmath) of the exact-complement rounds, k = 2, tau = 0.01.
      const J = m.smoothTopK(X, 2, { method: 'iterative-weighted', tau: 0.01 }).jacobian();
      near(J.data.slice(0, 4), [5.5801139640312539e-42, -1.860037988010418e-42, -6.9194826336836877e-86, -3.720075976020836e-42], 1e-54);
      assert.throws(
        () => m.smoothTopK([14, 7, -13, -8], 3, { method: 'iterative-weighted', tau: 0.3 }).jacobian(),
        (e) =>
          e instanceof RangeError &&
          /^smoothTopK: tau = 0\.3 is too small for these scores: rounding would leave the Jacobian's entries wrong by .* of its largest; tau must be at least 0\.81\d* here$/.test(
            e.message,
          ),
      );
      const I2 = m.smoothTopK([14, 7, -13, -8], 3, { method: 'iterative-weighted', tau: 0.3 });
      assert.throws(() => I2.vjp([1, 0, 0, 0]), RangeError);
      assert.equal(I2.values.length, 4, 'the values are still computed');
    });

    it('clear errors naming the argument', () => {
      const rejects = (call, Type, pattern) => assert.throws(call, (e) => e instanceof Type && pattern.test(e.message), String(pattern));
      rejects(() => m.smoothTopK(X, 5), RangeError, /^smoothTopK: k = 5 is out of range for n = 4/);
      rejects(() => m.smoothTopK(X, -1), RangeError, /^smoothTopK: k = -1 is out of range/);
      rejects(() => m.smoothTopK(X, '2'), TypeError, /^smoothTopK: k must be a number/);
      rejects(() => m.smoothTopK(X, 2, { tau: 0 }), RangeError, /^smoothTopK: tau/);
      rejects(() => m.smoothTopK(X, 2, { method: 'softsort' }), RangeError, /^smoothTopK: method must be one of/);
      rejects(() => m.smoothTopK(X, 1.5, { method: 'gradtopk' }), RangeError, /^smoothTopK: .*k/);
      rejects(() => m.smoothTopK(X, 2, { method: 'gradtopk' }).vjp([1, 2]), RangeError, /^smoothTopK: .*/);
      rejects(() => m.hardTopK(X, 2, { ties: 'random' }), RangeError, /^hardTopK: ties must be one of/);
      assert.deepEqual([...m.hardTopK(X, 1)], [0, 0, 0, 1]); // still usable
    });
  });
}
