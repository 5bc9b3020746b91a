// A line plot whose axes may be logarithmic (an error against a count of landmarks, a residual
// against iterations, a filter against t on a log scale), on Observable Plot through plot-frame.js:
// named series in the widget's colours (solid or dashed, with or without point markers), an
// optional shaded region under a curve (a floor nothing can go below), vertical rules (the current
// value of a control) and single dots (the state on screen, ringed). Points a log axis cannot show
// (zero, negative, non-finite) are left out; values beyond the domain sit on its edge (clamp).
// The text alternative lists every series' points (thinned to about a dozen each) or the caller's own.
// A marker (a dashed rule at x, a ring at (x, y): the value of a control) can also be moved without
// drawing the plot again: mark() places two positioned elements over it, so dragging the control
// costs no new chart.
import { areaY, axisX, axisY, dot, gridX, gridY, lineY, ruleX, text } from '@observablehq/plot';
import { decadeLabel, decadeTicks } from './decade-ticks.js';
import { formatNumber } from './number-text.js';
import { el } from './create-element.js';
import { createPlotFrame } from './plot-frame.js';
import { englishOnly } from './widget-language.js';

export const logLinePlotStyles = `
.plot-marks { position: absolute; inset: 0; pointer-events: none; }
.plot-mark-rule { position: absolute; width: 0; border-left: 1.5px dashed var(--mlt-muted); }
.plot-mark-ring { position: absolute; width: 15px; height: 15px; margin: -7.5px 0 0 -7.5px; border: 3px solid var(--mlt-pick); border-radius: 50%; }
`;

const shown = (type) => (v) => Number.isFinite(v) && (type !== 'log' || v > 0);

// An axis's scale options. A log axis draws its own ticks (logTicks): Plot would label only the
// ticks whose leading digit is small (d3's log tickFormat), blanking 6, 8 or 64 on an axis of counts.
function axis({ type = 'linear', domain, label, ticks, tickFormat }) {
  if (type === 'log') return { type, domain, clamp: true, label, axis: null };
  return { type, domain, clamp: true, label, grid: true, ...(ticks ? { ticks } : {}), ...(tickFormat ? { tickFormat } : {}) };
}

// A log axis as marks: its grid, and its ticks labelled by the caller's format (decades by default),
// thinned so that labels stay at least `spacing` pixels apart over `room` pixels.
function logTicks(name, { domain, label, ticks, tickFormat }, room, spacing = 26) {
  const position = (v) => (room * Math.log(v / domain[0])) / Math.log(domain[1] / domain[0]);
  const values = [];
  for (const v of ticks ?? decadeTicks(domain[0], domain[1])) {
    if (!values.length || Math.abs(position(v) - position(values.at(-1))) >= spacing) values.push(v);
  }
  const format = tickFormat ?? decadeLabel;
  const [grid, axisMark] = name === 'x' ? [gridX, axisX] : [gridY, axisY];
  return [grid(values), axisMark(values, { text: (d) => format(d), label })];
}

// A number as the text alternative says it: whole numbers as they are, others to three decimals
// (or three significant digits when tiny).
const compact = (v) => (Number.isInteger(v) ? String(v) : formatNumber(v, 3));

/** Every `step`-th point, and the last, so a long series is read out in a dozen values. */
function thinned(points, most = 12) {
  const step = Math.max(1, Math.ceil(points.length / most));
  return points.filter((_, k) => k % step === 0 || k === points.length - 1);
}

/** The series' points as a sentence: "name: x → y, x → y; name: …". */
export function describeSeries(series, language = englishOnly) {
  const t = language.t;
  return series
    .filter((s) => s.points.length)
    .map(
      (s) =>
        `${s.name}: ${thinned(s.points)
          .map((p) => `${compact(p.x)} → ${compact(p.y)}`)
          .join(t('list.separator'))}`,
    )
    .join(t('sentence.separator'));
}

/**
 * createLogLinePlot({ height, language }) -> { element, draw(view), mark({ x, y } | null) }
 * view: { label (what the plot shows), x / y: { type: 'log' | 'linear', domain, label, ticks, tickFormat },
 *         series: [{ name, color (a theme colour: c1..c6, floor, muted, error), dashed, markers, points: [{ x, y }] }],
 *         band: { points: [{ x, y }], text } (shaded from the bottom of y up to the points),
 *         areas: [{ points: [{ x, y1, y2 }], color }] (optional: a lightly shaded range between two curves),
 *         rules: [{ x, color }], dots: [{ x, y, color, ring }], description (replaces the generated one) }
 */
