// Error against r for the CR estimate of XY (log y): the expected error of sampling with optimal
// and with uniform probabilities (solid lines, R6: they fall like 1/r), one realisation of each for
// the current seed (dots), the deterministic top-r rule, and the SVD floor of Eckart–Young with the
// region below it shaded as impossible for any rank-r approximation. The current r is marked.
import { areaY, dot, lineY, ruleX, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { decadeLabel, decadeTicks } from '../parts/decade-ticks.js';
import { formatNumber } from '../parts/number-text.js';

export const CR_SERIES = [
  { key: 'expOpt', label: 'expected, optimal p', color: 'c1', kind: 'line' },
  { key: 'expUni', label: 'expected, uniform p', color: 'c2', kind: 'line' },
  { key: 'opt', label: 'this seed, optimal p', color: 'c1', kind: 'dot' },
  { key: 'uni', label: 'this seed, uniform p', color: 'c2', kind: 'dot' },
  { key: 'top', label: 'deterministic top-r', color: 'c3', kind: 'line' },
  { key: 'floor', label: 'SVD floor', color: 'floor', kind: 'line' },
];

export function createCrErrorPlot({ height = 300 } = {}) {
  let last = null;
  const frame = createPlotFrame({ onResize: () => last && draw(last) });

  function draw(view) {
    last = view;
    const { rows, r, l, current } = view;
    const positives = rows.flatMap((d) => CR_SERIES.map((s) => d[s.key])).filter((v) => v > 0 && Number.isFinite(v));
    const hi = Math.max(1e-12, ...positives) * 2;
    const lo = Math.max(Math.min(hi / 4, ...positives) / 2, hi * 1e-7);
    const points = (key) => rows.filter((d) => d[key] > 0 && Number.isFinite(d[key])).map((d) => ({ r: d.r, value: d[key] }));
    const floorArea = rows.filter((d) => d.floor !== undefined).map((d) => ({ r: d.r, value: Math.max(d.floor, lo) }));
    frame.show((theme) => ({
      height,
      marginLeft: 56, marginRight: 14, marginTop: 20, marginBottom: 38,
      x: { domain: [0.5, l + 0.5], label: 'number of sampled terms r →', labelAnchor: 'right', ticks: Math.min(l, 12), tickFormat: (d) => (Number.isInteger(d) ? String(d) : '') },
      y: { type: 'log', domain: [lo, hi], clamp: true, grid: true, label: '↑ ‖CR − XY‖²_F (log scale)', ticks: decadeTicks(lo, hi), tickFormat: decadeLabel },
      marks: [
        areaY(floorArea, { x: 'r', y1: lo, y2: 'value', fill: theme.band, curve: 'step' }),
        lineY(points('floor'), { x: 'r', y: 'value', stroke: theme.floor, strokeWidth: 1.5, curve: 'step' }),
        text(floorArea.slice(0, 1), { x: 'r', y: lo, text: () => 'below the SVD floor: impossible at rank r', textAnchor: 'start', dx: 4, dy: -8, fill: theme.muted, fontSize: 11 }),
        lineY(points('expUni'), { x: 'r', y: 'value', stroke: theme.c2, strokeWidth: 2.5 }),
        lineY(points('expOpt'), { x: 'r', y: 'value', stroke: theme.c1, strokeWidth: 2.5 }),
        lineY(points('top'), { x: 'r', y: 'value', stroke: theme.c3, strokeWidth: 2, strokeDasharray: '6,3', marker: 'circle-stroke' }),
        dot(points('uni'), { x: 'r', y: 'value', r: 3.2, fill: theme.c2, fillOpacity: 0.75 }),
        dot(points('opt'), { x: 'r', y: 'value', r: 3.2, fill: theme.c1, fillOpacity: 0.75 }),
        ruleX([r], { stroke: theme.muted, strokeDasharray: '3,3' }),
        current && current.value > 0 ? dot([current], { x: 'r', y: 'value', r: 7, stroke: theme.pick, strokeWidth: 3 }) : null,
      ].filter(Boolean),
    }), {
      label: 'Plot of the CR error against the number of sampled terms r, on a log scale, with the SVD floor',
      description: describe(rows, r),
    });
  }
  return { element: frame.element, draw };
}

function describe(rows, r) {
  const pick = rows.filter((d) => d.r === 1 || d.r === r || d.r === rows.length || d.r % 8 === 0);
  return pick.map((d) => `r = ${d.r}: ${CR_SERIES.filter((s) => d[s.key] !== undefined).map((s) => `${s.label} ${formatNumber(d[s.key], 3)}`).join(', ')}`).join('; ') + '.';
}
