// What the CR and CUR widgets ask of the core's worker (web/src/core/worker-client.js posts
// { type: 'call', name, args } per call), recorded in the page, plus the widgets' own timings.

/**
 * Init script (page.addInitScript(recordWorkerCalls, { hold })): every call posted to a worker is
 * recorded in window.__workerCalls as { name, r, select, sampling }. A call whose select option is
 * held (named in `hold`, e.g. ['max-volume'], or passed to window.__holdWorkerCalls(select) later)
 * does not reach the worker until window.__releaseWorkerCalls() posts the held calls in order (and
 * stops holding), so a test can watch the widget wait for the worker for as long as it needs to look,
 * however slow the machine. No timer is involved: nothing is released behind the test's back.
 */
export function recordWorkerCalls({ hold = [] } = {}) {
  window.__workerCalls = [];
  const holding = new Set(hold);
  const held = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message?.type !== 'call') return post.call(this, message, ...rest);
    const options = message.args.find((a) => a && typeof a === 'object' && ('select' in a || 'sampling' in a)) ?? {};
    const r = message.name === 'crMatmul' ? message.args[2] : message.args[1];
    window.__workerCalls.push({ name: message.name, r, select: options.select, sampling: options.sampling });
    if (holding.has(options.select)) held.push(() => post.call(this, message, ...rest));
    else post.call(this, message, ...rest);
  };
  window.__holdWorkerCalls = (select) => {
    holding.add(select);
  };
  window.__releaseWorkerCalls = () => {
    holding.clear();
    for (const send of held.splice(0)) send();
  };
}

/** Holds back the worker calls whose select option is `select` (see recordWorkerCalls). */
export const holdWorkerCalls = (page, select) => page.evaluate((s) => window.__holdWorkerCalls(s), select);

/** Posts the held calls to the worker, in order, and stops holding. */
export const releaseWorkerCalls = (page) => page.evaluate(() => window.__releaseWorkerCalls());

/** The calls recorded so far. */
export const workerCalls = (page) => page.evaluate(() => window.__workerCalls.slice());

/** Durations (ms) of the page's performance measures named `name`: { count, min, median, max }. */
export async function measures(page, name) {
  const durations = await page.evaluate((n) => performance.getEntriesByName(n, 'measure').map((m) => m.duration), name);
  const sorted = durations.sort((a, b) => a - b);
  return { count: sorted.length, min: sorted[0] ?? NaN, median: sorted[Math.floor(sorted.length / 2)] ?? NaN, max: sorted.at(-1) ?? NaN };
}

export const describeMeasure = (name, m) =>
  `${name}: ${m.count} calls, fastest ${m.min.toFixed(2)} ms, median ${m.median.toFixed(2)} ms, slowest ${m.max.toFixed(2)} ms`;
