// The toy training runs and the model-size sweep the widget shows: which problems and optimizers,
// their default learning rates, and the sizes kept small enough that a rerun fits in a frame
// (300 steps; a 50-dimensional quadratic or a 3-class softmax regression on 120 points).
export const OPTIMIZERS = [
  { id: 'sgd', name: 'SGD', lr: { quadratic: 0.3, softmax: 0.5 } },
  { id: 'sign-sgd', name: 'sign-SGD (Adam proxy)', lr: { quadratic: 0.01, softmax: 0.01 } },
  { id: 'adam', name: 'Adam', lr: { quadratic: 0.02, softmax: 0.02 } },
];
export const PROBLEMS = [
  { id: 'quadratic', name: 'noisy quadratic' },
  { id: 'softmax', name: 'softmax regression' },
];
export const SWEEP_LAWS = [
  { id: 'gaussian-quantiles', name: 'Gaussian (quantiles, no noise)' },
  { id: 'gaussian', name: 'Gaussian (random)' },
  { id: 'uniform', name: 'uniform' },
  { id: 'laplace', name: 'Laplace' },
  { id: 'sparse', name: 'sparse (1% non-zero)' },
];
export const STEPS = 300;
export const TRAINING_DEFAULTS = { problem: 'quadratic', optimizer: 'sgd', lr: 0.3, lossScale: 1, seed: 1 };
// 10 to 10^5.5 parameters in quarter decades, plus 4000 for the "4x parameters" check against 1000.
export const SWEEP_SIZES = [...new Set([...Array.from({ length: 19 }, (_, i) => Math.round(10 ** (1 + i / 4))), 4000])].sort((a, b) => a - b);

export function runTraining(core, s) {
  return core.simulateTraining({
    problem: s.problem, optimizer: s.optimizer, lr: s.lr, steps: STEPS, clipNorm: s.tau, lossScale: s.lossScale, seed: s.seed,
  });
}
