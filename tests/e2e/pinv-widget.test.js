// The pseudo-inverse page and <mathlet-pinv> in the built site: the page renders cleanly on its
// own origin with every formula typeset and protected; the widget's code and the wasm load only
// when it nears the viewport; editing a cell, a preset, the tolerance and the route change the
// shown A⁺ (checked against exact oracles of pseudo-inverse.md); bad input gets an inline message
// naming the entry and the demo keeps its last valid state; controls are labelled, plots have text
// alternatives; screenshots land in test-results/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { externalRequests, isWasm, openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { formulaCensus, mathjaxReady, nextFrames, scrollThrough, visitUntypesetFormulas } from './page-actions.js';
import { startSite } from './site-server.js';

const TAG = 'mathlet-pinv';
const isWidgetChunk = (url) => /\/pinv-widget-[\w-]+\.js$/.test(new URL(url).pathname);
const near = (actual, expected, what, tol = 1e-12) => {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} entries`);
  actual.forEach((a, k) => assert.ok(Math.abs(a - expected[k]) <= tol * Math.max(1, Math.abs(expected[k])), `${what}[${k}]: ${a} vs ${expected[k]}`));
};

describe('the pseudo-inverse page and <mathlet-pinv>', () => {
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

  async function openWidget() {
    const session = await recordedPage(browser.context);
    await session.page.goto(`${site.url}pseudo-inverse/#demo`);
    const widget = session.page.locator(TAG);
    await widget.scrollIntoViewIfNeeded();
    await session.page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
    return { ...session, widget };
  }
  const pinvShown = async (page) => {
    await nextFrames(page);
    return (await page.locator(TAG).getAttribute('data-pinv')).split(',').map(Number);
  };
  const cell = (widget, i, j) => widget.getByRole('textbox', { name: `A[${i}][${j}]`, exact: true });

  it('renders with no console error and no external request, every formula typeset and protected', async () => {
    const { page, log } = await recordedPage(browser.context);
    const response = await page.goto(`${site.url}pseudo-inverse/`);
    assert.equal(response.status(), 200);
    await mathjaxReady(page);
    await scrollThrough(page);
    await page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
    await scrollThrough(page, { step: 500, pause: 60, settle: 800 });
    await visitUntypesetFormulas(page);
    const census = await page.evaluate(formulaCensus);
    assert.ok(census.sources >= 30, `formulas on the page (${census.sources})`);
    assert.equal(census.unprotectedSources, 0, 'every formula source is translate="no" and notranslate');
    assert.equal(census.rendered, census.sources, 'every formula was typeset after scrolling through');
    assert.equal(census.unprotected, 0, 'every rendered formula is protected from translation');
    assert.equal(census.merror, 0, 'no TeX errors');
    assert.equal(census.raw, 0, 'no raw delimiters left');
    assert.ok(census.proseTranslatable > 5, 'the prose stays translatable');
    assert.deepEqual(externalRequests(log, site.origin), [], 'no request leaves the origin');
    assert.deepEqual(log.failed, []);
    assert.deepEqual(log.errors, []);
    await page.goto(site.url);
    assert.equal(await page.locator('a[href="./pseudo-inverse/"]').count(), 1, 'the index links to the page');
    await page.close();
  });

  it('fetches neither its code nor the wasm before it nears the viewport', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.goto(`${site.url}pseudo-inverse/`);
    await mathjaxReady(page);
    await page.waitForTimeout(1200);
    const widget = page.locator(TAG);
    const top = await widget.evaluate((el) => el.getBoundingClientRect().top + scrollY);
    assert.ok(top > 2 * 800, `the widget starts more than two viewports down (${top}px)`);
    assert.equal(await widget.getAttribute('data-state'), 'placeholder');
    assert.ok((await widget.boundingBox()).height >= 1000, 'the placeholder reserves the widget\'s room');
    assert.deepEqual(log.requests.filter(isWasm), [], 'no wasm before scrolling');
    assert.deepEqual(log.requests.filter(isWidgetChunk), [], 'no widget chunk before scrolling');
    const seen = log.requests.length;
    await page.evaluate((y) => window.scrollTo(0, y - innerHeight - 400), top);
    await page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
    const wasm = log.requests.filter(isWasm);
    assert.equal(wasm.length, 1, `one wasm part fetched (${wasm})`);
    assert.match(wasm[0], /mathlets-matrix-/, 'the matrix part of the core');
    assert.ok(log.requests.indexOf(wasm[0]) >= seen, 'the wasm was fetched after the scroll');
    // The default preset is T-P1's rank-2 3 x 3 matrix: A+ = (1/36)[[-23,-6,11],[-2,0,2],[19,6,-7]].
    near(await pinvShown(page), [-23, -6, 11, -2, 0, 2, 19, 6, -7].map((x) => x / 36), 'A⁺ of [[1,2,3],[4,5,6],[7,8,9]]', 1e-12);
    assert.equal(await widget.getAttribute('data-rank'), '2');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('a preset, an edited cell, the tolerance and the route change the shown A⁺', async () => {
    const { page, widget, log } = await openWidget();
    const preset = widget.getByRole('combobox', { name: 'Example' });
    await preset.selectOption('invertible');
    near(await pinvShown(page), [1, -1, -1, 2], 'A⁺ of [[2,1],[1,1]] is its inverse');

    await cell(widget, 0, 0).fill('3');
    near(await pinvShown(page), [0.5, -0.5, -0.5, 1.5], 'after A[0][0] = 3: inverse of [[3,1],[1,1]]');
    assert.equal(await preset.inputValue(), 'custom', 'an edited matrix is the reader\'s own');
    await cell(widget, 1, 1).press('ArrowUp');
    near(await pinvShown(page), [2 / 5, -1 / 5, -1 / 5, 3 / 5], 'ArrowUp steps A[1][1] to 2');

    await preset.selectOption('rank-one');
    near(await pinvShown(page), [1, 2, 2, 4].map((x) => x / 25), 'rank one: A⁺ = A / 25');
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
    assert.ok(Number(await widget.getAttribute('data-route-difference')) > 0.5, 'and lands far from the SVD answer (relative error about 1)');
    assert.equal(await widget.locator('.chip.difference.bad').count(), 1, 'the distance is flagged');
    await widget.getByRole('combobox', { name: /Route to/ }).selectOption('cod');
    await nextFrames(page);
    assert.ok(Number(await widget.getAttribute('data-route-difference')) < 1e-6, 'the orthogonal decomposition agrees with the SVD');

    // The naive ridge breaks down near eps = 1e-8 (T-P8) on the rank-deficient matrix.
    await widget.getByRole('combobox', { name: /Route to/ }).selectOption('bdcsvd');
    await preset.selectOption('rank-one');
    await nextFrames(page);
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
    for (const [text, expected] of [['abc', 'A[2][1]: not a number'], ['1e999', 'A[2][1]: too large: must be finite'], ['NaN', 'A[2][1]: not a number'], ['', 'A[2][1]: empty']]) {
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
    await page.waitForTimeout(80);
    assert.match(await widget.locator('.status').innerText(), /rtol: not a number/);
    await widget.evaluate((el) => el.setAttribute('matrix', '1 0; 0 2'));
    near(await pinvShown(page), [1, 0, 0, 0.5], 'matrix attribute applied');
    assert.equal(await widget.locator('.status').isVisible(), false);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('is labelled, keyboard-operable, and marks numbers but not captions as untranslatable', async () => {
    const { page, widget } = await openWidget();
    const audit = await widget.evaluate((host) => {
      const root = host.shadowRoot;
      const controls = [...root.querySelectorAll('input, button, select, textarea')];
      const named = (c) => (c.labels?.length > 0 && c.labels[0].textContent.trim()) || c.getAttribute('aria-label') || (c.tagName === 'BUTTON' && c.textContent.trim());
      const plots = [...root.querySelectorAll('.plot-frame svg')];
      return {
        unnamed: controls.filter((c) => !named(c)).map((c) => c.outerHTML.slice(0, 80)),
        unfocusable: controls.filter((c) => c.tabIndex < 0).length,
        plots: plots.length,
        plotsWithoutNumbers: plots.filter((s) => s.getAttribute('role') !== 'img' || !/\d/.test(s.getAttribute('aria-label') ?? '')).length,
        plotsTranslatable: plots.filter((s) => s.getAttribute('translate') !== 'no').length,
        numbersTranslatable: [...root.querySelectorAll('.chip .sym, .matrix-table td, .cells input')].filter((e) => !e.closest('[translate="no"]')).length,
        captionsUntranslatable: [...root.querySelectorAll('h3, .hint, button')].filter((e) => e.closest('[translate="no"]')).length,
      };
    });
    assert.deepEqual(audit.unnamed, [], 'every control has a label');
    assert.equal(audit.unfocusable, 0);
    assert.equal(audit.plots, 2, 'singular values and ridge path');
    assert.equal(audit.plotsWithoutNumbers, 0, 'each plot has a text alternative with its numbers');
    assert.equal(audit.plotsTranslatable, 0);
    assert.equal(audit.numbersTranslatable, 0);
    assert.equal(audit.captionsUntranslatable, 0);

    // Keyboard only: Tab walks the cells in reading order; the tolerance slider moves with arrows.
    await cell(widget, 0, 0).focus();
    await page.keyboard.press('Tab');
    assert.equal(await widget.evaluate((host) => host.shadowRoot.activeElement?.getAttribute('aria-label')), 'A[0][1]');
    const slider = widget.getByRole('slider', { name: /Relative tolerance/ });
    await slider.focus();
    for (let k = 0; k < 200; k++) await slider.press('ArrowRight'); // ten decades up: 7e-16 -> 7e-6
    await nextFrames(page);
    assert.equal(await widget.getAttribute('data-rank'), '2', 'sigma_3 ~ 1e-16 stays cut, sigma_2 stays kept');
    await slider.press('End');
    await nextFrames(page);
    assert.equal(await widget.getAttribute('data-rank'), '0', 'rtol = 1 cuts every singular value');
    await widget.getByRole('textbox', { name: 'rtol, typed value' }).fill('0.1');
    await nextFrames(page);
    assert.equal(await widget.getAttribute('data-rank'), '1', 'rtol = 0.1 keeps sigma_1 only (sigma_2 / sigma_1 = 0.063)');
    await page.close();
  });

  it('screenshots: widget (light, edited, dark) and page top', async () => {
    const { page, widget, log } = await openWidget();
    await page.waitForTimeout(400);
    await widget.screenshot({ path: join(screenshotDir, 'pinv-widget.png') });
    await widget.getByRole('combobox', { name: 'Example' }).selectOption('near-singular');
    await widget.getByRole('textbox', { name: 'ε, typed value' }).fill('1e-12');
    await nextFrames(page);
    await page.waitForTimeout(300);
    await widget.screenshot({ path: join(screenshotDir, 'pinv-widget-near-singular.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await mathjaxReady(page);
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(screenshotDir, 'pinv-page-top.png') });
    assert.deepEqual(log.errors, []);
    await page.close();

    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      const { page: darkPage, log: darkLog } = await recordedPage(dark.context);
      await darkPage.goto(`${site.url}pseudo-inverse/#demo`);
      const darkWidget = darkPage.locator(TAG);
      await darkWidget.scrollIntoViewIfNeeded();
      await darkPage.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
      await darkPage.waitForTimeout(500);
      await darkWidget.screenshot({ path: join(screenshotDir, 'pinv-widget-dark.png') });
      assert.deepEqual(darkLog.errors, []);
    } finally {
      await dark.close();
    }
  });
});
