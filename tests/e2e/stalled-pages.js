// Headless Chromium now and then stops drawing one page for good: its scripts keep running (timers
// fire, page.evaluate answers) but requestAnimationFrame never calls back again, and neither do
// idle callbacks, IntersectionObserver, lazy widgets or lazy MathJax. Measured here (2 cores, the
// site's pages opened one after another and scrolled through, under load): it happens with pages as
// tabs of one profile and with every page in a context of its own, with --disable-gpu and with
// SwiftShader; the page stays visible; neither a screenshot, a lifecycle freeze and thaw, a resize nor
// a reload revives it, while a new page draws. So the page's renderer is stuck, not its document.
// Its cause is not found yet (see README, Tests); until it is, such a test gets fresh pages.
//
// So `it` here is node:test's `it`, except that a test that fails while one of the pages it opened
// has stopped drawing runs again, on fresh pages, and says so in a line that starts with
// "# chromium-stall" (counted at the end of the browser level). A page whose scripts no longer
// answer (frozen by its own work) is not a stalled page: that failure stands, as does any failure
// with every page still drawing.
import { it as nodeIt } from 'node:test';
import { evaluateBounded, nextFrames } from './page-actions.js';

const openPages = new Set();
const stalledBeforeClose = []; // URLs of pages found stalled when their browser closed (a test's finally)

/** Called by recordedPage for every page it opens. */
export function trackPage(page) {
  openPages.add(page);
  page.once('close', () => openPages.delete(page));
}

const STALL_MS = 5_000;

/** True when `page` gives no two animation frames within STALL_MS but then answers a script. */
async function stoppedDrawing(page) {
  try {
    await nextFrames(page, STALL_MS);
    return false;
  } catch {
    return evaluateBounded(page, () => true, { ms: STALL_MS }).catch(() => false);
  }
}

/** Called before a browser closes: its stalled pages count for the test that is running. */
export async function noteStalledPages(pages) {
  for (const page of pages) if (openPages.has(page) && (await stoppedDrawing(page))) stalledBeforeClose.push(page.url());
}

const RUNS = 3; // a full e2e run here once saw a test's fresh page stall again right after the first

/**
 * Runs `body`; if it fails while a page it opened has stopped drawing, closes its pages and runs
 * it again, up to RUNS runs in all.
 */
export function retryingStalledPages(body, { report = console.log } = {}) {
  return async function (...args) {
    for (let run = 1; ; run++) {
      const before = new Set(openPages);
      stalledBeforeClose.length = 0;
      try {
        return await body.apply(this, args);
      } catch (error) {
        const mine = [...openPages].filter((page) => !before.has(page));
        const stalled = [...stalledBeforeClose];
        for (const page of mine) if (await stoppedDrawing(page)) stalled.push(page.url());
        if (!stalled.length || run === RUNS) throw error;
        report(
          `# chromium-stall: headless Chromium stopped drawing ${stalled.join(', ')} (scripts answer, no animation frame ` +
            `in ${STALL_MS} ms); the test runs again on fresh pages (run ${run + 1} of at most ${RUNS}). ` +
            `It had failed with: ${error.message.split('\n')[0]}`,
        );
        await Promise.all(mine.map((page) => page.close().catch(() => {})));
      }
    }
  };
}

/** node:test's `it`, with the test body wrapped by retryingStalledPages. */
export function it(name, ...rest) {
  return nodeIt(name, ...rest.map((arg) => (typeof arg === 'function' ? retryingStalledPages(arg) : arg)));
}
