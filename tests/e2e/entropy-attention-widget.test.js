// <mathlet-entropy-attention> alone on the embed page (its article, formulas and origin are checked
// with every page in pages.test.js), in one page load: the sweep (from the worker), the JL picture
// and the normalization panel appear; the gain, the presets, k and the distribution change what is
// shown the way entropy-invariant-attention.md says (R7: at β = 1 every fixed rule rises and log n
// barely helps, at β = 3 log n goes flat, Chiang's ln n saturates; R8/T-E8: a larger k keeps more
// pairs within 1 ± ε, a smaller ε asks for a larger k; T-E7: the raw loop finds the order-reversing
// root, meets 0 log 0); bad input is named inline and the last valid state stays; the permalink
// carries the state; controls are labelled and numbers protected from translation. The main-thread
// time of one update (core calls and the frame's render; the worker's answer drawn in a later frame)
// is reported as a diagnostic, never asserted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, nextFrames } from './page-actions.js';
import { assertLabelledAndProtected } from './widget-text-audit.js';
import { widgetPage } from './widget-page.js';
import { plotLabels, settled as settledOn, shown } from './widget-readouts.js';

const TAG = 'mathlet-entropy-attention';

const settled = (page) => settledOn(page, TAG);
// The sweep on screen is the one asked for last (the worker answered for this gain and base).
const sweepFor = (widget, gain) =>
  eventually(async () => {
    const s = await shown(widget);
    assert.equal(s.sweep, 'done');
    assert.equal(s.sweepKey.split('|')[4], String(gain));
  });

// The main-thread cost of the last update: core calls and renders since `start`.
const updateCost = (page, start) =>
  page.evaluate((since) => {
    const after = (name) => performance.getEntriesByName(name, 'measure').filter((m) => m.startTime >= since);
    const core = after('mathlet-entropy-attention main-thread core').reduce((sum, m) => sum + m.duration, 0);
    const [frame, ...later] = after('mathlet-entropy-attention render').map((m) => m.duration);
    return { core, frame: frame ?? 0, later: Math.max(0, ...later) };
  }, start);
const costText = (costs) =>
  costs
    .map(
      (c) =>
        `core ${c.core.toFixed(1)} + frame ${c.frame.toFixed(1)} ms (later frames: plots, the worker’s curves ≤ ${c.later.toFixed(1)} ms)`,
    )
    .join('; ');

