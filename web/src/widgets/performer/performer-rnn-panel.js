// The "causal Performer as an RNN" panel of <mathlet-performer> (widget P6, R11): a token slider
// (with previous / next buttons) steps through the first tokens of the widget's inputs; the panel
// shows the state S_i (an M × d_v heatmap, the features raised at this step marked on its edge), the
// running maxima c_l with the features key i raised flashing, z_i on a log axis, and output row i
// beside the core's causal output and the masked quadratic P̂V, with their largest difference.
// Loaded when opened (parts/lazy-disclosure.js); drawn on the widget's render path.
import { createCanvasHeatmap } from '../parts/canvas-heatmap.js';
import { el, sym } from '../parts/create-element.js';
import { createIntegerSlider } from '../parts/integer-slider.js';
import { createLogLinePlot } from '../parts/log-line-plot.js';
import { formatNumber } from '../parts/number-text.js';
import { rnnKey, rnnTrace, stateAt } from './performer-rnn.js';
import { colourScale } from './performer-view.js';

const v = (name) => el('var', { translate: 'no' }, name);
const sub = (name, index) => el('span', { class: 'notranslate nowrap', translate: 'no' }, v(name), el('sub', {}, v(index)));
const vector = (values, digits = 4) =>
  `(${Array.from(values.slice(0, 4), (x) => formatNumber(x, digits)).join(', ')}${values.length > 4 ? ', …' : ''})`;

/** Mᵀ: the state drawn with its features across, as on the plots below it. */
function transposed({ rows, cols, data }) {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j];
  return { rows: cols, cols: rows, data: out };
}

/** The points of a vector against its index, for a plot. */
const indexed = (values) => Array.from(values, (y, x) => ({ x, y }));

// z on a log axis once it spans a decade (its ticks are decades), else on a linear one from 0.
function sumsAxis(positive, label) {
  if (!positive.length) return { type: 'linear', domain: [-1, 1], label };
  const [lo, hi] = [Math.min(...positive), Math.max(...positive)];
  return hi / lo >= 10 ? { type: 'log', domain: [lo / 1.5, hi * 1.5], label } : { type: 'linear', domain: [0, hi * 1.1], label };
}

// The running maxima c_l (the features key i raised dotted) and the sums z_i (log axis) against l.
function drawPlots({ maxima, sums }, t, s, trace) {
  const step = s.i;
  const featureAxis = { type: 'linear', domain: [0, Math.max(1, trace.M - 1)], label: t('rnn.feature') };
  if (s.c) {
    const finite = Array.from(s.c).filter(Number.isFinite);
    const lo = Math.min(...finite);
    const hi = Math.max(...finite);
    maxima.draw({
      label: t('rnn.maxima.label', { i: step }),
      x: featureAxis,
      y: { type: 'linear', domain: [lo - 0.05 * (hi - lo + 1), hi + 0.05 * (hi - lo + 1)], label: t('rnn.maxima.y') },
      series: [{ name: t('rnn.maxima.series'), color: 'c1', width: 1.5, points: indexed(s.c) }],
      dots: s.rescaled.map((l) => ({ x: l, y: s.c[l], color: 'error' })),
    });
  }
  maxima.element.hidden = !s.c;
  const positive = Array.from(s.z).filter((x) => x > 0);
  sums.draw({
    label: t('rnn.sums.label', { i: step }),
    x: featureAxis,
    y: sumsAxis(positive, t('rnn.sums.y')),
    series: [{ name: t('rnn.sums.series'), color: 'c2', width: 1.5, points: indexed(s.z) }],
  });
}

