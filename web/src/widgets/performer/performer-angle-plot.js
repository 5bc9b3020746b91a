// The relative standard deviation of K̂ against the angle between q' and k' (lengths fixed at the
// studied pair's), log y, for trig, positive and hyperbolic features (performer-angle.js): trig rises
// toward 180°, where the kernel is smallest, positive falls there, and they cross (R6). Along the
// top, the one length each closed form depends on (R5): ‖q'−k'‖ for trig, ‖q'+k'‖ for the others.
// A zero (an exact estimator) sits on the bottom edge. The pair's own angle is a rule with dots.
import { dot, lineY, ruleX, text } from '@observablehq/plot';
import { decadeLabel, decadeTicks } from '../parts/decade-ticks.js';
import { formatNumber } from '../parts/number-text.js';
import { createPlotFrame } from '../parts/plot-frame.js';
import { distancesAt } from './performer-angle.js';
import { KINDS } from './performer-state.js';

export const KIND_COLOURS = { positive: 'c1', hyperbolic: 'c3', trig: 'c2' };
const degrees = (theta) => (theta * 180) / Math.PI;

/** The y range of the curves: [max(smallest positive / 2, 1e-4 of the largest), largest × 2]. */
export function angleDomain(sd) {
  const values = KINDS.flatMap((k) => Array.from(sd[k])).filter((x) => x > 0 && Number.isFinite(x));
  if (!values.length) return [1e-3, 1];
  const hi = Math.max(...values) * 2;
  return [Math.max(Math.min(...values) / 2, hi * 1e-6), hi];
}

/** createAnglePlot(language) -> { element, draw({ angle, pair }) } */
export function createAnglePlot(language) {
  let last = null;
  const frame = createPlotFrame({ redraw: () => last && draw(last) });
  const { t } = language;

  function draw(view) {
    last = view;
    const { angle, pair } = view;
    const [lo, hi] = angleDomain(angle.sd);
    const points = (kind) => Array.from(angle.theta, (theta, k) => ({ x: degrees(theta), y: Math.max(angle.sd[kind][k], lo) }));
    const tops = [0, 45, 90, 135, 180].map((x) => {
      const { sum, difference } = distancesAt(pair.qNorm, pair.kNorm, (x * Math.PI) / 180);
      return { x, label: `${formatNumber(difference, 2)} | ${formatNumber(sum, 2)}` };
    });
    const here = degrees(pair.angle);
    frame.show(
      (theme) => ({
        height: 280,
        marginLeft: 52,
        marginRight: 20,
        marginTop: 34,
        marginBottom: 38,
        x: { domain: [0, 180], ticks: [0, 45, 90, 135, 180], label: t('angle.x'), labelAnchor: 'right' },
        y: { type: 'log', domain: [lo, hi], clamp: true, grid: true, label: null, ticks: decadeTicks(lo, hi), tickFormat: decadeLabel },
        marks: [
          ruleX([here], { stroke: theme.pick, strokeDasharray: '3,3' }),
          ...KINDS.map((kind) => lineY(points(kind), { x: 'x', y: 'y', stroke: theme[KIND_COLOURS[kind]], strokeWidth: 2 })),
          ...KINDS.map((kind) =>
            dot([{ x: here, y: Math.max(angle.here[kind], lo) }], { x: 'x', y: 'y', r: 4, fill: theme[KIND_COLOURS[kind]] }),
          ),
          text(tops, { x: 'x', frameAnchor: 'top', dy: -10, text: 'label', fill: theme.muted, fontSize: 10 }),
        ],
      }),
      { label: t('angle.label'), description: describe(angle, t) },
    );
  }
  language.onChange(() => last && draw(last));
  return { element: frame.element, draw };
}

function describe(angle, t) {
  const every = Math.ceil(angle.theta.length / 10);
  return `${KINDS.map(
    (kind) =>
      `${t(`kind.${kind}`)}: ${Array.from(angle.theta)
        .map((theta, k) => [theta, angle.sd[kind][k]])
        .filter((_, k) => k % every === 0 || k === angle.theta.length - 1)
        .map(([theta, sd]) => `${formatNumber(degrees(theta), 0)}° → ${formatNumber(sd, 3)}`)
        .join(t('list.separator'))}`,
  ).join(t('sentence.separator'))}${t('sentence.end')}`;
}
