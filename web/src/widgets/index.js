// Registers the mathlet custom elements. Cheap on purpose: no core, no wasm and no plot library
// here; each element imports its implementation when it nears the viewport (see lazy-element.js).
//   <script type="module" src=".../widgets/index.js"></script>
//   <mathlet-logsumexp values="1, 2, 3" tau="1"></mathlet-logsumexp>
import { LazyMathletElement } from './lazy-element.js';

class MathletLogsumexp extends LazyMathletElement {
  static title = 'logsumexp';
  static placeholderHeight = 1220; // the widget's height at about 960 px wide
  static observedAttributes = ['values', 'tau', 't'];
  static loadImplementation = () => import('./logsumexp/logsumexp-widget.js');
}

if (!customElements.get('mathlet-logsumexp')) customElements.define('mathlet-logsumexp', MathletLogsumexp);

class MathletSmoothTopk extends LazyMathletElement {
  static title = 'smooth top-k';
  static placeholderHeight = 1620; // the widget's height at about 960 px wide
  static observedAttributes = ['values', 'k', 'tau', 'method'];
  static loadImplementation = () => import('./smooth-topk/smooth-topk-widget.js');
}

if (!customElements.get('mathlet-smooth-topk')) customElements.define('mathlet-smooth-topk', MathletSmoothTopk);

class MathletGradClip extends LazyMathletElement {
  static title = 'gradient clipping';
  static placeholderHeight = 1690; // the widget's height at about 960 px wide
  static observedAttributes = ['g', 'tau'];
  static loadImplementation = () => import('./grad-clip/grad-clip-widget.js');
}

if (!customElements.get('mathlet-grad-clip')) customElements.define('mathlet-grad-clip', MathletGradClip);
