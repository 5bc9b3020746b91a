// The gradient norm of a toy training run, step by step, with the clipping threshold tau and the
// line at 1. Steps where clipping fired are marked; the late half of training (where the article
// says the norm should sit below 1) is shaded. Words from the widget's language.
import { dot, lineY, rect, ruleY, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';

// The marks: the late half shaded, the line at 1, the norm with the clipped steps marked, and tau.
function normMarks(theme, { rows, steps, tau, language }) {
  return [
    rect([{ x1: steps / 2, x2: steps }], { x1: 'x1', x2: 'x2', fill: theme.band, fillOpacity: 0.55 }),
    text([{ x: steps * 0.75 }], {
      x: 'x',
      frameAnchor: 'top',
      dy: 8,
      text: () => language.t('norm.late'),
      fill: theme.muted,
      fontSize: 11,
    }),
    ruleY([1], { stroke: theme.muted, strokeDasharray: '2,3', strokeWidth: 1.5 }),
    lineY(rows, { x: 't', y: 'norm', stroke: theme.bar, strokeWidth: 1.3 }),
    dot(
      rows.filter((r) => r.clipped),
      { x: 't', y: 'norm', r: 2.3, fill: theme.error },
    ),
    ruleY([tau], { stroke: theme.accent, strokeWidth: 2 }),
    text([tau], {
      y: (d) => d,
      text: () => `τ = ${formatNumber(tau, 2)}`,
      frameAnchor: 'right',
      textAnchor: 'end',
      dx: -4,
      dy: -7,
      fill: theme.accent,
      fontWeight: 700,
      stroke: theme.panel,
      strokeWidth: 3,
      paintOrder: 'stroke',
    }),
    text([1], {
      y: (d) => d,
      text: () => '‖g‖ = 1',
      frameAnchor: 'right',
      textAnchor: 'end',
      dx: -4,
      dy: 11,
      fill: theme.muted,
      fontSize: 11,
      stroke: theme.panel,
      strokeWidth: 3,
      paintOrder: 'stroke',
    }),
  ];
}

export function createNormTrace({ language, height = 240 }) {
  let last = null;
  const plotFrame = createPlotFrame({ redraw: () => last && draw(last) });
  language.onChange(() => last && draw(last));

  // run: simulateTraining(...) output; tau: the clipping threshold.
  function draw(view) {
    last = view;
    const { run, tau } = view;
    const steps = run.gradNorm.length;
    const rows = Array.from(run.gradNorm, (norm, t) => ({ t, norm: Math.max(norm, 1e-6), clipped: run.clipped[t] === 1 }));
    const values = rows.map((r) => r.norm);
    const lo = Math.min(...values, tau, 1) / 1.6;
    const hi = Math.max(...values, tau, 1) * 1.6;
    plotFrame.show(
      (theme) => ({
        height,
        marginLeft: 46,
        marginRight: 14,
        marginTop: 14,
        marginBottom: 36,
        x: { domain: [0, steps], label: language.t('axis.step'), labelAnchor: 'right' },
        y: {
          type: 'log',
          domain: [lo, hi],
          label: language.t('norm.axis'),
          grid: true,
          ticks: 5,
          tickFormat: (d) => formatNumber(d, d < 1 ? 2 : 0),
        },
        marks: normMarks(theme, { rows, steps, tau, language }),
      }),
      {
        label: language.t('norm.chart', { steps }),
        description: language.t('norm.description', {
          first: formatNumber(run.gradNorm[0], 3),
          last: formatNumber(run.gradNorm[steps - 1], 3),
          fraction: formatNumber(100 * run.clipFraction, 1),
          tau: formatNumber(tau, 3),
          median: formatNumber(run.lateMedianGradNorm, 3),
          below: formatNumber(100 * run.lateFractionBelowOne, 1),
        }),
      },
    );
  }

  return { element: plotFrame.element, draw };
}
