// Type test of the public declarations (web/types/index.d.ts) as a user sees them through the
// package's exports. `tsc --noEmit --strict` must accept this file; each `@ts-expect-error` line is
// a wrong call the types must reject (tsc fails if one of them is accepted).
// Checked by tests/package/types.test.js, in the repository and in a project that installed the tarball.
import { load, loadWorker, simdSupported, MAX_VECTOR_LENGTH, MAX_MATRIX_DIM, MAX_MATRIX_ENTRIES } from 'mathlets';
import type { Mathlets, Matrix, LoadOptions, SmoothTopKResult, ClipResult, PinvResult, CurResult, CrRefit } from 'mathlets';
import 'mathlets/widgets';
import type { MathletCurElement, MathletState, LogsumexpDetail } from 'mathlets/widgets';
import * as inline from 'mathlets/inline';
import 'mathlets/widgets/inline';

const options: LoadOptions = { variant: 'auto', include: ['vector', 'matrix'] };
const m: Mathlets = await load(options);
await load({ include: ['vector'], wasmUrl: new URL('https://example.org/vector.wasm') });
await load({ wasmUrl: { vector: '/v.wasm', matrix: new URL('https://example.org/m.wasm') } });
// Attention: Performer and Nyströmformer.
const attention = await load({ include: ['attention'] });
const inputs = attention.attentionInputs('smooth', 64, 16, { seed: 1n });
const performer = attention.performerAttention(inputs.Q, inputs.K, inputs.V, { m: 128, kind: 'trig', stabilizer: 'log-domain' });
const negativeRows: Int32Array = performer.nonpositiveRows;
const nystrom = attention.nystromAttention(inputs.Q, inputs.K, inputs.V, 8, { landmarks: 'kmeans', pinv: 'svd', returnMatrix: true });
const drift: number[] = attention.iterativePinv(nystrom.A, { iters: 30, method: 'newton-schulz' }).history.map((s) => s.zError);
const spread: Float64Array = attention.kernelEstimateStats([1, 0], [0, 1], 16, { trials: 100 }).relative;
// @ts-expect-error the kinds of features are positive, hyperbolic and trig
attention.performerAttention(inputs.Q, inputs.K, inputs.V, { kind: 'cosine' });
// @ts-expect-error the parts are vector, matrix, attention, retrieval and entropy
await load({ include: ['performer'] });
void [negativeRows, drift, spread];
// CUR retrieval: a synthetic cross-encoder, the index, retrieval with a callback, the widget batch.
const retrieval = await load({ include: ['retrieval'] });
const scorer = retrieval.syntheticScorer({ rank: 8, kind: 'exp', beta: 1, seed: 42n });
const anchorBlock = retrieval.syntheticScores(16, 200, scorer.params);
const anchorIds: Int32Array = retrieval.selectAnchorItems(anchorBlock, 8, { method: 'leverage' }).ids;
const curIndex = retrieval.curRetrievalIndex(anchorBlock, anchorIds, { rtol: 1e-2 });
const found = retrieval.curRetrieve(curIndex, scorer.block([2 ** 31], curIndex.anchors).data, {
  k: 5,
  rerank: 20,
  exactScores: (ids) => scorer.block([2 ** 31], ids).data,
});
const spent: number = found.ceCalls + scorer.calls;
const recall100: number = retrieval.evaluateCurRetrieval({ scorer, nItems: 500, ki: 8, krValues: [10, 100] }).recall[100];
const rounds: Int32Array[] = retrieval.adaptiveCurRetrieve(anchorBlock, (ids) => new Float64Array(ids.length), {
  budget: 40,
}).anchorsPerRound;
// @ts-expect-error exactScores is required
retrieval.curRetrieve(curIndex, [1], { k: 1 });
// @ts-expect-error anchor methods are uniform, kmeans, topNorm, leverage, deim, cpqr and manual
retrieval.selectAnchorItems(anchorBlock, 4, { method: 'random' });
void [spent, recall100, rounds];
// Entropy-invariant attention: the sweep, a normalized distribution, the JL picture.
const entropy = await load({ include: ['entropy'] });
const sweep = entropy.entropyVsLength({
  d: 64,
  rows: 64,
  lengths: [64, 512, 4096],
  modes: ['standard', 'logn', 'entropy-normalized'],
  seed: 42n,
});
const band: number[] = sweep.points.map((p) => p.q95 - p.q05);
const kept = entropy.entropyScores({ d: 64, rows: 64, n: 4096, seed: 42n });
const again: number = entropy.entropyVsLength({ d: 64, lengths: [64, 4096], gain: 3, scores: kept }).points[0].mean;
const reshaped = entropy.entropyNormalize({ probs: [0.9, 0.09, 0.01], target: 1 });
const normalizedOk: boolean = reshaped.status === 'ok';
const rowH: number = entropy.attentionEntropy([[1, 2, -Infinity]], 0.5, { lengthScale: 'per-row', causal: true }).entropy[0];
const rhos: Float64Array = entropy.jlProjectionDistortion(
  [
    [1, 0],
    [0, 1],
  ],
  4,
  7n,
  { eps: 0.5 },
).ratios;
const needK: number = entropy.jlBounds(512, 0.5, 64).kExact + entropy.rowEntropy([1, 2, 3], { scale: 2 }).slope;
// @ts-expect-error the sweep's modes are standard, logn, logn-clipped, chiang, annealed-invariant and entropy-normalized
entropy.entropyVsLength({ lengths: [64], modes: ['qwen'] });
// @ts-expect-error entropyNormalize needs a target
entropy.entropyNormalize({ probs: [0.5, 0.5] });
void [band, again, normalizedOk, rowH, rhos, needK];
const variant: 'simd' | 'baseline' = m.variant;
const probe: boolean = simdSupported();
// The inline entry is the same API (the wasm embedded in the JS, for esbuild and Rollup).
const embedded: Mathlets = await inline.load({ include: ['matrix'] });
const sameWorker: typeof loadWorker = inline.loadWorker;
const limits: number = MAX_VECTOR_LENGTH + MAX_MATRIX_DIM + MAX_MATRIX_ENTRIES;

