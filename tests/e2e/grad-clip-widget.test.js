// <mathlet-grad-clip> on the gradient clipping page of the built site (the page itself, its formulas
// and its origin are checked with every page in pages.test.js): the widget's code and
// the wasm load only when it nears the viewport; dragging, typing and tau change the clipped vector
// (checked against min(1, tau/||g||) g computed here) while clip by value turns it; the training run
// and the sqrt(N) sweep respond to their controls; bad input gets an inline message and the demo
// stays usable; controls are labelled and plots have text alternatives; screenshots in test-results/.
// The training run and the sweep run in the background worker (requests posted to it are counted),
// a panel waiting for it keeps its plots and says it is computing, and the time of every core call
// the widget makes is measured at the widget's limits (reported as diagnostics, never asserted).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isWasm, recordedPage, screenshotDir } from './chromium-session.js';
import { startDevServer } from './dev-server.js';
import { eventually, mathjaxReady, nextFrames, observersCaughtUp, stillWidget, toggleDetails, viewportTypeset } from './page-actions.js';
import { assertLabelledAndProtected } from './widget-text-audit.js';
import { assertClose, widgetPage } from './widget-page.js';

const TAG = 'mathlet-grad-clip';
const close = (actual, expected, what, tol = 1e-12) => assertClose(actual, expected, what, tol);
const clip = (g, tau) => g.map((v) => v * Math.min(1, tau / Math.hypot(...g)));

