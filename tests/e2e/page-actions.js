// Steps the tests take on a page: wait for MathJax's first pass, scroll through in reader-sized steps.

/**
 * page.evaluate(pageFunction), but rejects after `ms`: page.evaluate has no timeout of its own, so
 * a page promise that never settled would hang the whole test run instead of failing one test.
 */
export async function evaluateBounded(page, pageFunction, { ms = 15_000, what = 'a page promise' } = {}) {
  let timer;
  const evaluation = page.evaluate(pageFunction);
  evaluation.catch(() => {}); // a late rejection (page closed after the timeout) is not unhandled
  const late = new Error(`${what} did not settle in ${ms} ms`); // made here, so its stack names the caller
  const limit = new Promise((_, fail) => {
    timer = setTimeout(() => fail(late), ms);
  });
  try {
    return await Promise.race([evaluation, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once MathJax has loaded and finished its initial (lazy) typesetting pass. */
export async function mathjaxReady(page) {
  await page.waitForFunction(() => window.MathJax?.startup?.promise, null, { timeout: 30_000 });
  await evaluateBounded(page, () => window.MathJax.startup.promise, { ms: 30_000, what: 'MathJax startup' });
}

/**
 * Scrolls from top to bottom in reader-sized steps, letting two animation frames pass at each step
 * (so IntersectionObserver reports, lazy typesetting and lazy widgets get their cue). The height is
 * read again at every step: a widget that loads taller than its placeholder pushes the rest down.
 * Callers then wait on what they need (widgetsReady, allTypeset). A step of 700 px, less than the
 * sessions' 800 px viewport, still puts every element in view at some step (350 px took twice the
 * steps, about a second per visit of a long page, for no element more).
 */
export async function scrollThrough(page, { step = 700 } = {}) {
  for (let y = 0; y <= (await page.evaluate(() => document.documentElement.scrollHeight)); y += step) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await nextFrames(page);
  }
}

/** Resolves once every formula source on the page holds typeset SVG (`timeout` ms at most, then throws). */
export async function allTypeset(page, { timeout = 30_000 } = {}) {
  await page.waitForFunction(() => [...document.querySelectorAll('.math')].every((m) => m.querySelector('mjx-container svg')), null, {
    timeout,
    polling: 100,
  });
}

/** Resolves once every registered <mathlet-*> element on the page is ready. */
export async function widgetsReady(page, { timeout = 60_000 } = {}) {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('*')]
        .filter((e) => e.localName.startsWith('mathlet-') && customElements.get(e.localName))
        .every((e) => e.dataset.state === 'ready'),
    null,
    { timeout, polling: 100 },
  );
}

/**
 * Retries `check` (an async function that throws while its condition does not hold, such as a
 * function of node:assert checks) until it passes or `timeout` ms have passed; then its last error
 * is thrown. The test-side twin of a wait on a page condition, for conditions read through the API.
 */
export async function eventually(check, { timeout = 15_000, interval = 40 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > end) throw error;
    }
    await new Promise((resolve) => {
      setTimeout(resolve, interval);
    });
  }
}

/** Resolves after two animation frames: every change batched for the next frame has been drawn. */
export async function nextFrames(page, ms = 15_000) {
  const twoFrames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await evaluateBounded(page, twoFrames, { ms, what: 'two animation frames' });
}

/**
 * Resolves once IntersectionObserver has seen the page as it is now (after a scroll): two frames
 * pass, then a fresh observer's first report arrives, in the same delivery as the reports of the
 * page's own observers (the lazy widgets' cue to load), whose callbacks have run by the next command.
 */
export async function observersCaughtUp(page) {
  await nextFrames(page);
  await evaluateBounded(
    page,
    () =>
      new Promise((done) => {
        const observer = new IntersectionObserver(() => {
          observer.disconnect();
          done();
        });
        observer.observe(document.documentElement);
      }),
    { what: 'an IntersectionObserver report' },
  );
}

