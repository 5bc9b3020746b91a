// The smooth top-k page and <mathlet-smooth-topk> in the built site: the page renders cleanly on its
// own origin with every formula typeset and protected from translation; the widget's code and the
// wasm load only when it nears the viewport; typing, dragging, k and tau change the shown output;
// the failing schemes are flagged; bad input gets an inline message and the demo stays usable;
// controls are labelled and plots have text alternatives; screenshots land in test-results/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { externalRequests, isWasm, openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { mathjaxReady, nextFrames, scrollThrough } from './page-actions.js';
import { startSite } from './site-server.js';

const TAG = 'mathlet-smooth-topk';
const isWidgetChunk = (url) => /\/smooth-topk-widget-[\w-]+\.js$/.test(new URL(url).pathname);
const close = (actual, expected, what, tol = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

describe('the smooth top-k page and <mathlet-smooth-topk>', () => {
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
    await session.page.goto(`${site.url}smooth-topk/#demo`);
    const widget = session.page.locator(TAG);
    await widget.scrollIntoViewIfNeeded();
    await session.page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
    return { ...session, widget };
  }
  // The output once the widget has drawn every pending change (updates are batched per frame).
  async function settled(page) {
    await nextFrames(page);
    const host = page.locator(TAG);
    return {
      output: (await host.getAttribute('data-output')).split(',').map(Number),
      sum: Number(await host.getAttribute('data-sum')),
      threshold: await host.getAttribute('data-threshold'),
      failing: (await host.getAttribute('data-failing')).split(' ').filter(Boolean),
    };
  }
  const field = (widget, name) => widget.getByRole('textbox', { name, exact: true });

  it('renders with no console error, no failed or external request, formulas typeset and protected', async () => {
    const { page, log } = await recordedPage(browser.context);
    const response = await page.goto(`${site.url}smooth-topk/`);
    assert.equal(response.status(), 200);
    assert.match(await page.title(), /top-k/i);
    await mathjaxReady(page);
    await scrollThrough(page);
    await page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
    await scrollThrough(page, { step: 500, pause: 60, settle: 800 });
    // Lazy typesetting finishes shortly after the last scroll step.
    await page.waitForFunction(() => [...document.querySelectorAll('.math')].every((m) => m.querySelector('mjx-container svg')), null, { timeout: 15_000 })
      .catch(() => {});
    const census = await page.evaluate(() => {
      const sources = [...document.querySelectorAll('.math')];
      const containers = [...document.querySelectorAll('mjx-container')];
      return {
        sources: sources.length,
        unprotectedSources: sources.filter((m) => m.getAttribute('translate') !== 'no' || !m.classList.contains('notranslate')).length,
        rendered: containers.filter((c) => c.querySelector('svg')).length,
        unprotected: containers.filter((c) => !(c.classList.contains('notranslate') || c.closest('[translate="no"]'))).length,
        merror: document.querySelectorAll('mjx-merror').length,
        raw: sources.filter((m) => /\\[()[\]]/.test(m.textContent)).length,
        proseTranslatable: [...document.querySelectorAll('main p')].filter((p) => !p.closest('[translate="no"]')).length,
      };
    });
    assert.ok(census.sources >= 20, `formulas on the page (${census.sources})`);
    assert.equal(census.unprotectedSources, 0, 'every formula source is marked translate="no" and notranslate');
    assert.equal(census.rendered, census.sources, 'every formula was typeset after scrolling through');
    assert.equal(census.unprotected, 0, 'every rendered formula is protected from translation');
    assert.equal(census.merror, 0, 'no TeX errors');
    assert.equal(census.raw, 0, 'no raw delimiters left');
    assert.ok(census.proseTranslatable > 5, 'the prose stays translatable');
    assert.deepEqual(externalRequests(log, site.origin), [], 'no request leaves the origin');
    assert.deepEqual(log.failed, []);
    assert.deepEqual(log.errors, []);
    await page.goto(site.url);
    assert.equal(await page.locator('a[href="./smooth-topk/"]').count(), 1, 'the index links to the page');
    await page.close();
  });

  it('fetches neither its code nor the wasm before it nears the viewport', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.goto(`${site.url}smooth-topk/`);
    await mathjaxReady(page);
    await page.waitForTimeout(1200);
    const widget = page.locator(TAG);
    const top = await widget.evaluate((el) => el.getBoundingClientRect().top + scrollY);
    assert.ok(top > 2 * 800, `the widget starts more than two viewports down (${top}px)`);
    assert.equal(await widget.getAttribute('data-state'), 'placeholder');
    assert.ok((await widget.boundingBox()).height >= 1400, 'the placeholder reserves the widget\'s room');
    assert.deepEqual(log.requests.filter(isWasm), [], 'no wasm before scrolling');
    assert.deepEqual(log.requests.filter(isWidgetChunk), [], 'no widget chunk before scrolling');
    const seen = log.requests.length;
    await page.evaluate((y) => window.scrollTo(0, y - innerHeight - 400), top);
    await page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
    const wasm = log.requests.filter(isWasm);
    assert.equal(wasm.length, 1, `one wasm variant fetched (${wasm})`);
    assert.ok(log.requests.indexOf(wasm[0]) >= seen, 'the wasm was fetched after the scroll');
    const first = await settled(page);
    close(first.sum, 2, 'the default piecewise ThreTopK sums to k = 2');
    close(Number(first.threshold), 2.5, 'x = (3, 2, 1, 4) is symmetric about 2.5, so λ = 2.5');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('typing and dragging a score change the output; k and tau change it too', async () => {
    const { page, widget, log } = await openWidget();
    const start = await settled(page);
    await field(widget, 'x₁').fill('5');
    const typed = await settled(page);
    assert.notDeepEqual(typed.output, start.output, 'typing x₁ changed p');
    assert.ok(typed.output[0] > start.output[0], 'a larger score gets a larger weight');
    close(typed.sum, 2, 'still sums to k');

    const bar = widget.locator('.vector-editor svg rect').nth(2);
    const box = await bar.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + 2);
    await page.mouse.down();
    for (let dy = 6; dy <= 90; dy += 6) await page.mouse.move(box.x + box.width / 2, box.y + 2 - dy);
    await page.mouse.up();
    const dragged = await settled(page);
    const x3 = Number((await field(widget, 'x₃').inputValue()).replace('\u2212', '-'));
    assert.ok(x3 > 1.5, `dragging raised x₃ (${x3})`);
    assert.ok(dragged.output[2] > typed.output[2], 'and its weight');

    await widget.getByRole('button', { name: 'Increase k' }).click();
    const k3 = await settled(page);
    close(k3.sum, 3, 'k = 3 sums to 3');
    await widget.getByRole('textbox', { name: 'Keep the top k' }).fill('1');
    close((await settled(page)).sum, 1, 'typed k = 1');

    await widget.getByRole('textbox', { name: 'τ, typed value' }).fill('0.01');
    const cold = await settled(page);
    const max = Math.max(...cold.output);
    assert.ok(max > 0.99, `cold: the top score takes nearly the whole unit (${max})`);
    const slider = widget.getByRole('slider', { name: /Temperature/ });
    await slider.focus();
    for (let i = 0; i < 200; i++) await slider.press('ArrowRight');
    const warm = await settled(page);
    assert.ok(Math.max(...warm.output) < 0.9, `warming spreads the weight (${warm.output})`);

    // The update cost is reported, not asserted: tests never fail on wall-clock time (bench/ measures it).
    const renders = await page.evaluate((tag) => performance.getEntriesByName(`${tag} render`).map((e) => e.duration), TAG);
    const updates = renders.slice(1).sort((a, b) => a - b);
    const median = updates[Math.floor(updates.length / 2)];
    console.log(`smooth-topk render per update: median ${median.toFixed(1)} ms, max ${updates.at(-1).toFixed(1)} ms over ${updates.length}`);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('the failing schemes are visibly wrong: above 1, the wrong cold limit, the recursion', async () => {
    const { page, widget, log } = await openWidget();
    await widget.getByRole('button', { name: 'I1 exceeds 1' }).click();
    let s = await settled(page);
    close(s.output[2], 1.21206989677055, 'I1 on (0, 1, 10) with k = 2', 1e-9);
    assert.ok(s.failing.includes('iterative-su'));
    assert.match(await widget.locator('.verdict').innerText(), /above 1/);
    assert.match(await widget.locator('.chip.max').getAttribute('class'), /bad/);

    await widget.getByRole('button', { name: 'I2 as τ → 0' }).click();
    await widget.getByRole('textbox', { name: 'τ, typed value' }).fill('0.01');
    s = await settled(page);
    close(s.output[3], 1.5, 'I2 gives 3/2 to the largest score as τ → 0', 1e-6);
    close(s.output[0], 0.5, 'and 1/2 to the second', 1e-6);
    assert.ok(s.failing.includes('iterative-weighted'));
    assert.ok(!s.failing.includes('threshold-piecewise') && !s.failing.includes('gradtopk'), 'the sound methods pass');
    await widget.getByRole('checkbox', { name: /naively/ }).check();
    s = await settled(page);
    assert.ok(Math.abs(s.output[3] - 1) < 1e-6, `with the naive 1 − p rounding snaps I2 to the hard mask (${s.output})`);

    await widget.getByRole('button', { name: 'Recursion breaks' }).click();
    s = await settled(page);
    assert.ok(s.failing.includes('gradtopk-recursion'));
    assert.ok(Math.max(...s.output) > 1.5, `the recursion puts about 2 on one score (${s.output})`);
    const row = widget.locator('.scoreboard tr', { hasText: 'GradTopK · stable DP' });
    assert.match(await row.innerText(), /sound/);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('bad input gets an inline message naming the field, and the demo stays usable', async () => {
    const { page, widget, log } = await openWidget();
    const start = await settled(page);
    const x2 = field(widget, 'x₂');
    for (const [text, expected] of [['abc', 'x₂: not a number'], ['1e999', 'x₂: too large: must be finite'], ['NaN', 'x₂: not a number']]) {
      await x2.fill(text);
      await page.waitForTimeout(60);
      assert.equal(await widget.locator('#x-1-error').innerText(), expected, `message for "${text}"`);
      assert.equal(await x2.getAttribute('aria-invalid'), 'true');
      assert.deepEqual((await settled(page)).output, start.output, 'the last valid state is still shown');
    }
    const k = widget.getByRole('textbox', { name: 'Keep the top k' });
    for (const [text, expected] of [['2.5', 'k: must be a whole number'], ['9', 'k: must be between 1 and 3 (n = 4)'], ['two', 'k: not a number']]) {
      await k.fill(text);
      await page.waitForTimeout(60);
      assert.equal(await widget.locator('#k-error').innerText(), expected, `message for k = "${text}"`);
    }
    await widget.getByRole('textbox', { name: 'τ, typed value' }).fill('1e999');
    await page.waitForTimeout(60);
    assert.match(await widget.locator('#tau-error').innerText(), /^τ: /);
    assert.deepEqual((await settled(page)).output, start.output);

    await field(widget, 'x₄').fill('0');
    const after = await settled(page);
    assert.notDeepEqual(after.output, start.output, 'another field still works while one holds bad text');
    await k.fill('3');
    close((await settled(page)).sum, 3, 'k fixed');
    assert.equal(await widget.locator('#k-error').isVisible(), false);

    await widget.evaluate((el) => el.setAttribute('tau', 'hot'));
    await page.waitForTimeout(60);
    assert.match(await widget.locator('.status').innerText(), /tau: not a number/);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('is labelled, keyboard-operable, and marks numbers but not captions as untranslatable', async () => {
    const { page, widget } = await openWidget();
    const audit = await widget.evaluate((host) => {
      const root = host.shadowRoot;
      const controls = [...root.querySelectorAll('input, button, select')];
      const named = (c) => (c.labels?.length > 0 && c.labels[0].textContent.trim()) || c.getAttribute('aria-label') || (c.tagName === 'BUTTON' && c.textContent.trim());
      const plots = [...root.querySelectorAll('svg')].filter((s) => s.closest('.plot-frame'));
      return {
        unnamed: controls.filter((c) => !named(c)).map((c) => c.outerHTML.slice(0, 80)),
        unfocusable: controls.filter((c) => c.tabIndex < 0).length,
        plots: plots.length,
        plotsWithoutNumbers: plots.filter((s) => s.getAttribute('role') !== 'img' || !/\d\.\d/.test(s.getAttribute('aria-label') ?? '')).length,
        plotsTranslatable: plots.filter((s) => s.getAttribute('translate') !== 'no').length,
        readoutTranslatable: [...root.querySelectorAll('.chip .sym, .scoreboard .sym, input[type=text]')].filter((e) => !e.closest('[translate="no"]')).length,
        captionsUntranslatable: [...root.querySelectorAll('h3, .hint, button, .scoreboard th[scope=row]')].filter((e) => e.closest('[translate="no"]')).length,
      };
    });
    assert.deepEqual(audit.unnamed, [], 'every control has a label');
    assert.equal(audit.unfocusable, 0);
    assert.equal(audit.plots, 3, 'x bars, temperature fan, small multiples');
    assert.equal(audit.plotsWithoutNumbers, 0, 'each plot has a text alternative with its numbers');
    assert.equal(audit.plotsTranslatable, 0);
    assert.equal(audit.readoutTranslatable, 0);
    assert.equal(audit.captionsUntranslatable, 0);

    const k = widget.getByRole('textbox', { name: 'Keep the top k' });
    await k.focus();
    await k.press('ArrowUp');
    close((await settled(page)).sum, 3, 'ArrowUp on k');
    await widget.getByRole('combobox', { name: 'Method in focus' }).selectOption('gradtopk');
    const s = await settled(page);
    assert.equal(s.threshold, '', 'GradTopK has no threshold line');
    close(s.sum, 3, 'GradTopK sums to k');
    await page.close();
  });

  it('screenshots: widget (light and dark), page top', async () => {
    const { page, widget, log } = await openWidget();
    await page.waitForTimeout(400);
    await widget.screenshot({ path: join(screenshotDir, 'smooth-topk-widget.png') });
    await widget.getByRole('button', { name: 'I2 as τ → 0' }).click();
    await page.waitForTimeout(300);
    await widget.screenshot({ path: join(screenshotDir, 'smooth-topk-widget-failing.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await mathjaxReady(page);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(screenshotDir, 'smooth-topk-top.png') });
    assert.deepEqual(log.errors, []);
    await page.close();

    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      const { page: darkPage, log: darkLog } = await recordedPage(dark.context);
      await darkPage.goto(`${site.url}smooth-topk/#demo`);
      const darkWidget = darkPage.locator(TAG);
      await darkWidget.scrollIntoViewIfNeeded();
      await darkPage.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
      await darkPage.waitForTimeout(400);
      await darkWidget.screenshot({ path: join(screenshotDir, 'smooth-topk-widget-dark.png') });
      assert.deepEqual(darkLog.errors, []);
    } finally {
      await dark.close();
    }
  });
});
