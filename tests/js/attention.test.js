// Softmax, Performer and Nyströmformer attention through the JS API on both wasm builds, against the
// oracles of shared/math/performer.md (T-P1 to T-P8) and nystromformer.md (T-N1 to T-N6): exact
// rationals and mpmath values to the files' tolerances (1e-12 where the value crosses libm's log,
// sin or cos, which may differ in the last bit between glibc and musl), golden random draws, and the
// documented behaviour at the extremes (T-P4's inputs times 30).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { VARIANTS, loadVariant } from './variants.js';

const near = (a, b, tol, label) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${label}: ${a} vs ${b}`);
const row = (M, i) => Array.from(M.data.subarray(i * M.cols, (i + 1) * M.cols));

// T-P1's inputs.
const Q = [
  [1, 0],
  [0, 1],
  [1, 1],
  [-1, 0.5],
];
const K = [
  [0.5, 0],
  [0, -1],
  [1, 1],
  [-0.5, 0.5],
];
const V = [
  [1, 0],
  [0, 1],
  [1, 1],
  [2, -1],
];
const W = [
  [1, 0],
  [0, 1],
  [-1, 1],
];
const times = (M, c) => M.map((r) => r.map((x) => x * c));

// T-P3: per kind, non-causal out rows and log D, then causal out rows 0-2 and log D.
const TP3 = {
  positive: {
    out: [
      [1.0981694228358238, 0.17342454873048772],
      [1.3662448548248524, -0.14744165618284008],
      [1.2000138190460247, 0.063066270604679689],
      [1.4755187962165192, -0.30443369550295519],
    ],
    logD: [1.0538470076443332, 1.4724150147831149, 0.99530815678690314, 1.3408980774556426],
    causalOut: [
      [1, 0],
      [0.74474227174007438, 0.25525772825992562],
      [0.836648050381453, 0.54592697714714992],
    ],
    causalLogD: [0.017699007989047369, 0.36548154517758592, 0.62084188156034881],
  },
  hyperbolic: {
    out: [
      [0.88636031711787534, 0.29052710416295809],
      [1.2865948837062948, -0.097612395989183226],
      [1.102700908029559, 0.12194974866696548],
      [1.3537512452888624, -0.21891023755855153],
    ],
    logD: [1.0576382618129646, 0.99149740088220405, 0.53752806010361296, 1.0213579231067686],
    causalOut: [
      [1, 0],
      [0.64815745280491702, 0.35184254719508298],
      [0.75332645834049146, 0.5587946976109475],
    ],
    causalLogD: [0.017699007989047369, 0.044571512561478878, 0.20868318602410534],
  },
  trig: {
    out: [
      [0.78691018885741591, 0.65180828976451807],
      [1.2923086858869857, 0.21462153736161983],
      [1.0592842925047536, 0.5332401259153694],
      [1.7302244115401792, -0.45593101979368337],
    ],
    logD: [1.9579435919052761, 1.813428153116578, 2.5233631942986493, 1.1891578923111953],
    causalOut: [
      [1, 0],
      [0.85916739516639038, 0.14083260483360962],
      [0.9075636259891333, 0.780524413802684],
    ],
    causalLogD: [0.53986508817724386, 0.07603012163639643, 2.3738384844219038],
  },
};

// T-N1: Q = (0, 2, 1, 3), K = ln(1, 4, 2, 8), m = 2, scale 1; everything rational.
const TN1 = {
  Q: [[0], [2], [1], [3]],
  K: [[0], [Math.log(4)], [Math.log(2)], [Math.log(8)]],
  S: [
    [1 / 4, 1 / 4, 1 / 4, 1 / 4],
    [1 / 85, 16 / 85, 4 / 85, 64 / 85],
    [1 / 15, 4 / 15, 2 / 15, 8 / 15],
    [1 / 585, 64 / 585, 8 / 585, 512 / 585],
  ],
  Shat: [
    [23 / 170, 31 / 85, 41 / 170, 22 / 85],
    [1 / 85, 16 / 85, 4 / 85, 64 / 85],
    [1 / 15, 4 / 15, 2 / 15, 8 / 15],
    [-19 / 765, 104 / 765, -8 / 765, 688 / 765],
  ],
  sigma: [1.35444167555041, 0.4097901682039, 0.0903085707741279, 0.00674036908355789],
  // k = 0..6: ||AZA - A||_F, ||Z - A^-1||_F, ||I - AZ||_2 (absolute)
  history: [
    [0.2202957821, 8.206528343, 0.9900726807],
    [0.1168887423, 8.023066234, 0.9681040712],
    [0.108610274, 7.459461808, 0.9000967673],
    [0.08579553849, 5.892523049, 0.7110219322],
    [0.0402405797, 2.7637631, 0.3334897739],
    [0.003729652821, 0.2561562711, 0.0309091242],
    [2.699943835e-6, 1.854348322e-4, 2.237551412e-5],
  ],
};
const A_TN1_NORM = Math.sqrt(1 / 9 + 4 / 9 + 1 / 25 + 16 / 25);
const AINV_TN1_NORM = Math.sqrt(36 + 25 + 2.25 + 6.25);

// T-N4: n = 16, d = 4, scale 1/2.
const TN4 = {
  Q: Array.from({ length: 16 }, (_, i) => Array.from({ length: 4 }, (_, c) => 1.5 * Math.cos(0.4 * i + c))),
  K: Array.from({ length: 16 }, (_, i) => Array.from({ length: 4 }, (_, c) => 1.5 * Math.sin(0.3 * i + 0.5 * c))),
  V: Array.from({ length: 16 }, (_, i) => [(i % 3) - 1, i / 8 - 1]),
};

for (const variant of VARIANTS) {
  describe(`softmax and Performer attention (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });

    it('T-P1: softmax attention and its log normalizers, non-causal and causal', () => {
      const plain = m.softmaxAttention(Q, K, V, { scale: 1 });
      const expected = [
        [0.93413122681310848, 0.52092300711030276, 1.7873386716983295],
        [1.223342295246878, 0.25064855100720006, 1.7465672691737912],
        [1.0607477807813483, 0.64935214210482585, 2.3423495823898221],
        [1.3836997480385431, -0.22962468504817891, 1.3703153733046798],
      ];
      expected.forEach(([a, b, lz], i) => {
        near(plain.out.data[2 * i], a, 1e-14, `out[${i}][0]`);
        near(plain.out.data[2 * i + 1], b, 1e-14, `out[${i}][1]`);
        near(plain.logNormalizer[i], lz, 1e-14, `logNormalizer[${i}]`);
      });
      const causal = m.softmaxAttention(Q, K, V, { scale: 1, causal: true });
      assert.deepEqual(row(causal.out, 0), [1, 0]);
      near(causal.out.data[2], 0.73105857863000488, 1e-14, 'causal out[1][0]');
      near(causal.logNormalizer[2], 2.2413112966571571, 1e-14, 'causal logNormalizer[2]');
      near(causal.logNormalizer[3], 1.3703153733046798, 1e-14, 'causal row 3 = non-causal');
      const weights = m.softmaxAttentionWeights(Q, K, { scale: 1, causal: true });
      assert.equal(weights.data[1], 0, 'causal weights are zero above the diagonal');
      for (let i = 0; i < 4; i++)
        near(
          row(weights, i).reduce((s, x) => s + x, 0),
          1,
          1e-15,
          `weights row ${i} sum`,
        );
    });

    it('T-P3: positive, hyperbolic and trig features with a fixed W, non-causal and causal', () => {
      for (const [kind, e] of Object.entries(TP3)) {
        const r = m.performerAttention(Q, K, V, { W, kind, scale: 1 });
        e.out.forEach((expected, i) => expected.forEach((x, j) => near(r.out.data[2 * i + j], x, 1e-13, `${kind} out[${i}][${j}]`)));
        e.logD.forEach((x, i) => near(r.logDenominator[i], x, 1e-13, `${kind} logD[${i}]`));
        assert.equal(r.nonpositiveRows.length, 0, `${kind}: no row flagged`);
        assert.deepEqual(row(r.W, 2), [-1, 1], 'the W used is returned');
        const c = m.performerAttention(Q, K, V, { W, kind, scale: 1, causal: true });
        e.causalOut.forEach((expected, i) =>
          expected.forEach((x, j) => near(c.out.data[2 * i + j], x, 1e-13, `${kind} causal out[${i}][${j}]`)),
        );
        e.causalLogD.forEach((x, i) => near(c.logDenominator[i], x, 1e-13, `${kind} causal logD[${i}]`));
        near(c.logDenominator[3], e.logD[3], 1e-13, `${kind}: the causal last row is the non-causal one`);
      }
    });

    it("T-P3: the approximate matrix is A-hat's rows normalised, with its total variation against softmax", () => {
      const Ahat0 = [1.0178565635842693, 0.39504078386815888, 0.77911230967888679, 0.67665603962794148];
      const sum = Ahat0.reduce((s, x) => s + x, 0);
      const { P, tv } = m.performerAttentionMatrix(Q, K, W, { scale: 1 });
      Ahat0.forEach((x, j) => near(P.data[j], x / sum, 1e-13, `P[0][${j}]`));
      const S = m.softmaxAttentionWeights(Q, K, { scale: 1 });
      const expectedTv = 0.5 * Ahat0.reduce((s, x, j) => s + Math.abs(x / sum - S.data[j]), 0);
      near(tv[0], expectedTv, 1e-13, 'tv[0]');
      const trig = m.performerAttentionMatrix(Q, K, W, { scale: 1, kind: 'trig' });
      assert.ok(trig.P.data[3 * 4 + 1] < 0, "trig's negative estimate A-hat[3][1] stays negative in P");
    });

    it('T-P4: inputs times 30: log-domain stays exact where naive exponentials fail', () => {
      const [Q30, K30] = [times(Q, 30), times(K, 30)];
      const soft = m.softmaxAttention(Q30, K30, V, { scale: 1 });
      [900, 900, 1800, 675].forEach((x, i) => near(soft.logNormalizer[i], x, 1e-12, `softmax logNormalizer[${i}]`));
      const pos = m.performerAttention(Q30, K30, V, { W, scale: 1 });
      const smallColumn = [-2.5945759662981751e-62, -1.4815117836785735e-36, -1.3863432936413004e-49, -4.8430877583669471e-30];
      smallColumn.forEach((x, i) => {
        near(pos.out.data[2 * i], 1, 1e-12, `positive out[${i}][0]`);
        assert.ok(Math.abs(pos.out.data[2 * i + 1] - x) <= 1e-9 * Math.abs(x), `positive out[${i}][1]: ${pos.out.data[2 * i + 1]} vs ${x}`);
      });
      [-518.59861228866811, -533.59861167686366, -968.59861198276584, -646.09861198276584].forEach((x, i) =>
        near(pos.logDenominator[i], x, 1e-10, `positive logD[${i}]`),
      );
      const hyp = m.performerAttention(Q30, K30, V, { W, scale: 1, kind: 'hyperbolic' });
      [-518.59861228866811, -534.2917588574236, -969.29175916332569, -646.7917588574236].forEach((x, i) =>
        near(hyp.logDenominator[i], x, 1e-10, `hyperbolic logD[${i}]`),
      );
      const naive = m.performerAttention(Q30, K30, V, { W, scale: 1, stabilizer: 'none' });
      assert.ok(row(naive.out, 2).every(Number.isNaN), "'none': row 2 is 0/0");
      const eps = m.performerAttention(Q30, K30, V, { W, scale: 1, stabilizer: 'reference-eps' });
      for (let i = 0; i < 4; i++) row(eps.out, i).forEach((x, j) => near(x, [1, 0.25][j], 1e-12, `reference-eps out[${i}][${j}]`));
      assert.deepEqual(Array.from(m.performerAttention(Q30, K30, V, { W, scale: 1, kind: 'trig' }).nonpositiveRows), [3]);
      const causalTrig = m.performerAttention(Q30, K30, V, { W, scale: 1, kind: 'trig', causal: true });
      assert.deepEqual(Array.from(causalTrig.nonpositiveRows), [0, 1, 3]);
      assert.ok(Number.isNaN(causalTrig.logDenominator[0]), 'a flagged row has no log D');
    });

    it('T-P5: golden Gaussians, projections and chi quantiles', () => {
      const iid = m.drawOmegas(3, 4, { orthogonal: false, seed: 42 });
      [0.8822489062222688, 1.388473285287707, -0.4508498757188601, 0.6707164409024291, 0.1883526341159315, -0.20510403042316847].forEach(
        (x, i) => near(iid.data[i], x, 1e-12, `iid[${i}]`),
      );
      const orf = m.drawOmegas(3, 4, { seed: 42 });
      [0.5944714822311902, -0.4071717599250777, -0.09066276470760429].forEach((x, j) =>
        near(orf.data[3 + j], x, 1e-12, `orthogonal row 1[${j}]`),
      );
      const quantile = m.drawOmegas(3, 4, { seed: 42, norms: 'quantile' });
      [-1.4517727800413784, -1.5903048915972617, 0.07009866603723178].forEach((x, j) =>
        near(quantile.data[9 + j], x, 1e-12, `quantile row 3[${j}]`),
      );
      const fixed = m.drawOmegas(3, 4, { seed: 42, norms: 'fixed' });
      for (let i = 0; i < 4; i++) near(Math.hypot(...row(fixed, i)), Math.sqrt(3), 1e-14, `fixed norm ${i}`);
      [1.2840469687927966, 1.6591692753079095, 2.0111256774874398, 2.4471650320328305].forEach((x, i) =>
        near(m.chiQuantile(4, (i + 1) / 5), x, 1e-13, `chi_4 quantile ${(i + 1) / 5}`),
      );
    });

    it('T-P2: closed-form variances, relative and absolute, i.i.d. and orthogonal', () => {
      const rz = Math.sqrt(1.875);
      const rd = Math.sqrt(0.375);
      near(m.kernelRelativeVariance([rz], 4, 1, { orthogonal: false })[0], 5.52081912033011, 1e-12, 'positive relVar');
      near(
        m.kernelRelativeVariance([rz], 4, 1, { orthogonal: false, kind: 'hyperbolic' })[0],
        2.33708704358752,
        1e-12,
        'hyperbolic relVar',
      );
      near(m.kernelRelativeVariance([rd], 4, 1, { orthogonal: false, kind: 'trig' })[0], 0.0711403467045868, 1e-12, 'trig relVar');
      const q = [0.5, 0.25, 0, -0.25];
      const k = [0.5, 0, 0.5, -0.5];
      const cases = [
        ['positive', 4, true, 2.62990632644],
        ['positive', 16, false, 0.730473385591],
        ['hyperbolic', 4, true, 0.944916111596],
        ['trig', 16, true, 0.00430410525239],
      ];
      for (const [kind, mFeat, orthogonal, variance] of cases) {
        const s = m.kernelEstimateStats(q, k, mFeat, { kind, orthogonal, trials: 2 });
        near(s.sm, Math.exp(0.375), 1e-14, 'SM');
        assert.equal(s.cfAvailable, true);
        near(s.cfVar, variance, 1e-10, `${kind} m=${mFeat} ${orthogonal ? 'ORF' : 'iid'} variance`);
      }
    });

    it('T-P6: Monte Carlo golden runs on both paths', () => {
      const golden = [
        ['full', 4, false, 'positive', 1.004244574, 0.1652234229],
        ['full', 16, true, 'trig', 0.9996743589, 0.003549620945],
        ['projection', 4, false, 'hyperbolic', 0.9979878615, 0.03081784819],
        ['projection', 16, true, 'positive', 1.00049237, 0.03719493988],
      ];
      for (const [path, mFeat, orthogonal, kind, mean, variance] of golden) {
        const s = m.kernelEstimateStats([0.5, 0, 0, 0], [0, 0.5, 0, 0], mFeat, { path, orthogonal, kind, trials: 10000, seed: 7 });
        near(s.mcMean, mean, 1e-9, `${path} m=${mFeat} ${kind} mean`);
        near(s.mcVar, variance, 1e-8, `${path} m=${mFeat} ${kind} variance`);
        assert.equal(s.relative.length, 4096, 'the first 4096 estimates are kept');
      }
      const one = m.kernelEstimateStats([1], [0], 1, { trials: 1 });
      assert.ok(Number.isNaN(one.mcVar), 'one trial: no variance');
    });

    it('T-P8: the bias of quantile and fixed norms in closed form', () => {
      const rows = [
        [4, 4, 0.5, 0.971140957351, 0.990419223626],
        [16, 16, 1.875, 0.976157795952, 0.957367806396],
        [64, 64, 8, 0.96647244012, 0.809799827743],
      ];
      for (const [d, mFeat, z2, quantile, fixed] of rows) {
        near(m.kernelRelativeMoments(z2, 0, d, mFeat, { norms: 'quantile' }).mean, quantile, 1e-11, `quantile d=${d}`);
        near(m.kernelRelativeMoments(z2, 0, d, mFeat, { norms: 'fixed' }).mean, fixed, 1e-11, `fixed d=${d}`);
        assert.equal(m.kernelRelativeMoments(z2, 0, d, mFeat, { norms: 'fixed' }).available, false, 'no closed-form variance');
      }
    });

    it('the cost model: Performer linear in n, softmax quadratic', () => {
      const at = (n) => m.attentionCost(n, n, 64, 64, 256);
      near(at(1024).performerFlops / at(512).performerFlops, 2, 0.05, 'performer flops double');
      near(at(1024).softmaxFlops / at(512).softmaxFlops, 4, 0.05, 'softmax flops quadruple');
      assert.equal(at(512).softmaxMemory, 512 * 512);
    });

    it('names the argument that is wrong', () => {
      const bad = [
        [() => m.softmaxAttention(Q, [[1, 2, 3]], V), /^softmaxAttention: K/],
        [() => m.softmaxAttention(Q, K, [[1, 0]]), /^softmaxAttention: V/],
        [() => m.softmaxAttention([[1, NaN]], K, V), /^softmaxAttention: Q.*(NaN|finite)/],
        [() => m.softmaxAttention(Q, K.slice(0, 3), V.slice(0, 3), { causal: true }), /^softmaxAttention: .*causal/],
        [() => m.performerAttention(Q, K, V, { m: 0 }), /^performerAttention: m/],
        [() => m.performerAttention(Q, K, V, { m: 2 ** 40 }), /^performerAttention: m/],
        [() => m.performerAttention(Q, K, V, { W: [[1, 2, 3]] }), /^performerAttention: W/],
        [() => m.performerAttention(Q, K, V, { kind: 'cosine' }), /^performerAttention: kind must be one of positive, hyperbolic, trig/],
        [() => m.performerAttentionMatrix(Q, K, W, { scale: Infinity }), /^performerAttentionMatrix: scale/],
        [() => m.chiQuantile(4, 1), /^chiQuantile: p/],
        [() => m.kernelEstimateStats([1, 2], [1], 4), /^kernelEstimateStats: k has 1 entries but q has 2/],
        [() => m.kernelEstimateStats([1, 2], [1, 0], 4, { trials: 1e9 }), /^kernelEstimateStats: trials/],
        [() => m.drawOmegas(0, 4), /^drawOmegas: d/],
      ];
      for (const [call, message] of bad)
        assert.throws(call, (e) => (e instanceof RangeError || e instanceof TypeError) && message.test(e.message));
    });
  });

  describe(`Nyströmformer attention (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });

    it('largestLogit: the largest scale q . k, against brute force; overflow and empty input refused', () => {
      // Integer entries: every dot product is exact, so the answer is too.
      const Q = [
        [1, -2, 3],
        [0, 4, -1],
        [2, 2, 2],
        [-3, 0, 1],
      ];
      const K = [
        [2, 1, 0],
        [-1, -1, 5],
        [0, 3, -2],
      ];
      const dots = Q.flatMap((q) => K.map((k) => q.reduce((sum, x, c) => sum + x * k[c], 0)));
      assert.equal(m.largestLogit(Q, K, { scale: 0.5 }), 0.5 * Math.max(...dots));
      assert.equal(m.largestLogit(Q, K, { scale: -2 }), -2 * Math.min(...dots), 'a negative scale takes the smallest dot');
      assert.equal(m.largestLogit(Q, K), Math.max(...dots) / Math.sqrt(3), 'scale default 1/sqrt(d)');
      // More rows than one block of queries (2^16 logits): every block is searched.
      const n = 700;
      const rows = (seed) => Array.from({ length: n }, (_, i) => [Math.sin(i * seed), Math.cos(i * 0.37 * seed)]);
      const [Qb, Kb] = [rows(1.3), rows(0.7)];
      let top = -Infinity;
      for (const q of Qb) for (const k of Kb) top = Math.max(top, 3 * (q[0] * k[0] + q[1] * k[1]));
      near(m.largestLogit(Qb, Kb, { scale: 3 }), top, 1e-15, 'largest logit over 700 x 700');
      assert.throws(
        () => m.largestLogit([[1e200, 1e200]], [[1e200, 1e200]]),
        (e) => e instanceof RangeError && /^largestLogit: .*overflows the double range/.test(e.message),
      );
      assert.throws(() => m.largestLogit({ rows: 0, cols: 3, data: [] }, K), /largestLogit: Q has no rows/);
      assert.throws(() => m.largestLogit(Q, [[1, 2]]), /largestLogit: K \(1x2\) must have as many columns as Q/);
    });

    it('errors: true gives the errors attentionErrors finds for the same S-hat, bit for bit, with or without S-hat', () => {
      const { Q, K, V: Vs } = m.attentionInputs('clusters', 96, 8, { seed: 4 });
      for (const [pinv, landmarks] of [
        ['iterative', 'segment'],
        ['svd', 'random'],
        ['identity', 'kmeans'],
      ]) {
        const options = { pinv, landmarks, scale: 0.7, seed: 2, history: false };
        const both = m.nystromAttention(Q, K, Vs, 12, { ...options, returnMatrix: true, errors: true });
        const expected = m.attentionErrors(m.attentionMatrix(Q, K, { scale: 0.7 }), both.Shat, { V: Vs });
        assert.deepEqual(both.errors, expected, pinv);
        const alone = m.nystromAttention(Q, K, Vs, 12, { ...options, errors: true });
        assert.equal(alone.Shat, undefined);
        assert.deepEqual(alone.errors, expected, `${pinv} without returnMatrix`);
        assert.ok(Number.isNaN(alone.errors.floor), 'no singular values, no floor');
      }
      assert.equal(m.nystromAttention(Q, K, Vs, 12).errors, undefined);
      assert.throws(() => m.nystromAttention(Q, K, Vs, 12, { errors: 1 }), /nystromAttention: errors must be true or false/);
    });

    it('T-N1: S, the kernels, S-hat with the exact middle matrix, and its errors', () => {
      const S = m.attentionMatrix(TN1.Q, TN1.K, { scale: 1 });
      TN1.S.flat().forEach((x, i) => near(S.data[i], x, 1e-14, `S[${i}]`));
      const r = m.nystromAttention(TN1.Q, TN1.K, V, 2, { scale: 1, pinv: 'svd', returnMatrix: true });
      TN1.Shat.flat().forEach((x, i) => near(r.Shat.data[i], x, 1e-12, `Shat[${i}]`));
      [1 / 3, 2 / 3, 1 / 5, 4 / 5].forEach((x, i) => near(r.A.data[i], x, 1e-14, `A[${i}]`));
      [6, -5, -1.5, 2.5].forEach((x, i) => near(r.Z.data[i], x, 1e-12, `A^-1[${i}]`));
      assert.equal(r.paperMode, true);
      near(r.Qt.data[0], 1, 1e-15, 'segment mean of Q');
      const e = m.attentionErrors(S, r.Shat, { V, singularValues: TN1.sigma, m: 2 });
      near(e.relative, 0.12018949, 1e-8, 'relative error');
      near(e.rowSumDev, 0, 1e-14, 'rows of S-hat sum to 1');
      near(e.negativeMass, -27 / 765, 1e-13, 'negative mass');
      // The file gives the floor squared and absolute: sigma_3^2 + sigma_4^2.
      near(e.floor ** 2 * (3599249 / 1790100), 0.00820107053064825, 1e-10, 'Eckart-Young floor, m = 2');
      const SV = m.softmaxAttention(TN1.Q, TN1.K, V, { scale: 1 }).out;
      near(e.output ** 2 * SV.data.reduce((s, x) => s + x * x, 0), 0.0211090466, 1e-9, '||S-hat V - S V||^2');
      const dual = m.nystromAttention(TN1.Q, TN1.K, V, 2, { scale: 1, pinv: 'identity', returnMatrix: true });
      near(m.attentionErrors(S, dual.Shat).relative ** 2 * (3599249 / 1790100), 0.287727565809, 1e-11, 'dual softmax error');
    });

    it("T-N1: the iterative pseudo-inverse's residuals step by step", () => {
      const r = m.nystromAttention(TN1.Q, TN1.K, V, 2, { scale: 1 });
      const { history } = m.iterativePinv(r.A, { iters: 6 });
      assert.equal(history.length, 7);
      TN1.history.forEach(([p1, zErr, eNorm], k) => {
        const tol = k < 6 ? 1e-9 : 1e-8;
        near(history[k].p1 * A_TN1_NORM, p1, tol, `p1 at k=${k}`);
        near(history[k].zError * AINV_TN1_NORM, zErr, tol, `zError at k=${k}`);
        near(history[k].eNorm, eNorm, tol, `eNorm at k=${k}`);
        assert.equal(history[k].matmuls, 4 * k, 'Razavi: 4 products a step');
      });
      assert.deepEqual(r.pinvHistory.length, 7, 'the attention reports the same history');
      const quiet = m.nystromAttention(TN1.Q, TN1.K, V, 2, { scale: 1, history: false });
      assert.deepEqual(quiet.pinvHistory, [], 'history: false measures nothing');
      assert.deepEqual(Array.from(quiet.out.data), Array.from(r.out.data), 'and changes nothing else');
    });

    it('T-N2: on a singular A the iteration converges, then drifts by 3.25 a step', () => {
      const A = [
        [1 / 3, 2 / 3, 0],
        [1 / 5, 1 / 5, 3 / 5],
        [1 / 3, 2 / 3, 0],
      ];
      const { history, diverged } = m.iterativePinv(A, { iters: 30 });
      assert.equal(diverged, false);
      assert.ok(Math.min(...history.slice(0, 9).map((s) => s.zError)) < 1e-14, 'best error by step 8 below 1e-14');
      near(history[30].zError / history[20].zError, 3.25 ** 10, 0.01 * 3.25 ** 10, 'growth from step 20 to 30');
      assert.ok(history[30].p1 < 1e-10, 'P1 stays tiny while the iterate drifts');
    });

    it('T-N3: the scalar map f_6 and its basin', () => {
      const f6 = m.pinvFilter([1, 0.01, 1e-3, 1e-4, 1e-5, 1e-6], { iters: 6 });
      [1, 0.999979229079417, 0.687187873062659, 0.111011479737406, 0.0117133410429051, 0.00117770892362198].forEach((x, i) =>
        near(f6[i], x, 1e-12, `f6[${i}]`),
      );
      const [three, four] = m.pinvFilter([3, 4], { iters: 1 });
      assert.equal(three, 3, '3 is a fixed point');
      assert.equal(four, 1, 'h(4) = 1');
      near(m.pinvFilter([5.93170469292522e-4], { iters: 6 })[0], 0.5, 1e-11, 'half-inversion cutoff t*_6');
    });

    it('T-N4: random landmarks from seed 42 make the exact middle worse than six iterations', () => {
      const S = m.attentionMatrix(TN4.Q, TN4.K, { scale: 0.5 });
      const opts = { scale: 0.5, landmarks: 'random', seed: 42, returnMatrix: true };
      const exact = m.nystromAttention(TN4.Q, TN4.K, TN4.V, 4, { ...opts, pinv: 'svd' });
      assert.deepEqual(Array.from(exact.rows), [3, 5, 7, 11]);
      near(m.attentionErrors(S, exact.Shat).relative, 6.46153031502, 1e-9, 'A^-1 error');
      near(exact.kappaA, 132.415, 1e-5, 'kappa(A)');
      const six = m.nystromAttention(TN4.Q, TN4.K, TN4.V, 4, opts);
      near(m.attentionErrors(S, six.Shat, { V: TN4.V }).relative, 0.953721051398, 1e-9, 'Z_6 error');
      near(m.attentionErrors(S, six.Shat, { V: TN4.V }).output, 0.586152380732, 1e-9, 'Z_6 output error');
      const segment = m.nystromAttention(TN4.Q, TN4.K, TN4.V, 8, { scale: 0.5, pinv: 'svd', returnMatrix: true });
      near(m.attentionErrors(S, segment.Shat).relative, 0.0120432474487, 1e-9, 'segment m=8 A^-1 error');
    });

    it('T-N6: demo inputs are bit-identical to the golden Irwin-Hall draws', () => {
      const { Q: q, K: k, V: v } = m.attentionInputs('iid', 8, 4, { seed: 1 });
      assert.deepEqual(Array.from(q.data.subarray(0, 3)), [1.4243480905156511, -0.6189042598785681, -0.5907667571367323]);
      assert.deepEqual([q.rows, q.cols, k.rows, v.cols], [8, 4, 8, 4]);
      const sharp = m.attentionInputs('sharp', 16, 4, { seed: 3 });
      assert.deepEqual(Array.from(sharp.Q.data), Array.from(sharp.K.data), 'sharp: K = Q');
      near(Math.hypot(...row(sharp.Q, 5)), 1, 1e-15, 'sharp: unit rows');
    });

    it('m = 1 and scale 0 are exact special cases', () => {
      const one = m.nystromAttention(TN4.Q, TN4.K, TN4.V, 1, { scale: 0.5, returnMatrix: true });
      assert.deepEqual(Array.from(one.Z.data), [1]);
      const flat = m.nystromAttention(TN4.Q, TN4.K, TN4.V, 4, { scale: 0, returnMatrix: true });
      for (const x of flat.Shat.data) near(x, 1 / 16, 1e-15, 'scale 0: S-hat = J/n');
    });

    it('names the argument that is wrong', () => {
      const bad = [
        [() => m.nystromAttention(TN4.Q, TN4.K, TN4.V, 0), /^nystromAttention: m = 0 must be in 1\.\.n = 16/],
        [() => m.nystromAttention(TN4.Q, TN4.K, TN4.V, 17), /^nystromAttention: m = 17/],
        [() => m.nystromAttention(TN4.Q, TN1.K, TN4.V, 2), /^nystromAttention: K/],
        [() => m.nystromAttention(TN4.Q, TN4.K, TN4.V, 2, { pinvIters: 61 }), /^nystromAttention: pinvIters/],
        [() => m.nystromAttention(TN4.Q, TN4.K, TN4.V, 2, { landmarks: 'manual' }), /^nystromAttention: indices/],
        [
          () => m.nystromAttention(TN4.Q, TN4.K, TN4.V, 2, { landmarks: 'manual', indices: [1, 1] }),
          /^nystromAttention: indices\[1\] = 1 is repeated/,
        ],
        [() => m.iterativePinv([[1, Infinity]]), /^iterativePinv: A/],
        [() => m.iterativePinv([[1]], { initScale: 0 }), /^iterativePinv: initScale/],
        [() => m.attentionErrors([[1]], [[1, 0]]), /^attentionErrors: Shat/],
        [() => m.attentionInputs('gaussian', 8, 4), /^attentionInputs: kind must be one of/],
        [() => m.attentionInputs('iid', 10000, 4), /^attentionInputs: n = 10000/],
      ];
      for (const [call, message] of bad)
        assert.throws(call, (e) => (e instanceof RangeError || e instanceof TypeError) && message.test(e.message));
    });
  });
}
