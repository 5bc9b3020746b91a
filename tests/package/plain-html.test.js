// A plain HTML page with no bundler, in a fresh project that installed the tarball: the blog copies
// node_modules/mathlets/dist-embed/ to /static/mathlets/ and adds one script tag
// (tests/package/fixtures/plain-html/blog/a-post/index.html). Served by a tiny static server and
// opened in headless Chromium: the script registers every element, each widget loads its chunk,
// Plot and the wasm from beside the script only when it nears the viewport. A second page uses the
// JS API (and loadWorker()) from the core folder copied as is, also with no bundler.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isWasm, openBrowser, recordedPage } from '../e2e/chromium-session.js';
import { fixtures, freshProject } from './packed-project.js';
import { PART_NAMES } from '../../web/src/core/parts.js';
import { serveStatic } from './static-server.js';

const BUNDLE = '/static/mathlets/';
const widgetState = (page, selector) => page.evaluate((s) => document.querySelector(s).dataset.state, selector);

describe('the prebuilt widget bundle on a plain HTML page', () => {
  let project, server, browser;
  before(async () => {
    project = await freshProject('plain-html');
    const site = join(project.dir, 'site');
    cpSync(join(fixtures, 'plain-html'), site, { recursive: true });
    cpSync(join(project.dir, 'node_modules/mathlets/dist-embed'), join(site, 'static/mathlets'), { recursive: true });
    cpSync(join(project.dir, 'node_modules/mathlets/web/src/core'), join(site, 'static/mathlets-core'), { recursive: true });
    [server, browser] = await Promise.all([serveStatic(site), openBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    project?.remove();
  });

  it('ships as one folder: the entry, its chunks and the wasm files', () => {
    const files = readdirSync(join(project.dir, 'node_modules/mathlets/dist-embed'));
    assert.ok(files.includes('mathlets-widgets.js'));
    assert.equal(files.filter((f) => f.endsWith('.wasm')).length, 2 * PART_NAMES.length);
  });

  it('registers every element with one script tag and loads each widget from beside the script as it scrolls in', async () => {
    const { page, log } = await recordedPage(browser.context);
    const served = server.served.length;
    await page.goto(`${server.origin}/blog/a-post/`);
    const registered = await page.evaluate(() =>
      ['mathlet-logsumexp', 'mathlet-smooth-topk', 'mathlet-grad-clip', 'mathlet-pinv', 'mathlet-cr', 'mathlet-cur'].map(
        (tag) => customElements.get(tag) !== undefined,
      ),
    );
    assert.deepEqual(registered, [true, true, true, true, true, true]);

    // The widget in view loads; the one 5000 px below keeps its placeholder and its chunk stays unfetched.
    await page.waitForFunction(() => document.querySelector('mathlet-logsumexp').dataset.state === 'ready', null, { timeout: 30_000 });
    assert.equal(await widgetState(page, '#below'), 'placeholder');
    assert.ok(log.requests.some((u) => /\/logsumexp-widget-[\w-]+\.js$/.test(u)));
    assert.ok(
      !log.requests.some((u) => /\/grad-clip-widget-[\w-]+\.js$/.test(u)),
      'the clipping widget is not fetched before it nears the viewport',
    );
    assert.ok(log.requests.some((u) => /\/observablehq-plot-[\w-]+\.js$/.test(u)));
    assert.ok(log.requests.some((u) => /\/mathlets-vector-simd-[\w-]+\.wasm$/.test(u)));

    await page.locator('#below').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('#below').dataset.state === 'ready', null, { timeout: 30_000 });
    assert.ok(
      !log.requests.some((u) => /\/mathlets-matrix-simd-[\w-]+\.wasm$/.test(u)),
      'the matrix part is not fetched before a matrix widget nears the viewport',
    );
    await page.locator('#matrix-below').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('#matrix-below').dataset.state === 'ready', null, { timeout: 30_000 });
    assert.ok(log.requests.some((u) => /\/mathlets-matrix-simd-[\w-]+\.wasm$/.test(u)));
    const svgs = await page.evaluate(() =>
      ['mathlet-logsumexp', '#below', '#matrix-below'].map((s) => document.querySelector(s).shadowRoot.querySelectorAll('svg').length),
    );
    assert.ok(
      svgs.every((n) => n > 0),
      `plots drawn: ${svgs}`,
    );

    // Every script and wasm came from the bundle's folder on the page's own origin; nothing failed.
    const loaded = log.requests.filter((u) => /\.(js|mjs|wasm)$/.test(new URL(u).pathname));
    assert.deepEqual(
      loaded.filter((u) => !u.startsWith(`${server.origin}${BUNDLE}`)),
      [],
    );
    assert.deepEqual(
      log.requests.filter((u) => !u.startsWith(`${server.origin}/`) && !/^(data|blob):/.test(u)),
      [],
    );
    assert.ok(log.requests.filter(isWasm).every((u) => u.startsWith(`${server.origin}${BUNDLE}`)));
    assert.deepEqual(log.failed, []);
    assert.deepEqual(log.errors, []);
    const paths = server.served.slice(served);
    assert.ok(
      paths.every((p) => p.startsWith(BUNDLE) || p === '/blog/a-post/index.html'),
      paths.join(', '),
    );
    await page.close();
  });

  it('a widget created later from script is upgraded and loads too', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.goto(`${server.origin}/blog/a-post/`);
    await page.evaluate(() => {
      const el = document.createElement('mathlet-smooth-topk');
      el.setAttribute('values', '3, 2, 1, 4');
      el.setAttribute('k', '2');
      document.body.prepend(el);
    });
    await page.waitForFunction(() => document.querySelector('mathlet-smooth-topk').dataset.state === 'ready', null, { timeout: 30_000 });
    assert.ok(log.requests.some((u) => /\/smooth-topk-widget-[\w-]+\.js$/.test(u)));
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('the JS API runs with no bundler too: the core folder copied as is, loadWorker() included', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.goto(`${server.origin}/blog/api-demo/`);
    await page.waitForFunction(() => window.__results, null, { timeout: 30_000 });
    const r = await page.evaluate(() => window.__results);
    assert.equal(r.failed, undefined, r.failed);
    assert.equal(r.variant, 'simd');
    assert.ok(Math.abs(r.lse - 3.4076059644443803) < 1e-14);
    assert.equal(r.worker.variant, 'simd');
    [1, 2, 2, 4].forEach((v, i) => assert.ok(Math.abs(r.worker.pinv[i] - v / 25) < 1e-15));
    assert.ok(log.requests.includes(`${server.origin}/static/mathlets-core/worker.js`));
    assert.ok(log.requests.includes(`${server.origin}/static/mathlets-core/wasm/mathlets-matrix-simd.wasm`));
    assert.deepEqual(log.failed, []);
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