/** Resolves once every formula in the viewport is typeset (MathJax typesets lazily, as they come into view) and drawn. */
export async function viewportTypeset(page) {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.math')]
        .filter((m) => {
          const r = m.getBoundingClientRect();
          return r.bottom > 0 && r.top < innerHeight;
        })
        .every((m) => m.querySelector('mjx-container svg')),
    null,
    { timeout: 30_000 },
  );
  await nextFrames(page);
}

/**
 * Resolves once the first `tag` element has drawn its pending changes and no CSS transition runs in
 * it (a panel dims while it waits for the worker and fades back after): a screenshot shows a still picture.
 */
export async function stillWidget(page, tag) {
  await nextFrames(page);
  await page.waitForFunction((t) => document.querySelector(t).shadowRoot.getAnimations().length === 0, tag, { timeout: 15_000 });
}

/**
 * Clicks a <details> summary and resolves once the element's toggle event has been handled: the
 * event is queued as a task, so the widget's own listener (added before this one) has run by then.
 * The listener is in place before the click (awaited), and the wait is bounded: a toggle that never
 * comes fails the test within 15 s instead of hanging it.
 */
export async function toggleDetails(details) {
  await details.evaluate((d) => {
    d.dataset.toggled = 'no';
    d.addEventListener(
      'toggle',
      () => {
        d.dataset.toggled = 'yes';
      },
      { once: true },
    );
  });
  await details.locator('summary').click();
  const handle = await details.elementHandle();
  try {
    await details.page().waitForFunction((d) => d.dataset.toggled === 'yes', handle, { timeout: 15_000, polling: 50 });
  } finally {
    await handle.evaluate((d) => delete d.dataset.toggled).catch(() => {});
    await handle.dispose();
  }
}

/**
 * Counts over an article page's formulas (run with page.evaluate after scrolling through): sources,
 * rendered ones, unprotected sources or containers, TeX errors, raw delimiters left, and prose
 * paragraphs that stay translatable.
 */
export function formulaCensus() {
  const sources = [...document.querySelectorAll('.math')];
  const containers = [...document.querySelectorAll('mjx-container')];
  return {
    sources: sources.length,
    unprotectedSources: sources.filter((m) => m.getAttribute('translate') !== 'no' || !m.classList.contains('notranslate')).length,
    rendered: containers.filter((c) => c.querySelector('svg')).length,
    unprotected: containers.filter((c) => !(c.classList.contains('notranslate') || c.closest('[translate="no"]'))).length,
    merror: document.querySelectorAll('mjx-merror').length,
    raw: sources.filter((m) => /\\[()[\]]/.test(m.textContent)).length,
    proseTranslatable: [...document.querySelectorAll('main p')].filter((p) => !p.closest('[translate="no"]')).length,
  };
}

/**
 * Visits every formula that lazy typesetting has not reached yet (on a busy machine a fast scroll
 * can pass one by before MathJax gets to it) until all are typeset or `timeout` ms have passed.
 */
export async function visitUntypesetFormulas(page, { timeout = 45_000 } = {}) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const left = await page.evaluate(() => {
      const pending = [...document.querySelectorAll('.math')].filter((m) => !m.querySelector('mjx-container svg'));
      pending[0]?.scrollIntoView({ block: 'center' });
      return pending.length;
    });
    if (left === 0) return;
    await nextFrames(page);
  }
}

/**
 * In the page (page.waitForFunction(widgetsSettled, tag)): whether the widgets, every mathlet element
 * or the first `tag` one, have no worker result still to come (curves, sweeps, fans, max volume).
 * Until then a widget shows a "computing…" line or badge, and its numbers and size may still change.
 */
export function widgetsSettled(tag = null) {
  const hosts = tag
    ? [document.querySelector(tag)]
    : [...document.querySelectorAll('*')].filter((el) => el.localName.startsWith('mathlet-'));
  return hosts.every(
    (host) =>
      host &&
      !host.dataset.busy &&
      !host.dataset.pending &&
      host.dataset.curves !== 'pending' &&
      host.dataset.curve !== 'computing' &&
      !host.shadowRoot?.querySelector('[aria-busy="true"]'),
  );
}
