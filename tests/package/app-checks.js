// What every fixture app (tests/package/fixtures/shared/app.js) must show in Chromium, whatever
// bundled it: the API's answers, the package's worker and the app's own, every widget ready with its
// plots, no console error, no failed or outside request; and what it cost to get there.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { externalRequests, isWasm, recordedPage } from '../e2e/chromium-session.js';
import { repo } from './packed-project.js';
import { PART_NAMES } from '../../web/src/core/parts.js';

const close = (a, b, tol) => Math.abs(a - b) <= tol;
const LSE_123 = 3.4076059644443803;
export const WIDGET_TAGS = ['mathlet-logsumexp', 'mathlet-cur', 'mathlet-smooth-topk', 'mathlet-grad-clip', 'mathlet-pinv', 'mathlet-cr'];

/** Loads the app at `url` in a new page and waits for its results: { results, widgets, log }. */
export async function openApp(browser, url) {
  const { page, log } = await recordedPage(browser.context);
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__results, null, { timeout: 60_000 });
    const results = await page.evaluate(() => window.__results);
    const widgets = await page.evaluate(
      (tags) =>
        [...document.querySelectorAll(tags.join(', '))].map((el) => ({
          tag: el.localName,
          state: el.dataset.state,
          svgs: el.shadowRoot?.querySelectorAll('svg').length ?? 0,
        })),
      WIDGET_TAGS,
    );
    return { results, widgets, log };
  } finally {
    await page.close();
  }
}

/**
 * Asserts the app's results; `ownWorker`: whether the app started a worker of its own (bundlers that
 * follow new Worker(new URL(…))). Returns the .wasm URLs the page fetched.
 */
export function assertApp({ results, widgets, log }, origin, { ownWorker = true } = {}) {
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
  assert.deepEqual(results.attention, [3, 3], 'attention part: softmax attention at scale 0 averages V');
  assert.equal(results.worker.landmarks, 1, 'attention part in the worker: the first segment mean of Q = (0, 2, 1, 3)');
  assert.ok(close(results.entropy, Math.LN2, 1e-15), `entropy part: two equal logits give log 2 (${results.entropy})`);
  assert.deepEqual(results.retrieval, [0, 2], 'retrieval part: the top 2 of (3, 1, 2)');
  if (ownWorker) {
    assert.equal(results.ownWorker.variant, 'simd');
    assert.ok(close(results.ownWorker.lse, 1000 + Math.LN2, 1e-12));
    assert.deepEqual(results.ownWorker.softmax, [0.5, 0.5]);
  }
  // Every kind of widget mounted and drew its plots.
  assert.deepEqual(
    widgets.map((w) => [w.tag, w.state]),
    WIDGET_TAGS.map((tag) => [tag, 'ready']),
  );
  for (const w of widgets) assert.ok(w.svgs > 0, `${w.tag} drew a plot`);
  // Everything came from the app's own server, nothing failed, nothing was said on the console.
  assert.deepEqual(externalRequests(log, origin), []);
  assert.deepEqual(log.failed, []);
  assert.deepEqual(log.bad, []);
  assert.deepEqual(log.errors, []);
  return log.requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && isWasm(u));
}

/**
 * Asserts that the page fetched the SIMD wasm of every part and the vector part's baseline, as files
 * (told apart by their bytes: a bundler may name them by hash alone).
 */
export async function assertWasmFiles(wasm) {
  const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');
  const known = new Map();
  for (const name of PART_NAMES.flatMap((part) => [`${part}-simd`, `${part}-baseline`])) {
    known.set(sha(readFileSync(join(repo, `web/src/core/wasm/mathlets-${name}.wasm`))), name);
  }
  const fetched = new Set();
  for (const url of new Set(wasm)) fetched.add(known.get(sha(Buffer.from(await (await fetch(url)).arrayBuffer()))) ?? url);
  for (const name of [...PART_NAMES.map((part) => `${part}-simd`), 'vector-baseline']) {
    assert.ok(fetched.has(name), `${name} wasm fetched (${[...fetched].join(', ')})`);
  }
}

/**
 * The JS and wasm the page requested, gzip-compressed as a server would send them: { js, wasm } in
 * bytes, each URL fetched again here (the app's server is still up).
 */
export async function firstLoadBytes(log) {
  const totals = { js: 0, wasm: 0 };
  const urls = [...new Set(log.requests)].filter((u) => /^https?:/.test(u));
  for (const url of urls) {
    const kind = isWasm(url) ? 'wasm' : /\.m?js(\?|$)/.test(new URL(url).pathname) ? 'js' : null;
    if (!kind) continue;
    const body = Buffer.from(await (await fetch(url)).arrayBuffer());
    totals[kind] += gzipSync(body, { level: 9 }).length;
  }
  return totals;
}
