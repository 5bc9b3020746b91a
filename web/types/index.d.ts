// Public types of the mathlets JS API (hand-written; keep in step with web/src/core).

/** A vector: float64 for number[] and Float64Array; Float32Array runs the float32 kernels. */
export type Vector = number[] | Float64Array | Float32Array;

export interface LoadOptions {
  /** 'auto' (default) probes for WebAssembly SIMD and falls back to the baseline build. */
  variant?: 'auto' | 'simd' | 'baseline';
  /**
   * Parts of the core to fetch: 'vector' (logsumexp, smooth top-k, clipping), 'matrix' (pinv, CR, CUR),
   * 'attention' (softmax, Performer and Nyströmformer attention), 'retrieval' (CUR retrieval for
   * cross-encoders), 'entropy' (entropy-invariant attention). Default all.
   */
  include?: ('vector' | 'matrix' | 'attention' | 'retrieval' | 'entropy')[];
  /** Your own copy of the .wasm: a URL when one part is included, else one per part. */
  wasmUrl?:
    | string
    | URL
    | { vector?: string | URL; matrix?: string | URL; attention?: string | URL; retrieval?: string | URL; entropy?: string | URL };
  /**
   * The folder that holds the package's .wasm files under their own names (`mathlets/wasm/*`), for
   * example on a CDN; the build (SIMD or baseline) is still chosen per engine. Absolute, or relative
   * to the page.
   */
  baseUrl?: string | URL;
  /** A WebAssembly.Module you compiled from the package's .wasm, one per part; `variant` must name its build. */
  wasmModule?:
    | WebAssembly.Module
    | {
        vector?: WebAssembly.Module;
        matrix?: WebAssembly.Module;
        attention?: WebAssembly.Module;
        retrieval?: WebAssembly.Module;
        entropy?: WebAssembly.Module;
      };
}

export interface TemperatureOptions {
  /** Temperature tau > 0 (Infinity allowed); default 1. */
  tau?: number;
}

export interface Bound {
  value: number;
  /** |lse - value|: how far the bound is from tight on this input. */
  slack: number;
  holds: boolean;
}

export interface LseBoundsOptions extends TemperatureOptions {
  /** Weights on the simplex for the R4-R6 lower bounds; default uniform. */
  p?: Vector;
  /** Hölder order t >= 1 for R5 (t = 1 is the entropy bound R6); default 3. */
  t?: number;
  /** A second point for the Lipschitz (R7) and convexity (R8) checks. */
  y?: Vector;
  /** Convexity weight in [0, 1]; default 0.5. */
  mix?: number;
}

export interface LseBounds {
  lse: number;
  n: number;
  ties: number;
  xMax: number;
  xMin: number;
  xMean: number;
  tau: number;
  t: number;
  p: Float64Array;
  softmax: Float64Array;
  /** Entropy of softmax(x/tau) = d lse_tau / d tau. */
  entropy: number;
  /** KL(p || softmax(x/tau)). */
  kl: number;
  softmin: number;
  bounds: {
    maxLower: Bound;
    tiesLower: Bound;
    maxUpper: Bound;
    meanLower: Bound;
    cauchyLower: Bound;
    holderLower: Bound;
    entropyLower: Bound;
    softminLower: Bound;
    softminUpper: Bound;
    lipschitz?: Bound;
    convexity?: Bound;
  };
  pair: null | {
    lseY: number;
    diff: number;
    diffMin: number;
    diffMax: number;
    maxNorm: number;
    mix: number;
    chord: number;
    lseMix: number;
  };
}

export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A matrix in row-major order, or one array per row. */
export type MatrixInput = Matrix | { rows: number; cols: number; data: number[] | Float64Array | Float32Array } | number[][];

// ---- smooth top-k -------------------------------------------------------------------------------

export type SmoothTopKMethod =
  | 'threshold-piecewise'
  | 'threshold-exp'
  | 'threshold-sigmoid'
  | 'gradtopk'
  | 'gradtopk-recursion'
  | 'sigmoid-bisection-article'
  | 'iterative-su'
  | 'iterative-weighted';

export interface SmoothTopKOptions extends TemperatureOptions {
  method?: SmoothTopKMethod;
  /** Threshold methods: how lambda is found. */
  solver?: 'auto' | 'closed-form' | 'newton' | 'bisection';
  /** Threshold methods: the residual the iterative solvers use ('naive' shows its failure). */
  residual?: 'accurate' | 'naive';
  /** Threshold methods: record every bracket and probe. */
  trace?: boolean;
  maxIterations?: number;
  /** 'iterative-weighted': how 1 - p is kept. */
  complement?: 'exact' | 'naive';
  /** 'sigmoid-bisection-article': number of bisection steps (20 in the article). */
  steps?: number;
}

