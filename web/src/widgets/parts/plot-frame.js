// A box that holds one Observable Plot chart: sizes it to the box (and redraws on resize), reads
// the widget's colours from CSS custom properties when it draws (so dark mode is a stylesheet matter,
// and a change of the reader's preference redraws the chart), and gives
// the chart its text alternative. Chart SVGs are numbers, axis ticks and symbols: marked translate="no".
import { plot } from '@observablehq/plot';
import { watchFrame } from './frame-watch.js';

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
  'hard',
];

// Reading the colours (getComputedStyle) forces a style recalculation of the whole shadow tree when
// anything in it changed since the last frame: read once per chart, that was most of an update's
// main-thread time in <mathlet-cr> (five heatmaps, two plots) and <mathlet-smooth-topk>. They are
// set on the host (the widgets' :host rules) and change only with what those rules read: the
// reader's light or dark preference, forced colours, printing (data-print on the host) and the
// language (the root's lang). So they are read once per widget and such state, and again when it
// changes. (A page that restyles a widget's --mlt-* properties after it drew gets the new colours
// at the next such change.)
const schemes = {
  dark: globalThis.matchMedia?.('(prefers-color-scheme: dark)'),
  forced: globalThis.matchMedia?.('(forced-colors: active)'),
};
const themes = new WeakMap(); // shadow root -> { key, theme }

function readColors(element) {
  const style = getComputedStyle(element);
  return Object.fromEntries(THEME_PROPERTIES.map((name) => [name, style.getPropertyValue(`--mlt-${name}`).trim() || 'currentColor']));
}

/** The --mlt-<name> colours that apply to `element` (see the widget's stylesheet), as { name: color }. */
export function themeColors(element) {
  const root = element.getRootNode?.();
  const host = root?.host;
  if (!host || !element.isConnected) return readColors(element); // not in a widget yet: nothing to keep
  const key = `${schemes.dark?.matches}|${schemes.forced?.matches}|${host.hasAttribute('data-print')}|${root.firstElementChild?.getAttribute('lang')}`;
  const kept = themes.get(root);
  if (kept?.key === key) return kept.theme;
  const theme = readColors(host);
  themes.set(root, { key, theme });
  return theme;
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
 * the picture). `redraw` is called when the chart must be drawn anew: the box changed width, the
 * reader's light or dark preference changed, or the page is printed (frame-watch.js; the colours are
 * read when the chart is drawn).
 */
export function createPlotFrame({ redraw, minWidth = 240 } = {}) {
  const element = document.createElement('div');
  element.className = 'plot-frame';
  const watch = watchFrame(element, () => redraw?.());

  return {
    element,
    get width() {
      return Math.max(watch.width || element.clientWidth || 480, minWidth);
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
    disconnect: watch.disconnect,
  };
}
