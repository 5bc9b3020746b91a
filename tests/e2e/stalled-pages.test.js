// The browser tests' one retry (stalled-pages.js) must fire only for a page that stopped drawing:
// a page whose requestAnimationFrame never calls back (standing in for the headless stall) gets its
// test run again on a fresh page; a failure on a page that draws, or on one frozen by its own
// script, stands.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage } from './chromium-session.js';
import { retryingStalledPages as retrying } from './stalled-pages.js';

// The retries these tests provoke are reported to them, not to the log that npm test counts real stalls in.
const reports = [];
const retryingStalledPages = (body) => retrying(body, { report: (line) => reports.push(line) });

const stopDrawing = () => {
  window.requestAnimationFrame = () => 0;
};
const freeze = () => {
  setTimeout(() => {
    for (;;);
  }, 0);
};

describe('the retry on a stalled page', () => {
  let browser;
  before(async () => {
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  // A test body that opens a page, spoils the first one with `spoil`, and fails on its first run.
  function failingOnce(spoil) {
    const runs = [];
    const body = async () => {
      const { page } = await recordedPage(browser.context);
      await page.setContent('<p>a page</p>');
      if (runs.length === 0 && spoil) await page.evaluate(spoil);
      runs.push(page);
      if (runs.length === 1) throw new Error('first run fails');
      await page.close();
    };
    return { runs, body: retryingStalledPages(body) };
  }

  it('runs a test again, on a fresh page, when its page stopped drawing', async () => {
    const { runs, body } = failingOnce(stopDrawing);
    await body();
    assert.equal(runs.length, 2);
    assert.notEqual(runs[0], runs[1], 'the second run had a page of its own');
    assert.ok(runs[0].isClosed(), 'the stalled page was closed');
    assert.match(
      reports.at(-1),
      /^# chromium-stall: .*run 2 of at most 3.*first run fails/,
      'the rerun is reported with its first failure',
    );
  });

  it('runs it again too when the test closed its own browser, stalled page and all, before failing', async () => {
    let runs = 0;
    const body = retryingStalledPages(async () => {
      const own = await openBrowser();
      try {
        const { page } = await recordedPage(own.context);
        await page.setContent('<p>a page</p>');
        if (runs++ === 0) {
          await page.evaluate(stopDrawing);
          throw new Error('first run fails');
        }
      } finally {
        await own.close();
      }
    });
    await body();
    assert.equal(runs, 2);
  });

  it("gives up after three runs when every run's page stops drawing", async () => {
    let runs = 0;
    const body = retryingStalledPages(async () => {
      runs++;
      const { page } = await recordedPage(browser.context);
      await page.setContent('<p>a page</p>');
      await page.evaluate(stopDrawing);
      throw new Error(`run ${runs} fails`);
    });
    await assert.rejects(body(), /run 3 fails/);
    assert.equal(runs, 3);
  });

  it('lets a failure stand when the page still draws', async () => {
    const { runs, body } = failingOnce(null);
    await assert.rejects(body(), /first run fails/);
    assert.equal(runs.length, 1);
  });

  it('lets a failure stand when the page is frozen by its own script', async () => {
    const { runs, body } = failingOnce(freeze);
    await assert.rejects(body(), /first run fails/);
    assert.equal(runs.length, 1);
    await runs[0].close({ runBeforeUnload: false }).catch(() => {});
  });
});
