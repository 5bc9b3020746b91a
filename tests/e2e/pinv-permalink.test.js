// Permalinks of <mathlet-pinv> (parts/permalink.js): the state a reader sets (preset or own matrix,
// rtol, route, ε) is written to the URL hash, survives a reload of that URL, is applied when a
// link is pasted in place (hashchange), travels through "Copy link", and a link with bad fields is
// reported while the rest of it still applies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage } from './chromium-session.js';
import { nextFrames } from './page-actions.js';
import { startSite } from './site-server.js';

const TAG = 'mathlet-pinv';
const hashOf = (page) => page.evaluate(() => decodeURIComponent(location.hash));
// What the widget computed and shows, to compare two loads of the same state.
const shownState = (page) =>
  page.locator(TAG).evaluate((host) => {
    const root = host.shadowRoot;
    const minus = (text) => text.replace(/\u2212/g, '-');
    return {
      pinv: host.dataset.pinv,
      rank: host.dataset.rank,
      route: host.dataset.route,
      tolerance: host.dataset.tolerance,
      naiveError: host.dataset.naiveError,
      breakdown: host.dataset.breakdown,
      preset: root.querySelector('#preset').value,
      routeField: root.querySelector('#route').value,
      // Field texts as values: a typed "-1" and a restored "−1" (typographic minus) are the same.
      rtol: minus(root.querySelector('#rtol-typed').value),
      eps: minus(root.querySelector('#eps-typed').value),
      cells: [...root.querySelectorAll('.cells input')].map((i) => minus(i.value)).join(' '),
    };
  });

