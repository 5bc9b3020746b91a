// Every page of the built site renders with no console error, no failed request and no request
// outside its own origin, also after scrolling to the end (lazy formulas and widgets included).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { externalRequests, openBrowser, recordedPage } from './chromium-session.js';
import { mathjaxReady, scrollThrough } from './page-actions.js';
import { startSite } from './site-server.js';

const PAGES = [
  { path: '', title: /mathlets/, links: ['logsumexp/'] },
  { path: 'logsumexp/', title: /logsumexp/, mathjax: true, widgets: ['mathlet-logsumexp'] },
  { path: 'pseudo-inverse/', title: /pseudo-inverse/, mathjax: true, widgets: ['mathlet-pinv'] },
  { path: 'cr-approximation/', title: /CR/, mathjax: true, widgets: ['mathlet-cr'] },
  { path: 'cur-decomposition/', title: /CUR/, mathjax: true, widgets: ['mathlet-cur'] },
];

describe('site pages', () => {
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

  for (const spec of PAGES) {
    it(`/${spec.path} renders cleanly and stays on its origin`, async () => {
      const { page, log } = await recordedPage(browser.context);
      const response = await page.goto(site.url + spec.path, { waitUntil: 'load' });
      assert.equal(response.status(), 200);
      assert.match(await page.title(), spec.title);
      assert.ok((await page.locator('h1').innerText()).length > 5, 'the page has a heading');
      if (spec.mathjax) await mathjaxReady(page);
      await scrollThrough(page);
      for (const tag of spec.widgets ?? []) {
        await page.waitForSelector(`${tag}[data-state=ready]`, { timeout: 30_000 });
      }
      for (const href of spec.links ?? []) {
        assert.equal(await page.locator(`a[href="./${href}"]`).count(), 1, `links to ${href}`);
      }
      assert.ok(log.requests.length > 1, 'requests were recorded');
      assert.deepEqual(externalRequests(log, site.origin), [], 'no request leaves the origin');
      assert.deepEqual(log.failed, [], 'no request failed');
      assert.deepEqual(log.errors, [], 'no console or page errors');
      assert.equal(await page.evaluate(() => window.crossOriginIsolated), true, 'COOP/COEP headers are served');
      await page.close();
    });
  }

  it('works under another base path (relative URLs throughout)', async () => {
    const nested = await startSite({ base: '/blog/mathlets/' });
    try {
      assert.match(nested.url, /\/blog\/mathlets\/$/);
      const { page, log } = await recordedPage(browser.context);
      await page.goto(nested.url);
      await page.locator('.articles a').first().click();
      await mathjaxReady(page);
      await page.waitForSelector('mjx-container svg');
      await page.locator('mathlet-logsumexp').scrollIntoViewIfNeeded();
      await page.waitForSelector('mathlet-logsumexp[data-state=ready]', { timeout: 30_000 });
      assert.ok(log.requests.some((url) => url.endsWith('.wasm')));
      const outside = log.requests.filter((url) => !url.startsWith(nested.url) && !/^(data|blob):/.test(url));
      assert.deepEqual(outside, [], 'every request stays under the base path');
      assert.deepEqual(log.failed, []);
      assert.deepEqual(log.errors, []);
      await page.close();
    } finally {
      await nested.close();
    }
  });

  it('the index links to every article page that exists', async () => {
    const { page } = await recordedPage(browser.context);
    await page.goto(site.url);
    const hrefs = await page.locator('.articles a').evaluateAll((links) => links.map((a) => a.href));
    assert.ok(hrefs.length >= 1);
    for (const href of hrefs) {
      const response = await page.request.get(href);
      assert.equal(response.status(), 200, href);
      assert.match(await response.text(), /<mathlet-/, `${href} holds a widget`);
    }
    await page.close();
  });
});
