// The sandwich of R1-R3 as the temperature varies: lse_tau(x) on a log tau axis inside the shaded
// band [x_max, x_max + tau log n], with the mean bound x̄ + tau log n, and the current tau marked.
// The "shifted" view subtracts tau log n from every curve so that the large-tau end stays in view
// (there lse_tau - tau log n tends to the mean). Words on the chart and in its text alternative
// come from the widget's language (logsumexp-text.js).
import { areaY, dot, lineY, ruleX, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { editableNumber, formatNumber } from '../parts/number-text.js';

export const TAU_MIN = 1e-3;
export const TAU_MAX = 1e3;

/** Temperatures at which the curve is sampled: log-spaced over [TAU_MIN, TAU_MAX]. */
export function tauSamples(count = 145) {
  const lo = Math.log10(TAU_MIN);
  const hi = Math.log10(TAU_MAX);
  return Array.from({ length: count }, (_, k) => 10 ** (lo + ((hi - lo) * k) / (count - 1)));
}

const DECADES = [1e-3, 1e-2, 1e-1, 1, 10, 100, 1e3];

export function createTauPlot({ height = 300, language }) {
  let last = null;
  const frame = createPlotFrame({ redraw: () => last && draw(last) });

  // curve: [{ tau, lse }] for the current x; the rest describes the current point.
  function draw(view) {
    last = view;
    const { curve, n, xMax, xMean, tau, lse, shifted } = view;
    const logN = Math.log(n);
    const shift = (t) => (shifted ? t * logN : 0);
    const rows = curve.map(({ tau: t, lse: v }) => ({
      tau: t,
      lse: v - shift(t),
      lower: xMax - shift(t),
      upper: xMax + t * logN - shift(t),
      mean: xMean + t * logN - shift(t),
    }));
    const spread = Math.max(xMax - xMean, 0.25);
    // Plain view: room for the low-temperature end, widened (zooming out) to keep the current point in view.
    const [lo, hi] = shifted
      ? [xMean - 0.9 * spread, xMax + 0.35 * spread]
      : [Math.min(xMean, xMax) - 0.6 * spread, Math.max(xMax + Math.max(4 * spread, 2 * logN, 1), lse + 0.15 * (lse - xMean))];
    const current = { tau, value: lse - shift(tau) };
    const finite = (a, fallback) => (Number.isFinite(a) ? a : fallback);
    const domain = [finite(lo, -Number.MAX_VALUE), finite(hi, Number.MAX_VALUE)];
    const minus = shifted ? ' − τ log n' : '';

    frame.show(
      (theme) => ({
        height,
        marginLeft: 52,
        marginRight: 14,
        marginTop: 22,
        marginBottom: 40,
        x: {
          type: 'log',
          domain: [TAU_MIN, TAU_MAX],
          ticks: DECADES,
          tickFormat: (d) => String(d),
          label: language.t('plot.tauAxis'),
          labelAnchor: 'right',
        },
        y: { domain, grid: true, label: language.t('plot.valueAxis', { minus }), ticks: 6 },
        marks: [
          areaY(rows, { x: 'tau', y1: 'lower', y2: 'upper', fill: theme.band, clip: true }),
          lineY(rows, { x: 'tau', y: 'lower', stroke: theme.lower, strokeWidth: 1.5, clip: true }),
          lineY(rows, { x: 'tau', y: 'upper', stroke: theme.upper, strokeWidth: 1.5, strokeDasharray: '6,4', clip: true }),
          lineY(rows, { x: 'tau', y: 'mean', stroke: theme.mean, strokeWidth: 1.5, strokeDasharray: '2,3', clip: true }),
          lineY(rows, { x: 'tau', y: 'lse', stroke: theme.lse, strokeWidth: 3, clip: true }),
          ruleX([tau], { stroke: theme.muted, strokeDasharray: '3,3' }),
          dot([current], { x: 'tau', y: 'value', r: 5.5, fill: theme.lse, stroke: theme.panel, strokeWidth: 2, clip: true }),
          text([current], {
            x: 'tau',
            y: 'value',
            text: () => `τ = ${editableNumber(tau, 3)}`,
            dx: tau < 30 ? 10 : -10,
            dy: -12,
            textAnchor: tau < 30 ? 'start' : 'end',
            fill: theme.text,
            stroke: theme.panel,
            strokeWidth: 4,
            paintOrder: 'stroke',
            clip: true,
          }),
        ],
      }),
      {
        label: language.t('plot.label', { minus }),
        description: describe(view, logN, language),
      },
    );
  }

  // Axis labels and the text alternative follow the widget's language.
  language.onChange(() => last && draw(last));
  return { element: frame.element, draw };
}

function describe({ curve, xMax, xMean, tau, lse }, logN, language) {
  const at = DECADES.map((t) => {
    const nearest = curve.reduce((a, b) => (Math.abs(Math.log(b.tau / t)) < Math.abs(Math.log(a.tau / t)) ? b : a));
    return language.t('plot.sample', { tau: t, value: formatNumber(nearest.lse, 4) });
  });
  return language.t('plot.description', {
    samples: at.join(language.t('rows.separator')),
    tau: formatNumber(tau, 4),
    lse: formatNumber(lse, 4),
    lo: formatNumber(xMax, 4),
    hi: formatNumber(xMax + tau * logN, 4),
    mean: formatNumber(xMean + tau * logN, 4),
  });
}
