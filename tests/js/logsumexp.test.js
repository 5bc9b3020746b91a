// logsumexp, softmax, derivatives and bounds through the JS API, on both wasm builds, against the
// oracles of shared/math/logsumexp.md section 5 (mpmath values to ~17 digits).
// Tolerances: 1e-14 relative in float64 (the file's recommendation; the algorithm is within ~8 eps of
// exact), 1e-6 relative for float32 input (single precision has eps ~6e-8; the kernel's own error
// plus rounding of the input stay below 1e-6).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { VARIANTS, loadVariant, close, rng } from './variants.js';

const F64 = 1e-14;
const F32 = 1e-6;

// Section 5.1: [x, tau, exact tau*lse(x/tau)].
const POINT_VALUES = [
  [[1, 2, 3], 1, 3.4076059644443803],
  [[0, 0, 0, 0], 1, 1.3862943611198906],
  [[5], 1, 5],
  [[5], 1e-9, 5],
  [[5], 1e9, 5],
  [[1000, 1000], 1, 1000.6931471805599],
  [[-1000, -1000], 1, -999.30685281944005],
  [[710, 709], 1, 710.31326168751822],
  [[100, 100], 1, 100.69314718055995],
  [[0, -40], 1, 4.248354255291589e-18],
  [[2, 2, 2, 0], 1, 3.1427361167671449],
  [[-1, 0, 1, 2, 5], 1, 5.0744759247094873],
  [[-1, 0, 1, 2, 5], 0.25, 5.0000015647067116],
  [[1, 2, 3], 0.01, 3.0],
  [[1, 2, 3], 0.1, 3.0000045400960277],
  [[1, 2, 3], 0.5, 3.0714658142499498],
  [[1, 2, 3], 2, 4.3605393412834692],
  [[1, 2, 3], 10, 13.019428482292441],
  [[1, 2, 3], 100, 111.86456217236693],
  [[0, -Infinity], 1, 0],
  [[-Infinity, -Infinity], 1, -Infinity],
  [[Infinity, 0], 1, Infinity],
  [[Infinity, -Infinity], 1, Infinity],
  [[NaN, 0], 1, NaN],
  [[1e300, 1e300], 1e-10, 1e300],
];

const SOFTMAX_123 = [0.090030573170380458, 0.24472847105479765, 0.66524095577482189];

