// The toy training runs and the model-size sweep the widget shows: which problems and optimizers,
// their default learning rates (names are keys of grad-clip-text.js), and the sizes: 300 steps on a
// 50-dimensional quadratic or a 3-class softmax regression on 120 points, and a sweep up to
// N = 10^5.5, and the three runs comparing warmup with learning-rate clipping (R4). All take longer
// than a frame, so the widget runs them in the background worker.
export const OPTIMIZERS = [
  { id: 'sgd', key: 'optimizer.sgd', lr: { quadratic: 0.3, softmax: 0.5 } },
  { id: 'sign-sgd', key: 'optimizer.sign-sgd', lr: { quadratic: 0.01, softmax: 0.01 } },
  { id: 'adam', key: 'optimizer.adam', lr: { quadratic: 0.02, softmax: 0.02 } },
];
export const PROBLEMS = [
  { id: 'quadratic', key: 'problem.quadratic' },
  { id: 'softmax', key: 'problem.softmax' },
];
export const SWEEP_LAWS = [
  { id: 'gaussian-quantiles', key: 'sweepLaw.gaussian-quantiles' },
  { id: 'gaussian', key: 'sweepLaw.gaussian' },
  { id: 'uniform', key: 'sweepLaw.uniform' },
  { id: 'laplace', key: 'sweepLaw.laplace' },
  { id: 'sparse', key: 'sweepLaw.sparse' },
];
export const STEPS = 300;
export const TRAINING_DEFAULTS = { problem: 'quadratic', optimizer: 'sgd', lr: 0.3, lossScale: 1, seed: 1 };
// R4: warmup length (0 to STEPS) and the cap T on the predicted decrease per unit learning rate.
export const WARMUP_DEFAULTS = { warmup: 50, lrCap: 1 };
export const CAP_MIN = 1e-2;
export const CAP_MAX = 1e2;
// 10 to 10^5.5 parameters in quarter decades, plus 4000 for the "4x parameters" check against 1000.
export const SWEEP_SIZES = [...new Set([...Array.from({ length: 19 }, (_, i) => Math.round(10 ** (1 + i / 4))), 4000])].sort(
  (a, b) => a - b,
);

/** The run for state `s`; `core` is the worker's API (a promise) or load()'s (a value). */
export function runTraining(core, s) {
  return core.simulateTraining({
    problem: s.problem,
    optimizer: s.optimizer,
    lr: s.lr,
    steps: STEPS,
    clipNorm: s.tau,
    lossScale: s.lossScale,
    seed: s.seed,
  });
}

/** The sqrt(N) sweep for the chosen law of components. */
export function runSweep(core, s) {
  return core.adamScaleSweep(SWEEP_SIZES, { law: s.sweepLaw });
}

/**
 * R4 against warmup: the run of state `s` without gradient clipping, with a constant learning rate,
 * with a linear warmup over s.warmup steps, and with the learning rate clipped at cap s.lrCap.
 * Resolves to { constant, warmup, clipped } (the three calls go to the worker together).
 */
export async function runWarmupComparison(core, s) {
  const base = { problem: s.problem, optimizer: s.optimizer, lr: s.lr, steps: STEPS, lossScale: s.lossScale, seed: s.seed };
  const [constant, warmup, clipped] = await Promise.all([
    core.simulateTraining(base),
    core.simulateTraining({ ...base, warmup: s.warmup }),
    core.simulateTraining({ ...base, lrClip: s.lrCap }),
  ]);
  return { constant, warmup, clipped };
}
