// Median-of-repetitions timing after warm-up (V8 tiers wasm up from Liftoff to TurboFan).
import { performance } from 'node:perf_hooks';

export function medianMs(fn, { warmup = 3, reps = 15 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
