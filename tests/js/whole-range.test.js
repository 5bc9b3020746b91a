// Issue 14, "the whole double range", through the JS API on both wasm builds: magnitudes from 1e-300 to
// 1e300 and spread / tau past the largest double. Oracles are exact (powers of two, integer matrices with
// integer inverses) or computed here on a small cluster whose far neighbours decide exactly.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { VARIANTS, loadVariant } from './variants.js';

const MAX = Number.MAX_VALUE;
const pow2 = (e) => 2 ** e; // exact for -1074 <= e <= 1023

const F = {
  'threshold-exp': (u) => (u >= 0 ? 1 : Math.exp(u)),
  'threshold-piecewise': (u) => (u >= 0 ? 1 - Math.exp(-u) / 2 : Math.exp(u) / 2),
  'threshold-sigmoid': (u) => (u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u))),
};

// p_i = f(d_i - lambda) with sum p = k, by bisection on a cluster of small offsets d.
function thresholdOracle(d, k, f) {
  let lo = Math.min(...d) - 60;
  let hi = Math.max(...d) + 60;
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    const sum = d.reduce((s, v) => s + f(v - mid), 0);
    if (sum > k) lo = mid;
    else hi = mid;
  }
  return d.map((v) => f(v - (lo + hi) / 2));
}

function closeRel(actual, expected, rel, label) {
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300), `${label}: ${actual} vs ${expected}`);
}

// A cluster s * d (d small integers, s = 2^e, exact) at tau = s, with far entries that decide exactly.
function problem(e, far) {
  const s = pow2(e);
  const d = [3, 1, 0, -2];
  const x = d.map((v) => v * s);
  const farAbove = far.filter((v) => v > 0 && v / s > 1e5);
  const farBelow = far.filter((v) => v < 0 && -v / s > 1e5);
  return { x: [...farAbove, ...x, ...farBelow], d, tau: s, above: farAbove.length, below: farBelow.length };
}

const FAR = [MAX, 1e300, -MAX, -1e200];

