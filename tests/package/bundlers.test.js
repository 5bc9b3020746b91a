// The packed package in the bundlers people use, each with its defaults: the shared app (tests/
// package/fixtures/shared) built by webpack 5 (no configuration at all), esbuild (--bundle
// --splitting), Rollup 4 (node-resolve and commonjs, as nearly every Rollup app has) and Parcel 2
// (no configuration), then served as static files and run in Chromium (tests/package/app-checks.js).
// webpack and Parcel follow new URL(…, import.meta.url) and get the plain entries (the .wasm and
// the worker as files); esbuild and Rollup do not, and get the inline entries. Each test reports
// the gzip bytes of the JS and wasm its first load fetched. Next.js is nextjs.test.js.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser } from '../e2e/chromium-session.js';
import { assertApp, assertWasmFiles, firstLoadBytes, openApp } from './app-checks.js';
import { bundlerTools, freshApp, toolBin, toolsDir } from './bundler-tools.js';
import { run } from './packed-project.js';
import { serveStatic } from './static-server.js';

const BUNDLERS = {
  webpack: {
    entries: 'plain',
    build: async (dir) => {
      await run(toolBin('webpack'), [], { cwd: dir }); // src/index.js -> dist/main.js, production mode
      copyFileSync(join(dir, 'public/index.html'), join(dir, 'dist/index.html'));
    },
  },
  esbuild: {
    entries: 'inline',
    build: async (dir) => {
      await run(toolBin('esbuild'), ['main-inline.js', '--bundle', '--format=esm', '--splitting', '--minify', '--outdir=dist'], {
        cwd: dir,
      });
      pageInto(dir, 'main-inline.js');
    },
  },
  rollup: {
    entries: 'inline',
    build: async (dir) => {
      await run(toolBin('rollup'), ['-c'], { cwd: dir }); // rollup.config.js
      pageInto(dir, 'main-inline.js');
    },
  },
  parcel: {
    entries: 'plain',
    ownWorker: false, // fixtures/parcel/main.js says why
    build: (dir) => run(toolBin('parcel'), ['build', 'index.html', '--dist-dir', 'dist', '--no-source-maps', '--no-cache'], { cwd: dir }),
  },
};

// The shared page, in dist/, loading the bundle of `entry` (a bundler that writes only JS).
function pageInto(dir, entry) {
  const page = readFileSync(join(dir, 'index.html'), 'utf8').replace('./main.js', `./${entry}`);
  assert.ok(page.includes(`./${entry}`));
  writeFileSync(join(dir, 'dist/index.html'), page);
}

/** Every file under `dir`, relative. */
function filesUnder(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

describe('the package in bundled apps', () => {
  let browser;
  before(async () => {
    [browser] = await Promise.all([openBrowser(), bundlerTools()]);
  });
  after(() => browser?.close());

  for (const [name, { entries, build, ownWorker = entries === 'plain' }] of Object.entries(BUNDLERS)) {
    it(`${name}: the API, both workers and every widget, with the ${entries} entries`, async (t) => {
      const dir = freshApp(name);
      await build(dir);
      const dist = join(dir, 'dist');
      const files = filesUnder(dist);
      // Nothing of the build machine in what is shipped (webpack writes a bare import.meta.url as one).
      for (const file of files.filter((f) => /\.(m?js|html)$/.test(f))) {
        const text = readFileSync(join(dist, file), 'utf8');
        assert.ok(!text.includes(toolsDir) && !text.includes('file:///'), `${file} holds a build-machine path`);
      }
      const server = await serveStatic(dist);
      try {
        const app = await openApp(browser, `${server.origin}/`);
        const wasm = assertApp(app, server.origin, { ownWorker });
        if (entries === 'plain') await assertWasmFiles(wasm);
        else assert.deepEqual(wasm, [], 'the inline entries fetch no .wasm file');
        const bytes = await firstLoadBytes(app.log);
        t.diagnostic(
          `${name} (${entries} entries): first load ${(bytes.js / 1024).toFixed(0)} KB JS + ${(bytes.wasm / 1024).toFixed(0)} KB wasm, gzip`,
        );
      } finally {
        await server.close();
      }
    });
  }
});
