// Steps the tests take on a page: wait for MathJax's first pass, scroll through in reader-sized steps.

/** Resolves once MathJax has loaded and finished its initial (lazy) typesetting pass. */
export async function mathjaxReady(page) {
  await page.waitForFunction(() => window.MathJax?.startup?.promise, null, { timeout: 30_000 });
  await page.evaluate(() => window.MathJax.startup.promise);
}

/** Scrolls from top to bottom in steps (so lazy typesetting and lazy widgets fire), then waits. */
export async function scrollThrough(page, { step = 350, pause = 120, settle = 1200 } = {}) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y <= height; y += step) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(pause);
  }
  await page.waitForTimeout(settle);
}
