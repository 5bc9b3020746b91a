// 'mathlets/react': the widgets entry under another name, whose types (web/types/react.d.ts) add the
// elements to React 19's JSX. Importing it registers the elements, as 'mathlets/widgets' does.
import './index.js';