describe('<mathlet-entropy-attention>', () => {
  const fixture = widgetPage(TAG, 'embed/#entropy-attention');

  it('sweeps entropy against length, projects for JL, normalizes p; bad input is named; labelled and protected', async (t) => {
    const { page, widget, log } = await fixture.open();
    await settled(page);
    await sweepFor(widget, 1);
    const start = await shown(widget);
    assert.deepEqual(
      [start.d, start.gain, start.keys, start.rows, start.base, start.k, start.dist],
      ['64', '1', 'gaussian', '64', '512', '16', 'te7'],
    );
    // R7 at β = 1: standard rises by about log(64) = 4.16, log n barely less, Chiang far below.
    assert.ok(Math.abs(Number(start.riseStandard) - 4.14) < 0.05, `standard rises ${start.riseStandard}`);
    assert.ok(Number(start.riseLogn) > 3, `log n barely helps at β = 1: ${start.riseLogn}`);
    const labels = await plotLabels(widget);
    assert.equal(labels.length, 5, 'the sweep, the ρ histogram, d_n, the bars of p, H(γ)');
    for (const name of ['ceiling H = log n', 'standard β/√d', 'log n: β log_L₀ n/√d', 'Chiang: β ln n/√d', 'log n clipped at 1'])
      assert.ok(labels[0].includes(`${name}: 16 →`), `the sweep lists ${name} from n = 16`);
    assert.ok(labels[0].includes('4096 →'), 'up to n = 4096');

    // The gain, typed: one update at a time, its main-thread cost measured; the sweep follows in the worker.
    const gain = widget.getByRole('textbox', { name: 'β, typed value' });
    const costs = [];
    for (const value of ['2', '1.5', '2.5']) {
      const mark = await page.evaluate(() => performance.now());
      await gain.fill(value);
      await sweepFor(widget, value);
      await settled(page);
      costs.push(await updateCost(page, mark));
    }
    t.diagnostic(`one gain update (the sweep in the worker): ${costText(costs)}`);

    // The presets: trained-like β = 3 makes log n flat (T-E5: 2.62 → 3.12) while standard keeps climbing.
    await widget.getByRole('button', { name: 'trained-like β = 3' }).click();
    await sweepFor(widget, 3);
    const sharp = await shown(widget);
    assert.ok(Number(sharp.riseLogn) < 0.55, `β = 3: log n flat (${sharp.riseLogn})`);
    assert.ok(Number(sharp.riseStandard) > 2.5, `β = 3: standard still rises (${sharp.riseStandard})`);
    assert.ok(Math.abs(Number(sharp.riseChiang)) < 0.5, "Chiang's ln n: saturated, near zero throughout");
    await widget.getByRole('button', { name: 'article’s κ = 1/0.24' }).click();
    await eventually(async () => assert.equal((await shown(widget)).keys, 'sphere'));
    await settled(page);
    assert.ok(Math.abs(Number((await shown(widget)).gain) - 3.2491) < 1e-3, 'β = log 512 / (0.24 √64)');

    // JL: a larger k keeps more pairs within 1 ± ε; a smaller ε asks for a larger k (T-E8 at N = 64: 195 at ε = 0.5).
    assert.equal((await shown(widget)).kExact, '195');
    const within16 = Number((await shown(widget)).withinEps);
    let mark = await page.evaluate(() => performance.now());
    await widget.getByRole('textbox', { name: 'k, typed value' }).fill('256');
    await settled(page);
    const kCost = await updateCost(page, mark);
    t.diagnostic(`one k update (JL on the main thread, k = 256): ${costText([kCost])}`);
    assert.ok(Number((await shown(widget)).withinEps) > Math.max(0.99, within16), 'k = 256: nearly every pair within 1 ± ε');
    await widget.getByRole('textbox', { name: 'ε, typed value' }).fill('0.25');
    await settled(page);
    assert.ok(Number((await shown(widget)).kExact) > 600, 'ε = 0.25 asks for a far larger k');

    // Entropy normalization: the wrong root (T-E7), then 0 log 0.
    const dist = widget.getByRole('combobox', { name: 'Distribution' });
    mark = await page.evaluate(() => performance.now());
    await dist.selectOption('wrong');
    await settled(page);
    t.diagnostic(`one distribution update: ${costText([await updateCost(page, mark)])}`);
    const wrong = await shown(widget);
    assert.ok(Math.abs(Number(wrong.solverGamma) - 0.25012608387328317) < 1e-12, `solver γ ${wrong.solverGamma}`);
    assert.ok(Math.abs(Number(wrong.loopGamma) + 0.25234117954060969) < 1e-12, `loop γ ${wrong.loopGamma}`);
    assert.equal(wrong.loopReversed, 'true');
    assert.equal(await widget.locator('.warning').filter({ hasText: 'reverses the order' }).isVisible(), true);
    await dist.selectOption('zero');
    await settled(page);
    assert.equal((await shown(widget)).loopBroken, 'true');
    assert.equal(await widget.locator('.warning').filter({ hasText: 'NaN' }).isVisible(), true);
    const target = widget.getByRole('textbox', { name: 'H*, typed value' });
    await target.fill('0.9');
    await settled(page);
    assert.equal((await shown(widget)).target, '0.9');

    // Bad input: named inline, the last valid state stays.
    const before = await shown(widget);
    for (const [field, text, id, expected] of [
      [gain, 'abc', '#gain-error', 'β: not a number'],
      [gain, '9', '#gain-error', 'β: must be between 0.5 and 5'],
      [target, '1.5', '#target-error', 'H*: must be between 0.01 and 1.098'],
    ]) {
      await field.fill(text);
      await nextFrames(page);
      assert.equal(await widget.locator(id).innerText(), expected, `message for "${text}"`);
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
    }
    await widget.getByRole('textbox', { name: 'k, typed value' }).fill('1');
    await nextFrames(page);
    assert.equal(await widget.locator('#k-typed-error').innerText(), 'k: must be between 2 and 256');
    assert.deepEqual(await shown(widget), before, 'nothing changed');
    await widget.evaluate((host) => host.setAttribute('keys', 'cube'));
    await eventually(async () => assert.match(await widget.locator('.status').innerText(), /keys: must be one of gaussian, sphere/));
    assert.deepEqual(await shown(widget), before, 'the last valid state stays');
    await eventually(async () =>
      assert.match(page.url(), /entropy-attention=.*keys:sphere.*eps:0.25.*dist:zero.*target:0.9/, 'the permalink carries the state'),
    );

    // E1, opened on demand (its chunk loads then): the naive forms break once every logit is shifted by 10⁸ (T-E1).
    const chunk = () =>
      page.evaluate(() => performance.getEntriesByType('resource').filter((r) => /entropy-attention-row-panel/.test(r.name)).length);
    assert.equal(await chunk(), 0, 'a closed panel loads nothing');
    await widget.locator('details[data-panel=row] > summary').click();
    const logits = widget.getByRole('textbox', { name: 'Logits z' });
    await logits.waitFor();
    assert.equal(await chunk(), 1);
    await eventually(async () => assert.equal((await shown(widget)).rowNaiveFails, 'false'));
    assert.ok(Math.abs(Number((await shown(widget)).rowH) - 0.53162104442042677) < 1e-15, 'T-E1: H(0, 0.5, −2, 3, −1.25)');
    await widget.getByRole('checkbox', { name: /add 10⁸ to every logit/ }).check();
    await eventually(async () => assert.equal((await shown(widget)).rowNaiveFails, 'true'));
    assert.ok(Math.abs(Number((await shown(widget)).rowH) - 0.53162104442042677) < 1e-15, 'the gaps do not see the shift');
    assert.equal(await widget.locator('.warning').filter({ hasText: 'cancels their digits' }).isVisible(), true);
    await logits.fill('1, abc');
    await eventually(async () => assert.equal(await widget.locator('#row-z-error').innerText(), 'z: “abc” is not a number'));
    // E3, opened on demand: the restoring factors of the sweep on screen arrive from the worker.
    await widget.locator('details[data-panel=factor] > summary').click();
    await eventually(async () => {
      const s = await shown(widget);
      assert.equal(s.factorKey, s.sweepKey, 'the factors of the draw, gain and base on screen');
    });
    await nextFrames(page);
    const factorLabel = (await plotLabels(widget)).find((l) => l.startsWith('Factor restoring'));
    assert.ok(factorLabel?.includes('median restoring factor: 16 →'), 'the median factor from n = 16');
    // E5, opened on demand: every row of the sweep on screen lies above the quick derivation's floor.
    await widget.locator('details[data-panel=floor] > summary').click();
    await eventually(async () => assert.equal((await shown(widget)).floorN, '512'));
    assert.ok(Number((await shown(widget)).floorLowest) >= -1e-12, 'H ≥ log n − λ(s_max − s̄) on every row (R6)');
    await widget.getByRole('textbox', { name: 'n, typed value' }).fill('4096');
    await eventually(async () => assert.equal((await shown(widget)).floorN, '4096'));
    assert.ok(Number((await shown(widget)).floorLowest) >= -1e-12);
    await assertLabelledAndProtected(widget, {
      plots: 8,
      why: 'the sweep, the ρ histogram, d_n, the bars of p, H(γ), H(λ) of one row, the restoring factors, the floor',
      controls: 'input, button, select',
      readouts: '.chip .sym, input[type=text]',
      captions: 'h3, h4, .hint, button, summary',
      numbers: /\d/,
    });
    await widget.evaluate((host) => host.setAttribute('lang', 'zh'));
    await eventually(async () => assert.match(await widget.locator('h2').innerText(), /注意力熵/));
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
