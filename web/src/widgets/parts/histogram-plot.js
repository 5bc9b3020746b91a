// A histogram of many samples against what theory says about them, on Observable Plot through
// plot-frame.js: bars from the caller's bins (bins marked `negative` in the error colour, so the mass
// an estimator puts below zero stands out), a shaded band behind them (a closed-form mean ± one
// standard deviation), vertical rules (the true value) and a caption in the corner (a fraction, a
// count beyond the range). The text alternative lists the bins the caller describes, or the bars.
import { lineY, rectY, ruleX, text } from '@observablehq/plot';
import { formatNumber } from './number-text.js';
import { createPlotFrame } from './plot-frame.js';
import { englishOnly } from './widget-language.js';

/**
 * createHistogramPlot({ height, language }) -> { element, draw(view) }
 * view: { label (what the plot shows), bins: [{ x1, x2, count, negative }], x: { domain, label },
 *         band: { x1, x2 } (optional), rules: [{ x, color, dashed }], caption (optional text, top left),
 *         curve: [{ x, y }] (optional: expected counts, a line over the bars, in the accent colour),
 *         description (optional: replaces the list of bars) }
 */
export function createHistogramPlot({ height = 150, language = englishOnly } = {}) {
  let last = null;
  const frame = createPlotFrame({ redraw: () => last && draw(last), minWidth: 160 });

  function draw(view) {
    last = view;
    const top = Math.max(1, ...view.bins.map((b) => b.count), ...(view.curve ?? []).map((p) => p.y)) * 1.15;
    frame.show(
      (theme) => ({
        height,
        marginLeft: 36,
        marginRight: 10,
        marginTop: 18,
        marginBottom: 34,
        x: { domain: view.x.domain, label: view.x.label, labelAnchor: 'right', ticks: 5 },
        y: { domain: [0, top], ticks: 3, label: null, grid: true },
        marks: [
          view.band ? rectY([view.band], { x1: 'x1', x2: 'x2', y1: 0, y2: top, fill: theme.band }) : null,
          rectY(view.bins, {
            x1: 'x1',
            x2: 'x2',
            y: 'count',
            fill: (b) => (b.negative ? theme.error : theme.bar),
            insetLeft: 0.5,
            insetRight: 0.5,
          }),
          view.curve ? lineY(view.curve, { x: 'x', y: 'y', stroke: theme.accent, strokeWidth: 2 }) : null,
          ...(view.rules ?? []).map((r) =>
            ruleX([r.x], { stroke: theme[r.color] ?? theme.text, strokeWidth: 1.5, strokeDasharray: r.dashed ? '4,3' : null }),
          ),
          view.caption
            ? text([view.caption], { frameAnchor: 'top-left', dx: 4, dy: 2, text: (d) => d, fill: theme.muted, fontSize: 11 })
            : null,
        ].filter(Boolean),
      }),
      { label: view.label, description: view.description ?? describeBins(view.bins, language) },
    );
  }

  return { element: frame.element, draw };
}

/** "from x1 to x2: count" for every non-empty bin. */
export function describeBins(bins, language = englishOnly) {
  return bins
    .filter((b) => b.count > 0)
    .map((b) => `${formatNumber(b.x1, 2)}–${formatNumber(b.x2, 2)}: ${b.count}`)
    .join(language.t('list.separator'));
}
