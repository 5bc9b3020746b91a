// Where <mathlet-cr> and <mathlet-cur> do their work (see the top comments of cr-widget.js and
// cur-widget.js): every call the page posts to the core's worker is recorded (lowrank-worker-calls.js),
// and the widgets time their own main-thread core calls as performance measures. The curves of
// both widgets and CUR's brute-force max-volume choice must be asked of the worker; the main thread
// may only run the current choice. The main-thread time per core call at the widgets' limits (the
// largest presets at the largest r) and the worker's turnaround are reported as diagnostics, never
// asserted (the figures depend on the machine and its load, which is reported with them).
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage } from './chromium-session.js';
import { describeMeasure, holdWorkerCalls, measures, recordWorkerCalls, releaseWorkerCalls, workerCalls } from './lowrank-worker-calls.js';
import { nextFrames } from './page-actions.js';
import { startSite } from './site-server.js';

const CR = 'mathlet-cr';
const CUR = 'mathlet-cur';
const sorted = (list) =>
  list
    .split(',')
    .map(Number)
    .sort((a, b) => a - b)
    .join(',');
const load = () =>
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on this machine`;

describe('CR and CUR: heavy work in the worker, the current choice on the main thread', () => {
  let site;
  let browser;
  before(async () => {
    site = await startSite();
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  // The widget on its page, with the worker calls recorded (and held back when the test says so).
  async function openWidget(slug, tag) {
    const session = await recordedPage(browser.context);
    await session.page.addInitScript(recordWorkerCalls);
    await session.page.goto(`${site.url}${slug}/#demo`);
    const widget = session.page.locator(tag);
    await widget.scrollIntoViewIfNeeded();
    await session.page.waitForSelector(`${tag}[data-state=ready]`, { timeout: 60_000 });
    return { ...session, widget };
  }
  // What the CUR widget shows once the choice asked for last is on screen.
  async function shown(page) {
    await page.waitForFunction((tag) => !document.querySelector(tag).dataset.pending, CUR, { timeout: 60_000 });
    await nextFrames(page);
    const host = page.locator(CUR);
    return {
      error: Number(await host.getAttribute('data-error')),
      rows: await host.getAttribute('data-rows'),
      cols: await host.getAttribute('data-cols'),
    };
  }

  it('computes the error curves in the worker and only the current estimate on the main thread', async (t) => {
    const { page, widget, log } = await openWidget('cr-approximation', CR);
    await page.waitForSelector(`${CR}[data-curves=done]`, { timeout: 60_000 });
    const calls = (await workerCalls(page)).filter((c) => c.name === 'crMatmul');
    for (const sampling of ['top', 'optimal', 'uniform']) {
      const ranks = calls
        .filter((c) => c.sampling === sampling)
        .map((c) => c.r)
        .sort((a, b) => a - b);
      assert.deepEqual(
        ranks,
        Array.from({ length: 32 }, (_, k) => k + 1),
        `the ${sampling} curve: one worker call per r`,
      );
    }
    // The main thread ran the exact product, two rank-one expectations, XY's singular values and the
    // estimate (5 core calls), and the table of selection rules at r (cr-subsets.js, timed as one).
    assert.equal((await measures(page, 'mathlet-cr main-thread core')).count, 6, 'no curve point computed on the main thread');

    // A new seed: a new run of the realisations in the worker, while the page stays on the new estimate.
    const started = Date.now();
    await widget.getByRole('button', { name: /Resample/ }).click();
    await page.waitForFunction((tag) => document.querySelector(tag).dataset.seed === '2', CR);
    await page.waitForSelector(`${CR}[data-curves=done]`, { timeout: 60_000 });
    t.diagnostic(`curves for a new seed (worker, 32 ranks x 2 draws + top-r): ${Date.now() - started} ms until drawn`);
    const again = (await workerCalls(page)).filter((c) => c.name === 'crMatmul').length;
    assert.equal(again - calls.length, 96, 'one more run of 3 x 32 calls in the worker');

    // Main-thread work at the widget's limits: the 12 x 32 . 32 x 12 factors at r = 32, every rule.
    const r = widget.getByRole('textbox', { name: 'r, typed value' });
    const sampling = widget.getByRole('combobox', { name: 'How the terms are chosen' });
    await r.fill('32');
    for (const rule of ['optimal', 'uniform', 'top', 'optimal']) {
      await sampling.selectOption(rule);
      for (let k = 0; k < 3; k++) await widget.getByRole('button', { name: /Resample/ }).click();
      await nextFrames(page);
    }
    await widget.getByRole('combobox', { name: 'Factors' }).selectOption('even');
    await nextFrames(page);
    t.diagnostic(load());
    t.diagnostic(
      describeMeasure(
        'core calls on the main thread (the estimate; 4 more for new factors, the rules table for new factors or r)',
        await measures(page, 'mathlet-cr main-thread core'),
      ),
    );
    t.diagnostic(describeMeasure('render (chips, 2 plots, 5 heatmaps)', await measures(page, 'mathlet-cr render')));
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('runs max volume and the curves in the worker, keeping the last decomposition while it waits', async (t) => {
    const { page, widget, log } = await openWidget('cur-decomposition', CUR);
    await page.waitForSelector(`${CUR}[data-curves=done]`, { timeout: 90_000 });
    const curve = await workerCalls(page);
    for (const select of ['leverage-top', 'pivoted-qr', 'deim', 'uniform']) {
      const ranks = curve
        .filter((c) => c.name === 'cur' && c.select === select)
        .map((c) => c.r)
        .sort((a, b) => a - b);
      assert.deepEqual(
        ranks,
        Array.from({ length: 20 }, (_, k) => k + 1),
        `the ${select} curve: one worker call per r`,
      );
    }
    assert.deepEqual(
      curve.filter((c) => c.select === 'max-volume').map((c) => c.r),
      [1, 2],
      'max volume where enumeration is allowed (r <= 2 on 20 x 24)',
    );
    const mainThreadCalls = (await measures(page, 'mathlet-cur main-thread core')).count;
    assert.equal(mainThreadCalls, 1, 'the main thread computed the first decomposition only');

    // Max volume for the current choice: asked of the worker (held back here until the test has looked),
    // the last decomposition stays meanwhile.
    const matrix = widget.getByRole('combobox', { name: 'Matrix', exact: true });
    await matrix.selectOption('m3');
    await widget.getByRole('textbox', { name: 'r, typed value' }).fill('2');
    const before = await shown(page);
    await holdWorkerCalls(page, 'max-volume');
    await widget.getByRole('combobox', { name: 'How rows and columns are selected' }).selectOption('max-volume');
    await nextFrames(page);
    assert.equal(await widget.getAttribute('data-pending'), 'max-volume', 'waiting for the worker');
    assert.equal(await widget.locator('.computing', { hasText: 'max-volume' }).isVisible(), true, 'a computing line says so');
    assert.equal(await widget.getAttribute('data-select'), 'deim', 'the last decomposition stays on screen');
    assert.equal(await widget.getAttribute('data-error'), String(before.error));
    await releaseWorkerCalls(page);
    const s = await shown(page);
    assert.equal(await widget.getAttribute('data-select'), 'max-volume');
    assert.equal(sorted(s.rows), '0,3');
    assert.equal(sorted(s.cols), '0,3');
    assert.equal((await measures(page, 'mathlet-cur max-volume round trip')).count, 1, 'the choice itself was asked of the worker');
    assert.equal(
      (await measures(page, 'mathlet-cur main-thread core')).count,
      mainThreadCalls + 2,
      'only the two quick choices ran here (m3 and r = 2)',
    );

    // An answer overtaken by a newer choice is dropped: max volume asked (held back), then DEIM at once;
    // the max-volume answer arrives after DEIM is on screen.
    await holdWorkerCalls(page, 'max-volume');
    await widget.getByRole('textbox', { name: 'r, typed value' }).fill('3');
    await widget.getByRole('combobox', { name: 'How rows and columns are selected' }).selectOption('deim');
    await releaseWorkerCalls(page);
    await page.waitForFunction(() => performance.getEntriesByName('mathlet-cur max-volume round trip', 'measure').length >= 2, null, {
      timeout: 60_000,
    }); // the late answer is back
    const after = await shown(page);
    assert.equal(await widget.getAttribute('data-select'), 'deim', 'the late max-volume answer did not replace DEIM');
    assert.equal(sorted(after.cols), '1,2,3', 'DEIM at r = 3 (T-U2)');

    // Main-thread work at the widget's limits: the 28 x 28 picture at r = 28, every quick method.
    const r = widget.getByRole('textbox', { name: 'r, typed value' });
    await matrix.selectOption('picture');
    for (const select of ['leverage-top', 'pivoted-qr', 'deim', 'uniform']) {
      await widget.getByRole('combobox', { name: 'How rows and columns are selected' }).selectOption(select);
      for (const rank of [28, 27, 28]) await r.fill(String(rank));
      await nextFrames(page);
    }
    t.diagnostic(load());
    t.diagnostic(
      describeMeasure(
        'cur() on the main thread (quick methods, incl. r = 28 on 28 x 28)',
        await measures(page, 'mathlet-cur main-thread core'),
      ),
    );
    t.diagnostic(
      describeMeasure(
        'max volume, worker round trip (incl. the time the test held the calls back)',
        await measures(page, 'mathlet-cur max-volume round trip'),
      ),
    );
    t.diagnostic(describeMeasure('render (chips, plot, 3 heatmaps)', await measures(page, 'mathlet-cur render')));
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('keeps the curves off the main thread on every matrix (worker timings)', async (t) => {
    const { page, widget } = await openWidget('cur-decomposition', CUR);
    await page.waitForSelector(`${CUR}[data-curves=done]`, { timeout: 90_000 });
    for (const id of ['kernel', 'picture']) {
      const started = Date.now();
      await widget.getByRole('combobox', { name: 'Matrix', exact: true }).selectOption(id);
      await page.waitForFunction(([tag, preset]) => document.querySelector(tag).dataset.preset === preset, [CUR, id]);
      await page.waitForSelector(`${CUR}[data-curves=done]`, { timeout: 90_000 });
      t.diagnostic(`curves of ${id} (worker, every method at every r): ${Date.now() - started} ms until drawn`);
    }
    const calls = await workerCalls(page);
    assert.ok(calls.filter((c) => c.name === 'cur').length >= 3 * 4 * 20, `every curve point asked of the worker (${calls.length})`);
    assert.equal((await measures(page, 'mathlet-cur main-thread core')).count, 3, 'one decomposition per matrix on the main thread');
    await page.close();
  });
});
