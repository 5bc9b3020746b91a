// Embeds the wasm and the worker (made by scripts/build-inline.js) for the inline entries; see
// embedded-assets.js. Static import() expressions, so that every bundler sees every chunk.
import { embedAssets } from './embedded-assets.js';

embedAssets({
  wasm: {
    'vector simd': () => import('./wasm-inline/mathlets-vector-simd.js'),
    'vector baseline': () => import('./wasm-inline/mathlets-vector-baseline.js'),
    'matrix simd': () => import('./wasm-inline/mathlets-matrix-simd.js'),
    'matrix baseline': () => import('./wasm-inline/mathlets-matrix-baseline.js'),
    'attention simd': () => import('./wasm-inline/mathlets-attention-simd.js'),
    'attention baseline': () => import('./wasm-inline/mathlets-attention-baseline.js'),
    'retrieval simd': () => import('./wasm-inline/mathlets-retrieval-simd.js'),
    'retrieval baseline': () => import('./wasm-inline/mathlets-retrieval-baseline.js'),
    'entropy simd': () => import('./wasm-inline/mathlets-entropy-simd.js'),
    'entropy baseline': () => import('./wasm-inline/mathlets-entropy-baseline.js'),
  },
  worker: () => import('./wasm-inline/worker.js'),
});
