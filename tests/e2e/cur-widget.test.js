// <mathlet-cur> on the CUR page of the built site (the page itself, its formulas and its origin are
// checked with every page in pages.test.js): lazy code and wasm; r, the method, the middle matrix, the matrix and the seed
// change the shown decomposition (with the selections and errors of cur-decomposition.md T-U1 and
// T-U2); max volume where it would be too slow is refused with a message and the last valid state
// stays; bad input gets an inline message; controls are labelled; leverage scores come from the
// dominant r singular vectors (checked against a reference computed here); all three heatmaps
// outline the chosen rows and columns; screenshots in test-results/. Where the work runs (main
// thread or worker) is tested in lowrank-worker.test.js.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isWasm, openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { eventually, mathjaxReady, nextFrames } from './page-actions.js';
import { leverageReference } from './lowrank-leverage.js';
import { PRESETS } from '../../web/src/widgets/cur/cur-presets.js';
import { heatmapLayout } from '../../web/src/widgets/parts/heatmap.js';
import { assertLabelledAndProtected } from './widget-text-audit.js';
import { assertClose, widgetPage } from './widget-page.js';

const TAG = 'mathlet-cur';
const close = assertClose;

describe('the CUR page and <mathlet-cur>', () => {
  const fixture = widgetPage(TAG, 'cur-decomposition/#demo');
  const openWidget = () => fixture.open();
  // What the widget shows once the choice asked for last is on screen (max volume comes from the worker).
  async function shown(page) {
    await page.waitForFunction((tag) => !document.querySelector(tag).dataset.pending, TAG, { timeout: 60_000 });
    await nextFrames(page);
    const host = page.locator(TAG);
    return {
      error: Number(await host.getAttribute('data-error')),
      floor: Number(await host.getAttribute('data-floor')),
      rows: await host.getAttribute('data-rows'),
      cols: await host.getAttribute('data-cols'),
      r: Number(await host.getAttribute('data-r')),
    };
  }
  const sorted = (list) =>
    list
      .split(',')
      .map(Number)
      .sort((a, b) => a - b)
      .join(',');

  it('fetches neither its code nor the wasm before it nears the viewport', async () => {
    const { page, log } = await recordedPage(fixture.browser.context);
    await page.goto(`${fixture.site.url}cur-decomposition/`);
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
    assert.equal(first.rows.split(',').length, 4, 'r = 4 rows');
    assert.ok(first.error >= first.floor, 'the error is above the SVD floor');
    assert.ok(first.error < 4 * first.floor, `DEIM at the signal rank is near the floor (${first.error} vs ${first.floor})`);
    await page.waitForSelector(`${TAG}[data-curves=done]`, { timeout: 60_000 });
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('r, the method, the middle matrix, the matrix and the seed change the decomposition', async () => {
    const { page, widget, log } = await openWidget();
    const start = await shown(page);
    const slider = widget.getByRole('slider', { name: /Rank/ });
    await slider.focus();
    await slider.press('ArrowLeft');
    const smaller = await shown(page);
    assert.equal(smaller.r, 3);
    assert.ok(smaller.error > start.error, 'fewer rows and columns: a larger error');

    const method = widget.getByRole('combobox', { name: 'How rows and columns are selected' });
    const matrix = widget.getByRole('combobox', { name: 'Matrix', exact: true });
    const middle = widget.getByRole('combobox', { name: 'Middle matrix' });
    const r = widget.getByRole('textbox', { name: 'r, typed value' });

    // T-U2 (cur-decomposition.md §4): M3 at r = 2.
    await matrix.selectOption('m3');
    await r.fill('2');
    await method.selectOption('pivoted-qr');
    let s = await shown(page);
    assert.equal(sorted(s.rows), '0,3');
    assert.equal(sorted(s.cols), '0,3');
    close(s.error, 534661393 / 119177094, 'CPQR with U* = C+ M R+');
    close(s.floor, 2.418139, 'SVD floor at r = 2', 1e-6);
    await middle.selectOption('intersection');
    close((await shown(page)).error, 3787 / 810, 'CPQR with U = W+');
    await method.selectOption('deim');
    s = await shown(page);
    assert.equal(sorted(s.cols), '1,3');
    close(s.error, 28276 / 5041, 'DEIM with U = W+');
    await middle.selectOption('optimal');
    await method.selectOption('max-volume');
    await r.fill('3');
    s = await shown(page);
    assert.equal(sorted(s.rows), '0,3,4');
    assert.equal(sorted(s.cols), '0,2,3');
    close(
      Number(await widget.locator('.chip').filter({ hasText: '|det' }).locator('.sym').innerText()),
      146,
      '|det W| of the max-volume choice',
      1e-3,
    );

    // T-U1: M1 has rank 2, so every method is exact at r = 2.
    await matrix.selectOption('m1');
    await r.fill('2');
    for (const name of ['leverage-top', 'pivoted-qr', 'deim', 'uniform']) {
      await method.selectOption(name);
      assert.ok((await shown(page)).error < 1e-20 * 1e4 + 1e-18, `${name} is exact on M1 at r = 2`);
    }

    // The seed changes the uniform selection.
    await matrix.selectOption('kernel');
    await method.selectOption('uniform');
    const before = await shown(page);
    await widget.getByRole('button', { name: /Resample/ }).click();
    const after = await shown(page);
    assert.notDeepEqual([after.rows, after.cols], [before.rows, before.cols], 'another seed, another uniform selection');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('refuses what it cannot do and bad input with a message, keeping the last valid state', async () => {
    const { page, widget, log } = await openWidget();
    await widget.getByRole('combobox', { name: 'How rows and columns are selected' }).selectOption('max-volume');
    const start = await shown(page);
    assert.match(await widget.locator('.status').innerText(), /max volume: .*too slow/);
    assert.equal(start.r, 4);
    assert.equal(
      await widget.getByRole('combobox', { name: 'How rows and columns are selected' }).inputValue(),
      'deim',
      'the menu shows the method still in use',
    );

    const seed = widget.getByRole('textbox', { name: 'Seed', exact: true });
    for (const [text, expected] of [
      ['abc', 'seed: not a number'],
      ['1e999', 'seed: too large: must be finite'],
      ['NaN', 'seed: not a number'],
    ]) {
      await seed.fill(text);
      await nextFrames(page);
      assert.equal(await widget.locator('#seed-error').innerText(), expected, `message for "${text}"`);
      assert.equal(await seed.getAttribute('aria-invalid'), 'true');
      assert.deepEqual(await shown(page), start);
    }
    const r = widget.getByRole('textbox', { name: 'r, typed value' });
    await r.fill('0');
    await nextFrames(page);
    assert.equal(await widget.locator('#r-typed-error').innerText(), 'r: must be between 1 and 20');
    assert.deepEqual(await shown(page), start);
    await r.fill('5');
    assert.equal((await shown(page)).r, 5, 'the demo stays usable');
    assert.equal(await widget.locator('.status').isVisible(), false);
    await widget.evaluate((el) => el.setAttribute('select', 'psychic'));
    await eventually(async () => assert.match(await widget.locator('.status').innerText(), /select: must be one of/));
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('is labelled and marks numbers but not captions as untranslatable', async () => {
    const { page, widget } = await openWidget();
    await assertLabelledAndProtected(widget, {
      plots: 1,
      canvases: 3,
      why: 'error curves and three heatmaps',
      controls: 'input, button, select, textarea',
      readouts: '.chip .sym, input[type=text], .heatmap-note',
      captions: 'h3, .hint, button, .heatmap-title',
      numbers: /\d/,
    });
    await page.close();
  });

  it('leverage scores come from the dominant r singular vectors, not the first r rows (R6, T-U2)', async () => {
    const { page, widget, log } = await openWidget();
    const method = widget.getByRole('combobox', { name: 'How rows and columns are selected' });
    const matrix = widget.getByRole('combobox', { name: 'Matrix', exact: true });
    const r = widget.getByRole('textbox', { name: 'r, typed value' });
    await method.selectOption('leverage-top');
    // Full-rank presets (noise makes every one full rank): with gamma = the numerical rank every score
    // would be 1 and the tie rule would keep rows and columns 0..r-1.
    for (const [id, ranks] of [
      ['low-rank', [2, 4, 6]],
      ['kernel', [2, 6]],
      ['picture', [4]],
      ['m3', [1, 2, 3]],
    ]) {
      await matrix.selectOption(id);
      for (const rank of ranks) {
        await r.fill(String(rank));
        const s = await shown(page);
        const reference = leverageReference(PRESETS.find((p) => p.id === id).matrix, rank);
        assert.ok(reference.gap > 1e-4, `${id}, r = ${rank}: the reference has no near-tie at the cut (${reference.gap})`);
        assert.equal(sorted(s.rows), reference.rows.join(','), `${id}, r = ${rank}: rows by leverage`);
        assert.equal(sorted(s.cols), reference.cols.join(','), `${id}, r = ${rank}: columns by leverage`);
        const first = Array.from({ length: rank }, (_, k) => k).join(',');
        if (rank > 1)
          assert.ok(sorted(s.rows) !== first || sorted(s.cols) !== first, `${id}, r = ${rank}: not simply the first rows and columns`);
      }
    }
    // T-U2 by the table of cur-decomposition.md: r = 1 keeps column 1 (every score 1 would keep column 0).
    await r.fill('1');
    assert.equal((await shown(page)).cols, '1');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('outlines the chosen rows and columns on all three heatmaps', async () => {
    const { page, widget } = await openWidget();
    const s = await shown(page);
    const maps = await widget.evaluate((host) =>
      [...host.shadowRoot.querySelectorAll('.heatmap canvas')].map((canvas) => ({
        label: canvas.getAttribute('aria-label'),
        width: Number.parseFloat(canvas.style.width),
      })),
    );
    assert.equal(maps.length, 3, 'M, CUR and the error');
    for (const { label } of maps) {
      assert.ok(label.includes(`picked rows ${sorted(s.rows).split(',').join(', ')}`), `rows named in: ${label.slice(0, 120)}`);
      assert.ok(label.includes(`picked columns ${sorted(s.cols).split(',').join(', ')}`), `columns named in: ${label.slice(0, 120)}`);
    }
    // The outlines themselves, read from the pixels: on every map, each picked column's and row's
    // stripe has its border in the pick colour (halfway along a row or column not picked, away from
    // the crossings), and the border of a column or row away from every pick has not.
    const rows = s.rows.split(',').map(Number);
    const cols = s.cols.split(',').map(Number);
    const [m, n] = maps[0].label
      .match(/(\d+) by (\d+)/)
      .slice(1)
      .map(Number);
    const farFrom = (picked, size) => [...Array(size).keys()].find((k) => picked.every((p) => Math.abs(p - k) > 1));
    for (const [index, { width }] of maps.entries()) {
      const layout = heatmapLayout({ matrix: { rows: m, cols: n }, rows, cols }, width, 30);
      const { left, top, cell } = layout;
      const across = top + (farFrom(rows, m) + 0.5) * cell; // halfway down a row not picked
      const along = left + (farFrom(cols, n) + 0.5) * cell; // halfway across a column not picked
      // The 2-px border centred on a cell edge e covers the whole pixel that starts at ceil(e - 1).
      const edge = (e) => Math.ceil(e - 1);
      const points = [
        ...cols.map((j) => ({ x: edge(left + j * cell), y: Math.floor(across), picked: true })),
        ...rows.map((i) => ({ x: Math.floor(along), y: edge(top + i * cell), picked: true })),
        { x: edge(left + farFrom(cols, n) * cell), y: Math.floor(across), picked: false },
        { x: Math.floor(along), y: edge(top + farFrom(rows, m) * cell), picked: false },
      ];
      const seen = await widget.evaluate(
        (host, [k, at]) => {
          const canvas = host.shadowRoot.querySelectorAll('.heatmap canvas')[k];
          const ratio = canvas.width / Number.parseFloat(canvas.style.width);
          const context = canvas.getContext('2d');
          const probe = document.createElement('canvas').getContext('2d');
          probe.fillStyle = getComputedStyle(host).getPropertyValue('--mlt-pick').trim();
          probe.fillRect(0, 0, 1, 1);
          const pick = [...probe.getImageData(0, 0, 1, 1).data.slice(0, 3)];
          return at.map(({ x, y }) => {
            const pixel = [...context.getImageData(Math.floor((x + 0.5) * ratio), Math.floor((y + 0.5) * ratio), 1, 1).data.slice(0, 3)];
            return pixel.every((c, q) => Math.abs(c - pick[q]) <= 2);
          });
        },
        [index, points],
      );
      assert.deepEqual(
        seen,
        points.map((p) => p.picked),
        `map ${index}: borders in the pick colour exactly where picked`,
      );
    }
    await page.close();
  });

  it('screenshots: widget (light, M3 with the intersection, picture, dark)', async () => {
    const { page, widget, log } = await openWidget();
    await page.waitForSelector(`${TAG}[data-curves=done]`, { timeout: 60_000 });
    await nextFrames(page); // the last rank of the curves is drawn in the frame after it arrived
    await widget.screenshot({ path: join(screenshotDir, 'cur-widget.png') });
    await widget.getByRole('combobox', { name: 'Matrix', exact: true }).selectOption('m3');
    await widget.getByRole('textbox', { name: 'r, typed value' }).fill('2');
    await widget.getByRole('combobox', { name: 'Middle matrix' }).selectOption('intersection');
    await page.waitForSelector(`${TAG}[data-curves=done]`, { timeout: 60_000 });
    await nextFrames(page);
    await widget.screenshot({ path: join(screenshotDir, 'cur-widget-m3.png') });
    await widget.getByRole('combobox', { name: 'Matrix', exact: true }).selectOption('picture');
    await widget.getByRole('textbox', { name: 'r, typed value' }).fill('5');
    await widget.getByRole('combobox', { name: 'Middle matrix' }).selectOption('optimal');
    await page.waitForSelector(`${TAG}[data-curves=done]`, { timeout: 60_000 });
    await nextFrames(page);
    await widget.screenshot({ path: join(screenshotDir, 'cur-widget-picture.png') });
    assert.deepEqual(log.errors, []);
    await page.close();

    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      const { page: darkPage, log: darkLog } = await recordedPage(dark.context);
      await darkPage.goto(`${fixture.site.url}cur-decomposition/#demo`);
      const darkWidget = darkPage.locator(TAG);
      await darkWidget.scrollIntoViewIfNeeded();
      await darkPage.waitForSelector(`${TAG}[data-curves=done]`, { timeout: 60_000 });
      await nextFrames(darkPage);
      await darkWidget.screenshot({ path: join(screenshotDir, 'cur-widget-dark.png') });
      assert.deepEqual(darkLog.errors, []);
    } finally {
      await dark.close();
    }
  });
});
