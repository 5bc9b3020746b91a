// The "orthogonal features" panel of <mathlet-performer> (widget P2, R8, R9, R16): the m vectors ω_l
// as arrows from the origin (d = 3: their first two coordinates), between the i.i.d. and the
// orthogonal draw of one seed (a slider, or "play" to animate the morph), with their lengths' rings
// for quantile and fixed norms, the first vector of each block in its own colour and the mean of
// all ω as a thick arrow. "Skip the QR sign fix" shows R16's bias: every first vector turns left and
// the mean drifts. Under them the estimator's curves (performer-estimator-plots.js): Var_ort / Var_iid
// against ‖z‖ with the paper's bound, and the bias of quantile and fixed norms against ‖z‖² (T-P8).
// Loaded when opened; its controls are its own, drawn on the widget's render path.
import { dot, line, link, ruleX, ruleY } from '@observablehq/plot';
import { el, sym } from '../parts/create-element.js';
import { createIntegerField } from '../parts/integer-field.js';
import { createLogSlider } from '../parts/log-slider.js';
import { formatNumber } from '../parts/number-text.js';
import { createPlotFrame } from '../parts/plot-frame.js';
import { createSteppedSlider } from '../parts/stepped-slider.js';
import { createEstimatorPlots } from './performer-estimator-plots.js';
import { morph, OMEGA_LIMITS, omegaPair, omegaStats } from './performer-omegas.js';

const v = (name) => el('var', { translate: 'no' }, name);
const M_STEPS = [2, 4, 8, 16, 32, 64, 128, 256, 512];
const MORPH_MS = 1200;
const NORMS = ['chi', 'quantile', 'fixed'];

function menu(id, values, caption, onchange) {
  return el('select', { id, onchange }, ...values.map((value) => el('option', { value }, caption(value))));
}

// The Plot options: arrows, the rings of the distinct lengths, the mean.
function omegaPlot(theme, { W, rings, mean, radius, size }) {
  const arrows = Array.from({ length: W.rows }, (_, l) => ({
    x: W.data[l * W.cols],
    y: W.data[l * W.cols + 1],
    first: l % W.cols === 0,
  }));
  const circle = (r) =>
    Array.from({ length: 73 }, (_, k) => ({ x: r * Math.cos((k * Math.PI) / 36), y: r * Math.sin((k * Math.PI) / 36), r }));
  return {
    width: size,
    height: size,
    marginLeft: 36,
    marginBottom: 30,
    x: { domain: [-radius, radius], label: 'ω₁', grid: true },
    y: { domain: [-radius, radius], label: 'ω₂', grid: true },
    marks: [
      ruleX([0], { stroke: theme.muted }),
      ruleY([0], { stroke: theme.muted }),
      ...rings.map((r) => line(circle(r), { x: 'x', y: 'y', stroke: theme.floor, strokeDasharray: '3,3' })),
      link(arrows, { x1: 0, y1: 0, x2: 'x', y2: 'y', stroke: (d) => (d.first ? theme.c2 : theme.c1), strokeOpacity: 0.75 }),
      dot(arrows, { x: 'x', y: 'y', r: 2.5, fill: (d) => (d.first ? theme.c2 : theme.c1) }),
      link([{ x: mean[0], y: mean[1] }], { x1: 0, y1: 0, x2: 'x', y2: 'y', stroke: theme.pick, strokeWidth: 4, markerEnd: 'arrow' }),
    ],
  };
}

