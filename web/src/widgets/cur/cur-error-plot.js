// Error against r for every selection method of the CUR widget (log y), with the SVD floor of
// Eckart–Young and the region below it shaded as impossible for any rank-r approximation; the
// current r is marked and the current selection's error ringed. Rows may be partly filled (they
// arrive from the worker rank by rank): what is there is drawn.
import { areaY, dot, lineY, ruleX, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { decadeLabel, decadeTicks } from '../parts/decade-ticks.js';
import { formatNumber } from '../parts/number-text.js';

/** createCurErrorPlot({ methods: [[id, colour]], language }) -> { element, draw({ rows, r, maxR, current, normSquared }) } */
export function createCurErrorPlot({ methods, height = 310, language }) {
  let last = null;
  const frame = createPlotFrame({ redraw: () => last && draw(last) });
  const t = language.t;

  function draw(view) {
    last = view;
    const { rows, r, maxR, current, normSquared } = view;
    const keys = [...methods.map(([key]) => key), 'floor'];
    const positives = rows.flatMap((d) => keys.map((k) => d[k])).filter((x) => x > 0 && Number.isFinite(x));
    // The range is set by what is known before any curve point arrives (‖M‖²_F bounds every error
    // with the optimal middle matrix), so the axes stay put while the curves fill in; only an
    // intersection error above ‖M‖²_F widens it. Errors at full rank are rounding noise: six
    // decades are shown, smaller values sit on the bottom edge. A zero matrix gets a unit range
    // (log10(0) would never end the ticks).
    const known = [normSquared, current?.value ?? 0, ...positives].filter((x) => x > 0 && Number.isFinite(x));
    const hi = known.length ? Math.max(...known) * 1.5 : 1;
    const lo = hi * 1e-6;
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
          domain: [0.5, maxR + 0.5],
          label: t('plot.x'),
          labelAnchor: 'right',
          ticks: Math.min(maxR, 12),
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
          ...methods.map(([key, color]) =>
            lineY(points(key), { x: 'r', y: 'value', stroke: theme[color], strokeWidth: 2, marker: 'circle', curve: 'linear' }),
          ),
          ruleX([r], { stroke: theme.muted, strokeDasharray: '3,3' }),
          current && current.value > 0 ? dot([current], { x: 'r', y: 'value', r: 7.5, stroke: theme.pick, strokeWidth: 3 }) : null,
        ].filter(Boolean),
      }),
      { label: t('plot.label'), description: describe(rows, methods, t) },
    );
  }
  language.onChange(() => last && draw(last));
  return { element: frame.element, draw };
}

function describe(rows, methods, t) {
  const named = [...methods.map(([key]) => [key, t(`short.${key}`)]), ['floor', t('series.floor')]];
  const values = (d) =>
    named
      .filter(([k]) => d[k] !== undefined)
      .map(([k, series]) => t('plot.value', { series, value: formatNumber(d[k], 3) }))
      .join(t('list.separator'));
  return rows.map((d) => t('plot.point', { r: d.r, values: values(d) })).join(t('problems.separator')) + t('sentence.end');
}
