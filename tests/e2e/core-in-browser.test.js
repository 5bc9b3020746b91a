// The JS API in Chromium: both builds load and agree with the Node results, the SIMD probe falls back
// to the baseline build when the engine lacks SIMD, and loadWorker() runs calls off the main thread.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, recordedPage } from './chromium-session.js';
import { startDevServer } from './dev-server.js';
import { withoutSimd } from './without-simd.js';

describe('the JS API in Chromium', () => {
  let server, browser;
  before(async () => {
    server = await startDevServer();
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function fixture({ noSimd = false } = {}) {
    const { page, log } = await recordedPage(browser.context);
    if (noSimd) await withoutSimd(page);
    await page.goto(`${server.url}tests/e2e/fixtures/core.html`);
    await page.waitForFunction(() => window.fixtureReady);
    return { page, log };
  }

  it('loads SIMD by default and both builds give the oracle values', async () => {
    const { page, log } = await fixture();
    const r = await page.evaluate(async () => {
      const simd = await window.mathlets.load();
      const base = await window.mathlets.load({ variant: 'baseline' });
      return {
        variant: simd.variant,
        lse: [simd.logsumexp([1, 2, 3]), base.logsumexp([1, 2, 3])],
        f32: simd.logsumexp(new Float32Array([1, 2, 3])),
        topk: [...simd.smoothTopK([3, 2, 1, 4], 2, { method: 'threshold-sigmoid' }).values],
        pinv: [
          ...base.pinv([
            [1, 2],
            [2, 4],
          ]).pinv.data,
        ],
        error: (() => {
          try {
            simd.logsumexp([]);
          } catch (e) {
            return `${e.name}: ${e.message}`;
          }
        })(),
      };
    });
    assert.equal(r.variant, 'simd');
    r.lse.forEach((v) => assert.ok(Math.abs(v - 3.4076059644443803) < 1e-14));
    assert.ok(Math.abs(r.f32 - 3.4076059644443803) < 1e-6);
    [0.622459331201855, 0.377540668798145, 0.182425523806356, 0.817574476193644].forEach((v, i) =>
      assert.ok(Math.abs(r.topk[i] - v) < 1e-12),
    );
    [1, 2, 2, 4].forEach((v, i) => assert.ok(Math.abs(r.pinv[i] - v / 25) < 1e-15));
    assert.equal(r.error, 'RangeError: logsumexp: x is empty');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('falls back to the baseline build when the engine has no SIMD', async () => {
    const { page, log } = await fixture({ noSimd: true });
    const r = await page.evaluate(async () => {
      const m = await window.mathlets.load();
      return { probe: window.mathlets.simdSupported(), variant: m.variant, lse: m.logsumexp([1000, 1000]) };
    });
    assert.equal(r.probe, false);
    assert.equal(r.variant, 'baseline');
    assert.ok(Math.abs(r.lse - 1000.6931471805599) < 1e-12);
    assert.ok(
      log.requests.some((u) => /-baseline\.wasm$/.test(u)),
      'the baseline build was fetched',
    );
    assert.ok(!log.requests.some((u) => /-simd\.(wasm|mjs)$/.test(u)), 'the SIMD build was never fetched');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('loadWorker() runs the same calls in a worker and keeps the page responsive', async () => {
    const { page, log } = await fixture();
    const r = await page.evaluate(async () => {
      const w = await window.mathlets.loadWorker();
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const n = 300;
      let seed = 1;
      const next = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648 - 0.5;
      };
      const A = { rows: n, cols: n, data: Float64Array.from({ length: n * n }, next) };
      const started = performance.now();
      const big = await w.pinv(A);
      const elapsed = performance.now() - started;
      clearInterval(timer);
      const topk = await w.smoothTopK([3, 2, 1, 4], 2);
      let error;
      try {
        await w.smoothTopK([1, 2], 5);
      } catch (e) {
        error = `${e.name}: ${e.message}`;
      }
      w.terminate();
      return { variant: w.variant, rank: big.rank, rows: big.pinv.rows, elapsed, ticks, sum: topk.sum, vjp: topk.vjp, error };
    });
    assert.equal(r.variant, 'simd');
    assert.equal(r.rows, 300);
    assert.equal(r.rank, 300);
    assert.ok(Math.abs(r.sum - 2) < 1e-12);
    assert.equal(r.vjp, undefined, 'function members stay in the worker');
    assert.equal(r.error, 'RangeError: smoothTopK: k = 5 is out of range for n = 2');
    // The main thread kept running timers while the worker computed (counted, not timed).
    assert.ok(r.ticks > 0, `timer callbacks ran during the computation (${r.ticks} in ${r.elapsed.toFixed(0)} ms)`);
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
