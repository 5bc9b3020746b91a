// The widgets from a CDN: a page on one origin with one script tag pointing at the embed bundle on
// another origin, which serves it as jsDelivr or unpkg do (with CORS). The widgets load, their
// worker starts (a module worker cannot start from another origin: the package starts it from a
// same-origin blob that imports it) and runs their long computations, and on an engine without
// WebAssembly SIMD both page and worker fall back to the baseline build, fetched from the CDN.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage } from './chromium-session.js';
import { buildEmbedBundle, serveAsCdn, serveFolder } from './embed-server.js';
import { widgetsReady } from './page-actions.js';
import { withoutSimd } from './without-simd.js';

const page = (cdn) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>A post that loads mathlets from a CDN</title><link rel="icon" href="data:,">
<script type="module" src="${cdn}/mathlets-widgets.js"></script></head>
<body>
<p>The CUR widget computes its error curves in its worker; the gradient clipping widget trains there.</p>
<mathlet-cur></mathlet-cur>
<mathlet-grad-clip></mathlet-grad-clip>
</body>
</html>
`;

describe('the widgets from a CDN on another origin', () => {
  let bundle;
  let cdn;
  let blogDir;
  let blog;
  let browser;
  before(async () => {
    bundle = await buildEmbedBundle();
    cdn = await serveAsCdn(bundle.dir);
    blogDir = mkdtempSync(join(tmpdir(), 'mathlets-cdn-blog-'));
    writeFileSync(join(blogDir, 'index.html'), page(cdn.origin));
    blog = await serveFolder(blogDir);
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await blog?.close();
    await cdn?.close();
    bundle?.remove();
    if (blogDir) rmSync(blogDir, { recursive: true, force: true });
  });

  for (const simd of [true, false]) {
    it(`one script tag: the widgets and their worker work (${simd ? 'SIMD' : 'baseline, no SIMD'})`, async () => {
      const { page: tab, log } = await recordedPage(browser.context);
      const warnings = [];
      tab.on('console', (message) => {
        if (message.type() === 'warning') warnings.push(message.text());
      });
      const workers = [];
      tab.on('worker', (worker) => workers.push(worker.url()));
      if (!simd) await withoutSimd(tab);
      assert.notEqual(new URL(blog.origin).origin, new URL(cdn.origin).origin);
      await tab.goto(`${blog.origin}/`);
      await widgetsReady(tab);
      // CUR's error curves for every method come from the worker.
      await tab.waitForFunction(() => document.querySelector('mathlet-cur').dataset.curves === 'done', null, { timeout: 60_000 });

      assert.ok(workers.length > 0 && workers.every((url) => url.startsWith('blob:')), `a worker started from a blob: ${workers}`);
      assert.ok(
        log.requests.some((url) => url.startsWith(cdn.origin) && /\/worker-[\w-]+\.js$/.test(url)),
        'the worker module came from the CDN',
      );
      assert.deepEqual(
        warnings.filter((text) => text.includes('mathlets')),
        [],
        'no fallback to the main thread',
      );
      const wasm = log.requests.filter((url) => url.endsWith('.wasm'));
      assert.ok(wasm.length > 0 && wasm.every((url) => url.startsWith(`${cdn.origin}/`)), `wasm from the CDN: ${wasm}`);
      assert.deepEqual(
        wasm.filter((url) => /-simd-/.test(url) !== simd),
        [],
        `only ${simd ? 'SIMD' : 'baseline'} wasm: ${wasm}`,
      );
      const elsewhere = log.requests.filter(
        (url) => !url.startsWith(`${blog.origin}/`) && !url.startsWith(`${cdn.origin}/`) && !url.startsWith('blob:'),
      );
      assert.deepEqual(elsewhere, [], 'nothing from a third origin');
      assert.deepEqual([...log.failed, ...log.bad], []);
      assert.deepEqual(log.errors, []);
      await tab.close();
    });
  }
});
