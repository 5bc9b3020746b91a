// A Vite app in a fresh project that installed the tarball: the shared app (tests/package/fixtures/
// shared), whose main.js imports 'mathlets' and 'mathlets/widgets', calls the API, uses loadWorker() and a module
// worker of its own that imports 'mathlets', and mounts widgets. Run by the Vite dev server and as
// a production build under `vite preview`, in headless Chromium. The app has no Vite config: the
// package must work with Vite's defaults. Vite itself is the repository's (the app's
// node_modules hold only what `npm install <tarball>` brought).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, createServer, preview } from 'vite';
import { openBrowser } from '../e2e/chromium-session.js';
import { assertApp, assertWasmFiles, firstLoadBytes, openApp } from './app-checks.js';
import { freshProject } from './packed-project.js';
import { PART_NAMES } from '../../web/src/core/parts.js';

function viteConfig(root) {
  return {
    root,
    configFile: false,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  };
}

describe('the package in a Vite app', () => {
  let project, browser;
  before(async () => {
    [project, browser] = await Promise.all([freshProject('vite-app', { shared: true }), openBrowser()]);
  });
  after(async () => {
    await browser?.close();
    project?.remove();
  });

  it('works under the Vite dev server', async () => {
    const server = await createServer(viteConfig(project.dir));
    try {
      await server.listen();
      const url = server.resolvedUrls.local[0];
      const app = await openApp(browser, url);
      const wasm = assertApp(app, new URL(url).origin);
      await assertWasmFiles(wasm);
      assert.ok(
        wasm.every((u) => new URL(u).pathname.startsWith('/node_modules/mathlets/web/src/core/wasm/')),
        wasm.join(', '),
      );
      assert.ok(
        app.log.requests.some((u) => u.includes('/node_modules/mathlets/web/src/core/worker.js')),
        'loadWorker() started the package worker',
      );
    } finally {
      await server.close();
    }
  });

  it('works as a production build (vite build + vite preview)', async (t) => {
    await build({ ...viteConfig(project.dir), build: { outDir: join(project.dir, 'dist') } });
    const assets = readdirSync(join(project.dir, 'dist/assets'));
    for (const part of PART_NAMES.flatMap((name) => [`${name}-simd`, `${name}-baseline`])) {
      assert.ok(
        assets.some((f) => f.startsWith(`mathlets-${part}-`) && f.endsWith('.wasm')),
        `${part} wasm emitted as a file`,
      );
    }
    assert.ok(
      assets.some((f) => /^worker-[\w-]+\.js$/.test(f)),
      'the package worker is emitted',
    );
    assert.ok(
      assets.some((f) => /^own-worker-[\w-]+\.js$/.test(f)),
      "the app's worker is emitted",
    );
    assert.ok(!existsSync(join(project.dir, 'dist/node_modules')));

    const server = await preview(viteConfig(project.dir));
    try {
      const url = server.resolvedUrls.local[0];
      const app = await openApp(browser, url);
      const wasm = assertApp(app, new URL(url).origin);
      await assertWasmFiles(wasm);
      assert.ok(
        wasm.every((u) => /^\/assets\/mathlets-[\w-]+\.wasm$/.test(new URL(u).pathname)),
        wasm.join(', '),
      );
      const bytes = await firstLoadBytes(app.log);
      t.diagnostic(
        `vite build (plain entries): first load ${(bytes.js / 1024).toFixed(0)} KB JS + ${(bytes.wasm / 1024).toFixed(0)} KB wasm, gzip`,
      );
    } finally {
      await new Promise((done) => server.httpServer.close(done));
    }
  });
});
