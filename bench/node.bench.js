// Node benchmark: the same workloads on the same inputs in wasm SIMD, wasm baseline and plain JS.
// Prints medians (ms) and the ratios that matter, from one run. Usage: node bench/node.bench.js [--tiny]
import { load } from '../web/src/core/index.js';
import { medianMs } from './timing.js';
import { logsumexpJs, softmaxJs } from './plain-js.js';

const tiny = process.argv.includes('--tiny');
const N = tiny ? 1000 : 1_000_000;
const reps = tiny ? 3 : 21;

function randomArray(Ctor, n, seed) {
  let s = seed;
  return Ctor.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 20);
}

const [simd, baseline] = await Promise.all([load({ variant: 'simd' }), load({ variant: 'baseline' })]);
const x32 = randomArray(Float32Array, N, 1);
const x64 = randomArray(Float64Array, N, 1);

const workloads = [
  [`logsumexp ${N} float32`, (m) => m.logsumexp(x32), () => logsumexpJs(x32)],
  [`logsumexp ${N} float64`, (m) => m.logsumexp(x64), () => logsumexpJs(x64)],
  [`softmax ${N} float32`, (m) => m.softmax(x32), () => softmaxJs(x32)],
  [`softmax ${N} float64`, (m) => m.softmax(x64), () => softmaxJs(x64)],
];

const rows = workloads.map(([name, wasm, js]) => {
  const tSimd = medianMs(() => wasm(simd), { reps });
  const tBase = medianMs(() => wasm(baseline), { reps });
  const tJs = medianMs(js, { reps });
  return { workload: name, 'simd ms': tSimd, 'baseline ms': tBase, 'plain JS ms': tJs,
    'JS / simd': tJs / tSimd, 'baseline / simd': tBase / tSimd };
});
const fmt = (v) => (typeof v === 'number' ? (v < 10 ? v.toFixed(3) : v.toFixed(1)) : v);
console.log(`mathlets Node benchmark (${process.version}, medians of ${reps})`);
console.table(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fmt(v)]))));
