// <mathlet-cr>: the implementation, loaded when the element nears the viewport.
// The reader picks a pair of factors (X, Y), the number r of sampled terms, how they are chosen
// and the seed; the state lives in the URL too (a permalink), and the widget speaks English or
// Chinese (cr-text.js), following the nearest lang attribute.
//
// What runs where (Chromium on the 2-core test machine, at the widget's limits: the 12 × 32 · 32 × 12
// factors, r up to l = 32; medians with the machine lightly loaded):
//   main thread  the current estimate CR ≈ XY (one crMatmul call, 0.1-0.5 ms) and, on a change of
//                factors, the exact product, the two rank-one expectations and the singular values of
//                XY for the SVD floor (four more calls of that size), so dragging r redraws in the
//                next frame. The calls are timed as
//                performance measures 'mathlet-cr main-thread core' (lowrank-worker.test.js reports
//                them: median 0.5 ms over 26 calls at load 4).
//   worker       the error-versus-r curves: top-r, one optimal and one uniform draw at every r, i.e.
//                3 l = 96 crMatmul calls (about 0.5 s until drawn at load 4, several seconds on a
//                loaded machine), sent rank by rank to the shared worker of parts/background-core.js.
//                The plot shows the exact expected-error lines and the floor at once (its range is
//                set by them, so the axes stay put) and fills in the rest as the
//                ranks arrive, with a "computing…" line meanwhile; a new seed or new factors abandon
//                the run after its current rank.
import { load } from '../../core/index.js';
import { backgroundCore } from '../parts/background-core.js';
import { el, sym } from '../parts/create-element.js';
import { createHeatmap } from '../parts/heatmap.js';
import { createIntegerField } from '../parts/integer-field.js';
import { createIntegerSlider } from '../parts/integer-slider.js';
import { matrixWidgetStyles } from '../parts/matrix-widget-styles.js';
import { formatNumber } from '../parts/number-text.js';
import { createPermalink, permalinkStyles } from '../parts/permalink.js';
import { adoptStyles } from '../parts/shadow-styles.js';
import { createWidgetLanguage } from '../parts/widget-language.js';
import { createCrErrorPlot } from './cr-error-plot.js';
import { DEFAULTS, MAX_SEED, PRESETS, SAMPLINGS, readPreset, readSampling, readWhole } from './cr-presets.js';
import { crStyles } from './cr-styles.js';
import { crText } from './cr-text.js';
import { createTermWeightPlot } from './term-weight-plot.js';

const v = (name) => el('var', { translate: 'no' }, name);
const math = (...parts) => el('span', { class: 'notranslate nowrap', translate: 'no' }, ...parts);
const maxAbs = (m) => Math.max(0, ...Array.from(m.data, Math.abs));
const asMatrix = (rows) => ({ rows: rows.length, cols: rows[0].length, data: Float64Array.from(rows.flat()) });

