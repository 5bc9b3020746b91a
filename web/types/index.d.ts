// Public types of the mathlets JS API (hand-written; keep in step with web/src/core).

/** A vector: float64 for number[] and Float64Array; Float32Array runs the float32 kernels. */
export type Vector = number[] | Float64Array | Float32Array;

export interface LoadOptions {
  /** 'auto' (default) probes for WebAssembly SIMD and falls back to the baseline build. */
  variant?: 'auto' | 'simd' | 'baseline';
  /** Parts of the core to fetch: 'vector' (logsumexp, smooth top-k, clipping), 'matrix' (pinv, CR, CUR). Default both. */
  include?: ('vector' | 'matrix')[];
  /** Your own copy of the .wasm: a URL when one part is included, else one per part. */
  wasmUrl?: string | URL | { vector?: string | URL; matrix?: string | URL };
  /**
   * The folder that holds the package's .wasm files under their own names (`mathlets/wasm/*`), for
   * example on a CDN; the build (SIMD or baseline) is still chosen per engine. Absolute, or relative
   * to the page.
   */
  baseUrl?: string | URL;
  /** A WebAssembly.Module you compiled from the package's .wasm, one per part; `variant` must name its build. */
  wasmModule?: WebAssembly.Module | { vector?: WebAssembly.Module; matrix?: WebAssembly.Module };
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
  method?: 'bdcsvd' | 'jacobi' | 'cod';
  rtol?: number;
  atol?: number;
}

export interface PinvResult {
  pinv: Matrix;
  rank: number;
  singularValues: Float64Array;
  scale: number;
  tolerance: number;
  method: 'bdcsvd' | 'jacobi' | 'cod';
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
