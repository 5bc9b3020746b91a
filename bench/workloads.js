// Every benchmarked workload, shared by bench/node.bench.js and the browser page (bench/browser/):
// its input (bench/inputs.js, identical to the native benchmarks' inputs), the mathlets call, the JS
// peers a user would otherwise pick, and the native benchmark names (bench/native/*_bench.cpp) it is
// compared with. Peers get their input in their own format before timing starts (conservative for them).
// `only` keeps the workloads whose id starts with it (the runners' --only option).
import { Matrix, pseudoInverse } from 'ml-matrix';
import { pinv as mathjsPinv } from 'mathjs';
import { lcgMatrix, lcgVector, repeatedBlock, toRows } from './inputs.js';
import { clipByGlobalNormJs, logsumexpJs, softmaxJs } from './plain-js.js';
import { crMlMatrix, curMlMatrix } from './ml-matrix-peers.js';
import { nystromAttentionJs, performerAttentionJs, softmaxAttentionJs } from './attention-peers.js';
import { curIndexJs, curRetrieveJs } from './retrieval-peers.js';
import { attentionEntropyJs } from './entropy-peers.js';

const plain = (run) => ({ name: 'plain JS', prepare: (x) => x, run });
const mlMatrix = (run) => ({ name: 'ml-matrix', prepare: (a) => new Matrix(toRows(a)), run });

