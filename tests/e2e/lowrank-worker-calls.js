// What the CR and CUR widgets ask of the core's worker (web/src/core/worker-client.js posts
// { type: 'call', name, args } per call), recorded in the page, plus the widgets' own timings.

/**
 * Init script (page.addInitScript(recordWorkerCalls, delays)): every call posted to a worker is
 * recorded in window.__workerCalls as { name, r, select, sampling }; a call whose select option is
 * named in `delays` (e.g. { 'max-volume': 1500 }) reaches the worker that many ms late, so a test
 * can watch the widget wait for it.
 */
export function recordWorkerCalls(delays = {}) {
  window.__workerCalls = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message?.type !== 'call') return post.call(this, message, ...rest);
    const options = message.args.find((a) => a && typeof a === 'object' && ('select' in a || 'sampling' in a)) ?? {};
    const r = message.name === 'crMatmul' ? message.args[2] : message.args[1];
    window.__workerCalls.push({ name: message.name, r, select: options.select, sampling: options.sampling });
    const delay = delays[options.select];
    if (delay) setTimeout(() => post.call(this, message, ...rest), delay);
    else post.call(this, message, ...rest);
  };
}

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