function createControls(language, choice, redraw) {
  const set = (change) => {
    Object.assign(choice, change);
    redraw();
  };
  const m = createSteppedSlider({
    id: 'omegas-m',
    name: 'm',
    label: language.rich('omegas.m', { m: v('m') }),
    steps: M_STEPS,
    min: OMEGA_LIMITS.m[0],
    max: OMEGA_LIMITS.m[1],
    value: choice.m,
    language,
    onChange: (x) => set({ m: x }),
  });
  const t = createLogSlider({
    id: 'omegas-t',
    name: 't',
    label: language.rich('omegas.t', { t: v('t') }),
    min: 0,
    max: 1,
    value: choice.t,
    steps: 100,
    linear: true,
    ticks: [0, 0.5, 1],
    language,
    onChange: (x) => set({ t: x }),
  });
  const seed = createIntegerField({
    id: 'omegas-seed',
    name: 'seed',
    label: language.text('omegas.seed'),
    min: OMEGA_LIMITS.seed[0],
    max: OMEGA_LIMITS.seed[1],
    value: choice.seed,
    language,
    onChange: (x) => set({ seed: x }),
  });
  const unsigned = el('input', { type: 'checkbox', id: 'omegas-unsigned', onchange: (e) => set({ unsigned: e.target.checked }) });
  return {
    m,
    t,
    element: el(
      'div',
      { class: 'omegas-controls' },
      el('label', { for: 'omegas-d' }, v('d')),
      menu(
        'omegas-d',
        ['2', '3'],
        (x) => x,
        (e) => set({ d: Number(e.target.value) }),
      ),
      el('label', { for: 'omegas-norms' }, language.text('omegas.norms')),
      menu(
        'omegas-norms',
        NORMS,
        (x) => language.t(`omegas.norms.${x}`),
        (e) => set({ norms: e.target.value }),
      ),
      el('label', { class: 'check', for: 'omegas-unsigned' }, unsigned, language.text('omegas.unsigned')),
      seed.element,
      m.element,
      t.element,
    ),
  };
}

/** createOmegasPanel(widget) -> { element, draw(), shown } */
export function createOmegasPanel(widget) {
  const { language, resources } = widget;
  const { t } = language;
  const choice = { d: 2, m: 32, norms: 'chi', unsigned: false, seed: 1, t: 1 };
  const redraw = () => widget.render('omegas');
  const controls = createControls(language, choice, redraw);
  // The morph, animated: t from 0 to 1 over MORPH_MS, one render a frame; stopped on teardown.
  let frame = null;
  const play = () => {
    cancelAnimationFrame(frame);
    const start = performance.now();
    const step = (now) => {
      choice.t = Math.min(1, (now - start) / MORPH_MS);
      controls.t.setValue(choice.t);
      redraw();
      frame = choice.t < 1 ? requestAnimationFrame(step) : null;
    };
    frame = requestAnimationFrame(step);
  };
  widget.teardown.add(() => cancelAnimationFrame(frame));
  const plot = createPlotFrame({ redraw });
  const readout = { mean: sym(''), left: sym('') };
  const estimator = createEstimatorPlots(widget);
  const element = el(
    'div',
    { class: 'omegas' },
    el('p', { class: 'hint' }, language.text('omegas.hint')),
    controls.element,
    el('div', { class: 'buttons' }, el('button', { type: 'button', class: 'primary', onclick: play }, language.text('omegas.play'))),
    el('div', { class: 'omegas-plot' }, plot.element),
    language.rich('omegas.stats', readout, 'p'),
    estimator.element,
  );

  let shown = null;
  let drawn = { key: null };
  function draw() {
    const key = `${choice.d}|${choice.m}|${choice.norms}|${choice.unsigned}|${choice.seed}`;
    if (drawn.key !== key) drawn = { key, ...omegaPair(resources.core, choice) };
    const W = morph(drawn.iid, drawn.orthogonal, choice.t);
    const stats = omegaStats(W);
    const radius = 1.1 * Math.max(omegaStats(drawn.iid).largest, omegaStats(drawn.orthogonal).largest);
    const rings = choice.norms === 'chi' ? [] : omegaStats(drawn.orthogonal).norms;
    const size = Math.min(plot.width, 420);
    plot.show((theme) => omegaPlot(theme, { W, rings, mean: stats.mean, radius, size }), {
      label: t('omegas.label', { m: W.rows, d: W.cols, t: formatNumber(choice.t, 2) }),
      description: t('omegas.description', {
        mean: Array.from(stats.mean, (x) => formatNumber(x, 3)).join(', '),
        left: formatNumber(stats.firstLeft, 2),
        rings: rings.map((r) => formatNumber(r, 3)).join(', ') || '—',
      }),
    });
    readout.mean.textContent = `(${Array.from(stats.mean, (x) => formatNumber(x, 3)).join(', ')})`;
    readout.left.textContent = `${formatNumber(100 * stats.firstLeft, 0)}%`;
    shown = { W, stats, rings };
    Object.assign(widget.host.dataset, { omegasLeft: String(stats.firstLeft), omegasMean: Array.from(stats.mean).join(' ') });
    estimator.draw();
  }

  return {
    element,
    draw,
    get shown() {
      return shown;
    },
  };
}
