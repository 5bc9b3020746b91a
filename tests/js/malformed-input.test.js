// Property test: every public function, fed malformed arguments in every position, either returns or
// throws a TypeError/RangeError whose message starts with the function's name (so it names what was
// wrong); never an internal error, a crash of the module, or a leak. Then a long mixed run of valid
// and invalid calls ends with the wasm heap at its baseline.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { VARIANTS, loadVariant, rng } from './variants.js';

// biome-ignore lint/suspicious/noSparseArray: a hole is the malformed input under test
const sparse = [1, , 3];
// biome-ignore format: a list of values, packed
const GARBAGE = [
  undefined, null, 'abc', '', 0, -1, 1.5, NaN, Infinity, -Infinity, 1e308, true, {}, [], [[]], sparse,
  ['1', '2'], [1, 'x'], [NaN, NaN], [Infinity], new Int8Array(3), new Float32Array(0), { rows: -1, cols: 2, data: [] },
  { rows: 2, cols: 2, data: [1, 2, 3] }, { rows: 1.5, cols: 1, data: [1] }, { rows: 1e6, cols: 1e6, data: [] },
  [[1, 2], [3]], [[1, 'a']], () => 1, Symbol('s'), 10n, { length: 3 }, { tau: 'x' }, { method: 'nope' },
];

