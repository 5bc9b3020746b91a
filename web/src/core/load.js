// load(): instantiate the wasm core once per variant and return the public API bound to it.
// The core ships in parts (PART_NAMES in parts.js), so a page fetches only what it uses:
//   vector: logsumexp, smooth top-k, gradient clipping (small)
//   matrix: pseudo-inverse, CR, CUR (Eigen's decompositions, several times larger)
//   attention: softmax, Performer and Nyströmformer attention (Eigen's products and one SVD)
//   retrieval: CUR retrieval for cross-encoders (synthetic scorer, index, re-ranking)
//   entropy: entropy-invariant attention (row entropies, length sweeps, normalization, JL)
import { simdSupported } from './simd-probe.js';
import { embeddedModule, hasEmbeddedAssets } from './embedded-assets.js';
import { describe } from './arguments.js';
import { logsumexpApi } from './logsumexp.js';
import { smoothTopKApi } from './smooth-topk.js';
import { gradClipApi } from './grad-clip.js';
import { pinvApi } from './pinv.js';
import { crApi } from './cr.js';
import { curApi } from './cur.js';
import { performerApi } from './performer.js';
import { nystromformerApi } from './nystromformer.js';
import { curRetrievalApi } from './cur-retrieval.js';
import { entropyApi } from './entropy.js';
import { PART_NAMES } from './parts.js';

const VARIANTS = ['auto', 'simd', 'baseline'];
const PARTS = {
  vector: [logsumexpApi, smoothTopKApi, gradClipApi],
  matrix: [pinvApi, crApi, curApi],
  attention: [performerApi, nystromformerApi],
  retrieval: [curRetrievalApi],
  entropy: [entropyApi],
};
const instances = new Map();

// Static import() and new URL() expressions, so bundlers see every module and emit its .wasm.
const FACTORIES = {
  'vector simd': () => import('./wasm/mathlets-vector-simd.mjs'),
  'vector baseline': () => import('./wasm/mathlets-vector-baseline.mjs'),
  'matrix simd': () => import('./wasm/mathlets-matrix-simd.mjs'),
  'matrix baseline': () => import('./wasm/mathlets-matrix-baseline.mjs'),
  'attention simd': () => import('./wasm/mathlets-attention-simd.mjs'),
  'attention baseline': () => import('./wasm/mathlets-attention-baseline.mjs'),
  'retrieval simd': () => import('./wasm/mathlets-retrieval-simd.mjs'),
  'retrieval baseline': () => import('./wasm/mathlets-retrieval-baseline.mjs'),
  'entropy simd': () => import('./wasm/mathlets-entropy-simd.mjs'),
  'entropy baseline': () => import('./wasm/mathlets-entropy-baseline.mjs'),
};
const DEFAULT_URLS = {
  'vector simd': () => new URL('./wasm/mathlets-vector-simd.wasm', import.meta.url).href,
  'vector baseline': () => new URL('./wasm/mathlets-vector-baseline.wasm', import.meta.url).href,
  'matrix simd': () => new URL('./wasm/mathlets-matrix-simd.wasm', import.meta.url).href,
  'matrix baseline': () => new URL('./wasm/mathlets-matrix-baseline.wasm', import.meta.url).href,
  'attention simd': () => new URL('./wasm/mathlets-attention-simd.wasm', import.meta.url).href,
  'attention baseline': () => new URL('./wasm/mathlets-attention-baseline.wasm', import.meta.url).href,
  'retrieval simd': () => new URL('./wasm/mathlets-retrieval-simd.wasm', import.meta.url).href,
  'retrieval baseline': () => new URL('./wasm/mathlets-retrieval-baseline.wasm', import.meta.url).href,
  'entropy simd': () => new URL('./wasm/mathlets-entropy-simd.wasm', import.meta.url).href,
  'entropy baseline': () => new URL('./wasm/mathlets-entropy-baseline.wasm', import.meta.url).href,
};

