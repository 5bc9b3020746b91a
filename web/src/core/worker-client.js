// loadWorker(): the same API as load(), but every call runs in a dedicated module worker and returns a
// promise, so computations longer than a frame (large pseudo-inverses, simulations) never freeze the page.
// Browsers only (Node has no Worker global; use load() or worker_threads there).

const ERRORS = { TypeError, RangeError };

/**
 * Starts a worker and loads the core there. Options are load()'s ({ variant, wasmUrl }).
 * Resolves to { variant, terminate(), ...every API function as async }.
 */
export function loadWorker(options = {}) {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  const pending = new Map();
  let nextId = 0;
  return new Promise((resolve, reject) => {
    worker.onerror = (e) => reject(new Error(`loadWorker: the worker failed to start (${e.message ?? 'unknown error'})`));
    worker.onmessage = ({ data }) => {
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
