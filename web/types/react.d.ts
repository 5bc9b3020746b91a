// JSX types of the mathlet elements for React 19 (`import 'mathlets/react'`, which also registers
// the elements, as 'mathlets/widgets' does). React 19 passes a custom element's props on as
// attributes (strings) and properties; its events are reached through a ref:
//   const ref = useRef<MathletCurElement>(null);
//   useEffect(() => { ... ref.current?.addEventListener('mathlet-change', onChange) ... }, []);
//   <mathlet-cur ref={ref} preset="kernel" r="3" />
// Hand-written; tests/widgets/custom-elements.test.js keeps the attributes in step with custom-elements.json.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  MathletCrElement,
  MathletCurElement,
  MathletCurRetrievalElement,
  MathletEntropyAttentionElement,
  MathletGradClipElement,
  MathletLogsumexpElement,
  MathletNystromformerElement,
  MathletPerformerElement,
  MathletPinvElement,
  MathletSmoothTopkElement,
} from './widgets.d.ts';
import type { SmoothTopKMethod } from './index.d.ts';

export type * from './widgets.d.ts';

/** An attribute value as JSX may give it: numbers are written as text. */
type Text = string | number;

/** The props of a mathlet element: the HTML ones (id, className, lang, style, ref...) and its own attributes. */
type MathletProps<Element extends HTMLElement, Attributes> = DetailedHTMLProps<HTMLAttributes<Element>, Element> & Attributes;

export interface LogsumexpAttributes {
  values?: Text;
  tau?: Text;
  t?: Text;
  y?: Text;
  mix?: Text;
}
export interface SmoothTopkAttributes {
  values?: Text;
  k?: Text;
  tau?: Text;
  method?: SmoothTopKMethod;
}
export interface GradClipAttributes {
  g?: Text;
  tau?: Text;
}
export interface PinvAttributes {
  preset?: 'rank-deficient' | 'rank-one' | 'near-singular' | 'ill-conditioned' | 'tall' | 'tall-full' | 'wide' | 'invertible' | 'zero';
  matrix?: string;
  rtol?: Text;
  route?: 'bdcsvd' | 'jacobi' | 'cod' | 'eig';
  eps?: Text;
}
export interface CrAttributes {
  preset?: 'skewed' | 'even' | 't-c2' | 't-c1' | 'cancellation';
  r?: Text;
  seed?: Text;
  sampling?: 'optimal' | 'uniform' | 'top';
  keep?: string;
}
export interface CurAttributes {
  preset?: 'low-rank' | 'kernel' | 'picture' | 'm1' | 'm3';
  r?: Text;
  select?: 'leverage-top' | 'pivoted-qr' | 'deim' | 'max-volume' | 'uniform';
  middle?: 'optimal' | 'intersection';
  seed?: Text;
}
export interface PerformerAttributes {
  inputs?: 'gaussian' | 'structured' | 'clusters';
  n?: Text;
  d?: Text;
  sharpness?: Text;
  m?: Text;
  kind?: 'positive' | 'hyperbolic' | 'trig';
  orthogonal?: 'true' | 'false';
  causal?: 'true' | 'false';
  seed?: Text;
  draw?: Text;
  row?: Text;
  key?: Text;
}
export interface NystromformerAttributes {
  preset?: 'smooth' | 'clusters' | 'shuffled' | 'iid' | 'sharp';
  n?: Text;
  d?: Text;
  tau?: Text;
  m?: Text;
  landmarks?: 'segment' | 'random' | 'kmeans' | 'leverage';
  pinv?: 'iterative' | 'svd' | 'identity';
  k?: Text;
  seed?: Text;
  amatrix?: 'landmarks' | 'singular';
  initscale?: Text;
}
export interface EntropyAttentionAttributes {
  d?: '16' | '32' | '64' | '128';
  gain?: Text;
  keys?: 'gaussian' | 'sphere';
  rows?: Text;
  seed?: Text;
  base?: Text;
  k?: Text;
  eps?: Text;
  dist?: 'te7' | 'two' | 'wrong' | 'blowup' | 'zero' | 'ramp';
  target?: Text;
}
export interface CurRetrievalAttributes {
  kind?: 'linear' | 'exp' | 'tanh';
  beta?: Text;
  r?: Text;
  noise?: Text;
  seed?: Text;
  items?: '1000' | '5000' | '20000';
  kq?: Text;
  tests?: Text;
  k?: '1' | '5' | '10' | '50';
  ki?: Text;
  kr?: Text;
  anchors?: 'uniform' | 'kmeans' | 'topNorm' | 'leverage' | 'deim' | 'cpqr';
  rtol?: '0' | '1e-4' | '1e-3' | '1e-2' | '3e-2' | '1e-1';
  query?: Text;
  transform?: 'true' | 'false';
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'mathlet-logsumexp': MathletProps<MathletLogsumexpElement, LogsumexpAttributes>;
      'mathlet-smooth-topk': MathletProps<MathletSmoothTopkElement, SmoothTopkAttributes>;
      'mathlet-grad-clip': MathletProps<MathletGradClipElement, GradClipAttributes>;
      'mathlet-pinv': MathletProps<MathletPinvElement, PinvAttributes>;
      'mathlet-cr': MathletProps<MathletCrElement, CrAttributes>;
      'mathlet-cur': MathletProps<MathletCurElement, CurAttributes>;
      'mathlet-performer': MathletProps<MathletPerformerElement, PerformerAttributes>;
      'mathlet-nystromformer': MathletProps<MathletNystromformerElement, NystromformerAttributes>;
      'mathlet-entropy-attention': MathletProps<MathletEntropyAttentionElement, EntropyAttentionAttributes>;
      'mathlet-cur-retrieval': MathletProps<MathletCurRetrievalElement, CurRetrievalAttributes>;
    }
  }
}
