// The public JS API of mathlets: `const m = await load(); m.logsumexp([1, 2, 3])`.
export { load } from './load.js';
export { loadWorker } from './worker-client.js';
export { simdSupported } from './simd-probe.js';
export { MAX_VECTOR_LENGTH } from './arguments.js';
export { MAX_MATRIX_DIM, MAX_MATRIX_ENTRIES } from './matrix.js';
