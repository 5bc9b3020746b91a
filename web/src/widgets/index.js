// Registers the mathlet custom elements. Cheap on purpose: no core, no wasm and no plot library
// here; each element imports its implementation when it nears the viewport (see lazy-element.js).
//   <script type="module" src=".../widgets/index.js"></script>
//   <mathlet-logsumexp values="1, 2, 3" tau="1"></mathlet-logsumexp>
// It imports anywhere: in Node or a server render (no customElements) it defines nothing.
import { defineLazyElements } from './lazy-element.js';

// Each element's tag and the statics of its class; placeholderHeight is the widget's height at
// about 960 px wide, reserved until it loads so that nothing jumps. custom-elements.json and
// web/types/widgets.d.ts describe the same elements for tools (tests/widgets/custom-elements.test.js
// keeps the three in step).
export const ELEMENTS = {
  'mathlet-logsumexp': {
    title: { en: 'logsumexp', zh: 'logsumexp' },
    placeholderHeight: 2540,
    observedAttributes: ['values', 'tau', 't', 'y', 'mix'],
    loadImplementation: () => import('./logsumexp/logsumexp-widget.js'),
  },
  'mathlet-smooth-topk': {
    title: { en: 'smooth top-k', zh: '光滑 top-k' },
    placeholderHeight: 1610,
    observedAttributes: ['values', 'k', 'tau', 'method'],
    loadImplementation: () => import('./smooth-topk/smooth-topk-widget.js'),
  },
  'mathlet-grad-clip': {
    title: { en: 'gradient clipping', zh: '梯度裁剪' },
    placeholderHeight: 1770,
    observedAttributes: ['g', 'tau'],
    loadImplementation: () => import('./grad-clip/grad-clip-widget.js'),
  },
  'mathlet-pinv': {
    title: { en: 'pseudo-inverse', zh: '伪逆' },
    placeholderHeight: 1370,
    observedAttributes: ['matrix', 'preset', 'rtol', 'route', 'eps'],
    loadImplementation: () => import('./pinv/pinv-widget.js'),
  },
  'mathlet-cr': {
    title: { en: 'CR matrix product', zh: 'CR 近似矩阵乘积' },
    placeholderHeight: 2280,
    observedAttributes: ['preset', 'r', 'seed', 'sampling', 'keep'],
    loadImplementation: () => import('./cr/cr-widget.js'),
  },
  'mathlet-cur': {
    title: { en: 'CUR decomposition', zh: 'CUR 分解' },
    placeholderHeight: 1050,
    observedAttributes: ['preset', 'r', 'select', 'middle', 'seed'],
    loadImplementation: () => import('./cur/cur-widget.js'),
  },
  'mathlet-performer': {
    title: { en: 'Performer attention', zh: 'Performer 注意力' },
    placeholderHeight: 2030,
    observedAttributes: ['inputs', 'n', 'd', 'sharpness', 'm', 'kind', 'orthogonal', 'causal', 'seed', 'draw', 'row', 'key'],
    loadImplementation: () => import('./performer/performer-widget.js'),
  },
  'mathlet-nystromformer': {
    title: { en: 'Nyström attention', zh: 'Nyström 注意力' },
    placeholderHeight: 2220,
    observedAttributes: ['preset', 'n', 'd', 'tau', 'm', 'landmarks', 'pinv', 'k', 'seed', 'amatrix', 'initscale'],
    loadImplementation: () => import('./nystromformer/nystromformer-widget.js'),
  },
  'mathlet-entropy-attention': {
    title: { en: 'Entropy-invariant attention', zh: '熵不变性注意力' },
    placeholderHeight: 1870,
    observedAttributes: ['d', 'gain', 'keys', 'rows', 'seed', 'base', 'k', 'eps', 'dist', 'target'],
    loadImplementation: () => import('./entropy-attention/entropy-attention-widget.js'),
  },
  'mathlet-cur-retrieval': {
    title: { en: 'CUR retrieval', zh: 'CUR 检索' },
    placeholderHeight: 1760,
    observedAttributes: [
      'kind',
      'beta',
      'r',
      'noise',
      'seed',
      'items',
      'kq',
      'tests',
      'k',
      'ki',
      'kr',
      'anchors',
      'rtol',
      'query',
      'transform',
    ],
    loadImplementation: () => import('./cur-retrieval/cur-retrieval-widget.js'),
  },
};

defineLazyElements(ELEMENTS);