export async function mount(host, root) {
  const core = await load({ include: ['matrix'] });
  const background = backgroundCore(['matrix']); // started now, awaited by the curves only
  const language = createWidgetLanguage(host, crText);
  const { t } = language;

  // A core call on the main thread, timed so tests can report the worst case.
  const timed = (f) => {
    const start = performance.now();
    try {
      return f();
    } finally {
      performance.measure('mathlet-cr main-thread core', { start });
    }
  };

  // ---- state ------------------------------------------------------------------------------
  // `attribute(name)` gives the text of an attribute, or of the same field in a permalink.
  const fromAttributes = (attribute) => {
    const preset = readPreset(attribute('preset'));
    const l = preset.value.X[0].length;
    const r = readWhole('r', attribute('r'), 1, l, Math.min(DEFAULTS.r, l));
    const seed = readWhole('seed', attribute('seed'), 0, MAX_SEED, DEFAULTS.seed);
    const sampling = readSampling(attribute('sampling'));
    return {
      state: { preset: preset.value, r: r.value, seed: seed.value, sampling: sampling.value },
      problems: [preset, r, seed, sampling].map((x) => x.problem).filter(Boolean),
    };
  };
  const link = createPermalink(host, {
    fields: () => ({ preset: state.preset.id, r: state.r, seed: state.seed, sampling: state.sampling }),
    onRestore: (fields) => {
      const restored = fromAttributes((name) => fields[name] ?? host.getAttribute(name));
      if (commit(restored.state)) reportIgnored(restored.problems);
    },
    language,
  });
  const initial = fromAttributes((name) => link.get(name) ?? host.getAttribute(name));
  let state = initial.state;
  let base = null; // per preset: { X, Y, Yt, l, product, probabilities, expOpt1, expUni1 }
  let current = null; // the estimate for the current r, sampling and seed
  let rows = []; // per r: { r, expOpt, expUni, opt, uni, top, floor }
  let curveRun = 0; // the newest curve computation; older ones stop at their next rank
  let status = null; // () => message in the current language, or null
  let mounted = false; // the first state (attributes or a link) is not written into the URL

  function baseFor(preset) {
    const { X, Y } = preset;
    const l = X[0].length;
    const exact = timed(() => core.crMatmul(X, Y, l, { sampling: 'top' }));
    const opt1 = timed(() => core.crMatmul(X, Y, 1, { sampling: 'optimal', seed: 0 }));
    const uni1 = timed(() => core.crMatmul(X, Y, 1, { sampling: 'uniform', seed: 0 }));
    // The SVD floor at every r from the singular values of XY (so the plot's range is fixed at once).
    const sigma = timed(() => core.singularValues(exact.approx));
    const floors = Array.from({ length: l }, (_, k) => sigma.slice(k + 1).reduce((sum, s) => sum + s * s, 0));
    return {
      X: asMatrix(X),
      Y: asMatrix(Y),
      Yt: asMatrix(Y[0].map((_, b) => Y.map((row) => row[b]))),
      l,
      product: exact.approx,
      probabilities: opt1.probabilities,
      expOpt1: opt1.expectedError,
      expUni1: uni1.expectedError,
      floors,
    };
  }

  const samplingOptions = (s) => (s.sampling === 'top' ? { sampling: 'top' } : { sampling: s.sampling, seed: s.seed });
  const estimate = (s) => timed(() => core.crMatmul(s.preset.X, s.preset.Y, s.r, samplingOptions(s)));

  function commit(change) {
    const next = { ...state, ...change };
    let nextBase = base;
    let nextCurrent;
    try {
      if (!base || next.preset !== state.preset) nextBase = baseFor(next.preset);
      nextCurrent = estimate(next);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      showStatus(() => t('status.kept', { problem: t('core.rejected', { message }) }));
      return false;
    }
    const previous = state;
    state = next;
    const curvesStale = !base || next.preset !== previous.preset || next.seed !== previous.seed;
    base = nextBase;
    current = nextCurrent;
    showStatus(null);
    if (next.preset !== previous.preset) {
      presetSelect.value = next.preset.id;
      rSlider.setRange(1, base.l);
    }
    if (next.r !== previous.r || next.preset !== previous.preset) rSlider.setValue(next.r);
    if (next.seed !== previous.seed) seedField.setValue(next.seed);
    if (next.sampling !== previous.sampling) samplingSelect.value = next.sampling;
    if (mounted) link.update();
    if (curvesStale) startCurves();
    requestRender();
    return true;
  }

  // The error-versus-r curves: the exact expectations at once, the rest from the worker rank by rank.
  async function startCurves() {
    const run = ++curveRun;
    const { l, expOpt1, expUni1, floors } = base;
    const { X, Y } = state.preset;
    const seed = state.seed;
    rows = Array.from({ length: l }, (_, k) => ({ r: k + 1, expOpt: expOpt1 / (k + 1), expUni: expUni1 / (k + 1), floor: floors[k] }));
    host.dataset.curves = 'pending';
    try {
      const { api } = await background;
      for (const row of rows) {
        if (run !== curveRun) return;
        const [top, opt, uni] = await Promise.all([
          api.crMatmul(X, Y, row.r, { sampling: 'top' }),
          api.crMatmul(X, Y, row.r, { sampling: 'optimal', seed }),
          api.crMatmul(X, Y, row.r, { sampling: 'uniform', seed }),
        ]);
        if (run !== curveRun) return;
        Object.assign(row, { top: top.error, opt: opt.error, uni: uni.error });
        requestRender('curves');
      }
      host.dataset.curves = 'done';
    } catch (error) {
      if (run !== curveRun) return;
      host.dataset.curves = 'failed';
      const message = error instanceof Error ? error.message : String(error);
      showStatus(() => t('core.rejected', { message }));
    }
    requestRender('curves');
  }

  // ---- controls ---------------------------------------------------------------------------
  const presetSelect = el(
    'select',
    {
      id: 'preset',
      onchange: (event) => {
        const preset = PRESETS.find((p) => p.id === event.target.value);
        if (preset) commit({ preset, r: Math.min(state.r, preset.X[0].length) });
      },
    },
    ...PRESETS.map((p) => el('option', { value: p.id }, language.text(`preset.${p.id}`))),
  );
  presetSelect.value = state.preset.id;

  const rSlider = createIntegerSlider({
    id: 'r',
    name: 'r',
    label: language.rich('controls.terms', { r: v('r') }),
    min: 1,
    max: state.preset.X[0].length,
    value: state.r,
    onChange: (r) => commit({ r }),
    language,
  });
  const samplingSelect = el(
    'select',
    { id: 'sampling', onchange: (event) => commit({ sampling: event.target.value }) },
    ...SAMPLINGS.map((id) => el('option', { value: id }, language.text(`sampling.${id}`))),
  );
  samplingSelect.value = state.sampling;
  const seedField = createIntegerField({
    id: 'seed',
    name: 'seed',
    label: language.text('controls.seed'),
    min: 0,
    max: MAX_SEED,
    value: state.seed,
    onChange: (seed) => commit({ seed }),
    language,
  });
  const resample = el(
    'button',
    { type: 'button', class: 'primary', onclick: () => commit({ seed: (state.seed + 1) % (MAX_SEED + 1) }) },
    language.text('controls.resample'),
  );

  // ---- readouts and pictures ----------------------------------------------------------------
  const chips = { error: sym(''), expected: sym(''), floor: sym(''), norm: sym(''), distinct: sym('') };
  const statusLine = el('p', { class: 'status', role: 'alert', hidden: true });
  const computing = el('p', { class: 'computing', role: 'status' });
  const errorPlot = createCrErrorPlot({ language });
  const weightPlot = createTermWeightPlot({ language });
  const heatmap = (key, maxCell) => createHeatmap({ title: t(`map.${key}.title`), maxCell, language });
  const maps = {
    X: heatmap('X', 22),
    Y: heatmap('Y', 22),
    product: heatmap('product'),
    estimate: heatmap('estimate'),
    residual: heatmap('residual'),
  };
  const legend = (className, swatch, key, slots) =>
    el('li', { class: className }, el('span', { class: `swatch ${swatch}` }), language.rich(key, slots));

  const widget = el(
    'div',
    { class: 'widget' },
    el(
      'div',
      { class: 'headline' },
      language.rich('headline', { XY: math(v('X'), v('Y')), r: v('r') }, 'h2'),
      el(
        'div',
        { class: 'chips' },
        el(
          'span',
          { class: 'chip current' },
          language.rich('chip.estimate', { formula: math('‖', v('C'), v('R'), ' − ', v('X'), v('Y'), '‖²', el('sub', {}, 'F'), ' = ') }),
          chips.error,
        ),
        el('span', { class: 'chip' }, language.rich('chip.expected', { value: chips.expected })),
        el('span', { class: 'chip' }, language.rich('chip.floor', { value: chips.floor })),
        el('span', { class: 'chip' }, math('‖', v('X'), v('Y'), '‖²', el('sub', {}, 'F'), ' = '), chips.norm),
        el('span', { class: 'chip' }, language.rich('chip.distinct', { value: chips.distinct })),
      ),
    ),
    statusLine,
    el(
      'div',
      { class: 'grid side' },
      el(
        'section',
        { class: 'panel', 'aria-labelledby': 'cr-controls-heading' },
        el('h3', { id: 'cr-controls-heading' }, language.text('controls.heading')),
        el('div', { class: 'control' }, el('label', { for: 'preset' }, language.text('controls.factors')), presetSelect),
        rSlider.element,
        el('div', { class: 'control' }, el('label', { for: 'sampling' }, language.text('controls.sampling')), samplingSelect),
        el('div', { class: 'seed-row' }, seedField.element, resample),
        el('p', { class: 'hint' }, language.rich('controls.hint', { r: v('r'), weight: math('1/(', v('r'), v('p'), '_', v('i'), ')') })),
        el('div', { class: 'buttons' }, link.element),
        el('h4', {}, language.text('weights.heading')),
        weightPlot.element,
        el(
          'ul',
          { class: 'legend' },
          legend('bar', 'area', 'weights.optimal', { p: math(v('p'), '_', v('i')) }),
          legend('c2', 'dashed', 'weights.uniform', { u: math('1/', v('l')) }),
          legend('pick', 'area pick', 'weights.picked'),
        ),
      ),
      el(
        'section',
        { class: 'panel', 'aria-labelledby': 'cr-error-heading' },
        Object.assign(language.rich('error.heading', { r: v('r') }, 'h3'), { id: 'cr-error-heading' }),
        computing,
        errorPlot.element,
        el(
          'ul',
          { class: 'legend' },
          legend('c1', '', 'legend.expOpt', { p: v('p') }),
          legend('c2', '', 'legend.expUni', { p: v('p') }),
          legend('c1', 'dot', 'legend.draws'),
          legend('c3', 'dashed', 'legend.top', { r: v('r') }),
          legend('', 'area', 'legend.floor'),
        ),
      ),
      el(
        'section',
        { class: 'panel wide maps', 'aria-labelledby': 'cr-maps-heading' },
        el('h3', { id: 'cr-maps-heading' }, language.text('maps.heading')),
        el(
          'p',
          { class: 'hint' },
          language.rich('maps.hint', { i1: v('i'), X: v('X'), i2: v('i'), Y: v('Y'), i3: v('i'), Yt: math(v('Y'), 'ᵀ') }),
        ),
        el('div', { class: 'factor-maps' }, maps.X.element, maps.Y.element),
        el('div', { class: 'product-maps' }, maps.product.element, maps.estimate.element, maps.residual.element),
      ),
    ),
  );

  // ---- rendering --------------------------------------------------------------------------
  function showStatus(message) {
    status = message;
    statusLine.hidden = !message;
    statusLine.textContent = message ? message() : '';
  }
  function reportIgnored(problems) {
    if (problems.length) showStatus(() => t('problems.ignored', { problems: problems.map((p) => p(t)).join(t('problems.separator')) }));
  }

  // Changes are drawn once per animation frame: everything, or only the error plot when a rank of
  // the curves arrived.
  let frameRequested = false;
  let fullRender = false;
  function requestRender(part = 'all') {
    fullRender ||= part === 'all';
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      const all = fullRender;
      fullRender = false;
      if (all) render();
      else renderCurves();
    });
  }

  function renderCurves() {
    const pending = host.dataset.curves === 'pending';
    computing.hidden = !pending;
    computing.textContent = pending ? t('error.computing') : '';
    errorPlot.draw({ rows, r: state.r, l: base.l, current: { r: state.r, value: current.error } });
    const row = rows[state.r - 1];
    host.dataset.topError = row?.top === undefined ? '' : String(row.top);
  }

  function render() {
    const started = performance.now();
    const { l, product } = base;
    const used = state.sampling === 'top' ? Array.from(current.indices) : Array.from(current.draws);
    const counts = new Map();
    for (const i of used) counts.set(i, (counts.get(i) ?? 0) + 1);
    const picked = [...counts.keys()];
    const expected = state.sampling === 'top' ? null : current.expectedError;
    chips.error.textContent = formatNumber(current.error, 3);
    chips.expected.textContent = expected === null ? t('chip.noRandomness') : formatNumber(expected, 3);
    chips.floor.textContent = formatNumber(current.floor, 3);
    chips.norm.textContent = formatNumber(current.productNormSquared, 3);
    chips.distinct.textContent = t('chip.distinctValue', { count: counts.size, l });

    renderCurves();
    weightPlot.draw({ probabilities: base.probabilities, counts });

    const scale = maxAbs(product);
    const residual = { rows: product.rows, cols: product.cols, data: current.approx.data.map((x, k) => x - product.data[k]) };
    const cell = l <= 12 ? 34 : 22;
    const title = (key) => t(`map.${key}.title`);
    const label = (key) => t(`map.${key}.label`);
    maps.X.draw({
      matrix: base.X,
      scale: maxAbs(base.X),
      maxCell: cell,
      cols: picked,
      colCounts: counts,
      title: title('X'),
      label: label('X'),
      note: t('map.X.note', { rows: base.X.rows, l, list: [...picked].sort((a, b) => a - b).join(', ') }),
    });
    maps.Y.draw({
      matrix: base.Yt,
      scale: maxAbs(base.Y),
      maxCell: cell,
      cols: picked,
      colCounts: counts,
      title: title('Y'),
      label: label('Y'),
      note: t('map.Y.note', { l, m: base.Y.cols }),
    });
    maps.product.draw({
      matrix: product,
      scale,
      title: title('product'),
      label: label('product'),
      note: t('map.size', { rows: product.rows, cols: product.cols }),
    });
    maps.estimate.draw({
      matrix: current.approx,
      scale,
      title: title('estimate'),
      label: label('estimate'),
      note: t(counts.size === 1 ? 'map.estimate.noteOne' : 'map.estimate.note', { count: counts.size }),
    });
    maps.residual.draw({
      matrix: residual,
      scale,
      title: title('residual'),
      label: label('residual'),
      note: `‖·‖²_F = ${formatNumber(current.error, 3)}`,
    });

    host.dataset.error = String(current.error);
    host.dataset.draws = used.join(',');
    host.dataset.seed = String(state.seed);
    host.dataset.r = String(state.r);
    host.dataset.sampling = state.sampling;
    host.dataset.preset = state.preset.id;
    host.dataset.expected = expected === null ? '' : String(expected);
    performance.measure('mathlet-cr render', { start: started });
  }

  language.mark(widget);
  language.onChange(() => {
    if (status) showStatus(status);
    render();
  });

  commit({});
  mounted = true; // from now on changes are the reader's: the URL follows them
  adoptStyles(root, matrixWidgetStyles, permalinkStyles, crStyles);
  root.replaceChildren(widget);
  render();
  reportIgnored(initial.problems);

  const readers = {
    preset: (text) => readPreset(text),
    r: (text) => readWhole('r', text, 1, base.l, state.r),
    seed: (text) => readWhole('seed', text, 0, MAX_SEED, state.seed),
    sampling: (text) => readSampling(text),
  };
  return {
    attributeChanged(name, text) {
      const read = readers[name](text);
      if (read.problem) return reportIgnored([read.problem]);
      const change = { [name]: read.value };
      if (name === 'preset') change.r = Math.min(state.r, read.value.X[0].length);
      commit(change);
    },
    disconnect() {
      curveRun++;
      link.disconnect();
      language.stop();
    },
  };
}
