// Work that can take longer than a frame (error curves over every rank, training simulations,
// brute-force selections) runs in a module worker, so the page never freezes while it computes.
// One worker per set of core parts serves every widget on the page, started on first use.
// A page whose Content-Security-Policy refuses workers still works: the same calls then run on
// the main thread (in the same order, as promises), which is slower to respond but correct.
// Which answer is shown when inputs change faster than answers come is the scheduler's business
// (framework/newest-wins.js), not this module's.
import { load, loadWorker, simdSupported } from '../../core/index.js';

const cores = new Map(); // 'vector' | 'matrix' | 'matrix,vector' -> Promise<{ api, inWorker }>

// The main-thread stand-in: the API of load() with every function returning a promise.
async function mainThreadCore(include) {
  const api = await load({ include });
  const wrapped = Object.fromEntries(
    Object.entries(api).map(([name, value]) => [name, typeof value === 'function' ? async (...args) => value(...args) : value]),
  );
  return { api: Object.freeze(wrapped), inWorker: false };
}

/**
 * backgroundCore(include) -> Promise<{ api, inWorker }>: the core's functions, each returning a
 * promise of its result computed in the shared worker (or, where no worker can start, here).
 */
export function backgroundCore(include) {
  const key = [...include].sort().join(',');
  if (!cores.has(key)) {
    const started = (async () => {
      if (typeof Worker !== 'function') throw new Error('this browser has no Worker');
      // The page probes SIMD once and the worker follows, so page and worker run the same build.
      const variant = simdSupported() ? 'simd' : 'baseline';
      return { api: await loadWorker({ include, variant }), inWorker: true };
    })();
    cores.set(
      key,
      started.catch((error) => {
        console.warn(`mathlets: no worker (${error?.message ?? error}); computing on the main thread`);
        return mainThreadCore(include);
      }),
    );
  }
  return cores.get(key);
}
