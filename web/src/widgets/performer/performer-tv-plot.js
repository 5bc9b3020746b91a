// Mean total variation between Performer and softmax rows against m, on log-log axes (R13, R14;
// performer.md §5, widget P3): trig, positive i.i.d., positive orthogonal and hyperbolic features,
// with a 1/√m guide through the positive orthogonal curve's last point (Monte Carlo error halves
// when m quadruples), the current m as a rule and the matrices on screen as a ringed dot. Exact
// attention has TV 0, which a log axis cannot show: it is the bottom line, labelled. Raising the
// sharpness lifts every curve, the reason a trained softmax model cannot just swap in Performer.
import { createLogLinePlot } from '../parts/log-line-plot.js';
import { formatNumber } from '../parts/number-text.js';
import { SERIES, SWEEP_M } from './performer-sweep.js';

export const SERIES_COLOURS = { trig: 'c2', 'positive-iid': 'c1', 'positive-orthogonal': 'c1', hyperbolic: 'c3' };

/** The 1/√m guide: c/√m through the largest m where `series` has a value (null if none yet). */
export function sqrtGuide(rows, series) {
  const anchor = rows.filter((r) => r[series] > 0).at(-1);
  if (!anchor) return null;
  const c = anchor[series] * Math.sqrt(anchor.m);
  return SWEEP_M.map((m) => ({ x: m, y: c / Math.sqrt(m) }));
}

/** The y range: every value and the current one, with room below (for the exact line) and above; it includes 1. */
export function tvDomain(rows, current) {
  const values = rows.flatMap((r) => SERIES.map(([id]) => r[id])).concat(current ?? []);
  const positive = values.filter((x) => x > 0 && Number.isFinite(x));
  const lo = Math.min(0.1, ...positive.map((x) => x / 3));
  const hi = Math.max(1, ...positive.map((x) => x * 1.5));
  return [Math.max(lo, 1e-6), hi];
}

/**
 * createTvPlot(language) -> { element, draw({ rows, version, m, current }) }: the chart is drawn
 * again only when a point arrived (version), its y range or the language changed; m and the
 * matrices on screen are a marker moved over it (a Plot render costs several ms, a marker nothing).
 */
export function createTvPlot(language) {
  const plot = createLogLinePlot({ height: 300, language });
  const { t } = language;
  let drawn = null;
  function draw({ rows, version, m, current }) {
    const domain = tvDomain(rows, current);
    const key = `${version}|${domain}|${language.lang}`;
    if (key !== drawn) {
      drawn = key;
      drawChart(rows, domain);
    }
    plot.mark({ x: m, y: current > 0 ? current : Number.NaN });
  }
  function drawChart(rows, domain) {
    const series = SERIES.map(([id]) => ({
      name: t(`series.${id}`),
      color: SERIES_COLOURS[id],
      dashed: id === 'positive-iid',
      markers: true,
      points: rows.filter((r) => r[id] !== undefined).map((r) => ({ x: r.m, y: r[id] })),
    }));
    const guide = sqrtGuide(rows, 'positive-orthogonal');
    if (guide) series.push({ name: t('series.guide'), color: 'muted', dashed: true, width: 1, points: guide });
    plot.draw({
      label: t('tv.label'),
      x: {
        type: 'log',
        domain: [0.8, 1300],
        label: t('tv.x'),
        ticks: [1, 4, 16, 64, 256, 1024],
        tickFormat: (d) => String(d),
      },
      y: { type: 'log', domain, label: t('tv.y') },
      series,
      band: { points: SWEEP_M.map((x) => ({ x, y: 0 })), text: t('tv.exact') },
      description: `${series
        .filter((s) => s.points.length)
        .map((s) => `${s.name}: ${s.points.map((p) => `m ${p.x} → ${formatNumber(p.y, 3)}`).join(t('list.separator'))}`)
        .join(t('sentence.separator'))}${t('sentence.end')}`,
    });
  }
  return { element: plot.element, draw };
}
