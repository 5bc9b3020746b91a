// The ladder of R1-R6: every bound of lse_tau(x) as a dot on one value axis, lse itself as a
// vertical line, and a segment from each bound to lse showing its slack. With p = softmax(x/tau)
// the entropy bound's segment shrinks to nothing (the gap is tau times a KL divergence).
// Row names that hold words (tagKey) come from the widget's language; the rest are symbols.
import { dot, link, ruleX, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';

// Top to bottom: the upper bound, lse itself, then the lower bounds from the best (for a given p) down.
const ROWS = [
  { key: 'maxUpper', tagKey: 'ladder.upper', formula: 'xₘₐₓ + τ log n', color: 'upper' },
  { key: 'lse', tag: 'lse', formula: 'τ·lse(x/τ)', color: 'lse' },
  { key: 'entropyLower', tag: 'R6', formula: 'p·x + τ H(p)', color: 'entropy' },
  { key: 'holderLower', tag: 'R5', formula: 'p·x + τ Hₜ(p)', color: 'holder' },
  { key: 'cauchyLower', tag: 'R4', formula: 'p·x + τ H₂(p)', color: 'cauchy' },
  { key: 'meanLower', tag: 'R3', formula: 'x̄ + τ log n', color: 'mean' },
  { key: 'tiesLower', tagKey: 'ladder.ties', formula: 'xₘₐₓ + τ log r', color: 'lower' },
  { key: 'maxLower', tag: 'R1', formula: 'xₘₐₓ', color: 'lower' },
];

// Axis ticks: at most 3 significant digits, exponents kept short (3e+307 -> 3e307).
const shortTick = (v) =>
  String(Number(v.toPrecision(3)))
    .replace('e+', 'e')
    .replace('-', '−');

// A gap this small (relative to lse) is rounding noise: the bound is tight.
const atRoundingLevel = (gap, lse) => Math.abs(gap) < 1e-12 * Math.max(1, Math.abs(lse));

export function createBoundLadder(language) {
  let last = null;
  const frame = createPlotFrame({ redraw: () => last && draw(last) });

  function draw(result) {
    last = result;
    const lse = result.lse;
    // Narrow boxes: tags only on the left, values only on the right.
    const compact = frame.width < 400;
    const rows = ROWS.map((row) => {
      const value = row.key === 'lse' ? lse : result.bounds[row.key].value;
      const short = row.tagKey ? language.t(row.tagKey) : row.tag;
      const tag = row.key === 'holderLower' ? `${short} t=${formatNumber(result.t, 2)}` : short;
      return { ...row, tag, name: compact ? short : `${tag}  ${row.formula}`, value, gap: lse - value };
    });
    const values = rows.map((r) => r.value).filter(Number.isFinite);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const pad = Math.max((hi - lo) * 0.06, 1e-3);

    frame.show(
      (theme) => ({
        height: ROWS.length * 30 + 44,
        marginLeft: compact ? 64 : 150,
        marginRight: compact ? 64 : 132,
        marginTop: 8,
        marginBottom: 36,
        x: {
          domain: [lo - pad, hi + pad],
          grid: true,
          label: language.t('ladder.axis'),
          labelAnchor: 'right',
          ticks: Math.max(2, Math.floor((frame.width - (compact ? 128 : 282)) / 64)),
          tickFormat: shortTick,
        },
        y: { domain: rows.map((r) => r.name), label: null, tickSize: 0, tickPadding: 8 },
        marks: [
          ruleX([lse], { stroke: theme.lse, strokeWidth: 2 }),
          link(
            rows.filter((r) => r.key !== 'lse'),
            {
              x1: 'value',
              x2: () => lse,
              y1: 'name',
              y2: 'name',
              stroke: (r) => theme[r.color],
              strokeWidth: 3,
              strokeOpacity: 0.45,
            },
          ),
          dot(rows, { x: 'value', y: 'name', r: 6, fill: (r) => theme[r.color], stroke: theme.panel, strokeWidth: 1.5 }),
          text(rows, {
            y: 'name',
            frameAnchor: 'right',
            textAnchor: 'start',
            dx: 10,
            fill: theme.text,
            text: (r) => formatNumber(r.value, 4),
          }),
          text(compact ? [] : rows.filter((r) => r.key !== 'lse'), {
            y: 'name',
            frameAnchor: 'right',
            textAnchor: 'start',
            dx: 72,
            fill: theme.muted,
            text: (r) => (atRoundingLevel(r.gap, lse) ? '0' : `${r.gap >= 0 ? '+' : '−'}${formatNumber(Math.abs(r.gap), 3)}`),
          }),
        ],
      }),
      {
        label: language.t('ladder.label'),
        description:
          rows
            .map(
              (r) =>
                language.t('ladder.row', { tag: r.tag, formula: r.formula, value: formatNumber(r.value, 4) }) +
                (r.key === 'lse' ? '' : language.t('ladder.gap', { gap: formatNumber(atRoundingLevel(r.gap, lse) ? 0 : r.gap, 4) })),
            )
            .join(language.t('rows.separator')) + language.t('sentence.end'),
      },
    );
  }

  // Row names, the axis label and the text alternative follow the widget's language.
  language.onChange(() => last && draw(last));
  return { element: frame.element, draw };
}
