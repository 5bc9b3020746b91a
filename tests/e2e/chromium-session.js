// Debian's Chromium driven by playwright-core (TOOLCHAIN 1.7), with every request, console error
// and page error recorded so each test can assert on them.
//
// One Chromium process per test file (launched once, not once per test), and every page in a
// browser context of its own. A page a test closes is wiped and reused by the next test
// (page-pool.js): its renderer keeps what V8 compiled, and nothing the test left behind (listeners,
// init scripts, routes, storage, permissions, emulation) reaches the next one.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createPagePool } from './page-pool.js';

export const screenshotDir = join(dirname(fileURLToPath(import.meta.url)), '../../test-results');

// Compositing in the GPU process (SwiftShader, the CPU implementation of the GPU interfaces), tiles
// rasterized by the page's renderer. With --disable-gpu (software compositing), Chromium 156 now and
// then stops drawing a page for good: a trace of such a page (cc.debug.scheduler) shows its compositor
// holding a pending layer tree that never becomes ready to activate, because raster tasks it
// scheduled for it never run while every renderer thread sits idle; with no activation no new main
// frame is sent, so requestAnimationFrame, idle callbacks, IntersectionObserver and screenshots wait
// forever, while timers and scripts run on. It came in 3 to 30% of the loads of a widget page with
// MathJax's speech worker busy beside it on this 2-core machine (more raster threads or no checker
// imaging did not help), and never in 78 such loads with SwiftShader compositing
// (tests/e2e/tools/stall-probe.mjs). Rasterizing in the GPU process as well
// (--enable-gpu-rasterization) never stalled either, but SwiftShader's raster cost more CPU than the
// rest of a page load: 3.5 s of CPU per load of /logsumexp/ scrolled through, against 2.7 s with the
// renderer rasterizing, and 1.3 s against 0.45 s per full-page screenshot; the browser tests are
// CPU-bound on 2 cores.
export const GPU_COMPOSITING_FLAGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-gpu-rasterization',
  '--ignore-gpu-blocklist',
];
export const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    ...GPU_COMPOSITING_FLAGS,
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

// The process's one browser, launched on first use and closed when its last user closes. When the
// test level runs under shared-services.js, every test file connects to its one Chromium instead:
// one browser and one GPU process (SwiftShader, warmed up once) for the whole level.
let shared = null;
let users = 0;
async function acquireBrowser() {
  users += 1;
  const server = process.env.MATHLETS_BROWSER_WS;
  shared ??= server ? chromium.connect(server) : chromium.launch(LAUNCH);
  return shared;
}
async function releaseBrowser() {
  users -= 1;
  if (users > 0 || !shared) return;
  const closing = shared;
  shared = null;
  await bounded(Promise.all([...pools.values()].map((pool) => pool.close())), 'closing the browser contexts');
  pools.clear();
  await bounded(
    closing.then((browser) => browser.close()),
    'closing the browser',
  );
}

// Closing has no timeout in Playwright: one that never finishes (a renderer that stopped answering)
// would hold the test file until its 15-minute limit and hide which step it was. After 30 s the
// close is left behind, said on stderr, and the file goes on to report its results.
async function bounded(promise, what, ms = 30_000) {
  let timer;
  const late = new Promise((done) => {
    timer = setTimeout(() => {
      console.error(`chromium-session: ${what} took over ${ms / 1000} s; going on without it`);
      done();
    }, ms);
  });
  try {
    await Promise.race([promise.catch(() => {}), late]);
  } finally {
    clearTimeout(timer);
  }
}

// MathJax's menu setting "semantic enrichment" off, as a reader can set it (MathJax keeps it in
// localStorage): no speech worker, no spoken form computed for every formula. That work takes
// seconds of CPU per article on this 2-core machine (a page loads about 3x slower with it), and only
// three test files ask for MathJax as it comes (`mathSpeech: true`): the page test (each page whole,
// speech worker included, on its own origin), the accessibility audit and the MathJax test.
// (Frames with an opaque origin have no localStorage: nothing to set there.)
const NO_MATH_SPEECH = () => {
  try {
    localStorage.setItem('MathJax-Menu-Settings', JSON.stringify({ enrich: false }));
  } catch {}
};

