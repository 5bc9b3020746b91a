// A piece of main-thread work timed as a performance measure, so a widget's browser test can report
// what one update costs (the framework times the drawing itself as 'mathlet-<name> render').

/** timed(name, f): f(), its main-thread time recorded as the performance measure `name` (the browser tests report it). */
export function timed(name, f) {
  const start = performance.now();
  try {
    return f();
  } finally {
    performance.measure(name, { start });
  }
}
