// Types of the mathlet custom elements, for `import 'mathlets/widgets'` (hand-written; keep in
// step with web/src/widgets: the element table in index.js, each widget's `results` and
// framework/public-events.js). custom-elements.json describes the same elements for editors and tools.
import type { SmoothTopKMethod } from './index.d.ts';

/** Where an element is: its host's data-state attribute (set by the element; read it, style on it). */
export type MathletState = 'placeholder' | 'loading' | 'ready' | 'error';

/** The detail of mathlet-error. */
export interface MathletErrorDetail {
  /** 'input': an attribute, a permalink or a change was refused (the last valid state stays, the message shows inline); 'load': the code or the wasm could not load. */
  kind: 'input' | 'load';
  /** The message, in the widget's language, as the widget shows it. */
  message: string;
}

/** The detail of mathlet-ready and mathlet-change on <mathlet-logsumexp>. */
export interface LogsumexpDetail {
  values: number[];
  tau: number;
  /** The Hölder order of R5. */
  t: number;
  /** The weights p of the lower bounds. */
  p: number[];
  lse: number;
  xMax: number;
  /** x_max + tau log n. */
  upper: number;
  softmax: number[];
  /** The second vector of R7 and R8, and the mixing weight of R8. */
  y: number[];
  mix: number;
  lseY: number;
  /** lse(x) - lse(y), and the least and largest x_i - y_i. */
  diff: number;
  diffMin: number;
  diffMax: number;
  /** ||x - y||_inf. */
  maxNorm: number;
  /** mix lse(x) + (1 - mix) lse(y), against lse(mix x + (1 - mix) y). */
  chord: number;
  lseMix: number;
}

/** The detail of mathlet-ready and mathlet-change on <mathlet-smooth-topk>. */
export interface SmoothTopKDetail {
  /** The scores, +-Infinity included. */
  values: number[];
  k: number;
  tau: number;
  /** The method in focus. */
  method: SmoothTopKMethod;
  /** I2's complement: 'exact' or 'naive'. */
  complement: string;
  /** The output of the method in focus; null where it is not defined on this input. */
  p: number[] | null;
  sum: number | null;
  /** lambda; null for a method without one. */
  threshold: number | null;
  /** Method ids that fail, or are unavailable, on this input. */
  failing: string[];
  unavailable: string[];
}

/** The detail of mathlet-ready and mathlet-change on <mathlet-grad-clip>. */
export interface GradClipDetail {
  g: number[];
  tau: number;
  /** ||g||, min(1, tau / ||g||), g clipped by norm and g clipped by value. */
  norm: number;
  scale: number;
  byNorm: number[];
  byValue: number[];
}

/** The detail of mathlet-ready and mathlet-change on <mathlet-pinv>. */
export interface PinvDetail {
  matrix: number[][];
  route: 'bdcsvd' | 'jacobi' | 'cod' | 'eig';
  /** null: the default tolerance. */
  rtol: number | null;
  eps: number;
  rank: number;
  pinv: { rows: number; cols: number; data: number[] };
  /** The four Penrose residuals (relative). */
  residuals: { axa: number; xax: number; axSymmetric: number; xaSymmetric: number };
}

/** The detail of mathlet-ready and mathlet-change on <mathlet-cr>. */
export interface CrDetail {
  preset: string;
  r: number;
  seed: number;
  sampling: 'optimal' | 'uniform' | 'top';
  error: number;
  /** null for top-r. */
  expectedError: number | null;
  floor: number;
}

/** The detail of mathlet-ready and mathlet-change on <mathlet-cur>: the decomposition on screen. */
export interface CurDetail {
  preset: string;
  r: number;
  select: 'leverage-top' | 'pivoted-qr' | 'deim' | 'max-volume' | 'uniform';
  middle: 'optimal' | 'intersection';
  seed: number;
  rows: number[];
  cols: number[];
  error: number;
  floor: number;
  /** True while a max-volume choice is computed and the last decomposition stays on screen. */
  pending: boolean;
}

/** The detail of mathlet-ready and mathlet-change on <mathlet-performer>: the state and the matrices on screen. */
export interface PerformerDetail {
  inputs: 'gaussian' | 'structured' | 'clusters';
  n: number;
  d: number;
  /** The logit standard deviation asked for. */
  sharpness: number;
  /** The logit scale s that gives it on these inputs. */
  scale: number;
  m: number;
  kind: 'positive' | 'hyperbolic' | 'trig';
  orthogonal: boolean;
  causal: boolean;
  seed: number;
  featureSeed: number;
  row: number;
  key: number;
  /** Mean and largest total variation between the rows of P-hat and of softmax; null before the first matrices. */
  meanTv: number | null;
  maxTv: number | null;
  /** Entries of P-hat below 0 (trig features only). */
  negatives: number | null;
  /** True while the matrices of a large state are computed and the last ones stay on screen. */
  pending: boolean;
}

/** The detail of mathlet-ready and mathlet-change on <mathlet-nystromformer>: the approximation on screen. */
export interface NystromformerDetail {
  preset: 'smooth' | 'clusters' | 'shuffled' | 'iid' | 'sharp';
  n: number;
  d: number;
  tau: number;
  m: number;
  landmarks: 'segment' | 'random' | 'kmeans' | 'leverage';
  pinv: 'iterative' | 'svd' | 'identity';
  k: number;
  seed: number;
  amatrix: 'landmarks' | 'singular';
  initscale: number;
  /** ||S-hat - S||_F / ||S||_F. */
  error: number;
  /** ||S-hat V - S V||_F / ||S V||_F. */
  output: number;
  rowSumDev: number;
  negativeMass: number;
  /** The Eckart-Young floor at m; null until the singular values of S arrive from the worker. */
  floor: number | null;
  kappaA: number;
  gain: number;
  /** True while a large change is computed in the worker (the numbers are then the last state's) or the singular values of S (the floor) are. */
  pending: boolean;
}

