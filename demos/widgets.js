// The site's one script: registers the mathlet custom elements (a few KB; each element loads its
// own code, the wasm core and its plots when it nears the viewport), and builds the navigation and
// the language switch (site-nav.js); once built, it keeps the site working offline (offline/register.js).
import '../web/src/widgets/index.js';
import './offline/register.js';
import './site-nav.js';
