// The pseudo-inverse through the JS API on both wasm builds, against shared/math/pseudo-inverse.md
// section 4. Tolerance for the exact oracles: the file's 10 max(n,m) eps kappa ||X||_F, at most 1.1e-13
// for every row of T-P1, so 2e-13 absolute (Frobenius) is used; measured cases use the file's shapes.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { VARIANTS, loadVariant, rng } from './variants.js';

const frob = (a, b) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));
const scaled = (rows, k) => rows.flat().map((v) => v / k);

// [name, A, rank, A^+ (row-major, exact)]
// biome-ignore format: a table, one case per line
const EXACT = [
  ['tall', [[1, 0], [0, 1], [1, 1]], 2, scaled([[2, -1, 1], [-1, 2, 1]], 3)],
  ['wide', [[1, 0, 1], [0, 1, 1]], 2, scaled([[2, -1], [-1, 2], [1, 1]], 3)],
  ['wide 123', [[1, 2, 3], [4, 5, 6]], 2, scaled([[-17, 8], [-2, 2], [13, -4]], 18)],
  ['square', [[2, 1], [1, 1]], 2, [1, -1, -1, 2]],
  ['rank 1', [[1, 2], [2, 4]], 1, scaled([[1, 2], [2, 4]], 25)],
  ['rank 2 3x3', [[1, 2, 3], [4, 5, 6], [7, 8, 9]], 2, scaled([[-23, -6, 11], [-2, 0, 2], [19, 6, -7]], 36)],
  ['rank 1 tall', [[1, 2], [2, 4], [3, 6]], 1, scaled([[1, 2, 3], [2, 4, 6]], 70)],
  ['rank 2 4x3', [[1, 0, 1], [0, 1, 1], [1, 1, 2], [2, -1, 1]], 2, scaled([[5, -4, 1, 14], [-1, 11, 10, -13], [4, 7, 11, 1]], 51)],
  ['zero', [[0, 0, 0], [0, 0, 0]], 0, [0, 0, 0, 0, 0, 0]],
  ['1x1', [[4]], 1, [0.25]],
  ['1x1 zero', [[0]], 0, [0]],
  ['column', [[1], [2], [2]], 1, [1 / 9, 2 / 9, 2 / 9]],
  ['row', [[1, 2, 2]], 1, [1 / 9, 2 / 9, 2 / 9]],
];

