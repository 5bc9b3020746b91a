// The attributes of <mathlet-cur-retrieval>, their ranges and defaults (read by
// parts/attribute-readers.js, see cur-retrieval-state.js):
//   kind="exp" beta="1" r="8" noise="0.1" seed="42" items="5000" kq="128" tests="200"
//   k="10" ki="32" kr="100" anchors="uniform" rtol="0" query="0" transform="false"
// The generator is the synthetic cross-encoder of cur-retrieval.md R13; the defaults are its
// tables' (T-R6: P_exp1 at k_i = 32), so the widget opens on a case the file states. rtol = 0 is
// the core's default tolerance max(k_q, k_i) eps (the exact pseudo-inverse, as the paper's pinv).

export const KINDS = ['linear', 'exp', 'tanh'];
export const METHODS = ['uniform', 'kmeans', 'topNorm', 'leverage', 'deim', 'cpqr'];
export const ITEMS = [1000, 5000, 20000];
export const KS = [1, 5, 10, 50];
/** The rtol steps of the slider; 0 is "exact pinv" (the core's default tolerance). */
export const RTOLS = [0, 1e-4, 1e-3, 1e-2, 3e-2, 1e-1];
export const MAX_SEED = 2 ** 32 - 1;
/** The anchor seed of the file's tables (uniform seed 7). */
export const ANCHOR_SEED = 7;

export const LIMITS = {
  r: [1, 32],
  noise: [0, 1],
  kq: [8, 256],
  tests: [50, 500],
  ki: [1, 256],
  kr: [1, 20000],
  query: [0, 499],
};
/** β's range by kind (cur-retrieval.md §5: exp up to 4, tanh up to 3). */
export const BETA_MAX = { linear: 4, exp: 4, tanh: 3 };

export const DEFAULTS = {
  kind: 'exp',
  beta: 1,
  r: 8,
  noise: 0.1,
  seed: 42,
  items: 5000,
  kq: 128,
  tests: 200,
  k: 10,
  ki: 32,
  kr: 100,
  anchors: 'uniform',
  rtol: 0,
  query: 0,
  // X5: index f_β⁻¹(scores) instead of the scores (the same rankings, a lower rank; R12, T-R11).
  transform: false,
};

/** The presets of cur-retrieval.md §5: what each sets. "square W" sets k_i = k_q. */
export const PRESETS = {
  P_lin0: { kind: 'linear', noise: 0, r: 8, beta: 1 },
  P_lin: { kind: 'linear', noise: 0.1, r: 8, beta: 1 },
  P_exp1: { kind: 'exp', noise: 0.1, r: 8, beta: 1 },
  P_exp2: { kind: 'exp', noise: 0.1, r: 8, beta: 2 },
  P_tanh2: { kind: 'tanh', noise: 0.1, r: 8, beta: 2 },
  square: {},
};
