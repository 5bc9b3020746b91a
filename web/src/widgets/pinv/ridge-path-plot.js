// The ridge limit of part 1 on log-log axes: ‖R_ε − A⁺‖_F against ε for the stable evaluation
// (one SVD), the naive one (form AᵀA + εI and solve it, as written) and the exact formula of R10,
// with the point where the naive form breaks down marked and the current ε as a vertical line.
import { dot, lineY, ruleX, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';
import { decades } from './singular-value-plot.js';

export const EPS_MIN = 1e-20;
export const EPS_MAX = 1e2;

/** ε at quarter decades from EPS_MAX down to EPS_MIN. */
export function epsSamples() {
  const out = [];
  for (let k = Math.log10(EPS_MAX) * 4; k >= Math.log10(EPS_MIN) * 4; k--) out.push(10 ** (k / 4));
  return out;
}

/**
 * Where the naive form stops tracking the exact error: the largest ε (walking down) at which it is
 * more than 10 times the exact value (and the exact value is meaningful), or null.
 */
export function breakdownEps(curve) {
  for (let k = 0; k < curve.eps.length; k++) {
    const exact = curve.exactError[k];
    const naive = curve.naiveError[k];
    if (exact > 0 && naive > 10 * exact) return curve.eps[k];
  }
  return null;
}

export function createRidgePathPlot({ height = 290 } = {}) {
  let last = null;
  const frame = createPlotFrame({ onResize: () => last && draw(last) });

  function draw(view) {
    last = view;
    const { curve, eps, breakdown } = view;
    const series = [];
    const names = { stableError: 'stable (SVD)', naiveError: 'naive (AᵀA + εI solved)', exactError: 'exact formula' };
    for (const key of Object.keys(names)) {
      curve.eps.forEach((e, k) => {
        const v = curve[key][k];
        if (v > 0 && Number.isFinite(v)) series.push({ key, eps: e, error: v });
      });
    }
    const values = series.map((d) => d.error);
    const lo = values.length ? Math.max(1e-24, Math.min(...values) / 3) : 1e-20;
    const hi = values.length ? Math.max(...values) * 5 : 1;
    const at = view.at; // { stable, naive, exact } at the current ε
    const current = ['stableError', 'naiveError'].map((key) => ({ key, eps, error: at[key] })).filter((d) => d.error > 0);
    frame.show((theme) => {
      const color = { stableError: theme.c1, naiveError: theme.c2, exactError: theme.floor };
      return {
        height,
        marginLeft: 56, marginRight: 14, marginTop: 18, marginBottom: 40,
        x: { type: 'log', domain: [EPS_MIN, EPS_MAX], reverse: true, label: '← ε (log scale, shrinking to the right)', labelAnchor: 'right', ticks: [1e2, 1e-2, 1e-6, 1e-10, 1e-14, 1e-18], tickFormat: (d) => `1e${Math.round(Math.log10(d))}` },
        y: { type: 'log', domain: [lo, hi], grid: true, label: '↑ ‖R_ε − A⁺‖_F', ticks: decades(lo, hi), tickFormat: (d) => `1e${Math.round(Math.log10(d))}` },
        marks: [
          breakdown ? ruleX([breakdown], { stroke: theme.c2, strokeOpacity: 0.5, strokeWidth: 8 }) : null,
          breakdown ? text([breakdown], { x: (d) => d, text: () => 'naive form breaks down', frameAnchor: 'top', dy: 4, dx: 8, textAnchor: 'start', fill: theme.c2, fontWeight: 600, stroke: theme.panel, strokeWidth: 3, paintOrder: 'stroke' }) : null,
          lineY(series.filter((d) => d.key === 'exactError'), { x: 'eps', y: 'error', stroke: color.exactError, strokeWidth: 2, strokeDasharray: '5,4' }),
          lineY(series.filter((d) => d.key === 'stableError'), { x: 'eps', y: 'error', stroke: color.stableError, strokeWidth: 2.5 }),
          lineY(series.filter((d) => d.key === 'naiveError'), { x: 'eps', y: 'error', stroke: color.naiveError, strokeWidth: 2.5 }),
          ruleX([eps], { stroke: theme.muted, strokeDasharray: '3,3' }),
          dot(current, { x: 'eps', y: 'error', r: 5, fill: (d) => color[d.key], stroke: theme.panel, strokeWidth: 1.5 }),
        ].filter(Boolean),
      };
    }, {
      label: 'Log-log plot of the distance from the ridge solution R_ε to A⁺ as ε shrinks: stable, naive and exact',
      description: describe(curve, breakdown, eps, at),
    });
  }
  return { element: frame.element, draw };
}

function describe(curve, breakdown, eps, at) {
  const picks = [1, 1e-4, 1e-8, 1e-12, 1e-16].map((e) => {
    const k = curve.eps.reduce((best, v, i) => (Math.abs(Math.log(v / e)) < Math.abs(Math.log(curve.eps[best] / e)) ? i : best), 0);
    return `ε = ${formatNumber(curve.eps[k], 0)}: stable ${formatNumber(curve.stableError[k], 3)}, naive ${formatNumber(curve.naiveError[k], 3)}, exact ${formatNumber(curve.exactError[k], 3)}`;
  });
  return `${picks.join('; ')}. ${breakdown ? `The naive form breaks down below ε ≈ ${formatNumber(breakdown, 1)}.` : 'The naive form tracks the exact error over the whole range.'} ` +
    `Current ε = ${formatNumber(eps, 3)}: stable ${formatNumber(at.stableError, 3)}, naive ${formatNumber(at.naiveError, 3)}.`;
}