export interface ThresholdStep {
  lo: number;
  hi: number;
  lambda: number;
  residual: number;
  newton: boolean;
}

export interface SmoothTopKResult {
  method: SmoothTopKMethod;
  /** The smooth top-k indicator; sums to k for the sound methods. */
  values: Float64Array;
  sum: number;
  /** The threshold lambda in x units, or null for methods without one. */
  threshold: number | null;
  /** Vector-Jacobian product pbar^T dp/dx, or null for methods shown only to fail. */
  vjp: ((pbar: Vector) => Float64Array) | null;
  jacobian: (() => Matrix) | null;
  // Method-specific diagnostics.
  derivatives?: Float64Array;
  thresholdGradient?: Float64Array;
  residual?: number;
  iterations?: number;
  converged?: boolean;
  solver?: string;
  trace?: ThresholdStep[];
  residualAt?: (lambda: number, form?: 'accurate' | 'naive') => number;
  potential?: () => number;
  logZ?: number;
  smoothSum?: number;
  expectedSum?: number;
  log0Events?: number;
  firstLog0Round?: number;
  iterates?: Matrix;
  maxEntry?: number;
  minEntry?: number;
  orderViolations?: number;
}

// ---- gradient clipping --------------------------------------------------------------------------

export type Tensor = number[] | Float64Array | Float32Array;

export interface ClipOptions {
  /** What to do when the norm is NaN or infinite: leave the tensors alone, throw, or take the limit. */
  nonFinite?: 'report' | 'error' | 'inf-limit';
  /** PyTorch's clip_grad_norm_ scale min(1, maxNorm / (norm + 1e-6)). */
  torchCompat?: boolean;
}

export interface ClipResult<T> {
  norm: number;
  scale: number;
  clipped: boolean;
  finite: boolean;
  tensors: T[];
}

export interface TrainingOptions {
  problem?: 'quadratic' | 'softmax';
  optimizer?: 'sgd' | 'sign-sgd' | 'adam';
  lr?: number;
  steps?: number;
  warmup?: number;
  clipNorm?: number;
  lrClip?: number;
  lossScale?: number;
  seed?: number;
  dim?: number;
  hMin?: number;
  hMax?: number;
  theta0?: number;
  noise?: number;
  batch?: number;
  classes?: number;
  features?: number;
  samples?: number;
  separation?: number;
  spread?: number;
  normalizeFeatures?: boolean;
}

export interface TrainingTrace {
  loss: Float64Array;
  gradNorm: Float64Array;
  lossChange: Float64Array;
  firstOrder: Float64Array;
  lr: Float64Array;
  clipped: Int32Array;
  lrClipped: Int32Array;
  clipFraction: number;
  lateMedianGradNorm: number;
  lateFractionBelowOne: number;
  lateMeanAbsChangeOverLr: number;
  gradientBound?: number;
}

export interface ScaleSweepRow {
  n: number;
  l1: number;
  l2: number;
  cosine: number;
  nonzero: number;
  lr: number;
  sqrtN: number;
}

// ---- pseudo-inverse, CR, CUR --------------------------------------------------------------------

export interface PinvOptions {
  /**
   * 'auto' (the default): A = U D V^T with D bidiagonal (Householder reduction); D's singular values
   * decide the rank by the same tolerance as the SVD. A full-rank A is inverted through those factors
   * (A^+ = V D^-1 U^T), a rank-deficient one by BDCSVD. 'bdcsvd' and 'jacobi' always take the SVD;
   * 'cod' decides the rank by QR pivots and returns no singular values.
   */
  method?: 'auto' | 'bdcsvd' | 'jacobi' | 'cod';
  rtol?: number;
  atol?: number;
}

export interface PinvResult {
  pinv: Matrix;
  rank: number;
  singularValues: Float64Array;
  scale: number;
  tolerance: number;
  method: 'auto' | 'bdcsvd' | 'jacobi' | 'cod';
  /** True when the automatic route found full rank and A^+ came from the bidiagonal factors, not an SVD. */
  fullRankInverse: boolean;
}

export interface CrOptions {
  sampling?: 'optimal' | 'uniform' | 'column-norm' | 'squared' | 'top' | 'greedy' | 'best';
  replacement?: boolean | 'poisson' | 'sequential';
  seed?: number | bigint;
  refit?: 'none' | 'diagonal' | 'full';
  /** Greedy: how many pairs are dropped per step. */
  k?: number;
}

export interface CrResult {
  draws: Int32Array;
  indices: Int32Array;
  weights: Float64Array;
  approx: Matrix;
  middle?: Matrix;
  /** ||approx - XY||_F^2 */
  error: number;
  /** E ||approx - XY||_F^2 for the random rules, null for the deterministic ones. */
  expectedError: number | null;
  probabilities: Float64Array;
  /** Best rank-r error (Eckart-Young), squared Frobenius. */
  floor: number;
  productNormSquared: number;
}

