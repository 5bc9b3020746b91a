// <mathlet-nystromformer> alone on the embed page (its article, formulas and origin are checked with
// every page in pages.test.js): the readouts, heatmaps, sweep and pseudo-inverse panel appear; m, the
// middle matrix, the landmark rule and the temperature change what is shown the way nystromformer.md
// says (R5/R14: the exact pseudo-inverse reaches below six iterations' plateau, the dual softmax
// stays far off and never negative; R7: token landmarks are marked on the maps; T-N2: the iterations
// reach A⁺ and then drift; R10: t₀ past 3 leaves the basin, past 4.13 diverges; §6: the overflow of a
// softmax without the max shift); bad input is named inline and the last valid state stays; the
// permalink carries the state; controls are labelled and numbers protected from translation. The
// main-thread time of one update (core calls and the frame's render; the later frames that draw the
// plots and the worker's answers, each on its own) is reported as a diagnostic, never asserted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, nextFrames, widgetsSettled } from './page-actions.js';
import { assertLabelledAndProtected } from './widget-text-audit.js';
import { widgetPage } from './widget-page.js';

const TAG = 'mathlet-nystromformer';

async function settled(page) {
  await page.waitForFunction(widgetsSettled, TAG, { timeout: 60_000 });
  await nextFrames(page);
}
const shown = (widget) => widget.evaluate((host) => ({ ...host.dataset }));
const plotLabels = (widget) =>
  widget.evaluate((host) => [...host.shadowRoot.querySelectorAll('.plot-frame svg')].map((s) => s.getAttribute('aria-label')));
const mapLabels = (widget) =>
  widget.evaluate((host) => [...host.shadowRoot.querySelectorAll('canvas')].map((c) => c.getAttribute('aria-label')));

// The points a plot's text alternative lists for one series: "name: x → y, x → y".
function seriesPoints(label, name) {
  const part = label.split(`${name}: `)[1]?.split('. ')[0] ?? '';
  return part.split(', ').map((pair) => pair.split(' → ').map((v) => Number(v.replace('−', '-'))));
}

// The main-thread cost of the last update: core calls and renders since `start` (the update's own
// frame, then the frame that redraws the plots).
const updateCost = (page, start) =>
  page.evaluate((since) => {
    const after = (name) => performance.getEntriesByName(name, 'measure').filter((m) => m.startTime >= since);
    const core = after('mathlet-nystromformer main-thread core').reduce((sum, m) => sum + m.duration, 0);
    const [frame, ...later] = after('mathlet-nystromformer render').map((m) => m.duration);
    return { core, frame: frame ?? 0, later: Math.max(0, ...later) };
  }, start);

