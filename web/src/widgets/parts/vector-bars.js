// The chart half of a vector editor: one bar per component (Observable Plot), the value printed on
// each, an optional ghost vector as dashed ticks and an optional horizontal rule; and dragging a
// bar's top with a mouse, or with a finger from its touch handle (parts/drag-handles.js).
import { barY, ruleY, text, tickY } from '@observablehq/plot';
import { startsDrag } from './drag-handles.js';
import { formatNumber } from './number-text.js';

/**
 * The Plot options for the bars. view: { data: [{ label, value, i }], ghosts: [{ label, value }],
 * rules: [{ value, label }] (inside the axis), domain: [lo, hi], height, simplex, highlighted (indices) }.
 */
export function barsPlot(view, theme) {
  const { data, ghosts, rules, domain, height, simplex, highlighted } = view;
  const valueText = (d) => formatNumber(d.value, simplex ? 2 : Math.abs(d.value) >= 100 ? 0 : 2);
  const valueLabel = { x: 'label', y: 'value', text: valueText, fill: theme.text };
  return {
    height,
    marginLeft: 40,
    marginRight: 6,
    marginTop: 18,
    marginBottom: 24,
    x: { domain: data.map((d) => d.label), label: null, padding: 0.22, tickSize: 0 },
    y: { domain, label: null, grid: true, ticks: 5, clamp: true },
    marks: [
      barY(data, { x: 'label', y: 'value', fill: (d) => (highlighted.includes(d.i) ? 'active' : 'normal') }),
      ruleY([0], { stroke: theme.muted }),
      tickY(ghosts, { x: 'label', y: 'value', stroke: theme.ghost, strokeWidth: 2.5, strokeDasharray: '4,3' }),
      ruleY(rules, { y: 'value', stroke: theme.ghost, strokeWidth: 2, strokeDasharray: '6,4' }),
      text(rules, {
        y: 'value',
        text: (d) => `${d.label} = ${formatNumber(d.value, 2)}`,
        frameAnchor: 'right',
        textAnchor: 'end',
        dy: -7,
        fill: theme.ghost,
        stroke: theme.panel,
        strokeWidth: 3,
        paintOrder: 'stroke',
      }),
      text(
        data.filter((d) => d.value >= 0),
        { ...valueLabel, dy: -8 },
      ),
      text(
        data.filter((d) => d.value < 0),
        { ...valueLabel, dy: 9 },
      ),
    ],
    color: { type: 'ordinal', domain: ['normal', 'active'], range: [theme.bar, theme.accent] },
  };
}

/** The bars' text alternative: every component, then the ghost's, then the rule. */
export function barsDescription({ data, ghosts, rule, ghostName }) {
  const list = (points) => points.map((d) => `${d.label} = ${formatNumber(d.value, 4)}`).join(', ');
  return (
    list(data) + (ghosts.length ? `. ${ghostName}: ${list(ghosts)}` : '') + (rule ? `. ${rule.label} = ${formatNumber(rule.value, 4)}` : '')
  );
}

/** The value axis: [0, 1] for a probability vector, else a nice range around 0 and every value. */
export function barsDomain(values, simplex) {
  if (simplex) return [0, 1];
  // Half the span, so that values near ±1e308 do not overflow.
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  const half = hi / 2 - lo / 2 || 0.5;
  if (lo < 0) lo -= 0.3 * half;
  hi += 0.5 * half;
  return niceDomain(clampFinite(lo), clampFinite(hi));
}

/**
 * Dragging bars on a plot frame's element. The chart is redrawn every frame, so the pointer is
 * captured by the frame's stable box, and the axis stays as it was when the drag began.
 *   labels()               the bars' x labels, in order
 *   domain()               the value axis to hold during the drag
 *   onDrag(index, v)       a bar's value follows the pointer (v on the held axis, rounded to a step)
 *   onRelease(index)       the drag ended
 * Returns { held(), heldDomain() }: the held bar's index (or -1) and the axis held (or null).
 */
export function attachBarDrag(frameElement, { labels, domain, simplex, onDrag, onRelease }) {
  let drag = null; // { index, domain } while a bar is held
  const at = (event) => {
    const svg = frameElement.querySelector('svg');
    if (!svg?.scale) return null;
    const rect = svg.getBoundingClientRect();
    return { svg, x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const valueAt = ({ svg, y }) => {
    const [lo, hi] = drag.domain;
    const step = simplex ? 0.01 : 10 ** (Math.floor(Math.log10(hi - lo)) - 2);
    return clamp(Math.round(svg.scale('y').invert(y) / step) * step, lo, hi);
  };
  frameElement.addEventListener('pointerdown', (event) => {
    const point = at(event);
    if (!point || event.button !== 0 || !startsDrag(event)) return;
    const index = nearestBar(point, labels());
    if (index < 0) return;
    event.preventDefault();
    drag = { index, domain: domain() };
    frameElement.setPointerCapture(event.pointerId);
    onDrag(index, valueAt(point));
  });
  frameElement.addEventListener('pointermove', (event) => {
    const point = drag && at(event);
    if (point) onDrag(drag.index, valueAt(point));
  });
  const release = () => {
    if (!drag) return;
    const { index } = drag;
    drag = null;
    onRelease(index);
  };
  frameElement.addEventListener('pointerup', release);
  frameElement.addEventListener('pointercancel', release);
  return { held: () => drag?.index ?? -1, heldDomain: () => drag?.domain ?? null };
}

// The bar whose centre is nearest the pointer, if within one band step of it; else -1.
function nearestBar({ svg, x }, labels) {
  const xScale = svg.scale('x');
  let index = -1;
  let best = Infinity;
  labels.forEach((label, i) => {
    const d = Math.abs(xScale.apply(label) + xScale.bandwidth / 2 - x);
    if (d < best) [best, index] = [d, i];
  });
  return best <= xScale.step ? index : -1;
}

export function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

// Round a range outwards to 1, 2 or 5 times a power of ten, so the axis ends on a tick.
function niceDomain(lo, hi) {
  const raw = hi / 5 - lo / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return [clampFinite(Math.floor(lo / step) * step), clampFinite(Math.ceil(hi / step) * step)];
}

function clampFinite(v) {
  return clamp(v, -Number.MAX_VALUE, Number.MAX_VALUE);
}
