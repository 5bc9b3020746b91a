// <mathlet-performer> alone on the embed page (its article, formulas and origin are checked with
// every page in pages.test.js; lazy loading and garbage in every field in the generic files): the
// maps, the error-against-m curves and the histograms appear; editing m, the feature map, the mask,
// the pair and the feature draw changes what is shown (trig gives negative weights, causal blanks the
// upper triangle, a click picks a pair); bad input is named inline and the last valid state stays; a
// state too large for the main thread is computed in the worker behind a "computing" line; the
// permalink restores the state; controls are labelled and numbers protected from translation. The
// main-thread time of one update (core calls plus render, from the widget's performance measures) is
// reported as a diagnostic, never asserted. A screenshot goes to test-results/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { screenshotDir } from './chromium-session.js';
import { describeMeasure } from './lowrank-worker-calls.js';
import { eventually, nextFrames, widgetsSettled } from './page-actions.js';
import { assertLabelledAndProtected } from './widget-text-audit.js';
import { widgetPage } from './widget-page.js';

const TAG = 'mathlet-performer';

// Everything the widget computes has arrived: no worker job running, no matrices pending.
async function settled(page) {
  await page.waitForFunction(widgetsSettled, TAG, { timeout: 60_000 });
  await nextFrames(page);
}

const shown = (widget) => widget.evaluate((host) => ({ ...host.dataset }));

// Pixels of a map's canvas that are not the white of an empty cell, in its upper-right and lower-left triangles.
const mapInk = (widget, index) =>
  widget.evaluate((host, k) => {
    const canvas = host.shadowRoot.querySelectorAll('canvas.map')[k];
    const { width, height } = canvas;
    const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    const ink = { upper: 0, lower: 0, red: 0 };
    for (let y = 2; y < height - 2; y += 3) {
      for (let x = 2; x < width - 2; x += 3) {
        const p = 4 * (y * width + x);
        const [r, g, b] = [pixels[p], pixels[p + 1], pixels[p + 2]];
        if (r > 235 && g > 235 && b > 235) continue;
        if (x > y + 6) ink.upper += 1;
        else if (y > x + 6) ink.lower += 1;
        if (r > g + 60 && r > b + 60) ink.red += 1;
      }
    }
    return ink;
  }, index);

// The main-thread cost of the last update: the widget's core calls and renders since `mark`.
async function updateCost(page, mark) {
  return page.evaluate((start) => {
    const since = (name) => performance.getEntriesByName(name, 'measure').filter((m) => m.startTime >= start);
    const core = since('mathlet-performer main-thread core');
    const render = since('mathlet-performer render').filter((m) => m.duration > 0);
    return { core: core.reduce((a, m) => a + m.duration, 0), render: render[0]?.duration ?? 0, renders: render.length };
  }, mark);
}