// Where a part's .wasm comes from: null (beside its glue, where bundlers put it; or embedded, when
// an inline entry was imported: embedded-assets.js), { url } (the caller's copy), or { module } (a
// WebAssembly.Module the caller compiled). The glue never looks for the file itself
// (cpp/cmake/wasm-module.cmake): it is told the URL, and outside browsers given the bytes.
async function instantiatePart(part, variant, given) {
  const source = given ?? (hasEmbeddedAssets() ? { embedded: true } : null);
  const url = source?.module || source?.embedded ? null : String(source?.url ?? DEFAULT_URLS[`${part} ${variant}`]());
  const settings = { locateFile: () => url };
  try {
    if (url && !inBrowser()) settings.wasmBinary = await readOutsideBrowsers(url);
    const module = source?.embedded ? await embeddedModule(part, variant) : source?.module;
    const { default: createMathlets } = await FACTORIES[`${part} ${variant}`]();
    if (!module) return await createMathlets(settings);
    const failure = instantiatedFrom(module, settings); // sets the hook before the glue starts
    return await Promise.race([createMathlets(settings), failure]);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const from = url ?? (source.embedded ? 'the wasm embedded in the inline entry' : 'the WebAssembly.Module given as wasmModule');
    throw new Error(
      `load: could not load the ${part} ${variant} WebAssembly module from ${from} (${reason}); ` +
        'pass load({ wasmUrl }) or load({ baseUrl }) to point at your copy of the file',
      { cause: e },
    );
  }
}

// Sets the glue's hook for a caller's own instantiation of `module`. The promise only ever rejects:
// a failure (a module of the other build: a LinkError) must reach the caller, which the glue's
// ready promise would never do.
function instantiatedFrom(module, settings) {
  return new Promise((_, fail) => {
    settings.instantiateWasm = (imports, receive) => {
      WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module), fail);
      return {};
    };
  });
}

// A window or a worker: the glue fetches (and compiles while it downloads) by itself.
const inBrowser = () => typeof window === 'object' || typeof importScripts === 'function';

