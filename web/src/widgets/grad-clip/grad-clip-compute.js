// The core calls of <mathlet-grad-clip> and where they run (the measured costs are in
// grad-clip-widget.js's top comment). Main thread: the two clips of the 2-vector g, on each change
// of g or tau. Worker: the training run, the R4 comparison and the sweep (training-setup.js).
// Each is a performance measure 'mathlet-grad-clip <what>' that the browser tests report.
import { runSweep, runTraining, runWarmupComparison } from './training-setup.js';

/** Times `work()` (a value or a promise) as the measure 'mathlet-grad-clip <name>'. */
export function timed(name, work) {
  const start = performance.now();
  const done = () => performance.measure(`mathlet-grad-clip ${name}`, { start });
  const result = work();
  if (result instanceof Promise) return result.finally(done);
  done();
  return result;
}

/** The clip of g at tau: by global norm ({ norm, scale, tensors }) and by value (an array). Throws the core's refusal. */
export function clipOf(core, g, tau) {
  return timed('clip (main thread)', () => {
    const tensor = Float64Array.from(g);
    return { norm: core.clipByGlobalNorm([tensor], tau), value: Array.from(core.clipByValue([tensor], tau)[0]) };
  });
}

/**
 * createClipEvaluate(core) -> evaluate(state) -> { clip }: the clips of the state's g and tau,
 * computed again only when one of them changed (a training setting leaves them as they are).
 */
export function createClipEvaluate(core) {
  let last = { g: null, tau: null, clip: null };
  return ({ g, tau }) => {
    if (last.g !== g || last.tau !== tau) last = { g, tau, clip: clipOf(core, g, tau) };
    return { clip: last.clip };
  };
}

/**
 * What the readouts show of a clip: g clipped by norm, the cosine between g and its clip by value
 * (null for a zero vector) and the angle that clip turns g by, in degrees.
 */
export function clipReadout(g, clip) {
  const byNorm = Array.from(clip.norm.tensors[0]);
  const dot = g[0] * clip.value[0] + g[1] * clip.value[1];
  const lengths = Math.hypot(...g) * Math.hypot(...clip.value);
  const cosine = lengths > 0 ? Math.min(1, Math.max(-1, dot / lengths)) : null;
  const turn = cosine === null ? 0 : (Math.acos(cosine) * 180) / Math.PI;
  return { byNorm, clippedNorm: Math.hypot(...byNorm), cosine: lengths > 0 ? dot / lengths : null, turn };
}

/** What the sweep's summary shows: the cosine at the largest N, and lr(1000) / lr(4000) (null without both). */
export function sweepReadout(rows) {
  const at = (n) => rows.find((r) => r.n === n);
  return { cosine: rows.at(-1).cosine, ratio: at(1000) && at(4000) ? at(1000).lr / at(4000).lr : null };
}

/** The background jobs, each a call to the worker's API (or load()'s) for a state. */
export const JOBS = { run: runTraining, warmup: runWarmupComparison, sweep: runSweep };

/** Job `kind` for `state` through `api`, timed as '<kind> (worker round trip)'. */
export const runJob = (api, kind, state) => timed(`${kind} (worker round trip)`, () => JOBS[kind](api, state));