describe('<mathlet-performer>', () => {
  const fixture = widgetPage(TAG, 'embed/#performer');

  it('shows the maps, the curves and the histograms; m, the map, the mask, the pair and the draw change them', async (t) => {
    const { page, widget, log } = await fixture.open();
    await settled(page);
    const start = await shown(widget);
    assert.deepEqual([start.n, start.m, start.kind], ['128', '128', 'positive']);
    const meanTv = Number(start.meanTv);
    assert.ok(meanTv > 0.2 && meanTv < 0.7, `mean TV at σ = 1, m = 128 (R14's range): ${meanTv}`);
    assert.equal(start.negatives, '0', 'positive features: no negative weight');
    const svgs = await widget.evaluate((host) => host.shadowRoot.querySelectorAll('.plot-frame svg').length);
    assert.equal(svgs, 6, 'the error curves, four histograms and the angle plot');
    const curves = await widget.evaluate((host) => host.shadowRoot.querySelector('[data-panel=sweep] svg').getAttribute('aria-label'));
    for (const name of ['trig', 'positive, i.i.d.', 'positive, orthogonal', 'hyperbolic'])
      assert.ok(curves.includes(`${name}: m 1 →`), name);
    assert.ok(curves.includes('m 1024 →'), 'every m up to 1024');
    const ink = await mapInk(widget, 0);
    assert.ok(ink.upper > 50 && ink.lower > 50, `softmax weights drawn on both sides of the diagonal (${JSON.stringify(ink)})`);

    // One update at a time, its main-thread cost measured: a step of m, of σ, of the feature map.
    const costs = [];
    const step = async (action) => {
      const mark = await page.evaluate(() => performance.now());
      await action();
      await nextFrames(page);
      costs.push(await updateCost(page, mark));
    };
    const mSlider = widget.getByRole('slider', { name: /Features/ });
    await mSlider.focus();
    await step(() => mSlider.press('ArrowRight'));
    assert.equal((await shown(widget)).m, '192', 'the next step after 128');
    await step(() => mSlider.press('ArrowLeft'));
    const sharpness = widget.getByRole('slider', { name: /Sharpness/ });
    await sharpness.focus();
    await step(() => sharpness.press('ArrowRight'));
    await step(() => sharpness.press('ArrowLeft'));
    const kind = widget.getByRole('combobox', { name: 'Feature map' });
    await step(() => kind.selectOption('trig'));
    const trig = await shown(widget);
    assert.ok(Number(trig.negatives) > 0, `trig features give negative weights (R6): ${trig.negatives}`);
    assert.ok((await mapInk(widget, 1)).red > 10, 'drawn red on the map of P̂');
    assert.match(await widget.locator('.chip.bad').innerText(), /negative weights/);
    await step(() => widget.getByRole('checkbox', { name: /causal/ }).check());
    for (const k of [0, 1]) {
      const causal = await mapInk(widget, k);
      assert.equal(causal.upper, 0, `map ${k}: nothing above the diagonal once causal`);
      assert.ok(causal.lower > 50, `map ${k}: the lower triangle drawn`);
    }
    for (const c of costs) assert.ok(c.renders >= 1 && c.core > 0, JSON.stringify(c));
    const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    t.diagnostic(
      `one update at the defaults (n = 128, d = 32, m = 128), main thread: core calls median ${median(costs.map((c) => c.core)).toFixed(1)} ms, ` +
        `render median ${median(costs.map((c) => c.render)).toFixed(1)} ms; each: ${costs.map((c) => `${c.core.toFixed(1)}+${c.render.toFixed(1)}`).join(', ')} ms`,
    );

    // A click on a map picks a pair; "Its top key" and "Redraw features" change it and P̂.
    const map = widget.locator('canvas.map').first();
    const box = await map.boundingBox();
    await map.click({ position: { x: box.width * (40.5 / 128), y: box.height * (100.5 / 128) } });
    await eventually(async () => assert.deepEqual([(await shown(widget)).row, (await shown(widget)).key], ['100', '40']));
    assert.equal(await widget.getByRole('textbox', { name: 'query i' }).inputValue(), '100');
    await widget.getByRole('button', { name: 'Its top key' }).click();
    await eventually(async () => assert.notEqual((await shown(widget)).key, '40'));
    const before = await shown(widget);
    await widget.getByRole('button', { name: 'Redraw features' }).click();
    await eventually(async () => assert.notEqual((await shown(widget)).meanTv, before.meanTv, 'another draw, another P̂'));
    assert.equal(await widget.getByRole('textbox', { name: 'draw' }).inputValue(), '2');
    await eventually(() =>
      assert.match(page.url(), /performer=.*kind:trig.*causal:true.*draw:2;row:100/, 'the permalink records the state'),
    );
    t.diagnostic(describeMeasure('mathlet-performer render (all)', await renderMeasures(page)));
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('names bad input inline and keeps the last valid state; a large state comes from the worker', async () => {
    const { page, widget, log } = await fixture.open();
    await settled(page);
    const start = await shown(widget);
    const field = (name) => widget.getByRole('textbox', { name });
    for (const [name, text, id, expected] of [
      ['n, typed value', 'abc', '#n-typed-error', 'n: not a number'],
      ['m, typed value', '5000', '#m-typed-error', 'm: must be between 1 and 1024'],
      ['m, typed value', '2.5', '#m-typed-error', 'm: not a whole number'],
      ['σ, typed value', '0', '#sharpness-error', 'σ: must be between 0.05 and 8'],
      ['query i', '128', '#row-error', 'row: must be between 0 and 127'],
      ['Seed of the inputs', '1e999', '#seed-error', 'seed: too large: must be finite'],
    ]) {
      await field(name).fill(text);
      await nextFrames(page);
      assert.equal(await widget.locator(id).innerText(), expected, `message for "${text}" in ${name}`);
      assert.equal(await field(name).getAttribute('aria-invalid'), 'true');
      assert.deepEqual(await shown(widget), start, 'the last valid state stays');
    }
    await widget.evaluate((host) => host.setAttribute('kind', 'cosine'));
    await eventually(async () =>
      assert.match(await widget.locator('.status').innerText(), /kind: must be one of positive, hyperbolic, trig/),
    );
    assert.deepEqual(await shown(widget), start);

    // n = 512 with 1024 trig features (n²M five times the core's cap per call): the worker, in blocks.
    await field('n, typed value').fill('512');
    await field('m, typed value').fill('1024');
    await widget.getByRole('combobox', { name: 'Feature map' }).selectOption('trig');
    // Seen in a frame while pending (the render shows the line; polling runs on animation frames).
    await page.waitForFunction(
      (tag) => {
        const host = document.querySelector(tag);
        return host.dataset.pending === 'matrices' && !host.shadowRoot.querySelector('[data-line=matrices]').hidden;
      },
      TAG,
      { timeout: 30_000 },
    );
    const matricesShown = (tag) => !document.querySelector(tag).dataset.pending && document.querySelector(tag).dataset.n === '512';
    await page.waitForFunction(matricesShown, TAG, { timeout: 60_000 });
    const large = await shown(widget);
    assert.deepEqual([large.n, large.m, large.kind], ['512', '1024', 'trig']);
    assert.ok(Number(large.negatives) > 1000, `negative weights of a 512 × 512 trig estimate: ${large.negatives}`);
    await nextFrames(page);
    assert.match(await widget.locator('canvas.map').first().getAttribute('aria-label'), /512 by 512/);
    assert.equal(await widget.locator('[data-line=matrices]').isVisible(), false, 'the line goes with the answer');

    // The link restores the state in a fresh page.
    await eventually(() => assert.match(page.url(), /n:512;.*m:1024;kind:trig/));
    const again = await fixture.open();
    await again.page.goto(page.url());
    await again.page.reload();
    await again.page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 60_000 });
    await again.page.waitForFunction(matricesShown, TAG, { timeout: 60_000 });
    const restored = await shown(again.widget);
    assert.deepEqual([restored.n, restored.m, restored.kind, restored.meanTv], [large.n, large.m, large.kind, large.meanTv]);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(again.log.errors, []);
    await again.page.close();
    await page.close();
  });

  it('is labelled and marks numbers but not captions as untranslatable; the numerics and RNN panels open on demand', async () => {
    const { page, widget, log } = await fixture.open();
    await settled(page);
    await assertLabelledAndProtected(widget, {
      plots: 6,
      why: 'the error curves, four histograms and the angle plot',
      controls: 'input, button, select',
      readouts: '.chip .sym, .pair-line .sym, .spread-caption .sym, input[type=text], .map-note',
      captions: 'h3, h4, .hint, button, legend, .map-title, .spread-title',
      numbers: /\d/,
    });
    await widget.screenshot({ path: join(screenshotDir, 'performer-widget.png') });

    // The panels a reader opens: no code of theirs loads before (performer-panels.js).
    const panelChunks = () =>
      page.evaluate(
        () => performance.getEntriesByType('resource').filter((r) => /performer-(numerics|rnn|omegas|cost)-panel/.test(r.name)).length,
      );
    assert.equal(await panelChunks(), 0, 'closed panels load nothing');
    await openPanels(widget);
    assert.equal(await panelChunks(), 4, 'each panel loads its own chunk when opened');
    await assertLabelledAndProtected(widget, {
      plots: 14,
      why: 'the six plots above, log D against x, the RNN panel’s running maxima and sums, the ω, the variance ratio, the bias and the two cost plots',
      controls: 'input, button, select',
      readouts: '.chip .sym, .numerics-table td, .heatmap-note, .rnn-outputs td, .cost-line, .omegas .sym, input[type=text]',
      captions: 'h3, h4, .hint, button, summary',
      numbers: /\d/,
    });
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});

// Opens P4, P6, P2 and P5 and drives one control of each, checking what they show against performer.md's
// oracles (T-P4: log D at input scale 30; the scales where `none` leaves the doubles; the causal
// output of the core for the RNN's output row).
async function openPanels(widget) {
  await widget.locator('details[data-panel=numerics] > summary').click();
  const scale = widget.getByRole('textbox', { name: 'x, typed value' });
  await scale.waitFor();
  await scale.fill('30');
  const stableRow2 = widget.locator('[data-stabilizer=log-domain] tr[data-row="2"] td').nth(1);
  await eventually(async () => assert.equal(await stableRow2.innerText(), '−968.599', 'log D₂ at ×30 (T-P4: −968.5986…)'));
  assert.match(await widget.locator('[data-stabilizer=log-domain] tr[data-row="2"] td').nth(2).innerText(), /^2\.2\d·10⁻⁴²¹/);
  assert.equal(await widget.locator('[data-stabilizer=none] tr.nan').count(), 1, 'none: a NaN row (row 2)');
  assert.match(await widget.locator('[data-stabilizer=reference-eps] .numerics-summary').innerText(), /mean of V \(1\.00, 0\.25\): 0\.000/);
  // The curves of log D₂ against x, from the worker: none leaves the doubles at ×25.75 and is NaN from ×26.5 (R12).
  const leaves = () => widget.evaluate((host) => [host.dataset.numericsDenormal, host.dataset.numericsNan]);
  await eventually(async () => assert.deepEqual(await leaves(), ['25.75', '26.5']));
  assert.match(await widget.locator('.numerics-curve-line').innerText(), /log D = −1741\.1 at ×40/);
  await scale.fill('45');
  await eventually(async () => assert.equal(await widget.locator('#numerics-scale-error').innerText(), 'x: must be between 1 and 40'));
  assert.equal(await widget.evaluate((host) => host.dataset.numericsScale), '30', 'the last valid scale stays');

  await widget.locator('details[data-panel=rnn] > summary').click();
  await widget.getByRole('button', { name: 'next token →' }).waitFor();
  await eventually(async () => assert.equal(await widget.evaluate((host) => host.dataset.rnnStep), '8'));
  await widget.getByRole('button', { name: 'next token →' }).click();
  await eventually(async () => assert.equal(await widget.evaluate((host) => host.dataset.rnnStep), '9'));
  const rnn = await widget.evaluate((host) => ({ ...host.dataset }));
  assert.ok(Number(rnn.rnnGap) < 1e-12, `output row 9 from the state equals the masked quadratic P̂V: ${rnn.rnnGap}`);
  const rows = await widget.locator('.rnn-outputs td').allInnerTexts();
  assert.equal(rows[0], rows[1], 'the state’s output row is the core’s causal output');
  await widget.getByRole('textbox', { name: 'i, typed value' }).fill('64');
  await eventually(async () => assert.equal(await widget.locator('#rnn-token-typed-error').innerText(), 'i: must be between 0 and 63'));
  assert.equal(await widget.evaluate((host) => host.dataset.rnnStep), '9');

  // P2: without the QR sign fix every block's first vector points left (R16).
  await widget.locator('details[data-panel=omegas] > summary').click();
  const unsigned = widget.getByRole('checkbox', { name: 'skip the QR sign fix' });
  await unsigned.waitFor();
  await eventually(async () => assert.ok(Number(await widget.evaluate((host) => host.dataset.omegasLeft)) < 1));
  await unsigned.check();
  await eventually(async () => assert.equal(await widget.evaluate((host) => host.dataset.omegasLeft), '1'));
  // Its estimator curves (R8, R9): T-P8's bias at ‖z‖² = 1.875 from the worker, for d = m = 4 and then 64.
  const biasAt = async () => (await widget.evaluate((host) => host.dataset.estimatorBias ?? '')).split(' ').map(Number);
  const tP8 = async (quantile, fixed) =>
    eventually(async () => {
      const [q, f] = await biasAt();
      assert.ok(Math.abs(q - quantile) < 1e-11 && Math.abs(f - fixed) < 1e-11, `T-P8: ${q}, ${f}`);
    });
  await tP8(0.859245151276, 0.893180871749);
  await widget.locator('#estimator-d').selectOption('64');
  await widget.locator('#estimator-m').selectOption('64');
  await tP8(0.997478318777, 0.987231679585);
  const [dip, at] = (await widget.evaluate((host) => host.dataset.estimatorDip)).split(' ').map(Number);
  assert.ok(dip < 0.99 && at > 0.5 && at < 3, `Var_ort / Var_iid dips at moderate ‖z‖: ${dip} at ${at}`);
  await widget.getByRole('textbox', { name: 'm, typed value' }).last().fill('0');
  await eventually(async () => assert.equal(await widget.locator('#omegas-m-typed-error').innerText(), 'm: must be between 1 and 512'));

  // P5: the flop break-even of m = d, 2d, 4d (d = 32) from the core's cost model, and measured times arriving.
  await widget.locator('details[data-panel=cost] > summary').click();
  await eventually(async () => assert.equal(await widget.evaluate((host) => host.dataset.costBreakEven), '128 256 512'));
  await eventually(async () => assert.ok(Number(await widget.evaluate((host) => host.dataset.costTimed)) >= 1, 'a first timed n'));
}

async function renderMeasures(page) {
  const durations = await page.evaluate(() => performance.getEntriesByName('mathlet-performer render', 'measure').map((m) => m.duration));
  const sorted = durations.sort((a, b) => a - b);
  return { count: sorted.length, min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) };
}
