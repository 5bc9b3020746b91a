// Every page of the built site (each index.html the build wrote, so a new article is covered the
// day it lands) renders with no console error, no failed request, no response of 400 or more and no
// request outside its own origin, also after scrolling to the end: every formula typeset and every
// widget ready, every formula marked untranslatable and the prose not. Then, on that same load, axe-core finds no WCAG 2.1 A/AA violation, in light and in
// dark mode (axe-audit.js). MathJax as a reader gets it: its speech worker on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { externalRequests, openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { describeViolations, violationsInBothSchemes } from './axe-audit.js';
import { allTypeset, formulaCensus, mathjaxReady, scrollThrough, viewportTypeset, widgetsReady } from './page-actions.js';
import { builtPages, startSite } from './site-server.js';

const PAGES = builtPages();

describe('site pages', () => {
  let site;
  let browser;
  before(async () => {
    site = await startSite();
    browser = await openBrowser({ mathSpeech: true });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('the build holds the index and every article', () => {
    assert.ok(PAGES.includes(''), 'the index');
    assert.ok(PAGES.length >= 7, `the index and six articles at least: ${PAGES}`);
  });

  for (const path of PAGES) {
    it(`/${path} renders cleanly, typesets every formula, readies every widget, stays on its origin; axe finds nothing`, async () => {
      const { page, log } = await recordedPage(browser.context);
      const response = await page.goto(site.url + path, { waitUntil: 'load' });
      assert.equal(response.status(), 200);
      assert.ok((await page.title()).length > 3, 'the page has a title');
      assert.ok((await page.locator('h1').innerText()).length > 5, 'the page has a heading');
      const formulas = await page.locator('.math').count();
      if (formulas) await mathjaxReady(page);
      await scrollThrough(page);
      await widgetsReady(page);
      if (formulas) {
        await page.evaluate(() => window.MathJax.startup.document.lazyTypesetAll?.());
        await allTypeset(page);
        const census = await page.evaluate(formulaCensus);
        assert.ok(path === '' || census.sources >= 20, `an article's formulas (${census.sources})`);
        assert.equal(census.unprotectedSources, 0, 'every formula source is marked translate="no" and notranslate');
        assert.equal(census.rendered, census.sources, 'every formula typeset');
        assert.equal(census.unprotected, 0, 'every rendered formula is protected from translation');
        assert.equal(census.merror, 0, 'no TeX errors');
        assert.equal(census.raw, 0, 'no raw delimiters left');
        assert.ok(census.proseTranslatable > 5, 'the prose stays translatable');
      }
      assert.ok(log.requests.length > 1, 'requests were recorded');
      assert.deepEqual(externalRequests(log, site.origin), [], 'no request leaves the origin');
      assert.deepEqual(log.bad, [], 'no response of 400 or more');
      assert.deepEqual(log.failed, [], 'no request failed');
      assert.deepEqual(log.errors, [], 'no console or page errors');
      assert.equal(await page.evaluate(() => window.crossOriginIsolated), true, 'COOP/COEP headers are served');
      const violations = await violationsInBothSchemes(page);
      assert.equal(violations.length, 0, `axe-core violations on /${path}:\n${describeViolations(violations)}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      if (formulas) await viewportTypeset(page);
      await page.screenshot({ path: join(screenshotDir, `page-${path.replace(/\/$/, '') || 'index'}-top.png`) });
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
      assert.deepEqual(log.bad, []);
      assert.deepEqual(log.failed, []);
      assert.deepEqual(log.errors, []);
      await page.close();
    } finally {
      await nested.close();
    }
  });

  it('the index links to every article page the build holds, and each holds a widget', async () => {
    const { page } = await recordedPage(browser.context);
    await page.goto(site.url);
    const hrefs = await page.locator('.articles a').evaluateAll((links) => links.map((a) => a.href));
    assert.equal(new URL(await page.locator('footer a[href="./embed/"]').evaluate((a) => a.href)).pathname, '/embed/');
    const linked = hrefs.map((href) => new URL(href).pathname.replace(/^\//, '')).sort();
    assert.deepEqual(
      linked,
      PAGES.filter((path) => path !== '' && path !== 'embed/'), // the embed page is linked from the footer
      'one link per article',
    );
    for (const href of hrefs) {
      const response = await page.request.get(href);
      assert.equal(response.status(), 200, href);
      assert.match(await response.text(), /<mathlet-/, `${href} holds a widget`);
    }
    await page.close();
  });
});
