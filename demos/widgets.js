// The site's one script: registers the mathlet custom elements (a few KB; each element loads its
// own code, the wasm core and its plots when it nears the viewport), and builds the navigation and
// the language switch (site-nav.js).
import '../web/src/widgets/index.js';
import './site-nav.js';