describe('<mathlet-nystromformer>', () => {
  const fixture = widgetPage(TAG, 'embed/#nystromformer');

  it('shows the approximation on screen; m, the middle matrix, the landmarks and τ change it as the math says', async (t) => {
    const { page, widget, log } = await fixture.open();
    await settled(page);
    const start = await shown(widget);
    assert.deepEqual([start.n, start.d, start.m, start.landmarks, start.pinv, start.k], ['128', '32', '16', 'segment', 'iterative', '6']);
    const plateau = Number(start.error);
    assert.ok(plateau > 0.01 && plateau < 0.05, `six iterations level off near 2e-2 on smooth tokens (R14): ${plateau}`);
    assert.ok(Number(start.floor) > 0 && Number(start.floor) < plateau / 4, `the floor lies well below (${start.floor})`);
    const labels = await plotLabels(widget);
    assert.equal(labels.length, 4, 'the sweep, ρ and ‖Z − A⁺‖ against k, the filter');
    for (const name of [
      'segment, A⁺',
      'segment, 6 iterations',
      'random, A⁺',
      'k-means, 6 iterations',
      'dual softmax F B',
      'Eckart–Young floor',
    ])
      assert.ok(labels[0].includes(`${name}: 1 →`), `the sweep lists ${name} from m = 1`);
    assert.ok(labels[0].includes('64 →'), 'up to m = 64');
    const maps = await mapLabels(widget);
    assert.equal(maps.length, 3);
    assert.ok(
      maps.every((l) => l.includes('128 by 128') && l.includes('picked rows 0–7, 8–15')),
      'segments marked on S, S-hat and the difference',
    );

    // One update at a time, its main-thread cost measured: a step of m (keyboard on the slider).
    const costs = [];
    for (const key of ['ArrowRight', 'ArrowLeft', 'ArrowRight']) {
      const mark = await page.evaluate(() => performance.now());
      await widget.locator('#m-range').press(key);
      await settled(page);
      costs.push(await updateCost(page, mark));
    }
    assert.equal((await shown(widget)).m, '17');
    t.diagnostic(
      `one update (a step of m, n = 128, d = 32): ${costs.map((c) => `core ${c.core.toFixed(1)} + frame ${c.frame.toFixed(1)} ms (later frames: plots, worker answers ≤ ${c.later.toFixed(1)} ms)`).join('; ')}`,
    );

    // The exact pseudo-inverse goes below the plateau; the identity (the dual softmax) stays far off and never negative.
    const pinv = widget.getByRole('combobox', { name: 'Middle matrix' });
    await widget.getByRole('textbox', { name: 'm, typed value' }).fill('32');
    await settled(page);
    const iterated = Number((await shown(widget)).error);
    await pinv.selectOption('svd');
    await settled(page);
    const exact = await shown(widget);
    assert.ok(Number(exact.error) < iterated / 10, `m = 32: A⁺ ${exact.error} far below six iterations ${iterated}`);
    assert.ok(Number(exact.error) >= Number(exact.floor), 'Eckart–Young');
    await pinv.selectOption('identity');
    await settled(page);
    const dual = await shown(widget);
    assert.ok(Number(dual.error) > 0.5, `the dual softmax: ${dual.error}`);
    assert.equal(Number(dual.negativeMass), 0, 'F B is never negative');
    assert.ok(Math.abs(Number(dual.rowSumDev)) < 1e-12, 'and row-stochastic');

    // Random token landmarks are marked as tokens on the maps (the rows the core chose).
    await widget.getByRole('combobox', { name: 'Landmarks from' }).selectOption('random');
    await settled(page);
    assert.ok(
      (await mapLabels(widget)).every((l) => /picked rows (\d+, ){31}\d+/.test(l)),
      '32 token landmarks marked',
    );

    // τ: the sweep starts again, and past a logit of 709.78 the overflow of a naive softmax is flagged.
    const overflow = widget.locator('.warning').filter({ hasText: 'without the max shift' });
    assert.equal(await overflow.isVisible(), false);
    await widget.getByRole('textbox', { name: 'τ, typed value' }).fill('256');
    await settled(page);
    assert.equal(await overflow.isVisible(), true);
    assert.ok(Number(await widget.locator('.chip').filter({ hasText: 'largest logit' }).locator('.sym').innerText()) > 709.78);
    await eventually(async () =>
      assert.match(page.url(), /nystromformer=.*tau:256.*landmarks:random.*pinv:identity/, 'the permalink carries the state'),
    );

    // m = 64 with 30 iterations is past the main thread's budget: the worker evaluates it (no core
    // call here) while the last numbers stay, and then its numbers and maps replace them.
    await pinv.selectOption('iterative');
    await widget.getByRole('textbox', { name: 'k, typed value' }).fill('30');
    await settled(page);
    const mark = await page.evaluate(() => performance.now());
    await widget.getByRole('textbox', { name: 'm, typed value' }).fill('64');
    await settled(page);
    const large = await shown(widget);
    assert.deepEqual([large.m, large.k, large.pinv], ['64', '30', 'iterative']);
    assert.equal((await updateCost(page, mark)).core, 0, 'evaluated in the worker');
    assert.ok(Number(large.error) >= Number(large.floor), `Eckart–Young at m = 64: ${large.error} ≥ ${large.floor}`);
    assert.ok(
      (await mapLabels(widget)).every((l) => /picked rows (\d+, ){63}\d+/.test(l)),
      '64 token landmarks marked',
    );
    assert.equal(await widget.getByText('computing the new settings').isVisible(), false);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('follows the pseudo-inverse iteration: T-N2 converges then drifts; t₀ past 3 leaves the basin, past 4.13 diverges', async () => {
    const { page, widget, log } = await fixture.open();
    await settled(page);
    await widget.getByRole('combobox', { name: 'Matrix A' }).selectOption('singular');
    await settled(page);
    const zError = (await plotLabels(widget))[2];
    for (const method of ['Razavi (the paper)', 'Newton–Schulz', 'Chebyshev']) {
      const points = seriesPoints(zError, method);
      const least = Math.min(...points.map(([, y]) => y));
      const [lastK, last] = points.at(-1);
      assert.equal(lastK, 45, `${method}: 45 steps`);
      assert.ok(least < 1e-10, `${method} reaches A⁺ (${least})`);
      assert.ok(last > 1e3 * least, `${method} drifts away again (${last})`);
    }
    const t1 = () => widget.locator('.chip').filter({ hasText: 'largest t₀' }).locator('.sym').innerText();
    assert.ok(Math.abs(Number(await t1()) - 0.7922) < 1e-3, 'T-N2: t₁ = σ₁² / (‖A‖₁‖A‖∞)');
    const basin = widget.locator('.warning').filter({ hasText: 'outside the basin' });
    assert.equal(await basin.isVisible(), false);
    const start = widget.getByRole('textbox', { name: 'c, typed value' });
    await start.fill('4');
    await settled(page);
    assert.equal(await basin.isVisible(), true, 't₀ = 3.17: outside the basin');
    await start.fill('8');
    await settled(page);
    await eventually(async () =>
      assert.match(await widget.locator('p.warning[translate=no]').innerText(), /Razavi \(the paper\) diverged at step \d+/),
    );
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('names bad input inline and keeps the last valid state; is labelled; numbers are not translatable', async () => {
    const { page, widget, log } = await fixture.open();
    await settled(page);
    const before = await shown(widget);
    const m = widget.getByRole('textbox', { name: 'm, typed value' });
    for (const [text, expected] of [
      ['abc', 'm: not a number'],
      ['65', 'm: must be between 1 and 64'],
      ['1e999', 'm: too large: must be finite'],
    ]) {
      await m.fill(text);
      await nextFrames(page);
      assert.equal(await widget.locator('#m-typed-error').innerText(), expected, `message for "${text}"`);
      assert.equal(await m.getAttribute('aria-invalid'), 'true');
    }
    await widget.getByRole('textbox', { name: 'τ, typed value' }).fill('0.01');
    await nextFrames(page);
    assert.equal(await widget.locator('#tau-error').innerText(), 'τ: must be between 0.05 and 256');
    assert.deepEqual(await shown(widget), before, 'nothing changed');
    await widget.evaluate((host) => host.setAttribute('landmarks', 'psychic'));
    await eventually(async () =>
      assert.match(await widget.locator('.status').innerText(), /landmarks: must be one of segment, random, kmeans, leverage/),
    );
    assert.deepEqual(await shown(widget), before, 'the last valid state stays');
    await widget.evaluate((host) => host.setAttribute('n', '12'));
    await settled(page);
    assert.deepEqual([(await shown(widget)).n, (await shown(widget)).m], ['12', '12'], 'a shorter sequence clamps m');
    await assertLabelledAndProtected(widget, {
      plots: 4,
      why: 'the sweep, ρ and ‖Z − A⁺‖ against k, the filter',
      controls: 'input, button, select',
      readouts: '.chip .sym, input[type=text], .heatmap-note, canvas',
      captions: 'h3, h4, .hint, button, .heatmap-title',
      numbers: /\d/,
    });
    await openSuPanel(page, widget);
    await openCurPanel(widget);
    await assertLabelledAndProtected(widget, {
      plots: 5,
      why: 'the four plots above and the δ plot of the N4 panel',
      controls: 'input, button, select',
      readouts: '.chip .sym, input[type=text], .heatmap-note, canvas',
      captions: 'h3, h4, .hint, button, .heatmap-title, summary',
      numbers: /\d/,
    });
    await widget.evaluate((host) => host.setAttribute('lang', 'zh'));
    await eventually(async () => assert.match(await widget.locator('h2').innerText(), /Nyström 注意力/));
    assert.match(await widget.locator('details[data-panel=su] h3').innerText(), /苏剑林/);
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});

// N1, opened on demand (its chunk loads then): on T-N1 FA⁺B has relative error 0.1201894904 and rows
// 1 and 2 exact (nystromformer.md §4); M = A⁺ makes FMB the same; a bad entry of M is named inline;
// an entry of M moves by the arrow keys and by dragging its grip.
async function openSuPanel(page, widget) {
  const chunk = () =>
    page.evaluate(() => performance.getEntriesByType('resource').filter((r) => /nystromformer-su-panel/.test(r.name)).length);
  assert.equal(await chunk(), 0, 'a closed panel loads nothing');
  await widget.locator('details[data-panel=su] > summary').click();
  const data = widget.getByRole('combobox', { name: 'Data' });
  await data.waitFor();
  assert.equal(await chunk(), 1);
  await data.selectOption('tn1');
  const su = () => widget.evaluate((host) => ({ m: host.dataset.suM, error: host.dataset.suError, exact: host.dataset.suExactRows }));
  await eventually(async () => assert.equal((await su()).m, '2'));
  const errors = (await su()).error.split(' ').map(Number);
  assert.ok(Math.abs(errors[3] - 0.12018949) < 1e-9, `FA⁺B on T-N1: ${errors[3]}`);
  assert.equal((await su()).exact, '1 2', 'the two exact rows');
  const entry = widget.getByRole('textbox', { name: 'M₁₁' });
  await entry.fill('abc');
  await eventually(async () => assert.equal(await widget.locator('#su-middle-0-0-error').innerText(), 'M₁₁: not a number'));
  await widget.getByRole('button', { name: 'M = A⁺' }).click();
  await eventually(async () => {
    const now = (await su()).error.split(' ').map(Number);
    assert.ok(Math.abs(now[2] - now[3]) < 1e-12, `FMB with M = A⁺ is FA⁺B: ${now}`);
  });
  assert.equal(await entry.inputValue(), '6', 'A⁻¹ of T-N1 starts with 6');
  // An arrow key steps M₁₁ by 0.1 (a hundredth per pixel below 10, ten steps a key); dragging its grip
  // 40 px up adds 0.4; FMB then leaves FA⁺B.
  await entry.press('ArrowUp');
  await eventually(async () => assert.equal(await entry.inputValue(), '6.1'));
  const grip = await widget.locator('.middle-cell .entry-grip').first().boundingBox();
  const [x, y] = [grip.x + grip.width / 2, grip.y + grip.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y - 40, { steps: 4 });
  await page.mouse.up();
  await eventually(async () => assert.equal(await entry.inputValue(), '6.5'));
  await eventually(async () => {
    const now = (await su()).error.split(' ').map(Number);
    assert.ok(now[2] > now[3] + 1e-3, `M₁₁ = 6.5: FMB is off FA⁺B: ${now}`);
  });
  await widget.getByRole('checkbox', { name: /m = n/ }).check();
  await eventually(async () => assert.ok((await su()).error.split(' ').map(Number)[3] < 1e-12, 'm = n: FA⁺B is S'));
}

// N4 on the widget's inputs (n = 12 here): typing I, a bad list named inline, a click on a map row
// adding its token; the CURs of S come from the worker, exact on the rows and columns of I; with
// equal δᵢ forced, Nyströmformer's map is the CUR of S to rounding.
async function openCurPanel(widget) {
  await widget.locator('details[data-panel=cur] > summary').click();
  const field = widget.getByRole('textbox', { name: 'Landmark tokens I' });
  await field.waitFor();
  const cur = () =>
    widget.evaluate((host) => ({ tokens: host.dataset.curTokens, nystrom: host.dataset.curNystrom, cur: host.dataset.curIntersection }));
  await field.fill('2, 7');
  await eventually(async () => assert.equal((await cur()).tokens, '2 7'));
  await eventually(async () => assert.ok((await cur()).cur !== '', 'the CUR of S arrived from the worker'));
  const intersection = await widget.locator('[data-panel=cur] .heatmap-note').first().innerText();
  const [rows, cols] = intersection
    .match(/off by (\S+) · columns (\S+)/)
    .slice(1)
    .map((x) => Number(x.replace('−', '-')));
  assert.ok(rows < 1e-10 && cols < 1e-10, `the CUR of S interpolates rows and columns in I: ${intersection}`);
  await field.fill('2, 40');
  await eventually(async () => assert.equal(await widget.locator('#cur-tokens-error').innerText(), 'I: “40” is not a token from 0 to 11'));
  assert.equal((await cur()).tokens, '2 7', 'the last valid set stays');
  const map = widget.locator('[data-panel=cur] canvas').nth(1);
  const box = await map.boundingBox();
  const margin = 16; // canvas-heatmap.js: room for the marks left of and above the matrix
  const side = (box.width - margin - 1) / 12;
  await map.click({ position: { x: margin + 5.5 * side, y: margin + 4.5 * side } });
  await eventually(async () => assert.equal((await cur()).tokens, '2 4 7', 'a click on row 4 adds token 4'));
  // Forcing equal δᵢ makes Nyströmformer the CUR of S with W⁻¹ (R7): the two maps agree to rounding.
  await widget.getByRole('checkbox', { name: /Force equal/ }).check();
  await eventually(async () => {
    const gap = await widget.evaluate((host) => host.dataset.curEqualGap);
    assert.ok(gap !== '' && Number(gap) < 1e-12, `equal δ against the CUR of S: ${gap}`);
  });
  assert.match(await widget.locator('[data-panel=cur] .heatmap-title').nth(1).innerText(), /δᵢ made equal/);
}
