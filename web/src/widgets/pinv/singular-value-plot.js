// The singular values of A as stems on a log axis, with the rank tolerance as a dashed line: the
// values above it are inverted, the ones below count as zero (and exact zeros sit on the floor).
// The filled stems are as many as the chosen route's rank (another route may count differently).
// For the eigen route a dotted line marks where its tolerance on the eigenvalues of AᵀA lands on
// the singular values (its square root).
import { dot, ruleX, ruleY, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';

const FLOOR = 1e-20;

/** Powers of ten inside [lo, hi] for labelled log ticks: every fourth decade, or closer when the range is short. */
export function decades(lo, hi) {
  for (const every of [4, 2, 1]) {
    const out = [];
    for (let k = Math.floor(Math.log10(hi)); k >= Math.ceil(Math.log10(lo)); k--) if (k % every === 0) out.push(10 ** k);
    if (out.length >= 3 || every === 1) return out;
  }
  return [];
}

/**
 * createSingularValuePlot({ language }) -> { element, draw({ singularValues, tolerance, rank, svdOnly, cut }) }
 *   tolerance  the SVD's tau on the singular values
 *   rank       how many values the chosen route kept (default: those above the tolerance)
 *   svdOnly    true when another route decided the rank (the line is then called the SVD tolerance)
 *   cut        the eigen route's cut on the singular values, or null
 */
export function createSingularValuePlot({ language, height = 230 }) {
  let last = null;
  const frame = createPlotFrame({ redraw: () => last && draw(last) });
  const { t } = language;

  function draw(view) {
    last = view;
    const { singularValues, tolerance, rank = null, svdOnly = false, cut = null } = view;
    const rows = Array.from(singularValues, (sigma, i) => ({
      label: `σ${i + 1}`,
      sigma,
      shown: Math.max(sigma, FLOOR),
      kept: rank === null ? sigma > tolerance : i < rank,
    }));
    const top = Math.max(1, ...rows.map((d) => d.sigma)) * 4;
    const bottom = Math.min(FLOOR * 10, ...rows.map((d) => d.shown)) / 4;
    const tol = Math.max(tolerance, bottom);
    const lineText = t(svdOnly ? 'sv.lineSvd' : 'sv.line', { value: formatNumber(tolerance, 1) });
    const cutText = cut === null ? null : t('sv.cut', { value: `√τ = ${formatNumber(cut, 1)}` });
    const labelled = { fill: null, stroke: null, strokeWidth: 3, paintOrder: 'stroke', frameAnchor: 'left', textAnchor: 'start', dx: 4 };
    frame.show(
      (theme) => ({
        height,
        marginLeft: 52,
        marginRight: 10,
        marginTop: 16,
        marginBottom: 30,
        x: { type: 'band', domain: rows.map((d) => d.label), label: null, padding: 0.4, tickSize: 0 },
        y: {
          type: 'log',
          domain: [bottom, top],
          grid: true,
          label: null,
          ticks: decades(bottom, top),
          tickFormat: (d) => `1e${Math.round(Math.log10(d))}`,
        },
        marks: [
          ruleX(rows, { x: 'label', y1: bottom, y2: 'shown', stroke: (d) => (d.kept ? theme.c1 : theme.floor), strokeWidth: 3 }),
          dot(rows, {
            x: 'label',
            y: 'shown',
            r: 6,
            fill: (d) => (d.kept ? theme.c1 : theme.panel),
            stroke: (d) => (d.kept ? theme.c1 : theme.floor),
            strokeWidth: 2,
          }),
          text(rows, {
            x: 'label',
            y: 'shown',
            text: (d) => (d.sigma === 0 ? '0' : formatNumber(d.sigma, 2)),
            dy: -13,
            fill: theme.text,
            stroke: theme.panel,
            strokeWidth: 3,
            paintOrder: 'stroke',
          }),
          ruleY([tol], { stroke: theme.c2, strokeWidth: 2, strokeDasharray: '6,4' }),
          text([tol], { ...labelled, y: (d) => d, text: () => lineText, dy: -7, fill: theme.c2, stroke: theme.panel }),
          cut === null ? null : ruleY([cut], { stroke: theme.c4, strokeWidth: 2, strokeDasharray: '1,3' }),
          cut === null ? null : text([cut], { ...labelled, y: (d) => d, text: () => cutText, dy: 9, fill: theme.c4, stroke: theme.panel }),
        ].filter(Boolean),
      }),
      {
        label: t('sv.label'),
        description: describe(rows, tolerance, cut, t),
      },
    );
  }
  return { element: frame.element, draw };
}

function describe(rows, tolerance, cut, t) {
  const list = rows
    .map((d) => t(d.kept ? 'sv.kept' : 'sv.cutOff', { name: d.label, value: formatNumber(d.sigma, 4) }))
    .join(t('list.separator'));
  const parts = [list, t('sv.tolerance', { value: formatNumber(tolerance, 4) })];
  if (cut !== null) parts.push(t('sv.eigCut', { value: formatNumber(cut, 4) }));
  return parts.join(t('sentence.separator')) + t('sentence.end');
}
