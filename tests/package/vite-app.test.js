// A Vite app in a fresh project that installed the tarball (tests/package/fixtures/vite-app):
// main.js imports 'mathlets' and 'mathlets/widgets', calls the API, uses loadWorker() and a module
// worker of its own that imports 'mathlets', and mounts widgets. Run by the Vite dev server and as
// a production build under `vite preview`, in headless Chromium. The app has no Vite config: the
// package must work with Vite's defaults. Vite itself is the repository's (the app's
// node_modules hold only what `npm install <tarball>` brought).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, createServer, preview } from 'vite';
import { externalRequests, isWasm, openBrowser, recordedPage } from '../e2e/chromium-session.js';
import { freshProject } from './packed-project.js';

const close = (a, b, tol) => Math.abs(a - b) <= tol;
const LSE_123 = 3.4076059644443803;

function viteConfig(root) {
  return {
    root,
    configFile: false,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  };
}

async function openApp(browser, url) {
  const { page, log } = await recordedPage(browser.context);
  await page.goto(url);
  await page.waitForFunction(() => window.__results, null, { timeout: 60_000 });
  const results = await page.evaluate(() => window.__results);
  const widgets = await page.evaluate(() =>
    [...document.querySelectorAll('mathlet-logsumexp, mathlet-smooth-topk, mathlet-grad-clip, mathlet-pinv, mathlet-cr, mathlet-cur')].map(
      (el) => ({ tag: el.localName, state: el.dataset.state, svgs: el.shadowRoot?.querySelectorAll('svg').length ?? 0 }),
    ),
  );
  await page.close();
  return { results, widgets, log };
}

function assertApp({ results, widgets, log }, origin) {
  assert.equal(results.failed, undefined, results.failed);
  assert.equal(results.simdSupported, true);
  assert.equal(results.variant, 'simd');
  assert.ok(close(results.lse, LSE_123, 1e-14));
  assert.ok(close(results.baselineLse, LSE_123, 1e-14));
  [1, 2, 2, 4].forEach((v, i) => assert.ok(close(results.pinv[i], v / 25, 1e-15)));
  assert.ok(close(results.crTop, 34, 1e-12), `CR top-1 error ${results.crTop}`); // T-C1
  assert.ok(results.curRank2 < 1e-20, `CUR of a rank-2 matrix is exact (T-U1): ${results.curRank2}`);
  [0.622459331201855, 0.377540668798145, 0.182425523806356, 0.817574476193644].forEach((v, i) =>
    assert.ok(close(results.topk[i], v, 1e-12)),
  );
  assert.equal(results.error, 'RangeError: logsumexp: x is empty');
  // loadWorker() from the package, and the app's own module worker importing 'mathlets'.
  assert.equal(results.worker.variant, 'simd');
  assert.ok(close(results.worker.lse, LSE_123, 1e-14));
  assert.equal(results.worker.rank, 1);
  assert.equal(results.ownWorker.variant, 'simd');
  assert.ok(close(results.ownWorker.lse, 1000 + Math.LN2, 1e-12));
  assert.deepEqual(results.ownWorker.softmax, [0.5, 0.5]);
  // Every kind of widget mounted and drew its plots.
  assert.deepEqual(
    widgets.map((w) => [w.tag, w.state]),
    ['mathlet-logsumexp', 'mathlet-cur', 'mathlet-smooth-topk', 'mathlet-grad-clip', 'mathlet-pinv', 'mathlet-cr'].map((tag) => [
      tag,
      'ready',
    ]),
  );
  for (const w of widgets) assert.ok(w.svgs > 0, `${w.tag} drew a plot`);
  // Everything came from the app's own server: the wasm as files, nothing inlined, nothing failed.
  assert.deepEqual(externalRequests(log, origin), []);
  assert.deepEqual(log.failed, []);
  assert.deepEqual(log.errors, []);
  const wasm = log.requests.filter((u) => !u.startsWith('data:') && isWasm(u));
  assert.ok(
    wasm.some((u) => /mathlets-vector-simd[^/]*\.wasm$/.test(u)),
    'vector SIMD wasm fetched',
  );
  assert.ok(
    wasm.some((u) => /mathlets-matrix-simd[^/]*\.wasm$/.test(u)),
    'matrix SIMD wasm fetched',
  );
  assert.ok(
    wasm.some((u) => /mathlets-vector-baseline[^/]*\.wasm$/.test(u)),
    'baseline wasm fetched for load({ variant })',
  );
  return wasm;
}

describe('the package in a Vite app', () => {
  let project, browser;
  before(async () => {
    [project, browser] = await Promise.all([freshProject('vite-app', { fixture: 'vite-app' }), openBrowser()]);
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

  it('works as a production build (vite build + vite preview)', async () => {
    await build({ ...viteConfig(project.dir), build: { outDir: join(project.dir, 'dist') } });
    const assets = readdirSync(join(project.dir, 'dist/assets'));
    for (const part of ['vector-simd', 'vector-baseline', 'matrix-simd', 'matrix-baseline']) {
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
      assert.ok(
        wasm.every((u) => /^\/assets\/mathlets-[\w-]+\.wasm$/.test(new URL(u).pathname)),
        wasm.join(', '),
      );
    } finally {
      await new Promise((done) => server.httpServer.close(done));
    }
  });
});
