// The projection picture: the disk of radius tau, the gradient g as an arrow from the origin, its
// clip by norm (the same direction, pulled back onto the circle) and, for contrast, its clip by
// value (each component cut to [-tau, tau]: the box, which turns the arrow). The reader drags the
// tip of g with the pointer, or focuses the picture and moves it with the arrow keys. Its words
// come from the widget's language and follow it when it changes.
import { arrow, dot, line, rect, ruleX, ruleY, text } from '@observablehq/plot';
import { createDragHandles, startsDrag } from '../parts/drag-handles.js';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';

const CIRCLE = Array.from({ length: 97 }, (_, i) => (2 * Math.PI * i) / 96);
const MARGIN = { left: 38, right: 12, top: 22, bottom: 30 };
const pair = (v) => v.map((x) => formatNumber(x, 3)).join(', ');

// A symmetric range that holds g, tau and both clipped vectors with some air, ending on a round number.
function extent(g, tau) {
  const reach = Math.max(Math.abs(g[0]), Math.abs(g[1]), tau, 0.5) * 1.2;
  const power = 10 ** Math.floor(Math.log10(reach));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * power).find((s) => s >= reach);
  return step;
}

// The marks of the picture: the disk and the box of tau, the axes, g, and (when g is outside the
// disk) its two clips, each arrow with its label.
function planeMarks(theme, { tau, arrows, clipped }) {
  const circle = CIRCLE.map((t) => ({ x: tau * Math.cos(t), y: tau * Math.sin(t) }));
  return [
    line(circle, { x: 'x', y: 'y', fill: theme.band, fillOpacity: 0.7, stroke: theme.accent, strokeWidth: 1.5 }),
    rect([{ x1: -tau, x2: tau, y1: -tau, y2: tau }], {
      x1: 'x1',
      x2: 'x2',
      y1: 'y1',
      y2: 'y2',
      fill: 'none',
      stroke: theme.ghost,
      strokeDasharray: '5,4',
      strokeWidth: 1.3,
    }),
    ruleX([0], { stroke: theme.muted, strokeOpacity: 0.6 }),
    ruleY([0], { stroke: theme.muted, strokeOpacity: 0.6 }),
    arrow([arrows[1]], { x1: 0, y1: 0, x2: 'x', y2: 'y', stroke: theme.text, strokeWidth: 2, strokeOpacity: 0.55, headLength: 10 }),
    arrow(clipped ? [arrows[0]] : [], { x1: 0, y1: 0, x2: 'x', y2: 'y', stroke: theme.ghost, strokeWidth: 2.5, headLength: 10 }),
    arrow(clipped ? [arrows[2]] : [], { x1: 0, y1: 0, x2: 'x', y2: 'y', stroke: theme.accent, strokeWidth: 3, headLength: 12 }),
    dot([arrows[1]], { x: 'x', y: 'y', r: 7, fill: theme.panel, stroke: theme.text, strokeWidth: 2 }),
    text([arrows[1]], {
      x: 'x',
      y: 'y',
      text: 'label',
      dx: 12,
      dy: -10,
      fontWeight: 700,
      fontSize: 14,
      fill: theme.text,
      stroke: theme.panel,
      strokeWidth: 4,
      paintOrder: 'stroke',
    }),
    text(clipped ? [arrows[2]] : [], {
      x: 'x',
      y: 'y',
      text: 'label',
      dx: -12,
      dy: -12,
      textAnchor: 'end',
      fontWeight: 700,
      fill: theme.accent,
      stroke: theme.panel,
      strokeWidth: 4,
      paintOrder: 'stroke',
    }),
    text(clipped ? [arrows[0]] : [], {
      x: 'x',
      y: 'y',
      text: 'label',
      dx: 8,
      dy: 14,
      textAnchor: 'start',
      fill: theme.ghost,
      stroke: theme.panel,
      strokeWidth: 4,
      paintOrder: 'stroke',
    }),
    text([{ x: tau * Math.SQRT1_2, y: -tau * Math.SQRT1_2 }], {
      x: 'x',
      y: 'y',
      text: () => `‖h‖ ≤ τ = ${formatNumber(tau, 2)}`,
      dx: 4,
      dy: 12,
      textAnchor: 'start',
      fill: theme.accent,
      fontSize: 11,
      stroke: theme.panel,
      strokeWidth: 3,
      paintOrder: 'stroke',
    }),
  ];
}

