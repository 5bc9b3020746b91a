// The article's premise, step by step: the size of the loss change |Delta L| each step (dots), its
// first-order prediction eta_t u_t . g_t (line), and the learning rate eta (dashed). Where the
// change stays below eta, the first-order formula eta ||g||^2 = |Delta L| < eta forces ||g|| < 1.
// Words from the widget's language.
import { dot, lineY, ruleY, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';

export function createLossChangeTrace({ language, height = 240 }) {
  let last = null;
  const plotFrame = createPlotFrame({ redraw: () => last && draw(last) });
  language.onChange(() => last && draw(last));

  function draw(view) {
    last = view;
    const { run, lr } = view;
    const steps = run.gradNorm.length;
    const rows = Array.from(run.firstOrder, (f, t) => ({ t, predicted: Math.abs(f), measured: Math.abs(run.lossChange[t]) })).filter(
      (r) => r.predicted > 0 && r.measured > 0 && Number.isFinite(r.predicted) && Number.isFinite(r.measured),
    );
    const values = [...rows.flatMap((r) => [r.predicted, r.measured]), lr];
    const sorted = values.slice().sort((a, b) => a - b);
    const lo = Math.max(sorted[Math.floor(sorted.length * 0.02)] ?? lr / 100, lr * 1e-6) / 2;
    const hi = Math.max(...values) * 2;
    const late = rows.filter((r) => r.t >= steps / 2);
    const below = late.filter((r) => r.measured < lr).length;
    plotFrame.show(
      (theme) => ({
        height,
        marginLeft: 52,
        marginRight: 14,
        marginTop: 14,
        marginBottom: 36,
        x: { domain: [0, steps], label: language.t('axis.step'), labelAnchor: 'right' },
        y: {
          type: 'log',
          domain: [lo, hi],
          clamp: true,
          label: language.t('loss.axis'),
          grid: true,
          ticks: 5,
          tickFormat: (d) => formatNumber(d, 1),
        },
        marks: [
          dot(rows, { x: 't', y: 'measured', r: 1.8, fill: theme.bar, fillOpacity: 0.75 }),
          lineY(rows, { x: 't', y: 'predicted', stroke: theme.accent, strokeWidth: 1.6 }),
          ruleY([lr], { stroke: theme.ghost, strokeWidth: 2, strokeDasharray: '6,4' }),
          text([lr], {
            y: (d) => d,
            text: () => `η = ${formatNumber(lr, 3)}`,
            frameAnchor: 'right',
            textAnchor: 'end',
            dy: -7,
            fill: theme.ghost,
            fontWeight: 700,
            stroke: theme.panel,
            strokeWidth: 3,
            paintOrder: 'stroke',
          }),
        ],
      }),
      {
        label: language.t('loss.chart'),
        description: language.t('loss.description', {
          below,
          late: late.length,
          lr: formatNumber(lr, 3),
          p0: formatNumber(rows[0]?.predicted ?? NaN, 4),
          m0: formatNumber(rows[0]?.measured ?? NaN, 4),
          p1: formatNumber(rows.at(-1)?.predicted ?? NaN, 4),
          m1: formatNumber(rows.at(-1)?.measured ?? NaN, 4),
        }),
      },
    );
  }

  return { element: plotFrame.element, draw };
}
