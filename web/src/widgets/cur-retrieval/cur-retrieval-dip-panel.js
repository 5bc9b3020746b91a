// X3 "the dip at k_i = k_q" (cur-retrieval.md R9, T-R7, T-R8): recall@k at the k_r on screen
// against k_i for several k_q, and κ(W) against k_i beside it, with uniform anchors (seed 7, as the
// file's tables) and the rtol on screen. Where W turns square, its smallest singular value is tiny,
// W⁺ amplifies the noise and recall collapses; a truncating rtol flattens the spike. In the worker:
// the exact top-k once (one full evaluation), then for each k_q its R and every k_i on the drag path,
// k_i by k_i; a newer state stops the run between steps.
import { el } from '../parts/create-element.js';
import { createLogLinePlot, describeSeries } from '../parts/log-line-plot.js';
import { memoized } from '../parts/memoized-draw.js';
import { evaluationOptions } from './cur-retrieval-background.js';
import { recallFromPositions } from './cur-retrieval-compute.js';
import { scorerOf, truthKey } from './cur-retrieval-state.js';

export const DIP_KQS = [32, 64, 128];
export const DIP_KIS = [8, 16, 24, 32, 48, 64, 96, 128, 192, 256];
const COLORS = ['c1', 'c2', 'c3'];

/** The worker's run: input { state, onPoint({ kq, ki, kappa, positions }) } -> 'done' | 'abandoned'. */
export function dipRun(background) {
  return async ({ state, onPoint }, { stale }) => {
    const { api } = await background;
    const uniform = { ...state, anchors: 'uniform' };
    const krValues = [state.k];
    const first = await api.evaluateCurRetrieval(evaluationOptions({ ...uniform, kq: DIP_KQS[0] }, DIP_KIS[0], krValues));
    for (const kq of DIP_KQS) {
      if (stale()) return 'abandoned';
      // R for the drag path, where it is small enough to send (else the worker scores it each call).
      const R = kq * state.items <= 1e6 ? await api.syntheticScores(kq, state.items, scorerOf(state)) : null;
      for (const ki of DIP_KIS.filter((v) => v <= state.items)) {
        if (stale()) return 'abandoned';
        const e = await api.evaluateCurRetrieval({
          ...evaluationOptions({ ...uniform, kq }, ki, krValues),
          ...(R ? { R } : {}),
          truth: first.truth,
        });
        onPoint({ kq, ki, kappa: e.kappa, positions: e.perQueryPositions.data });
      }
    }
    return 'done';
  };
}

/** The two series sets at k_r: recall@k and κ(W) against k_i, one series per k_q. */
export function dipSeries(points, kr, t) {
  return DIP_KQS.map((kq, j) => {
    const mine = points.filter((p) => p.kq === kq);
    const name = t('dip.series', { kq });
    return {
      recall: { name, color: COLORS[j], markers: true, points: mine.map((p) => ({ x: p.ki, y: recallFromPositions(p.positions, kr) })) },
      kappa: { name, color: COLORS[j], markers: true, points: mine.map((p) => ({ x: p.ki, y: p.kappa })) },
    };
  });
}

/** createDipPanel(widget) -> { element, draw() } */
export function createDipPanel(widget) {
  const { language, host } = widget;
  const { t } = language;
  const recallPlot = createLogLinePlot({ height: 260, language });
  const kappaPlot = createLogLinePlot({ height: 220, language, marginLeft: 56 });
  const drawRecall = memoized((view) => recallPlot.draw(view));
  const drawKappa = memoized((view) => kappaPlot.draw(view));
  const computing = el('p', { class: 'computing', role: 'status' }, language.text('dip.computing'));
  const element = el(
    'div',
    { class: 'dip-panel' },
    el('p', { class: 'hint' }, language.text('dip.hint')),
    computing,
    el('div', { class: 'dip-plots' }, recallPlot.element, kappaPlot.element),
    el(
      'ul',
      { class: 'legend' },
      ...DIP_KQS.map((kq, j) =>
        el('li', { class: COLORS[j] }, el('span', { class: 'swatch' }), el('span', { translate: 'no' }, t('dip.series', { kq }))),
      ),
    ),
  );
  let asked = null;
  let points = [];
  let version = 0;
  // pending | done | failed: published on the host by draw(), with the plots it draws, so that a
  // reader of data-dip never sees 'done' before the last point is drawn.
  let status = null;
  const job = widget.background({
    run: dipRun(widget.resources.background),
    onAnswer: (outcome, input) => {
      if (outcome === 'abandoned' || input.key !== asked) return;
      status = 'done';
      widget.render('dip');
    },
    onError: (error, input) => {
      if (input.key !== asked) return;
      status = 'failed';
      computing.textContent = error instanceof Error ? error.message : String(error);
      widget.render('dip');
    },
  });

  function draw() {
    const state = widget.state;
    const key = `${truthKey(state)}|${state.rtol}`;
    if (key !== asked) {
      asked = key;
      points = [];
      version++;
      status = 'pending';
      computing.textContent = language.text('dip.computing');
      job.request({
        key,
        state,
        onPoint: (point) => {
          if (key !== asked) return;
          points.push(point);
          version++;
          widget.render('dip');
        },
      });
    }
    computing.hidden = status !== 'pending' && status !== 'failed';
    const series = dipSeries(points, state.kr, t);
    const x = { type: 'log', domain: [6, 340], label: t('dip.x'), ticks: DIP_KIS, tickFormat: String };
    drawRecall(`${version}|${state.kr}|${language.lang}`, () => ({
      label: t('dip.recall.label', { kr: state.kr }),
      x,
      y: { type: 'linear', domain: [0, 1.02], label: t('dip.recall.y'), ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] },
      series: series.map((s) => s.recall),
      description: describeSeries(
        series.map((s) => s.recall),
        language,
      ),
    }));
    const kappas = points.map((p) => p.kappa).filter((k) => k > 0 && Number.isFinite(k));
    drawKappa(`${version}|${language.lang}`, () => ({
      label: t('dip.kappa.label'),
      x,
      y: { type: 'log', domain: [1, Math.max(10, ...kappas) * 3], label: t('dip.kappa.y') },
      series: series.map((s) => s.kappa),
      description: describeSeries(
        series.map((s) => s.kappa),
        language,
      ),
    }));
    host.dataset.dip = status;
  }

  return { element, draw };
}
