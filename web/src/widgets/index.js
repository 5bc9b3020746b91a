// Registers the mathlet custom elements. Cheap on purpose: no core, no wasm and no plot library
// here; each element imports its implementation when it nears the viewport (see lazy-element.js).
//   <script type="module" src=".../widgets/index.js"></script>
//   <mathlet-logsumexp values="1, 2, 3" tau="1"></mathlet-logsumexp>
import { LazyMathletElement } from './lazy-element.js';

class MathletLogsumexp extends LazyMathletElement {
  static title = { en: 'logsumexp', zh: 'logsumexp' };
  static placeholderHeight = 1220; // the widget's height at about 960 px wide
  static observedAttributes = ['values', 'tau', 't'];
  static loadImplementation = () => import('./logsumexp/logsumexp-widget.js');
}

if (!customElements.get('mathlet-logsumexp')) customElements.define('mathlet-logsumexp', MathletLogsumexp);

class MathletSmoothTopk extends LazyMathletElement {
  static title = { en: 'smooth top-k', zh: '光滑 top-k' };
  static placeholderHeight = 1610; // the widget's height at about 960 px wide
  static observedAttributes = ['values', 'k', 'tau', 'method'];
  static loadImplementation = () => import('./smooth-topk/smooth-topk-widget.js');
}

if (!customElements.get('mathlet-smooth-topk')) customElements.define('mathlet-smooth-topk', MathletSmoothTopk);

class MathletGradClip extends LazyMathletElement {
  static title = { en: 'gradient clipping', zh: '梯度裁剪' };
  static placeholderHeight = 1770; // the widget's height at about 960 px wide
  static observedAttributes = ['g', 'tau'];
  static loadImplementation = () => import('./grad-clip/grad-clip-widget.js');
}

if (!customElements.get('mathlet-grad-clip')) customElements.define('mathlet-grad-clip', MathletGradClip);

class MathletPinv extends LazyMathletElement {
  static title = { en: 'pseudo-inverse', zh: '伪逆' };
  static placeholderHeight = 1370; // the widget's height at about 960 px wide
  static observedAttributes = ['matrix', 'preset', 'rtol', 'route', 'eps'];
  static loadImplementation = () => import('./pinv/pinv-widget.js');
}

if (!customElements.get('mathlet-pinv')) customElements.define('mathlet-pinv', MathletPinv);

class MathletCr extends LazyMathletElement {
  static title = { en: 'CR matrix product', zh: 'CR 近似矩阵乘积' };
  static placeholderHeight = 1945; // the widget's height at about 960 px wide
  static observedAttributes = ['preset', 'r', 'seed', 'sampling'];
  static loadImplementation = () => import('./cr/cr-widget.js');
}

if (!customElements.get('mathlet-cr')) customElements.define('mathlet-cr', MathletCr);

class MathletCur extends LazyMathletElement {
  static title = { en: 'CUR decomposition', zh: 'CUR 分解' };
  static placeholderHeight = 1050; // the widget's height at about 960 px wide
  static observedAttributes = ['preset', 'r', 'select', 'middle', 'seed'];
  static loadImplementation = () => import('./cur/cur-widget.js');
}

if (!customElements.get('mathlet-cur')) customElements.define('mathlet-cur', MathletCur);
