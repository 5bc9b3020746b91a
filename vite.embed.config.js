// The prebuilt widget bundle for pages with no bundler: `vite build --config vite.embed.config.js`
// builds web/src/widgets/index.js into dist-embed/ as ES modules, all in one flat folder:
//   mathlets-widgets.js      the entry: registers every <mathlet-*> element (a few KB)
//   <topic>-widget-*.js      one lazy chunk per widget, imported when the element nears the viewport
//   observablehq-plot-*.js   Observable Plot and its d3 modules, shared by the widgets
//   mathlets-core-*.js       the JS API (load() and the public functions)
//   other *-*.js             controls shared by several widgets, split by which widgets use them
//   mathlets-{vector,matrix}-{simd,baseline}-*.js   the Emscripten glue of each core part and build
//   mathlets-{vector,matrix}-{simd,baseline}-*.wasm the four wasm files
//   worker-*.js              the module worker that runs the widgets' long computations
// Every chunk and wasm file is found with `new URL(..., import.meta.url)` or a relative import(), so
// the folder works wherever it is served from:
//   <script type="module" src="/anywhere/mathlets-widgets.js"></script>
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repo = dirname(fileURLToPath(import.meta.url));

const flatNames = {
  entryFileNames: '[name].js',
  chunkFileNames: '[name]-[hash].js',
  assetFileNames: '[name]-[hash][extname]',
};

export default defineConfig({
  root: repo,
  base: './',
  publicDir: false,
  build: {
    outDir: join(repo, 'dist-embed'),
    emptyOutDir: true,
    copyPublicDir: false,
    assetsInlineLimit: 0, // a wasm file must stay a file, never a data: URL
    target: 'es2022',
    reportCompressedSize: false,
    rolldownOptions: {
      input: { 'mathlets-widgets': join(repo, 'web/src/widgets/index.js') },
      preserveEntrySignatures: 'allow-extension',
      output: {
        ...flatNames,
        // Two shared chunks named for what they hold, instead of after whichever module rolldown
        // saw first: the plot library (Observable Plot and its d3 modules) and the JS API of the core.
        // The widgets' shared controls are left to rolldown, which splits them by which widgets use
        // them, so a widget never downloads a control only another widget needs.
        codeSplitting: {
          // Modules outside the groups (Vite's small preload helper) stay where they are used, so the
          // entry never pulls in a shared chunk.
          includeDependenciesRecursively: false,
          groups: [
            { name: 'observablehq-plot', test: /[\\/]node_modules[\\/]/ },
            { name: 'mathlets-core', test: /[\\/]web[\\/]src[\\/]core[\\/][^\\/]+\.js$/ },
          ],
        },
      },
    },
  },
  worker: {
    format: 'es',
    rolldownOptions: { output: { ...flatNames, entryFileNames: '[name]-[hash].js' } }, // hashed: cached forever like the rest
  },
});
