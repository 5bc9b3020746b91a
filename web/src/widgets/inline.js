// mathlets/widgets/inline: the widgets (./index.js) with the wasm and their worker embedded in the JS,
// for bundlers that do not copy the files a `new URL(…, import.meta.url)` names (see core/inline.js).
import '../core/inline-assets.js';

export * from './index.js';