export function createLogLinePlot({ height = 260, language = englishOnly, marginLeft = 52 } = {}) {
  let last = null;
  // The view's words are the caller's (already in the widget's language): after a switch of
  // language the caller draws again.
  const frame = createPlotFrame({ redraw: () => last && draw(last) });
  const marks = createMarks(frame.element);

  function draw(view) {
    last = view;
    const okX = shown(view.x.type);
    const okY = shown(view.y.type);
    const bottom = view.y.domain[0];
    const usable = (p) => okX(p.x) && okY(p.y);
    const margin = { left: marginLeft, right: 16, top: 22, bottom: 38 };
    const svg = frame.show(
      (theme) => ({
        height,
        marginLeft: margin.left,
        marginRight: margin.right,
        marginTop: margin.top,
        marginBottom: margin.bottom,
        x: axis(view.x),
        y: axis(view.y),
        marks: [
          ...(view.x.type === 'log' ? logTicks('x', view.x, frame.width - margin.left - margin.right) : []),
          ...(view.y.type === 'log' ? logTicks('y', view.y, height - margin.top - margin.bottom, 18) : []),
          ...bandMarks(view.band, { okX, bottom, theme }),
          ...(view.areas ?? []).map((a) =>
            areaY(
              a.points.filter((p) => okX(p.x) && okY(p.y1) && okY(p.y2)),
              { x: 'x', y1: 'y1', y2: 'y2', fill: theme[a.color] ?? a.color, fillOpacity: 0.16 },
            ),
          ),
          ...(view.rules ?? []).map((r) => ruleX([r.x], { stroke: theme[r.color ?? 'muted'], strokeDasharray: '3,3' })),
          ...view.series.map((s) =>
            lineY(s.points.filter(usable), {
              x: 'x',
              y: 'y',
              stroke: theme[s.color] ?? s.color,
              strokeWidth: s.width ?? 2,
              strokeDasharray: s.dashed ? '6,4' : null,
              marker: s.markers ? 'circle' : null,
            }),
          ),
          ...(view.dots ?? []).filter(usable).map((d) =>
            dot([d], {
              x: 'x',
              y: 'y',
              r: d.ring ? 7 : 3.5,
              stroke: theme[d.color] ?? d.color,
              fill: d.ring ? 'none' : (theme[d.color] ?? d.color),
              strokeWidth: d.ring ? 3 : 1,
            }),
          ),
        ],
      }),
      { label: view.label, description: view.description ?? describeSeries(view.series, language) },
    );
    marks.follow(svg, view);
  }

  return { element: frame.element, draw, mark: marks.mark };
}

// The marker over the chart: positioned in percent of the chart's box (the layer covers it), from
// the chart's own scales, so placing it reads no layout.
function createMarks(box) {
  const rule = el('div', { class: 'plot-mark-rule', hidden: true });
  const ring = el('div', { class: 'plot-mark-ring', hidden: true });
  const layer = el('div', { class: 'plot-marks', 'aria-hidden': 'true' }, rule, ring);
  let chart = null; // { svg, view, width, height }
  let wanted = null;
  const percent = (v, total) => `${(100 * v) / total}%`;
  function place() {
    rule.hidden = ring.hidden = true;
    if (!chart || !wanted) return;
    const { svg, view, width, height } = chart;
    const inX = Number.isFinite(wanted.x) && wanted.x >= view.x.domain[0] && wanted.x <= view.x.domain[1];
    if (!inX) return;
    const x = svg.scale('x').apply(wanted.x);
    const [bottom, top] = svg.scale('y').range;
    Object.assign(rule.style, { left: percent(x, width), top: percent(top, height), height: percent(bottom - top, height) });
    rule.hidden = false;
    const y = wanted.y;
    if (!(Number.isFinite(y) && (view.y.type !== 'log' || y > 0))) return;
    const clamped = Math.min(Math.max(y, view.y.domain[0]), view.y.domain[1]);
    Object.assign(ring.style, { left: percent(x, width), top: percent(svg.scale('y').apply(clamped), height) });
    ring.hidden = false;
  }
  return {
    follow(svg, view) {
      chart = { svg, view, width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')) };
      if (!layer.isConnected) box.append(layer);
      place();
    },
    mark(at) {
      wanted = at;
      place();
    },
  };
}

// The shaded region below a curve (the floor), with its caption at the left end.
function bandMarks(band, { okX, bottom, theme }) {
  if (!band) return [];
  const points = band.points.filter((p) => okX(p.x) && Number.isFinite(p.y)).map((p) => ({ x: p.x, y: Math.max(p.y, bottom) }));
  if (!points.length) return [];
  return [
    areaY(points, { x: 'x', y1: bottom, y2: 'y', fill: theme.band, curve: 'step-after' }),
    lineY(points, { x: 'x', y: 'y', stroke: theme.floor, strokeWidth: 1.5, curve: 'step-after' }),
    band.text
      ? text(points.slice(0, 1), {
          x: 'x',
          y: bottom,
          text: () => band.text,
          textAnchor: 'start',
          dx: 4,
          dy: -8,
          fill: theme.muted,
          fontSize: 11,
        })
      : null,
  ].filter(Boolean);
}
