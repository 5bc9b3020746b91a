// Gradient clipping over a list of tensors, and the computable parts of the clipping article
// (learning-rate clipping, sign statistics, the model-size sweep, training simulations).
import { booleanArg, choiceArg, describe, numberArg, optionsArg, vectorArg } from './arguments.js';
import { unwrap, withScratch } from './heap.js';

const NON_FINITE = ['report', 'error', 'inf-limit'];
const LAWS = ['gaussian-quantiles', 'gaussian', 'uniform', 'laplace', 'sparse'];
const OPTIMIZERS = ['sgd', 'sign-sgd', 'adam'];
const MAX_SIM_STEPS = 100_000;
const MAX_SIM_DIM = 100_000;

function countArg(fn, name, value, fallback, max) {
  const v = numberArg(fn, name, value, fallback);
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${fn}: ${name} must be an integer in [0, ${max}] (got ${v})`);
  return v;
}

// A gradient: a non-empty-or-empty array of tensors sharing one dtype (number[] counts as float64).
function gradientsArg(fn, grads) {
  if (!Array.isArray(grads)) {
    throw new TypeError(`${fn}: grads must be an array of Float32Array, Float64Array or number[] (got ${describe(grads)})`);
  }
  const tensors = grads.map((g, i) => {
    if (!(i in grads)) throw new TypeError(`${fn}: grads[${i}] is missing (sparse array)`);
    return vectorArg(fn, `grads[${i}]`, g, { allowEmpty: true });
  });
  const f32 = tensors.length > 0 && tensors[0] instanceof Float32Array;
  tensors.forEach((t, i) => {
    if (t instanceof Float32Array !== f32) {
      const name = (x) => (x instanceof Float32Array ? 'float32' : 'float64');
      throw new TypeError(`${fn}: grads[${i}] is ${name(t)} but grads[0] is ${name(tensors[0])}; all tensors must share one dtype`);
    }
  });
  return { tensors, f32 };
}

// Copies the tensors into the heap and builds the (pointer, length) table the binding reads.
function putTensors(s, tensors) {
  const table = new Uint32Array(2 * tensors.length);
  tensors.forEach((t, i) => {
    table[2 * i] = s.put(t);
    table[2 * i + 1] = t.length;
  });
  return s.put(table);
}

// The clipping options, as the bindings' trailing arguments (nonFinite's index, torchCompat).
function clipOptions(fn, options) {
  const o = optionsArg(fn, options, ['nonFinite', 'torchCompat']);
  return [
    NON_FINITE.indexOf(choiceArg(fn, 'nonFinite', o.nonFinite, NON_FINITE, 'report')),
    booleanArg(fn, 'torchCompat', o.torchCompat, false),
  ];
}

export function gradClipApi(M) {
  const overTensors = (fn, grads, binding, ...args) => {
    const { tensors, f32 } = gradientsArg(fn, grads);
    return withScratch(M, (s) => unwrap(fn, binding(putTensors(s, tensors), tensors.length, !f32, ...args)));
  };

  /** Scales every tensor by min(1, maxNorm / ||grads||): the direction is kept, the norm capped. */
  function clipByGlobalNorm(grads, maxNorm, options) {
    const fn = 'clipByGlobalNorm';
    const tau = numberArg(fn, 'maxNorm', maxNorm);
    const settings = clipOptions(fn, options);
    const { tensors, f32 } = gradientsArg(fn, grads);
    // The binding scales the heap copies in place; each is then copied out once.
    return withScratch(M, (s) => {
      const table = putTensors(s, tensors);
      const r = unwrap(fn, M.clip_by_global_norm(table, tensors.length, !f32, tau, ...settings));
      const rows = s.take(table, 2 * tensors.length, Uint32Array);
      r.tensors = tensors.map((t, i) => s.take(rows[2 * i], t.length, t.constructor));
      return r;
    });
  }

  function clipPerTensor(grads, maxNorm, options) {
    const fn = 'clipPerTensor';
    const tau = numberArg(fn, 'maxNorm', maxNorm);
    return overTensors(fn, grads, M.clip_per_tensor, tau, ...clipOptions(fn, options));
  }

  function clipByValue(grads, clipValue) {
    const fn = 'clipByValue';
    return overTensors(fn, grads, M.clip_by_value, numberArg(fn, 'clipValue', clipValue));
  }

  function globalNorm(grads) {
    return overTensors('globalNorm', grads, M.global_norm);
  }

  // (C5): eta_t = eta if u.g <= T, else eta T / (u.g).
  function clipLrByInnerProduct(eta, u, g, threshold) {
    const fn = 'clipLrByInnerProduct';
    const uu = Float64Array.from(vectorArg(fn, 'u', u, { allowEmpty: true }));
    const gg = Float64Array.from(vectorArg(fn, 'g', g, { allowEmpty: true }));
    const e = numberArg(fn, 'eta', eta);
    const t = numberArg(fn, 'threshold', threshold);
    return withScratch(M, (s) => unwrap(fn, M.clip_lr(e, s.put(uu), uu.length, s.put(gg), gg.length, t)));
  }

  function signStats(g) {
    const fn = 'signStats';
    const data = Float64Array.from(vectorArg(fn, 'g', g, { allowEmpty: true }));
    return withScratch(M, (s) => unwrap(fn, M.sign_stats(s.put(data), data.length)));
  }

  // Exact and first-order loss change of one step theta -= eta u on L = 1/2 sum h theta^2.
  function quadraticStepLossChange(h, theta, u, eta) {
    const fn = 'quadraticStepLossChange';
    const hh = Float64Array.from(vectorArg(fn, 'h', h));
    const th = Float64Array.from(vectorArg(fn, 'theta', theta));
    const uu = Float64Array.from(vectorArg(fn, 'u', u));
    if (th.length !== hh.length || uu.length !== hh.length) {
      throw new RangeError(`${fn}: h, theta and u must have equal lengths (got ${hh.length}, ${th.length}, ${uu.length})`);
    }
    const e = numberArg(fn, 'eta', eta);
    return withScratch(M, (s) => unwrap(fn, M.step_loss_change(s.put(hh), s.put(th), s.put(uu), hh.length, e)));
  }

  const normalQuantile = (p) => unwrap('normalQuantile', M.normal_quantile(numberArg('normalQuantile', 'p', p)));

  function gaussianQuantileVector(n, norm = 1) {
    const fn = 'gaussianQuantileVector';
    return unwrap(fn, M.gaussian_quantile_vector(countArg(fn, 'n', n, undefined, 1e7), numberArg(fn, 'norm', norm)));
  }

  // ||g||_1, the cosine between sign(g) and g, and the eta holding eta ||g||_1 fixed, per model size.
  function adamScaleSweep(sizes, options) {
    const fn = 'adamScaleSweep';
    const o = optionsArg(fn, options, ['law', 'norm', 'targetChange', 'density', 'seed']);
    const n = Float64Array.from(vectorArg(fn, 'sizes', sizes, { finite: true }));
    const law = LAWS.indexOf(choiceArg(fn, 'law', o.law, LAWS, 'gaussian-quantiles'));
    const args = [
      law,
      numberArg(fn, 'norm', o.norm, 1),
      numberArg(fn, 'targetChange', o.targetChange, 1e-3),
      numberArg(fn, 'density', o.density, 0.01),
      countArg(fn, 'seed', o.seed, 1, Number.MAX_SAFE_INTEGER),
    ];
    return withScratch(M, (s) => unwrap(fn, M.scale_sweep(s.put(n), n.length, ...args)));
  }

  /**
   * Trains a toy model and returns per-step curves: problem 'quadratic' (noisy quadratic) or 'softmax'
   * (softmax regression on Gaussian blobs), optimizer 'sgd' | 'sign-sgd' | 'adam'.
   */
  function simulateTraining(options) {
    const fn = 'simulateTraining';
    const o = optionsArg(fn, options, SIMULATION_OPTIONS);
    const problem = choiceArg(fn, 'problem', o.problem, ['quadratic', 'softmax'], 'quadratic');
    const settings = { ...trainingSettings(fn, o), ...PROBLEM_SETTINGS[problem](fn, o) };
    return unwrap(fn, problem === 'quadratic' ? M.simulate_quadratic(settings) : M.simulate_softmax(settings));
  }

  return {
    clipByGlobalNorm,
    clipPerTensor,
    clipByValue,
    globalNorm,
    clipLrByInnerProduct,
    signStats,
    quadraticStepLossChange,
    normalQuantile,
    gaussianQuantileVector,
    adamScaleSweep,
    simulateTraining,
  };
}

const TRAINING_OPTIONS = ['optimizer', 'lr', 'steps', 'warmup', 'clipNorm', 'lrClip', 'lossScale', 'seed'];
const QUADRATIC_OPTIONS = ['dim', 'hMin', 'hMax', 'theta0', 'noise', 'batch'];
const SOFTMAX_OPTIONS = ['classes', 'features', 'samples', 'separation', 'spread', 'normalizeFeatures', 'batch'];
const SIMULATION_OPTIONS = ['problem', ...new Set([...TRAINING_OPTIONS, ...QUADRATIC_OPTIONS, ...SOFTMAX_OPTIONS])];

// The optimizer and its schedule, shared by both problems.
function trainingSettings(fn, o) {
  return {
    optimizer: OPTIMIZERS.indexOf(choiceArg(fn, 'optimizer', o.optimizer, OPTIMIZERS, 'sgd')),
    lr: numberArg(fn, 'lr', o.lr, 0.1),
    steps: countArg(fn, 'steps', o.steps, 300, MAX_SIM_STEPS),
    warmup: countArg(fn, 'warmup', o.warmup, 0, MAX_SIM_STEPS),
    clipNorm: numberArg(fn, 'clipNorm', o.clipNorm, Infinity),
    lrClip: numberArg(fn, 'lrClip', o.lrClip, Infinity),
    lossScale: numberArg(fn, 'lossScale', o.lossScale, 1),
    seed: countArg(fn, 'seed', o.seed, 1, Number.MAX_SAFE_INTEGER),
  };
}

// Each problem's own settings (an option of the other problem is accepted and ignored).
const PROBLEM_SETTINGS = {
  quadratic: (fn, o) => ({
    dim: countArg(fn, 'dim', o.dim, 50, MAX_SIM_DIM),
    hMin: numberArg(fn, 'hMin', o.hMin, 0.01),
    hMax: numberArg(fn, 'hMax', o.hMax, 1),
    theta0: numberArg(fn, 'theta0', o.theta0, 1),
    noise: numberArg(fn, 'noise', o.noise, 0.1),
    batch: countArg(fn, 'batch', o.batch, 1, MAX_SIM_DIM),
  }),
  softmax: (fn, o) => ({
    classes: countArg(fn, 'classes', o.classes, 3, 1000),
    features: countArg(fn, 'features', o.features, 2, 1000),
    samples: countArg(fn, 'samples', o.samples, 120, MAX_SIM_DIM),
    separation: numberArg(fn, 'separation', o.separation, 2),
    spread: numberArg(fn, 'spread', o.spread, 1),
    normalizeFeatures: booleanArg(fn, 'normalizeFeatures', o.normalizeFeatures, false),
    batch: countArg(fn, 'batch', o.batch, 16, MAX_SIM_DIM),
  }),
};