export function workloads({ tiny = false, only = '' } = {}) {
  const n = tiny ? 1000 : 1_000_000;
  const nTopk = tiny ? 1000 : 100_000;
  const nClip = tiny ? 1000 : 100_000;
  const nPinv = tiny ? 16 : 256;
  const nLow = tiny ? 32 : 512;
  const r = tiny ? 8 : 64;
  const k = 10;
  const lowSize = `${nLow}x${nLow}-r${r}`;
  const vector = (Ctor, seed, len) => () => lcgVector(Ctor, len, seed);
  // Attention: n tokens of head size d (entries uniform in [-1, 1)), M random features, L landmarks.
  const [nAtt, dAtt, features, landmarks] = tiny ? [32, 8, 16, 4] : [512, 64, 256, 64];
  const attSize = `${nAtt}x${dAtt}`;
  const tenth = (a) => ({ ...a, data: a.data.map((x) => x / 10) });
  const qkv = () => [11, 12, 13].map((seed) => tenth(lcgMatrix(nAtt, dAtt, seed)));
  // CUR retrieval: R (kq anchor queries x n items, seed 21), ki evenly spaced anchor items, the query's
  // anchor scores (seed 22) and its exact scores (seed 23); the index, then one query re-ranking kr.
  const [nRet, kqRet, kiRet, krRet] = tiny ? [500, 16, 8, 20] : [20_000, 128, 64, 200];
  const retrieval = () => {
    const exact = lcgVector(Float64Array, nRet, 23);
    const anchors = Int32Array.from({ length: kiRet }, (_, j) => j * Math.floor(nRet / kiRet));
    return [lcgMatrix(kqRet, nRet, 21), anchors, lcgVector(Float64Array, kiRet, 22), (ids) => Float64Array.from(ids, (i) => exact[i])];
  };

  return [
    { id: `logsumexp-f32/${n}`, input: vector(Float32Array, 1, n), wasm: (m, x) => m.logsumexp(x), peers: [plain((x) => logsumexpJs(x))] },
    { id: `logsumexp-f64/${n}`, input: vector(Float64Array, 1, n), wasm: (m, x) => m.logsumexp(x), peers: [plain((x) => logsumexpJs(x))] },
    { id: `softmax-f32/${n}`, input: vector(Float32Array, 1, n), wasm: (m, x) => m.softmax(x), peers: [plain((x) => softmaxJs(x))] },
    { id: `softmax-f64/${n}`, input: vector(Float64Array, 1, n), wasm: (m, x) => m.softmax(x), peers: [plain((x) => softmaxJs(x))] },
    {
      id: `topk-threshold-piecewise/${nTopk}`,
      input: vector(Float64Array, 3, nTopk),
      wasm: (m, x) => m.smoothTopK(x, k, { method: 'threshold-piecewise' }),
      peers: [],
    },
    {
      id: `topk-gradtopk/${nTopk}`,
      input: vector(Float64Array, 3, nTopk),
      wasm: (m, x) => m.smoothTopK(x, k, { method: 'gradtopk' }),
      peers: [],
    },
    {
      id: `clip-global-norm-f32/10x${nClip}`,
      input: () => Array.from({ length: 10 }, (_, t) => lcgVector(Float32Array, nClip, 10 + t)),
      wasm: (m, grads) => m.clipByGlobalNorm(grads, 1),
      peers: [plain((grads) => clipByGlobalNormJs(grads, 1))],
    },
    {
      id: `pinv-auto/${nPinv}x${nPinv}`,
      input: () => lcgMatrix(nPinv, nPinv, 4),
      wasm: (m, a) => m.pinv(a),
      peers: [mlMatrix((a) => pseudoInverse(a)), { name: 'mathjs', prepare: toRows, run: (a) => mathjsPinv(a) }],
    },
    // Same input and peers as the default row: their timings are reused, not measured twice.
    ...['bdcsvd', 'cod'].map((method) => ({
      id: `pinv-${method}/${nPinv}x${nPinv}`,
      input: () => lcgMatrix(nPinv, nPinv, 4),
      wasm: (m, a) => m.pinv(a, { method }),
      peers: [],
      peersOf: `pinv-auto/${nPinv}x${nPinv}`,
    })),
    // The default route's worst case: rank n/2 (a block repeated side by side), found by QR's
    // singular values, then the SVD.
    {
      id: `pinv-auto-rank-half/${nPinv}x${nPinv}`,
      input: () => repeatedBlock(lcgMatrix(nPinv, nPinv / 2, 5)),
      wasm: (m, a) => m.pinv(a),
      peers: [],
    },
    // crMatmul returns the estimate, its error, the expected error, ||XY||_F^2 and the SVD floor; the
    // peer computes the same numbers. The estimate-only row has no mathlets call (the API always
    // reports the floor): native and peer only.
    {
      id: `cr-optimal/${lowSize}`,
      input: () => [lcgMatrix(nLow, nLow, 5), lcgMatrix(nLow, nLow, 6)],
      wasm: (m, [x, y]) => m.crMatmul(x, y, r, { sampling: 'optimal', seed: 42 }),
      peers: [
        {
          name: 'ml-matrix',
          prepare: ([x, y]) => [new Matrix(toRows(x)), new Matrix(toRows(y))],
          run: ([x, y]) => crMlMatrix(x, y, r, { floor: true }),
        },
      ],
    },
    {
      id: `cr-estimate-only/${lowSize}`,
      input: () => [lcgMatrix(nLow, nLow, 5), lcgMatrix(nLow, nLow, 6)],
      wasm: null,
      peers: [
        { name: 'ml-matrix', prepare: ([x, y]) => [new Matrix(toRows(x)), new Matrix(toRows(y))], run: ([x, y]) => crMlMatrix(x, y, r) },
      ],
    },
    { id: `cur-deim/${lowSize}`, input: () => lcgMatrix(nLow, nLow, 7), wasm: (m, a) => m.cur(a, r, { select: 'deim' }), peers: [] },
    // Rank-r leverage scores (gamma = r) in both; the peer returns C, U = C^+ M R^+, R, the approximation,
    // its error and the spectrum (mathlets also reports the spectral, intersection and ID errors).
    {
      id: `cur-leverage/${lowSize}`,
      input: () => lcgMatrix(nLow, nLow, 7),
      wasm: (m, a) => m.cur(a, r, { select: 'leverage-top', gamma: r }),
      peers: [mlMatrix((a) => curMlMatrix(a, r))],
    },
    {
      id: `softmax-attention/${attSize}`,
      input: qkv,
      wasm: (m, [q, k, v]) => m.softmaxAttention(q, k, v),
      peers: [plain(([q, k, v]) => softmaxAttentionJs(q, k, v))],
    },
    // The same given W (M x d) in both: the row times the features and linear attention, not the draw.
    // Nyström without the per-step history (an SVD a step), which the peer does not compute either.
    {
      id: `performer-positive/${attSize}-m${features}`,
      input: () => [...qkv(), tenth(lcgMatrix(features, dAtt, 14))],
      wasm: (m, [q, k, v, W]) => m.performerAttention(q, k, v, { W }),
      peers: [plain(([q, k, v, W]) => performerAttentionJs(q, k, v, W))],
    },
    {
      id: `nystrom-segment/${attSize}-m${landmarks}`,
      input: qkv,
      wasm: (m, [q, k, v]) => m.nystromAttention(q, k, v, landmarks, { history: false }),
      peers: [plain(([q, k, v]) => nystromAttentionJs(q, k, v, landmarks))],
    },
    {
      id: `cur-retrieval/${nRet}x${kqRet}-ki${kiRet}-kr${krRet}`,
      input: retrieval,
      wasm: (m, [R, anchors, c, exactScores]) => m.curRetrieve(m.curRetrievalIndex(R, anchors), c, { k: 10, rerank: krRet, exactScores }),
      peers: [plain(([R, anchors, c, exactScores]) => curRetrieveJs(curIndexJs(R, anchors), anchors, c, exactScores, 10, krRet))],
    },
    // Per-row entropies of softmax(Q K^T / sqrt(d)) at the attention rows' size (seeds 31, 32).
    {
      id: `attention-entropy/${attSize}`,
      input: () => [31, 32].map((seed) => tenth(lcgMatrix(nAtt, dAtt, seed))),
      wasm: (m, [q, k]) => m.attentionEntropyQK(q, k, 1 / Math.sqrt(dAtt)),
      peers: [plain(([q, k]) => attentionEntropyJs(q, k, 1 / Math.sqrt(dAtt)))],
    },
  ].filter((w) => w.id.startsWith(only));
}