// The process's page pools, one per set of session options (page-pool.js): a page one test closes
// is wiped and handed to the next test that asks for a page with the same options.
const pools = new Map();
function poolFor(browser, { colorScheme, viewport, mathSpeech, locale, touch, serviceWorkers }) {
  const key = JSON.stringify([colorScheme, viewport, mathSpeech, locale, touch, serviceWorkers]);
  if (!pools.has(key)) {
    const openContext = async () => {
      const browserContext = await browser.newContext({
        viewport,
        colorScheme,
        locale,
        hasTouch: touch,
        isMobile: touch,
        // The built site registers a service worker that keeps what pages load (demos/offline/):
        // blocked unless a test asks for it, so that every page's requests reach the server the test sees.
        serviceWorkers: serviceWorkers ? 'allow' : 'block',
      });
      // Playwright's own waits (goto, locator actions) get a minute, not 30 s: the first page of a
      // fresh Chromium on a loaded 2-core machine can take longer than that to load.
      browserContext.setDefaultTimeout(60_000);
      if (!mathSpeech) await browserContext.addInitScript(NO_MATH_SPEECH);
      return browserContext;
    };
    pools.set(key, createPagePool({ openContext, colorScheme, viewport }));
  }
  return pools.get(key);
}

/**
 * A browser session: `context.newPage()` opens a page with this session's options (viewport,
 * colour scheme, MathJax's speech, the browser's language, a phone's touch screen instead of a
 * mouse, service workers allowed) and the permissions granted so far. Closing the page wipes it
 * and parks it for the next test of this process (page-pool.js): nothing a test leaves in it reaches
 * the next one. `close()` closes every page this session opened and not closed.
 */
export async function openBrowser({
  colorScheme = 'light',
  viewport = { width: 1000, height: 800 },
  mathSpeech = false,
  locale = 'en-US',
  touch = false,
  serviceWorkers = false,
} = {}) {
  const browser = await acquireBrowser();
  mkdirSync(screenshotDir, { recursive: true });
  const pool = poolFor(browser, { colorScheme, viewport, mathSpeech, locale, touch, serviceWorkers });
  const open = new Set();
  const grants = [];
  const context = {
    async newPage() {
      const page = await pool.take();
      for (const [permissions, options] of grants) await page.context().grantPermissions(permissions, options);
      open.add(page);
      const close = page.close;
      page.close = async () => {
        open.delete(page);
        await page
          .context()
          .clearPermissions()
          .catch(() => {});
        await close();
      };
      return page;
    },
    /** Applies to the pages opened from now on. */
    async grantPermissions(permissions, options) {
      grants.push([permissions, options]);
    },
  };
  return {
    context,
    async close() {
      await Promise.all([...open].map((page) => page.close()));
      await releaseBrowser();
    },
  };
}

/**
 * A new page whose requests (URLs), failed requests, responses of 400 or more, console errors and
 * uncaught errors are collected.
 */
export async function recordedPage(context) {
  const page = await context.newPage();
  const log = { requests: [], errors: [], failed: [], bad: [] };
  page.on('request', (request) => log.requests.push(request.url()));
  page.on('response', (response) => {
    if (response.status() >= 400) log.bad.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => log.failed.push(`${request.url()} (${request.failure()?.errorText})`));
  page.on('console', (message) => {
    if (message.type() === 'error') log.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => log.errors.push(`page: ${error.message}`));
  return { page, log };
}

/** Requests whose origin is not `origin` (data: and blob: URLs are local and allowed). */
export function externalRequests(log, origin) {
  return log.requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url));
}

export const isWasm = (url) => new URL(url).pathname.endsWith('.wasm');
