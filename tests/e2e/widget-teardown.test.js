// Widgets leave no trace when they leave the page, as in a single-page app that mounts and removes
// them: 100 cycles of "insert two widgets, wait until they are ready, remove them" (every kind
// in turn) on a page of their own (the embed page's list), after which the JS heap is where it was
// after the first cycles and no observer or window/document listener the widgets set up is still active. Then a removed element, put back,
// mounts again and works.
//
// The heap is measured after a forced garbage collection (CDP HeapProfiler.collectGarbage, then
// Runtime.getHeapUsage), after warm-up cycles have loaded every kind's code, the wasm and the
// worker. Observers and listeners are counted by wrappers installed before the page's scripts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage } from './chromium-session.js';
import { startSite } from './site-server.js';

const KINDS = [
  'logsumexp',
  'smooth-topk',
  'grad-clip',
  'pinv',
  'cr',
  'cur',
  'performer',
  'nystromformer',
  'entropy-attention',
  'cur-retrieval',
];
const CYCLES = 100;
const REPORT_AT = 40;
const MB = 1024 * 1024;
// A widget left alive costs hundreds of KB (its DOM, plots and closures); this bound is far
// below what 100 leaked cycles would keep and well above the collector's noise.
const ALLOWED_GROWTH = 4 * MB;

// Init script: counts active observers (an observer observing at least one target and not
// disconnected) and the listeners on window and document, by wrapping their constructors/methods.
function countActiveResources() {
  const active = new Map(); // observer -> { kind, targets: Set }
  for (const kind of ['IntersectionObserver', 'ResizeObserver', 'MutationObserver']) {
    const Native = window[kind];
    const Wrapped = class extends Native {
      observe(target, ...rest) {
        if (!active.has(this)) active.set(this, { kind, targets: new Set() });
        active.get(this).targets.add(target);
        return super.observe(target, ...rest);
      }
      unobserve(target) {
        active.get(this)?.targets.delete(target);
        if (active.get(this)?.targets.size === 0) active.delete(this);
        return super.unobserve(target);
      }
      disconnect() {
        active.delete(this);
        return super.disconnect();
      }
    };
    Object.defineProperty(window, kind, { value: Wrapped, configurable: true, writable: true });
  }
  const listeners = new Map(); // 'window:type' -> count
  for (const [name, target] of [
    ['window', window],
    ['document', document],
  ]) {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    target.addEventListener = (type, listener, options) => {
      listeners.set(`${name}:${type}`, (listeners.get(`${name}:${type}`) ?? 0) + 1);
      return add(type, listener, options);
    };
    target.removeEventListener = (type, listener, options) => {
      listeners.set(`${name}:${type}`, (listeners.get(`${name}:${type}`) ?? 0) - 1);
      return remove(type, listener, options);
    };
  }
  window.__activeResources = () => {
    const observers = {};
    for (const { kind, targets } of active.values()) observers[kind] = (observers[kind] ?? 0) + targets.size;
    return { observers, listeners: Object.fromEntries([...listeners].filter(([, n]) => n !== 0)) };
  };
}

// In the page: inserts the elements of `kinds`, loads them, waits until they are ready, removes them.
async function mountAndRemove(kinds) {
  const box = document.querySelector('#teardown-box');
  const elements = kinds.map((kind) => document.createElement(`mathlet-${kind}`));
  box.append(...elements);
  await Promise.all(elements.map((element) => element.startLoading()));
  const states = elements.map((element) => element.dataset.state);
  for (const element of elements) element.remove();
  await new Promise((resolve) => setTimeout(resolve, 0)); // the teardown runs in a microtask after removal
  return states;
}

async function heapUsed(cdp) {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

describe('widgets leave nothing behind when removed', () => {
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

  it(`keeps the heap flat and no observer or listener over ${CYCLES} mount/remove cycles`, { timeout: 540_000 }, async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.addInitScript(countActiveResources);
    // The embed page's list of widgets: the elements registered and nothing else that observes. (An
    // article's MathJax observes its formulas until each is typeset, so the count there moved with
    // whatever scrolled into view during the cycles: 60 observed targets before, 47 after, once.)
    await page.goto(`${site.url}embed/`);
    await page.evaluate(() => {
      const box = document.createElement('div');
      box.id = 'teardown-box';
      document.body.prepend(box);
    });
    const cdp = await page.context().newCDPSession(page);
    const cycle = async (i) => {
      const kinds = [KINDS[(2 * i) % KINDS.length], KINDS[(2 * i + 1) % KINDS.length]];
      const states = await page.evaluate(mountAndRemove, kinds);
      assert.deepEqual(states, ['ready', 'ready'], `cycle ${i}: ${kinds.join(' and ')}`);
    };
    // Warm-up: every kind's code, the wasm, the worker (two kinds a cycle, so half as many cycles as kinds).
    const warm = Math.ceil(KINDS.length / 2);
    for (let i = 0; i < warm; i++) await cycle(i);
    const idle = await page.evaluate(() => window.__activeResources());
    const start = await heapUsed(cdp);
    const heap = {};
    for (let done = 1; done <= CYCLES; done++) {
      await cycle(warm + done - 1);
      if (done === REPORT_AT || done === CYCLES) heap[done] = (await heapUsed(cdp)) - start;
    }
    const left = await page.evaluate(() => window.__activeResources());
    console.log(
      `heap growth after ${REPORT_AT} cycles: ${(heap[REPORT_AT] / MB).toFixed(2)} MB; after ${CYCLES}: ${(heap[CYCLES] / MB).toFixed(2)} MB`,
    );
    console.log(`active after warm-up: ${JSON.stringify(idle)}; after ${CYCLES} cycles: ${JSON.stringify(left)}`);
    assert.deepEqual(left, idle, 'observers and window/document listeners are back to where they were');
    assert.ok(heap[CYCLES] < ALLOWED_GROWTH, `heap grew ${(heap[CYCLES] / MB).toFixed(2)} MB over ${CYCLES} cycles`);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('mounts again when a removed element is put back, and the widget works', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.goto(`${site.url}logsumexp/`);
    const widget = page.locator('mathlet-logsumexp');
    await widget.scrollIntoViewIfNeeded();
    await page.waitForSelector('mathlet-logsumexp[data-state=ready]', { timeout: 60_000 });
    const state = await page.evaluate(async () => {
      const element = document.querySelector('mathlet-logsumexp');
      const parent = element.parentNode;
      const next = element.nextSibling;
      element.remove();
      await new Promise((resolve) => setTimeout(resolve, 0));
      const removed = element.dataset.state;
      parent.insertBefore(element, next);
      await element.startLoading();
      return { removed, back: element.dataset.state };
    });
    assert.deepEqual(state, { removed: 'placeholder', back: 'ready' });
    // Moving an element (removed and inserted in the same task) keeps the widget as it is.
    const moved = await page.evaluate(async () => {
      const element = document.querySelector('mathlet-logsumexp');
      const parent = element.parentNode;
      parent.append(element);
      await new Promise((resolve) => setTimeout(resolve, 0));
      return element.dataset.state;
    });
    assert.equal(moved, 'ready');
    const field = widget.getByRole('textbox', { name: 'x₁', exact: true });
    await field.fill('5');
    await page.waitForFunction(
      () =>
        Math.abs(Number(document.querySelector('mathlet-logsumexp').dataset.lse) - Math.log(Math.exp(5) + Math.exp(2) + Math.exp(3))) <
        1e-9,
    );
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