for (const variant of VARIANTS) {
  describe(`logsumexp (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });

    it('reports the variant it loaded', () => assert.equal(m.variant, variant));

    it('matches every point value of section 5.1 in float64', () => {
      for (const [x, tau, exact] of POINT_VALUES) {
        const got = m.logsumexp(x, { tau });
        assert.ok(close(got, exact, F64), `lse(${x}; tau=${tau}) = ${got}, expected ${exact}`);
      }
    });

    it('accepts number[], Float64Array and Float32Array alike', () => {
      const exact = 3.4076059644443803;
      assert.equal(m.logsumexp([1, 2, 3]), m.logsumexp(Float64Array.of(1, 2, 3)));
      assert.ok(close(m.logsumexp(Float32Array.of(1, 2, 3)), exact, F32));
    });

    it('matches the finite point values in float32 (no overflow at 100 where naive float exp does)', () => {
      for (const [x, tau, exact] of POINT_VALUES) {
        if (!x.every(Number.isFinite) || Math.max(...x.map(Math.abs)) > 3e38) continue;
        const got = m.logsumexp(Float32Array.from(x), { tau });
        assert.ok(close(got, Math.fround(exact), F32), `f32 lse(${x}; tau=${tau}) = ${got}, expected ${exact}`);
      }
    });

    it('soft-min of (1,2,3) at tau 0.5 is -tau lse(-x/tau) = 0.92853418575005024', () => {
      const b = m.lseBounds([1, 2, 3], { tau: 0.5 });
      assert.ok(close(b.softmin, 0.92853418575005024, F64));
      assert.ok(b.bounds.softminLower.holds && b.bounds.softminUpper.holds);
    });

    it('float32 stays accurate for a million entries (block accumulation)', () => {
      const next = rng(7);
      const x = new Float32Array(1_000_000).map(() => (next() - 0.5) * 20);
      // Reference: float64 two-pass on the same float32 values.
      let mx = -Infinity;
      for (const v of x) mx = Math.max(mx, v);
      let s = 0;
      for (const v of x) s += Math.exp(v - mx);
      const exact = mx + Math.log(s);
      assert.ok(close(m.logsumexp(x), exact, F32), `${m.logsumexp(x)} vs ${exact}`);
      assert.ok(close(m.logsumexp(x, { tau: 3 }), 3 * Math.log(x.reduce((a, v) => a + Math.exp((v - mx) / 3), 0)) + mx, F32));
    });

    it('softmax matches section 5.2, sums to 1, keeps the float type', () => {
      const s = m.softmax([1, 2, 3]);
      assert.ok(s instanceof Float64Array);
      s.forEach((v, i) => assert.ok(close(v, SOFTMAX_123[i], F64)));
      const s32 = m.softmax(Float32Array.of(1, 2, 3));
      assert.ok(s32 instanceof Float32Array);
      s32.forEach((v, i) => assert.ok(close(v, SOFTMAX_123[i], F32)));
    });

    it('softmax follows the file: +inf splits the mass, ties at tau -> 0 split it, NaN and all -inf give NaN', () => {
      assert.deepEqual([...m.softmax([Infinity, 0, Infinity])], [0.5, 0, 0.5]);
      assert.deepEqual([...m.softmax([3, 1, 3], { tau: 1e-6 })], [0.5, 0, 0.5]);
      assert.ok([...m.softmax([NaN, 1])].every(Number.isNaN));
      assert.ok([...m.softmax([-Infinity, -Infinity])].every(Number.isNaN));
      assert.deepEqual([...m.softmax([0, -Infinity])], [1, 0]);
    });

    it('gradient and tau-derivative match section 5.4', () => {
      const slopes = [
        [0.5, 0.441057444058163],
        [1, 0.832395581839939],
        [2, 1.02019133672683],
      ];
      for (const [tau, dtau] of slopes) {
        const g = m.lseGradient([1, 2, 3], { tau });
        assert.ok(close(g.dtau, dtau, 1e-13), `dtau at ${tau}: ${g.dtau}`);
      }
      const g = m.lseGradient([1, 2, 3]);
      g.dx.forEach((v, i) => assert.ok(close(v, SOFTMAX_123[i], F64)));
      assert.ok(close(g.value, 3.4076059644443803, F64));
    });

    it('Hessian matches section 5.4 and its rows sum to zero', () => {
      const h = m.lseHessian([1, 2, 3]);
      const at = (i, j) => h.data[i * 3 + j];
      // The file quotes these to 12 significant digits.
      [
        [0, 0, 0.081925069065],
        [1, 1, 0.18483644651],
        [2, 2, 0.222695426535],
        [0, 1, -0.0220330445202],
        [0, 2, -0.0598920245448],
        [1, 2, -0.16280340199],
      ].forEach(([i, j, v]) => {
        assert.ok(close(at(i, j), v, 1e-10), `H${i}${j} = ${at(i, j)}`);
        assert.equal(at(i, j), at(j, i));
      });
      for (let i = 0; i < 3; i++) assert.ok(Math.abs(at(i, 0) + at(i, 1) + at(i, 2)) < 1e-16);
    });

    it('gradient matches central finite differences on random inputs', () => {
      const next = rng(11);
      for (let trial = 0; trial < 20; trial++) {
        const n = 1 + Math.floor(next() * 8);
        const x = Array.from({ length: n }, () => (next() - 0.5) * 10);
        const tau = 10 ** (next() * 2 - 1);
        const g = m.lseGradient(x, { tau });
        const h = 1e-5;
        for (let i = 0; i < n; i++) {
          const up = x.slice();
          up[i] += h;
          const down = x.slice();
          down[i] -= h;
          const fd = (m.logsumexp(up, { tau }) - m.logsumexp(down, { tau })) / (2 * h);
          // Central differences: truncation ~h^2/tau^2, rounding ~eps*|lse|/h; 1e-6 covers both.
          assert.ok(Math.abs(fd - g.dx[i]) < 1e-6, `d/dx${i}: fd ${fd} vs ${g.dx[i]}`);
        }
      }
    });
  });

  describe(`lseBounds (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });

    it('matches section 5.2 at x=(1,2,3), p=(0.2,0.3,0.5)', () => {
      const x = [1, 2, 3];
      const p = [0.2, 0.3, 0.5];
      const b = m.lseBounds(x, { p, t: 3 });
      const lse = 3.4076059644443803;
      assert.ok(close(b.lse, lse, F64));
      const expect = {
        maxLower: 3,
        maxUpper: 4.0986122886681097,
        meanLower: 3.0986122886681097,
        cauchyLower: 3.2675840262617056,
        holderLower: 3.2162907318741551,
        entropyLower: 3.3296530140645735,
      };
      for (const [name, value] of Object.entries(expect)) {
        assert.ok(close(b.bounds[name].value, value, F64), `${name}: ${b.bounds[name].value} vs ${value}`);
        assert.ok(b.bounds[name].holds, name);
        assert.ok(close(b.bounds[name].slack, Math.abs(lse - value), 1e-13), `${name} slack`);
      }
      assert.ok(close(b.kl, 0.077952950379806777, 1e-13));
      assert.ok(close(b.bounds.entropyLower.slack, 0.077952950379806777, 1e-13));
      for (const [t, value] of [
        [1.5, 3.297422345411625],
        [10, 3.0694821303874792],
      ]) {
        assert.ok(close(m.lseBounds(x, { p, t }).bounds.holderLower.value, value, F64), `t=${t}`);
      }
      assert.ok(close(m.lseBounds(x, { p, t: 1 }).bounds.holderLower.value, 3.3296530140645735, F64));
    });

    it("R6 is tight and R4 takes the file's value at p = softmax(x)", () => {
      const b = m.lseBounds([1, 2, 3], { p: [...m.softmax([1, 2, 3])] });
      assert.ok(close(b.bounds.entropyLower.value, 3.4076059644443803, 1e-13));
      assert.ok(b.bounds.entropyLower.slack < 1e-13);
      assert.ok(close(b.bounds.cauchyLower.value, 3.2474906829933025, 1e-13));
    });

    it('Renyi entropy near t = 1 uses the series and matches the file', () => {
      const p = [0.2, 0.3, 0.5];
      assert.ok(close(m.renyiEntropy(p, 1.001), 1.0295865354463081, 1e-9)); // the series is O((t-1)^2) accurate
      assert.ok(close(m.renyiEntropy(p, 0.999), 1.0297194998547787, 1e-9));
      assert.ok(close(m.renyiEntropy(p, 1), 1.0296530140645735, F64));
      assert.ok(close(m.renyiEntropy(p, Infinity), -Math.log(0.5), F64));
    });

    it('R7 Lipschitz and R8 convexity match section 5.3', () => {
      const b = m.lseBounds([1, 2, 3], { y: [1.5, 1, 3.2] });
      assert.ok(close(b.pair.lseY, 3.457341426815969, F64));
      assert.ok(Math.abs(b.pair.diff - -0.049735462371588602) < 1e-15); // a difference: absolute tolerance
      assert.equal(b.pair.maxNorm, 1);
      assert.equal(b.pair.diffMin, -0.5);
      assert.equal(b.pair.diffMax, 1);
      assert.ok(b.bounds.lipschitz.holds);
      for (const [x, y, diff] of [
        [[0, 10], [1, -5], 8.99756971376149],
        [[5, 0, 0], [4, 3, -2], 0.698313741056198],
      ]) {
        const r = m.lseBounds(x, { y });
        assert.ok(Math.abs(r.pair.diff - diff) < 1e-13);
        assert.ok(r.pair.diffMin <= r.pair.diff && r.pair.diff <= r.pair.diffMax);
      }
      const shifted = m.lseBounds([1, 2, 3], { y: [1.7, 2.7, 3.7] });
      assert.ok(Math.abs(Math.abs(shifted.pair.diff) - 0.7) < 1e-14 && shifted.bounds.lipschitz.slack < 1e-14);
      const c = m.lseBounds([1, 2, 3], { y: [3, -1, 0], mix: 0.3 });
      assert.ok(close(c.pair.chord, 3.1684005219635145, F64));
      assert.ok(close(c.pair.lseMix, 2.6663678998071337, F64));
      assert.ok(c.bounds.convexity.holds);
    });

    it('n = 1 and all-equal inputs attain the bounds with equality', () => {
      const one = m.lseBounds([5], { tau: 0.3 });
      assert.equal(one.lse, 5);
      assert.equal(one.bounds.maxLower.slack, 0);
      const eq = m.lseBounds([0, 0, 0, 0]);
      assert.ok(eq.bounds.maxUpper.slack < 1e-15 && eq.bounds.meanLower.slack < 1e-15);
      assert.equal(m.lseBounds([2, 2, 2, 0]).ties, 3);
    });

    it('every bound holds on random inputs across scales (section 5.5)', () => {
      const next = rng(2024);
      for (let trial = 0; trial < 200; trial++) {
        const n = 1 + Math.floor(next() ** 2 * 1000);
        const scale = 10 ** (next() * 6 - 3);
        const tau = 10 ** (next() * 6 - 3);
        const x = Array.from({ length: n }, () => (next() - 0.5) * 2 * scale);
        const raw = x.map(() => next());
        const total = raw.reduce((a, v) => a + v, 0);
        const p = raw.map((v) => v / total);
        const y = x.map((v) => v + (next() - 0.5) * scale);
        let previous = Infinity;
        for (const t of [1, 1.5, 2, 3, 10]) {
          const b = m.lseBounds(x, { tau, p, t, y, mix: next() });
          for (const [name, bound] of Object.entries(b.bounds)) assert.ok(bound.holds, `${name} fails: n=${n} tau=${tau} t=${t}`);
          // Holder bounds decrease in t (with room for rounding).
          assert.ok(b.bounds.holderLower.value <= previous + 1e-12 * Math.max(1, Math.abs(previous)), `t=${t}`);
          previous = b.bounds.holderLower.value;
        }
        // Shift invariance and monotonicity in tau.
        const c = scale * (next() - 0.5);
        assert.ok(
          close(
            m.logsumexp(
              x.map((v) => v + c),
              { tau },
            ),
            m.logsumexp(x, { tau }) + c,
            1e-12,
          ),
        );
        assert.ok(m.logsumexp(x, { tau: tau * 1.5 }) >= m.logsumexp(x, { tau }) - 1e-12 * Math.max(1, scale));
      }
    });
  });

  describe(`logsumexp errors (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });

    const rejects = (call, Type, pattern) => assert.throws(call, (e) => e instanceof Type && pattern.test(e.message), String(pattern));

    it('empty input is a RangeError naming x', () => {
      rejects(() => m.logsumexp([]), RangeError, /^logsumexp: x is empty/);
      rejects(() => m.softmax(new Float32Array(0)), RangeError, /^softmax: x is empty/);
      rejects(() => m.lseBounds([]), RangeError, /^lseBounds: x is empty/);
    });

    it('wrong types are TypeErrors naming the argument', () => {
      rejects(() => m.logsumexp('1,2,3'), TypeError, /^logsumexp: x must be a number\[\], Float64Array or Float32Array/);
      rejects(() => m.logsumexp(null), TypeError, /x must be/);
      rejects(() => m.logsumexp([1, '2', 3]), TypeError, /^logsumexp: x\[1\] is not a number/);
      // biome-ignore lint/suspicious/noSparseArray: a hole is the malformed input under test
      rejects(() => m.logsumexp([1, , 3]), TypeError, /^logsumexp: x\[1\] is missing/);
      rejects(() => m.logsumexp(new Int32Array(3)), TypeError, /x must be/);
      rejects(() => m.logsumexp([1], { tau: '2' }), TypeError, /^logsumexp: tau must be a number/);
      rejects(() => m.logsumexp([1], { tua: 2 }), TypeError, /unknown option "tua"/);
      rejects(() => m.logsumexp([1], 5), TypeError, /options must be an object/);
    });

    it('bad values are RangeErrors naming the argument', () => {
      rejects(() => m.logsumexp([1, 2], { tau: 0 }), RangeError, /^logsumexp: .*tau/);
      rejects(() => m.logsumexp([1, 2], { tau: -1 }), RangeError, /tau/);
      rejects(() => m.logsumexp([1, 2], { tau: NaN }), RangeError, /tau/);
      rejects(() => m.softmax([1, 2], { tau: -1 }), RangeError, /^softmax: .*tau/);
      rejects(() => m.lseBounds([1, 2], { p: [0.5] }), RangeError, /^lseBounds: .*p/);
      rejects(() => m.lseBounds([1, 2], { p: [0.9, 0.9] }), RangeError, /^lseBounds: .*p/);
      rejects(() => m.lseBounds([1, 2], { p: [-0.5, 1.5] }), RangeError, /p/);
      rejects(() => m.lseBounds([1, 2], { p: [NaN, 1] }), RangeError, /p\[0\]/);
      rejects(() => m.lseBounds([1, 2], { t: 0.5 }), RangeError, /^lseBounds: .*\bt\b/);
      rejects(() => m.lseBounds([1, 2], { y: [1, 2, 3] }), RangeError, /^lseBounds: .*y/);
      rejects(() => m.lseBounds([1, 2], { y: [1, 2], mix: 2 }), RangeError, /mix/);
    });

    it('stays usable after errors', () => {
      for (let i = 0; i < 5; i++) assert.throws(() => m.logsumexp([], {}));
      assert.ok(close(m.logsumexp([1, 2, 3]), 3.4076059644443803, F64));
    });
  });
}