for (const variant of VARIANTS) {
  describe(`the whole double range (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });

    it('threshold methods: the cluster against bisection, far entries exactly 0 / 1, sum k, at tau = 2^-1070 .. 2^1000', () => {
      for (let e = -1070; e <= 1000; e += 41) {
        const pr = problem(e, FAR);
        for (const kc of [0.5, 1, 2.25]) {
          const k = pr.above + kc;
          for (const method of Object.keys(F)) {
            for (const solver of method === 'threshold-sigmoid' ? ['newton', 'bisection'] : ['closed-form', 'newton']) {
              const label = `${method}/${solver} tau 2^${e} k ${k}`;
              const r = m.smoothTopK(pr.x, k, { method, solver, tau: pr.tau });
              const want = thresholdOracle(pr.d, kc, F[method]);
              for (let i = 0; i < pr.above; i++) assert.equal(r.values[i], 1, label);
              want.forEach((w, j) => closeRel(r.values[pr.above + j], w, 1e-12, `${label} [${j}]`));
              for (let i = pr.above + pr.d.length; i < pr.x.length; i++) assert.equal(r.values[i], 0, label);
              closeRel(r.sum, k, 1e-13, `${label} sum`);
              if (r.converged !== undefined) assert.equal(r.converged, true, label);
            }
          }
        }
      }
    });

    it('threshold closed forms where lambda is 2^53 .. 2^1000 tau from the largest entry', () => {
      for (let e = 50; e <= 1020; e += 30) {
        for (const method of ['threshold-exp', 'threshold-piecewise']) {
          const r = m.smoothTopK([pow2(e), 1, 0], 1.5, { method });
          const want = thresholdOracle([1, 0], 0.5, F[method]);
          assert.equal(r.values[0], 1);
          closeRel(r.values[1], want[0], 1e-14, `${method} 2^${e}`);
          closeRel(r.values[2], want[1], 1e-14, `${method} 2^${e}`);
        }
      }
    });

    it('GradTopK: k = 1 is the softmax of the cluster, one far entry above makes k = 2 the same, order kept', () => {
      const d = [3, 1, 0, -2];
      const w = d.map(Math.exp);
      const soft = w.map((v) => v / w.reduce((a, b) => a + b));
      for (let e = -1070; e <= 1000; e += 41) {
        const s = pow2(e);
        const below = [-MAX, -1e250].filter((v) => -v / s > 1e5);
        const above = [MAX].filter((v) => v / s > 1e5);
        const x1 = [...d.map((v) => v * s), ...below];
        const r1 = m.smoothTopK(x1, 1, { method: 'gradtopk', tau: s });
        soft.forEach((p, j) => closeRel(r1.values[j], p, 1e-13, `k=1 tau 2^${e} [${j}]`));
        below.forEach((_, j) => assert.equal(r1.values[d.length + j], 0));
        const x2 = [...above, ...x1];
        const r2 = m.smoothTopK(x2, 1 + above.length, { method: 'gradtopk', tau: s });
        if (above.length) assert.equal(r2.values[0], 1);
        soft.forEach((p, j) => closeRel(r2.values[above.length + j], p, 1e-13, `k=2 tau 2^${e} [${j}]`));
        for (let i = 1; i < x2.length; i++) assert.ok(r2.values[i - 1] >= r2.values[i], `order at tau 2^${e}`);
      }
    });

    const M0 = [
      [1, 2, 3],
      [0, 1, 4],
      [5, 6, 0],
    ];
    const INV = [
      [-24, 18, 5],
      [20, -15, -4],
      [-5, 4, 1],
    ]; // det M0 = 1
    const scaled = (A, e) => A.map((row) => row.map((v) => v * pow2(e)));

    it("pinv method 'cod': the exact inverse at every scale 2^-1000 .. 2^1000", () => {
      for (let e = -1000; e <= 1000; e += 50) {
        const r = m.pinv(scaled(M0, e), { method: 'cod' });
        assert.equal(r.rank, 3, `rank at 2^${e}`);
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 3; j++) {
            const got = r.pinv.data[i * 3 + j] * pow2(e / 2) * pow2(e / 2);
            assert.ok(Math.abs(got - INV[i][j]) <= 1e-12 * 24, `cod 2^${e} (${i}, ${j}): ${got}`);
          }
      }
    });

    it("CUR 'pivoted-qr' and 'norm-top' choose the same rows and columns at every scale", () => {
      const M = [
        [1, -7, 2, 0, 3],
        [4, 1, -1, 5, 0],
        [0, 2, 6, -3, 1],
        [2, 0, 1, 1, -8],
      ];
      // Exact squared column norms 21, 54, 42, 35, 74 and row norms 63, 43, 50, 70: norm-top r = 2 takes
      // columns 4, 1 and rows 3, 0.
      for (let e = -1000; e <= 1000; e += 100) {
        const A = scaled(M, e);
        const nt = m.cur(A, 2, { select: 'norm-top' });
        assert.deepEqual([...nt.colSelection.order], [4, 1], `norm-top cols 2^${e}`);
        assert.deepEqual([...nt.rowSelection.order], [3, 0], `norm-top rows 2^${e}`);
        const qr = m.cur(A, 2, { select: 'pivoted-qr' });
        assert.equal(qr.colSelection.order[0], 4, `pivoted-qr first column 2^${e}`); // the largest norm
        assert.equal(qr.rowSelection.order[0], 3, `pivoted-qr first row 2^${e}`);
        assert.equal(qr.colSelection.flagged, false, `pivoted-qr rank at 2^${e}`);
        const ref = m.cur(M, 2, { select: 'pivoted-qr' });
        assert.deepEqual([...qr.colSelection.order], [...ref.colSelection.order]);
        assert.deepEqual([...qr.rowSelection.order], [...ref.rowSelection.order]);
      }
    });

    it('pinvEig refuses A^T A underflow with the range, and is right above it', () => {
      assert.throws(
        () => m.pinvEig(scaled(M0, -500)),
        (e) => e instanceof RangeError && /^pinvEig: .*\[3\.2e-145, 1e154\]/.test(e.message),
      );
      const r = m.pinvEig(scaled(M0, -470));
      assert.equal(r.rank, 3);
      assert.ok(Math.abs(r.pinv.data[0] * pow2(-470) - INV[0][0]) < 1e-6);
    });

    it('lseBounds: the soft-min bounds hold with a -inf entry', () => {
      for (const s of [1e-300, 1, 1e300, MAX]) {
        const b = m.lseBounds([-Infinity, s, -s, 0.5 * s]);
        assert.equal(b.softmin, -Infinity);
        assert.equal(b.bounds.softminLower.holds, true, `lower at ${s}`);
        assert.equal(b.bounds.softminUpper.holds, true, `upper at ${s}`);
      }
    });

    it('signStats: the cosine of s (3, -4, 0) is 7 / (sqrt 2 * 5) for s = 2^-1074 .. 2^1021', () => {
      const want = 7 / (Math.SQRT2 * 5);
      for (let e = -1074; e <= 1021; e += 31) {
        const s = pow2(e);
        const r = m.signStats([3 * s, -4 * s, 0]);
        closeRel(r.cosine, want, 1e-15, `2^${e}`);
      }
      closeRel(m.signStats([MAX, -MAX, MAX]).cosine, 1, 1e-15, 'max');
    });

    it('renyiEntropy within 1e-14 of its Taylor series near t = 1', () => {
      for (const p of [
        [0.5, 0.25, 0.125, 0.125],
        [0.9, 0.09, 0.009, 0.001],
        [0.999, 0.000999, 0.000001],
      ]) {
        const total = p.reduce((a, b) => a + b); // the routine renormalises: q = p / total
        for (const s0 of [-3e-3, -1e-5, -1e-9, -1e-13, 2e-13, 1e-9, 1e-5, 3e-3]) {
          const t = 1 + s0;
          const s = t - 1; // exact
          // log sum q^t = log1p(sum q (q^s - 1)), q^s - 1 = sum_j (s log q)^j / j!
          const acc = p.reduce((sum, pi) => {
            const q = pi / total;
            const a = s * (Math.log(pi) - Math.log1p(total - 1));
            let term = 1;
            let series = 0;
            for (let j = 1; j < 30; j++) {
              term *= a / j;
              series += term;
            }
            return sum + q * series;
          }, 0);
          closeRel(m.renyiEntropy(p, t), Math.log1p(acc) / -s, 1e-14, `p ${p} s ${s}`);
        }
      }
    });
  });
}