// Node and other servers: a file: URL is read from disk (through process.getBuiltinModule, Node >=
// 20.16, so that no bundler sees a Node import), anything else fetched.
async function readOutsideBrowsers(url) {
  const where = new URL(url);
  if (where.protocol === 'file:') return globalThis.process.getBuiltinModule('fs').promises.readFile(where);
  const response = await fetch(where);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return new Uint8Array(await response.arrayBuffer());
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

async function instantiate(variant, include, sources) {
  const modules = await Promise.all(include.map((part) => instantiatePart(part, variant, sources[part])));
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

// One value for a single part, or { vector, matrix, ... }: the value per included part.
function perPart(name, value, include, isOne) {
  if (isOne(value)) {
    if (include.length !== 1) {
      throw new TypeError(
        `load: a single ${name} needs a single part; pass { ${include.map((part) => `${part}: ...`).join(', ')} } or include one part`,
      );
    }
    return { [include[0]]: value };
  }
  if (value && typeof value === 'object' && Object.values(value).every(isOne)) return value;
  return null;
}

const isUrl = (v) => typeof v === 'string' || v instanceof URL;
const isModule = (v) => typeof WebAssembly === 'object' && v instanceof WebAssembly.Module;

/** { part: { url } | { module } } for the options that say where the .wasm is; {} for the default. */
function sourcesFor(include, variant, { wasmUrl, baseUrl, wasmModule }) {
  const given = Object.entries({ wasmUrl, baseUrl, wasmModule }).filter(([, v]) => v !== undefined);
  if (given.length > 1)
    throw new TypeError(`load: pass one of wasmUrl, baseUrl and wasmModule (got ${given.map(([k]) => k).join(' and ')})`);
  if (wasmUrl !== undefined) {
    const urls = perPart('wasmUrl', wasmUrl, include, isUrl);
    if (!urls) throw new TypeError(`load: wasmUrl must be a URL, a string or { ${include.join(', ')} } (got ${describe(wasmUrl)})`);
    return Object.fromEntries(Object.entries(urls).map(([part, url]) => [part, { url }]));
  }
  if (baseUrl !== undefined) {
    // The folder of the .wasm files as the package ships them: the build is still chosen per engine.
    if (!isUrl(baseUrl)) throw new TypeError(`load: baseUrl must be a URL or a string (got ${describe(baseUrl)})`);
    let base;
    try {
      base = new URL(String(baseUrl), globalThis.location?.href);
    } catch {
      throw new TypeError(`load: baseUrl must be an absolute URL of the folder that holds the .wasm files (got ${describe(baseUrl)})`);
    }
    const folder = base.href.endsWith('/') ? base : new URL(`${base.href}/`);
    return Object.fromEntries(include.map((part) => [part, { url: new URL(`mathlets-${part}-${variant}.wasm`, folder).href }]));
  }
  if (wasmModule !== undefined) {
    const modules = perPart('wasmModule', wasmModule, include, isModule);
    if (!modules)
      throw new TypeError(
        `load: wasmModule must be a WebAssembly.Module or { ${include.join(', ')} } of them (got ${describe(wasmModule)})`,
      );
    return Object.fromEntries(Object.entries(modules).map(([part, module]) => [part, { module }]));
  }
  return {};
}

// A cache key for a source: its URL, or a number per distinct module object.
const moduleIds = new WeakMap();
let modulesSeen = 0;
function sourceKey(source) {
  if (!source) return '';
  if (source.url) return String(source.url);
  if (!moduleIds.has(source.module)) moduleIds.set(source.module, `module #${++modulesSeen}`);
  return moduleIds.get(source.module);
}

/**
 * Loads the core. `variant` is 'auto' (SIMD when the engine validates a SIMD module, else baseline),
 * 'simd' or 'baseline'. `include` lists the parts to fetch ('vector', 'matrix', 'attention', 'retrieval', 'entropy'; default all).
 * Where the .wasm is, at most one of: `wasmUrl`, your own copy (a URL when one part is included,
 * else { vector, matrix, ... }, one per included part); `baseUrl`, the folder holding the package's .wasm files under their own
 * names (the build is still chosen automatically); `wasmModule`, a WebAssembly.Module you compiled
 * (one per part, with `variant` naming the build it came from). The same promise is returned for
 * the same arguments.
 */
export function load({ variant = 'auto', include = PART_NAMES, wasmUrl, baseUrl, wasmModule } = {}) {
  try {
    if (!VARIANTS.includes(variant)) {
      throw new TypeError(`load: variant must be one of ${VARIANTS.join(', ')} (got ${describe(variant)})`);
    }
    if (!Array.isArray(include) || include.length === 0 || !include.every((p) => p in PARTS)) {
      throw new TypeError(`load: include must list one or more of ${Object.keys(PARTS).join(', ')} (got ${describe(include)})`);
    }
    if (wasmModule !== undefined && variant === 'auto') {
      // The glue of each build calls its wasm by its own names: the module's build must be known.
      throw new TypeError("load: wasmModule needs variant 'simd' or 'baseline', the build the module was compiled from");
    }
    const parts = Object.keys(PARTS).filter((p) => include.includes(p));
    const chosen = variant === 'auto' ? (simdSupported() ? 'simd' : 'baseline') : variant;
    const sources = sourcesFor(parts, chosen, { wasmUrl, baseUrl, wasmModule });
    const key = `${chosen} ${parts} ${parts.map((p) => sourceKey(sources[p]))}`;
    if (!instances.has(key)) {
      const pending = instantiate(chosen, parts, sources);
      pending.catch(() => instances.delete(key)); // a failed load may be retried
      instances.set(key, pending);
    }
    return instances.get(key);
  } catch (e) {
    return Promise.reject(e);
  }
}
