// The sampling distribution over the l terms x_i y_iᵀ: bars of the optimal probabilities
// p_i ∝ ‖x_i‖‖y_i‖, the uniform level 1/l as a dashed line, and a marker over every term the
// current estimate uses (with its count when it was drawn more than once).
import { barY, ruleY, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';

/** createTermWeightPlot({ language }) -> { element, draw({ probabilities, counts }) } */
export function createTermWeightPlot({ height = 170, language }) {
  let last = null;
  const frame = createPlotFrame({ redraw: () => last && draw(last) });
  const t = language.t;

  function draw(view) {
    last = view;
    const { probabilities, counts } = view;
    const l = probabilities.length;
    const rows = Array.from(probabilities, (p, i) => ({ i, p, count: counts.get(i) ?? 0 }));
    const picked = rows.filter((d) => d.count > 0);
    const top = Math.max(1 / l, ...rows.map((d) => d.p)) * 1.3;
    const term = (d) => {
      const text = t('weights.term', { i: d.i, p: formatNumber(d.p, 3) });
      if (!d.count) return text;
      return d.count > 1 ? t('weights.usedTimes', { term: text, count: d.count }) : t('weights.usedOnce', { term: text });
    };
    frame.show(
      (theme) => ({
        height,
        marginLeft: 44,
        marginRight: 10,
        marginTop: 16,
        marginBottom: 28,
        x: {
          type: 'band',
          domain: rows.map((d) => d.i),
          padding: 0.15,
          label: null,
          tickFormat: (d) => (l <= 16 || d % 4 === 0 ? String(d) : ''),
          tickSize: 0,
        },
        y: { domain: [0, top], grid: true, label: t('weights.y'), ticks: 4 },
        marks: [
          barY(rows, { x: 'i', y: 'p', fill: (d) => (d.count > 0 ? theme.pick : theme.bar) }),
          ruleY([1 / l], { stroke: theme.c2, strokeWidth: 2, strokeDasharray: '6,4' }),
          text(picked, {
            x: 'i',
            y: 'p',
            text: (d) => (d.count > 1 ? `×${d.count}` : '▼'),
            dy: -8,
            fill: theme.pick,
            fontWeight: 700,
            fontSize: 11,
          }),
          ruleY([0], { stroke: theme.muted }),
        ],
      }),
      {
        label: t('weights.label'),
        description: `${rows.map(term).join(t('list.separator'))}${t('sentence.separator')}${t('weights.level', { value: formatNumber(1 / l, 3) })}${t('sentence.end')}`,
      },
    );
  }
  language.onChange(() => last && draw(last));
  return { element: frame.element, draw };
}
