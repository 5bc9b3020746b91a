// Two of the reader's settings, on a widget with line charts (logsumexp) and one with heatmaps (CUR),
// each alone on its embed page, for a reader in dark mode:
//  - printing: the widget prints as a figure with its numbers, in the light palette (paper is
//    white), charts included, and without its buttons and sliders; afterwards it is dark again;
//  - forced colours (Windows high contrast): the charts keep their colours, and a focused control
//    shows a focus ring (box-shadow rings are forced away in this mode).
// Printing is the browser's sequence as a script sees it: beforeprint, then the print media.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { nextFrames, widgetsReady } from './page-actions.js';
import { startSite } from './site-server.js';

// In the page: how the widget looks, in numbers a test can compare.
function looks() {
  const host = document.querySelector('[data-state=ready]');
  const root = host.shadowRoot;
  const luminance = (color) => {
    const [r, g, b] = color.match(/[\d.]+/g).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };
  const charts = [...root.querySelectorAll('.plot-frame svg')];
  const shown = (selector) => [...root.querySelectorAll(selector)].filter((e) => e.getClientRects().length > 0).length;
  return {
    printMark: host.hasAttribute('data-print'),
    charts: charts.length,
    // Each chart's text colour (Plot draws axes and labels in the colour it was given when drawn).
    chartText: charts.map((svg) => luminance(getComputedStyle(svg).color)),
    text: luminance(getComputedStyle(host).color),
    buttons: shown('button'),
    sliders: shown('input[type=range]'),
    numbers: (root.textContent.match(/\d+\.\d+/g) ?? []).length,
    chartsAdjust: charts.map((svg) => getComputedStyle(svg).forcedColorAdjust),
  };
}

describe('printing and forced colours', () => {
  let site;
  let browser;
  before(async () => {
    site = await startSite();
    browser = await openBrowser({ colorScheme: 'dark' });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  async function openWidget(kind) {
    const session = await recordedPage(browser.context);
    await session.page.goto(`${site.url}embed/#${kind}`);
    await widgetsReady(session.page);
    await nextFrames(session.page);
    return session;
  }

  for (const kind of ['logsumexp', 'cur']) {
    it(`<mathlet-${kind}> prints as a light figure with its numbers, then turns dark again`, async () => {
      const { page, log } = await openWidget(kind);
      const screen = await page.evaluate(looks);
      assert.ok(screen.charts > 0 && screen.buttons > 0, JSON.stringify(screen));
      assert.ok(screen.text > 0.6 && screen.chartText.every((l) => l > 0.6), `dark on screen: ${JSON.stringify(screen)}`);

      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      await page.emulateMedia({ media: 'print' });
      const paper = await page.evaluate(looks);
      assert.ok(paper.printMark, 'the host is marked while printing');
      assert.equal(paper.charts, screen.charts, 'every chart prints');
      assert.ok(paper.text < 0.4, `dark text on paper (${paper.text})`);
      assert.ok(
        paper.chartText.every((l) => l < 0.4),
        `every chart redrawn in the light palette: ${paper.chartText}`,
      );
      assert.equal(paper.buttons, 0, 'no buttons on paper');
      assert.equal(paper.sliders, 0, 'no sliders on paper');
      assert.ok(paper.numbers >= screen.numbers - 2 && paper.numbers > 5, `the numbers print (${paper.numbers} of ${screen.numbers})`);
      await page.screenshot({ path: join(screenshotDir, `print-${kind}.png`), fullPage: true });

      await page.emulateMedia({ media: null });
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      const back = await page.evaluate(looks);
      assert.ok(!back.printMark && back.chartText.every((l) => l > 0.6), `dark again after printing: ${JSON.stringify(back)}`);
      assert.deepEqual(log.errors, []);
      await page.close();
    });

    it(`<mathlet-${kind}> in forced colours: charts in their colours, a visible focus ring`, async () => {
      const { page, log } = await openWidget(kind);
      await page.emulateMedia({ forcedColors: 'active' });
      await nextFrames(page);
      const forced = await page.evaluate(looks);
      assert.ok(forced.chartsAdjust.length > 0 && forced.chartsAdjust.every((v) => v === 'none'), JSON.stringify(forced.chartsAdjust));
      // Keyboard focus on the widget's first control: its ring is an outline, which forced colours keep.
      await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => {
        let focused = document.activeElement;
        while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
        const style = getComputedStyle(focused);
        return { tag: focused.localName, style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
      });
      assert.ok(ring.style !== 'none' && ring.width >= 2, `focus ring on ${ring.tag}: ${JSON.stringify(ring)}`);
      await page.screenshot({ path: join(screenshotDir, `forced-colors-${kind}.png`) });
      assert.deepEqual(log.errors, []);
      await page.close();
    });
  }
});
