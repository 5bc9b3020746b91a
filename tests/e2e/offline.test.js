// The site offline once visited (demos/offline/): a reader reads an article with its widget, the
// network goes (here the server stops for good), and the page loads again, formulas, widget and
// wasm included, and the widget still computes. The service worker keeps only what the page loaded,
// in a cache named for the build.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage } from './chromium-session.js';
import { serveFolder } from './embed-server.js';
import { allTypeset, eventually, mathjaxReady, scrollThrough, widgetsReady } from './page-actions.js';
import { builtSite } from './site-server.js';

// Loads an article as a reader does: every formula typeset, the widget ready.
async function read(page, url) {
  await page.goto(url);
  await mathjaxReady(page);
  await scrollThrough(page);
  await widgetsReady(page);
  await page.evaluate(() => window.MathJax.startup.document.lazyTypesetAll?.());
  await allTypeset(page);
}

// In the page: the URLs of this origin it loaded that the service worker's caches do not hold.
async function unkept() {
  const loaded = [location.href.split('#')[0], ...performance.getEntriesByType('resource').map((entry) => entry.name)];
  const own = loaded.filter((url) => new URL(url).origin === location.origin);
  const missing = [];
  for (const url of own) if (!(await caches.match(url))) missing.push(url);
  return missing;
}

describe('the site offline', () => {
  let site;
  let browser;
  before(async () => {
    site = await serveFolder(builtSite()); // its own server, so that it can stop
    browser = await openBrowser({ serviceWorkers: true });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('an article once visited loads and works with no network', async () => {
    const { page, log } = await recordedPage(browser.context);
    const url = `${site.origin}/logsumexp/`;
    await read(page, url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await eventually(async () => assert.deepEqual(await page.evaluate(unkept), []), { timeout: 30_000, interval: 200 });
    const build = /const CACHE = '([\w-]+)'/.exec(readFileSync(join(builtSite(), 'sw.js'), 'utf8'))[1];
    assert.deepEqual(await page.evaluate(() => caches.keys()), [build], 'one cache, named for this build');

    await site.close();
    await read(page, url);
    assert.equal(await page.evaluate(() => document.querySelectorAll('mjx-merror').length), 0);
    // The widget computes offline: logsumexp of (1, 2, 3) at tau = 1 (logsumexp.md 5.1).
    await page.evaluate(() => {
      const widget = document.querySelector('mathlet-logsumexp');
      widget.setAttribute('values', '1, 2, 3');
      widget.setAttribute('tau', '1');
    });
    await page.waitForFunction(
      () => Math.abs(Number(document.querySelector('mathlet-logsumexp').dataset.lse) - 3.4076059644443803) < 1e-14,
      null,
      {
        timeout: 15_000,
      },
    );
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
