// Public types of the mathlets JS API (hand-written; keep in step with web/src/core).

/** A vector: float64 for number[] and Float64Array; Float32Array runs the float32 kernels. */
export type Vector = number[] | Float64Array | Float32Array;

export interface LoadOptions {
  /** 'auto' (default) probes for WebAssembly SIMD and falls back to the baseline build. */
  variant?: 'auto' | 'simd' | 'baseline';
  /** URL of your own copy of the matching .wasm file. */
  wasmUrl?: string | URL;
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

export interface Mathlets {
  readonly variant: 'simd' | 'baseline';
  logsumexp(x: Vector, options?: TemperatureOptions): number;
  softmax<T extends Vector>(x: T, options?: TemperatureOptions): T extends Float32Array ? Float32Array : Float64Array;
  lseGradient(x: Vector, options?: TemperatureOptions): { value: number; dx: Float64Array; dtau: number };
  lseHessian(x: Vector, options?: TemperatureOptions): Matrix;
  renyiEntropy(p: Vector, t: number): number;
  lseBounds(x: Vector, options?: LseBoundsOptions): LseBounds;
  /** Bytes allocated in the wasm heap right now (diagnostics; constant between calls). */
  heapInUse(): number;
}

export function load(options?: LoadOptions): Promise<Mathlets>;
export function simdSupported(): boolean;
export const MAX_VECTOR_LENGTH: number;
