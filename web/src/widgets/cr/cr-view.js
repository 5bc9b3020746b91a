// What <mathlet-cr> shows: the controls (factors, r, sampling, seed) with the term weights; the
// error against r (expectations at once, draws from the worker as they arrive); the selection rules
// at r with their refits (cr-subsets-table.js); heatmaps of X, Y,
// XY, the estimate CR and the residual. Built once; render(parts) redraws it at most once per
// frame: everything, or only the error plot when a rank of the curves arrived.
import { el, sym } from '../parts/create-element.js';
import { createHeatmap } from '../parts/heatmap.js';
import { createIntegerField } from '../parts/integer-field.js';
import { createIntegerSlider } from '../parts/integer-slider.js';
import { formatNumber } from '../parts/number-text.js';
import { createCrErrorPlot } from './cr-error-plot.js';
import { curveRows, curveSweep } from './cr-compute.js';
import { MAX_SEED, PRESETS, SAMPLINGS } from './cr-presets.js';
import { curvesStale, keepWithin } from './cr-state.js';
import { createSubsetsTable } from './cr-subsets-table.js';
import { createTermWeightPlot } from './term-weight-plot.js';

const v = (name) => el('var', { translate: 'no' }, name);
const math = (...parts) => el('span', { class: 'notranslate nowrap', translate: 'no' }, ...parts);
const maxAbs = (m) => Math.max(0, ...Array.from(m.data, Math.abs));

function createControls(widget) {
  const { language, state } = widget;
  const presetSelect = el(
    'select',
    {
      id: 'preset',
      onchange: (event) => {
        const preset = PRESETS.find((p) => p.id === event.target.value);
        if (preset) widget.commit({ preset, r: Math.min(widget.state.r, preset.X[0].length), keep: keepWithin(widget.state.keep, preset) });
      },
    },
    ...PRESETS.map((p) => el('option', { value: p.id }, language.text(`preset.${p.id}`))),
  );
  presetSelect.value = state.preset.id;
  const samplingSelect = el(
    'select',
    { id: 'sampling', onchange: (event) => widget.commit({ sampling: event.target.value }) },
    ...SAMPLINGS.map((id) => el('option', { value: id }, language.text(`sampling.${id}`))),
  );
  samplingSelect.value = state.sampling;
  return {
    presetSelect,
    samplingSelect,
    rSlider: createIntegerSlider({
      id: 'r',
      name: 'r',
      label: language.rich('controls.terms', { r: v('r') }),
      min: 1,
      max: state.preset.X[0].length,
      value: state.r,
      onChange: (r) => widget.commit({ r }),
      language,
    }),
    seedField: createIntegerField({
      id: 'seed',
      name: 'seed',
      label: language.text('controls.seed'),
      min: 0,
      max: MAX_SEED,
      value: state.seed,
      onChange: (seed) => widget.commit({ seed }),
      language,
    }),
    resample: el(
      'button',
      { type: 'button', class: 'primary', onclick: () => widget.commit({ seed: (widget.state.seed + 1) % (MAX_SEED + 1) }) },
      language.text('controls.resample'),
    ),
  };
}

function createReadouts(widget) {
  const { language } = widget;
  const heatmap = (key, maxCell) => createHeatmap({ title: language.t(`map.${key}.title`), maxCell, language });
  return {
    chips: { error: sym(''), expected: sym(''), floor: sym(''), norm: sym(''), distinct: sym('') },
    computing: el('p', { class: 'computing', role: 'status' }),
    errorPlot: createCrErrorPlot({ language }),
    weightPlot: createTermWeightPlot({ language }),
    subsets: createSubsetsTable({ language, onPick: (keep) => widget.commit({ keep }) }),
    subsetsHint: { r: sym(''), l: sym('') },
    maps: {
      X: heatmap('X', 22),
      Y: heatmap('Y', 22),
      product: heatmap('product'),
      estimate: heatmap('estimate'),
      residual: heatmap('residual'),
    },
  };
}

function headline(language, chips) {
  return el(
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
  );
}