// A valid call of each function; its arguments are then replaced one at a time by garbage.
// biome-ignore format: a table, one function per line
const VALID = {
  logsumexp: [[1, 2, 3], { tau: 1 }],
  softmax: [[1, 2, 3], { tau: 1 }],
  lseGradient: [[1, 2, 3], { tau: 1 }],
  lseHessian: [[1, 2, 3], { tau: 1 }],
  renyiEntropy: [[0.2, 0.3, 0.5], 2],
  lseBounds: [[1, 2, 3], { tau: 1, p: [0.2, 0.3, 0.5], t: 2, y: [0, 1, 2], mix: 0.5 }],
  hardTopK: [[3, 2, 1, 4], 2, { ties: 'share' }],
  topKSum: [[3, 2, 1, 4], 2],
  smoothTopK: [[3, 2, 1, 4], 2, { tau: 1, method: 'gradtopk' }],
  thresholdFunction: ['threshold-sigmoid', 'f', 0.5],
  clipByGlobalNorm: [[[3, 4]], 1, { nonFinite: 'report' }],
  clipPerTensor: [[[3, 4]], 1, {}],
  clipByValue: [[[3, 4]], 1],
  globalNorm: [[[3, 4]]],
  clipLrByInnerProduct: [0.1, [1, 1], [0.5, 0.2], 1],
  signStats: [[3, -4]],
  quadraticStepLossChange: [[1, 1], [3, 4], [3, 4], 0.01],
  normalQuantile: [0.3],
  gaussianQuantileVector: [10, 1],
  adamScaleSweep: [[10, 100], { law: 'gaussian' }],
  simulateTraining: [{ steps: 10, problem: 'softmax' }],
  pinv: [[[1, 2], [3, 4]], { method: 'cod' }],
  singularValues: [[[1, 2], [3, 4]]],
  penroseResiduals: [[[1, 2], [3, 4]], [[1, 0], [0, 1]]],
  lstsq: [[[1, 2], [3, 4]], [1, 2]],
  pinvEig: [[[1, 2], [3, 4]], { rtol: 1e-12 }],
  ridge: [[[1, 2], [3, 4]], 1e-3, { form: 'naive' }],
  ridgeCurve: [[[1, 2], [3, 4]], [1, 1e-3]],
  crMatmul: [[[3, 0, 3], [0, 4, 4]], [[1, 0], [0, 2], [0, 1]], 2, { seed: 1 }],
  crMonteCarlo: [[[3, 0, 3], [0, 4, 4]], [[1, 0], [0, 2], [0, 1]], 2, { count: 10 }],
  crExpectedError: [[[3, 0, 3], [0, 4, 4]], [[1, 0], [0, 2], [0, 1]], 2, [0.5, 0.25, 0.25]],
  crRefit: [[[3, 0, 3], [0, 4, 4]], [[1, 0], [0, 2], [0, 1]], [0, 1]],
  cur: [[[9, 8, 5], [7, 4, 2], [3, 4, 4]], 2, { select: 'deim' }],
  curFromIndices: [[[9, 8, 5], [7, 4, 2], [3, 4, 4]], [0, 1], [1, 2]],
  softmaxAttention: [[[1, 0], [0, 1]], [[0.5, 0], [0, -1]], [[1, 0], [0, 1]], { scale: 1, causal: true }],
  softmaxAttentionWeights: [[[1, 0], [0, 1]], [[0.5, 0], [0, -1]], { scale: 1 }],
  drawOmegas: [2, 3, { orthogonal: true, norms: 'quantile', seed: 1, qr: 'gram-schmidt' }],
  performerFeatures: [[[1, 0], [0, 1]], [[1, 0], [0, 1], [-1, 1]], { kind: 'hyperbolic', scale: 1 }],
  performerAttention: [[[1, 0], [0, 1]], [[0.5, 0], [0, -1]], [[1, 0], [0, 1]], { m: 4, kind: 'trig', seed: 2, causal: true }],
  performerAttentionMatrix: [[[1, 0], [0, 1]], [[0.5, 0], [0, -1]], [[1, 0], [0, 1], [-1, 1]], { kind: 'positive' }],
  kernelEstimateStats: [[0.5, 0], [0, 0.5], 4, { trials: 10, path: 'full' }],
  kernelRelativeVariance: [[0.5, 1], 4, 8, { kind: 'trig', orthogonal: false }],
  kernelRelativeMoments: [0.5, 0.5, 4, 4, { norms: 'fixed' }],
  chiQuantile: [4, 0.5],
  attentionCost: [512, 512, 64, 64, 256, { kind: 'hyperbolic' }],
  attentionMatrix: [[[0], [2], [1]], [[0], [1], [2]], { scale: 1 }],
  largestLogit: [[[0], [2], [1]], [[0], [1], [2]], { scale: 1 }],
  nystromAttention: [[[0], [2], [1], [3]], [[0], [1], [2], [3]], [[1, 0], [0, 1], [1, 1], [2, -1]], 2, { pinv: 'iterative', pinvIters: 3 }],
  iterativePinv: [[[1, 2], [3, 4]], { iters: 4, method: 'chebyshev' }],
  pinvFilter: [[0.1, 1, 3], { iters: 6, method: 'newton-schulz' }],
  attentionErrors: [[[0.5, 0.5], [0.2, 0.8]], [[0.6, 0.4], [0.2, 0.8]], { V: [[1], [2]], singularValues: [1, 0.3], m: 1 }],
  attentionInputs: ['clusters', 16, 4, { seed: 3 }],
  syntheticScorer: [{ rank: 4, noise: 0.1, kind: 'tanh', beta: 2, seed: 3 }],
  syntheticScores: [3, 5, { kind: 'linear' }],
  inverseScores: [[0.1, 0.5], { kind: 'tanh', beta: 2 }],
  exactTopK: [[3, 1, 2], 2],
  recallAtK: [[1, 2], [2, 3]],
  recallCurve: [[0.3, 0.1, 0.2], [0, 2], [1, 2]],
  selectAnchorItems: [[[3, 3, 2, 7], [4, -1, 6, 6]], 2, { method: 'cpqr' }],
  curRetrievalIndex: [[[3, 3, 2, 7], [4, -1, 6, 6]], [1, 2], { rtol: 1e-12 }],
  curRetrieve: [{ E: { rows: 1, cols: 3, data: [1, 2, 3] }, anchors: [1] }, [2], { k: 1, rerank: 2, exactScores: (ids) => Array.from(ids, () => 1) }],
  adaptiveCurRetrieve: [[[3, 3, 2, 7, 1], [4, -1, 6, 6, 2]], (ids) => Array.from(ids, (i) => i), { k: 1, budget: 3, k0: 1, rounds: 2 }],
  evaluateCurRetrieval: [{ scorer: { rank: 2 }, nItems: 20, kq: 4, ki: 2, nTest: 2, k: 2, krValues: [2, 5], baselines: ['random', 'de1'] }],
  attentionScale: [{ mode: 'annealed-invariant', n: 1024, d: 64, gain: 2 }],
  rowEntropy: [[1, 2, -Infinity], { scale: 0.5 }],
  attentionEntropy: [[[1, 2, -Infinity], [0, 1, 2]], 0.5, { causal: true, lengthScale: 'global', base: 2 }],
  attentionEntropyQK: [[[1, 0], [0, 1]], [[1, 0], [0, 1], [1, 1]], 0.7, { lengthScale: 'per-row' }],
  entropyScores: [{ d: 4, rows: 4, n: 8, seed: 3, keys: 'sphere' }],
  entropyVsLength: [{ d: 4, rows: 4, lengths: [4, 8], modes: ['standard', 'entropy-normalized'], base: 8, seed: 3 }],
  annealedEntropy: [512, 16, 0.25, { keys: 'sphere' }],
  invariantScale: [1024, 64, 5, { keys: 'gaussian' }],
  sphereTilt: [1],
  entropyNormalize: [{ probs: [0.5, 0.3, 0.2], target: 0.8 }],
  articleIteration: [[0.5, 0.3, 0.2], 0.8, { iters: 4 }],
  jlProjectionMatrix: [4, 8, 7],
  jlProjectionDistortion: [[[1, 0], [0, 1], [1, 1]], 4, 7, { eps: 0.5 }],
  jlBounds: [64, 0.5, 16],
};

