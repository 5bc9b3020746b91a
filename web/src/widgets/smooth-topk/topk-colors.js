// Colours the shared plot frame's charts do not use by default: the error colour for outputs that
// break the rules, and the hard top-k outline. Read with the other --mlt-* colours (plot-frame.js
// themeColors, once per render pass), so dark mode stays a stylesheet matter.
import { themeColors } from '../parts/plot-frame.js';

export function extraColors(element) {
  const { error, hard } = themeColors(element);
  return { error, hard };
}
