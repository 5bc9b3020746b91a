// <mathlet-cr> on the CR page of the built site (the page itself, its formulas and its origin are
// checked with every page in pages.test.js): lazy code and wasm; r, the seed, the resample button, the sampling rule and
// the factors change the shown estimate (with the exact values of cr-approximation.md T-C1/T-C2);
// the table of selection rules shows T-C2's best pair {4, 5} (73) and follows the reader's pick;
// the error curves fill in; bad input gets an inline message naming the field and the last valid
// estimate stays; controls are labelled, plots have text alternatives; screenshots in test-results/.
// Where the work runs (main thread or worker) is tested in lowrank-worker.test.js.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isWasm, openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { eventually, mathjaxReady, nextFrames } from './page-actions.js';
import { assertLabelledAndProtected } from './widget-text-audit.js';
import { assertClose, widgetPage } from './widget-page.js';

const TAG = 'mathlet-cr';
const close = assertClose;

describe('the CR page and <mathlet-cr>', () => {
  const fixture = widgetPage(TAG, 'cr-approximation/#demo');
  const openWidget = () => fixture.open();
  async function shown(page) {
    await nextFrames(page);
    const host = page.locator(TAG);
    return {
      error: Number(await host.getAttribute('data-error')),
      draws: await host.getAttribute('data-draws'),
      seed: Number(await host.getAttribute('data-seed')),
      expected: await host.getAttribute('data-expected'),
    };
  }

  it('fetches neither its code nor the wasm before it nears the viewport', async () => {
    const { page, log } = await recordedPage(fixture.browser.context);
    await page.goto(`${fixture.site.url}cr-approximation/`);
    await mathjaxReady(page);
    await nextFrames(page); // the viewport observer has reported the widget's position (it would start loading it now)
    const widget = page.locator(TAG);
    const top = await widget.evaluate((el) => el.getBoundingClientRect().top + scrollY);
    assert.ok(top > 2 * 800, `the widget starts more than two viewports down (${top}px)`);
    assert.equal(await widget.getAttribute('data-state'), 'placeholder');
    assert.deepEqual(log.requests.filter(isWasm), [], 'no wasm before scrolling');
    assert.deepEqual(log.requests.filter(fixture.isWidgetChunk), [], 'no widget chunk before scrolling');
    const seen = log.requests.length;
    await page.evaluate((y) => window.scrollTo(0, y - innerHeight - 400), top);
    await page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 60_000 });
    const wasm = log.requests.filter(isWasm);
    assert.equal(new Set(wasm).size, 1, `one wasm part fetched, by the page and its worker (${wasm})`);
    assert.ok(log.requests.indexOf(wasm[0]) >= seen, 'the wasm was fetched after the scroll');
    const first = await shown(page);
    assert.equal(first.draws.split(',').length, 6, 'r = 6 draws');
    await page.waitForSelector(`${TAG}[data-curves=done]`, { timeout: 60_000 });
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('r, the seed, the resample button, the rule and the factors change the estimate', async () => {
    const { page, widget, log } = await openWidget();
    const start = await shown(page);

    const slider = widget.getByRole('slider', { name: /Terms kept/ });
    await slider.focus();
    await slider.press('ArrowRight');
    await slider.press('ArrowRight');
    const wider = await shown(page);
    assert.equal(wider.draws.split(',').length, 8, 'two steps right: r = 8');
    assert.notEqual(wider.error, start.error);
    close(Number(wider.expected), (Number(start.expected) * 6) / 8, 'the expected error falls like 1/r');

    await widget.getByRole('textbox', { name: 'Seed', exact: true }).fill('42');
    const reseeded = await shown(page);
    assert.equal(reseeded.seed, 42);
    assert.notEqual(reseeded.draws, wider.draws, 'another seed draws other terms');
    await widget.getByRole('button', { name: /Resample/ }).click();
    const resampled = await shown(page);
    assert.equal(resampled.seed, 43, 'resample moves to the next seed');
    assert.notEqual(resampled.draws, reseeded.draws);
    await widget.getByRole('textbox', { name: 'Seed', exact: true }).fill('42');
    assert.equal((await shown(page)).draws, reseeded.draws, 'the same seed gives the same draws');

    // T-C2 (cr-approximation.md §4): optimal p at r = 2 expects 248.940206; top-2 keeps error 83.
    const factors = widget.getByRole('combobox', { name: 'Factors' });
    await factors.selectOption('t-c2');
    await widget.getByRole('textbox', { name: 'r, typed value' }).fill('2');
    close(Number((await shown(page)).expected), 248.940206, 'T-C2 expected error, r = 2', 1e-8);
    await widget.getByRole('combobox', { name: 'How the terms are chosen' }).selectOption('top');
    const top = await shown(page);
    close(top.error, 83, 'T-C2 top-2 error');
    assert.equal(top.draws, '3,4', 'top-2 keeps the two largest terms (w² = 50 and 60)');
    // The table of selection rules (R9-R11): the page's "{4, 5} would give 73", found by the exhaustive
    // search and checked by typing the pair as the reader's pick; a new pick updates the row.
    const cell = (rule, j) => widget.locator(`tr[data-rule=${rule}] td.num`).nth(j).innerText();
    assert.equal(await widget.locator('tr[data-rule=best] td.kept').innerText(), '{4, 5}');
    assert.deepEqual([await cell('top', 0), await cell('best', 0)], ['83.000', '73.000']);
    const pick = widget.getByRole('textbox', { name: /Your own terms/ });
    await pick.fill('5, 4');
    await nextFrames(page);
    assert.equal(await cell('pick', 0), '73.000', 'the pick {4, 5} with weights 1');
    assert.ok(Number(await cell('pick', 2)) <= Number(await cell('pick', 1)), 'the full middle matrix does no worse than λ*');
    await pick.fill('3 4');
    await nextFrames(page);
    assert.equal(await cell('pick', 0), '83.000', 'the pick {3, 4} is top-2');
    assert.equal(await widget.locator('tfoot td.num').innerText(), '8.439', 'the SVD floor at r = 2');
    await widget.getByRole('combobox', { name: 'How the terms are chosen' }).selectOption('uniform');
    close(Number((await shown(page)).expected), 342.5, 'T-C2 uniform expected error, r = 2', 1e-12);

    // T-C1 at r = 1 with optimal p: expected error 94.
    await factors.selectOption('t-c1');
    await widget.getByRole('combobox', { name: 'How the terms are chosen' }).selectOption('optimal');
    await widget.getByRole('textbox', { name: 'r, typed value' }).fill('1');
    close(Number((await shown(page)).expected), 94, 'T-C1 expected error, r = 1', 1e-12);
    await page.waitForSelector(`${TAG}[data-curves=done]`, { timeout: 60_000 });
    await nextFrames(page); // the last rank arrived: the plot is redrawn in the next frame
    const plot = await widget.evaluate((host) => host.shadowRoot.querySelectorAll('.plot-frame svg')[1].getAttribute('aria-label'));
    assert.match(plot, /r = 1: expected, optimal p 94\.000/, 'the error plot lists its numbers');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('bad input gets an inline message naming the field, and the last valid estimate stays', async () => {
    const { page, widget, log } = await openWidget();
    const start = await shown(page);
    const seed = widget.getByRole('textbox', { name: 'Seed', exact: true });
    for (const [text, expected] of [
      ['abc', 'seed: not a number'],
      ['1e999', 'seed: too large: must be finite'],
      ['NaN', 'seed: not a number'],
      ['2.5', 'seed: not a whole number'],
      ['-3', 'seed: must be between 0 and 4294967295'],
    ]) {
      await seed.fill(text);
      await nextFrames(page);
      assert.equal(await widget.locator('#seed-error').innerText(), expected, `message for "${text}"`);
      assert.equal(await seed.getAttribute('aria-invalid'), 'true');
      assert.deepEqual(await shown(page), start, 'the last valid estimate is still shown');
    }
    const r = widget.getByRole('textbox', { name: 'r, typed value' });
    await r.fill('99');
    await nextFrames(page);
    assert.equal(await widget.locator('#r-typed-error').innerText(), 'r: must be between 1 and 32');
    assert.deepEqual(await shown(page), start);
    // The demo stays usable: the button still works, and fixing the field clears its message.
    await widget.getByRole('button', { name: /Resample/ }).click();
    assert.equal((await shown(page)).seed, 2);
    assert.equal(await seed.getAttribute('aria-invalid'), 'false');
    await r.fill('3');
    assert.equal((await shown(page)).draws.split(',').length, 3);
    assert.equal(await widget.locator('#r-typed-error').isVisible(), false);
    await widget.evaluate((el) => el.setAttribute('seed', 'lucky'));
    await eventually(async () => assert.match(await widget.locator('.status').innerText(), /seed: not a number/));
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('is labelled and marks numbers but not captions as untranslatable', async () => {
    const { page, widget } = await openWidget();
    await assertLabelledAndProtected(widget, {
      plots: 2,
      canvases: 5,
      why: 'weights, error curve and five heatmaps',
      controls: 'input, button, select, textarea',
      readouts: '.chip .sym, input[type=text], .heatmap-note',
      captions: 'h3, .hint, button, .heatmap-title',
      numbers: /\d/,
    });
    await page.close();
  });

  it('screenshots: widget (light, T-C2 with top-r, its table of rules, dark)', async () => {
    const { page, widget, log } = await openWidget();
    await page.waitForSelector(`${TAG}[data-curves=done]`, { timeout: 60_000 });
    await nextFrames(page); // the last rank of the curves is drawn in the frame after it arrived
    await widget.screenshot({ path: join(screenshotDir, 'cr-widget.png') });
    await widget.getByRole('combobox', { name: 'Factors' }).selectOption('t-c2');
    await widget.getByRole('textbox', { name: 'r, typed value' }).fill('2');
    await page.waitForSelector(`${TAG}[data-curves=done]`, { timeout: 60_000 });
    await nextFrames(page);
    await widget.screenshot({ path: join(screenshotDir, 'cr-widget-t-c2.png') });
    await widget.getByRole('textbox', { name: /Your own terms/ }).fill('4, 5');
    await nextFrames(page);
    await widget.locator('.subsets-panel').screenshot({ path: join(screenshotDir, 'cr-subsets.png') });
    assert.deepEqual(log.errors, []);
    await page.close();

    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      const { page: darkPage, log: darkLog } = await recordedPage(dark.context);
      await darkPage.goto(`${fixture.site.url}cr-approximation/#demo`);
      const darkWidget = darkPage.locator(TAG);
      await darkWidget.scrollIntoViewIfNeeded();
      await darkPage.waitForSelector(`${TAG}[data-curves=done]`, { timeout: 60_000 });
      await nextFrames(darkPage);
      await darkWidget.screenshot({ path: join(screenshotDir, 'cr-widget-dark.png') });
      assert.deepEqual(darkLog.errors, []);
    } finally {
      await dark.close();
    }
  });
});