describe('the gradient clipping page and <mathlet-grad-clip>', () => {
  const fixture = widgetPage(TAG, 'gradient-clipping/#demo');
  const openWidget = () => fixture.open();
  // The widget's own performance measures (see the top comment of grad-clip-widget.js), as diagnostics.
  async function reportMeasures(t, page) {
    const measures = await page.evaluate(
      (tag) =>
        Object.fromEntries(
          ['clip (main thread)', 'run (worker round trip)', 'sweep (worker round trip)', 'render'].map((name) => [
            name,
            performance.getEntriesByName(`${tag} ${name}`).map((e) => e.duration),
          ]),
        ),
      TAG,
    );
    for (const [name, times] of Object.entries(measures)) {
      const sorted = times.slice().sort((a, b) => a - b);
      t.diagnostic(
        `${name}: median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(2)} ms, max ${sorted.at(-1)?.toFixed(2)} ms over ${sorted.length}`,
      );
    }
  }
  async function settled(page) {
    await page.waitForFunction((tag) => !document.querySelector(tag).dataset.busy, TAG, { timeout: 30_000 });
    await nextFrames(page);
    const host = page.locator(TAG);
    const numbers = async (name) => (await host.getAttribute(name)).split(',').map(Number);
    return {
      norm: Number(await host.getAttribute('data-norm')),
      clipped: await numbers('data-clipped'),
      byValue: await numbers('data-by-value'),
      clipFraction: Number(await host.getAttribute('data-clip-fraction')),
    };
  }
  const field = (widget, name) => widget.getByRole('textbox', { name, exact: true });
  const gValues = async (widget) =>
    Promise.all(['g₁', 'g₂'].map(async (name) => Number((await field(widget, name).inputValue()).replace('\u2212', '-'))));

  it('fetches neither its code nor the wasm before it nears the viewport', async () => {
    const { page, log } = await recordedPage(fixture.browser.context);
    await page.goto(`${fixture.site.url}gradient-clipping/`);
    await mathjaxReady(page);
    await observersCaughtUp(page); // the observer has had its look at the page as loaded
    const widget = page.locator(TAG);
    const top = await widget.evaluate((el) => el.getBoundingClientRect().top + scrollY);
    assert.ok(top > 2 * 800, `the widget starts more than two viewports down (${top}px)`);
    assert.equal(await widget.getAttribute('data-state'), 'placeholder');
    assert.ok((await widget.boundingBox()).height >= 1500, "the placeholder reserves the widget's room");
    assert.deepEqual(log.requests.filter(isWasm), []);
    assert.deepEqual(log.requests.filter(fixture.isWidgetChunk), []);
    const seen = log.requests.length;
    await page.evaluate((y) => window.scrollTo(0, y - innerHeight - 400), top);
    await page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
    const wasm = log.requests.filter(isWasm);
    assert.equal(new Set(wasm).size, 1, `one wasm variant fetched, by the page and its worker (${wasm})`);
    assert.ok(log.requests.indexOf(wasm[0]) >= seen, 'the wasm was fetched after the scroll');
    const s = await settled(page);
    close(s.norm, 3, '‖(2.4, 1.8)‖ = 3');
    clip([2.4, 1.8], 1).forEach((v, i) => close(s.clipped[i], v, `clip component ${i + 1}`));
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('dragging, typing and tau change the clipped vector; the direction is kept, by value it is not', async () => {
    const { page, widget, log } = await openWidget();
    const plane = widget.locator('.clip-plane svg');
    const box = await plane.boundingBox();
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.2);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + box.width * (0.8 - i * 0.01), box.y + box.height * (0.2 + i * 0.005));
    await page.mouse.up();
    const dragged = await settled(page);
    const g = await gValues(widget);
    assert.notDeepEqual(g, [2.4, 1.8], `dragging moved g (${g})`);
    close(dragged.norm, Math.hypot(...g), 'the norm of the dragged g', 1e-12);
    clip(g, 1).forEach((v, i) => close(dragged.clipped[i], v, `clip of the dragged g, component ${i + 1}`));

    await field(widget, 'g₁').fill('3');
    await field(widget, 'g₂').fill('0.5');
    let s = await settled(page);
    close(s.norm, Math.hypot(3, 0.5), 'typed g');
    const kept = (s.clipped[0] * 0.5 - s.clipped[1] * 3) / (Math.hypot(...s.clipped) * Math.hypot(3, 0.5));
    assert.ok(Math.abs(kept) < 1e-12, 'clip by norm keeps the direction');
    close(Math.hypot(...s.clipped), 1, 'and caps the norm at tau');
    assert.deepEqual(s.byValue, [1, 0.5], 'clip by value cuts g₁ only');
    assert.match(await widget.locator('.chip.value .sym').innerText(), /^\d+(\.\d)?°$/);
    assert.notEqual(await widget.locator('.chip.value .sym').innerText(), '0.0°', 'and so turns the vector');

    await widget.getByRole('textbox', { name: 'τ, typed value' }).fill('2');
    s = await settled(page);
    close(Math.hypot(...s.clipped), 2, 'tau = 2 caps the norm at 2');
    const slider = widget.getByRole('slider', { name: /Threshold/ });
    await slider.focus();
    for (let i = 0; i < 10; i++) await slider.press('ArrowRight');
    await slider.press('End');
    s = await settled(page);
    assert.deepEqual(s.clipped, [3, 0.5], 'a large tau leaves g alone');
    assert.equal(s.clipFraction, 0, 'and never clips in training');

    await widget.locator('.clip-plane').focus();
    await page.keyboard.press('ArrowUp');
    close((await gValues(widget))[1], 0.6, 'ArrowUp on the picture moves g₂ by 0.1');

    const renders = await page.evaluate((tag) => performance.getEntriesByName(`${tag} render`).map((e) => e.duration), TAG);
    const updates = renders.slice(1).sort((a, b) => a - b);
    const median = updates[Math.floor(updates.length / 2)];
    console.log(`grad-clip render per update: median ${median.toFixed(1)} ms, max ${updates.at(-1).toFixed(1)} ms over ${updates.length}`);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('the training run responds to tau and the loss scale; at c = 10 only the clipped learning rate (R4) keeps it stable; the sweep shows the sqrt(N) law', async (t) => {
    const { page, widget, log } = await openWidget();
    const base = await settled(page);
    assert.ok(base.clipFraction > 0 && base.clipFraction < 0.5, `tau = 1 clips only the early spikes (${base.clipFraction})`);
    assert.match(await widget.locator('.summary').first().innerText(), /100% of the steps have ‖g‖ < 1/);
    await widget.getByRole('textbox', { name: 'τ, typed value' }).fill('0.01');
    assert.equal((await settled(page)).clipFraction, 1, 'a tiny tau clips every step');
    await widget.getByRole('textbox', { name: 'τ, typed value' }).fill('1');
    await widget.getByRole('textbox', { name: 'c, typed value' }).fill('10');
    const scaled = await settled(page);
    assert.ok(scaled.clipFraction > 0.9, `a loss scaled by 10 is clipped almost always (${scaled.clipFraction})`);

    // R4 at the same c = 10: warmup against learning-rate clipping, in a disclosure opened here
    // (its runs, made at c = 1 when the widget started, are redone for c = 10 on opening).
    const panel = widget.locator('details.warmup');
    assert.equal(await panel.evaluate((d) => d.open), false, 'the R4 panel starts closed');
    await toggleDetails(panel); // the runs for c = 10 asked for (the toggle event comes in a task of its own)
    await settled(page);
    const finals = async () => {
      const label = await panel.locator('.plot-frame svg').first().getAttribute('aria-label');
      const [constant, warmup, clipped] = [...label.matchAll(/(constant|warmup|clipped) ([−\d.e∞]+)/g)].map((m) =>
        Number(m[2].replace('−', '-').replace('∞', 'Infinity')),
      );
      const numbers = await panel.locator('.summary .sym').allInnerTexts();
      return { constant, warmup, clipped, largest: Number(numbers[4]), cap: Number(numbers[5]) };
    };
    let f = await finals();
    assert.ok(f.largest <= f.cap, `a clipped step predicts at most eta T (${f.largest} <= ${f.cap})`);
    close(f.cap, 0.3, 'eta T = 0.3 × 1');
    await widget.getByRole('textbox', { name: 'T, typed value' }).fill('10');
    await settled(page);
    f = await finals();
    assert.ok(f.constant > 1e6, `a constant learning rate diverges (${f.constant})`);
    assert.ok(f.warmup > 1e6, `warmup only delays it (${f.warmup})`);
    assert.ok(f.clipped < 10, `the clipped learning rate keeps the loss bounded (${f.clipped})`);
    assert.ok(f.largest <= f.cap, `and no step predicts more than eta T (${f.largest} <= ${f.cap})`);

    await widget.getByRole('textbox', { name: 'W, typed value' }).fill('0');
    await settled(page);
    f = await finals();
    assert.equal(f.warmup, f.constant, 'no warmup steps: the warmup run is the constant one');

    await widget.getByRole('combobox', { name: 'Optimizer' }).selectOption('adam');
    assert.equal(
      await widget.getByRole('textbox', { name: 'η, typed value' }).inputValue(),
      '0.02',
      'Adam gets its own default learning rate',
    );

    const ratio = widget.locator('.summary').last();
    assert.match(await ratio.innerText(), /divides the learning rate by 1\.99\d/);
    await widget.getByRole('combobox', { name: 'Components drawn from' }).selectOption('sparse');
    await settled(page);
    // One non-zero component up to N = 100: the learning rate stays flat there, off the guide.
    const sweepLabel = await widget.locator('[aria-labelledby=sweep-heading] .plot-frame svg').getAttribute('aria-label');
    assert.match(sweepLabel, /N = 10: η = 0\.001, cos\(sign g, g\) = 1\.000; .*N = 100: η = 0\.001, cos\(sign g, g\) = 1\.000;/);
    await reportMeasures(t, page);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('bad input gets an inline message naming the field, and the demo stays usable', async () => {
    const { page, widget, log } = await openWidget();
    const start = await settled(page);
    const g2 = field(widget, 'g₂');
    for (const [text, expected] of [
      ['abc', 'g₂: not a number'],
      ['1e999', 'g₂: too large: must be finite'],
      ['NaN', 'g₂: not a number'],
    ]) {
      await g2.fill(text);
      await eventually(async () => assert.equal(await widget.locator('#g-1-error').innerText(), expected, `message for "${text}"`));
      assert.equal(await g2.getAttribute('aria-invalid'), 'true');
      assert.deepEqual(await settled(page), start, 'the last valid state is still shown');
    }
    for (const [name, id, text] of [
      ['τ, typed value', 'tau', '-3'],
      ['η, typed value', 'lr', 'fast'],
      ['c, typed value', 'scale', '1e999'],
    ]) {
      await widget.getByRole('textbox', { name }).fill(text);
      await eventually(async () =>
        assert.match(await widget.locator(`#${id}-error`).innerText(), new RegExp(`^${name[0]}: `), `message for ${name}`),
      );
    }
    assert.deepEqual(await settled(page), start);
    await field(widget, 'g₁').fill('0');
    const s = await settled(page);
    close(s.norm, 1.8, 'g₁ still editable while g₂ holds bad text');
    await widget.getByRole('button', { name: /Draw g/ }).click();
    const drawn = await settled(page);
    assert.notEqual(drawn.norm, s.norm, 'drawing a gradient from the law replaces g');
    assert.equal(await g2.getAttribute('aria-invalid'), 'false', 'and clears the bad field');
    await widget.evaluate((el) => el.setAttribute('g', '1 2 3'));
    await eventually(async () => assert.match(await widget.locator('.status').innerText(), /g: exactly 2 numbers/));
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('is labelled, keyboard-operable, and marks numbers but not captions as untranslatable', async () => {
    const { page, widget } = await openWidget();
    await assertLabelledAndProtected(widget, {
      plots: 7,
      why: 'plane, g bars, norm trace, loss change, warmup loss and learning rate, sweep',
      controls: 'input, button, select, [tabindex="0"]',
      readouts: '.sym, input[type=text]',
      captions: 'h3, h4, .hint, button',
      numbers: /\d\.\d/,
    });
    await page.close();
  });

  // Counts the calls posted to workers; while window.__hold is true, calls are held back until
  // window.__release(), so the page can be seen waiting for an answer.
  const countWorkerCalls = () => {
    Object.assign(window, { __workerCalls: [], __held: [], __hold: false });
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      if (message?.type === 'call') {
        window.__workerCalls.push(message.name);
        if (window.__hold) return void window.__held.push(() => post.call(this, message, ...rest));
      }
      return post.call(this, message, ...rest);
    };
    window.__release = () => {
      window.__hold = false;
      for (const send of window.__held.splice(0)) send();
    };
  };

  it('the training run and the sweep run in the worker; a waiting panel keeps its plots and says so', async () => {
    const { page, log } = await recordedPage(fixture.browser.context);
    await page.addInitScript(countWorkerCalls);
    await page.goto(`${fixture.site.url}gradient-clipping/#demo`);
    const widget = page.locator(TAG);
    await widget.scrollIntoViewIfNeeded();
    await page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
    const calls = () => page.evaluate(() => window.__workerCalls.slice());
    const count = async (name) => (await calls()).filter((n) => n === name).length;
    assert.equal(await count('adamScaleSweep'), 1, 'the first sweep was asked of the worker');
    assert.equal(await count('simulateTraining'), 4, 'and the first run, and the three of the warmup panel');

    const runPanel = widget.locator('section[aria-labelledby=run-heading]');
    const before = await settled(page);
    await page.evaluate(() => {
      window.__hold = true;
    });
    await widget.getByRole('textbox', { name: 'τ, typed value' }).fill('0.01');
    await page.waitForFunction((tag) => document.querySelector(tag).dataset.busy === 'run', TAG);
    assert.equal(await runPanel.getAttribute('aria-busy'), 'true');
    // The mark shows after a short delay (a transition of its visibility).
    await eventually(async () =>
      assert.equal(await runPanel.locator('.busy').evaluate((e) => getComputedStyle(e).visibility), 'visible', '"computing…" shows'),
    );
    assert.equal(await runPanel.locator('.plot-frame svg').count(), 2, 'the previous plots stay while waiting');
    assert.equal(Number(await widget.getAttribute('data-clip-fraction')), before.clipFraction, 'and so does the previous result');
    const clippedNow = (await widget.getAttribute('data-clipped')).split(',').map(Number);
    close(Math.hypot(...clippedNow), 0.01, 'the clip itself did not wait for the run', 1e-12);
    assert.equal(await widget.getAttribute('data-busy'), 'run', 'while the run was still computing');
    assert.deepEqual(await page.evaluate(() => window.__held.length), 1, 'one run asked of the worker');
    await page.evaluate(() => window.__release());
    await settled(page);
    assert.equal(Number(await widget.getAttribute('data-clip-fraction')), 1, 'the answer arrived: tau = 0.01 clips every step');
    assert.equal(await runPanel.getAttribute('aria-busy'), 'false');
    assert.equal(await runPanel.locator('.busy').evaluate((e) => getComputedStyle(e).visibility), 'hidden');

    await widget.getByRole('combobox', { name: 'Components drawn from' }).selectOption('laplace');
    await settled(page);
    assert.equal(await count('simulateTraining'), 5, 'tau changed one more run (the warmup panel does not use tau)');
    assert.equal(await count('adamScaleSweep'), 2, 'the law changed one more sweep');
    assert.match(
      await widget.locator('[aria-labelledby=sweep-heading] .summary').innerText(),
      /0\.70\d/,
      'Laplace components: cosine near 1/√2',
    );

    // A dragged tau sends a new run only when the previous answer is back: 30 moves within one task
    // (before any answer can arrive) send the first move's run and, after it, the last move's.
    await widget.evaluate((host) => {
      const range = host.shadowRoot.querySelector('#tau-range');
      for (let i = 1; i <= 30; i++) {
        range.value = String(Number(range.value) + 2);
        range.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    const typedTau = Number(await widget.getByRole('textbox', { name: 'τ, typed value' }).inputValue());
    await settled(page);
    const runs = (await count('simulateTraining')) - 5;
    assert.equal(runs, 2, `30 moves sent ${runs} runs`);
    const normLabel = await runPanel.locator('.plot-frame svg').first().getAttribute('aria-label');
    assert.ok(normLabel.includes(`τ = ${typedTau.toFixed(3)}`), `the run drawn is the last move's (τ = ${typedTau}): ${normLabel}`);

    // A reader who asks for less motion (prefers-reduced-motion): the waiting panel's fade is instant.
    const fade = () =>
      runPanel
        .locator('.plot-frame')
        .first()
        .evaluate((e) => getComputedStyle(e).transitionDuration);
    assert.equal(await fade(), '0.1s');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    assert.equal(await fade(), '0s');

    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('measures each core call the widget makes, at its limits, on the main thread of Chromium', async (t) => {
    const server = await startDevServer();
    const { page, log } = await recordedPage(fixture.browser.context);
    try {
      await page.goto(`${server.url}tests/e2e/fixtures/core.html`);
      await page.waitForFunction(() => window.fixtureReady);
      const worst = await page.evaluate(async () => {
        const m = await window.mathlets.load({ include: ['vector'] });
        const setup = await import('/web/src/widgets/grad-clip/training-setup.js');
        const { TAU_MIN, TAU_MAX } = await import('/web/src/widgets/grad-clip/clip-attributes.js');
        const median = (work, reps = 5) => {
          work();
          const times = Array.from({ length: reps }, () => {
            const start = performance.now();
            work();
            return performance.now() - start;
          }).sort((a, b) => a - b);
          return times[Math.floor(reps / 2)];
        };
        const worstOf = (cases) => cases.reduce((w, c) => (c.ms > w.ms ? c : w), { ms: -1 });
        const g = Float64Array.from([1e3, -1e3]);
        const clip = worstOf(
          [TAU_MIN, TAU_MAX].map((tau) => ({
            tau,
            ms: median(() => {
              m.clipByGlobalNorm([g], tau);
              m.clipByValue([g], tau);
            }, 41),
          })),
        );
        const runs = [];
        for (const problem of setup.PROBLEMS)
          for (const optimizer of setup.OPTIMIZERS)
            for (const lr of [1e-3, 1]) {
              for (const lossScale of [1e-2, 1e2])
                for (const tau of [TAU_MIN, TAU_MAX]) {
                  const s = { problem: problem.id, optimizer: optimizer.id, lr, lossScale, tau, seed: 1 };
                  runs.push({ ...s, ms: median(() => setup.runTraining(m, s), 3) });
                }
            }
        const sweeps = setup.SWEEP_LAWS.map((law) => ({ law: law.id, ms: median(() => setup.runSweep(m, { sweepLaw: law.id }), 3) }));
        return {
          clip,
          run: worstOf(runs),
          fastestRun: runs.reduce((a, b) => (b.ms < a.ms ? b : a)),
          sweep: worstOf(sweeps),
          fastestSweep: sweeps.reduce((a, b) => (b.ms < a.ms ? b : a)),
        };
      });
      t.diagnostic(`clipByGlobalNorm + clipByValue (main thread): ${worst.clip.ms.toFixed(3)} ms at tau = ${worst.clip.tau}`);
      t.diagnostic(
        `simulateTraining (worker): slowest ${worst.run.ms.toFixed(1)} ms (${JSON.stringify({ ...worst.run, ms: undefined })}), fastest ${worst.fastestRun.ms.toFixed(1)} ms`,
      );
      t.diagnostic(
        `adamScaleSweep (worker): slowest ${worst.sweep.ms.toFixed(1)} ms (${worst.sweep.law}), fastest ${worst.fastestSweep.ms.toFixed(1)} ms (${worst.fastestSweep.law})`,
      );
      assert.ok(worst.clip.ms >= 0 && worst.run.ms > 0 && worst.sweep.ms > 0);
      assert.deepEqual(log.errors, []);
    } finally {
      await page.close();
      await server.close();
    }
  });

  // The dark-mode screenshots (English and Chinese) are taken in grad-clip-language.test.js, which
  // opens a dark browser anyway.
  it('screenshots: widget, page top', async () => {
    const { page, widget, log } = await openWidget();
    await stillWidget(page, TAG);
    await widget.screenshot({ path: join(screenshotDir, 'grad-clip-widget.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await mathjaxReady(page);
    await viewportTypeset(page);
    await page.screenshot({ path: join(screenshotDir, 'gradient-clipping-top.png') });
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