export interface CrRefit {
  /** The kept indices, ascending. */
  indices: Int32Array;
  /** ||C R - XY||_F^2 with weights 1. */
  plainError: number;
  /** The optimal diagonal weights lambda* (R11), one per kept index. */
  weights: Float64Array;
  diagonalError: number;
  /** The optimal full middle matrix Lambda* = C^+ XY R^+ (R10), |kept| x |kept|. */
  middle: Matrix;
  fullError: number;
  /** Best error of any rank-|kept| matrix (Eckart-Young), squared Frobenius. */
  floor: number;
}

export type CurSelect =
  | 'deim'
  | 'leverage-top'
  | 'leverage-sample'
  | 'pivoted-qr'
  | 'norm-top'
  | 'norm-sample'
  | 'uniform'
  | 'max-volume'
  | 'best';

export interface CurSelection {
  order: Int32Array;
  sorted: Int32Array;
  scores: Float64Array;
  flagged: boolean;
  note: string;
}

export interface CurCore {
  C: Matrix;
  U: Matrix;
  R: Matrix;
  approx: Matrix;
  error: number;
  pythagoras: number;
  cols: Int32Array;
  rows: Int32Array;
  deduplicated: boolean;
  intersectionRank: number;
  intersectionCondition: number;
  intersectionDet: number | null;
}

export interface CurResult extends CurCore {
  colSelection: CurSelection;
  rowSelection: CurSelection;
  errors: {
    frobeniusSquared: number;
    spectral: number;
    intersectionSquared: number;
    optimalSquared: number;
    idColumnsSquared: number;
    idRowsSquared: number;
    floorSquared: number;
    floorSpectral: number;
  };
  singularValues: Float64Array;
}

export type FeatureKind = 'positive' | 'hyperbolic' | 'trig';
export type OmegaNorms = 'chi' | 'fixed' | 'quantile';
export type Seed = number | bigint;

export interface PerformerOptions {
  /** Number of random features, 1..65536; default 64 (ignored with W). */
  m?: number;
  kind?: FeatureKind;
  /** Orthogonal blocks of d rows (default) or i.i.d. Gaussian rows. */
  orthogonal?: boolean;
  norms?: OmegaNorms;
  seed?: Seed;
  /** Logit scale s (weights exp(s q.k)); default 1/sqrt(d); any finite value, negative too. */
  scale?: number;
  causal?: boolean;
  /** 'log-domain' (default); 'reference-eps' and 'none' are the article's failing variants. */
  stabilizer?: 'log-domain' | 'reference-eps' | 'none';
  /** reference-eps only; default 1e-4. */
  eps?: number;
  /** An explicit projection matrix (m x d): then m, orthogonal, norms and seed are ignored. */
  W?: MatrixInput;
}

export interface KernelStats {
  /** exp(q.k) and q.k. */
  sm: number;
  logSm: number;
  /** ||q + k||^2 and ||q - k||^2. */
  z2: number;
  delta2: number;
  /** Closed-form variance known (chi norms; not for trig with fixed or quantile norms). */
  cfAvailable: boolean;
  cfMean: number;
  cfVar: number;
  cfRelvar: number;
  mcMean: number;
  /** NaN with a single trial. */
  mcVar: number;
  mcKurtosis: number;
  mcNegFraction: number;
  /** The first 4096 estimates divided by exp(q.k). */
  relative: Float64Array;
}

export interface PinvStep {
  iter: number;
  /** Matrix products so far. */
  matmuls: number;
  /** ||AZA - A||_F / ||A||_F. */
  p1: number;
  /** ||ZAZ - Z||_F / ||Z||_F. */
  p2: number;
  /** ||I - AZ||_2. */
  eNorm: number;
  /** ||Z - A^+||_F / ||A^+||_F (NaN without the reference). */
  zError: number;
}

export interface NystromOptions {
  /** 'segment' (means of balanced segments, default), 'random', 'kmeans', 'leverage' (needs the exact S) or 'manual'. */
  landmarks?: 'segment' | 'random' | 'kmeans' | 'leverage' | 'manual';
  /** Token indices for landmarks: 'manual' (m distinct, in [0, n)). */
  indices?: Vector;
  /** The middle matrix: 6 iterations of the iterative pseudo-inverse (default), the SVD pseudo-inverse, or I. */
  pinv?: 'iterative' | 'svd' | 'identity';
  pinvIters?: number;
  /** svd only: relative tolerance (default m eps). */
  rtol?: number;
  /** Default 1/sqrt(d). */
  scale?: number;
  seed?: Seed;
  /** Also return S-hat (n x n, n <= 2048). */
  returnMatrix?: boolean;
  /** Measure every step of the iterative middle (default true): an m x m SVD a step, more than the iteration costs. */
  history?: boolean;
  /** Also the errors against exact softmax attention, as attentionErrors(S, Shat, { V }) (forms S: n^2 d more work; n <= 2048). */
  errors?: boolean;
}

