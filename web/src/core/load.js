// load(): instantiate the wasm core once per variant and return the public API bound to it.
import { simdSupported } from './simd-probe.js';
import { describe } from './arguments.js';
import { logsumexpApi } from './logsumexp.js';
import { smoothTopKApi } from './smooth-topk.js';
import { gradClipApi } from './grad-clip.js';
import { pinvApi } from './pinv.js';
import { crApi } from './cr.js';
import { curApi } from './cur.js';

const VARIANTS = ['auto', 'simd', 'baseline'];
const instances = new Map();

// Static import() expressions so bundlers see both modules and emit both .wasm files as assets.
function importFactory(variant) {
  return variant === 'simd' ? import('./wasm/mathlets-simd.mjs') : import('./wasm/mathlets-baseline.mjs');
}

// Where the .wasm is fetched from when no wasmUrl is given (bundlers rewrite these to their assets).
function defaultWasmUrl(variant) {
  return variant === 'simd'
    ? new URL('./wasm/mathlets-simd.wasm', import.meta.url).href
    : new URL('./wasm/mathlets-baseline.wasm', import.meta.url).href;
}

async function instantiate(variant, wasmUrl) {
  const { default: createMathlets } = await importFactory(variant);
  const settings = wasmUrl ? { locateFile: () => String(wasmUrl) } : {};
  let M;
  try {
    M = await createMathlets(settings);
  } catch (e) {
    const url = wasmUrl ? String(wasmUrl) : defaultWasmUrl(variant);
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`load: could not load the ${variant} WebAssembly module from ${url} (${reason}); ` +
      'pass load({ wasmUrl }) to point at your copy of the file', { cause: e });
  }
  return Object.freeze({
    variant,
    ...logsumexpApi(M),
    ...smoothTopKApi(M),
    ...gradClipApi(M),
    ...pinvApi(M),
    ...crApi(M),
    ...curApi(M),
    // Bytes malloc'ed in the wasm heap right now: stays at its baseline between calls.
    heapInUse: () => M.heap_in_use(),
  });
}

/**
 * Loads the core. `variant` is 'auto' (SIMD when the engine validates a SIMD module, else baseline),
 * 'simd' or 'baseline'; `wasmUrl` points the loader at your own copy of the matching .wasm file.
 * The same promise is returned for the same variant and URL.
 */
export function load({ variant = 'auto', wasmUrl } = {}) {
  if (!VARIANTS.includes(variant)) {
    return Promise.reject(new TypeError(`load: variant must be one of ${VARIANTS.join(', ')} (got ${describe(variant)})`));
  }
  const chosen = variant === 'auto' ? (simdSupported() ? 'simd' : 'baseline') : variant;
  const key = `${chosen} ${wasmUrl ?? ''}`;
  if (!instances.has(key)) {
    const pending = instantiate(chosen, wasmUrl);
    pending.catch(() => instances.delete(key)); // a failed load may be retried
    instances.set(key, pending);
  }
  return instances.get(key);
}
