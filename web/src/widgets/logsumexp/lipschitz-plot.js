// R7 on one axis: the difference lse_tau(x) − lse_tau(y) as a dot, inside the two-sided interval
// [min_i (x_i − y_i), max_i (x_i − y_i)] (with a tick for each x_i − y_i: the difference is a
// softmax-weighted average of them) and inside the symmetric Lipschitz interval ±‖x − y‖∞.
// When y = x + c·1 the interval shrinks to the point −c and the dot sits on the bound.
// Row names and the text alternative follow the widget's language (logsumexp-text.js).
import { dot, link, ruleX, text, tickX } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';

const ROWS = [
  { key: 'norm', formula: '±‖x − y‖∞', color: 'upper' },
  { key: 'twoSided', formula: '[min, max] (x − y)', color: 'entropy' },
];

// The slack of R7 at rounding level (relative to the two lse values): the bound is attained.
export const attained = (pair, lse) =>
  pair.maxNorm - Math.abs(pair.diff) <= 1e-12 * Math.max(1, Math.abs(lse), Math.abs(pair.lseY), pair.maxNorm);

/** createLipschitzPlot(language) -> { element, draw({ pair, lse, x, y }) } */
export function createLipschitzPlot(language) {
  let last = null;
  const frame = createPlotFrame({ redraw: () => last && draw(last) });

  function draw(view) {
    last = view;
    const { pair, x, y } = view;
    const compact = frame.width < 400;
    const name = (row) => (compact ? language.t(`lip.${row.key}.short`) : `${language.t(`lip.${row.key}.short`)}  ${row.formula}`);
    const rows = [
      { ...ROWS[0], name: name(ROWS[0]), lo: -pair.maxNorm, hi: pair.maxNorm },
      { ...ROWS[1], name: name(ROWS[1]), lo: pair.diffMin, hi: pair.diffMax },
    ];
    const components = x.map((a, i) => ({ value: a - y[i], name: rows[1].name }));
    const reach = Math.max(pair.maxNorm, Math.abs(pair.diff), 1e-9);
    const width = Number.isFinite(reach) ? reach * 1.12 : Number.MAX_VALUE;
    frame.show(
      (theme) => ({
        height: 2 * 46 + 44,
        marginLeft: compact ? 78 : 190,
        marginRight: compact ? 12 : 20,
        marginTop: 10,
        marginBottom: 36,
        x: { domain: [-width, width], grid: true, label: language.t('lip.axis'), labelAnchor: 'right', ticks: compact ? 4 : 7 },
        y: { domain: rows.map((r) => r.name), label: null, tickSize: 0, tickPadding: 8 },
        marks: [
          ruleX([0], { stroke: theme.muted }),
          link(rows, { x1: 'lo', x2: 'hi', y1: 'name', y2: 'name', stroke: (r) => theme[r.color], strokeWidth: 12, strokeOpacity: 0.3 }),
          tickX(rows, { x: 'lo', y: 'name', stroke: (r) => theme[r.color], strokeWidth: 2 }),
          tickX(rows, { x: 'hi', y: 'name', stroke: (r) => theme[r.color], strokeWidth: 2 }),
          dot(components, { x: 'value', y: 'name', r: 3, fill: theme.text, symbol: 'diamond' }),
          ruleX([pair.diff], { stroke: theme.lse, strokeWidth: 2, strokeDasharray: '4,3' }),
          dot(rows, { x: () => pair.diff, y: 'name', r: 6.5, fill: theme.lse, stroke: theme.panel, strokeWidth: 2 }),
          text([pair.diff], {
            x: (d) => d,
            frameAnchor: 'top',
            dy: -2,
            textAnchor: pair.diff > 0.4 * width ? 'end' : 'start',
            dx: pair.diff > 0.4 * width ? -6 : 6,
            text: (d) => `Δ = ${formatNumber(d, 4)}`,
            fill: theme.text,
            stroke: theme.panel,
            strokeWidth: 4,
            paintOrder: 'stroke',
          }),
        ],
      }),
      { label: language.t('lip.label'), description: describe(view, language) },
    );
  }

  language.onChange(() => last && draw(last));
  return { element: frame.element, draw };
}

function describe({ pair, lse, x, y }, language) {
  const f = (v) => formatNumber(v, 4);
  return language.t('lip.description', {
    diff: f(pair.diff),
    lo: f(pair.diffMin),
    hi: f(pair.diffMax),
    norm: f(pair.maxNorm),
    components: x.map((a, i) => f(a - y[i])).join(', '),
    attained: attained(pair, lse) ? language.t('lip.attainedNote') : '',
  });
}
