// What makes a drawn chart stale, watched for one box: its width changing, the reader's light or
// dark preference changing, and printing. A chart's colours are fixed when it is drawn, so before
// the page is laid out for paper it is drawn again in the light palette (the widgets' dark palette
// skips a host marked data-print), and again afterwards; beforeprint is the last moment a script can
// change what prints. Shared by the Plot charts (plot-frame.js) and the canvas maps (heatmap.js).
import { onWidgetTeardown } from '../framework/mount-scope.js';

/** watchFrame(element, redraw) -> { width (0 until first measured), disconnect() } */
export function watchFrame(element, redraw) {
  let width = 0;
  const resizeObserver = new ResizeObserver((entries) => {
    const w = Math.floor(entries[0].contentRect.width);
    if (w > 0 && w !== width) {
      width = w;
      redraw();
    }
  });
  resizeObserver.observe(element);
  const darkPreference = window.matchMedia?.('(prefers-color-scheme: dark)');
  darkPreference?.addEventListener('change', redraw);
  const printing = (on) => () => {
    element.getRootNode().host?.toggleAttribute('data-print', on);
    redraw();
  };
  const beforePrint = printing(true);
  const afterPrint = printing(false);
  window.addEventListener('beforeprint', beforePrint);
  window.addEventListener('afterprint', afterPrint);
  const disconnect = () => {
    resizeObserver.disconnect();
    darkPreference?.removeEventListener('change', redraw);
    window.removeEventListener('beforeprint', beforePrint);
    window.removeEventListener('afterprint', afterPrint);
  };
  // Built inside a widget's view: the observer and the listeners go when the widget leaves the page.
  onWidgetTeardown(disconnect);
  return {
    get width() {
      return width;
    },
    disconnect,
  };
}