// The targets of the benchmark issue, checked against one run's medians (ms). `row(id)` finds a row
// by the workload name before the size.
export const TARGETS = [
  { text: 'logsumexp 1e6 f32: wasm SIMD >= 6x plain JS', row: 'logsumexp-f32', value: (t) => t.peer('plain JS') / t.simd, atLeast: 6 },
  { text: 'logsumexp 1e6 f32: wasm SIMD within 1.3x of native SSE4.2', row: 'logsumexp-f32', value: (t) => t.simd / t.sse42, atMost: 1.3 },
  { text: 'logsumexp 1e6 f64: wasm SIMD >= 2x plain JS', row: 'logsumexp-f64', value: (t) => t.peer('plain JS') / t.simd, atLeast: 2 },
  { text: 'pinv 256x256 (default, auto): >= 10x ml-matrix', row: 'pinv-auto', value: (t) => t.peer('ml-matrix') / t.simd, atLeast: 10 },
  { text: 'pinv 256x256 (default, auto): >= 30x mathjs', row: 'pinv-auto', value: (t) => t.peer('mathjs') / t.simd, atLeast: 30 },
  { text: 'pinv 256x256 (BDCSVD): >= 10x ml-matrix', row: 'pinv-bdcsvd', value: (t) => t.peer('ml-matrix') / t.simd, atLeast: 10 },
  { text: 'pinv 256x256 (BDCSVD): >= 30x mathjs', row: 'pinv-bdcsvd', value: (t) => t.peer('mathjs') / t.simd, atLeast: 30 },
  { text: 'pinv 256x256 (COD): >= 10x ml-matrix', row: 'pinv-cod', value: (t) => t.peer('ml-matrix') / t.simd, atLeast: 10 },
  { text: 'pinv 256x256 (COD): >= 30x mathjs', row: 'pinv-cod', value: (t) => t.peer('mathjs') / t.simd, atLeast: 30 },
  { text: 'pinv 256x256 auto: within 2x of native SSE4.2', row: 'pinv-auto', value: (t) => t.simd / t.sse42, atMost: 2 },
  { text: 'pinv 256x256 BDCSVD: within 2x of native SSE4.2', row: 'pinv-bdcsvd', value: (t) => t.simd / t.sse42, atMost: 2 },
  { text: 'pinv 256x256 COD: within 2x of native SSE4.2', row: 'pinv-cod', value: (t) => t.simd / t.sse42, atMost: 2 },
  {
    text: 'smooth top-k 1e5 threshold-piecewise: within 1.5x of native SSE4.2',
    row: 'topk-threshold-piecewise',
    value: (t) => t.simd / t.sse42,
    atMost: 1.5,
  },
  { text: 'smooth top-k 1e5 gradtopk: within 1.5x of native SSE4.2', row: 'topk-gradtopk', value: (t) => t.simd / t.sse42, atMost: 1.5 },
  { text: 'CR 512x512 r=64: within 2x of native SSE4.2', row: 'cr-optimal', value: (t) => t.simd / t.sse42, atMost: 2 },
  { text: 'CR 512x512 r=64: >= 5x ml-matrix (same outputs)', row: 'cr-optimal', value: (t) => t.peer('ml-matrix') / t.simd, atLeast: 5 },
  { text: 'CUR 512x512 r=64 DEIM: within 2x of native SSE4.2', row: 'cur-deim', value: (t) => t.simd / t.sse42, atMost: 2 },
  { text: 'CUR 512x512 r=64 leverage: within 2x of native SSE4.2', row: 'cur-leverage', value: (t) => t.simd / t.sse42, atMost: 2 },
  { text: 'CUR 512x512 r=64 leverage: >= 5x ml-matrix', row: 'cur-leverage', value: (t) => t.peer('ml-matrix') / t.simd, atLeast: 5 },
  { text: 'clipping 10x1e5 f32: >= 4x plain JS', row: 'clip-global-norm-f32', value: (t) => t.peer('plain JS') / t.simd, atLeast: 4 },
  { text: 'softmax attention 512x64: within 2x of native SSE4.2', row: 'softmax-attention', value: (t) => t.simd / t.sse42, atMost: 2 },
  { text: 'Performer 512x64 m=256: within 2x of native SSE4.2', row: 'performer-positive', value: (t) => t.simd / t.sse42, atMost: 2 },
  { text: 'Nyströmformer 512x64 m=64: within 2x of native SSE4.2', row: 'nystrom-segment', value: (t) => t.simd / t.sse42, atMost: 2 },
  { text: 'baseline within 2.5x of SIMD (every row)', row: '*', value: (t) => t.baseline / t.simd, atMost: 2.5 },
];
