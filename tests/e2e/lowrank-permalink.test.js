// Permalinks of <mathlet-cr> and <mathlet-cur> (parts/permalink.js): what a reader sets (factors or
// matrix, r, seed, sampling rule or selection method and middle matrix) is written into the URL
// hash; opening that URL, or reloading, shows the same state (the same draws, the same max-volume
// choice, even one the worker had not answered when the link was taken); a link pasted on the open
// page is followed; a bad field is reported and ignored; the copy-link button gives the link.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage } from './chromium-session.js';
import { recordWorkerCalls } from './lowrank-worker-calls.js';
import { eventually, nextFrames } from './page-actions.js';
import { startSite } from './site-server.js';

const close = (actual, expected, what, tol = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

describe('CR and CUR permalinks', () => {
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

  // `clock`: the page's timers run on Playwright's clock (flowing as usual until the test moves it).
  async function open(url, tag, { clock = false } = {}) {
    const session = await recordedPage(browser.context);
    if (clock) await session.page.clock.install();
    await session.page.goto(url, { timeout: 60_000 }); // the first page of a fresh Chromium on a loaded machine can take over 30 s
    const widget = session.page.locator(tag);
    // Scrolled to directly: Playwright's scrollIntoViewIfNeeded first waits for the element to hold still
    // over two frames, which a page still laying out above it (lazy formulas) may not do in time.
    await widget.evaluate((host) => host.scrollIntoView({ block: 'start' }));
    await session.page.waitForSelector(`${tag}[data-state=ready]`, { timeout: 60_000 });
    await session.page.waitForFunction((t) => !document.querySelector(t).dataset.pending, tag, { timeout: 60_000 });
    await nextFrames(session.page);
    return { ...session, widget };
  }
  const state = (widget) => widget.evaluate((host) => ({ ...host.dataset }));
  const hashEntry = (page, key) => page.evaluate((k) => new URLSearchParams(location.hash.slice(1).replaceAll(';', '%3B')).get(k), key);
  // Runs the page's clock past the URL's write throttle (400 ms in parts/permalink.js): a write the
  // visit scheduled would have happened by then.
  const pastWriteThrottle = (page) => page.clock.runFor(1000);
  async function waitForHash(page, text) {
    await page.waitForFunction((t) => location.hash.includes(t), text, { timeout: 10_000 });
    return page.url();
  }

  it("<mathlet-cr>: the reader's factors, r, rule and seed survive opening the link and reloading", async () => {
    const { page, widget, log } = await open(`${site.url}cr-approximation/#demo`, 'mathlet-cr', { clock: true });
    await pastWriteThrottle(page);
    assert.equal(await page.evaluate(() => location.hash), '#demo', 'visiting the page writes nothing into its URL');
    await widget.getByRole('combobox', { name: 'Factors' }).selectOption('t-c2');
    await widget.getByRole('textbox', { name: 'r, typed value' }).fill('2');
    await widget.getByRole('combobox', { name: 'How the terms are chosen' }).selectOption('uniform');
    await widget.getByRole('textbox', { name: 'Seed', exact: true }).fill('42');
    const url = await waitForHash(page, 'cr=preset:t-c2;r:2;seed:42;sampling:uniform');
    assert.match(url, /#demo&cr=/, 'the page anchor is kept in front');
    await nextFrames(page); // the URL can be written before the frame that draws the last edit
    const set = await state(widget);
    close(Number(set.expected), 342.5, 'T-C2 uniform expected error, r = 2', 1e-12);

    const reopened = await open(url, 'mathlet-cr');
    const shown = await state(reopened.widget);
    for (const key of ['preset', 'r', 'seed', 'sampling', 'draws', 'error', 'expected'])
      assert.equal(shown[key], set[key], `${key} restored from the link`);
    assert.equal(await reopened.widget.getByRole('combobox', { name: 'Factors' }).inputValue(), 't-c2');
    assert.equal(await reopened.widget.getByRole('combobox', { name: 'How the terms are chosen' }).inputValue(), 'uniform');
    assert.equal(await reopened.widget.getByRole('textbox', { name: 'Seed', exact: true }).inputValue(), '42');
    assert.equal(await reopened.widget.getByRole('textbox', { name: 'r, typed value' }).inputValue(), '2');
    await reopened.page.reload();
    await reopened.page.waitForSelector('mathlet-cr[data-state=ready]', { timeout: 60_000 });
    await nextFrames(reopened.page);
    assert.equal((await state(reopened.widget)).draws, set.draws, 'a reload shows the same draws');

    // A link pasted on the open page is followed: T-C1 at r = 1 with optimal p expects 94.
    await reopened.page.evaluate(() => {
      location.hash = '#cr=preset:t-c1;r:1;seed:3;sampling:optimal';
    });
    await reopened.page.waitForFunction(() => document.querySelector('mathlet-cr').dataset.preset === 't-c1');
    await nextFrames(reopened.page);
    close(Number((await state(reopened.widget)).expected), 94, 'T-C1 expected error, r = 1', 1e-12);

    // The copy-link button gives the link to what is shown (copied, or shown to copy by hand).
    await reopened.widget.getByRole('button', { name: 'Copy link' }).click();
    await reopened.page.waitForFunction(() => document.querySelector('mathlet-cr').dataset.permalink);
    assert.match((await state(reopened.widget)).permalink, /#cr=preset:t-c1;r:1;seed:3;sampling:optimal$/);
    // The status line follows the clipboard's answer.
    await eventually(async () => assert.match(await reopened.widget.locator('.copy-status').innerText(), /Link copied|Copy this link/));
    assert.deepEqual([...log.errors, ...reopened.log.errors], []);
    await page.close();
    await reopened.page.close();
  });

  it('<mathlet-cr>: a bad field in a link is reported and the rest of the link still applies', async () => {
    const { page, widget, log } = await open(`${site.url}cr-approximation/#cr=preset:t-c2;r:99;seed:5`, 'mathlet-cr');
    const shown = await state(widget);
    assert.equal(shown.preset, 't-c2');
    assert.equal(shown.seed, '5');
    assert.equal(shown.r, '6', 'r falls back to the default (6 terms of T-C2)');
    assert.equal(await widget.locator('.status').innerText(), 'Ignored: r: must be a whole number from 1 to 6.');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it("<mathlet-cur>: the reader's matrix, r, method, middle matrix and seed survive opening the link and reloading", async () => {
    const { page, widget, log } = await open(`${site.url}cur-decomposition/#demo`, 'mathlet-cur', { clock: true });
    await pastWriteThrottle(page);
    assert.equal(await page.evaluate(() => location.hash), '#demo', 'visiting the page writes nothing into its URL');
    await widget.getByRole('combobox', { name: 'Matrix', exact: true }).selectOption('m3');
    await widget.getByRole('textbox', { name: 'r, typed value' }).fill('3');
    await widget.getByRole('combobox', { name: 'Middle matrix' }).selectOption('intersection');
    await widget.getByRole('textbox', { name: 'Seed', exact: true }).fill('9');
    await widget.getByRole('combobox', { name: 'How rows and columns are selected' }).selectOption('max-volume');
    const url = await waitForHash(page, 'cur=preset:m3;r:3;select:max-volume;middle:intersection;seed:9');
    // The URL holds the choice asked for at once; the max-volume answer comes from the worker, then is drawn.
    await page.waitForFunction(() => !document.querySelector('mathlet-cur').dataset.pending, null, { timeout: 60_000 });
    await nextFrames(page);
    const set = await state(widget);
    assert.equal(set.select, 'max-volume');
    close(Number(set.error), 16421 / 10658, 'T-U2 max volume at r = 3 with U = W+');

    const reopened = await open(url, 'mathlet-cur');
    const shown = await state(reopened.widget);
    for (const key of ['preset', 'r', 'select', 'middle', 'seed', 'rows', 'cols', 'error'])
      assert.equal(shown[key], set[key], `${key} restored from the link`);
    assert.equal(await reopened.widget.getByRole('combobox', { name: 'How rows and columns are selected' }).inputValue(), 'max-volume');
    assert.equal(await reopened.widget.getByRole('combobox', { name: 'Middle matrix' }).inputValue(), 'intersection');
    assert.equal(await reopened.widget.getByRole('textbox', { name: 'Seed', exact: true }).inputValue(), '9');
    await reopened.page.reload();
    await reopened.page.waitForSelector('mathlet-cur[data-state=ready]', { timeout: 60_000 });
    await reopened.page.waitForFunction(
      () => !document.querySelector('mathlet-cur').dataset.pending && document.querySelector('mathlet-cur').dataset.select === 'max-volume',
    );
    assert.equal((await state(reopened.widget)).cols, set.cols, 'a reload shows the same max-volume choice');

    // A pasted link on the same page, and the entry the page keeps for it.
    await reopened.page.evaluate(() => {
      location.hash = '#cur=preset:m1;r:2;select:pivoted-qr;middle:optimal;seed:1';
    });
    await reopened.page.waitForFunction(() => document.querySelector('mathlet-cur').dataset.preset === 'm1');
    await nextFrames(reopened.page);
    assert.ok(Number((await state(reopened.widget)).error) < 1e-18, 'M1 is exact at r = 2 (T-U1)');
    assert.equal(await hashEntry(reopened.page, 'cur'), 'preset:m1;r:2;select:pivoted-qr;middle:optimal;seed:1');
    assert.deepEqual([...log.errors, ...reopened.log.errors], []);
    await page.close();
    await reopened.page.close();
  });

  it('<mathlet-cur>: a max-volume choice still being computed is already in the link', async () => {
    const session = await recordedPage(browser.context);
    await session.page.addInitScript(recordWorkerCalls, { hold: ['max-volume'] }); // max volume never reaches the worker here
    const { page, log } = session;
    await page.goto(`${site.url}cur-decomposition/#demo`);
    const widget = page.locator('mathlet-cur');
    await widget.scrollIntoViewIfNeeded();
    await page.waitForSelector('mathlet-cur[data-state=ready]', { timeout: 60_000 });
    await widget.getByRole('combobox', { name: 'Matrix', exact: true }).selectOption('m3');
    await widget.getByRole('combobox', { name: 'How rows and columns are selected' }).selectOption('max-volume');
    const url = await waitForHash(page, 'cur=preset:m3;r:4;select:max-volume');
    assert.equal(await widget.getAttribute('data-pending'), 'max-volume', 'written while the worker is still busy');
    const reopened = await open(url, 'mathlet-cur');
    assert.equal((await state(reopened.widget)).select, 'max-volume', 'the link asks for max volume again');
    assert.deepEqual([...log.errors, ...reopened.log.errors], []);
    await page.close();
    await reopened.page.close();
  });

  it('<mathlet-cur>: a link asking for max volume where it is too slow falls back to DEIM and says why', async () => {
    const { page, widget, log } = await open(`${site.url}cur-decomposition/#cur=preset:picture;r:5;select:max-volume`, 'mathlet-cur');
    const shown = await state(widget);
    assert.equal(shown.select, 'deim');
    assert.equal(shown.r, '5');
    assert.match(await widget.locator('.status').innerText(), /max volume: .*too slow/);
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