/**
 * createClipPlane({ onMove(g, { settled }), language }) -> { element, draw(view) }
 * view: { g, tau, byNorm, byValue } (byNorm / byValue: the clipped 2-vectors from the core).
 */
export function createClipPlane({ onMove, language }) {
  let last = null;
  let held = null; // the axis extent frozen while the pointer holds the tip
  const plotFrame = createPlotFrame({ redraw: () => last && draw(last), minWidth: 260 });
  const element = plotFrame.element;
  element.classList.add('clip-plane');
  const handles = createDragHandles(element); // a finger drags g by its tip
  element.tabIndex = 0;
  element.setAttribute('role', 'application');
  language.attr(element, 'aria-roledescription', 'plane.roledescription');
  language.attr(element, 'aria-label', 'plane.aria');
  language.onChange(() => last && draw(last));

  function draw(view) {
    last = view;
    const { g, tau, byNorm, byValue } = view;
    const r = held ?? extent(g, tau);
    const size = plotFrame.width;
    const arrows = [
      { key: 'value', x: byValue[0], y: byValue[1], label: language.t('plane.byValue') },
      { key: 'g', x: g[0], y: g[1], label: 'g' },
      { key: 'norm', x: byNorm[0], y: byNorm[1], label: 'clip(g, τ)' },
    ];
    const svg = plotFrame.show(
      (theme) => ({
        height: size - MARGIN.left - MARGIN.right + MARGIN.top + MARGIN.bottom,
        marginLeft: MARGIN.left,
        marginRight: MARGIN.right,
        marginTop: MARGIN.top,
        marginBottom: MARGIN.bottom,
        x: { domain: [-r, r], label: 'g₁ →', labelAnchor: 'right', ticks: 5, grid: true },
        y: { domain: [-r, r], label: '↑ g₂', ticks: 5, grid: true },
        marks: planeMarks(theme, { tau, arrows, clipped: Math.hypot(g[0], g[1]) > tau }),
      }),
      {
        label: language.t('plane.chart'),
        description: language.t('plane.description', { g: pair(g), tau: formatNumber(tau, 3), norm: pair(byNorm), value: pair(byValue) }),
      },
    );
    if (svg.scale) handles.place(svg, [{ x: svg.scale('x').apply(g[0]), y: svg.scale('y').apply(g[1]) }]);
  }

  // ---- pointer and keyboard -----------------------------------------------------------------
  function pointAt(event) {
    const svg = element.querySelector('svg');
    if (!svg?.scale) return null;
    const box = svg.getBoundingClientRect();
    const round = (v) => Number(v.toFixed(2));
    return [round(svg.scale('x').invert(event.clientX - box.left)), round(svg.scale('y').invert(event.clientY - box.top))];
  }
  const clampToView = ([x, y]) => [x, y].map((v) => Math.max(-held, Math.min(held, v)));
  element.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || !last || !startsDrag(event)) return;
    held = extent(last.g, last.tau);
    const point = pointAt(event);
    if (!point) return;
    event.preventDefault();
    element.setPointerCapture(event.pointerId);
    element.focus({ preventScroll: true });
    onMove(clampToView(point), { settled: false });
  });
  element.addEventListener('pointermove', (event) => {
    if (held === null) return;
    const point = pointAt(event);
    if (point) onMove(clampToView(point), { settled: false });
  });
  const release = () => {
    if (held === null) return;
    held = null;
    if (last) {
      draw(last);
      onMove(last.g, { settled: true });
    }
  };
  element.addEventListener('pointerup', release);
  element.addEventListener('pointercancel', release);
  element.addEventListener('keydown', (event) => {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (!moves[event.key] || !last) return;
    event.preventDefault();
    const step = event.shiftKey ? 1 : 0.1;
    const [dx, dy] = moves[event.key];
    onMove([Number((last.g[0] + dx * step).toFixed(6)), Number((last.g[1] + dy * step).toFixed(6))], { settled: true });
  });

  return { element, draw };
}
