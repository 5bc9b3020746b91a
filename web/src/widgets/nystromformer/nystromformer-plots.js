// The four plots of <mathlet-nystromformer>, each drawn only when what it shows has changed (a
// plot costs a few milliseconds; an update must fit a frame):
//  - the error against m (R14, R15, T-N8): every series of the sweep over the Eckart–Young floor,
//    the state on screen ringed;
//  - rho_k and ||Z_k - A+|| against k for three iterations (R9, R10, T-N2's drift);
//  - the filter f_k(t) with A's singular values as dots (R10: six steps are a spectral filter).
import { createLogLinePlot, describeSeries } from '../parts/log-line-plot.js';
import { memoized } from '../parts/memoized-draw.js';
import { METHODS, SERIES, STUDY_ITERS, sweepMs } from './nystromformer-background.js';

const FILTER_KS = Array.from({ length: 13 }, (_, k) => k);
const FILTER_T = Array.from({ length: 241 }, (_, i) => 10 ** (-8 + (i / 240) * Math.log10(5e8)));
export const FILTER_RANGE = [1e-8, 5];

/**
 * The error-against-m plot: createSweepPlot(language) -> { element, update({ rows, floor, n, current, version }) }.
 * The chart is drawn again when the sweep or the floor changed; the state on screen (m, its error)
 * only moves the marker over it.
 */
export function createSweepPlot(language) {
  const { t } = language;
  const plot = createLogLinePlot({ height: 300, language });
  const update = memoized((view) => plot.draw(view));
  return {
    element: plot.element,
    update({ rows, floor, n, current, version }) {
      const ms = sweepMs(n);
      const errors = rows.flatMap((r) => SERIES.map(([key]) => r[key])).filter((e) => e > 0 && Number.isFinite(e));
      // The top decade holds every error shown, the current one included.
      const top = 10 ** Math.ceil(Math.log10(Math.max(2, current.error, ...errors) * 1.2));
      const view = () => {
        const series = SERIES.map(([key, , , color, dashed]) => ({
          name: t(`series.${key}`),
          color,
          dashed,
          markers: true,
          points: rows.filter((r) => r[key] !== undefined).map((r) => ({ x: r.m, y: r[key] })),
        }));
        const floorPoints = floor ? ms.map((m) => ({ x: m, y: floor(m) })) : [];
        const bottom = Math.max(1e-7, Math.min(1e-3, ...floorPoints.map((p) => p.y).filter((y) => y > 0), ...errors) / 3);
        const floorSeries = { name: t('series.floor'), points: floorPoints };
        return {
          label: t('sweep.label'),
          x: { type: 'log', domain: [0.8, Math.max(2, ms.at(-1)) * 1.25], label: t('sweep.x'), ticks: ms, tickFormat: String },
          y: { type: 'log', domain: [bottom, top], label: t('sweep.y') },
          series,
          band: floorPoints.length ? { points: floorPoints, text: t('sweep.impossible') } : null,
          description: describeSeries([...series, floorSeries], language),
        };
      };
      const drawn = update(`${version}|${n}|${top}|${language.lang}`, view);
      plot.mark({ x: current.m, y: current.error });
      return drawn;
    },
  };
}

// The points of one history: y against the step (the first is k = 0, Z_0).
const historyPoints = (history, y) => history.map((step) => ({ x: step.iter, y: step[y] }));

/** rho_k and ||Z_k - A+|| against k: createStudyPlots(language) -> { elements, update({ study, k, showK, version }) }; k is a marker. */
export function createStudyPlots(language) {
  const { t } = language;
  const rho = createLogLinePlot({ height: 240, language, marginLeft: 56 });
  const zerr = createLogLinePlot({ height: 240, language, marginLeft: 56 });
  const update = memoized(({ rhoView, zerrView }) => {
    rho.draw(rhoView);
    zerr.draw(zerrView);
  });
  const view = ({ study }, field, key) => {
    const series = METHODS.map(([method, color]) => ({
      name: t(`method.${method}`),
      color,
      markers: false,
      points: historyPoints(study.runs[method].history, field),
    }));
    const values = series.flatMap((s) => s.points.map((p) => p.y)).filter((y) => y > 0 && Number.isFinite(y));
    const top = Math.min(1e8, Math.max(2, ...values) * 2);
    return {
      label: t(`${key}.label`),
      x: { type: 'linear', domain: [0, STUDY_ITERS], label: t('rho.x') },
      y: { type: 'log', domain: [1e-17, top], label: t(`${key}.y`) },
      series,
    };
  };
  return {
    elements: [rho.element, zerr.element],
    update(input) {
      const drawn = update(`${input.version}|${language.lang}`, () => ({
        rhoView: view(input, 'p1', 'rho'),
        zerrView: view(input, 'zError', 'zerr'),
      }));
      // The k on screen is a marker over the charts: moving it draws nothing again.
      for (const chart of [rho, zerr]) chart.mark(input.showK ? { x: input.k } : null);
      return drawn;
    },
  };
}

/**
 * The filter plot: createFilterPlot(language, filter) with filter(t0, k) -> f_k(t0) (the core's
 * pinvFilter) -> { element, update({ k, alpha, singularValues, version }) }.
 */
export function createFilterPlot(language, filter) {
  const { t } = language;
  const plot = createLogLinePlot({ height: 240, language });
  const update = memoized((view) => plot.draw(view));
  const curves = new Map(); // k -> points of f_k on FILTER_T (f_k does not depend on A)
  const curve = (k) => {
    if (!curves.has(k)) {
      const f = filter(FILTER_T, k);
      curves.set(
        k,
        FILTER_T.map((x, i) => ({ x, y: f[i] })).filter((p) => Number.isFinite(p.y) && Math.abs(p.y) < 10),
      );
    }
    return curves.get(k);
  };
  return {
    element: plot.element,
    update({ k, alpha, singularValues, version }) {
      const view = () => {
        const thin = FILTER_KS.map((j) => ({ name: t('filter.curve', { k: j }), color: 'floor', width: 1, points: curve(j) }));
        const bold = { name: t('filter.curve', { k }), color: 'c1', width: 2.5, points: curve(k) };
        const ts = Array.from(singularValues ?? [], (s) => alpha * s * s).filter((x) => x >= FILTER_RANGE[0] && x <= FILTER_RANGE[1]);
        const fk = ts.length ? filter(ts, k) : [];
        const dots = ts.map((x, i) => ({ x, y: Math.max(-0.2, Math.min(3.6, fk[i])), color: 'pick' }));
        const dotSeries = { name: t('filter.dots'), points: dots };
        return {
          label: t('filter.label'),
          x: { type: 'log', domain: FILTER_RANGE, label: t('filter.x') },
          y: { type: 'linear', domain: [-0.2, 3.6], label: t('filter.y'), ticks: [0, 0.5, 1, 2, 3] },
          series: [...thin, bold],
          dots,
          description: describeSeries([bold, dotSeries], language),
        };
      };
      return update(`${version}|${k}|${language.lang}`, view);
    },
  };
}
