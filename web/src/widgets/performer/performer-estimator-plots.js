// The two estimator plots under the arrows of the "orthogonal features" panel (widget P2; R8, R9):
// Var_ort / Var_iid against ‖z‖ with the paper's bound dashed (closed forms, on the main thread: about
// a millisecond), and E K̂ / SM of quantile and fixed norms against ‖z‖² (T-P8; the worker's, newest
// request winning), for a d and an m of their own (the arrows need d = 2 or 3; the statistics are
// about any d). Drawn on the panel's render path, the variance plot only when d or m changed.
import { el, sym } from '../parts/create-element.js';
import { createLogLinePlot } from '../parts/log-line-plot.js';
import { formatNumber } from '../parts/number-text.js';
import { BIAS_Z2S, biasRun, ESTIMATOR_D, ESTIMATOR_M, lowest, RATIO_ZS, varianceRatio } from './performer-estimator.js';

const v = (name) => el('var', { translate: 'no' }, name);

function menu(id, values, value, onchange) {
  const select = el('select', { id, onchange }, ...values.map((x) => el('option', { value: String(x) }, String(x))));
  select.value = String(value);
  return select;
}

// The bias curves from the worker: { request(d, m), answerFor(key) }; a failure is said on `line`.
function createBiasJob(widget, line) {
  let answer = { key: null, curves: null };
  let failed = null; // the key whose run failed: its message stays on the line
  const job = widget.background({
    run: biasRun(widget.resources.background),
    onAnswer: (curves, input, { latest }) => {
      if (!latest || !curves) return;
      answer = { key: input.key, curves };
      widget.render('omegas');
    },
    onError: (error, input, { latest }) => {
      if (!latest) return;
      failed = input.key;
      line.textContent = error instanceof Error ? error.message : String(error);
    },
  });
  return {
    request: (input) => job.request(input),
    answerFor: (key) => (answer.key === key ? answer.curves : null),
    failedFor: (key) => failed === key,
  };
}

/** createEstimatorPlots(widget) -> { element, draw(), shown } */
export function createEstimatorPlots(widget) {
  const { language, resources } = widget;
  const { t } = language;
  const choice = { d: 4, m: 4 };
  const set = (change) => {
    Object.assign(choice, change);
    widget.render('omegas');
  };
  const ratioPlot = createLogLinePlot({ height: 220, language, marginLeft: 48 });
  const biasPlot = createLogLinePlot({ height: 220, language, marginLeft: 48 });
  const ratioLine = el('p', { class: 'estimator-line' });
  const biasLine = el('p', { class: 'estimator-line', role: 'status' });
  const element = el(
    'div',
    { class: 'estimator' },
    el('h4', {}, language.text('estimator.heading')),
    el(
      'div',
      { class: 'omegas-controls' },
      el('label', { for: 'estimator-d' }, v('d')),
      menu('estimator-d', ESTIMATOR_D, choice.d, (e) => set({ d: Number(e.target.value) })),
      el('label', { for: 'estimator-m' }, v('m')),
      menu('estimator-m', ESTIMATOR_M, choice.m, (e) => set({ m: Number(e.target.value) })),
    ),
    el(
      'div',
      { class: 'cost-grid' },
      el(
        'div',
        {},
        el('h5', {}, language.rich('estimator.ratio', { ratio: sym('Var_ort / Var_iid'), z: sym('‖z‖') })),
        ratioPlot.element,
        ratioLine,
      ),
      el('div', {}, el('h5', {}, language.rich('estimator.bias', { mean: sym('E K̂ / SM'), z2: sym('‖z‖²') })), biasPlot.element, biasLine),
    ),
  );
  const bias = createBiasJob(widget, biasLine);
  let shown = null;
  const drawn = { ratio: null, bias: null };

  function draw() {
    const { d, m } = choice;
    const key = `${d}|${m}`;
    const drawKey = `${key}|${language.lang}`; // words are drawn into the chart: again after a switch
    if (drawn.ratio !== drawKey) {
      drawn.ratio = drawKey;
      const ratio = varianceRatio(resources.core, d, m);
      drawRatio(t, ratioPlot, ratio, { d, m });
      const low = lowest(ratio.ratio);
      ratioLine.textContent = t(ratio.bound ? 'estimator.ratio.line' : 'estimator.ratio.noBound', {
        low: formatNumber(low.y, 3),
        at: formatNumber(low.x, 2),
        d,
      });
      shown = { ...shown, ratio };
      widget.host.dataset.estimatorDip = `${low.y} ${low.x}`;
    }
    const curves = bias.answerFor(key);
    if (!curves) {
      if (drawn.bias !== `asked ${key}`) bias.request({ d, m, key });
      drawn.bias = `asked ${key}`;
      if (!bias.failedFor(key)) biasLine.textContent = t('estimator.bias.computing');
      delete widget.host.dataset.estimatorBias;
      return;
    }
    if (drawn.bias === drawKey) return;
    drawn.bias = drawKey;
    drawBias(t, biasPlot, curves, { d, m });
    const at = (points, z2) => points.find((p) => p.x === z2).y;
    const numbers = { quantile: formatNumber(at(curves.quantile, 8), 3), fixed: formatNumber(at(curves.fixed, 8), 3) };
    biasLine.textContent = t('estimator.bias.line', numbers);
    shown = { ...shown, bias: curves };
    widget.host.dataset.estimatorBias = [1.875, 8].flatMap((z2) => [at(curves.quantile, z2), at(curves.fixed, z2)]).join(' ');
  }

  return {
    element,
    draw,
    get shown() {
      return shown;
    },
  };
}

function drawRatio(t, plot, { ratio, bound }, { d, m }) {
  plot.draw({
    label: t('estimator.ratio.label', { d, m }),
    x: { type: 'linear', domain: [0, RATIO_ZS.at(-1)], label: t('estimator.ratio.x') },
    y: { type: 'linear', domain: [Math.max(0, Math.floor(10 * lowest(ratio).y) / 10 - 0.05), 1.02], label: t('estimator.ratio.y') },
    series: [
      { name: t('estimator.ratio.exact'), color: 'c1', points: ratio },
      ...(bound ? [{ name: t('estimator.ratio.bound'), color: 'muted', dashed: true, width: 1.5, points: bound }] : []),
    ],
  });
}

function drawBias(t, plot, curves, { d, m }) {
  const low = Math.min(lowest(curves.quantile).y, lowest(curves.fixed).y);
  plot.draw({
    label: t('estimator.bias.label', { d, m }),
    x: { type: 'linear', domain: [0, BIAS_Z2S.at(-1)], label: t('estimator.bias.x') },
    y: { type: 'linear', domain: [Math.max(0, Math.floor(10 * low) / 10 - 0.05), 1.05], label: t('estimator.bias.y') },
    series: [
      { name: t('estimator.bias.chi'), color: 'muted', dashed: true, width: 1.5, points: BIAS_Z2S.map((x) => ({ x, y: 1 })) },
      { name: t('estimator.bias.quantile'), color: 'c1', points: curves.quantile },
      { name: t('estimator.bias.fixed'), color: 'c2', points: curves.fixed },
    ],
  });
}