/** createRnnPanel(widget) -> { element, draw(), shown } */
export function createRnnPanel(widget) {
  const { language, resources } = widget;
  const { t } = language;
  let step = 8; // a few tokens in: the state and the sums have something to show
  const go = (i) => {
    step = i;
    widget.render('rnn');
  };
  const slider = createIntegerSlider({
    id: 'rnn-token',
    name: 'i',
    label: language.rich('rnn.token', { i: v('i') }),
    min: 0,
    max: 63,
    value: step,
    language,
    onChange: (i) => go(i),
  });
  let tokens = 64;
  const previous = el('button', { type: 'button', onclick: () => move(-1) }, language.text('rnn.previous'));
  const next = el('button', { type: 'button', class: 'primary', onclick: () => move(1) }, language.text('rnn.next'));
  function move(by) {
    const i = Math.max(0, Math.min(tokens - 1, step + by));
    slider.setValue(i);
    go(i);
  }
  const heatmap = createCanvasHeatmap({ title: '', maxSide: 1200, language });
  const maxima = createLogLinePlot({ height: 170, language, marginLeft: 48 });
  const sums = createLogLinePlot({ height: 170, language, marginLeft: 48 });
  const flash = el('span', { class: 'chip rnn-flash', role: 'status' });
  const outputs = el('tbody', {});
  const gap = sym('');
  const row = sym('');
  const element = el(
    'div',
    { class: 'rnn' },
    el('p', { class: 'hint' }, language.rich('rnn.hint', { S: sub('S', 'i'), z: sub('z', 'i'), c: sub('c', 'l') })),
    el('div', { class: 'rnn-controls' }, slider.element, el('div', { class: 'buttons' }, previous, next)),
    el('p', { class: 'chips' }, flash),
    heatmap.element,
    el(
      'div',
      { class: 'rnn-grid' },
      el('div', {}, el('h4', {}, language.rich('rnn.maxima', { c: sub('c', 'l') })), maxima.element),
      el('div', {}, el('h4', {}, language.rich('rnn.sums', { z: sub('z', 'i') })), sums.element),
    ),
    el('table', { class: 'rnn-outputs' }, el('caption', {}, language.rich('rnn.outputs', { i: row, gap })), outputs),
  );

  let trace = { key: null };
  let shown = null;
  function draw() {
    const { derived } = widget;
    const key = rnnKey(derived.state, derived.scale);
    if (trace.key !== key) trace = { key, ...rnnTrace(resources.core, derived) };
    tokens = trace.tokens;
    slider.setRange?.(0, tokens - 1);
    if (step > tokens - 1) {
      step = tokens - 1;
      slider.setValue(step);
    }
    const s = stateAt(trace, step);
    shown = s;
    const scale = colourScale(s.S.data);
    heatmap.draw({
      title: t('rnn.state', { i: step, M: trace.M, dv: trace.dv }),
      matrix: transposed(s.S),
      scale,
      colMarks: { indices: s.rescaled },
      label: t('rnn.state.label', { i: step, M: trace.M, dv: trace.dv, count: s.rescaled.length }),
      note: t('rnn.state.note', { max: formatNumber(scale, 3) }),
    });
    drawPlots({ maxima, sums }, t, s, trace);
    flash.textContent = s.c ? t('rnn.flash', { count: s.rescaled.length, M: trace.M, i: step }) : t('rnn.flash.trig', { M: trace.M });
    // The chip flashes on each step that rescaled a feature (the animation restarts on a new class).
    flash.classList.remove('flashing');
    if (s.rescaled.length) {
      void flash.offsetWidth;
      flash.classList.add('flashing');
    }
    const line = (name, values) => el('tr', {}, el('th', { scope: 'row' }, t(name)), el('td', { translate: 'no' }, vector(values)));
    outputs.replaceChildren(line('rnn.out.state', s.out), line('rnn.out.core', s.reference), line('rnn.out.quadratic', s.quadratic));
    gap.textContent = formatNumber(s.gap, 2);
    row.textContent = String(step);
    Object.assign(widget.host.dataset, { rnnStep: String(step), rnnGap: String(s.gap), rnnRescaled: String(s.rescaled.length) });
  }

  return {
    element,
    draw,
    get shown() {
      return shown;
    },
  };
}
