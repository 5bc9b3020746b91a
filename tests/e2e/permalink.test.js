// Permalinks (web/src/widgets/parts/permalink.js): a widget's state in the URL hash, one entry per
// widget, restored on load (the linked widget loads at once and comes into view), rewritten with
// replaceState as the reader edits (other entries and plain anchors kept), restored again when the
// hash is edited in place, and a "copy link" button whose link reproduces the state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatFields, formatHash, parseFields, parseHash } from '../../web/src/widgets/parts/permalink.js';
import { openBrowser, recordedPage } from './chromium-session.js';
import { buildEmbedBundle, serveEmbedPage } from './embed-server.js';
import { startSite } from './site-server.js';
import { nextFrames } from './page-actions.js';

function lse(x, tau = 1) {
  const m = Math.max(...x);
  return m + tau * Math.log(x.reduce((s, v) => s + Math.exp((v - m) / tau), 0));
}
const close = (actual, expected, what) =>
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
const hashOf = (page) => page.evaluate(() => decodeURIComponent(location.hash));

describe('permalink format', () => {
  it('parses and formats entries, fields and plain anchors', () => {
    const parsed = parseHash('#demo&logsumexp=values:1,2,3;tau:0.5&topk=k:2');
    assert.deepEqual(parsed.anchors, ['demo']);
    assert.deepEqual(
      [...parsed.entries],
      [
        ['logsumexp', 'values:1,2,3;tau:0.5'],
        ['topk', 'k:2'],
      ],
    );
    assert.equal(formatHash(parsed), '#demo&logsumexp=values:1,2,3;tau:0.5&topk=k:2');
    assert.deepEqual(parseFields('values:1,-2.5,3e-7;tau:0.5;method:threshold-exp'), {
      values: '1,-2.5,3e-7',
      tau: '0.5',
      method: 'threshold-exp',
    });
    assert.equal(formatFields({ values: [1, -2.5, 0.1 + 0.2], tau: 0.5, skipped: null }), 'values:1,-2.5,0.3;tau:0.5');
    assert.equal(formatFields({ values: Float64Array.of(1e-20, 123456789012345) }), 'values:1e-20,123456789012000');
    assert.deepEqual(parseFields(formatFields({ method: 'a;b:c&d' })), { method: 'a;b:c&d' }, 'separators inside values are escaped');
    assert.deepEqual(parseHash('#%E0%A4%A=1').entries.get('%E0%A4%A'), '1', 'a malformed escape is kept as text');
  });
});

