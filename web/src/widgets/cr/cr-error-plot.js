// Error against r for the CR estimate of XY (log y): the expected error of sampling with optimal
// and with uniform probabilities (solid lines, R6: they fall like 1/r), one realisation of each for
// the current seed (dots), the deterministic top-r rule, and the SVD floor of Eckart–Young with the
// region below it shaded as impossible for any rank-r approximation. The current r is marked.
// Rows may be partly filled (the realisations arrive from the worker rank by rank): what is there is drawn.
import { areaY, dot, lineY, ruleX, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { decadeLabel, decadeTicks } from '../parts/decade-ticks.js';
import { formatNumber } from '../parts/number-text.js';

export const CR_SERIES = ['expOpt', 'expUni', 'opt', 'uni', 'top', 'floor'];

/** createCrErrorPlot({ language }) -> { element, draw({ rows, r, l, current }) } */
export function createCrErrorPlot({ height = 300, language }) {
  let last = null;
  const frame = createPlotFrame({ redraw: () => last && draw(last) });
  const t = language.t;

  function draw(view) {
    last = view;
    const { rows, r, l, current } = view;
    const positives = rows.flatMap((d) => CR_SERIES.map((key) => d[key])).filter((v) => v > 0 && Number.isFinite(v));
    const hi = Math.max(1e-12, ...positives) * 2;
    const lo = Math.max(Math.min(hi / 4, ...positives) / 2, hi * 1e-7);
    const points = (key) => rows.filter((d) => d[key] > 0 && Number.isFinite(d[key])).map((d) => ({ r: d.r, value: d[key] }));
    const floorArea = rows.filter((d) => d.floor !== undefined).map((d) => ({ r: d.r, value: Math.max(d.floor, lo) }));
    frame.show(
      (theme) => ({
        height,
        marginLeft: 56,
        marginRight: 14,
        marginTop: 20,
        marginBottom: 38,
        x: {
          domain: [0.5, l + 0.5],
          label: t('plot.x'),
          labelAnchor: 'right',
          ticks: Math.min(l, 12),
          tickFormat: (d) => (Number.isInteger(d) ? String(d) : ''),
        },
        y: {
          type: 'log',
          domain: [lo, hi],
          clamp: true,
          grid: true,
          label: t('plot.y'),
          ticks: decadeTicks(lo, hi),
          tickFormat: decadeLabel,
        },
        marks: [
          areaY(floorArea, { x: 'r', y1: lo, y2: 'value', fill: theme.band, curve: 'step' }),
          lineY(points('floor'), { x: 'r', y: 'value', stroke: theme.floor, strokeWidth: 1.5, curve: 'step' }),
          text(floorArea.slice(0, 1), {
            x: 'r',
            y: lo,
            text: () => t('plot.impossible'),
            textAnchor: 'start',
            dx: 4,
            dy: -8,
            fill: theme.muted,
            fontSize: 11,
          }),
          lineY(points('expUni'), { x: 'r', y: 'value', stroke: theme.c2, strokeWidth: 2.5 }),
          lineY(points('expOpt'), { x: 'r', y: 'value', stroke: theme.c1, strokeWidth: 2.5 }),
          lineY(points('top'), { x: 'r', y: 'value', stroke: theme.c3, strokeWidth: 2, strokeDasharray: '6,3', marker: 'circle-stroke' }),
          dot(points('uni'), { x: 'r', y: 'value', r: 3.2, fill: theme.c2, fillOpacity: 0.75 }),
          dot(points('opt'), { x: 'r', y: 'value', r: 3.2, fill: theme.c1, fillOpacity: 0.75 }),
          ruleX([r], { stroke: theme.muted, strokeDasharray: '3,3' }),
          current && current.value > 0 ? dot([current], { x: 'r', y: 'value', r: 7, stroke: theme.pick, strokeWidth: 3 }) : null,
        ].filter(Boolean),
      }),
      { label: t('plot.label'), description: describe(rows, r, t) },
    );
  }
  language.onChange(() => last && draw(last));
  return { element: frame.element, draw };
}

function describe(rows, r, t) {
  const pick = rows.filter((d) => d.r === 1 || d.r === r || d.r === rows.length || d.r % 8 === 0);
  const values = (d) =>
    CR_SERIES.filter((key) => d[key] !== undefined)
      .map((key) => t('plot.value', { series: t(`series.${key}`), value: formatNumber(d[key], 3) }))
      .join(t('list.separator'));
  return pick.map((d) => t('plot.point', { r: d.r, values: values(d) })).join(t('problems.separator')) + t('sentence.end');
}
