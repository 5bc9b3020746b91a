// What each widget's browser file needs around its tests: the built site and a browser for the whole
// file (called inside its describe), a fresh recorded page on the widget's article with the widget
// scrolled into view and ready, and a test for the requests that fetched the widget's own chunk.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { openBrowser, recordedPage } from './chromium-session.js';
import { startSite } from './site-server.js';

/**
 * widgetPage('mathlet-cr', 'cr-approximation/#demo') -> { site, browser, open(), isWidgetChunk(url) }:
 * site and browser are set once the file's tests begin; open() resolves to { page, log, widget }.
 */
export function widgetPage(tag, path) {
  const fixture = {
    site: null,
    browser: null,
    async open() {
      const session = await recordedPage(fixture.browser.context);
      await session.page.goto(`${fixture.site.url}${path}`);
      const widget = session.page.locator(tag);
      await widget.scrollIntoViewIfNeeded();
      await session.page.waitForSelector(`${tag}[data-state=ready]`, { timeout: 60_000 });
      return { ...session, widget };
    },
    isWidgetChunk: (url) => new RegExp(`/${tag.replace(/^mathlet-/, '')}-widget-[\\w-]+\\.js$`).test(new URL(url).pathname),
  };
  before(async () => {
    fixture.site = await startSite();
    fixture.browser = await openBrowser();
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.site?.close();
  });
  return fixture;
}

/** Asserts |actual - expected| <= tol * max(1, |expected|), naming what was compared. */
export function assertClose(actual, expected, what, tol = 1e-9) {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}
