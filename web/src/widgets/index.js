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
