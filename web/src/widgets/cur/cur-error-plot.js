// Error against r for every selection method of the CUR widget (log y), with the SVD floor of
// Eckart–Young and the region below it shaded as impossible for any rank-r approximation; the
// current r is marked and the current selection's error ringed.
import { areaY, dot, lineY, ruleX, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { decadeLabel, decadeTicks } from '../parts/decade-ticks.js';
import { formatNumber } from '../parts/number-text.js';

export function createCurErrorPlot({ methods, height = 310 } = {}) {
  let last = null;
  const frame = createPlotFrame({ onResize: () => last && draw(last) });

  function draw(view) {
    last = view;
    const { rows, r, maxR, current, relativeTo } = view;
    const keys = [...methods.map(([key]) => key), 'floor'];
    const positives = rows.flatMap((d) => keys.map((k) => d[k])).filter((x) => x > 0 && Number.isFinite(x));
    const hi = Math.max(relativeTo * 1.2, ...positives) * 1.5;
    // Errors at full rank are rounding noise: keep six decades, and let smaller values sit on the bottom edge.
    const lo = Math.max(Math.min(hi / 10, ...positives) / 2, hi * 1e-6);
    const points = (key) => rows.filter((d) => d[key] > 0 && Number.isFinite(d[key])).map((d) => ({ r: d.r, value: d[key] }));
    const floorArea = rows.filter((d) => d.floor !== undefined).map((d) => ({ r: d.r, value: Math.max(d.floor, lo) }));
    frame.show((theme) => ({
      height,
      marginLeft: 56, marginRight: 14, marginTop: 20, marginBottom: 38,
      x: { domain: [0.5, maxR + 0.5], label: 'rank r (rows and columns kept) →', labelAnchor: 'right', ticks: Math.min(maxR, 12), tickFormat: (d) => (Number.isInteger(d) ? String(d) : '') },
      y: { type: 'log', domain: [lo, hi], clamp: true, grid: true, label: '↑ ‖M − CUR‖²_F (log scale)', ticks: decadeTicks(lo, hi), tickFormat: decadeLabel },
      marks: [
        areaY(floorArea, { x: 'r', y1: lo, y2: 'value', fill: theme.band, curve: 'step' }),
        lineY(points('floor'), { x: 'r', y: 'value', stroke: theme.floor, strokeWidth: 1.5, curve: 'step' }),
        text(floorArea.slice(0, 1), { x: 'r', y: lo, text: () => 'below the SVD floor: impossible at rank r', textAnchor: 'start', dx: 4, dy: -8, fill: theme.muted, fontSize: 11 }),
        ...methods.map(([key, , color]) => lineY(points(key), { x: 'r', y: 'value', stroke: theme[color], strokeWidth: 2, marker: 'circle', curve: 'linear' })),
        ruleX([r], { stroke: theme.muted, strokeDasharray: '3,3' }),
        current && current.value > 0 ? dot([current], { x: 'r', y: 'value', r: 7.5, stroke: theme.pick, strokeWidth: 3 }) : null,
      ].filter(Boolean),
    }), {
      label: 'Plot of the CUR error against the rank r for each selection method, on a log scale, with the SVD floor',
      description: describe(rows, methods),
    });
  }
  return { element: frame.element, draw };
}

function describe(rows, methods) {
  const named = [...methods, ['floor', 'SVD floor']];
  return rows.map((d) => `r = ${d.r}: ${named.filter(([k]) => d[k] !== undefined).map(([k, caption]) => `${caption} ${formatNumber(d[k], 3)}`).join(', ')}`).join('; ') + '.';
}
