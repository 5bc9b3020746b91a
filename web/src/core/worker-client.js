// loadWorker(): the same API as load(), but every call runs in a dedicated module worker and returns a
// promise, so computations longer than a frame (large pseudo-inverses, simulations) never freeze the page.
// Browsers only (Node has no Worker global; use load() or worker_threads there).

const ERRORS = { TypeError, RangeError };

/**
 * Starts a worker and loads the core there. Options are load()'s ({ variant, wasmUrl }).
 * Resolves to { variant, terminate(), ...every API function as async }.
 */
export function loadWorker(options = {}) {
  const { worker, release } = startWorker();
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

// Starts ./worker.js as a module worker. A worker's script must have the page's origin, so when this
// module came from another origin (the package on a CDN, which serves it with CORS), the worker
// starts from a same-origin blob module whose one line imports the real one; inside, import.meta.url
// is still the CDN's, so the wasm is found there. The literal `new Worker(new URL('./worker.js',
// import.meta.url), …)` is what bundlers look for to bundle and rename the worker, so it stays as it
// is; for the cross-origin case `Worker` is swapped for the one synchronous call that uses it.
// release() frees the blob once the worker has loaded.
function startWorker() {
  const start = () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  if (new URL(import.meta.url).origin === location.origin) return { worker: start(), release: () => {} };
  const PageWorker = globalThis.Worker;
  let trampoline = null;
  globalThis.Worker = class extends PageWorker {
    constructor(url, workerOptions) {
      trampoline = URL.createObjectURL(new Blob([`import ${JSON.stringify(String(url))};\n`], { type: 'text/javascript' }));
      super(trampoline, workerOptions);
    }
  };
  try {
    return { worker: start(), release: () => trampoline && URL.revokeObjectURL(trampoline) };
  } finally {
    globalThis.Worker = PageWorker;
  }
}
