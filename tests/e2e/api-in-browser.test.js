// The JS API suites of tests/js (the same files `node --test tests/js/` runs) in headless Chromium,
// on an engine emulating no SIMD support, so the loader falls back to the baseline build: every
// oracle, error message and heap check must hold there too. node:test and node:assert are swapped
// for small browser stand-ins (fixtures/node-*-in-browser.js); the suites that need Node's file
// system or child processes (load, bench) stay in Node.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowser, recordedPage } from './chromium-session.js';
import { startDevServer } from './dev-server.js';
import { evaluateBounded } from './page-actions.js';
import { withoutSimd } from './without-simd.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const SUITES = ['logsumexp', 'smooth-topk', 'grad-clip', 'pinv', 'cr-cur', 'malformed-input', 'heap'];

describe('the JS API suites in Chromium on the baseline build', () => {
  let server, browser;
  before(async () => {
    server = await startDevServer({
      alias: {
        'node:test': join(fixtures, 'node-test-in-browser.js'),
        'node:assert/strict': join(fixtures, 'node-assert-in-browser.js'),
      },
    });
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const suite of SUITES) {
    it(`${suite}: every test passes with SIMD unavailable`, async (t) => {
      const { page, log } = await recordedPage(browser.context);
      await withoutSimd(page);
      await page.goto(`${server.url}tests/e2e/fixtures/api-suite.html?variants=baseline&files=${suite}`);
      await page.waitForFunction(() => window.suiteResult, null, { timeout: 240_000 });
      const result = await evaluateBounded(page, () => window.suiteResult);
      t.diagnostic(`${result.passed.length} passed, ${result.failed.length} failed, ${result.skipped.length} skipped`);
      assert.deepEqual(result.failed, []);
      assert.ok(result.passed.length > 0, 'the suite ran tests');
      assert.equal(result.autoVariant, 'baseline', 'load() falls back to the baseline build');
      assert.ok(
        log.requests.some((u) => /-baseline\.wasm$/.test(u)),
        'the baseline build was fetched',
      );
      assert.ok(!log.requests.some((u) => /-simd\.wasm$/.test(u)), 'the SIMD build was never fetched');
      assert.deepEqual(log.errors, []);
      await page.close();
    });
  }
});
