// The 2-D smooth maximum (logsumexp.md §6 item 2): over a square window of the plane (x₁, x₂),
// level lines of lse_tau(x₁, x₂) (solid) beside the same levels of max(x₁, x₂) (dashed, with their
// corner on the diagonal), over shading by the gap lse_tau − max, which is largest, tau log 2, on
// the diagonal x₁ = x₂ and fades away from it. As tau grows the corners round off. The reader's
// point is marked: x itself when n = 2, else its first two components (the panel's note says which).
// The grid comes from the core (surfaceGrid in logsumexp-compute.js), once per new (x₁, x₂, tau).
import { contour, dot, lineY, text } from '@observablehq/plot';
import { el } from '../parts/create-element.js';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';
import { surfaceGrid } from './logsumexp-compute.js';
import { watchOnScreen } from './on-screen.js';

const v = (name) => el('var', { translate: 'no' }, name);
const formula = (...parts) => el('span', { class: 'notranslate', translate: 'no' }, ...parts);
const sub = (name, index) => formula(v(name), el('sub', {}, index));

/** About `count` round levels (1, 2 or 5 times a power of ten apart) inside [lo, hi]. */
export function levels(lo, hi, count = 7) {
  const raw = (hi - lo) / count;
  if (!(raw > 0) || !Number.isFinite(raw)) return [lo];
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const first = Math.ceil(lo / step);
  return Array.from({ length: Math.floor(hi / step) - first + 1 }, (_, k) => (first + k) * step);
}

function createSurfacePlot(language) {
  let last = null;
  const frame = createPlotFrame({ redraw: () => last && draw(last) });

  function draw(view) {
    last = view;
    const { grid, tau, marked } = view;
    const { lo, hi } = grid;
    const lines = levels(lo, hi);
    // interpolate 'none': the samples are the grid's cells already (the default, 'nearest', triangulates them first).
    const bounds = {
      x1: grid.from,
      x2: grid.to,
      y1: grid.from,
      y2: grid.to,
      width: grid.side,
      height: grid.side,
      interpolate: 'none',
      clip: true,
    };
    const topGap = tau * Math.LN2;
    // A square plot area, at most 360 px, centred in the box.
    const inner = Math.min(frame.width - 60, 360);
    const side = (frame.width - 60 - inner) / 2;
    const point = marked ? [grid.point] : [];
    frame.show(
      (theme) => ({
        height: inner + 54,
        marginLeft: 48 + side,
        marginRight: 12 + side,
        marginTop: 14,
        marginBottom: 40,
        x: { domain: [lo, hi], label: 'x₁ →', labelAnchor: 'right', ticks: 5 },
        y: { domain: [lo, hi], label: '↑ x₂', ticks: 5 },
        color: { type: 'linear', domain: [0, topGap], range: [theme.panel, theme.band], clamp: true },
        marks: [
          contour(grid.gap, { ...bounds, value: (d) => d, fill: 'value', stroke: null, thresholds: levels(0, topGap, 6) }),
          lineY([lo, hi], { x: (d) => d, y: (d) => d, stroke: theme.muted, strokeDasharray: '2,3' }),
          contour(grid.max, { ...bounds, thresholds: lines, stroke: theme.lower, strokeWidth: 1.5, strokeDasharray: '5,4' }),
          contour(grid.lse, { ...bounds, thresholds: lines, stroke: theme.lse, strokeWidth: 2 }),
          dot(point, { x: 'a', y: 'b', r: 5.5, fill: theme.accent, stroke: theme.panel, strokeWidth: 2 }),
          text(point, {
            x: 'a',
            y: 'b',
            text: (p) => `(${formatNumber(p.a, 2)}, ${formatNumber(p.b, 2)})`,
            dy: -13,
            fill: theme.text,
            stroke: theme.panel,
            strokeWidth: 4,
            paintOrder: 'stroke',
          }),
        ],
      }),
      { label: language.t('surface.label'), description: describe(view, lines, language) },
    );
  }

  language.onChange(() => last && draw(last));
  return { element: frame.element, draw };
}

function describe({ grid, tau, marked }, lines, language) {
  const f = (x) => formatNumber(x, 4);
  const parts = [
    language.t('surface.window', { lo: f(grid.lo), hi: f(grid.hi), levels: lines.map(f).join(', ') }),
    language.t('surface.diagonal', { tau: f(tau), gap: f(tau * Math.LN2) }),
  ];
  if (marked) {
    const p = grid.point;
    parts.push(language.t('surface.point', { a: f(p.a), b: f(p.b), lse: f(p.lse), max: f(p.max), gap: f(p.lse - p.max) }));
  }
  return parts.join(language.t('sentence.separator')) + language.t('sentence.end');
}

/** createSurfaceView(widget) -> { element, render() } */
export function createSurfaceView(widget) {
  const { language, resources } = widget;
  const plot = createSurfacePlot(language);
  const note = el('p', { class: 'hint surface-note' });
  const item = (kind, label) => el('li', { class: kind }, el('span', { class: 'swatch' }), label);
  const legend = el(
    'ul',
    { class: 'legend' },
    item('lse', formula('lse', el('sub', {}, v('τ')), '(', sub('x', '1'), ', ', sub('x', '2'), ')')),
    item('lower dashed', formula('max(', sub('x', '1'), ', ', sub('x', '2'), ')')),
    el(
      'li',
      {},
      el('span', { class: 'swatch ramp' }),
      language.rich('surface.ramp', { gap: formula('lse', el('sub', {}, v('τ')), ' − max') }),
    ),
  );
  const element = el(
    'section',
    { class: 'panel surface', 'aria-labelledby': 'surface-heading' },
    el('h3', { id: 'surface-heading' }, language.text('surface.heading')),
    el('p', { class: 'hint' }, language.rich('surface.hint', { tauLog2: formula(v('τ'), ' log 2') })),
    plot.element,
    legend,
    note,
  );
  let drawn = null; // the inputs of the last drawing
  const screen = watchOnScreen(element, () => widget.render());
  let noteKey = null;
  function setNote(key) {
    if (key === noteKey) return;
    noteKey = key;
    note.replaceChildren(language.rich(key, { x: v('x'), n: v('n'), x1: sub('x', '1'), x2: sub('x', '2') }));
  }
  return {
    element,
    // Drawn anew only when x₁, x₂ or tau changed, and only near the screen (on-screen.js);
    // returns false when there was nothing to draw.
    render() {
      const { x, tau } = widget.state;
      const [a, b] = [x[0], x.length > 1 ? x[1] : x[0]];
      if ((drawn?.a === a && drawn.b === b && drawn.tau === tau && drawn.n === x.length) || !screen.near) return false;
      drawn = { a, b, tau, n: x.length };
      setNote(x.length === 1 ? 'surface.noteOne' : x.length === 2 ? 'surface.noteTwo' : 'surface.noteFirst');
      plot.draw({ grid: surfaceGrid(resources.core, a, b, tau), tau, marked: x.length > 1 });
    },
  };
}
