// load(): instantiate the wasm core once per variant and return the public API bound to it.
// The core ships as two parts, so a page fetches only what it uses:
//   vector: logsumexp, smooth top-k, gradient clipping (small)
//   matrix: pseudo-inverse, CR, CUR (Eigen's decompositions, several times larger)
import { simdSupported } from './simd-probe.js';
import { describe } from './arguments.js';
import { logsumexpApi } from './logsumexp.js';
import { smoothTopKApi } from './smooth-topk.js';
import { gradClipApi } from './grad-clip.js';
import { pinvApi } from './pinv.js';
import { crApi } from './cr.js';
import { curApi } from './cur.js';

const VARIANTS = ['auto', 'simd', 'baseline'];
const PARTS = { vector: [logsumexpApi, smoothTopKApi, gradClipApi], matrix: [pinvApi, crApi, curApi] };
const instances = new Map();

// Static import() and new URL() expressions, so bundlers see all four modules and emit their .wasm.
const FACTORIES = {
  'vector simd': () => import('./wasm/mathlets-vector-simd.mjs'),
  'vector baseline': () => import('./wasm/mathlets-vector-baseline.mjs'),
  'matrix simd': () => import('./wasm/mathlets-matrix-simd.mjs'),
  'matrix baseline': () => import('./wasm/mathlets-matrix-baseline.mjs'),
};
const DEFAULT_URLS = {
  'vector simd': () => new URL('./wasm/mathlets-vector-simd.wasm', import.meta.url).href,
  'vector baseline': () => new URL('./wasm/mathlets-vector-baseline.wasm', import.meta.url).href,
  'matrix simd': () => new URL('./wasm/mathlets-matrix-simd.wasm', import.meta.url).href,
  'matrix baseline': () => new URL('./wasm/mathlets-matrix-baseline.wasm', import.meta.url).href,
};

async function instantiatePart(part, variant, wasmUrl) {
  const { default: createMathlets } = await FACTORIES[`${part} ${variant}`]();
  const settings = wasmUrl ? { locateFile: () => String(wasmUrl) } : {};
  try {
    return await createMathlets(settings);
  } catch (e) {
    const url = wasmUrl ? String(wasmUrl) : DEFAULT_URLS[`${part} ${variant}`]();
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(
      `load: could not load the ${part} ${variant} WebAssembly module from ${url} (${reason}); ` +
        'pass load({ wasmUrl }) to point at your copy of the file',
      { cause: e },
    );
  }
}

// Functions of a part that was not loaded say how to get it.
function missingPart(part, api) {
  return Object.fromEntries(
    Object.keys(api).map((name) => [
      name,
      () => {
        throw new Error(`${name}: the ${part} part of mathlets was not loaded; use load({ include: [..., '${part}'] })`);
      },
    ]),
  );
}

async function instantiate(variant, include, urls) {
  const modules = await Promise.all(include.map((part) => instantiatePart(part, variant, urls[part])));
  const api = { variant };
  for (const part of Object.keys(PARTS)) {
    const M = modules[include.indexOf(part)];
    for (const build of PARTS[part]) {
      Object.assign(api, M ? build(M) : missingPart(part, build({})));
    }
  }
  // Bytes malloc'ed in the wasm heaps right now: stays at its baseline between calls.
  api.heapInUse = () => modules.reduce((sum, M) => sum + M.heap_in_use(), 0);
  return Object.freeze(api);
}

function urlsFor(include, wasmUrl) {
  if (wasmUrl === undefined) return {};
  if (typeof wasmUrl === 'string' || wasmUrl instanceof URL) {
    if (include.length !== 1) {
      throw new TypeError('load: a single wasmUrl needs a single part; pass { vector: url, matrix: url } or include one part');
    }
    return { [include[0]]: wasmUrl };
  }
  if (wasmUrl && typeof wasmUrl === 'object') return wasmUrl;
  throw new TypeError(`load: wasmUrl must be a URL, a string or { vector, matrix } (got ${describe(wasmUrl)})`);
}

/**
 * Loads the core. `variant` is 'auto' (SIMD when the engine validates a SIMD module, else baseline),
 * 'simd' or 'baseline'. `include` lists the parts to fetch ('vector', 'matrix'; default both).
 * `wasmUrl` points the loader at your own copy of the .wasm: a URL when one part is included, else
 * { vector, matrix }. The same promise is returned for the same arguments.
 */
export function load({ variant = 'auto', include = ['vector', 'matrix'], wasmUrl } = {}) {
  try {
    if (!VARIANTS.includes(variant)) {
      throw new TypeError(`load: variant must be one of ${VARIANTS.join(', ')} (got ${describe(variant)})`);
    }
    if (!Array.isArray(include) || include.length === 0 || !include.every((p) => p in PARTS)) {
      throw new TypeError(`load: include must list one or more of ${Object.keys(PARTS).join(', ')} (got ${describe(include)})`);
    }
    const parts = Object.keys(PARTS).filter((p) => include.includes(p));
    const urls = urlsFor(parts, wasmUrl);
    const chosen = variant === 'auto' ? (simdSupported() ? 'simd' : 'baseline') : variant;
    const key = `${chosen} ${parts} ${parts.map((p) => urls[p] ?? '')}`;
    if (!instances.has(key)) {
      const pending = instantiate(chosen, parts, urls);
      pending.catch(() => instances.delete(key)); // a failed load may be retried
      instances.set(key, pending);
    }
    return instances.get(key);
  } catch (e) {
    return Promise.reject(e);
  }
}
