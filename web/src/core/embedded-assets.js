// Where the inline entries (mathlets/inline, mathlets/widgets/inline) keep their embedded assets:
// each build's wasm as text (gzipped, then base64) and the module worker as one self-contained
// source text, each behind an import() so that a page fetches only what it uses. load() and
// loadWorker() take them from here unless told where the wasm is. A module of its own, holding no
// API, so that the widgets' registration bundle can import it and stay small.
let assets = null;

/** { wasm: { 'vector simd': () => import(…), … }, worker: () => import(…) }, each module's default the text. */
export function embedAssets(loaders) {
  assets = loaders;
}

export const hasEmbeddedAssets = () => assets !== null;

// One compilation per build, shared by load() and every loadWorker() (each worker is handed the same
// Module), instead of decoding and compiling the same bytes again for each.
const compiled = new Map();

/** The embedded wasm of a part's build (gzipped, then base64: scripts/build-inline.js), compiled once. */
export function embeddedModule(part, variant) {
  const key = `${part} ${variant}`;
  if (!compiled.has(key)) {
    const pending = compile(key);
    pending.catch(() => compiled.delete(key)); // a failed compile may be retried
    compiled.set(key, pending);
  }
  return compiled.get(key);
}

async function compile(key) {
  const { default: base64 } = await assets.wasm[key]();
  const text = atob(base64);
  const gzipped = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) gzipped[i] = text.charCodeAt(i);
  const bytes = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream('gzip'));
  return WebAssembly.compile(await new Response(bytes).arrayBuffer());
}

/** The module worker's source (web/src/core/worker.js bundled into one file). */
export async function embeddedWorkerSource() {
  return (await assets.worker()).default;
}