export interface NystromResult {
  out: Matrix;
  F: Matrix;
  A: Matrix;
  /** The middle matrix M. */
  Z: Matrix;
  B: Matrix;
  Qt: Matrix;
  Kt: Matrix;
  /** Token indices behind the landmark queries and keys (empty for segment means and k-means). */
  rows: Int32Array;
  cols: Int32Array;
  /** Segment landmarks with m dividing n. */
  paperMode: boolean;
  /** sigma_1(A) / sigma_m(A) (Infinity when singular). */
  kappaA: number;
  /** max_i ||(F M)_i||_1 >= 1. */
  gain: number;
  pinvHistory: PinvStep[];
  diverged: boolean;
  Shat?: Matrix;
  /** With errors: true (floor NaN: no singular values). */
  errors?: AttentionErrors;
}

export interface AttentionErrors {
  relative: number;
  maxAbs: number;
  maxRowL1: number;
  rowSumDev: number;
  negativeMass: number;
  /** ||S-hat V - S V||_F / ||S V||_F (NaN without V). */
  output: number;
  /** The Eckart-Young floor at rank m relative to ||S||_F (NaN without singular values). */
  floor: number;
}

export type ScoreKind = 'linear' | 'exp' | 'tanh';
export type AnchorMethod = 'uniform' | 'kmeans' | 'topNorm' | 'leverage' | 'deim' | 'cpqr' | 'manual';
/** An item index list: number[] or Int32Array (retrieval matrices have up to 65536 item columns). */
export type Ids = number[] | Int32Array | Uint32Array;
/** The exact cross-encoder: one finite score per id, in order. */
export type ExactScores = (ids: Int32Array) => Float64Array | Float32Array | number[];

export interface ScorerParams {
  /** Rank r of the logit matrix, 1..64 (default 8). */
  rank?: number;
  /** Pair-noise sigma in [0, 2] (default 0.1). */
  noise?: number;
  /** f_beta: 'linear', 'exp' (default) or 'tanh'. */
  kind?: ScoreKind;
  /** beta in [0, 8] (default 1); 0 is the identity. */
  beta?: number;
  /** Default 42. */
  seed?: Seed;
}

/** A seeded synthetic cross-encoder; score and block count their calls. */
export interface SyntheticScorer {
  readonly params: Readonly<Required<ScorerParams>>;
  readonly calls: number;
  resetCalls(): void;
  /** s(q, i) for ids below 2^32 (test queries are 2^31 + j). */
  score(q: number, i: number): number;
  block(queryIds: Ids, itemIds: Ids): Matrix & { clamped: boolean };
}

export interface CurRetrievalIndex {
  anchors: Int32Array;
  /** k_i x n_i: W^+ R, one column per item (the item embeddings). */
  E: Matrix;
  /** k_i x k_q: W^+ (alpha = c W^+). */
  Wpinv: Matrix;
  singularValues: Float64Array;
  rank: number;
  kappa: number;
  rtol: number;
  degenerate: boolean;
  /** Wide W, or kappa(W) > 1e3 (the interpolation threshold). */
  notes: string[];
}

export interface CurRetrieval {
  ids: Int32Array;
  scores: Float64Array;
  candidates: Int32Array;
  approxScores: Float64Array;
  /** k_i + |C \ anchors|. */
  ceCalls: number;
  /** k_i + k_r. */
  nominalCalls: number;
  exhaustive: boolean;
}

export interface CurEvaluationOptions {
  /** A syntheticScorer or its parameters (required). */
  scorer: SyntheticScorer | ScorerParams;
  nItems?: number;
  kq?: number;
  ki?: number;
  method?: AnchorMethod;
  /** Default 7, as the math file's tables. */
  anchorSeed?: Seed;
  gamma?: number;
  indices?: Ids;
  rtol?: number;
  nTest?: number;
  k?: number;
  krValues?: Ids;
  includeAnchors?: boolean;
  /** Index f_beta^-1(scores) instead of the scores (same ground truth). */
  transform?: boolean;
  /** 'random' and dual-encoder proxies 'de<r>' such as 'de4', 'de6'. */
  baselines?: string[];
  /** Also the singular values of R (O(kq^2 nItems)). */
  spectrum?: boolean;
  /** Reuse (a widget frame): the scorer's anchor block syntheticScores(kq, nItems, params)... */
  R?: MatrixInput;
  /** ...and the truth of an earlier evaluation (same scorer, nItems, nTest, k): no exact rows are generated. */
  truth?: Ids;
}

