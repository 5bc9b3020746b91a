// Every widget on the baseline build: the site's pages in Chromium with WebAssembly SIMD emulated
// away (without-simd.js), so each widget's core (on the page and in its worker) is the baseline
// build. Each widget must reach its ready state, fetch no SIMD wasm, and answer an edit (a changed
// attribute) with the value an oracle of shared/math gives; its "Copy as NumPy" button (the
// framework's, beside "Copy link") puts a Python snippet on the clipboard.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, recordedPage } from './chromium-session.js';
import { eventually } from './page-actions.js';
import { startSite } from './site-server.js';
import { withoutSimd } from './without-simd.js';

const near = (a, b, tol) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

// page, element, the attributes to set, and a check of the widget's data-* readouts afterwards.
const CASES = [
  ['logsumexp', 'mathlet-logsumexp', { values: '1, 2, 3', tau: '1' }, (d) => near(Number(d.lse), 3.4076059644443803, 1e-14)], // logsumexp.md 5.1
  [
    'smooth-topk',
    'mathlet-smooth-topk',
    { values: '3, 2, 1, 4', k: '2', tau: '1' },
    (d) => near(Number(d.sum), 2, 1e-12) && d.output.split(',').every((v) => Number(v) >= 0 && Number(v) <= 1),
  ],
  [
    'gradient-clipping',
    'mathlet-grad-clip',
    { g: '3, 4', tau: '1' },
    (d) =>
      near(Number(d.norm), 5, 1e-15) &&
      d.clipped
        .split(',')
        .map(Number)
        .every((v, i) => near(v, [0.6, 0.8][i], 1e-15)),
  ],
  [
    'pseudo-inverse',
    'mathlet-pinv',
    { matrix: '1 2; 2 4' },
    (d) =>
      d.rank === '1' &&
      d.pinv
        .split(',')
        .map(Number)
        .every((v, i) => near(v, [1, 2, 2, 4][i] / 25, 1e-12)),
  ], // T-P1
  ['cr-approximation', 'mathlet-cr', { r: '2', seed: '5' }, (d) => d.r === '2' && Number(d.error) >= 0 && d.seed === '5'],
  ['cur-decomposition', 'mathlet-cur', { r: '2' }, (d) => d.r === '2' && Number(d.error) >= Number(d.floor) * (1 - 1e-9)],
];

describe('every widget on the baseline (no-SIMD) build', () => {
  let site, browser;
  before(async () => {
    site = await startSite();
    browser = await openBrowser();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const [slug, tag, attributes, check] of CASES) {
    it(`${tag} works on ${slug}/ without SIMD`, async () => {
      const { page, log } = await recordedPage(browser.context);
      await withoutSimd(page);
      await page.goto(`${site.url}${slug}/#demo`);
      const host = page.locator(tag).first();
      await host.scrollIntoViewIfNeeded();
      await page.waitForSelector(`${tag}[data-state=ready]`, { timeout: 60_000 });
      await host.evaluate((h, set) => {
        for (const [name, value] of Object.entries(set)) h.setAttribute(name, value);
      }, attributes);
      // The readouts pass the check once the widget has answered (some attributes equal its defaults,
      // so a wait for a change would wait in vain).
      await eventually(
        async () => {
          const data = await host.evaluate((h) => ({ ...h.dataset }));
          assert.ok(check(data), `${tag} after ${JSON.stringify(attributes)}: ${JSON.stringify(data)}`);
        },
        { timeout: 30_000, interval: 100 },
      );
      // "Copy as NumPy": the snippet (tests/widgets/numpy-snippets.test.js runs it) reaches the clipboard.
      await host.locator('button.copy-numpy').click();
      await eventually(
        async () =>
          assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^# [\s\S]*\nimport numpy as np\n[\s\S]*\nshow\("/),
        {
          timeout: 10_000,
          interval: 100,
        },
      );
      const wasm = log.requests.filter((u) => u.endsWith('.wasm'));
      assert.ok(
        wasm.some((u) => /-baseline-[\w-]+\.wasm$|-baseline\.wasm$/.test(u)),
        `baseline wasm fetched: ${wasm}`,
      );
      assert.deepEqual(
        wasm.filter((u) => /-simd/.test(u)),
        [],
        'no SIMD wasm fetched',
      );
      assert.deepEqual(log.errors, []);
      await page.close();
    });
  }
});
