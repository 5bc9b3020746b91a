// loadWorker(): the same API as load(), but every call runs in a dedicated module worker and returns a
// promise, so computations longer than a frame (large pseudo-inverses, simulations) never freeze the page.
// Browsers only (Node has no Worker global; use load() or worker_threads there).

import { embeddedModule, embeddedWorkerSource, hasEmbeddedAssets } from './embedded-assets.js';
import { simdSupported } from './simd-probe.js';
import { PART_NAMES } from './parts.js';

const ERRORS = { TypeError, RangeError };

/**
 * Starts a worker and loads the core there. Options are load()'s ({ variant, wasmUrl }).
 * Resolves to { variant, terminate(), ...every API function as async }.
 */
export function loadWorker(options = {}) {
  if (!hasEmbeddedAssets()) return start(options, startWorker());
  return Promise.all([withEmbeddedWasm(options), embeddedWorkerSource()]).then(([settings, source]) =>
    start(settings, startEmbeddedWorker(source)),
  );
}

function start(options, { worker, release }) {
  const pending = new Map();
  let nextId = 0;
  return new Promise((resolve, reject) => {
    worker.onerror = (e) => reject(new Error(`loadWorker: the worker failed to start (${e.message ?? 'unknown error'})`));
    worker.onmessage = ({ data }) => {
      if (data.type === 'failed' || data.type === 'ready') release();
      if (data.type === 'failed') return reject(new Error(data.error.message));
      if (data.type === 'ready') return resolve(proxy(data));
      const call = pending.get(data.id);
      pending.delete(data.id);
      if (data.error) call.reject(new (ERRORS[data.error.name] ?? Error)(data.error.message));
      else call.resolve(data.result);
    };
    worker.postMessage({ type: 'init', options });
  });

  function proxy({ variant, names }) {
    const api = { variant, terminate: () => worker.terminate() };
    for (const name of names) {
      api[name] = (...args) =>
        new Promise((resolve, reject) => {
          const id = nextId++;
          pending.set(id, { resolve, reject });
          worker.postMessage({ type: 'call', id, name, args });
        });
    }
    return Object.freeze(api);
  }
}

// Starts ./worker.js as a module worker. The literal `new Worker(new URL('./worker.js',
// import.meta.url), …)` is what bundlers look for to bundle and rename the worker, so it stays as
// it is, and what URL it ends up with is only known inside the Worker call: `Worker` is swapped for
// that one synchronous call. A worker's script must have the page's origin, so when that URL is on
// another origin (the package on a CDN, which serves it with CORS), the worker starts from a
// same-origin blob module whose one line imports the real one; inside, import.meta.url is still
// the CDN's, so the wasm is found there. (Checking this module's own import.meta.url instead would
// not do: webpack writes a bare import.meta.url as the build machine's file:// path.)
// release() frees the blob once the worker has loaded.
function startWorker() {
  const PageWorker = globalThis.Worker;
  let trampoline = null;
  globalThis.Worker = class extends PageWorker {
    constructor(url, workerOptions) {
      const where = new URL(String(url), location.href);
      if (where.origin !== location.origin) {
        trampoline = URL.createObjectURL(new Blob([`import ${JSON.stringify(where.href)};\n`], { type: 'text/javascript' }));
      }
      super(trampoline ?? url, workerOptions);
    }
  };
  try {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    return { worker, release: () => trampoline && URL.revokeObjectURL(trampoline) };
  } finally {
    globalThis.Worker = PageWorker;
  }
}

// Under an inline entry (embedded-assets.js) the worker is one self-contained module embedded as
// text, started from a blob (it can import nothing relative) and given the page's compiled wasm.
function startEmbeddedWorker(source) {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  return { worker: new Worker(url, { type: 'module' }), release: () => URL.revokeObjectURL(url) };
}

// load()'s options with the embedded wasm of each included part compiled here, unless the caller
// said where the wasm is; the worker's load() checks the options as load() always does.
async function withEmbeddedWasm(options) {
  const { variant = 'auto', include = PART_NAMES, wasmUrl, baseUrl, wasmModule } = options ?? {};
  const parts = Array.isArray(include) ? include.filter((part) => PART_NAMES.includes(part)) : [];
  if (wasmUrl !== undefined || baseUrl !== undefined || wasmModule !== undefined || parts.length !== include.length) return options;
  const chosen = variant === 'auto' ? (simdSupported() ? 'simd' : 'baseline') : variant;
  if (chosen !== 'simd' && chosen !== 'baseline') return options;
  const modules = await Promise.all(parts.map((part) => embeddedModule(part, chosen)));
  return { ...options, variant: chosen, wasmModule: Object.fromEntries(parts.map((part, i) => [part, modules[i]])) };
}