describe('permalinks in the browser', () => {
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

  it('restores the state in the URL, loading the linked widget at once and scrolling to it', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.goto(`${site.url}logsumexp/#logsumexp=values:4,-1,2.5;tau:0.5;t:2`);
    await page.waitForSelector('mathlet-logsumexp[data-state=ready]', { timeout: 30_000 });
    await nextFrames(page);
    close(Number(await page.locator('mathlet-logsumexp').getAttribute('data-lse')), lse([4, -1, 2.5], 0.5), 'lse of the linked state');
    const fields = await page
      .locator('mathlet-logsumexp .vector-editor')
      .first()
      .locator('input')
      .evaluateAll((inputs) => inputs.map((i) => i.value));
    assert.deepEqual(fields, ['4', '\u22121', '2.5']);
    const inView = await page.locator('mathlet-logsumexp').evaluate((e) => {
      const r = e.getBoundingClientRect();
      return r.top < innerHeight && r.bottom > 0;
    });
    assert.ok(inView, 'the linked widget is scrolled into view');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('records edits in the hash (keeping the #demo anchor) and follows an edited hash', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.goto(`${site.url}logsumexp/#demo`);
    const widget = page.locator('mathlet-logsumexp');
    await widget.scrollIntoViewIfNeeded();
    await page.waitForSelector('mathlet-logsumexp[data-state=ready]', { timeout: 30_000 });
    const historyLength = await page.evaluate(() => history.length);
    await widget.getByRole('textbox', { name: 'x₂', exact: true }).fill('7');
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('values:1,7,3'), null, { timeout: 10_000 });
    assert.equal(await hashOf(page), '#demo&logsumexp=values:1,7,3;tau:1;t:3;y:1.5,1,3.2;mix:0.3');
    assert.equal(await page.evaluate(() => history.length), historyLength, 'replaceState: no new history entries');
    // The second vector y and the mixing weight are in the link too.
    await widget.getByRole('textbox', { name: 'y₁', exact: true }).fill('4');
    await widget.getByRole('textbox', { name: 'λ, typed value' }).fill('0.8');
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('mix:0.8'), null, { timeout: 10_000 });
    assert.equal(await hashOf(page), '#demo&logsumexp=values:1,7,3;tau:1;t:3;y:4,1,3.2;mix:0.8');

    // A link pasted into the address bar of the same page (a hashchange) is applied.
    await page.evaluate(() => {
      location.hash = '#demo&logsumexp=values:0,0;tau:2';
    });
    await page.waitForFunction(
      () =>
        document.querySelector('mathlet-logsumexp').shadowRoot.querySelectorAll('.vector-editor input').length > 0 &&
        Math.abs(Number(document.querySelector('mathlet-logsumexp').dataset.lse) - 2 * Math.log(2)) < 1e-9,
      null,
      { timeout: 10_000 },
    );
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('"Copy link" puts a link on the clipboard that opens the same state', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    const { page } = await recordedPage(browser.context);
    await page.goto(`${site.url}smooth-topk/`);
    const widget = page.locator('mathlet-smooth-topk');
    await widget.scrollIntoViewIfNeeded();
    await page.waitForSelector('mathlet-smooth-topk[data-state=ready]', { timeout: 30_000 });
    await widget.getByRole('textbox', { name: 'x₁', exact: true }).fill('5');
    await nextFrames(page);
    const output = await widget.getAttribute('data-output');
    const copy = widget.getByRole('button', { name: 'Copy link' });
    await copy.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('mathlet-smooth-topk').shadowRoot.querySelector('.copy-status').textContent !== '',
    );
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(decodeURIComponent(link), /#smooth-topk=values:5,2,1,4;k:2;tau:1;method:threshold-piecewise$/);
    await page.close();

    const opened = await recordedPage(browser.context);
    await opened.page.goto(link);
    await opened.page.waitForSelector('mathlet-smooth-topk[data-state=ready]', { timeout: 30_000 });
    await nextFrames(opened.page);
    assert.equal(await opened.page.locator('mathlet-smooth-topk').getAttribute('data-output'), output, 'the link opens the same state');
    assert.deepEqual(opened.log.errors, []);
    await opened.page.close();
  });

  it('keeps one entry per widget on a page with several (keyed by id) and restores each', async () => {
    const bundle = await buildEmbedBundle();
    const blog = await serveEmbedPage(bundle.dir);
    try {
      const { page, log } = await recordedPage(browser.context);
      await page.goto(blog.url);
      for (const [id, value] of [
        ['lse-basic', '9'],
        ['lse-tie', '8'],
      ]) {
        const widget = page.locator(`#${id}`);
        await widget.scrollIntoViewIfNeeded();
        await page.waitForSelector(`#${id}[data-state=ready]`, { timeout: 30_000 });
        await widget.getByRole('textbox', { name: 'x₁', exact: true }).fill(value);
        await page.waitForFunction((v) => decodeURIComponent(location.hash).includes(`values:${v},`), value, { timeout: 10_000 });
      }
      const hash = await hashOf(page);
      // y is each widget's default (its initial x shifted by 0.5, −1, 0.2, 0.5): editing x leaves it.
      assert.equal(
        hash,
        '#lse-basic=values:9,2,3;tau:1;t:3;y:1.5,1,3.2;mix:0.3&lse-tie=values:8,4,4,1;tau:0.5;t:3;y:2.5,3,4.2,1.5;mix:0.3',
      );
      const lses = await page.evaluate(() => ['lse-basic', 'lse-tie'].map((id) => document.getElementById(id).dataset.lse));

      const reopened = await recordedPage(browser.context);
      await reopened.page.goto(blog.url + hash);
      for (const id of ['lse-basic', 'lse-tie']) await reopened.page.waitForSelector(`#${id}[data-state=ready]`, { timeout: 30_000 });
      await nextFrames(reopened.page);
      assert.deepEqual(
        await reopened.page.evaluate(() => ['lse-basic', 'lse-tie'].map((id) => document.getElementById(id).dataset.lse)),
        lses,
      );
      assert.deepEqual(log.errors, []);
      assert.deepEqual(reopened.log.errors, []);
      await page.close();
      await reopened.page.close();
    } finally {
      await blog.close();
      bundle.remove();
    }
  });

  it('writes nothing to the URL when the element says permalink="off"', async () => {
    const { page } = await recordedPage(browser.context);
    await page.goto(`${site.url}gradient-clipping/`);
    const widget = page.locator('mathlet-grad-clip');
    await widget.evaluate((e) => e.setAttribute('permalink', 'off'));
    await widget.scrollIntoViewIfNeeded();
    await page.waitForSelector('mathlet-grad-clip[data-state=ready]', { timeout: 30_000 });
    const before = await widget.getAttribute('data-norm');
    // The page's clock is faked from here, and run on by hand: 1 s of it is longer than the write
    // throttle (400 ms), so any write the edit had scheduled has happened when runFor returns.
    await page.clock.install();
    await widget.getByRole('textbox', { name: 'g₁', exact: true }).fill('0.5');
    await page.clock.runFor(1000);
    await page.waitForFunction((b) => document.querySelector('mathlet-grad-clip').dataset.norm !== b, before);
    assert.equal(await page.evaluate(() => location.hash), '');
    // The same steps without permalink="off" do write: the check above could have seen a write.
    await widget.evaluate((e) => e.removeAttribute('permalink'));
    await widget.getByRole('textbox', { name: 'g₁', exact: true }).fill('0.7');
    await page.clock.runFor(1000);
    assert.match(await page.evaluate(() => decodeURIComponent(location.hash)), /^#grad-clip=g:0\.7,/);
    await page.close();
  });
});