export interface CurEvaluation {
  krValues: Int32Array;
  recall: Record<number, number>;
  recallCurve: Float64Array;
  /** nTest x k, row-major: the approximate rank of each true item (recall(kr) = share below kr). */
  perQueryPositions: { nTest: number; k: number; data: Int32Array };
  truth: Int32Array;
  anchors: Int32Array;
  singularValues: Float64Array;
  rank: number;
  kappa: number;
  frobRelErr: number;
  spectrum: Float64Array;
  minMargin: number;
  ties: number;
  clamped: boolean;
  calls: { offline: number; anchorsPerQuery: number; perQuery: Record<number, number> };
  baselines: Record<string, Record<number, number>>;
}

export type ScaleMode = 'standard' | 'logn' | 'logn-clipped' | 'chiang' | 'annealed-invariant';
export type SweepMode = ScaleMode | 'entropy-normalized';
export type KeyDistribution = 'gaussian' | 'sphere';
export type LengthScale = 'none' | 'global' | 'per-row' | 'per-row-clipped';

export interface RowEntropy {
  /** H = logS + gapMean, from the gaps to the maximum (both parts >= 0). */
  entropy: number;
  perplexity: number;
  logS: number;
  gapMean: number;
  maxWeight: number;
  /** Entries > -Infinity. */
  visible: number;
  /** dH/dscale = -scale Var_a(z) (NaN when z holds NaN or +Infinity). */
  slope: number;
  /** The naive forms lse(z) - a.z and -sum p log p, as the article's demo shows them failing. */
  naiveLse: number;
  naivePLogP: number;
}

export interface AttentionEntropy {
  entropy: Float64Array;
  perplexity: Float64Array;
  maxWeight: Float64Array;
  /** The scale each row used: gain * scale * its length factor. */
  lambda: Float64Array;
  visible: Float64Array;
  /** log n - lambda (s_max - s_mean) <= entropy (the quick derivation's floor). */
  fastBound: Float64Array;
}

export interface AttentionEntropyOptions {
  causal?: boolean;
  lengthScale?: LengthScale;
  base?: number;
  gain?: number;
}

export interface EntropySweepPoint {
  mode: SweepMode;
  n: number;
  lambda: number;
  mean: number;
  sd: number;
  q05: number;
  q25: number;
  q50: number;
  q75: number;
  q95: number;
  /** The annealed prediction at this lambda (NaN for entropy-normalized). */
  annealed: number;
  annealedUnreliable: boolean;
  fastBound: number;
  unreachable: boolean;
  /** Per row. */
  entropy: Float64Array;
  fastBounds: Float64Array;
  /** entropy-normalized: per row the factor on the standard scale that restores the row's entropy at L0 (0: unreachable). */
  factors: Float64Array;
  factorMedian: number;
  unreachableRows: number;
}

export interface EntropyNormalization {
  gamma: number;
  p: Float64Array;
  H: number;
  iterations: number;
  status: 'ok' | 'constant' | 'target-above-max' | 'target-below-min';
}

export interface JlDistortion {
  ratios: Float64Array;
  maxDeviation: number;
  min: number;
  max: number;
  mean: number;
  q05: number;
  q25: number;
  q50: number;
  q75: number;
  q95: number;
  withinEps: number;
  duplicates: number;
  nearDuplicates: number;
  /** max |<y_i, y_j> - <x_i, x_j>| when every row has unit norm, else NaN. */
  innerProductDeviation: number;
}

export interface JlBounds {
  k24: number;
  k16: number;
  simple: number;
  chernoff: number;
  exact: number;
  kSimple: number;
  kChernoff: number;
  kExact: number;
  rule8: number;
  rule833: number;
  ruleEntropy: number;
}

export interface Mathlets {
  readonly variant: 'simd' | 'baseline';
  logsumexp(x: Vector, options?: TemperatureOptions): number;
  softmax<T extends Vector>(x: T, options?: TemperatureOptions): T extends Float32Array ? Float32Array : Float64Array;
  lseGradient(x: Vector, options?: TemperatureOptions): { value: number; dx: Float64Array; dtau: number };
  lseHessian(x: Vector, options?: TemperatureOptions): Matrix;
  renyiEntropy(p: Vector, t: number): number;
  lseBounds(x: Vector, options?: LseBoundsOptions): LseBounds;

  hardTopK(x: Vector, k: number, options?: { ties?: 'share' | 'lower-index' }): Float64Array;
  topKSum(x: Vector, k: number): number;
  smoothTopK(x: Vector, k: number, options?: SmoothTopKOptions): SmoothTopKResult;
  thresholdFunction(
    method: 'threshold-piecewise' | 'threshold-exp' | 'threshold-sigmoid',
    part: 'f' | 'df' | 'd2f' | 'phi' | 'inverse',
    u: number,
  ): number;

