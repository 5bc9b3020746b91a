// <mathlet-pinv> on the pseudo-inverse page of the built site (the page itself, its formulas and its
// origin are checked with every page in pages.test.js): the widget's code and the wasm load only
// when it nears the viewport; editing a cell, a preset, the tolerance and the route change the
// shown A⁺ (checked against exact oracles of pseudo-inverse.md); bad input gets an inline message
// naming the entry and the demo keeps its last valid state; controls are labelled, plots have text
// alternatives; the tolerance chip shows the chosen route's tolerance; the ridge sweep runs in the
// shared core worker (the main-thread and worker times are reported as diagnostics); screenshots
// land in test-results/. Chinese and permalinks: pinv-language.test.js, pinv-permalink.test.js.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isWasm, openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { eventually, mathjaxReady, nextFrames, viewportTypeset } from './page-actions.js';
import { assertLabelledAndProtected } from './widget-text-audit.js';
import { widgetPage } from './widget-page.js';

const TAG = 'mathlet-pinv';
const near = (actual, expected, what, tol = 1e-12) => {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} entries`);
  actual.forEach((a, k) =>
    assert.ok(Math.abs(a - expected[k]) <= tol * Math.max(1, Math.abs(expected[k])), `${what}[${k}]: ${a} vs ${expected[k]}`),
  );
};

describe('the pseudo-inverse page and <mathlet-pinv>', () => {
  const fixture = widgetPage(TAG, 'pseudo-inverse/#demo');
  const openWidget = () => fixture.open();
  const pinvShown = async (page) => {
    await nextFrames(page);
    return (await page.locator(TAG).getAttribute('data-pinv')).split(',').map(Number);
  };
  const cell = (widget, i, j) => widget.getByRole('textbox', { name: `A[${i}][${j}]`, exact: true });
  // The ridge curve comes from the worker: data-curve turns 'computing' at the edit, 'ready' with the answer.
  const curveReady = (page) =>
    page.waitForFunction(() => document.querySelector('mathlet-pinv').dataset.curve === 'ready', null, { timeout: 10_000 });

  it('fetches neither its code nor the wasm before it nears the viewport', async () => {
    const { page, log } = await recordedPage(fixture.browser.context);
    await page.goto(`${fixture.site.url}pseudo-inverse/`);
    await mathjaxReady(page);
    await nextFrames(page); // the viewport observer has reported the widget's position (it would start loading it now)
    const widget = page.locator(TAG);
    const top = await widget.evaluate((el) => el.getBoundingClientRect().top + scrollY);
    assert.ok(top > 2 * 800, `the widget starts more than two viewports down (${top}px)`);
    assert.equal(await widget.getAttribute('data-state'), 'placeholder');
    assert.ok((await widget.boundingBox()).height >= 1000, "the placeholder reserves the widget's room");
    assert.deepEqual(log.requests.filter(isWasm), [], 'no wasm before scrolling');
    assert.deepEqual(log.requests.filter(fixture.isWidgetChunk), [], 'no widget chunk before scrolling');
    const seen = log.requests.length;
    await page.evaluate((y) => window.scrollTo(0, y - innerHeight - 400), top);
    await page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
    const wasm = log.requests.filter(isWasm);
    // The page's instance and the worker's (which sweeps the ridge curve) load the same file.
    assert.ok(wasm.length >= 1 && wasm.length <= 2, `the wasm fetched once by the page and once by the worker at most (${wasm})`);
    assert.ok(
      wasm.every((url) => /mathlets-matrix-/.test(url)),
      'only the matrix part of the core',
    );
    assert.ok(log.requests.indexOf(wasm[0]) >= seen, 'the wasm was fetched after the scroll');
    // The default preset is T-P1's rank-2 3 x 3 matrix: A+ = (1/36)[[-23,-6,11],[-2,0,2],[19,6,-7]].
    near(
      await pinvShown(page),
      [-23, -6, 11, -2, 0, 2, 19, 6, -7].map((x) => x / 36),
      'A⁺ of [[1,2,3],[4,5,6],[7,8,9]]',
      1e-12,
    );
    assert.equal(await widget.getAttribute('data-rank'), '2');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('a preset, an edited cell, the tolerance and the route change the shown A⁺ and the tolerance shown', async () => {
    const { page, widget, log } = await openWidget();
    // The tolerance chip shows the tolerance of the chosen route and says what it is compared with.
    // The default preset [[1,2,3],[4,5,6],[7,8,9]] with the default rtol = 3 eps: the SVD compares
    // sigma_i with rtol sigma_1, the COD its QR pivots with rtol times the largest column norm
    // |(3,6,9)|, the eigen route the eigenvalues of A^T A with rtol lambda_max = rtol sigma_1^2.
    const rtol = 3 * 2 ** -52;
    const sigma1 = 16.848103352614206;
    const chip = widget.locator('.chip.tolerance');
    for (const [value, tolerance, words] of [
      ['bdcsvd', rtol * sigma1, /on the singular values/],
      ['jacobi', rtol * sigma1, /on the singular values/],
      ['cod', rtol * Math.hypot(3, 6, 9), /on the QR pivots/],
      ['eig', rtol * sigma1 ** 2, /on the eigenvalues of AᵀA/],
    ]) {
      await widget.getByRole('combobox', { name: /Route to/ }).selectOption(value);
      await nextFrames(page);
      const shown = Number(await widget.getAttribute('data-tolerance'));
      assert.ok(Math.abs(shown - tolerance) <= 1e-9 * tolerance, `${value}: tolerance ${shown} vs ${tolerance}`);
      const text = await chip.innerText();
      assert.match(text, words, `${value}: the chip says what the tolerance applies to (${text})`);
      assert.ok(
        text.includes(tolerance.toExponential(1).replace('-', '−')),
        `${value}: the chip shows ${tolerance.toExponential(1)} (${text})`,
      );
    }
    // The eigen route's cut on the singular values (sqrt of its tolerance) is drawn and described.
    const label = await widget.locator('.plot-frame svg').first().getAttribute('aria-label');
    assert.match(label, /eigen route keeps singular values above 4\.3\d*e−7/, label);
    await widget.getByRole('combobox', { name: /Route to/ }).selectOption('bdcsvd');

    const preset = widget.getByRole('combobox', { name: 'Example' });
    await preset.selectOption('invertible');
    near(await pinvShown(page), [1, -1, -1, 2], 'A⁺ of [[2,1],[1,1]] is its inverse');

    await cell(widget, 0, 0).fill('3');
    near(await pinvShown(page), [0.5, -0.5, -0.5, 1.5], 'after A[0][0] = 3: inverse of [[3,1],[1,1]]');
    assert.equal(await preset.inputValue(), 'custom', "an edited matrix is the reader's own");
    await cell(widget, 1, 1).press('ArrowUp');
    near(await pinvShown(page), [2 / 5, -1 / 5, -1 / 5, 3 / 5], 'ArrowUp steps A[1][1] to 2');

    await preset.selectOption('rank-one');
    near(
      await pinvShown(page),
      [1, 2, 2, 4].map((x) => x / 25),
      'rank one: A⁺ = A / 25',
    );
    assert.equal(await widget.getAttribute('data-rank'), '1');

    // T-P10: the tolerance decides the rank of the near-singular matrix.
    await preset.selectOption('near-singular');
    await nextFrames(page);
    assert.equal(await widget.getAttribute('data-rank'), '2');
    assert.ok(Math.max(...(await pinvShown(page)).map(Math.abs)) > 1e9, 'default tolerance: entries near 1e10');
    await widget.getByRole('textbox', { name: 'rtol, typed value' }).fill('1e-8');
    near(await pinvShown(page), [0.25, 0.25, 0.25, 0.25], 'rtol = 1e-8: rank 1 and A⁺ ≈ (1/4) ones', 1e-9);
    assert.equal(await widget.getAttribute('data-rank'), '1');
    await widget.getByRole('button', { name: 'Default tolerance' }).click();
    await nextFrames(page);
    assert.equal(await widget.getAttribute('data-rank'), '2');

    // T-P9: the article's eigen route loses sigma_2 = 1e-9, and the Penrose conditions say so.
    await preset.selectOption('ill-conditioned');
    await nextFrames(page);
    assert.ok(Number(await widget.getAttribute('data-residual')) < 1e-6, 'the SVD route satisfies the Penrose conditions');
    assert.equal(await widget.getAttribute('data-rank'), '2');
    await widget.getByRole('combobox', { name: /Route to/ }).selectOption('eig');
    await nextFrames(page);
    assert.equal(await widget.getAttribute('data-rank'), '1', 'the eigen route sees sigma_2^2 = 1e-18 as zero');
    assert.ok(
      Number(await widget.getAttribute('data-route-difference')) > 0.5,
      'and lands far from the SVD answer (relative error about 1)',
    );
    assert.equal(await widget.locator('.chip.difference.bad').count(), 1, 'the distance is flagged');
    await widget.getByRole('combobox', { name: /Route to/ }).selectOption('cod');
    await nextFrames(page);
    assert.ok(Number(await widget.getAttribute('data-route-difference')) < 1e-6, 'the orthogonal decomposition agrees with the SVD');

    // The naive ridge breaks down near eps = 1e-8 (T-P8) on the rank-deficient matrix.
    await widget.getByRole('combobox', { name: /Route to/ }).selectOption('bdcsvd');
    await preset.selectOption('rank-one');
    await curveReady(page);
    const breakdown = Number(await widget.getAttribute('data-breakdown'));
    assert.ok(breakdown >= 1e-11 && breakdown <= 1e-6, `naive form breaks down near 1e-8 (${breakdown})`);
    const eps = widget.getByRole('textbox', { name: 'ε, typed value' });
    await eps.fill('1e-12');
    await nextFrames(page);
    const naiveSmall = Number(await widget.getAttribute('data-naive-error'));
    assert.ok(naiveSmall > 1e3 * 8e-15, `naive error at 1e-12 is far above the exact 8e-15 (${naiveSmall})`);
    await eps.fill('1e-4');
    await nextFrames(page);
    const naiveLarge = Number(await widget.getAttribute('data-naive-error'));
    assert.ok(Math.abs(naiveLarge - 1e-4 / (5 * (25 + 1e-4))) < 1e-9, `naive error at 1e-4 matches ε/(5(25+ε)) (${naiveLarge})`);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('bad input gets an inline message naming the entry, and the demo keeps its last valid state', async () => {
    const { page, widget, log } = await openWidget();
    const start = await pinvShown(page);
    const target = cell(widget, 2, 1);
    const message = widget.locator('#A-cells-error');
    for (const [text, expected] of [
      ['abc', 'A[2][1]: not a number'],
      ['1e999', 'A[2][1]: too large: must be finite'],
      ['NaN', 'A[2][1]: not a number'],
      ['', 'A[2][1]: empty'],
    ]) {
      await target.fill(text);
      await nextFrames(page);
      assert.equal(await message.innerText(), expected, `message for "${text}"`);
      assert.equal(await target.getAttribute('aria-invalid'), 'true');
      assert.deepEqual(await pinvShown(page), start, 'the last valid A⁺ is still shown');
    }
    // Another cell still works while one holds bad text; fixing it clears the message.
    await cell(widget, 0, 0).fill('2');
    const edited = await pinvShown(page);
    assert.notDeepEqual(edited, start, 'another cell still edits the matrix');
    await target.fill('8');
    await nextFrames(page);
    assert.equal(await message.isVisible(), false);
    assert.equal(await target.getAttribute('aria-invalid'), 'false');

    // The whole-matrix box: a wrong shape and a bad entry are named; a good matrix is applied.
    await widget.getByText('Type or paste the whole matrix').click();
    const box = widget.getByRole('textbox', { name: /A as text/ });
    await box.fill('1 2\n3');
    assert.equal(await widget.locator('#A-text-error').innerText(), 'A: row 1 has 1 entries but row 0 has 2');
    await box.fill('1 2\n3 x');
    assert.equal(await widget.locator('#A-text-error').innerText(), 'A[1][1]: not a number');
    assert.deepEqual(await pinvShown(page), edited, 'still the last valid matrix');
    await box.fill('2 1; 1 1');
    near(await pinvShown(page), [1, -1, -1, 2], 'a pasted 2 x 2 matrix is used');
    assert.equal(await cell(widget, 1, 1).inputValue(), '1', 'the grid follows the pasted shape');

    // A bad attribute is reported in the widget.
    await widget.evaluate((el) => el.setAttribute('rtol', 'lots'));
    await eventually(async () => assert.match(await widget.locator('.status').innerText(), /rtol: not a number/));
    await widget.evaluate((el) => el.setAttribute('matrix', '1 0; 0 2'));
    near(await pinvShown(page), [1, 0, 0, 0.5], 'matrix attribute applied');
    assert.equal(await widget.locator('.status').isVisible(), false);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('is labelled, keyboard-operable, and marks numbers but not captions as untranslatable', async () => {
    const { page, widget } = await openWidget();
    await assertLabelledAndProtected(widget, {
      plots: 2,
      why: 'singular values and ridge path',
      controls: 'input, button, select, textarea',
      readouts: '.chip .sym, .matrix-table td, .cells input',
      captions: 'h3, .hint, button',
      numbers: /\d/,
    });

    // Keyboard only: Tab walks the cells in reading order; the tolerance slider moves with arrows.
    await cell(widget, 0, 0).focus();
    await page.keyboard.press('Tab');
    assert.equal(await widget.evaluate((host) => host.shadowRoot.activeElement?.getAttribute('aria-label')), 'A[0][1]');
    const slider = widget.getByRole('slider', { name: /Relative tolerance/ });
    await slider.focus();
    await slider.press('ArrowRight');
    for (let k = 0; k < 6; k++) await slider.press('PageUp'); // a tenth of the range each: about ten decades up, 7e-16 -> 1e-5
    await nextFrames(page);
    const moved = Number((await widget.getByRole('textbox', { name: 'rtol, typed value' }).inputValue()).replace('\u2212', '-'));
    assert.ok(moved > 1e-7 && moved < 1e-3, `the keys moved the tolerance up by about ten decades (${moved})`);
    assert.equal(await widget.getAttribute('data-rank'), '2', 'sigma_3 ~ 1e-16 stays cut, sigma_2 stays kept');
    await slider.press('End');
    await nextFrames(page);
    assert.equal(await widget.getAttribute('data-rank'), '0', 'rtol = 1 cuts every singular value');
    await widget.getByRole('textbox', { name: 'rtol, typed value' }).fill('0.1');
    await nextFrames(page);
    assert.equal(await widget.getAttribute('data-rank'), '1', 'rtol = 0.1 keeps sigma_1 only (sigma_2 / sigma_1 = 0.063)');
    await page.close();
  });

  it('sweeps the ridge curve in the worker and keeps the rest on the main thread; times them at the 6 × 6 limit', async (t) => {
    const { page, log } = await recordedPage(fixture.browser.context);
    // Records every call the page sends to a core worker (worker-client.js posts { type: 'call', name, args }).
    await page.addInitScript(() => {
      window.__workerCalls = [];
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (data, ...rest) {
        if (data?.type === 'call')
          window.__workerCalls.push({ name: data.name, samples: data.args?.[1]?.length ?? null, rows: data.args?.[0]?.length ?? null });
        return post.call(this, data, ...rest);
      };
    });
    // The widget's limit is 6 x 6: a dense, badly scaled matrix (entries from 1e-15 to 1e3).
    const big = Array.from({ length: 6 }, (_, i) =>
      Array.from({ length: 6 }, (_, j) => (((i * 7 + j * 3) % 11) - 5) * 10 ** (3 - 3 * ((i + 2 * j) % 7)) + (i === j ? 1 : 0)),
    );
    const text = big.map((row) => row.join(',')).join('%3B');
    await page.goto(`${fixture.site.url}pseudo-inverse/#pinv=matrix:${text}`);
    await page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
    const widget = page.locator(TAG);
    assert.equal(await widget.getAttribute('data-sweep'), 'worker', 'the shared core worker started');
    assert.equal(await widget.getAttribute('data-curve'), 'ready', 'the first curve is there when the widget shows');
    let calls = await page.evaluate(() => window.__workerCalls);
    assert.deepEqual(
      calls.map((c) => [c.name, c.samples, c.rows]),
      [['ridgeCurve', 89, 6]],
      'the sweep over 89 values of ε went to the worker',
    );

    // Edits that change A ask the worker again; ε, rtol and the route do not (they stay on the main thread).
    const typed = (name) => widget.getByRole('textbox', { name, exact: true });
    for (const [route, eps, rtol] of [
      ['bdcsvd', '1e-2', '1e-15'],
      ['jacobi', '1e-9', '1e-6'],
      ['cod', '1e-16', '0.01'],
      ['eig', '1e-9', '1e-15'],
    ]) {
      await widget.getByRole('combobox', { name: /Route to/ }).selectOption(route);
      await typed('ε, typed value').fill(eps);
      await typed('rtol, typed value').fill(rtol);
    }
    await nextFrames(page);
    calls = await page.evaluate(() => window.__workerCalls);
    assert.equal(calls.length, 1, 'no sweep for ε, rtol or route changes');
    for (const value of ['2', '3', '4', '5']) await cell(widget, 5, 5).fill(value);
    await curveReady(page);
    calls = await page.evaluate(() => window.__workerCalls);
    assert.ok(
      calls.length >= 2 && calls.every((c) => c.name === 'ridgeCurve' && c.samples === 89),
      `each new matrix is swept in the worker (${calls.length} sweeps)`,
    );

    // Latest wins: the curve shown belongs to the last matrix (the same as a fresh load of it).
    const breakdown = await widget.getAttribute('data-breakdown');
    await page.waitForFunction(() => location.hash.includes(',5;rtol:'), null, { timeout: 10_000 }); // the permalink caught up
    const link = await page.evaluate(() => location.href);
    const fresh = await recordedPage(fixture.browser.context);
    await fresh.page.goto(link);
    await fresh.page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
    assert.equal(await fresh.page.locator(TAG).getAttribute('data-breakdown'), breakdown, 'the curve of the newest matrix');
    await fresh.page.close();

    // Timings (reported, not asserted): each main-thread core call, the worker round trip, a render.
    const timings = await page.evaluate(() => {
      const out = {};
      for (const entry of performance.getEntriesByType('measure')) {
        if (!entry.name.startsWith('mathlet-pinv')) continue;
        out[entry.name] ??= [];
        out[entry.name].push(entry.duration);
      }
      return out;
    });
    for (const [name, durations] of Object.entries(timings)) {
      const sorted = [...durations].sort((a, b) => a - b);
      t.diagnostic(
        `${name}: ${sorted.length} calls, median ${sorted[sorted.length >> 1].toFixed(3)} ms, worst ${sorted.at(-1).toFixed(3)} ms`,
      );
    }
    assert.ok(timings['mathlet-pinv core pinv']?.length > 8, 'the main-thread calls were measured');
    assert.ok(timings['mathlet-pinv ridge sweep']?.length >= 2, 'the sweeps were measured');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('screenshots: widget (light, edited, dark) and page top', async () => {
    const { page, widget, log } = await openWidget();
    await curveReady(page);
    await nextFrames(page);
    await widget.screenshot({ path: join(screenshotDir, 'pinv-widget.png') });
    await widget.getByRole('combobox', { name: 'Example' }).selectOption('near-singular');
    await widget.getByRole('textbox', { name: 'ε, typed value' }).fill('1e-12');
    await curveReady(page); // the new matrix's ridge curve came back from the worker and was drawn
    await nextFrames(page);
    await widget.screenshot({ path: join(screenshotDir, 'pinv-widget-near-singular.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await mathjaxReady(page);
    await viewportTypeset(page);
    await nextFrames(page);
    await page.screenshot({ path: join(screenshotDir, 'pinv-page-top.png') });
    assert.deepEqual(log.errors, []);
    await page.close();

    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      const { page: darkPage, log: darkLog } = await recordedPage(dark.context);
      await darkPage.goto(`${fixture.site.url}pseudo-inverse/#demo`);
      const darkWidget = darkPage.locator(TAG);
      await darkWidget.scrollIntoViewIfNeeded();
      await darkPage.waitForSelector(`${TAG}[data-state=ready][data-curve=ready]`, { timeout: 30_000 });
      await nextFrames(darkPage);
      await darkWidget.screenshot({ path: join(screenshotDir, 'pinv-widget-dark.png') });
      assert.deepEqual(darkLog.errors, []);
    } finally {
      await dark.close();
    }
  });
});