for (const variant of VARIANTS) {
  describe(`pinv (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });

    it('every exact pseudo-inverse of T-P1, by each route, with its rank', () => {
      for (const method of ['auto', 'bdcsvd', 'jacobi', 'cod']) {
        for (const [name, A, rank, exact] of EXACT) {
          const r = m.pinv(A, { method });
          assert.equal(r.pinv.rows, A[0].length, `${name}: rows`);
          assert.equal(r.pinv.cols, A.length, `${name}: cols`);
          assert.equal(r.rank, rank, `${name} (${method}): rank`);
          assert.ok(frob(r.pinv.data, exact) < 2e-13, `${name} (${method}): error ${frob(r.pinv.data, exact)}`);
        }
      }
    });

    it('the default route inverts a full-rank matrix through its bidiagonal factors and a rank-deficient one through the SVD', () => {
      const full = m.pinv([
        [2, 1],
        [1, 1],
      ]);
      assert.equal(full.method, 'auto');
      assert.equal(full.fullRankInverse, true);
      assert.ok(frob(full.pinv.data, [1, -1, -1, 2]) < 1e-15);
      const deficient = m.pinv([
        [1, 2],
        [2, 4],
      ]);
      assert.equal(deficient.fullRankInverse, false);
      assert.equal(deficient.rank, 1);
      assert.equal(m.pinv([[1]], { method: 'bdcsvd' }).fullRankInverse, false);
      assert.throws(() => m.pinv([[1]], { method: 'qr' }), /method must be one of bdcsvd, jacobi, cod, auto \(got the string "qr"\)/);
    });

    it('accepts { rows, cols, data } and gives singular values for plots', () => {
      const r = m.pinv({ rows: 3, cols: 2, data: [1, 0, 0, 1, 1, 1] });
      assert.ok(Math.abs(r.singularValues[0] - Math.sqrt(3)) < 1e-15 && Math.abs(r.singularValues[1] - 1) < 1e-15);
      const s = m.singularValues([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      assert.ok(Math.abs(s[0] - 9.5080320006957244) < 1e-14 && Math.abs(s[1] - 0.77286963567348455) < 1e-14);
    });

    it('least squares (T-P3) and minimum-norm solutions (T-P4)', () => {
      const fit = m.lstsq(
        [
          [0, 1],
          [1, 1],
          [2, 1],
          [3, 1],
        ],
        [1, 3, 4, 4],
      );
      assert.ok(frob(fit.x, [1, 1.5]) < 1e-14 && Math.abs(fit.residualNorm - 1) < 1e-14);
      assert.ok(frob(m.lstsq([[1, 2, 2]], [9]).x, [1, 2, 2]) < 1e-14);
      assert.ok(
        frob(
          m.lstsq(
            [
              [1, 1, 0],
              [0, 1, 1],
            ],
            [1, 2],
          ).x,
          [0, 1, 1],
        ) < 1e-14,
      );
    });

    it('Penrose residuals are tiny for A^+ and not for a wrong inverse', () => {
      const A = [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ];
      const r = m.penroseResiduals(A, m.pinv(A).pinv);
      for (const v of Object.values(r)) assert.ok(v < 1e-14, `${v}`);
      const wrong = m.penroseResiduals(
        [
          [1, 2],
          [2, 4],
        ],
        [
          [1, 0],
          [0, 1],
        ],
      );
      assert.ok(wrong.axa > 0.1);
    });

    it('the ridge limit: closed form (T-P5), naive breakdown (T-P8), eigen route (T-P6, T-P9)', () => {
      const A = [
        [1, 2],
        [2, 4],
      ];
      const plus = scaled(A, 25);
      for (const eps of [1, 1e-3]) {
        assert.ok(frob(m.ridge(A, eps).data, scaled(A, 25 + eps)) < 1e-15);
      }
      const curve = m.ridgeCurve(A, [1, 1e-4, 1e-10, 1e-12]);
      curve.exactError.forEach((e, i) => assert.ok(Math.abs(e - curve.eps[i] / (5 * (25 + curve.eps[i]))) < 1e-17));
      assert.ok(curve.naiveError[0] <= 2 * curve.exactError[0] && curve.naiveError[1] <= 2 * curve.exactError[1]);
      assert.ok(curve.naiveError[2] > 1e3 * curve.exactError[2] && curve.naiveError[3] > 1e3 * curve.exactError[3]);
      assert.ok(frob(m.pinvEig(A).pinv.data, plus) < 1e-15);
      const c = Math.cos(Math.PI / 6),
        s = Math.sin(Math.PI / 6);
      const Q = [
        [c, -s],
        [s, c],
      ];
      const build = (d) => Q.map((qi) => Q.map((qj) => qi[0] * d[0] * qj[0] + qi[1] * d[1] * qj[1]));
      const ill = build([1, 1e-9]);
      const exactInv = build([1, 1e9]).flat();
      const relErr = (X) => frob(X, exactInv) / Math.hypot(...exactInv);
      assert.ok(relErr(m.pinv(ill).pinv.data) < 1e-6);
      assert.ok(relErr(m.pinvEig(ill).pinv.data) > 0.5);
    });

    it('the tolerance decides the rank (T-P10)', () => {
      const A = [
        [1, 1],
        [1, 1 + 1e-10],
      ];
      assert.equal(m.pinv(A).rank, 2);
      const loose = m.pinv(A, { rtol: 1e-8 });
      assert.equal(loose.rank, 1);
      assert.ok(frob(loose.pinv.data, [0.25, 0.25, 0.25, 0.25]) < 1e-9);
    });

    it('Penrose conditions hold on random low-rank matrices (T-P12)', () => {
      const next = rng(12);
      const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      for (let trial = 0; trial < 30; trial++) {
        const n = 1 + Math.floor(next() * 20),
          cols = 1 + Math.floor(next() * 20);
        const k = Math.floor(next() * (Math.min(n, cols) + 1));
        const G1 = Array.from({ length: n }, () => Array.from({ length: k }, gauss));
        const G2 = Array.from({ length: k }, () => Array.from({ length: cols }, gauss));
        const A = G1.map((row) => Array.from({ length: cols }, (_, j) => row.reduce((a, v, l) => a + v * G2[l][j], 0)));
        const r = m.pinv(A);
        assert.equal(r.rank, k, `rank of a ${n}x${cols} product of rank ${k}`);
        const kappa = k ? r.singularValues[0] / r.singularValues[k - 1] : 1;
        for (const v of Object.values(m.penroseResiduals(A, r.pinv))) assert.ok(v <= 1e-10 * kappa, `residual ${v}`);
      }
    });

    it('512x512 works', () => {
      const next = rng(1);
      const n = 512;
      const A = { rows: n, cols: n, data: Float64Array.from({ length: n * n }, () => next() - 0.5) };
      const r = m.pinv(A);
      assert.equal(r.rank, n);
      assert.ok(m.penroseResiduals(A, r.pinv).axa < 1e-11);
    });

    it('clear errors naming the argument and the shapes', () => {
      const rejects = (call, Type, pattern) => assert.throws(call, (e) => e instanceof Type && pattern.test(e.message), String(pattern));
      rejects(
        () =>
          m.pinv([
            [1, NaN],
            [0, 1],
          ]),
        RangeError,
        /^pinv: A \(2x2\) has a non-finite entry nan at \(0, 1\)/,
      );
      rejects(
        () =>
          m.pinv(
            [
              [1, Infinity],
              [0, 1],
            ],
            { method: 'cod' },
          ),
        RangeError,
        /^pinv: .*non-finite/,
      );
      rejects(() => m.pinv({ rows: 3, cols: 3, data: [1, 2] }), RangeError, /^pinv: A is 3x3 but A.data holds 2 values/);
      rejects(() => m.pinv([[1, 2], [3]]), RangeError, /^pinv: A\[1\] has 1 entries but A\[0\] has 2/);
      rejects(() => m.pinv([[1, 'x']]), TypeError, /^pinv: A\[0\]\[1\] is not a number/);
      rejects(() => m.pinv('A'), TypeError, /^pinv: A must be/);
      rejects(() => m.pinv({ rows: 1.5, cols: 2, data: [] }), RangeError, /^pinv: A.rows must be a non-negative integer/);
      rejects(() => m.pinv({ rows: 5000, cols: 2, data: [] }), RangeError, /^pinv: A has 5000 rows; the limit is 2048/);
      rejects(() => m.pinv([[1]], { rtol: -1 }), RangeError, /^pinv: .*rtol/);
      rejects(() => m.pinv([[1]], { method: 'qr' }), RangeError, /^pinv: method must be one of/);
      rejects(
        () =>
          m.lstsq(
            [
              [1, 2],
              [3, 4],
            ],
            [1, 2, 3],
          ),
        RangeError,
        /^lstsq: /,
      );
      rejects(() => m.penroseResiduals([[1, 2]], [[1, 2]]), RangeError, /^penroseResiduals: /);
      // The eigen route squares A: 1e300 overflows A^T A, a clear refusal (it returned rank 0, tolerance NaN).
      rejects(
        () =>
          m.pinvEig([
            [1e300, 1],
            [1, 1e300],
          ]),
        RangeError,
        /^pinvEig: A\^T A overflows/,
      );
      assert.equal(
        m.pinv([
          [1e300, 1],
          [1, 1e300],
        ]).rank,
        2,
        'the SVD route takes it',
      );
      assert.equal(m.pinv([[2]]).pinv.data[0], 0.5);
    });
  });
}
