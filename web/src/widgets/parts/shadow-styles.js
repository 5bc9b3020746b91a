// Puts a widget's stylesheet into its shadow root in a way that holds on someone else's page:
//  - as a constructable stylesheet (adoptedStyleSheets), which a strict Content-Security-Policy
//    without 'unsafe-inline' allows, where a <style> element or a style="" attribute is refused;
//  - behind a host reset: the host page's rules reach the host element itself (normal page rules
//    even beat normal :host rules) and, through inheritance, everything inside. The reset pins the
//    inherited text properties a widget does not set, with !important (which :host wins);
//  - with rem units measured against a fixed root size (--mlt-rem, the site's 17px), so a blog
//    whose <html> font size is 22px does not blow the widget up.
//  - followed by what every widget does for the reader's device and preferences (reader-media-styles.js).
// Usage in a widget: adoptStyles(shadowRoot, myWidgetStyles) instead of appending a <style>.
// Declare the :host font and color with !important in the widget's own sheet (see the widgets).
import { readerMediaStyles } from './reader-media-styles.js';

export const hostReset = `
:host {
  --mlt-rem: 17px;
  color-scheme: light dark;
  letter-spacing: normal !important; word-spacing: normal !important; text-transform: none !important;
  text-align: start !important; text-indent: 0 !important; text-shadow: none !important;
  white-space: normal !important; word-break: normal !important;
  overflow-wrap: normal !important; hyphens: manual !important; font-style: normal !important;
  font-weight: 400 !important; font-variant: normal !important; font-stretch: normal !important;
  font-kerning: auto !important; font-feature-settings: normal !important; font-size-adjust: none !important;
  text-rendering: auto !important; -webkit-text-fill-color: currentColor !important;
  writing-mode: horizontal-tb !important; direction: ltr !important; cursor: auto !important;
  list-style: disc outside !important; border-collapse: separate !important; quotes: auto !important;
  tab-size: 8 !important; line-break: auto !important; caret-color: auto !important; pointer-events: auto !important;
  font-synthesis: weight style !important; font-variation-settings: normal !important; font-optical-sizing: auto !important;
  -webkit-text-stroke: 0 !important; text-underline-position: auto !important; text-emphasis: none !important;
  /* SVG paint is inherited too: a page's body { fill: red; stroke: blue } would outline every chart. */
  fill: black !important; fill-opacity: 1 !important; fill-rule: nonzero !important; stroke: none !important;
  stroke-width: 1px !important; stroke-opacity: 1 !important; stroke-dasharray: none !important;
  stroke-dashoffset: 0 !important; stroke-linecap: butt !important; stroke-linejoin: miter !important;
  stroke-miterlimit: 4 !important; paint-order: normal !important; marker: none !important;
  shape-rendering: auto !important; text-anchor: start !important; dominant-baseline: auto !important;
  clip-rule: nonzero !important; image-rendering: auto !important; color-interpolation: sRGB !important;
}
`;

/** `1.2rem` -> `calc(1.2 * var(--mlt-rem))`, outside of identifiers (e.g. not in `--lorem`). */
export function fixedRem(css) {
  return css.replace(/(^|[^\w.-])(-?(?:\d+\.?\d*|\.\d+))rem\b/g, (_, before, n) => `${before}calc(${n} * var(--mlt-rem))`);
}

const cache = new Map(); // css text -> CSSStyleSheet (one per distinct text, shared by all instances)

function sheetFor(css) {
  let sheet = cache.get(css);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(fixedRem(css));
    cache.set(css, sheet);
  }
  return sheet;
}

const constructable =
  typeof CSSStyleSheet === 'function' &&
  'replaceSync' in CSSStyleSheet.prototype &&
  typeof ShadowRoot === 'function' &&
  'adoptedStyleSheets' in ShadowRoot.prototype;

/**
 * Replaces the stylesheets of `root` (a ShadowRoot) with the host reset, `cssTexts`, and the rules
 * for the reader's device and preferences (reader-media-styles.js), which win where they overlap.
 * Browsers without constructable stylesheets (Safari before 16.4) get a <style> element instead.
 */
export function adoptStyles(root, ...cssTexts) {
  const texts = [hostReset, ...cssTexts, readerMediaStyles];
  if (constructable) {
    root.adoptedStyleSheets = texts.map(sheetFor);
    return;
  }
  for (const old of root.querySelectorAll('style[data-mathlet]')) old.remove();
  const style = document.createElement('style');
  style.dataset.mathlet = '';
  style.textContent = texts.map(fixedRem).join('\n');
  root.prepend(style);
}