function controlsPanel(widget, c, r, legend) {
  const { language } = widget;
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'cr-controls-heading' },
    el('h3', { id: 'cr-controls-heading' }, language.text('controls.heading')),
    el('div', { class: 'control' }, el('label', { for: 'preset' }, language.text('controls.factors')), c.presetSelect),
    c.rSlider.element,
    el('div', { class: 'control' }, el('label', { for: 'sampling' }, language.text('controls.sampling')), c.samplingSelect),
    el('div', { class: 'seed-row' }, c.seedField.element, c.resample),
    el('p', { class: 'hint' }, language.rich('controls.hint', { r: v('r'), weight: math('1/(', v('r'), v('p'), '_', v('i'), ')') })),
    el('div', { class: 'buttons' }, ...widget.copyControls),
    el('h4', {}, language.text('weights.heading')),
    r.weightPlot.element,
    el(
      'ul',
      { class: 'legend' },
      legend('bar', 'area', 'weights.optimal', { p: math(v('p'), '_', v('i')) }),
      legend('c2', 'dashed', 'weights.uniform', { u: math('1/', v('l')) }),
      legend('pick', 'area pick', 'weights.picked'),
    ),
  );
}

function errorPanel(language, r, legend) {
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'cr-error-heading' },
    Object.assign(language.rich('error.heading', { r: v('r') }, 'h3'), { id: 'cr-error-heading' }),
    r.computing,
    r.errorPlot.element,
    el(
      'ul',
      { class: 'legend' },
      legend('c1', '', 'legend.expOpt', { p: v('p') }),
      legend('c2', '', 'legend.expUni', { p: v('p') }),
      legend('c1', 'dot', 'legend.draws'),
      legend('c3', 'dashed', 'legend.top', { r: v('r') }),
      legend('', 'area', 'legend.floor'),
    ),
  );
}

function subsetsPanel(language, r) {
  const { r: rank, l } = r.subsetsHint;
  return el(
    'section',
    { class: 'panel subsets-panel', 'aria-labelledby': 'cr-subsets-heading' },
    Object.assign(language.rich('subsets.heading', { r: math(v('r'), ' = ', rank) }, 'h3'), { id: 'cr-subsets-heading' }),
    el('p', { class: 'hint' }, language.rich('subsets.hint', { r: v('r'), l, C: math(v('C'), v('R')) })),
    r.subsets.element,
  );
}

function layout(widget, c, r) {
  const { language } = widget;
  const legend = (className, swatch, key, slots) =>
    el('li', { class: className }, el('span', { class: `swatch ${swatch}` }), language.rich(key, slots));
  return language.mark(
    el(
      'div',
      { class: 'widget' },
      headline(language, r.chips),
      widget.statusElement,
      el(
        'div',
        { class: 'grid side' },
        controlsPanel(widget, c, r, legend),
        el('div', { class: 'stack' }, errorPanel(language, r, legend), subsetsPanel(language, r)),
        el(
          'section',
          { class: 'panel wide maps', 'aria-labelledby': 'cr-maps-heading' },
          el('h3', { id: 'cr-maps-heading' }, language.text('maps.heading')),
          el(
            'p',
            { class: 'hint' },
            language.rich('maps.hint', { i1: v('i'), X: v('X'), i2: v('i'), Y: v('Y'), i3: v('i'), Yt: math(v('Y'), 'ᵀ') }),
          ),
          el('div', { class: 'factor-maps' }, r.maps.X.element, r.maps.Y.element),
          el('div', { class: 'product-maps' }, r.maps.product.element, r.maps.estimate.element, r.maps.residual.element),
        ),
      ),
    ),
  );
}

// The five heatmaps: the factors with the picked terms marked, the product, the estimate, the residual.
function renderMaps(widget, maps, { picked, counts }) {
  const { t } = widget.language;
  const { base, current } = widget.derived;
  const { l, product } = base;
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
}

