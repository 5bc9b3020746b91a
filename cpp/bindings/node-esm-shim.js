// Prepended to the generated ES module (--extern-pre-js) so one build runs in browsers and in Node ESM.
// Emscripten 3.1.6 reaches for CommonJS globals (require, __dirname) on its Node path and fetch()es the
// .wasm by file:// URL, which Node's fetch refuses. These module-scoped stand-ins fix both in Node and
// stay inert in browsers (fetch is the global one there). process.getBuiltinModule (Node >= 20.16)
// keeps any static Node import out of the file, so bundlers never see one.
var require, __dirname, __filename, fetch = globalThis.fetch;
if (typeof process == 'object' && typeof process.versions == 'object' && typeof process.versions.node == 'string') {
  require = process.getBuiltinModule('module').createRequire(import.meta.url);
  __filename = require('url').fileURLToPath(import.meta.url);
  __dirname = require('path').dirname(__filename);
  const fs = require('fs'), url = require('url');
  fetch = async (resource, init) => {
    const where = new URL(String(resource), url.pathToFileURL(__filename));
    if (where.protocol !== 'file:') return globalThis.fetch(resource, init);
    return new Response(await fs.promises.readFile(where), { headers: { 'Content-Type': 'application/wasm' } });
  };
}
