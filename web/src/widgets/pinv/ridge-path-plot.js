// The ridge limit of part 1 on log-log axes: ‖R_ε − A⁺‖_F against ε for the stable evaluation
// (one SVD), the naive one (form AᵀA + εI and solve it, as written) and the exact formula (R10 of
// pseudo-inverse.md, R7 on the page), with the point where the naive form breaks down marked and
// the current ε as a vertical line. The curves come from a sweep computed in a worker: while a new
// one is on its way the previous curves stay, faded, under the current ε's points (never a blank).
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

const KEYS = ['stableError', 'naiveError', 'exactError'];

/**
 * createRidgePathPlot({ language }) -> { element, draw({ curve, stale, eps, breakdown, at }) }
 *   curve  ridgeCurve() over the sweep (or null before the first one arrives)
 *   stale  true while the curve belongs to an earlier matrix (drawn faded)
 *   at     { stableError, naiveError } at the current ε, always of the current matrix
 */
export function createRidgePathPlot({ language, height = 290 }) {
  let last = null;
  const frame = createPlotFrame({ redraw: () => last && draw(last) });
  const { t } = language;

  function draw(view) {
    last = view;
    const { curve, stale = false, eps, breakdown, at } = view;
    const series = [];
    for (const key of curve ? KEYS : []) {
      curve.eps.forEach((e, k) => {
        const value = curve[key][k];
        if (value > 0 && Number.isFinite(value)) series.push({ key, eps: e, error: value });
      });
    }
    const current = ['stableError', 'naiveError']
      .map((key) => ({ key, eps, error: at[key] }))
      .filter((d) => d.error > 0 && Number.isFinite(d.error));
    const values = [...series, ...current].map((d) => d.error);
    const lo = values.length ? Math.max(1e-24, Math.min(...values) / 3) : 1e-20;
    const hi = values.length ? Math.max(...values) * 5 : 1;
    const fade = stale ? 0.35 : 1;
    frame.element.classList.toggle('stale', stale);
    frame.show(
      (theme) => {
        const color = { stableError: theme.c1, naiveError: theme.c2, exactError: theme.floor };
        const line = (key, options) =>
          lineY(
            series.filter((d) => d.key === key),
            { x: 'eps', y: 'error', stroke: color[key], strokeOpacity: fade, ...options },
          );
        return {
          height,
          marginLeft: 56,
          marginRight: 14,
          marginTop: 18,
          marginBottom: 40,
          x: {
            type: 'log',
            domain: [EPS_MIN, EPS_MAX],
            reverse: true,
            label: t('ridge.axisX'),
            labelAnchor: 'right',
            ticks: [1e2, 1e-2, 1e-6, 1e-10, 1e-14, 1e-18],
            tickFormat: (d) => `1e${Math.round(Math.log10(d))}`,
          },
          // No tick in the top third of a decade: its label would run into the axis label above it.
          y: {
            type: 'log',
            domain: [lo, hi],
            grid: true,
            label: '↑ ‖R_ε − A⁺‖_F',
            ticks: decades(lo, hi / 3),
            tickFormat: (d) => `1e${Math.round(Math.log10(d))}`,
          },
          marks: [
            breakdown ? ruleX([breakdown], { stroke: theme.c2, strokeOpacity: 0.5, strokeWidth: 8 }) : null,
            // The caption goes on the side of the band with room for it (small ε are on the right).
            breakdown
              ? text([breakdown], {
                  x: (d) => d,
                  text: () => t('ridge.breakdownMark'),
                  frameAnchor: 'top',
                  dy: 4,
                  dx: breakdown < 1e-9 ? -8 : 8,
                  textAnchor: breakdown < 1e-9 ? 'end' : 'start',
                  fill: theme.c2,
                  fontWeight: 600,
                  stroke: theme.panel,
                  strokeWidth: 3,
                  paintOrder: 'stroke',
                })
              : null,
            line('exactError', { strokeWidth: 2, strokeDasharray: '5,4' }),
            line('stableError', { strokeWidth: 2.5 }),
            line('naiveError', { strokeWidth: 2.5 }),
            ruleX([eps], { stroke: theme.muted, strokeDasharray: '3,3' }),
            dot(current, { x: 'eps', y: 'error', r: 5, fill: (d) => color[d.key], stroke: theme.panel, strokeWidth: 1.5 }),
          ].filter(Boolean),
        };
      },
      {
        label: t('ridge.label'),
        description: describe(stale ? null : curve, breakdown, eps, at, t),
      },
    );
  }
  return { element: frame.element, draw };
}

function describe(curve, breakdown, eps, at, t) {
  const parts = [];
  if (curve) {
    parts.push(
      [1, 1e-4, 1e-8, 1e-12, 1e-16]
        .map((e) => {
          const k = curve.eps.reduce(
            (best, value, i) => (Math.abs(Math.log(value / e)) < Math.abs(Math.log(curve.eps[best] / e)) ? i : best),
            0,
          );
          return t('ridge.point', {
            eps: formatNumber(curve.eps[k], 0),
            stable: formatNumber(curve.stableError[k], 3),
            naive: formatNumber(curve.naiveError[k], 3),
            exact: formatNumber(curve.exactError[k], 3),
          });
        })
        .join(t('problems.joiner')) + t('sentence.end'),
    );
    parts.push(breakdown ? t('ridge.breaksAt', { eps: formatNumber(breakdown, 1) }) : t('ridge.tracks'));
  } else {
    parts.push(t('ridge.computing'));
  }
  parts.push(
    t('ridge.current', { eps: formatNumber(eps, 3), stable: formatNumber(at.stableError, 3), naive: formatNumber(at.naiveError, 3) }),
  );
  return parts.join(' ');
}
