// <mathlet-smooth-topk> on the smooth top-k page of the built site (the page itself, its formulas and
// its origin are checked with every page in pages.test.js): the widget's code and the
// wasm load only when it nears the viewport; typing, dragging, k and tau change the shown output;
// the failing schemes are flagged; bad input gets an inline message and the demo stays usable;
// k runs from 0 to n and is fractional for ThreTopK; infinite scores; the threshold equation's
// crossing sits at the readout's λ and the Jacobian follows an edit; controls are labelled and
// plots have text alternatives; screenshots land in test-results/ (the English dark one and the
// Chinese ones come from smooth-topk-language.test.js).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isWasm, recordedPage, screenshotDir } from './chromium-session.js';
import { eventually, mathjaxReady, nextFrames, observersCaughtUp } from './page-actions.js';
import { assertLabelledAndProtected } from './widget-text-audit.js';
import { assertClose, widgetPage } from './widget-page.js';

const TAG = 'mathlet-smooth-topk';
const close = assertClose;

describe('the smooth top-k page and <mathlet-smooth-topk>', () => {
  const fixture = widgetPage(TAG, 'smooth-topk/#demo');
  const openWidget = () => fixture.open();
  // The output once the widget has drawn every pending change (updates are batched per frame).
  async function settled(page) {
    await nextFrames(page);
    const host = page.locator(TAG);
    const words = async (name) => (await host.getAttribute(name)).split(' ').filter(Boolean);
    const output = await host.getAttribute('data-output');
    return {
      output: output ? output.split(',').map(Number) : [],
      sum: Number(await host.getAttribute('data-sum')),
      threshold: await host.getAttribute('data-threshold'),
      failing: await words('data-failing'),
      unavailable: await words('data-unavailable'),
    };
  }
  const field = (widget, name) => widget.getByRole('textbox', { name, exact: true });
  // The temperature fan has its curves (they come from the worker, after the rest of the widget).
  const fanReady = (page) =>
    page.waitForFunction((tag) => document.querySelector(tag).shadowRoot.querySelector('.fan')?.dataset.state === 'ready', TAG, {
      timeout: 30_000,
    });

  // The threshold-equation chart: where the crossing dot sits against the line at k and the rule
  // at λ (centres of their boxes, px), the λ it was drawn for, and the Jacobian table's text.
  const equationView = (widget) =>
    widget.evaluate((host) => {
      const root = host.shadowRoot;
      const centre = (selector) => {
        const box = root.querySelector(`.equation svg ${selector}`)?.getBoundingClientRect();
        return box && (box.width > 0 || box.height > 0) ? { x: box.x + box.width / 2, y: box.y + box.height / 2 } : null; // null: none, or hidden
      };
      return {
        dot: centre('.crossing circle'),
        kLine: centre('.k-line line'),
        lambdaRule: centre('.lambda-rule line'),
        lambda: root.querySelector('.equation').dataset.lambda,
        label: root.querySelector('.equation svg')?.getAttribute('aria-label') ?? '',
        jacobian: root.querySelector('.jacobian').innerText,
        check: root.querySelector('.jacobian-check').innerText,
      };
    });

  // The same once the crossing is drawn (scrolled into view: the chart may be drawn a frame later).
  async function drawnEquation(widget) {
    await widget.locator('.equation-panel').scrollIntoViewIfNeeded();
    return eventually(async () => {
      const view = await equationView(widget);
      assert.ok(view.dot && view.kLine && view.lambdaRule, `the crossing is drawn (${JSON.stringify(view.dot)})`);
      return view;
    });
  }

  it('fetches neither its code nor the wasm before it nears the viewport', async () => {
    const { page, log } = await recordedPage(fixture.browser.context);
    await page.goto(`${fixture.site.url}smooth-topk/`);
    await mathjaxReady(page);
    await observersCaughtUp(page); // the observer has had its look at the page as loaded
    const widget = page.locator(TAG);
    const top = await widget.evaluate((el) => el.getBoundingClientRect().top + scrollY);
    assert.ok(top > 2 * 800, `the widget starts more than two viewports down (${top}px)`);
    assert.equal(await widget.getAttribute('data-state'), 'placeholder');
    assert.ok((await widget.boundingBox()).height >= 1400, "the placeholder reserves the widget's room");
    assert.deepEqual(log.requests.filter(isWasm), [], 'no wasm before scrolling');
    assert.deepEqual(log.requests.filter(fixture.isWidgetChunk), [], 'no widget chunk before scrolling');
    const seen = log.requests.length;
    await page.evaluate((y) => window.scrollTo(0, y - innerHeight - 400), top);
    await page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
    const wasm = log.requests.filter(isWasm);
    // The page and the core's worker (which computes the temperature fan) each load the same variant.
    assert.equal(new Set(wasm).size, 1, `one wasm variant fetched (${wasm})`);
    assert.ok(log.requests.indexOf(wasm[0]) >= seen, 'the wasm was fetched after the scroll');
    const first = await settled(page);
    close(first.sum, 2, 'the default piecewise ThreTopK sums to k = 2');
    close(Number(first.threshold), 2.5, 'x = (3, 2, 1, 4) is symmetric about 2.5, so λ = 2.5');
    const eq = await drawnEquation(widget);
    assert.equal(eq.lambda, first.threshold, 'F(λ) is drawn for the readout’s λ');
    assert.ok(Math.abs(eq.dot.y - eq.kLine.y) < 1.5, `the crossing dot sits on the line at k (${eq.dot.y} vs ${eq.kLine.y})`);
    assert.ok(Math.abs(eq.dot.x - eq.lambdaRule.x) < 1.5, 'and on the rule at λ');
    assert.match(eq.label, /crosses k = 2 at λ = 2\.5000/);
    assert.match(eq.check, /sums to 0/);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('typing and dragging a score change the output; k and tau change it too', async () => {
    const { page, widget, log } = await openWidget();
    const start = await settled(page);
    const before = await drawnEquation(widget);
    await field(widget, 'x₁').fill('5');
    const typed = await settled(page);
    assert.notDeepEqual(typed.output, start.output, 'typing x₁ changed p');
    const after = await drawnEquation(widget);
    assert.notEqual(after.jacobian, before.jacobian, 'the Jacobian follows the edit');
    assert.equal(after.lambda, typed.threshold, 'so does the threshold equation');
    assert.notEqual(after.label, before.label);
    assert.match(after.label, /at λ = 3\.0000/, '(5, 2, 1, 4) is symmetric about 3');
    assert.ok(Math.abs(after.dot.y - after.kLine.y) < 1.5, 'still on the line at k');
    assert.match(after.check, /sums to 0/);
    await field(widget, 'x₁').scrollIntoViewIfNeeded(); // back to the bars, to drag one
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
    for (let i = 0; i < 20; i++) await slider.press('ArrowRight');
    await slider.press('End');
    const warm = await settled(page);
    assert.ok(Math.max(...warm.output) < 0.9, `warming spreads the weight (${warm.output})`);

    // The update cost is reported, not asserted: tests never fail on wall-clock time (bench/ measures it).
    const renders = await page.evaluate((tag) => performance.getEntriesByName(`${tag} render`).map((e) => e.duration), TAG);
    const updates = renders.slice(1).sort((a, b) => a - b);
    const median = updates[Math.floor(updates.length / 2)];
    console.log(
      `smooth-topk render per update: median ${median.toFixed(1)} ms, max ${updates.at(-1).toFixed(1)} ms over ${updates.length}`,
    );
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('the failing schemes are visibly wrong: above 1, the wrong cold limit, the recursion (screenshots)', async () => {
    const { page, widget, log } = await openWidget();
    await fanReady(page);
    await widget.screenshot({ path: join(screenshotDir, 'smooth-topk-widget.png') });
    await widget.locator('.equation-panel').screenshot({ path: join(screenshotDir, 'smooth-topk-equation.png') });
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
    await fanReady(page);
    await widget.screenshot({ path: join(screenshotDir, 'smooth-topk-widget-failing.png') });
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

  it('k runs from 0 to n, and the ThreTopK methods take a fractional k while the others say they need a whole one', async () => {
    const { page, widget, log } = await openWidget();
    const k = widget.getByRole('textbox', { name: 'Keep the top k' });
    await k.fill('0');
    let s = await settled(page);
    assert.deepEqual(s.output, [0, 0, 0, 0], 'k = 0 keeps nothing');
    assert.equal(s.threshold, 'Infinity', 'λ = +∞ at k = 0');
    assert.equal(await widget.getByRole('button', { name: 'Decrease k' }).isDisabled(), true);
    assert.match(await widget.locator('.hint').filter({ hasText: 'λ' }).first().innerText(), /nothing is kept/);

    await k.fill('4');
    s = await settled(page);
    assert.deepEqual(s.output, [1, 1, 1, 1], 'k = n keeps everything');
    assert.equal(s.threshold, '-Infinity');
    assert.equal(await widget.getByRole('button', { name: 'Increase k' }).isDisabled(), true);
    assert.ok(s.failing.includes('iterative-su'), 'I1 at k = n still puts more than 1 on some scores');
    assert.ok(!s.failing.includes('gradtopk') && !s.failing.includes('threshold-sigmoid'));
    assert.deepEqual(s.unavailable, []);

    await k.fill('1.5');
    s = await settled(page);
    const oracle = [0.464372670895825, 0.170833158664446, 0.0628460069430288, 0.8019481634967]; // math note §5.3
    oracle.forEach((p, i) => close(s.output[i], p, `piecewise ThreTopK, k = 1.5, p${i + 1}`));
    close(Number(s.threshold), 3.0739206985302834, 'λ at k = 1.5');
    close(s.sum, 1.5, 'sums to 1.5');
    assert.deepEqual(s.unavailable, ['gradtopk', 'gradtopk-recursion', 'iterative-su', 'iterative-weighted']);
    assert.ok(await widget.locator('.fraction-note').isVisible(), 'the outline for a fractional k is explained');
    assert.match(await widget.locator('.scoreboard tr', { hasText: 'GradTopK · stable DP' }).innerText(), /needs a whole k/);

    await widget.getByRole('combobox', { name: 'Method in focus' }).selectOption('gradtopk');
    s = await settled(page);
    assert.deepEqual(s.output, [], 'GradTopK shows no output at k = 1.5');
    assert.match(await widget.locator('.verdict').innerText(), /whole number k only, and k = 1\.5/);
    assert.equal(await widget.locator('.fan').getAttribute('data-state'), 'unavailable');
    assert.match(await widget.locator('.fan-notice').innerText(), /needs a whole k/);
    await widget.getByRole('button', { name: 'Use k = 2' }).click();
    s = await settled(page);
    close(s.sum, 2, 'rounded to k = 2, GradTopK sums to 2');
    assert.deepEqual(s.unavailable, []);

    // The slider moves k in steps of 0.01 for ThreTopK and of 1 for a method that needs a whole k.
    const slider = widget.getByRole('slider', { name: 'k on a continuous scale' });
    await slider.focus();
    await slider.press('ArrowRight');
    close((await settled(page)).sum, 3, 'GradTopK: the slider steps to k = 3');
    await widget.getByRole('combobox', { name: 'Method in focus' }).selectOption('threshold-sigmoid');
    await nextFrames(page); // the slider takes its 0.01 step when the change is drawn
    await slider.focus();
    await slider.press('ArrowLeft');
    close((await settled(page)).sum, 2.99, 'ThreTopK: the slider steps by 0.01');
    assert.equal(await k.inputValue(), '2.99');

    await widget.evaluate((el) => el.setAttribute('k', '7'));
    await eventually(async () => assert.match(await widget.locator('.status').innerText(), /Ignored: k: must be between 0 and n = 4/));
    await widget.evaluate((el) => el.setAttribute('k', '0.25'));
    close((await settled(page)).sum, 0.25, 'a fractional k attribute');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('infinite scores: GradTopK and ThreTopK take their limit, the other schemes say they need finite scores', async () => {
    const { page, widget, log } = await openWidget();
    await widget.getByRole('button', { name: 'Add +∞' }).click();
    let s = await settled(page);
    // x = (3, 2, 1, 4, +∞), k = 2: the +∞ score gets 1, the rest share k - 1 = 1 (math note §4).
    const piecewiseK1 = [0.247350192568551, 0.0909950506157673, 0.0334752083698956, 0.628179548445786]; // §5.3
    [...piecewiseK1, 1].forEach((p, i) => close(s.output[i], p, `piecewise with +∞, p${i + 1}`));
    assert.deepEqual(s.unavailable, ['gradtopk-recursion', 'sigmoid-bisection-article', 'iterative-su', 'iterative-weighted']);
    assert.match(await widget.locator('.infinite').innerText(), /x₅ = \+∞/);
    await widget.getByRole('combobox', { name: 'Method in focus' }).selectOption('gradtopk');
    s = await settled(page);
    const softmax = [0.23688281808991, 0.0871443187420326, 0.032058603280085, 0.643914259887972]; // §5.2, k = 1
    [...softmax, 1].forEach((p, i) => close(s.output[i], p, `GradTopK with +∞ is softmax on the rest, p${i + 1}`));
    await widget.getByRole('combobox', { name: 'Method in focus' }).selectOption('iterative-su');
    // The verdict is redrawn in the next frame after the choice: polled, not read at once.
    await eventually(async () => assert.match(await widget.locator('.verdict').innerText(), /finite scores only/));
    assert.equal((await settled(page)).output.length, 0);

    await widget.getByRole('button', { name: 'Remove x₅ = +∞' }).click();
    await widget.getByRole('button', { name: 'Add −∞' }).click();
    await widget.getByRole('combobox', { name: 'Method in focus' }).selectOption('threshold-piecewise');
    s = await settled(page);
    const piecewiseK2 = [0.696734670143683, 0.303265329856317, 0.111565080074215, 0.888434919925785]; // §5.3
    [...piecewiseK2, 0].forEach((p, i) => close(s.output[i], p, `piecewise with −∞, p${i + 1}`));
    await widget
      .getByRole('button', { name: 'Remove the infinite scores' })
      .count()
      .then((n) => assert.equal(n, 0, 'no way-out button for a sound method'));
    await widget.getByRole('button', { name: 'Remove the last' }).click();
    assert.equal((await settled(page)).output.length, 4, '"Remove the last" takes the infinite score first');

    // From the attribute (and so from a permalink): infinite scores after the finite ones.
    await widget.evaluate((el) => el.setAttribute('values', '0, 1, inf'));
    s = await settled(page);
    [0.303265329856317, 0.696734670143683, 1].forEach((p, i) => close(s.output[i], p, `values="0, 1, inf", p${i + 1}`)); // §5.6
    await widget.evaluate((el) => el.setAttribute('values', 'inf, 1, 2'));
    await eventually(async () =>
      assert.match(await widget.locator('.status').innerText(), /values: infinite scores go after the finite ones/),
    );
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('bad input gets an inline message naming the field, and the demo stays usable', async () => {
    const { page, widget, log } = await openWidget();
    const start = await settled(page);
    const x2 = field(widget, 'x₂');
    for (const [text, expected] of [
      ['abc', 'x₂: not a number'],
      ['1e999', 'x₂: too large: must be finite'],
      ['NaN', 'x₂: not a number'],
    ]) {
      await x2.fill(text);
      await eventually(async () => assert.equal(await widget.locator('#x-1-error').innerText(), expected, `message for "${text}"`));
      assert.equal(await x2.getAttribute('aria-invalid'), 'true');
      assert.deepEqual((await settled(page)).output, start.output, 'the last valid state is still shown');
    }
    const k = widget.getByRole('textbox', { name: 'Keep the top k' });
    for (const [text, expected] of [
      ['9', 'k: must be between 0 and n = 4'],
      ['-1', 'k: must be between 0 and n = 4'],
      ['two', 'k: not a number'],
    ]) {
      await k.fill(text);
      await eventually(async () => assert.equal(await widget.locator('#k-error').innerText(), expected, `message for k = "${text}"`));
    }
    await widget.getByRole('textbox', { name: 'τ, typed value' }).fill('1e999');
    await eventually(async () => assert.match(await widget.locator('#tau-error').innerText(), /^τ: /));
    assert.deepEqual((await settled(page)).output, start.output);

    await field(widget, 'x₄').fill('0');
    const after = await settled(page);
    assert.notDeepEqual(after.output, start.output, 'another field still works while one holds bad text');
    await k.fill('3');
    close((await settled(page)).sum, 3, 'k fixed');
    assert.equal(await widget.locator('#k-error').isVisible(), false);

    await widget.evaluate((el) => el.setAttribute('tau', 'hot'));
    await eventually(async () => assert.match(await widget.locator('.status').innerText(), /tau: not a number/));
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('is labelled, keyboard-operable, and marks numbers but not captions as untranslatable', async () => {
    const { page, widget } = await openWidget();
    await assertLabelledAndProtected(widget, {
      plots: 4,
      why: 'x bars, temperature fan, threshold equation, small multiples',
      controls: 'input, button, select',
      readouts: '.chip .sym, .scoreboard .sym, input[type=text]',
      captions: 'h3, .hint, button, .scoreboard th[scope=row]',
      numbers: /\d\.\d/,
    });

    const k = widget.getByRole('textbox', { name: 'Keep the top k' });
    await k.focus();
    await k.press('ArrowUp');
    close((await settled(page)).sum, 3, 'ArrowUp on k');
    await widget.getByRole('combobox', { name: 'Method in focus' }).selectOption('gradtopk');
    const s = await settled(page);
    assert.equal(s.threshold, '', 'GradTopK has no threshold line');
    close(s.sum, 3, 'GradTopK sums to k');
    const eq = await equationView(widget);
    assert.equal(eq.dot, null, 'no F(λ) for GradTopK');
    assert.match(await widget.locator('.equation .view-notice').innerText(), /has no threshold/);
    assert.match(eq.check, /sums to 0/, 'but its Jacobian, with the same sums');
    await page.close();
  });
});