function callSafely(fn, args) {
  try {
    fn(...args);
    return null;
  } catch (e) {
    return e;
  }
}

for (const variant of VARIANTS) {
  describe(`malformed input (${variant})`, () => {
    let m;
    before(async () => {
      m = await loadVariant(variant);
    });

    it('covers every function of the API', () => {
      const functions = Object.keys(m).filter((k) => typeof m[k] === 'function' && k !== 'heapInUse');
      assert.deepEqual(
        functions.filter((k) => !(k in VALID)),
        [],
        'functions without a malformed-input case',
      );
    });

    it('every function gives a result or a clear, named error for garbage in every argument', () => {
      let errors = 0;
      for (const [name, args] of Object.entries(VALID)) {
        assert.equal(callSafely(m[name], args), null, `${name}: the valid call works`);
        for (let position = 0; position < args.length + 1; position++) {
          for (const junk of GARBAGE) {
            const bad = args.slice();
            bad[position] = junk;
            const e = callSafely(m[name], bad);
            if (!e) continue;
            errors++;
            assert.ok(e instanceof TypeError || e instanceof RangeError || e.constructor === Error, `${name}: ${e}`);
            assert.ok(e.message.startsWith(`${name}: `), `${name} arg ${position} = ${String(junk)}: "${e.message}"`);
          }
        }
        // Still usable after all that.
        assert.equal(callSafely(m[name], args), null, `${name}: works again after the errors`);
      }
      assert.ok(errors > 500, `garbage was rejected (${errors} errors)`);
    });

    it('a long mixed run of 100,000 calls, errors included, leaves the heap at its baseline', () => {
      const next = rng(2026);
      const names = Object.keys(VALID).filter(
        (n) => !['simulateTraining', 'crMonteCarlo', 'adamScaleSweep', 'gaussianQuantileVector'].includes(n),
      );
      const run = (i) => {
        const name = names[i % names.length];
        const args = VALID[name].slice();
        if (next() < 0.3) args[Math.floor(next() * args.length)] = GARBAGE[Math.floor(next() * GARBAGE.length)];
        callSafely(m[name], args);
      };
      for (let i = 0; i < names.length * 2; i++) run(i); // warm-up: first-call allocations join the baseline
      const baseline = m.heapInUse();
      for (let i = 0; i < 100_000; i++) run(i);
      assert.equal(m.heapInUse(), baseline);
    });
  });
}
