// <mathlet-logsumexp> in the built site: the wasm and the widget code load only when the element
// nears the viewport; typing, dragging and the temperature change the shown lse (checked against
// a reference computed here); bad input gets an inline message and the demo stays usable;
// controls are labelled, plots have text alternatives; screenshots land in test-results/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { externalRequests, isWasm, openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { eventually, mathjaxReady, nextFrames, observersCaughtUp, viewportTypeset } from './page-actions.js';
import { assertLabelledAndProtected } from './widget-text-audit.js';
import { assertClose, widgetPage } from './widget-page.js';

// logsumexp at temperature tau, max-shifted: the reference the widget's numbers must match.
function lse(x, tau = 1) {
  const m = Math.max(...x);
  return m + tau * Math.log(x.reduce((s, v) => s + Math.exp((v - m) / tau), 0));
}
const close = assertClose;

describe('<mathlet-logsumexp>', () => {
  const fixture = widgetPage('mathlet-logsumexp', 'logsumexp/#demo');
  const openWidget = () => fixture.open();
  const shownLse = async (widget) => Number(await widget.getAttribute('data-lse'));
  // The lse shown once the widget has rendered every pending change (updates are batched per frame).
  async function settledLse(page) {
    await nextFrames(page);
    return Number(await page.locator('mathlet-logsumexp').getAttribute('data-lse'));
  }
  const field = (widget, name) => widget.getByRole('textbox', { name, exact: true });
  const xValues = async (widget) =>
    Promise.all(
      (await widget.locator('.vector-editor').first().locator('input').all()).map(async (input) =>
        Number((await input.inputValue()).replace('\u2212', '-')),
      ),
    );

  // What the page hears from its widgets (README, "Widget events"), kept in window.__events.
  const recordWidgetEvents = () => {
    window.__events = [];
    for (const type of ['mathlet-ready', 'mathlet-change', 'mathlet-error']) {
      document.addEventListener(type, (event) => window.__events.push({ type, tag: event.target.localName, detail: event.detail }));
    }
  };
  const widgetEvents = (page, type) => page.evaluate((t) => window.__events.filter((e) => e.type === t), type);

  it('starts loading when the reader points at or focuses "Jump to the live demo", before the jump', async () => {
    for (const intent of ['hover', 'focus']) {
      const { page, log } = await recordedPage(fixture.browser.context);
      await page.goto(`${fixture.site.url}logsumexp/`);
      await mathjaxReady(page);
      await observersCaughtUp(page);
      const widget = page.locator('mathlet-logsumexp');
      assert.equal(await widget.getAttribute('data-state'), 'placeholder');
      await page.locator('a.jump')[intent]();
      await page.waitForSelector('mathlet-logsumexp[data-state=ready]', { timeout: 30_000 });
      assert.equal(await page.evaluate(() => location.hash), '', `${intent}: loaded before the jump`);
      assert.equal(log.requests.filter(isWasm).length, 1, `${intent}: the wasm came with it`);
      await page.locator('a.jump').click();
      await eventually(async () => assert.equal(await page.evaluate(() => location.hash), '#demo'));
      assert.ok(await widget.evaluate((el) => el.getBoundingClientRect().top < innerHeight), 'the jump leads to the widget, ready');
      await page.close();
    }
  });

  it('fetches neither its code nor the wasm before it nears the viewport', async () => {
    const { page, log } = await recordedPage(fixture.browser.context);
    await page.addInitScript(recordWidgetEvents);
    await page.goto(`${fixture.site.url}logsumexp/`);
    await mathjaxReady(page);
    await observersCaughtUp(page); // the observer has had its look at the page as loaded
    const widget = page.locator('mathlet-logsumexp');
    const top = await widget.evaluate((el) => el.getBoundingClientRect().top + scrollY);
    assert.ok(top > 2 * 800, `the widget starts more than two viewports down (${top}px)`);
    assert.equal(await widget.getAttribute('data-state'), 'placeholder');
    assert.ok((await widget.boundingBox()).height >= 1000, "the placeholder reserves the widget's room");
    assert.deepEqual(log.requests.filter(isWasm), [], 'no wasm before scrolling');
    assert.deepEqual(log.requests.filter(fixture.isWidgetChunk), [], 'no widget chunk before scrolling');

    // Still more than a viewport away: nothing happens.
    await page.evaluate((y) => window.scrollTo(0, y - innerHeight - 1200), top);
    await observersCaughtUp(page);
    assert.equal(await widget.getAttribute('data-state'), 'placeholder');
    assert.deepEqual(log.requests.filter(isWasm), []);

    // Within one viewport below the screen: it loads before the reader gets there.
    const seen = log.requests.length;
    await page.evaluate((y) => window.scrollTo(0, y - innerHeight - 400), top);
    await page.waitForSelector('mathlet-logsumexp[data-state=ready]', { timeout: 30_000 });
    const wasm = log.requests.filter(isWasm);
    assert.equal(wasm.length, 1, `one wasm variant fetched (${wasm})`);
    assert.ok(log.requests.indexOf(wasm[0]) >= seen, 'the wasm was fetched after the scroll');
    assert.ok(log.requests.some(fixture.isWidgetChunk));
    close(await shownLse(widget), lse([1, 2, 3]), 'lse of values="1, 2, 3" at tau=1', 1e-12);
    assert.equal(await widget.locator('.lse-value').innerText(), '3.407606');
    assert.deepEqual(externalRequests(log, fixture.site.origin), []);

    // The page heard it become ready, with its first results, and hears a refused attribute.
    const [ready, ...moreReady] = await widgetEvents(page, 'mathlet-ready');
    assert.equal(moreReady.length, 0, 'mathlet-ready once per mount');
    assert.equal(ready.tag, 'mathlet-logsumexp');
    close(ready.detail.lse, lse([1, 2, 3]), 'mathlet-ready detail.lse', 1e-12);
    assert.deepEqual(await widgetEvents(page, 'mathlet-error'), []);
    await widget.evaluate((host) => host.setAttribute('tau', '-1'));
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'mathlet-error'));
    const [refused] = await widgetEvents(page, 'mathlet-error');
    assert.equal(refused.detail.kind, 'input');
    assert.match(refused.detail.message, /tau/, `the message names the attribute: ${refused.detail.message}`);
    assert.equal(refused.detail.message, await widget.locator('.status').innerText(), 'the message shown inline');
    close(await shownLse(widget), lse([1, 2, 3]), 'the last valid state stays', 1e-12);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('a wasm that cannot load leaves an error in place of the widget, and the page hears why', async () => {
    const { page, log } = await recordedPage(fixture.browser.context);
    await page.addInitScript(recordWidgetEvents);
    const requested = [];
    await page.route(/\.wasm$/, (route) => {
      requested.push(route.request().url());
      return route.fulfill({ status: 404, body: 'gone' });
    });
    await page.goto(`${fixture.site.url}logsumexp/#demo`);
    await page.locator('mathlet-logsumexp').scrollIntoViewIfNeeded();
    await page.waitForSelector('mathlet-logsumexp[data-state=error]', { timeout: 30_000 });
    const [failed, ...more] = await widgetEvents(page, 'mathlet-error');
    assert.equal(more.length, 0);
    assert.equal(failed.detail.kind, 'load');
    assert.ok(
      requested.length > 0 && failed.detail.message.includes(requested[0]),
      `the message names the URL really requested (${requested[0]}): ${failed.detail.message}`,
    );
    assert.deepEqual(await widgetEvents(page, 'mathlet-ready'), []);
    assert.match(await page.locator('mathlet-logsumexp').locator('.placeholder.failed').innerText(), /could not load/);
    assert.ok(log.errors.length > 0, 'the failure is also logged to the console');
    await page.close();
  });

  it('typing a component changes lse', async () => {
    const { page, widget, log } = await openWidget();
    await field(widget, 'x₁').fill('2.5');
    close(await settledLse(page), lse([2.5, 2, 3]), 'after x₁ = 2.5');
    await field(widget, 'x₃').fill('−4'); // typographic minus is accepted
    close(await settledLse(page), lse([2.5, 2, -4]), 'after x₃ = −4');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('dragging a bar changes that component and lse', async () => {
    const { page, widget, log } = await openWidget();
    const before = await shownLse(widget);
    const bar = widget.locator('.vector-editor').first().locator('svg rect').first();
    const box = await bar.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + 4);
    await page.mouse.down();
    for (let dy = 4; dy <= 80; dy += 4) await page.mouse.move(box.x + box.width / 2, box.y + 4 - dy);
    await page.mouse.up();
    const after = await settledLse(page);
    const x = await xValues(widget);
    assert.ok(x[0] > 1.5, `x₁ went up (${x[0]})`);
    assert.deepEqual(x.slice(1), [2, 3], 'the other components stayed');
    await eventually(async () => close(await shownLse(widget), lse(x), 'lse matches the dragged vector'));
    assert.ok(after > before);

    // Update cost while dragging is reported, never asserted: tests do not fail on wall-clock time
    // (bench/ measures it). Only the number of rendered updates is checked.
    const renders = await page.evaluate(() => performance.getEntriesByName('mathlet-logsumexp render').map((e) => e.duration));
    const updates = renders.slice(1).sort((a, b) => a - b); // the first one builds the widget
    assert.ok(updates.length >= 8, `several drag frames were rendered (${updates.length})`);
    const median = updates[Math.floor(updates.length / 2)];
    console.log(`render per update: median ${median.toFixed(1)} ms, max ${updates.at(-1).toFixed(1)} ms over ${updates.length}`);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('the temperature slider and field change lse', async () => {
    const { page, widget, log } = await openWidget();
    const slider = widget.getByRole('slider', { name: /Temperature/ });
    await slider.focus();
    for (let k = 0; k < 50; k++) await slider.press('ArrowRight');
    const warmer = await settledLse(page);
    const tau = Number(await widget.getByRole('textbox', { name: 'τ, typed value' }).inputValue());
    assert.ok(tau > 2.5 && tau < 4, `50 steps right raise tau by half a decade (${tau})`);
    assert.ok(warmer > lse([1, 2, 3]), 'lse grows with tau');
    assert.match(await slider.getAttribute('aria-valuetext'), /^τ = \d/);

    await widget.getByRole('textbox', { name: 'τ, typed value' }).fill('0.01');
    const cold = await settledLse(page);
    close(cold, lse([1, 2, 3], 0.01), 'lse at tau = 0.01');
    close(cold, 3, 'cold lse is the max', 1e-12);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('bad input gets an inline message naming the field, and the demo stays usable', async () => {
    const { page, widget, log } = await openWidget();
    const x2 = field(widget, 'x₂');
    const message = widget.locator('#x-1-error');
    const start = await shownLse(widget);
    for (const [text, expected] of [
      ['abc', 'x₂: not a number'],
      ['1e999', 'x₂: too large: must be finite'],
      ['NaN', 'x₂: not a number'],
      ['', 'x₂: empty'],
    ]) {
      await x2.fill(text);
      await eventually(async () => assert.equal(await message.innerText(), expected, `message for "${text}"`));
      assert.ok(await message.isVisible());
      assert.equal(await x2.getAttribute('aria-invalid'), 'true');
      assert.equal(await shownLse(widget), start, 'the last valid state is still shown');
    }
    const tauField = widget.getByRole('textbox', { name: 'τ, typed value' });
    await tauField.fill('-1');
    await eventually(async () => assert.equal(await widget.locator('#tau-error').innerText(), 'τ: must be between 0.001 and 1000'));
    assert.equal(await shownLse(widget), start);

    // Other fields still work while one holds bad text; fixing it clears the message.
    await field(widget, 'x₃').fill('5');
    close(await settledLse(page), lse([1, 2, 5]), 'x₃ edited while x₂ is invalid');
    await x2.fill('2.5');
    close(await settledLse(page), lse([1, 2.5, 5]), 'x₂ fixed');
    assert.equal(await message.isVisible(), false);
    assert.equal(await x2.getAttribute('aria-invalid'), 'false');

    // A bad attribute is reported in the widget, not thrown away silently or into the console.
    await widget.evaluate((el) => el.setAttribute('tau', 'hot'));
    await eventually(async () => assert.match(await widget.locator('.status').innerText(), /tau: not a number/));
    close(await shownLse(widget), lse([1, 2.5, 5]), 'still the last valid state');
    await widget.evaluate((el) => el.setAttribute('values', '0 0 0 0'));
    close(await settledLse(page), Math.log(4), 'values attribute applied');
    assert.equal(await widget.locator('.status').isVisible(), false);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('the buttons show the equality cases: all equal, ties, p at softmax', async () => {
    const { page, widget, log } = await openWidget();
    await widget.getByRole('button', { name: 'All equal' }).click();
    close(await settledLse(page), 2 + Math.log(3), 'all equal: lse = mean + log n');
    const relations = await widget.locator('.sandwich .rel').allInnerTexts();
    assert.deepEqual(relations, ['<', '=', '='], 'the upper bound and the mean bound are tight');

    await widget.getByRole('button', { name: 'Reset' }).click();
    await widget.getByRole('button', { name: 'Add a tie at the max' }).click();
    close(await settledLse(page), lse([1, 2, 3, 3]), 'tie added');
    assert.deepEqual(await xValues(widget), [1, 2, 3, 3]);
    assert.match(await widget.locator('.facts').innerText(), /r = 2/);

    const kl = widget.locator('.kl');
    assert.notEqual(await kl.locator('.sym').last().innerText(), '0.000000');
    await widget.getByRole('button', { name: /Snap p to softmax/ }).click();
    await page.waitForFunction(() => document.querySelector('mathlet-logsumexp').shadowRoot.querySelector('.kl.tight'));
    assert.equal(await kl.locator('.sym').last().innerText(), '0.000000', 'the entropy bound is exact at p = softmax');

    await widget.getByRole('button', { name: 'Remove the last' }).click();
    await page.waitForFunction(
      () => document.querySelector('mathlet-logsumexp').shadowRoot.querySelectorAll('#p-0, #p-1, #p-2, #p-3').length === 3,
    );
    assert.deepEqual(await xValues(widget), [1, 2, 3]);
    await pairViewChecks(page, widget);
    await numericsChecks(widget);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  // The pair views on a loaded widget at x = (1, 2, 3): R7 follows y and the shift button attains
  // it; R8 follows the mixing weight and turns straight for y = x + c·1; the surface follows tau.
  const lastChange = (page) => page.evaluate(() => document.querySelector('mathlet-logsumexp').__lastChange);
  const ariaOf = (widget, panel) => widget.locator(`.panel.${panel} .plot-frame:not(.bars) svg`).getAttribute('aria-label');
  async function pairViewChecks(page, widget) {
    await widget.evaluate((host) => host.addEventListener('mathlet-change', (e) => (host.__lastChange = e.detail)));
    await field(widget, 'y₁').fill('5');
    await eventually(async () => {
      const d = await lastChange(page);
      close(d.diff, lse([1, 2, 3]) - lse([5, 1, 3.2]), 'R7: lse x − lse y after y₁ = 5', 1e-12);
      assert.deepEqual([d.diffMin, d.diffMax, d.maxNorm], [-4, 1, 4]);
    });
    assert.match(await ariaOf(widget, 'lipschitz'), /−4\.0000, 1\.0000, −0\.2000.*‖x − y‖∞ = 4\.0000/);
    assert.equal(await widget.locator('.attained').isVisible(), false, 'not attained for this y');

    await widget.getByRole('textbox', { name: 'c =', exact: true }).fill('−1.25');
    await widget.getByRole('button', { name: /Shift y to x \+ c·𝟏/ }).click();
    await eventually(async () => {
      const d = await lastChange(page);
      assert.deepEqual(d.y, [-0.25, 0.75, 1.75]);
      assert.ok(Math.abs(Math.abs(d.diff) - d.maxNorm) <= 1e-14, `bound attained: |${d.diff}| vs ${d.maxNorm}`);
      close(d.diff, 1.25, 'the difference is −c');
      assert.ok(Math.abs(d.chord - d.lseMix) <= 1e-14 * Math.abs(d.chord), 'R8: on the chord when y − x ∥ 1');
    });
    await widget.locator('.attained').waitFor({ state: 'visible' });
    await widget.locator('.convexity .pair-line.tight').waitFor();

    await widget.getByRole('textbox', { name: 'λ, typed value' }).fill('0.8');
    await eventually(async () => assert.match(await ariaOf(widget, 'convexity'), /At λ = 0\.800:/));
    assert.equal((await lastChange(page)).mix, 0.8);
    await widget.getByRole('button', { name: 'Reset' }).click(); // y back to the default, the segment curved again
    await eventually(async () => {
      const d = await lastChange(page);
      close(d.chord - d.lseMix, 0.3 * lse([1, 2, 3]) + 0.7 * lse([1.5, 1, 3.2]) - lse([1.35, 1.3, 3.14]), 'R8 gap at the default');
      assert.ok(d.chord - d.lseMix > 1e-3);
    });

    // The surface is drawn only near the screen (on-screen.js): look at it, then change tau by its
    // attribute, which scrolls nothing away.
    await widget.locator('.panel.surface').scrollIntoViewIfNeeded();
    await eventually(async () =>
      assert.match(await ariaOf(widget, 'surface'), /τ log 2 = 0\.6931 \(τ = 1\.0000\).*\(1\.0000, 2\.0000\): lse 2\.3133/),
    );
    await widget.evaluate((host) => host.setAttribute('tau', '0.1'));
    await eventually(async () => assert.match(await ariaOf(widget, 'surface'), /τ log 2 = 0\.0693/));
    assert.ok((await widget.locator('.panel.surface svg path').count()) > 10, 'the level lines are drawn');
  }

  // The numerics panel: the naive sum overflows for (1000, 1000), underflows for (−1000, −1000),
  // and rounds the log1p case (0, −40) to 0, where the core keeps 4.248354255291589e−18.
  async function numericsChecks(widget) {
    const naive = () => widget.getAttribute('data-naive');
    const status = (kind) => widget.locator(`table.numerics tr.${kind}`).getAttribute('data-status');
    await widget.getByRole('button', { name: '(1000, 1000)' }).click();
    await eventually(async () => assert.equal(await naive(), 'Infinity'));
    assert.equal(await status('naive'), 'overflow');
    assert.equal(await status('shifted'), 'ok');
    assert.equal(await widget.locator('tr.naive .value').innerText(), '∞');
    assert.equal(await widget.locator('tr.stable .value').innerText(), '1000.6931471805599');
    await widget.getByRole('button', { name: '(−1000, −1000)' }).click();
    await eventually(async () => assert.equal(await naive(), '-Infinity'));
    assert.equal(await status('naive'), 'underflow');
    await widget.getByRole('button', { name: '(0, −40)' }).click();
    await eventually(async () => assert.equal(await naive(), '0'));
    assert.deepEqual([await status('naive'), await status('shifted')], ['rounding', 'rounding']);
    assert.equal(await widget.locator('tr.stable .value').innerText(), '4.248354255291589e−18');
    close(Number(await widget.getAttribute('data-lse')), 4.248354255291589e-18, 'the widget shows the log1p value', 1e-15);
  }

  it('is labelled, keyboard-reachable, and marks numbers but not captions as untranslatable', async () => {
    const { page, widget } = await openWidget();
    await assertLabelledAndProtected(widget, {
      plots: 8,
      why: 'x bars, tau curve, ladder, p bars, y bars, R7 interval, R8 segment, smooth-max surface',
      controls: 'input, button',
      readouts: '.lse-value, .chip .sym, .kl .sym, .fields input',
      captions: 'h3, .hint, button',
      numbers: /\d\.\d/,
    });

    // Tab from the first field walks through the controls in order.
    await field(widget, 'x₁').focus();
    await page.keyboard.press('Tab');
    assert.equal(await widget.evaluate((host) => host.shadowRoot.activeElement?.id), 'x-1');
    await field(widget, 'x₂').press('ArrowUp');
    close(await settledLse(page), lse([1, 2.1, 3]), 'ArrowUp steps x₂ by 0.1');
    await page.close();
  });

  it('never builds DOM from strings (no innerHTML / outerHTML / insertAdjacentHTML in the widgets)', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), '../../web/src/widgets');
    const files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js'));
    assert.ok(files.length >= 8);
    const offenders = files.filter((f) =>
      /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/.test(readFileSync(join(dir, f), 'utf8')),
    );
    assert.deepEqual(offenders, []);
  });

  // The pair views and the numerics panel, each on its own, at a desktop and a phone width, on the
  // page already loaded (its viewport resized: no new page load).
  async function viewScreenshots(page, widget, scheme) {
    for (const [size, viewport] of [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 390, height: 844 }],
    ]) {
      await page.setViewportSize(viewport);
      await eventually(async () => {
        await nextFrames(page); // redrawn at the new width of its boxes
        const box = await widget.locator('.panel.surface .plot-frame').boundingBox();
        assert.ok(box.width < viewport.width, `laid out for ${viewport.width} px (${box.width})`);
      });
      for (const panel of ['lipschitz', 'convexity', 'surface', 'numerics-panel']) {
        const shown = widget.locator(`.panel.${panel}`);
        await shown.scrollIntoViewIfNeeded();
        await observersCaughtUp(page); // a panel that was off screen is drawn when it comes near
        await nextFrames(page);
        await shown.screenshot({ path: join(screenshotDir, `logsumexp-${panel}-${size}-${scheme}.png`) });
      }
    }
  }

  it('screenshots: page top, widget (light and dark), index, each pair view on desktop and phone', async () => {
    const { page, widget, log } = await openWidget();
    await nextFrames(page); // its plots drawn at the width of their boxes
    await widget.screenshot({ path: join(screenshotDir, 'logsumexp-widget.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await mathjaxReady(page);
    await viewportTypeset(page);
    await page.screenshot({ path: join(screenshotDir, 'logsumexp-top.png') });
    // An edited state: a tie at the max, a cooler temperature, p snapped to softmax (R6 exact).
    await widget.getByRole('button', { name: 'Add a tie at the max' }).click();
    await widget.getByRole('textbox', { name: 'τ, typed value' }).fill('0.5');
    await widget.getByRole('button', { name: /Snap p to softmax/ }).click();
    await widget.getByRole('radio', { name: /minus τ log n/ }).check();
    await settledLse(page);
    await widget.screenshot({ path: join(screenshotDir, 'logsumexp-widget-edited.png') });
    await viewScreenshots(page, widget, 'light');
    await page.goto(fixture.site.url);
    await page.screenshot({ path: join(screenshotDir, 'index.png') });
    assert.deepEqual(log.errors, []);
    await page.close();

    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      const { page: darkPage, log: darkLog } = await recordedPage(dark.context);
      await darkPage.goto(`${fixture.site.url}logsumexp/#demo`);
      const darkWidget = darkPage.locator('mathlet-logsumexp');
      await darkWidget.scrollIntoViewIfNeeded();
      await darkPage.waitForSelector('mathlet-logsumexp[data-state=ready]', { timeout: 30_000 });
      await nextFrames(darkPage);
      const background = await darkWidget.evaluate((host) => getComputedStyle(host.shadowRoot.querySelector('.widget')).backgroundColor);
      assert.notEqual(background, 'rgb(255, 255, 255)', 'dark mode changes the widget background');
      await darkWidget.screenshot({ path: join(screenshotDir, 'logsumexp-widget-dark.png') });
      await viewScreenshots(darkPage, darkWidget, 'dark');
      assert.deepEqual(darkLog.errors, []);
    } finally {
      await dark.close();
    }
  });
});
