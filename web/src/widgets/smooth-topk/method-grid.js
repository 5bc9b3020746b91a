// Small multiples: one bar chart per method, all on the same axes, with the hard top-k drawn as a
// dashed outline and a line at 1 (no entry of a top-k mask should rise above it). Bars above 1 are
// drawn in the error colour and a method with any failure gets a red frame and a ✗ in its title.
// One faceted Plot chart (one render per update, not eight).
import { barY, rect, ruleY, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber, subscript } from '../parts/number-text.js';
import { methodInfo } from './topk-methods.js';
import { extraColors } from './topk-colors.js';

export function createMethodGrid() {
  let last = null;
  const plotFrame = createPlotFrame({ onResize: () => last && draw(last), minWidth: 300 });

  // results: evaluateAll(...) output; focus: the method id in focus; k for the caption.
  function draw(view) {
    last = view;
    const { results, focus, k } = view;
    const columns = plotFrame.width >= 700 ? 4 : 2;
    const rowsCount = Math.ceil(results.length / columns);
    const place = (mi) => ({ col: mi % columns, row: Math.floor(mi / columns) });
    const bars = results.flatMap((r, mi) => r.values.map((p, i) => ({
      ...place(mi), label: `x${subscript(i + 1)}`, p, hard: r.hard[i],
      kind: p > 1 + 1e-9 ? 'over' : r.id === focus ? 'focus' : 'normal',
    })));
    const titles = results.map((r, mi) => ({
      ...place(mi), failed: r.problems.length > 0, focus: r.id === focus,
      title: `${r.problems.length ? '✗' : '✓'} ${methodInfo(r.id).name}`,
      sum: `Σp = ${formatNumber(r.sum, 6)}`,
    }));
    const top = Math.max(1.3, ...bars.map((b) => b.p * 1.12).filter(Number.isFinite));
    const colors = extraColors(plotFrame.element);

    plotFrame.show((theme) => ({
      height: rowsCount * 150 + 40,
      marginLeft: 34, marginRight: 8, marginTop: 26, marginBottom: 22,
      fx: { axis: null, padding: 0.08 },
      fy: { axis: null, padding: 0.2 },
      x: { label: null, tickSize: 0, padding: 0.18 },
      y: { domain: [0, top], label: null, ticks: [0, 0.5, 1, 1.5, 2].filter((t) => t <= top), grid: true },
      color: { type: 'ordinal', domain: ['normal', 'focus', 'over'], range: [theme.bar, theme.accent, colors.error] },
      marks: [
        rect(titles.filter((t) => !t.failed && !t.focus), { fx: 'col', fy: 'row', fill: 'none', stroke: theme.grid }),
        rect(titles.filter((t) => !t.failed && t.focus), { fx: 'col', fy: 'row', fill: 'none', stroke: theme.accent, strokeWidth: 1.5 }),
        rect(titles.filter((t) => t.failed), { fx: 'col', fy: 'row', fill: colors.error, fillOpacity: 0.06, stroke: colors.error, strokeWidth: (t) => (t.focus ? 2.5 : 1.5) }),
        barY(bars, { fx: 'col', fy: 'row', x: 'label', y: 'hard', fill: theme.band, fillOpacity: 0.5, stroke: theme.muted, strokeDasharray: '3,2', strokeWidth: 1 }),
        barY(bars, { fx: 'col', fy: 'row', x: 'label', y: 'p', fill: 'kind', insetLeft: 3, insetRight: 3 }),
        ruleY([1], { stroke: colors.error, strokeDasharray: '5,3', strokeOpacity: 0.8 }),
        ruleY([0], { stroke: theme.muted }),
        ...[[false, theme.text], [true, colors.error]].map(([failed, fill]) => text(titles.filter((t) => t.failed === failed), {
          fx: 'col', fy: 'row', text: 'title', frameAnchor: 'top-left', lineAnchor: 'bottom', dy: -5, dx: -30, fontWeight: 700, fill,
        })),
        text(titles, {
          fx: 'col', fy: 'row', text: 'sum', frameAnchor: 'top-right', dy: 6, dx: -4, fill: theme.muted, fontSize: 11,
          stroke: theme.panel, strokeWidth: 3, paintOrder: 'stroke',
        }),
      ],
    }), {
      label: `Small multiples: the output p of each of ${results.length} methods for k = ${k}, as bars over the hard top-k outline, with a line at 1`,
      description: results.map((r) => `${methodInfo(r.id).name}: p = (${r.values.map((v) => formatNumber(v, 3)).join(', ')}), ` +
        `sum ${formatNumber(r.sum, 6)}${r.problems.length ? `, fails: ${r.problems.join(', ')}` : ', sound'}`).join('. '),
    });
  }

  return { element: plotFrame.element, draw };
}