// Vectors: number[], Float64Array or Float32Array; softmax keeps float32 in float32.
const lse: number = m.logsumexp([1, 2, 3], { tau: 0.5 });
const p64: Float64Array = m.softmax([1, 2, 3]);
const p32: Float32Array = m.softmax(new Float32Array([1, 2, 3]), { tau: 2 });
const grad = m.lseGradient(new Float64Array([1, 2]));
const dx: Float64Array = grad.dx;
const bounds = m.lseBounds([1, 2, 3], { tau: 1, p: [0.2, 0.3, 0.5], t: 2, y: [0, 0, 0], mix: 0.25 });
const holds: boolean = bounds.bounds.maxUpper.holds;
const lipschitzSlack: number | undefined = bounds.bounds.lipschitz?.slack;

// Smooth top-k: the result's vjp and threshold may be null.
const r: SmoothTopKResult = m.smoothTopK([3, 2, 1, 4], 2, { tau: 0.5, method: 'threshold-piecewise' });
const threshold: number | null = r.threshold;
const back: Float64Array | undefined = r.vjp?.([1, 0, 0, 0]);
const hard: Float64Array = m.hardTopK([3, 2, 1, 4], 2, { ties: 'lower-index' });

// Clipping keeps the tensor type.
const c32: ClipResult<Float32Array> = m.clipByGlobalNorm([Float32Array.of(3), Float32Array.of(4)], 1);
const c64 = m.clipByGlobalNorm([[3], [4]], 1, { nonFinite: 'inf-limit' });
const t64: Float64Array[] = c64.tensors;
const trace = m.simulateTraining({ problem: 'quadratic', optimizer: 'adam', clipNorm: 1, steps: 200 });
const clippedSteps: Int32Array = trace.clipped;

