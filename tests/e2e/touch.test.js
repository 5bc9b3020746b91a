// The widgets on a phone (Chromium's touch emulation: a touch screen, no mouse, 390 px wide), each
// alone on its embed page: every control is a target of at least 44 × 44 px; a finger that starts on
// a bar's top or on the arrow's tip drags it, while a vertical swipe that starts elsewhere on the same
// chart scrolls the page and edits nothing.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { nextFrames, widgetsReady } from './page-actions.js';
import { startSite } from './site-server.js';
import { ELEMENTS } from '../../web/src/widgets/index.js';

const KINDS = Object.keys(ELEMENTS).map((tag) => tag.replace(/^mathlet-/, ''));
const TARGET = 44; // px, WCAG 2.5.5
const PHONE = { width: 390, height: 800 };

// In the page: every control of every widget that is drawn, measured as a finger meets it (a
// checkbox or radio button through the label that holds it). Returns those smaller than `min`.
function smallTargets(min) {
  const small = [];
  for (const host of document.querySelectorAll('[data-state=ready]')) {
    for (const control of host.shadowRoot.querySelectorAll('button, select, summary, textarea, input:not([type=hidden]), a[href]')) {
      const target = /^(checkbox|radio)$/.test(control.type) ? (control.closest('label') ?? control) : control;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not drawn (a closed <details>, a hidden part)
      // Half a pixel of slack for fractional layout (44 px of a rem-based size can come out as 43.99).
      if (box.width < min - 0.5 || box.height < min - 0.5) {
        const name = control.getAttribute('aria-label') ?? control.textContent.trim().slice(0, 30) ?? '';
        small.push(
          `${host.localName} ${target.localName}${control.type ? `[${control.type}]` : ''} "${name}" ${box.width.toFixed(1)}×${box.height.toFixed(1)}`,
        );
      }
    }
  }
  return small;
}

// A finger's stroke through CDP, from (x, y) by dy pixels in steps, as Chromium's touch input:
// the browser decides from touch-action whether it scrolls or goes to the page as pointer events.
async function stroke(page, cdp, { x, y }, dy, steps = 10) {
  const at = (yy) => [{ x, y: yy }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(y) });
  for (let i = 1; i <= steps; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(y + (dy * i) / steps) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await nextFrames(page);
}

// Opens /embed/#<kind> on the phone, waits until the widget is ready, and counts its mathlet-change events.
async function openWidget(browser, site, kind) {
  const session = await recordedPage(browser.context);
  await session.page.goto(`${site.url}embed/#${kind}`);
  await widgetsReady(session.page);
  await session.page.evaluate(() => {
    window.__changes = 0;
    document.querySelector('[data-state=ready]').addEventListener('mathlet-change', () => {
      window.__changes += 1;
    });
  });
  return session;
}

// The centre of a chart's handle (index `i`) and a point on the same chart away from every handle,
// in viewport coordinates, after scrolling the chart to the middle of the viewport.
async function chartPoints(page, chartSelector, i) {
  return page.evaluate(
    ([selector, index]) => {
      const chart = document.querySelector('[data-state=ready]').shadowRoot.querySelector(selector);
      chart.scrollIntoView({ block: 'center' });
      const handles = [...chart.querySelectorAll('.drag-handle')].map((h) => h.getBoundingClientRect());
      const box = chart.getBoundingClientRect();
      const centre = (r) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
      // Away from the handles: the column (of 8 px steps) farthest from any handle's centre.
      const away = { x: box.left + 6, y: box.top + box.height / 2, distance: -1 };
      for (let x = box.left + 6; x < box.right - 6; x += 8) {
        for (let y = box.top + 30; y < box.bottom - 30; y += 8) {
          const distance = Math.min(...handles.map((h) => Math.hypot(centre(h).x - x, centre(h).y - y)));
          if (distance > away.distance) Object.assign(away, { x, y, distance });
        }
      }
      return { handle: centre(handles[index]), handles: handles.length, away, top: box.top, bottom: box.bottom };
    },
    [chartSelector, i],
  );
}

describe('widgets on a phone', () => {
  let site;
  let browser;
  before(async () => {
    site = await startSite();
    browser = await openBrowser({ viewport: PHONE, touch: true });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const kind of KINDS) {
    it(`<mathlet-${kind}>: every control is at least ${TARGET} × ${TARGET} px`, async () => {
      const { page, log } = await openWidget(browser, site, kind);
      // Open every panel that folds, so that what it holds is measured too.
      await page.evaluate(() => {
        for (const details of document.querySelector('[data-state=ready]').shadowRoot.querySelectorAll('details')) details.open = true;
      });
      await nextFrames(page);
      assert.deepEqual(await page.evaluate(smallTargets, TARGET), []);
      await page.screenshot({ path: join(screenshotDir, `touch-${kind}-phone.png`) }); // the widget's first screen
      assert.deepEqual(log.errors, []);
      await page.close();
    });
  }

  for (const { kind, chart, what } of [
    { kind: 'logsumexp', chart: '.vector-editor .bars', what: 'a bar' },
    { kind: 'grad-clip', chart: '.clip-plane', what: "g's tip" },
  ]) {
    it(`<mathlet-${kind}>: a finger drags ${what}; a swipe elsewhere on the chart scrolls the page`, async () => {
      const { page, log } = await openWidget(browser, site, kind);
      const cdp = await page.context().newCDPSession(page);
      try {
        const points = await chartPoints(page, chart, 0);
        assert.ok(points.handles >= 1, 'the chart has drag handles');
        assert.ok(points.away.distance > TARGET, `a point of the chart away from the handles (${points.away.distance} px)`);
        await nextFrames(page);

        // The drag: the widget changes, the page does not move.
        const scrolled = await page.evaluate(() => scrollY);
        await stroke(page, cdp, points.handle, -40);
        await page.waitForFunction(() => window.__changes > 0, null, { timeout: 15_000 });
        assert.equal(await page.evaluate(() => scrollY), scrolled, 'dragging the handle did not scroll the page');

        // The swipe (up, as a reader scrolls down): the page moves, the widget does not change.
        const changes = await page.evaluate(() => window.__changes);
        const again = await chartPoints(page, chart, 0);
        const before = await page.evaluate(() => scrollY);
        await stroke(page, cdp, again.away, -150);
        await page.waitForFunction((y) => scrollY > y + 60, before, { timeout: 15_000 });
        await nextFrames(page);
        assert.equal(await page.evaluate(() => window.__changes), changes, 'the swipe edited nothing');
        assert.deepEqual(log.errors, []);
      } finally {
        await cdp.detach().catch(() => {});
        await page.close();
      }
    });
  }
});
