// The singular values of A as stems on a log axis, with the rank tolerance as a dashed line: the
// values above it are inverted, the ones below count as zero (and exact zeros sit on the floor).
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

export function createSingularValuePlot({ height = 230 } = {}) {
  let last = null;
  const frame = createPlotFrame({ onResize: () => last && draw(last) });

  function draw(view) {
    last = view;
    const { singularValues, tolerance } = view;
    const rows = Array.from(singularValues, (sigma, i) => ({
      label: `σ${i + 1}`, sigma, shown: Math.max(sigma, FLOOR), kept: sigma > tolerance,
    }));
    const top = Math.max(1, ...rows.map((d) => d.sigma)) * 4;
    const bottom = Math.min(FLOOR * 10, ...rows.map((d) => d.shown)) / 4;
    const tol = Math.max(tolerance, bottom);
    frame.show((theme) => ({
      height,
      marginLeft: 52, marginRight: 10, marginTop: 16, marginBottom: 30,
      x: { type: 'band', domain: rows.map((d) => d.label), label: null, padding: 0.4, tickSize: 0 },
      y: { type: 'log', domain: [bottom, top], grid: true, label: null, ticks: decades(bottom, top), tickFormat: (d) => `1e${Math.round(Math.log10(d))}` },
      marks: [
        ruleX(rows, { x: 'label', y1: bottom, y2: 'shown', stroke: (d) => (d.kept ? theme.c1 : theme.floor), strokeWidth: 3 }),
        dot(rows, { x: 'label', y: 'shown', r: 6, fill: (d) => (d.kept ? theme.c1 : theme.panel), stroke: (d) => (d.kept ? theme.c1 : theme.floor), strokeWidth: 2 }),
        text(rows, { x: 'label', y: 'shown', text: (d) => (d.sigma === 0 ? '0' : formatNumber(d.sigma, 2)), dy: -13, fill: theme.text, stroke: theme.panel, strokeWidth: 3, paintOrder: 'stroke' }),
        ruleY([tol], { stroke: theme.c2, strokeWidth: 2, strokeDasharray: '6,4' }),
        text([tol], { y: (d) => d, text: () => `tolerance ${formatNumber(tolerance, 1)}`, frameAnchor: 'left', textAnchor: 'start', dx: 4, dy: -7, fill: theme.c2, stroke: theme.panel, strokeWidth: 3, paintOrder: 'stroke' }),
      ],
    }), {
      label: 'Stem plot of the singular values of A on a log scale with the rank tolerance',
      description: `${rows.map((d) => `${d.label} = ${formatNumber(d.sigma, 4)} (${d.kept ? 'kept' : 'below the tolerance'})`).join(', ')}. Tolerance ${formatNumber(tolerance, 4)}.`,
    });
  }
  return { element: frame.element, draw };
}
