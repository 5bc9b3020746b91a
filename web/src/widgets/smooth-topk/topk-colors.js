// Colours the shared plot frame does not read (see parts/plot-frame.js themeColors): the error
// colour for outputs that break the rules, and the hard top-k outline. Taken from the widget's
// --mlt-* custom properties so dark mode stays a stylesheet matter.
export function extraColors(element) {
  const style = getComputedStyle(element);
  const read = (name, fallback) => style.getPropertyValue(`--mlt-${name}`).trim() || fallback;
  return { error: read('error', '#b3261e'), hard: read('hard', 'currentColor') };
}
