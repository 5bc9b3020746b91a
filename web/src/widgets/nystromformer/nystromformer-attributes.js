// The attributes of <mathlet-nystromformer>, their ranges and defaults (their texts are read by
// parts/attribute-readers.js, see nystromformer-state.js):
//   preset="smooth" n="128" d="32" tau="1" m="16" landmarks="segment" pinv="iterative" k="6"
//   seed="1" amatrix="landmarks" initscale="1"
// The inputs are the core's attentionInputs (nystromformer.md §2.8); the scale of the logits is
// tau / sqrt(d), so tau = 1 is the paper's 1/sqrt(d). The defaults fit one frame (§5); the maxima
// are the issue's. k stops at 30 (§2.3: the drift on a singular A reaches O(1) near 40 steps).

export const PRESETS = ['smooth', 'clusters', 'shuffled', 'iid', 'sharp'];
export const LANDMARKS = ['segment', 'random', 'kmeans', 'leverage'];
export const PINVS = ['iterative', 'svd', 'identity'];
// Which matrix the pseudo-inverse panel iterates on: the landmark kernel A on screen, or T-N2's singular 3 × 3.
export const AMATRICES = ['landmarks', 'singular'];
export const MAX_SEED = 2 ** 32 - 1;

export const LIMITS = {
  n: [8, 512],
  d: [1, 64],
  tau: [0.05, 256],
  m: [1, 64],
  k: [0, 30],
  initscale: [0.1, 20],
};
export const DEFAULTS = {
  preset: 'smooth',
  n: 128,
  d: 32,
  tau: 1,
  m: 16,
  landmarks: 'segment',
  pinv: 'iterative',
  k: 6,
  seed: 1,
  amatrix: 'landmarks',
  initscale: 1,
};
/** Iterations past this many drift on a singular A (R10): the k control warns. */
export const DRIFT_WARNING = 20;

/** The largest m for a sequence of n tokens. */
export const maxLandmarks = (n) => Math.min(n, LIMITS.m[1]);
