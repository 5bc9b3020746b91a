// A box that holds one Observable Plot chart: sizes it to the box (and redraws on resize), reads
// the widget's colours from CSS custom properties when it draws (so dark mode is a stylesheet matter,
// and a change of the reader's preference redraws the chart), and gives
// the chart its text alternative. Chart SVGs are numbers, axis ticks and symbols: marked translate="no".
import { plot } from '@observablehq/plot';
import { onWidgetTeardown } from '../framework/mount-scope.js';

const THEME_PROPERTIES = [
  'text',
  'muted',
  'grid',
  'panel',
  'lse',
  'upper',
  'lower',
  'mean',
  'band',
  'accent',
  'bar',
  'ghost',
  'cauchy',
  'holder',
  'entropy',
  'floor',
  'pick',
  'c1',
  'c2',
  'c3',
  'c4',
  'c5',
  'c6',
  'error',
];

/** The --mlt-<name> colours set on `element` (see the widget's stylesheet), as { name: color }. */
export function themeColors(element) {
  const style = getComputedStyle(element);
  return Object.fromEntries(THEME_PROPERTIES.map((name) => [name, style.getPropertyValue(`--mlt-${name}`).trim() || 'currentColor']));
}

// Plot puts a <style> element into each chart, which a strict Content-Security-Policy (no
// 'unsafe-inline') refuses; show() removes it and these rules stand in for it.
export const plotFrameStyles = `
.plot-frame { position: relative; min-width: 0; }
.plot-frame svg { display: block; max-width: 100%; height: auto; overflow: visible; }
.plot-frame svg text, .plot-frame svg tspan { white-space: pre; }
`;

/**
 * createPlotFrame({ redraw }) -> { element, width, show(build, { label, description }), disconnect() }.
 * show() calls build(theme) for the Plot options and renders them at the box's width; `label`
 * names the chart, `description` lists the numbers it shows (read by screen readers in place of
 * the picture). `redraw` is called when the chart must be drawn anew: the box changed width, or the
 * reader's light or dark preference changed (the colours are read when the chart is drawn).
 */
export function createPlotFrame({ redraw, minWidth = 240 } = {}) {
  const element = document.createElement('div');
  element.className = 'plot-frame';
  let width = 0;
  const resizeObserver = new ResizeObserver((entries) => {
    const w = Math.floor(entries[0].contentRect.width);
    if (w > 0 && w !== width) {
      width = w;
      redraw?.();
    }
  });
  resizeObserver.observe(element);
  const darkPreference = window.matchMedia?.('(prefers-color-scheme: dark)');
  const schemeChanged = () => redraw?.();
  darkPreference?.addEventListener('change', schemeChanged);
  // Printing: the chart's colours are fixed when it is drawn, so it is drawn again, before the page
  // is laid out for paper, in the light palette (the widget's dark palette skips a host marked
  // data-print), and again afterwards. beforeprint is the last moment a script can change what prints.
  const printing = (on) => () => {
    element.getRootNode().host?.toggleAttribute('data-print', on);
    redraw?.();
  };
  const beforePrint = printing(true);
  const afterPrint = printing(false);
  window.addEventListener('beforeprint', beforePrint);
  window.addEventListener('afterprint', afterPrint);
  const disconnect = () => {
    resizeObserver.disconnect();
    darkPreference?.removeEventListener('change', schemeChanged);
    window.removeEventListener('beforeprint', beforePrint);
    window.removeEventListener('afterprint', afterPrint);
  };
  // Built inside a widget's view: the observer and the listener go when the widget leaves the page.
  onWidgetTeardown(disconnect);

  return {
    element,
    get width() {
      return Math.max(width || element.clientWidth || 480, minWidth);
    },
    show(build, { label, description }) {
      const theme = themeColors(element);
      const options = build(theme);
      const svg = plot({
        ...options,
        width: this.width,
        style: { background: 'transparent', color: theme.text, fontSize: '12px', fontFamily: 'inherit', ...options.style },
      });
      for (const inline of svg.querySelectorAll('style')) inline.remove();
      // Plot names each mark's <g> ("bar", "y-axis tick") with an aria-label; a <g> without a role
      // may not carry one (ARIA), and inside the role="img" below nothing of it is read anyway.
      for (const named of svg.querySelectorAll('[aria-label], [aria-description]')) {
        named.removeAttribute('aria-label');
        named.removeAttribute('aria-description');
      }
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', `${label}. ${description}`);
      svg.setAttribute('translate', 'no');
      svg.classList.add('notranslate');
      // The chart (an <svg>, or a <figure> with a legend) goes first; what else the box holds
      // (drag-handles.js's layer) stays, over it.
      const previous = element.firstElementChild;
      if (previous && !previous.classList.contains('drag-handles')) previous.replaceWith(svg);
      else element.prepend(svg);
      return svg;
    },
    disconnect,
  };
}