// Matrices: { rows, cols, data } row-major, or number[][].
const A: Matrix = { rows: 2, cols: 2, data: new Float64Array([1, 2, 2, 4]) };
const pr: PinvResult = m.pinv(A, { method: 'cod', rtol: 1e-10 });
const rank: number = m.pinv([
  [1, 2],
  [2, 4],
]).rank;
const solved: Float64Array = m.lstsq(A, [1, 2]).x;
const solvedMatrix: Matrix = m.lstsq(A, [[1], [2]]).x;
const cr = m.crMatmul(A, A, 1, { sampling: 'optimal', seed: 42n, replacement: 'poisson' });
const expected: number | null = cr.expectedError;
const ownP: number = m.crExpectedError(A, A, 2, [0.5, 0.5]).expectedError;
const variance: Matrix | undefined = m.crExpectedError(A, A, 2, 'uniform').entryVariance;
const refit: CrRefit = m.crRefit(A, A, [0]);
const refitErrors: number[] = [refit.plainError, refit.diagonalError, refit.fullError, refit.floor];
const cu: CurResult = m.cur(
  [
    [1, 2],
    [3, 4],
  ],
  1,
  { select: 'deim', middle: 'optimal', seed: 7 },
);
const heap: number = m.heapInUse();

// The worker API: the same functions, returning promises; no heapInUse.
const w = await loadWorker({ variant: 'baseline' });
const lseInWorker: Promise<number> = w.logsumexp([1, 2, 3]);
const pinvInWorker: PinvResult = await w.pinv(A);
w.terminate();

// ---- wrong calls the types reject --------------------------------------------------------------
// @ts-expect-error variant must be 'auto' | 'simd' | 'baseline'
load({ variant: 'sse' });
// @ts-expect-error include lists parts by name
load({ include: ['vectors'] });
// @ts-expect-error a vector is not a string
m.logsumexp('1, 2, 3');
// @ts-expect-error tau is a number
m.logsumexp([1, 2], { tau: '1' });
// @ts-expect-error logsumexp returns a number, not an array
const notArray: Float64Array = m.logsumexp([1, 2]);
// @ts-expect-error softmax of a number[] is a Float64Array
const notFloat32: Float32Array = m.softmax([1, 2, 3]);
// @ts-expect-error unknown smooth top-k method
m.smoothTopK([1, 2, 3], 1, { method: 'sparsemax' });
// @ts-expect-error k is required
m.smoothTopK([1, 2, 3]);
// @ts-expect-error a matrix needs rows and cols
m.pinv({ data: [1, 2, 3, 4] });
// @ts-expect-error unknown CUR selection
m.cur(A, 1, { select: 'random' });
// @ts-expect-error clipping takes a list of tensors
m.clipByGlobalNorm(Float32Array.of(3, 4), 1);
// @ts-expect-error worker results are promises
const notSync: number = w.logsumexp([1, 2, 3]);
// @ts-expect-error the worker API has no heapInUse
w.heapInUse();
// @ts-expect-error variant is read-only
m.variant = 'simd';

export const used = [
  variant,
  probe,
  limits,
  lse,
  p64,
  p32,
  dx,
  holds,
  lipschitzSlack,
  threshold,
  back,
  hard,
  c32,
  t64,
  clippedSteps,
  pr,
  rank,
  solved,
  solvedMatrix,
  expected,
  ownP,
  variance,
  refitErrors,
  cu,
  heap,
  lseInWorker,
  pinvInWorker,
  notArray,
  notFloat32,
  notSync,
];

// The elements: typed by tag, with their events and the data-state contract (web/types/widgets.d.ts).
const cur: MathletCurElement | null = document.querySelector('mathlet-cur');
const curRows: number[] = [];
cur?.addEventListener('mathlet-change', (event) => curRows.push(...event.detail.rows));
cur?.addEventListener('mathlet-error', (event) => {
  const kind: 'input' | 'load' = event.detail.kind;
  return kind;
});
// @ts-expect-error a CUR change has no lse
cur?.addEventListener('mathlet-change', (event) => event.detail.lse);
const state: MathletState | undefined = document.createElement('mathlet-logsumexp').dataset.state;
// @ts-expect-error data-state is one of four words
const notAState: 'shown' | undefined = document.createElement('mathlet-pinv').dataset.state;
let lseOnPage: number | undefined;
document.querySelector('mathlet-logsumexp')?.addEventListener('mathlet-ready', (event) => {
  const detail: LogsumexpDetail = event.detail;
  lseOnPage = detail.lse;
});
document.addEventListener('mathlet-error', (event) => console.log(event.detail.message));
void [state, notAState, curRows, lseOnPage, embedded, sameWorker];