// What the tests and the host page can read off the element.
function describeOnHost(widget, used, expected) {
  const { host, state } = widget;
  Object.assign(host.dataset, {
    error: String(widget.derived.current.error),
    draws: used.join(','),
    seed: String(state.seed),
    r: String(state.r),
    sampling: state.sampling,
    preset: state.preset.id,
    expected: expected === null ? '' : String(expected),
  });
}

// The error-versus-r curves of the current factors and seed, through the framework's scheduler:
// a new seed or new factors abandon the run after its current rank.
function createCurves(widget) {
  const { host } = widget;
  const sweep = curveSweep(widget.resources.background);
  const job = widget.background({
    run: sweep,
    onAnswer: (outcome, _input, { latest }) => {
      if (!latest) return;
      if (outcome === 'done') host.dataset.curves = 'done';
      widget.render('curves');
    },
    onError: (error, _input, { latest }) => {
      if (!latest) return;
      host.dataset.curves = 'failed';
      const message = error instanceof Error ? error.message : String(error);
      widget.status(() => widget.language.t('core.rejected', { message }));
      widget.render('curves');
    },
  });
  let rows = [];
  return {
    get rows() {
      return rows;
    },
    // The exact expectations at once, the rest from the worker rank by rank.
    start() {
      const { X, Y } = widget.state.preset;
      rows = curveRows(widget.derived.base);
      host.dataset.curves = 'pending';
      job.request({ X, Y, seed: widget.state.seed, rows, onRow: () => widget.render('curves') });
    },
  };
}

/** The view of the framework (framework/create-widget.js). */
export function crView(widget) {
  const { host, language } = widget;
  const { t } = language;
  const c = createControls(widget);
  const r = createReadouts(widget);
  const curves = createCurves(widget);

  function renderCurves() {
    const { state } = widget;
    const { base, current } = widget.derived;
    const pending = host.dataset.curves === 'pending';
    r.computing.hidden = !pending;
    r.computing.textContent = pending ? t('error.computing') : '';
    r.errorPlot.draw({ rows: curves.rows, r: state.r, l: base.l, current: { r: state.r, value: current.error } });
    const row = curves.rows[state.r - 1];
    host.dataset.topError = row?.top === undefined ? '' : String(row.top);
  }

  function render(parts) {
    if (!parts.has('all')) return renderCurves();
    const { state } = widget;
    const { base, current } = widget.derived;
    const used = state.sampling === 'top' ? Array.from(current.indices) : Array.from(current.draws);
    const counts = new Map();
    for (const i of used) counts.set(i, (counts.get(i) ?? 0) + 1);
    const expected = state.sampling === 'top' ? null : current.expectedError;
    r.chips.error.textContent = formatNumber(current.error, 3);
    r.chips.expected.textContent = expected === null ? t('chip.noRandomness') : formatNumber(expected, 3);
    r.chips.floor.textContent = formatNumber(current.floor, 3);
    r.chips.norm.textContent = formatNumber(current.productNormSquared, 3);
    r.chips.distinct.textContent = t('chip.distinctValue', { count: counts.size, l: base.l });
    renderCurves();
    r.weightPlot.draw({ probabilities: base.probabilities, counts });
    renderMaps(widget, r.maps, { picked: [...counts.keys()], counts });
    r.subsetsHint.r.textContent = String(state.r);
    r.subsetsHint.l.textContent = String(base.l);
    r.subsets.update(widget.derived.subsets, state);
    describeOnHost(widget, used, expected);
  }

  // After a change: the controls show the new state; new factors or a new seed restart the curves.
  function sync(previous) {
    const next = widget.state;
    if (next.preset !== previous.preset) {
      c.presetSelect.value = next.preset.id;
      c.rSlider.setRange(1, widget.derived.base.l);
    }
    if (next.r !== previous.r || next.preset !== previous.preset) c.rSlider.setValue(next.r);
    if (next.seed !== previous.seed) c.seedField.setValue(next.seed);
    if (next.sampling !== previous.sampling) c.samplingSelect.value = next.sampling;
    if (curvesStale(next, previous)) curves.start();
  }

  curves.start();
  return { element: layout(widget, c, r), render, sync };
}
