// Entropy-invariant attention through the JS API on both wasm builds, against the oracles of
// shared/math/entropy-invariant-attention.md (T-E1 to T-E8) to the file's tolerances (1e-12 where a
// value crosses libm's log, sin or cos), the documented statuses and edge cases, and errors that name
// the argument.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { VARIANTS, loadVariant } from './variants.js';

const near = (a, b, tol, label) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${label}: ${a} vs ${b}`);
const relative = (a, b, tol, label) => assert.ok(Math.abs(a - b) <= tol * Math.abs(b), `${label}: ${a} vs ${b}`);

// T-E1: z, exact H.
const TE1 = [
  [[0, 0, 0, 0], Math.log(4)],
  [[1, 2, 3], 0.83239558183993887],
  [[0, 0.5, -2, 3, -1.25], 0.53162104442042677],
  [[1e8, 1e8 + 1], 0.58220310888821795],
  [[710, 709], 0.58220310888821795],
  [[1000, 1000, 0], Math.LN2],
  [[-1000, -1000], Math.LN2],
  [[0, -40], 1.7418252446695515e-16],
  [[5], 0],
  [[Infinity, Infinity, 0], Math.LN2],
];

// T-E5, unit-test config (d = 16, R = 8, seed 42): lambda, mean, sd, q05, q50, q95 for standard then logn.
const TE5 = [
  [0.25, 2.3625020249235074, 0.23567949503671545, 2.0178161296442654, 2.474581573913702, 2.58121947813157],
  [0.25, 3.7037392378250953, 0.1833940581356032, 3.434774836096385, 3.7806598189386476, 3.86239599489115],
  [0.25, 5.127408146499375, 0.15237179076563753, 4.925891546671965, 5.1422074453325965, 5.314538926416654],
  [1 / 9, 2.6789000111895387, 0.06497270410753689, 2.576686855889955, 2.701749364921667, 2.731449436855661],
  [1 / 6, 3.94985425030384, 0.08294585289270452, 3.822975149476572, 3.9858005823775438, 4.019559137093612],
  [2 / 9, 5.211682845129489, 0.12266414284510098, 5.047847650728, 5.224538515513054, 5.3609714923389795],
];

// T-E7: probabilities, target, gamma.
const TE7 = [
  [[0.5, 0.3, 0.2], 0.8, 2.2561900645651763],
  [Array.from({ length: 100 }, (_, j) => j + 1), Math.log(30), 7.0432859624498446],
  [[0.9, 0.1], 0.5, 0.63175538436946511],
  [[0.7, 0.2, 0.1], 1.09, 0.16118442125817146],
  [[0.7, 0.2, 0.1], 1.0, 0.54684766569888795],
  [[0.7, 0.2, 0.1], 0.2, 2.5736461615581712],
  [[0.6, 0.3, 0.1, 0], 0.5, 2.3796105391938616],
  [[0.5, 0.3, 0.2 - 1e-300, 1e-300], 0.3, 5.0828061616441466],
  [[0.9, 0.09, 0.01], 1.0, 0.25012608387328317],
  [[0.98, 0.01, 0.01], 1.0, 0.19499956614333208],
];

const TE8_X = [
  [1, 0, 0, 0, 0, 0, 0, 0],
  [0, 1, 0, 0, 0, 0, 0, 0],
  [1, 1, 1, 1, 0, 0, 0, 0],
  [2, -1, 0, 3, 1, 0, 0, -2],
  [0, 0, 0, 0, 1, 1, 1, 1],
  [3, 1, 4, 1, 5, 9, 2, 6],
];
const TE8_RHO = [
  1.9887523553620152, 0.7543891395418579, 1.0170690406252085, 0.6102630709520332, 0.9222077781012266, 1.0737836514714065,
  1.2024869333335841, 1.0180515036602302, 0.963888867645312, 0.8988837468266017, 0.7860496581345174, 1.0936959709297707, 1.248318681465141,
  1.3079591260690007, 0.8974149589512538,
];

for (const variant of VARIANTS) {
  describe(`entropy-invariant attention (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });

    it('T-E1: row entropies from gaps, where the naive forms fail', () => {
      for (const [z, h] of TE1) near(m.rowEntropy(z).entropy, h, 1e-15, `H(${z})`);
      assert.equal(m.rowEntropy([0, -800]).entropy, 0);
      assert.ok(Number.isNaN(m.rowEntropy([1e8, 1e8 + 1]).naivePLogP), 'the naive p log p overflows');
      assert.ok(Math.abs(m.rowEntropy([1e8, 1e8 + 1]).naiveLse - 0.58220310888821795) > 1e-9, 'lse - a.z cancels');
      const parts = m.rowEntropy([0, 0.5, -2, 3, -1.25, -Infinity]);
      assert.equal(parts.entropy, parts.logS + parts.gapMean);
      assert.ok(parts.logS >= 0 && parts.gapMean >= 0);
      assert.equal(parts.visible, 5);
      const logp = [0.5, 0.3, 0.2].map(Math.log);
      relative(m.rowEntropy(logp).entropy, 1.0296530140645735, 1e-15, 'H(0.5, 0.3, 0.2)');
      relative(m.rowEntropy(logp, { scale: 2 }).slope, -0.20580259681244039, 1e-13, 'dH/dgamma at 2');
    });

    it('T-E2: a small attention matrix, full and causal', () => {
      const Q = [
        [1, 0],
        [0, 1],
        [1, 1],
        [2, -1],
      ];
      const K = [
        [1, 0],
        [0, 1],
        [1, -1],
        [0.5, 0.5],
      ];
      const full = [1.3484798816833217, 1.2771345364094906, 1.3505932159622437, 1.0185602492718341];
      const causal = [0, 0.63434737435036244, 1.0533629775572445, 1.0185602492718341];
      const f = m.attentionEntropyQK(Q, K, Math.SQRT1_2);
      const c = m.attentionEntropyQK(Q, K, Math.SQRT1_2, { causal: true });
      const S = m.attentionEntropy(
        [
          [1, 0, 1, 0.5],
          [0, 1, -1, 0.5],
          [1, 1, 0, 1],
          [2, -1, 3, 0.5],
        ],
        Math.SQRT1_2,
      );
      for (let i = 0; i < 4; i++) {
        near(f.entropy[i], full[i], 1e-15, `full row ${i}`);
        near(S.entropy[i], full[i], 1e-15, `S row ${i}`);
        near(c.entropy[i], causal[i], 1e-15, `causal row ${i}`);
        assert.ok(f.entropy[i] >= f.fastBound[i] - 1e-12, 'the quick derivation is a floor');
        near(f.perplexity[i], Math.exp(full[i]), 1e-15, 'perplexity');
      }
      assert.deepEqual(Array.from(c.visible), [1, 2, 3, 4]);
    });

    it('T-E3: scale constants; log_512 2^j = j/9', () => {
      const logn = [0.083333, 0.097222, 0.111111, 0.125, 0.138889, 0.152778, 0.166667];
      // biome-ignore lint/suspicious/noApproximativeNumericConstant: the oracle's five digits, ln(512) / 9
      const chiang = [0.51986, 0.6065, 0.69315, 0.77979, 0.86643, 0.95308, 1.03972];
      for (let i = 0; i < 7; i++) {
        const n = 64 * 2 ** i;
        assert.ok(Math.abs(m.attentionScale({ mode: 'logn', n, d: 64 }).lambda - logn[i]) <= 5e-7, `logn ${n}`);
        assert.ok(Math.abs(m.attentionScale({ mode: 'chiang', n, d: 64 }).lambda - chiang[i]) <= 5e-6, `chiang ${n}`);
        near(m.attentionScale({ mode: 'logn', n, d: 1 }).lambda, (6 + i) / 9, 2.3e-16, `log_512 ${n}`);
      }
      assert.equal(m.attentionScale({ mode: 'logn', n: 512, d: 64 }).lambda, 0.125);
      assert.equal(m.attentionScale({ mode: 'logn-clipped', n: 64, d: 64 }).lambda, 0.125);
      assert.ok(Math.abs(m.attentionScale({ mode: 'standard', n: 512, d: 64, gain: 3.2491 }).lambda - 0.40614) <= 5e-6);
      const ann = m.attentionScale({ mode: 'annealed-invariant', n: 1024, d: 64 });
      assert.ok(Math.abs(ann.lambda - 0.19309) <= 1e-5 && !ann.unreachable);
      assert.equal(m.attentionScale({ mode: 'annealed-invariant', n: 64, d: 64 }).unreachable, true);
    });

    it('T-E4: Laplace constants, the 7695 table and annealed values', () => {
      const t = m.sphereTilt(1);
      relative(t.thetaStar, 0.90455689430238136, 1e-15, 'theta*');
      relative(t.peak, 0.37742807622009312, 1e-15, 'peak');
      relative(t.cStar, 0.61803398874989485, 1e-15, '1/phi');
      relative(t.g, 0.24060591252980172, 1e-15, 'g(1)');
      const hd = { 32: -7.7747051307, 64: -15.47340016, 128: -30.871833832, 512: -123.26424684 };
      for (const [d, want] of Object.entries(hd))
        relative(m.annealedEntropy(1, Number(d), 1, { keys: 'sphere' }).entropy, want, 1e-10, `h_${d}`);
      relative(m.annealedEntropy(512, 64, 0.125, { keys: 'sphere' }).entropy, 5.749330365193723, 1e-12, 'sphere 0.125');
      relative(m.annealedEntropy(512, 64, 0.25, { keys: 'sphere' }).entropy, 4.399463858339093, 1e-12, 'sphere 0.25');
      relative(m.annealedEntropy(64, 16, 0.25, { keys: 'sphere' }).entropy, 3.696421408139638, 1e-12, 'sphere d = 16');
      const g = m.annealedEntropy(512, 64, 0.5);
      relative(g.entropy, -1.761675374960492, 1e-14, 'Gaussian 0.5');
      assert.equal(g.unreliable, true);
      const target = m.annealedEntropy(512, 64, 0.125, { keys: 'sphere' }).entropy;
      const s = m.invariantScale(4096, 64, target, { keys: 'sphere' });
      near(m.annealedEntropy(4096, 64, s.lambda, { keys: 'sphere' }).entropy, target, 1e-11, 'invariant scale');
    });

    it('T-E5: entropyVsLength golden statistics and the prefix property', () => {
      const o = { d: 16, rows: 8, seed: 42, lengths: [16, 64, 256], modes: ['standard', 'logn'] };
      const { points } = m.entropyVsLength(o);
      assert.deepEqual(
        points.map((p) => `${p.mode} ${p.n}`),
        ['standard 16', 'standard 64', 'standard 256', 'logn 16', 'logn 64', 'logn 256'],
      );
      points.forEach((p, i) => {
        const [lambda, mean, sd, q05, q50, q95] = TE5[i];
        relative(p.lambda, lambda, 1e-15, `lambda ${i}`);
        relative(p.mean, mean, 1e-12, `mean ${i}`);
        relative(p.sd, sd, 1e-11, `sd ${i}`);
        relative(p.q05, q05, 1e-12, `q05 ${i}`);
        relative(p.q50, q50, 1e-12, `q50 ${i}`);
        relative(p.q95, q95, 1e-12, `q95 ${i}`);
        assert.equal(p.entropy.length, 8);
      });
      const longer = m.entropyVsLength({ ...o, maxKeys: 4096 }).points;
      points.forEach((p, i) => assert.deepEqual(longer[i].entropy, p.entropy, 'keys of a longer draw share their prefix'));
      // Kept scores (the widget's slider path) give the same sweep without drawing again.
      const scores = m.entropyScores({ d: 16, rows: 8, n: 4096, seed: 42 });
      assert.deepEqual([scores.rows, scores.cols], [8, 4096]);
      const kept = m.entropyVsLength({ d: 16, lengths: [16, 64, 256], modes: ['standard', 'logn'], scores }).points;
      points.forEach((p, i) => assert.deepEqual(kept[i].entropy, p.entropy, 'the same sweep from kept scores'));
    });

    it('T-E5: the demo sweep at beta = 3 and the restoring factors', () => {
      const { points } = m.entropyVsLength({ d: 64, rows: 64, lengths: [64, 512, 4096], gain: 3, modes: ['logn', 'entropy-normalized'] });
      near(points[0].mean, 2.6158480762, 1e-9, 'logn 64');
      near(points[1].mean, 3.060352542, 1e-9, 'logn 512');
      near(points[2].mean, 3.1200046341, 1e-9, 'logn 4096');
      assert.ok(Math.abs(points[3].factorMedian - 0.5164) <= 5e-5 && points[3].unreachableRows === 3);
      assert.equal(points[4].factorMedian, 1);
      assert.ok(Math.abs(points[5].factorMedian - 1.3854) <= 5e-5);
      assert.ok(Number.isNaN(points[0].factorMedian));
      for (const p of points) p.entropy.forEach((h, r) => assert.ok(h >= p.fastBounds[r] - 1e-12, 'fast bound'));
    });

    it('T-E7: entropy normalization hits the target on the order-keeping root', () => {
      for (const [probs, target, gamma] of TE7) {
        const r = m.entropyNormalize({ probs, target });
        assert.equal(r.status, 'ok');
        assert.ok(Math.abs(r.H - target) <= 1e-13 * Math.max(1, target), `H ${r.H} vs ${target}`);
        relative(r.gamma, gamma, 1e-12, `gamma for ${probs.slice(0, 4)} -> ${target}`);
        assert.ok(r.iterations <= 100);
      }
      const logits = m.entropyNormalize({ logits: [Math.log(0.5), Math.log(0.3), Math.log(0.2), -Infinity], target: 0.8 });
      relative(logits.gamma, 2.2561900645651763, 1e-12, 'from logits');
      assert.equal(logits.p[3], 0);
      const below = m.entropyNormalize({ probs: [0.4, 0.4, 0.2], target: 0.6 });
      assert.equal(below.status, 'target-below-min');
      assert.deepEqual(Array.from(below.p), [0.5, 0.5, 0]);
      assert.equal(m.entropyNormalize({ probs: [0.5, 0.5], target: 0.1 }).status, 'constant');
      const above = m.entropyNormalize({ probs: [0.6, 0.3, 0.1], target: 2 });
      assert.equal(above.status, 'target-above-max');
      assert.equal(above.gamma, 0);
    });

    it("T-E7: the article's loop converges, reverses the order, or blows up", () => {
      const easy = m.articleIteration([0.5, 0.3, 0.2], 0.8, { iters: 4 });
      near(easy.steps[3].cumulative, 2.2561900645651763, 1e-12, 'four updates');
      const wrong = m.articleIteration([0.9, 0.09, 0.01], 1, { iters: 60 });
      assert.equal(wrong.reversed, true);
      near(wrong.steps.at(-1).cumulative, -0.25234117954060969, 1e-12, 'order-reversing root');
      const blow = m.articleIteration([0.98, 0.01, 0.01], 1, { iters: 20 });
      assert.ok(Math.abs(blow.steps[0].gamma + 1.1554) <= 5e-5);
      assert.ok(blow.overflow || blow.nan);
      assert.equal(m.articleIteration([0.6, 0.3, 0.1, 0], 0.5).nan, true, '0 log 0');
    });

    it('T-E8: JL tails, required k and the golden projection', () => {
      const b = m.jlBounds(512, 0.5, 64);
      relative(b.exact, 0.006201608768, 1e-9, 'exact tail');
      relative(b.chernoff, 0.05062112148, 1e-9, 'Chernoff');
      relative(b.simple, 0.2706705665, 1e-9, 'simple');
      assert.deepEqual([b.kSimple, b.kChernoff, b.kExact, b.k24], [599, 382, 322, 599]);
      const A = m.jlProjectionMatrix(4, 8, 7);
      relative(A.data[0], 0.49423716615936764, 1e-14, 'A[0][0]');
      relative(A.data[7], 0.4954592407175929, 1e-14, 'A[0][7]');
      const r = m.jlProjectionDistortion(TE8_X, 4, 7, { eps: 0.5 });
      TE8_RHO.forEach((rho, i) => relative(r.ratios[i], rho, 1e-12, `rho ${i}`));
      relative(r.maxDeviation, 0.9887523553620152, 1e-12, 'max |rho - 1|');
      assert.ok(Number.isNaN(r.innerProductDeviation));
      const scaled = m.jlProjectionDistortion(
        TE8_X.map((row) => row.map((x) => x * 1e-200)),
        4,
        7,
      );
      TE8_RHO.forEach((rho, i) => relative(scaled.ratios[i], rho, 1e-12, `scaled rho ${i}`));
    });

    it('names the argument in every error and keeps the heap flat', () => {
      const heap = m.heapInUse();
      const cases = [
        [() => m.rowEntropy([]), RangeError, /^rowEntropy: z is empty/],
        [() => m.rowEntropy([1, 2], { scale: -1 }), RangeError, /^rowEntropy: scale/],
        [() => m.attentionScale({ n: 0.5, d: 64 }), RangeError, /^attentionScale: n = 0.5/],
        [() => m.attentionScale({ n: 8 }), TypeError, /^attentionScale: d is missing/],
        [() => m.attentionScale({ n: 8, d: 64, mode: 'qwen' }), RangeError, /^attentionScale: mode must be one of/],
        [() => m.attentionEntropy([[1, NaN]], 1), RangeError, /^attentionEntropy: S\[0\]\[1\]/],
        [() => m.attentionEntropy([[-Infinity, -Infinity]], 1), RangeError, /^attentionEntropy: S row 0/],
        [() => m.attentionEntropy([[1, 2]], 1, { lengthScale: 'row' }), RangeError, /^attentionEntropy: lengthScale/],
        [() => m.attentionEntropyQK([[1, 2]], [[1]], 1), RangeError, /^attentionEntropyQK: Q has 2 columns/],
        [() => m.entropyVsLength({ d: 2, keys: 'sphere', lengths: [8] }), RangeError, /^entropyVsLength: d = 2/],
        [() => m.entropyVsLength({ d: 8 }), TypeError, /^entropyVsLength: lengths is missing/],
        [() => m.entropyVsLength({ lengths: [8], scores: { rows: 2, cols: 4, data: [1] } }), RangeError, /^entropyVsLength: scores is 2x4/],
        [
          () => m.entropyVsLength({ lengths: [8], scores: { rows: 2, cols: 4, data: new Float64Array(8) } }),
          RangeError,
          /scores has 4 columns/,
        ],
        [
          () => m.entropyVsLength({ lengths: [4], seed: 1, scores: { rows: 2, cols: 4, data: new Float64Array(8) } }),
          TypeError,
          /scores replaces/,
        ],
        [() => m.entropyScores({ d: 8 }), TypeError, /^entropyScores: n is missing/],
        [() => m.entropyVsLength({ lengths: [0] }), RangeError, /^entropyVsLength: lengths/],
        [() => m.entropyVsLength({ lengths: [8], modes: ['logn', 'x'] }), RangeError, /^entropyVsLength: modes\[1\]/],
        [() => m.entropyVsLength({ d: 4096, rows: 4096, lengths: [4096] }), RangeError, /limit is 1.5e8/],
        [() => m.annealedEntropy(64, 2, 0.5, { keys: 'sphere' }), RangeError, /^annealedEntropy: d = 2/],
        [() => m.entropyNormalize({ probs: [0.5, -0.1], target: 0.3 }), RangeError, /^entropyNormalize: probs\[1\]/],
        [() => m.entropyNormalize({ logits: [0, Infinity], target: 0.3 }), RangeError, /^entropyNormalize: logits\[1\]/],
        [() => m.entropyNormalize({ probs: [0.5], logits: [1], target: 0 }), TypeError, /one of probs and logits/],
        [() => m.entropyNormalize({ logits: [0, -1e-310], target: 1e-300 }), Error, /^entropyNormalize: no bracket/],
        [() => m.articleIteration([0.5, 0.5], 0.3, { iters: 0 }), RangeError, /^articleIteration: iters/],
        [() => m.jlProjectionDistortion([[1, 2]], 2), RangeError, /^jlProjectionDistortion: X needs at least 2 rows/],
        [() => m.jlBounds(1, 0.5, 8), RangeError, /^jlBounds: N/],
        [() => m.jlBounds(64, 1, 8), RangeError, /^jlBounds: eps/],
      ];
      for (const [call, type, message] of cases) assert.throws(call, (e) => e instanceof type && message.test(e.message), String(message));
      assert.equal(m.heapInUse(), heap);
    });
  });
}
