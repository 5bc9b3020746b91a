// mathlets/inline: the JS API of mathlets (./index.js) with the wasm and the worker embedded in the
// JS, for bundlers that do not copy the files a `new URL(…, import.meta.url)` names (esbuild, Rollup).
// webpack, Vite and Parcel do; they are better served by the plain entry, which fetches the binary
// .wasm (a third smaller than its base64) and compiles it while it downloads.
import './inline-assets.js';

export * from './index.js';