  clipByGlobalNorm<T extends Tensor>(
    grads: T[],
    maxNorm: number,
    options?: ClipOptions,
  ): ClipResult<T extends Float32Array ? Float32Array : Float64Array>;
  clipPerTensor<T extends Tensor>(
    grads: T[],
    maxNorm: number,
    options?: ClipOptions,
  ): { norms: Float64Array; scales: Float64Array; finite: boolean; tensors: (T extends Float32Array ? Float32Array : Float64Array)[] };
  clipByValue<T extends Tensor>(grads: T[], clipValue: number): (T extends Float32Array ? Float32Array : Float64Array)[];
  globalNorm(grads: Tensor[]): number;
  clipLrByInnerProduct(eta: number, u: Vector, g: Vector, threshold: number): { inner: number; lr: number; clipped: boolean };
  signStats(g: Vector): { l1: number; l2: number; nonzero: number; cosine: number; sqrtNL2Cos: number };
  quadraticStepLossChange(h: Vector, theta: Vector, u: Vector, eta: number): { exact: number; firstOrder: number };
  normalQuantile(p: number): number;
  gaussianQuantileVector(n: number, norm?: number): Float64Array;
  adamScaleSweep(
    sizes: Vector,
    options?: {
      law?: 'gaussian-quantiles' | 'gaussian' | 'uniform' | 'laplace' | 'sparse';
      norm?: number;
      targetChange?: number;
      density?: number;
      seed?: number;
    },
  ): ScaleSweepRow[];
  simulateTraining(options?: TrainingOptions): TrainingTrace;

  pinv(A: MatrixInput, options?: PinvOptions): PinvResult;
  singularValues(A: MatrixInput, options?: { method?: 'bdcsvd' | 'jacobi' }): Float64Array;
  penroseResiduals(A: MatrixInput, X: MatrixInput): { axa: number; xax: number; axSymmetric: number; xaSymmetric: number };
  lstsq(
    A: MatrixInput,
    b: Vector,
    options?: PinvOptions,
  ): { x: Float64Array; residualNorm: number; residualNorms: Float64Array; rank: number; tolerance: number };
  lstsq(A: MatrixInput, b: MatrixInput, options?: PinvOptions): { x: Matrix; residualNorms: Float64Array; rank: number; tolerance: number };
  pinvEig(
    A: MatrixInput,
    options?: { rtol?: number },
  ): {
    pinv: Matrix;
    eigenvalues: Float64Array;
    eigenvectors: Matrix;
    inverted: Float64Array;
    projected: Matrix;
    rank: number;
    tolerance: number;
  };
  ridge(A: MatrixInput, eps: number, options?: { form?: 'stable' | 'naive' }): Matrix;
  ridgeCurve(
    A: MatrixInput,
    eps: Vector,
  ): { eps: Float64Array; stableError: Float64Array; naiveError: Float64Array; exactError: Float64Array; inverseNorm: Float64Array };

