// CR approximate products and CUR decompositions through the JS API on both wasm builds, against
// shared/math/cr-approximation.md (T-C1..T-C3) and cur-decomposition.md (T-U1..T-U3).
// Tolerances: exact rational oracles to 1e-12 relative (a few dense products and one SVD of tiny
// integer matrices); values the files print to 6 decimals to 5e-7; SVD floors to 1e-9.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { VARIANTS, loadVariant, rng } from './variants.js';

const near = (a, b, tol, label) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${label}: ${a} vs ${b}`);

const X1 = [
  [3, 0, 3],
  [0, 4, 4],
];
const Y1 = [
  [1, 0],
  [0, 2],
  [0, 1],
];
const X2 = [
  [2, 0, 1, 0, 3, 1],
  [0, 1, 1, 0, 0, 3],
  [1, 0, 0, 5, 1, 0],
];
const Y2 = [
  [1, 1, 0, 0],
  [0, 2, 0, 1],
  [1, 0, 1, 0],
  [0, 0, 1, 1],
  [2, 1, 0, 1],
  [0, 1, 1, 1],
];
const M1 = [
  [1, 2, 0, 1, 3],
  [0, 1, 1, 2, 1],
  [1, 3, 1, 3, 4],
  [2, 5, 1, 4, 7],
];
const M3 = [
  [9, 8, 5, 3],
  [7, 4, 2, -1],
  [3, 4, 4, 6],
  [0, 3, 6, 10],
  [5, 6, 7, 6],
];

for (const variant of VARIANTS) {
  describe(`crMatmul (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });

    it('T-C1: probabilities, expected errors, top-r, refits and the SVD floor', () => {
      const r1 = m.crMatmul(X1, Y1, 1);
      [3 / 16, 1 / 2, 5 / 16].forEach((p, i) => near(r1.probabilities[i], p, 1e-15, `p*[${i}]`));
      near(r1.expectedError, 94, 1e-12, 'E r=1');
      near(m.crMatmul(X1, Y1, 2).expectedError, 47, 1e-12, 'E r=2');
      near(m.crMatmul(X1, Y1, 3, { sampling: 'uniform' }).expectedError, 44, 1e-12, 'E uniform r=3');
      const top1 = m.crMatmul(X1, Y1, 1, { sampling: 'top' });
      assert.deepEqual([...top1.indices], [1]);
      near(top1.error, 34, 1e-12, 'top-1 error');
      assert.equal(top1.expectedError, null);
      near(m.crMatmul(X1, Y1, 2, { sampling: 'top' }).error, 9, 1e-12, 'top-2 error');
      near(top1.floor, 81 - Math.sqrt(5265), 1e-9, 'floor r=1');
      assert.equal(r1.productNormSquared, 162);
    });

    it('T-C2: top-r is not optimal, best subset is; greedy k=2', () => {
      const expected = [
        [1, 497.880411, 133, 133],
        [2, 248.940206, 83, 73],
        [3, 165.960137, 23, 23],
        [4, 124.470103, 9, 9],
      ];
      for (const [r, e, top, best] of expected) {
        near(m.crMatmul(X2, Y2, r).expectedError, e, 5e-9, `E r=${r}`);
        near(m.crMatmul(X2, Y2, r, { sampling: 'top' }).error, top, 1e-12, `top r=${r}`);
        near(m.crMatmul(X2, Y2, r, { sampling: 'best' }).error, best, 1e-12, `best r=${r}`);
      }
      assert.deepEqual([...m.crMatmul(X2, Y2, 2, { sampling: 'best' }).indices], [4, 5]);
      assert.deepEqual([...m.crMatmul(X2, Y2, 2, { sampling: 'greedy', k: 2 }).indices], [3, 4]);
    });

    it('T-C3: seed 42 draws the golden categorical sequence, identically in every build', () => {
      const r = m.crMatmul(X2, Y2, 10, { seed: 42 });
      assert.deepEqual([...r.draws], [4, 1, 3, 3, 0, 5, 2, 4, 3, 4]);
      assert.deepEqual([...m.crMatmul(X2, Y2, 10, { seed: 42n }).draws], [...r.draws]);
      assert.notDeepEqual([...m.crMatmul(X2, Y2, 10, { seed: 43 }).draws], [...r.draws]);
    });

    it('sampling is unbiased: the Monte Carlo mean error approaches the exact expectation (T-C4)', () => {
      const mc = m.crMonteCarlo(X2, Y2, 2, { count: 20000, seed: 7 });
      near(mc.expectedError, 248.940206, 5e-9, 'exact');
      // 5 sigma of the mean error over 20000 draws is about 3% here (the file's section 3 rule).
      assert.ok(Math.abs(mc.meanError - mc.expectedError) < 0.03 * mc.expectedError, `${mc.meanError}`);
    });

    it('without replacement and refits', () => {
      const poisson = m.crMatmul(X2, Y2, 3, { replacement: 'poisson', seed: 1 });
      assert.ok(poisson.expectedError > 0 && poisson.expectedError < m.crMatmul(X2, Y2, 3).expectedError);
      const seq = m.crMatmul(X2, Y2, 3, { replacement: 'sequential', seed: 1 });
      assert.equal(new Set(seq.indices).size, 3);
      const full = m.crMatmul(X1, Y1, 2, { sampling: 'top', refit: 'full' });
      assert.ok(full.error <= 9 && full.middle.rows === 2);
    });

    it('crRefit: a fixed selection with weights 1, the diagonal refit (R11) and the full middle matrix (R10)', () => {
      // T-C1, S = {1, 2} (1-based): plain 25, diagonal lambda* = (1, 3/2) with error 9, full Lambda* exact.
      const one = m.crRefit(X1, Y1, [1, 0]);
      assert.deepEqual(Array.from(one.indices), [0, 1]);
      near(one.plainError, 25, 1e-12, 'plain');
      near(one.weights[0], 1, 1e-12, 'lambda_1');
      near(one.weights[1], 1.5, 1e-12, 'lambda_2');
      near(one.diagonalError, 9, 1e-12, 'diagonal');
      assert.ok(Math.abs(one.fullError) <= 1e-12, `full ${one.fullError}`);
      assert.deepEqual(
        Array.from(one.middle.data, (x) => Math.round(x * 1e9) / 1e9),
        [1, 0.5, 0, 1.5],
      );
      // T-C2, r = 2: the best pair {4, 5} keeps error 73 (top-2 {3, 4} keeps 83); refits never do worse
      // (invariant 9) and nothing beats the SVD floor 8.438704.
      const best = m.crRefit(X2, Y2, [4, 5]);
      near(best.plainError, 73, 1e-12, '{4, 5}');
      near(m.crRefit(X2, Y2, [3, 4]).plainError, 83, 1e-12, '{3, 4}');
      near(best.floor, 8.438704, 5e-7, 'floor at rank 2');
      assert.ok(best.fullError <= best.diagonalError + 1e-9 && best.diagonalError <= best.plainError + 1e-9);
      assert.ok(best.fullError >= best.floor - 1e-9);
    });

    it('crRefit: out-of-range, repeated and non-integer indices are refused with a message', () => {
      assert.throws(() => m.crRefit(X1, Y1, [0, 3]), { name: 'RangeError', message: /index 3 is out of range for l = 3/ });
      assert.throws(() => m.crRefit(X1, Y1, [1, 1]), { name: 'RangeError', message: /crRefit: kept repeats the index 1/ });
      assert.throws(() => m.crRefit(X1, Y1, [0.5]), { name: 'RangeError', message: /crRefit: kept\[0\] must be an integer index/ });
      assert.throws(() => m.crRefit(X1, Y2, [0]), /crRefit|cr_/);
    });

    it("crExpectedError: the exact expectation (R6) for named and for the caller's own probabilities", () => {
      near(m.crExpectedError(X1, Y1, 1).expectedError, 94, 1e-12, 'optimal r=1');
      near(m.crExpectedError(X1, Y1, 3, 'uniform').expectedError, 44, 1e-12, 'uniform r=3');
      near(m.crExpectedError(X1, Y1, 3, [1 / 3, 1 / 3, 1 / 3]).expectedError, 44, 1e-12, 'own uniform p, r=3');
      near(m.crExpectedError(X1, Y1, 1, [3 / 16, 1 / 2, 5 / 16]).expectedError, 94, 1e-12, 'own optimal p, r=1');
      // R6 by hand for p = (1/2, 1/4, 1/4): w = ||x_i|| ||y_i|| = (3, 8, 5), sum w^2/p = 18 + 256 + 100,
      // ||XY||^2 = 162.
      const own = m.crExpectedError(X1, Y1, 2, [0.5, 0.25, 0.25]);
      near(own.expectedError, (374 - 162) / 2, 1e-12, 'p = (1/2, 1/4, 1/4), r = 2');
      near(
        own.entryVariance.data.reduce((a, b) => a + b, 0),
        own.expectedError,
        1e-12,
        'entry variances sum to it',
      );
      assert.equal(m.crExpectedError(X1, Y1, 2, [0.5, 0.5, 0]).expectedError, Infinity, 'a nonzero term never drawn: biased');
      assert.equal(m.crExpectedError(X1, Y1, 0).expectedError, 162, 'r = 0: the empty estimate');
      // The optimal probabilities minimise it (R7): any other p does no better.
      const next = rng(5);
      const best = m.crExpectedError(X2, Y2, 3).expectedError;
      for (let t = 0; t < 20; t++) {
        const w = Array.from({ length: 6 }, () => next() + 1e-3);
        const sum = w.reduce((a, b) => a + b, 0);
        assert.ok(
          m.crExpectedError(
            X2,
            Y2,
            3,
            w.map((x) => x / sum),
          ).expectedError >=
            best * (1 - 1e-12),
        );
      }
      const rejects = (call, Type, pattern) => assert.throws(call, (e) => e instanceof Type && pattern.test(e.message), String(pattern));
      rejects(() => m.crExpectedError(X1, Y1, 1, [0.5, 0.5]), Error, /^crExpectedError: p has 2 entries but there are l = 3 terms/);
      rejects(() => m.crExpectedError(X1, Y1, 1, [0.5, 0.25, 0.5]), Error, /^crExpectedError: p sums to 1\.25/);
      rejects(() => m.crExpectedError(X1, Y1, 1, [1.5, -0.25, -0.25]), Error, /^crExpectedError: p has a negative entry/);
      rejects(() => m.crExpectedError(X1, Y1, 1, [NaN, 0.5, 0.5]), RangeError, /^crExpectedError: p\[0\] /);
      rejects(() => m.crExpectedError(X1, Y1, 1, 'lucky'), RangeError, /^crExpectedError: p must be one of/);
      rejects(() => m.crExpectedError(X1, X1, 1), RangeError, /^crExpectedError: .*2x3/);
    });

    it('errors name the argument', () => {
      const rejects = (call, Type, pattern) => assert.throws(call, (e) => e instanceof Type && pattern.test(e.message), String(pattern));
      rejects(() => m.crMatmul(X1, X1, 1), RangeError, /^crMatmul: .*2x3/);
      rejects(() => m.crMatmul(X1, Y1, -1), RangeError, /^crMatmul: .*r/);
      rejects(() => m.crMatmul(X1, Y1, 1.5), RangeError, /^crMatmul: r must be an integer/);
      rejects(() => m.crMatmul(X1, Y1, 1, { sampling: 'lucky' }), RangeError, /^crMatmul: sampling must be one of/);
      rejects(() => m.crMatmul(X1, Y1, 1, { seed: -1 }), TypeError, /^crMatmul: seed must be/);
      rejects(() => m.crMatmul([[1, NaN]], [[1], [2]], 1), RangeError, /^crMatmul: .*(nan|non-finite)/i);
    });
  });

  describe(`512 x 512 (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });
    const n = 512;
    const random = (seed) => {
      const next = rng(seed);
      return { rows: n, cols: n, data: Float64Array.from({ length: n * n }, () => next() - 0.5) };
    };

    it('singularValues, crMatmul and cur take 512 x 512 matrices', () => {
      const A = random(11);
      const s = m.singularValues(A);
      assert.equal(s.length, n);
      for (let i = 1; i < n; i++) assert.ok(s[i] <= s[i - 1] && s[i] > 0, `sigma ${i}`);
      // ||A||_F^2 = sum of sigma^2 (an identity independent of the decomposition), to rounding.
      const frob = A.data.reduce((t, x) => t + x * x, 0);
      near(
        s.reduce((t, x) => t + x * x, 0),
        frob,
        1e-10,
        'sum sigma^2',
      );
      const B = random(12);
      const cr = m.crMatmul(A, B, 64, { seed: 3 });
      assert.equal(cr.approx.rows, n);
      assert.ok(cr.error >= cr.floor && Number.isFinite(cr.expectedError));
      const top = m.crMatmul(A, B, 64, { sampling: 'top' });
      assert.ok(top.error >= top.floor);
      const cur = m.cur(A, 64, { select: 'deim' });
      assert.equal(cur.rows.length, 64);
      assert.ok(cur.errors.intersectionSquared >= cur.errors.optimalSquared * (1 - 1e-9));
      assert.ok(cur.errors.optimalSquared >= cur.errors.floorSquared * (1 - 1e-9));
    });
  });

  describe(`cur (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });

    it("T-U1: exact recovery of a rank-2 matrix, and the file's selections", () => {
      for (const select of ['deim', 'pivoted-qr', 'leverage-top', 'norm-top', 'max-volume', 'uniform']) {
        for (const middle of ['optimal', 'intersection']) {
          const r = m.cur(M1, 2, { select, middle, seed: 3 });
          assert.ok(r.errors.frobeniusSquared < 1e-20, `${select}/${middle}: ${r.errors.frobeniusSquared}`);
        }
      }
      const deim = m.cur(M1, 2);
      assert.deepEqual([...deim.colSelection.order], [4, 3]);
      assert.deepEqual([...deim.rowSelection.order], [3, 1]);
      const maxvol = m.cur(M1, 2, { select: 'max-volume' });
      assert.deepEqual([...maxvol.rows], [1, 3]);
      assert.deepEqual([...maxvol.cols], [3, 4]);
    });

    it('T-U2: the comparison table and the error chain intersection >= optimal >= SVD', () => {
      const table = [
        [1, 'norm-top', 21733 / 9, 12631337 / 32578],
        [1, 'deim', 11031 / 64, 4309727 / 25239],
        [2, 'pivoted-qr', 3787 / 810, 534661393 / 119177094],
        [2, 'deim', 28276 / 5041, 1271625703 / 256308238],
        [3, 'pivoted-qr', 16421 / 10658, 386697515 / 296410689],
        [3, 'best', null, 218783212 / 183234753],
      ];
      for (const [r, select, inter, opt] of table) {
        const res = m.cur(M3, r, { select });
        if (inter !== null) near(res.errors.intersectionSquared, inter, 1e-12, `${select} r=${r} W+`);
        near(res.errors.optimalSquared, opt, 1e-12, `${select} r=${r} U*`);
        assert.ok(res.errors.intersectionSquared >= res.errors.optimalSquared - 1e-9);
        assert.ok(res.errors.optimalSquared >= res.errors.floorSquared - 1e-9);
      }
      near(m.cur(M3, 2).errors.floorSquared, 2.418139, 5e-7, 'floor r=2');
      const lev = m.cur(M3, 2, { select: 'leverage-top', gamma: 2 });
      assert.deepEqual([...lev.rowSelection.order], [3, 0]);
      assert.deepEqual([...lev.colSelection.order], [3, 0]);
    });

    it('T-U3: zero matrix, 1x1, and the rtol plumbing', () => {
      const zero = m.cur(
        [
          [0, 0, 0, 0],
          [0, 0, 0, 0],
          [0, 0, 0, 0],
        ],
        2,
        { select: 'norm-top' },
      );
      assert.equal(zero.errors.frobeniusSquared, 0);
      const one = m.cur([[5]], 1);
      assert.equal(one.U.data[0], 0.2);
      const d = 1e-3;
      const pick = m.curFromIndices(
        [
          [1, 1],
          [1, 1 + d],
        ],
        [0],
        [0],
        { middle: 'intersection' },
      );
      near(pick.error, d * d, 1e-9, 'intersection error');
      near(
        m.curFromIndices(
          [
            [1, 1],
            [1, 1 + d],
          ],
          [0],
          [0],
        ).error,
        0.75 * d * d,
        1e-9,
        'optimal error',
      );
    });

    it('errors name the argument', () => {
      const rejects = (call, Type, pattern) => assert.throws(call, (e) => e instanceof Type && pattern.test(e.message), String(pattern));
      rejects(() => m.cur(M3, 9), RangeError, /^cur: rank r = 9 is out of range for a 5x4 matrix/);
      rejects(() => m.cur(M3, 0), RangeError, /^cur: rank r = 0 is out of range/);
      rejects(() => m.cur(M3, 2, { select: 'random' }), RangeError, /^cur: select must be one of/);
      rejects(() => m.cur([[1, Infinity]], 1), RangeError, /^cur: /);
      rejects(() => m.curFromIndices(M3, [0, 9], [0]), RangeError, /^curFromIndices: /);
      rejects(() => m.curFromIndices(M3, [0.5], [0]), RangeError, /^curFromIndices: cols\[0\] must be an integer index/);
      assert.equal(m.cur([[2]], 1).approx.data[0], 2);
    });
  });
}
