// Pages that are wiped and reused instead of closed. A page a test closes keeps its browser context
// and with it its renderer process, where V8 keeps what it compiled: MathJax, Plot and the widgets'
// JS, and the wasm. Loading an article again in that process took about half the CPU of a load in a
// fresh context (renderer 2.6 s against 4.9 s per load of /logsumexp/ scrolled through, the browser
// process 0.85 s against 1.5 s), and the browser tests are CPU-bound on this 2-core machine.
//
// What a test could leave behind is undone before the page is handed out again: its event
// listeners, init scripts and routes, its colour-scheme emulation and viewport, and the origin's
// storage (local and session storage, IndexedDB, cache storage, service workers); the page is then
// parked on about:blank, so the last document's widgets and workers stop. A page that cannot be
// wiped (crashed, closed by its context) is closed for real and never handed out again.

/**
 * A pool of pages opened by `openContext()`, which resolves to a fresh Playwright browser context
 * made with `colorScheme` and `viewport`. `take()` resolves to a page whose `close()` hands it back.
 */
export function createPagePool({ openContext, colorScheme, viewport }) {
  const parked = [];
  const all = new Set();

  async function take() {
    const page = parked.pop() ?? (await openPage());
    return lease(page);
  }

  async function openPage() {
    const context = await openContext();
    const page = await context.newPage();
    page.once('close', () => context.close().catch(() => {}));
    all.add(context);
    context.once('close', () => all.delete(context));
    return page;
  }

  // The page as a test sees it: listeners, init scripts and routes it adds are recorded so that
  // returning it can take them away again; close() returns it.
  function lease(page) {
    const added = { listeners: [], scripts: [] };
    const own = { on: page.on, once: page.once, addListener: page.addListener, addInitScript: page.addInitScript, close: page.close };
    for (const method of ['on', 'once', 'addListener']) {
      page[method] = (event, listener) => {
        added.listeners.push([event, listener]);
        return own[method].call(page, event, listener);
      };
    }
    page.addInitScript = async (...args) => {
      const script = await own.addInitScript.apply(page, args);
      added.scripts.push(script);
      return script;
    };
    page.close = async () => {
      Object.assign(page, own);
      if (!(await wipe(page, added, { colorScheme, viewport }))) return page.close().catch(() => {});
      parked.push(page);
    };
    return page;
  }

  return {
    take,
    /** Closes every context the pool opened, in use or parked. */
    async close() {
      parked.length = 0;
      await Promise.all([...all].map((context) => context.close().catch(() => {})));
    },
  };
}

// Undoes what a test did to `page`; false if the page cannot be used again.
async function wipe(page, added, { colorScheme, viewport }) {
  if (page.isClosed()) return false;
  try {
    for (const [event, listener] of added.listeners) page.off(event, listener);
    for (const script of added.scripts) await script.dispose();
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await clearOriginStorage(page);
    await page.goto('about:blank');
    await page.emulateMedia({ colorScheme, media: null, reducedMotion: null, forcedColors: null });
    await page.setViewportSize(viewport);
    return true;
  } catch {
    return false;
  }
}

async function clearOriginStorage(page) {
  const { origin } = new URL(page.url());
  if (!origin.startsWith('http')) return;
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
  } finally {
    await cdp.detach().catch(() => {});
  }
}
