// Median-of-repetitions timing after warm-up (V8 tiers wasm up from Liftoff to TurboFan while the
// warm-up runs). Works in Node and in the browser (performance.now is global in both).

/**
 * Median ms of fn(). Warm-up: at least `warmup` calls and `warmupMs` of calls. Then as many
 * repetitions as fit in `budgetMs`, clamped to [minReps, maxReps]. Returns { ms, reps }.
 */
export function median(fn, { warmup = 3, warmupMs = 300, budgetMs = 3000, minReps = 5, maxReps = 21 } = {}) {
  const start = performance.now();
  let last = 0;
  for (let i = 0; i < warmup || performance.now() - start < warmupMs; i++) {
    const t0 = performance.now();
    fn();
    last = performance.now() - t0;
  }
  const reps = Math.max(minReps, Math.min(maxReps, Math.floor(budgetMs / Math.max(last, 1e-3))));
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], reps };
}

/** Back-compatible: the median alone. */
export function medianMs(fn, options) {
  return median(fn, options).ms;
}