/** The detail of mathlet-ready and mathlet-change on <mathlet-entropy-attention>: the state, the JL picture and the normalization on screen. */
export interface EntropyAttentionDetail {
  d: 16 | 32 | 64 | 128;
  gain: number;
  keys: 'gaussian' | 'sphere';
  rows: number;
  seed: number;
  base: number;
  k: number;
  eps: number;
  dist: 'te7' | 'two' | 'wrong' | 'blowup' | 'zero' | 'ramp';
  target: number;
  /** The fraction of the JL pairs whose distortion lies within 1 +- eps. */
  withinEps: number;
  /** The smallest k at which the exact chi-square union bound holds for the 64 points at eps. */
  kExact: number;
  /** The safeguarded solver's exponent and entropy (0 and the input's entropy when the target is out of reach). */
  gamma: number;
  entropy: number;
  /** True when the article's raw loop stepped to a negative exponent (the order of p reversed). */
  loopReversed: boolean;
}

/** The detail of mathlet-ready and mathlet-change on <mathlet-cur-retrieval>: the state and the evaluation on screen. */
export interface CurRetrievalDetail {
  kind: 'linear' | 'exp' | 'tanh';
  beta: number;
  r: number;
  noise: number;
  seed: number;
  items: 1000 | 5000 | 20000;
  kq: number;
  tests: number;
  k: 1 | 5 | 10 | 50;
  ki: number;
  kr: number;
  anchors: 'uniform' | 'kmeans' | 'topNorm' | 'leverage' | 'deim' | 'cpqr';
  rtol: number;
  query: number;
  /** True when the index is built on f_beta^-1(scores) instead of the scores (the same rankings). */
  transform: boolean;
  /** Mean recall@k over the test queries at k_r; null until the worker's evaluation arrives. */
  recall: number | null;
  /** Mean cross-encoder calls per query k_i + |C \ A_I|; null until evaluated at this k_r. */
  callsPerQuery: number | null;
  /** kappa(W) over the singular values rtol keeps, and how many it keeps; null while pending. */
  kappa: number | null;
  rank: number | null;
  /** True while the worker evaluates. */
  pending: boolean;
}

/** The events of an element whose results are `Detail`. */
export interface MathletElementEventMap<Detail> extends HTMLElementEventMap {
  'mathlet-ready': CustomEvent<Detail>;
  'mathlet-change': CustomEvent<Detail>;
  'mathlet-error': CustomEvent<MathletErrorDetail>;
}

/** A mathlet element: a lazy custom element whose widget loads as it nears the viewport. */
export interface MathletElement<Detail> extends HTMLElement {
  readonly dataset: DOMStringMap & { state?: MathletState };
  /** Loads the widget now instead of when it nears the viewport. */
  startLoading(): Promise<void>;
  addEventListener<K extends keyof MathletElementEventMap<Detail>>(
    type: K,
    listener: (this: MathletElement<Detail>, event: MathletElementEventMap<Detail>[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof MathletElementEventMap<Detail>>(
    type: K,
    listener: (this: MathletElement<Detail>, event: MathletElementEventMap<Detail>[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

export type MathletLogsumexpElement = MathletElement<LogsumexpDetail>;
export type MathletSmoothTopkElement = MathletElement<SmoothTopKDetail>;
export type MathletGradClipElement = MathletElement<GradClipDetail>;
export type MathletPinvElement = MathletElement<PinvDetail>;
export type MathletCrElement = MathletElement<CrDetail>;
export type MathletCurElement = MathletElement<CurDetail>;
export type MathletPerformerElement = MathletElement<PerformerDetail>;
export type MathletNystromformerElement = MathletElement<NystromformerDetail>;
export type MathletEntropyAttentionElement = MathletElement<EntropyAttentionDetail>;
export type MathletCurRetrievalElement = MathletElement<CurRetrievalDetail>;

/** Any widget's results, as a listener on document receives them. */
export type MathletDetail =
  | LogsumexpDetail
  | SmoothTopKDetail
  | GradClipDetail
  | PinvDetail
  | CrDetail
  | CurDetail
  | PerformerDetail
  | NystromformerDetail
  | EntropyAttentionDetail
  | CurRetrievalDetail;

declare global {
  interface HTMLElementTagNameMap {
    'mathlet-logsumexp': MathletLogsumexpElement;
    'mathlet-smooth-topk': MathletSmoothTopkElement;
    'mathlet-grad-clip': MathletGradClipElement;
    'mathlet-pinv': MathletPinvElement;
    'mathlet-cr': MathletCrElement;
    'mathlet-cur': MathletCurElement;
    'mathlet-performer': MathletPerformerElement;
    'mathlet-nystromformer': MathletNystromformerElement;
    'mathlet-entropy-attention': MathletEntropyAttentionElement;
    'mathlet-cur-retrieval': MathletCurRetrievalElement;
  }
  // The events bubble out of the shadow root: a listener on document hears every widget's.
  interface DocumentEventMap {
    'mathlet-ready': CustomEvent<MathletDetail>;
    'mathlet-change': CustomEvent<MathletDetail>;
    'mathlet-error': CustomEvent<MathletErrorDetail>;
  }
}
