// The attributes of <mathlet-entropy-attention>, their ranges and defaults (read by
// parts/attribute-readers.js, see entropy-attention-state.js):
//   d="64" gain="1" keys="gaussian" rows="64" seed="42" base="512"     entropy against length (E2)
//   k="16" eps="0.5"                                                   the JL picture (E7)
//   dist="te7" target="0.8"                                            entropy normalization (E6)
// gain is β in λ = β/√d at the calibration length (β = 1 is standard attention, β ≈ 3 sharp,
// trained-like attention; entropy-invariant-attention.md R7). The sweep's keys are drawn once per
// (d, rows, seed, keys) in the worker; the lengths run over n = 16..4096.

export const DIMENSIONS = [16, 32, 64, 128];
export const KEYS = ['gaussian', 'sphere'];
export const MAX_SEED = 2 ** 32 - 1;

/** The distributions of the normalization panel (T-E7): p, and a target that is reachable on it. */
export const DISTRIBUTIONS = {
  te7: { p: [0.5, 0.3, 0.2], target: 0.8 },
  two: { p: [0.9, 0.1], target: 0.5 },
  wrong: { p: [0.9, 0.09, 0.01], target: 1 },
  blowup: { p: [0.98, 0.01, 0.01], target: 1 },
  zero: { p: [0.6, 0.3, 0.1, 0], target: 0.5 },
  ramp: { p: Array.from({ length: 10 }, (_, j) => (j + 1) / 55), target: 1.5 },
};
export const DISTRIBUTION_IDS = Object.keys(DISTRIBUTIONS);

export const LIMITS = {
  gain: [0.5, 5],
  rows: [8, 128],
  base: [16, 4096],
  k: [2, 256],
  eps: [0.1, 0.9],
};
export const DEFAULTS = {
  d: 64,
  gain: 1,
  keys: 'gaussian',
  rows: 64,
  seed: 42,
  base: 512,
  k: 16,
  eps: 0.5,
  dist: 'te7',
  target: 0.8,
};

/** The sequence lengths of the sweep: 16 · 2^(j/2), j = 0..16 (n = 16..4096, whole numbers). */
export const LENGTHS = Array.from({ length: 17 }, (_, j) => Math.round(16 * 2 ** (j / 2)));
/** The scale rules drawn against length, in the legend's order. */
export const MODES = ['standard', 'logn', 'chiang', 'logn-clipped', 'annealed-invariant'];
/** The JL panel's point cloud: N points in M dimensions. */
export const JL_POINTS = 64;
export const JL_DIM = 128;

/** The gain of the article's uncalibrated κ = 1/0.24 at head size d: λ = log n/(0.24 d) = β log₅₁₂ n/√d. */
export const articleGain = (d) => Math.log(512) / (0.24 * Math.sqrt(d));