  crMatmul(X: MatrixInput, Y: MatrixInput, r: number, options?: CrOptions): CrResult;
  crMonteCarlo(
    X: MatrixInput,
    Y: MatrixInput,
    r: number,
    options?: { sampling?: 'optimal' | 'uniform' | 'column-norm' | 'squared'; count?: number; seed?: number | bigint },
  ): { mean: Matrix; errors: Float64Array; meanError: number; expectedError: number };
  /**
   * The exact E ||CR - XY||_F^2 of r draws with replacement from p: a named distribution (default
   * 'optimal') or your own probabilities, one per term, finite, >= 0, summing to 1. Infinity when a
   * nonzero term has p_i = 0. entryVariance (r >= 1): Var[(CR)_ab], which sums to expectedError.
   */
  crExpectedError(
    X: MatrixInput,
    Y: MatrixInput,
    r: number,
    p?: 'optimal' | 'uniform' | 'column-norm' | 'squared' | Vector,
  ): { expectedError: number; entryVariance?: Matrix };
  /**
   * One fixed selection (distinct term indices in [0, l), at least one) three ways: plain weights 1,
   * the optimal diagonal weights (R11) and the optimal full middle matrix C^+ XY R^+ (R10), each with
   * its ||approx - XY||_F^2, beside the SVD floor at rank |kept|. Throws RangeError for an index out
   * of range, repeated or not an integer.
   */
  crRefit(X: MatrixInput, Y: MatrixInput, kept: Vector): CrRefit;
  cur(
    M: MatrixInput,
    r: number,
    options?: { select?: CurSelect; middle?: 'optimal' | 'intersection'; seed?: number | bigint; rtol?: number; gamma?: number },
  ): CurResult;
  curFromIndices(M: MatrixInput, cols: Vector, rows: Vector, options?: { middle?: 'optimal' | 'intersection'; rtol?: number }): CurCore;
  /** Exact softmax attention (row blocks; never n x n at once) and log sum_j exp(scale q_i.k_j). */
  softmaxAttention(
    Q: MatrixInput,
    K: MatrixInput,
    V: MatrixInput,
    options?: { scale?: number; causal?: boolean },
  ): { out: Matrix; logNormalizer: Float64Array };
  softmaxAttentionWeights(Q: MatrixInput, K: MatrixInput, options?: { scale?: number; causal?: boolean }): Matrix;
  /** W (m x d): Gaussian projections; 'householder-unsigned' is the article's biased QR, for its demo. */
  drawOmegas(
    d: number,
    m: number,
    options?: { orthogonal?: boolean; norms?: OmegaNorms; seed?: Seed; qr?: 'gram-schmidt' | 'householder-unsigned' },
  ): Matrix;
  /** phi(x_i) = exp(logScale_i) F_i for the rows of X scaled by sqrt(scale). */
  performerFeatures(
    X: MatrixInput,
    W: MatrixInput,
    options?: { kind?: FeatureKind; scale?: number },
  ): { F: Matrix; logScale: Float64Array };
  /**
   * Linear-time attention through random features. Trig rows whose denominator is <= 0 are computed
   * as num/den and listed in nonpositiveRows (their logDenominator is NaN).
   */
  performerAttention(
    Q: MatrixInput,
    K: MatrixInput,
    V: MatrixInput,
    options?: PerformerOptions,
  ): { out: Matrix; logDenominator: Float64Array; nonpositiveRows: Int32Array; W: Matrix };
  /** Row-normalised approximate attention (n_q n_k M <= 1.5e8) and per row its total variation against softmax. */
  performerAttentionMatrix(
    Q: MatrixInput,
    K: MatrixInput,
    W: MatrixInput,
    options?: { kind?: FeatureKind; scale?: number; causal?: boolean },
  ): { P: Matrix; tv: Float64Array };
  kernelEstimateStats(
    q: Vector,
    k: Vector,
    m: number,
    options?: { kind?: FeatureKind; orthogonal?: boolean; norms?: OmegaNorms; trials?: number; seed?: Seed; path?: 'projection' | 'full' },
  ): KernelStats;
  /** Closed-form Var(K-hat)/exp(q.k)^2 at each r = ||q + k|| (positive, hyperbolic) or ||q - k|| (trig); chi norms. */
  kernelRelativeVariance(r: Vector, d: number, m: number, options?: { kind?: FeatureKind; orthogonal?: boolean }): Float64Array;
  kernelRelativeMoments(
    z2: number,
    delta2: number,
    d: number,
    m: number,
    options?: { kind?: FeatureKind; orthogonal?: boolean; norms?: OmegaNorms },
  ): { mean: number; variance: number; available: boolean };
  /** The chi_d quantile; 0 < p < 1. */
  chiQuantile(d: number, p: number): number;
  attentionCost(
    nq: number,
    nk: number,
    d: number,
    dv: number,
    m: number,
    options?: { kind?: FeatureKind },
  ): {
    softmaxFlops: number;
    softmaxExps: number;
    performerFlops: number;
    performerExps: number;
    softmaxMemory: number;
    performerMemory: number;
  };
  /** S = softmax(scale Q K^T) by rows; scale default 1/sqrt(d). */
  attentionMatrix(Q: MatrixInput, K: MatrixInput, options?: { scale?: number }): Matrix;
  /** max over i, j of scale q_i . k_j (scale default 1/sqrt(d)); a softmax without the max shift overflows past log(Number.MAX_VALUE) = 709.78. */
  largestLogit(Q: MatrixInput, K: MatrixInput, options?: { scale?: number }): number;
  /** Nyström attention F (M (B V)) through m landmarks (1 <= m <= n); self-attention (Q and K have the same rows). */
  nystromAttention(Q: MatrixInput, K: MatrixInput, V: MatrixInput, m: number, options?: NystromOptions): NystromResult;
  iterativePinv(
    A: MatrixInput,
    options?: { iters?: number; method?: 'razavi' | 'newton-schulz' | 'chebyshev'; initScale?: number; reference?: boolean },
  ): { Z: Matrix; alpha: number; history: PinvStep[]; diverged: boolean };
  pinvFilter(t0: Vector, options?: { iters?: number; method?: 'razavi' | 'newton-schulz' | 'chebyshev' }): Float64Array;
  attentionErrors(S: MatrixInput, Shat: MatrixInput, options?: { V?: MatrixInput; singularValues?: Vector; m?: number }): AttentionErrors;
  /** The article's seeded inputs (n <= 8192, d <= 512). */
  attentionInputs(
    kind: 'iid' | 'smooth' | 'clusters' | 'shuffled' | 'sharp',
    n: number,
    d: number,
    options?: { seed?: Seed },
  ): { Q: Matrix; K: Matrix; V: Matrix };
  syntheticScorer(options?: ScorerParams): SyntheticScorer;
  syntheticScores(nq: number, ni: number, options?: ScorerParams): Matrix & { clamped: boolean };
  inverseScores(values: Vector, options?: { kind?: ScoreKind; beta?: number }): { values: Float64Array; clamped: number };
  exactTopK(scores: Vector, k: number): { ids: Int32Array; scores: Float64Array; kth: number; next: number; ties: number };
  recallAtK(found: Ids, truth: Ids): number;
  recallCurve(approxScores: Vector, truth: Ids, krValues: Ids): { recall: Float64Array; positions: Int32Array };
  selectAnchorItems(
    R: MatrixInput,
    ki: number,
    options?: { method?: AnchorMethod; seed?: Seed; gamma?: number; indices?: Ids },
  ): { ids: Int32Array; order: Int32Array; note: string };
  curRetrievalIndex(R: MatrixInput, anchorIds: Ids, options?: { rtol?: number }): CurRetrievalIndex;
  curRetrieve(
    index: Pick<CurRetrievalIndex, 'E' | 'anchors'>,
    queryAnchorScores: Vector,
    options: { k?: number; rerank?: number; exactScores: ExactScores; includeAnchors?: boolean },
  ): CurRetrieval;
  adaptiveCurRetrieve(
    R: MatrixInput,
    scoreFn: ExactScores,
    options?: { k?: number; budget?: number; k0?: number; rounds?: number; rtol?: number; seed?: Seed },
  ): { ids: Int32Array; scores: Float64Array; anchorsPerRound: Int32Array[]; approxPerRound: Float64Array[]; ceCalls: number };
  evaluateCurRetrieval(options: CurEvaluationOptions): CurEvaluation;
  attentionScale(options: { mode?: ScaleMode; n: number; d: number; base?: number; gain?: number; keys?: KeyDistribution }): {
    lambda: number;
    unreachable: boolean;
  };
  rowEntropy(z: Vector, options?: { scale?: number }): RowEntropy;
  attentionEntropy(S: MatrixInput, scale: number, options?: AttentionEntropyOptions): AttentionEntropy;
  attentionEntropyQK(Q: MatrixInput, K: MatrixInput, scale: number, options?: AttentionEntropyOptions): AttentionEntropy;
  /** D = Q K^T (rows x n) of a sweep's seeded draws, to keep and pass back as entropyVsLength's scores. */
  entropyScores(options: { d?: number; rows?: number; n: number; seed?: Seed; keys?: KeyDistribution }): Matrix;
  entropyVsLength(options: {
    d?: number;
    lengths: Vector;
    /** Kept scores from entropyScores: nothing is drawn (rows, seed and maxKeys go with them). */
    scores?: Matrix;
    rows?: number;
    seed?: Seed;
    keys?: KeyDistribution;
    gain?: number;
    base?: number;
    modes?: SweepMode[];
    maxKeys?: number;
  }): { points: EntropySweepPoint[] };
  annealedEntropy(n: number, d: number, lambda: number, options?: { keys?: KeyDistribution }): { entropy: number; unreliable: boolean };
  invariantScale(n: number, d: number, target: number, options?: { keys?: KeyDistribution }): { lambda: number; unreachable: boolean };
  sphereTilt(lambda: number): { cStar: number; thetaStar: number; peak: number; g: number };
  entropyNormalize(options: { probs: Vector; target: number } | { logits: Vector; target: number }): EntropyNormalization;
  articleIteration(
    p: Vector,
    target: number,
    options?: { iters?: number },
  ): {
    steps: { gamma: number; cumulative: number; entropy: number }[];
    p: Float64Array;
    reversed: boolean;
    overflow: boolean;
    nan: boolean;
  };
  jlProjectionMatrix(k: number, m: number, seed?: Seed): Matrix;
  jlProjectionDistortion(X: MatrixInput, k: number, seed?: Seed, options?: { eps?: number }): JlDistortion;
  jlBounds(N: number, eps: number, k: number): JlBounds;
  /** Bytes allocated in the wasm heap right now (diagnostics; constant between calls). */
  heapInUse(): number;
}

export function load(options?: LoadOptions): Promise<Mathlets>;

type Async<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : T[K] };
/** The same API in a module worker: every function returns a promise; function-valued result members stay behind. */
export function loadWorker(options?: LoadOptions): Promise<Async<Omit<Mathlets, 'heapInUse'>> & { terminate(): void }>;
export function simdSupported(): boolean;
export const MAX_VECTOR_LENGTH: number;
export const MAX_MATRIX_DIM: number;
export const MAX_MATRIX_ENTRIES: number;
