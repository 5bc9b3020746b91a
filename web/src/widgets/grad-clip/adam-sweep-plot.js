// The sqrt(N) law for sign-type optimizers: for gradients of fixed norm with N components drawn from
// a chosen law, the learning rate that keeps the first-order step eta ||g||_1 fixed, against N on
// log-log axes, beside a guide of slope -1/2. Sparse gradients bend away from the guide.
// Words from the widget's language.
import { dot, line, lineY, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';

export function createAdamSweepPlot({ language, height = 260 }) {
  let last = null;
  const plotFrame = createPlotFrame({ redraw: () => last && draw(last) });
  language.onChange(() => last && draw(last));

  // rows: adamScaleSweep(...) output [{ n, lr, cosine, l1 }]
  function draw(view) {
    last = view;
    const { rows } = view;
    const pivot = rows[Math.floor(rows.length / 2)];
    // Drawn a factor 2 above the data so that both stay visible where they run parallel.
    const guide = [rows[0].n, rows.at(-1).n].map((n) => ({ n, lr: 2 * pivot.lr * Math.sqrt(pivot.n / n) }));
    const values = [...rows.map((r) => r.lr), ...guide.map((g) => g.lr)];
    plotFrame.show(
      (theme) => ({
        height,
        marginLeft: 60,
        marginRight: 16,
        marginTop: 16,
        marginBottom: 38,
        x: {
          type: 'log',
          label: language.t('sweep.axisX'),
          labelAnchor: 'right',
          grid: true,
          tickFormat: (d) => (Number.isInteger(Math.log10(d)) ? `10${superscript(Math.log10(d))}` : ''),
        },
        y: {
          type: 'log',
          domain: [Math.min(...values) / 1.5, Math.max(...values) * 1.5],
          label: language.t('sweep.axisY'),
          grid: true,
          tickFormat: (d) => (Number.isInteger(Math.round(Math.log10(d) * 1e6) / 1e6) ? formatNumber(d, 0) : ''),
        },
        marks: [
          line(guide, { x: 'n', y: 'lr', stroke: theme.ghost, strokeDasharray: '6,4', strokeWidth: 2 }),
          text([guide[0]], {
            x: 'n',
            y: 'lr',
            text: () => language.t('sweep.guide'),
            dx: 10,
            dy: -4,
            textAnchor: 'start',
            fill: theme.ghost,
            fontWeight: 700,
          }),
          lineY(rows, { x: 'n', y: 'lr', stroke: theme.accent, strokeWidth: 2 }),
          dot(rows, { x: 'n', y: 'lr', fill: theme.accent, r: 4, stroke: theme.panel, strokeWidth: 1.5 }),
        ],
      }),
      {
        label: language.t('sweep.chart'),
        description: rows
          .map((r) => language.t('sweep.row', { n: r.n, lr: formatNumber(r.lr, 3), cos: formatNumber(r.cosine, 3) }))
          .join(language.t('list.rows')),
      },
    );
  }

  return { element: plotFrame.element, draw };
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
function superscript(k) {
  return String(Math.round(k))
    .replace(/\d/g, (d) => SUPERSCRIPT[d])
    .replace('-', '⁻');
}