describe('<mathlet-pinv> permalinks', () => {
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

  async function openWidget(hash = '#demo') {
    const session = await recordedPage(browser.context);
    await session.page.goto(`${site.url}pseudo-inverse/${hash}`);
    const widget = session.page.locator(TAG);
    await widget.scrollIntoViewIfNeeded();
    await session.page.waitForSelector(`${TAG}[data-state=ready][data-curve=ready]`, { timeout: 30_000 });
    return { ...session, widget };
  }

  it('a preset, rtol, route and ε set by the reader are in the URL and survive a reload', async () => {
    const { page, widget, log } = await openWidget();
    await widget.getByRole('combobox', { name: 'Example' }).selectOption('near-singular');
    await widget.getByRole('combobox', { name: /Route to/ }).selectOption('cod');
    await widget.getByRole('textbox', { name: 'rtol, typed value' }).fill('1e-8');
    await widget.getByRole('textbox', { name: 'ε, typed value' }).fill('1e-10');
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('eps:1e-10'), null, { timeout: 10_000 });
    assert.equal(await hashOf(page), '#demo&pinv=preset:near-singular;rtol:1e-8;route:cod;eps:1e-10');
    await page.waitForSelector(`${TAG}[data-curve=ready]`);
    await nextFrames(page);
    const before = await shownState(page);
    assert.equal(before.rank, '1', 'rtol = 1e-8 cuts the near-singular matrix to rank 1');

    await page.reload();
    await page.waitForSelector(`${TAG}[data-state=ready][data-curve=ready]`, { timeout: 30_000 });
    await nextFrames(page);
    assert.deepEqual(await shownState(page), before, 'the reloaded URL shows the same state');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it("the reader's own matrix is in the URL exactly, and a reload restores it", async () => {
    const { page, widget, log } = await openWidget();
    await widget.getByRole('combobox', { name: 'Example' }).selectOption('invertible');
    await widget.getByRole('textbox', { name: 'A[1][1]', exact: true }).fill('1.0000000001');
    await widget.getByRole('textbox', { name: 'A[0][1]', exact: true }).fill('-2.5e-7');
    await widget.getByRole('combobox', { name: /Route to/ }).selectOption('eig');
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('route:eig'), null, { timeout: 10_000 });
    assert.equal(await hashOf(page), '#demo&pinv=matrix:2,-2.5e-7;1,1.0000000001;rtol:default;route:eig;eps:0.000001');
    await page.waitForSelector(`${TAG}[data-curve=ready]`);
    await nextFrames(page);
    const before = await shownState(page);
    assert.equal(before.preset, 'custom');

    await page.reload();
    await page.waitForSelector(`${TAG}[data-state=ready][data-curve=ready]`, { timeout: 30_000 });
    await nextFrames(page);
    assert.deepEqual(await shownState(page), before, 'the same matrix, route and results after the reload');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('a link pasted into the address bar of the same page is applied', async () => {
    const { page, widget, log } = await openWidget();
    await page.evaluate(() => {
      location.hash = '#demo&pinv=matrix:2,1%3B1,1;route:jacobi;eps:1e-4';
    });
    await page.waitForFunction(() => document.querySelector('mathlet-pinv').dataset.route === 'jacobi', null, { timeout: 10_000 });
    await nextFrames(page);
    const state = await shownState(page);
    assert.deepEqual(
      state.pinv.split(',').map((x) => Math.round(Number(x) * 1e9) / 1e9),
      [1, -1, -1, 2],
      'A⁺ of [[2,1],[1,1]]',
    );
    assert.equal(state.preset, 'custom');
    assert.equal(state.routeField, 'jacobi');
    assert.equal(state.eps, '0.0001');
    assert.equal(await widget.locator('.status').isVisible(), false);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('"Copy link" gives a link that opens the same state', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    const { page, widget } = await openWidget();
    await widget.getByRole('combobox', { name: 'Example' }).selectOption('ill-conditioned');
    await widget.getByRole('combobox', { name: /Route to/ }).selectOption('eig');
    await widget.getByRole('textbox', { name: 'ε, typed value' }).fill('3e-9');
    await page.waitForSelector(`${TAG}[data-curve=ready]`);
    await nextFrames(page);
    const before = await shownState(page);
    await widget.getByRole('button', { name: 'Copy link' }).click();
    await page.waitForFunction(() => document.querySelector('mathlet-pinv').shadowRoot.querySelector('.copy-status').textContent !== '');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(decodeURIComponent(link), /#demo&pinv=preset:ill-conditioned;rtol:default;route:eig;eps:3e-9$/);
    await page.close();

    const opened = await recordedPage(browser.context);
    await opened.page.goto(link);
    await opened.page.waitForSelector(`${TAG}[data-state=ready][data-curve=ready]`, { timeout: 30_000 });
    await nextFrames(opened.page);
    assert.deepEqual(await shownState(opened.page), before, 'the copied link opens the same state');
    assert.deepEqual(opened.log.errors, []);
    await opened.page.close();
  });

  it('a link with bad fields says what it ignored and applies the rest', async () => {
    const { page, widget, log } = await openWidget('#pinv=preset:nope;rtol:lots;route:svd9;eps:1e-4');
    await nextFrames(page);
    const status = await widget.locator('.status').innerText();
    for (const part of [/preset: unknown name “nope”/, /rtol: not a number/, /route: must be one of bdcsvd, jacobi, cod, eig/]) {
      assert.match(status, part, status);
    }
    const state = await shownState(page);
    assert.equal(state.preset, 'rank-deficient', 'the default preset');
    assert.equal(state.routeField, 'bdcsvd', 'the default route');
    assert.equal(state.eps, '0.0001', 'the good field is applied');
    assert.equal(state.rank, '2');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it("a link the core refuses shows the default example and the core's reason", async () => {
    // The eigen route forms AᵀA, whose entries overflow (1e600) for entries near 1e300.
    const { page, widget, log } = await openWidget('#pinv=matrix:1e300,1e300%3B1e300,1;route:eig');
    await nextFrames(page);
    assert.match(await widget.locator('.status').innerText(), /pinvEig: A\^T A overflows .*\. Showing the default example instead\./);
    const state = await shownState(page);
    assert.equal(state.preset, 'rank-deficient');
    assert.equal(state.routeField, 'bdcsvd');
    await widget.getByRole('combobox', { name: 'Example' }).selectOption('wide');
    await nextFrames(page);
    assert.equal(await widget.locator('.status').isVisible(), false, 'the next good edit clears the message');
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
