// What <mathlet-cur> shows: the controls (matrix, r, method, middle matrix, seed) with the chosen
// rows and columns; the error of every method against r beside the SVD floor (from the worker, as
// the ranks arrive); heatmaps of M, of CUR and of the error, outlining the chosen rows and columns.
// Built once; render(parts) redraws it at most once per frame: everything, or only the error plot
// when a rank of the curves arrived.
import { el, sym } from '../parts/create-element.js';
import { createHeatmap, robustScale } from '../parts/heatmap.js';
import { createIntegerField } from '../parts/integer-field.js';
import { createIntegerSlider } from '../parts/integer-slider.js';
import { formatNumber } from '../parts/number-text.js';
import { curveRows, curveSweep, maxVolumeKey, maxVolumeRun } from './cur-compute.js';
import { createCurErrorPlot } from './cur-error-plot.js';
import { MAX_SEED, METHODS, METHOD_IDS, MIDDLES, PRESETS } from './cur-presets.js';
import { BRUTE_FORCE, curvesStale, presetChange, sizeOf } from './cur-state.js';

const v = (name) => el('var', { translate: 'no' }, name);
const math = (...parts) => el('span', { class: 'notranslate nowrap', translate: 'no' }, ...parts);
const errorText = (error) => (error instanceof Error ? error.message : String(error));

function menu(id, ids, caption, onchange) {
  return el('select', { id, onchange }, ...ids.map((key) => el('option', { value: key }, caption(key))));
}

function createControls(widget) {
  const { language, state } = widget;
  const commit = (change) => widget.commit(change);
  const c = {
    presetSelect: menu(
      'preset',
      PRESETS.map((p) => p.id),
      (id) => language.text(`preset.${id}`),
      (event) => {
        const preset = PRESETS.find((p) => p.id === event.target.value);
        if (preset) commit(presetChange(preset, widget.state));
      },
    ),
    rSlider: createIntegerSlider({
      id: 'r',
      name: 'r',
      label: language.rich('controls.rank', { r: v('r') }),
      min: 1,
      max: sizeOf(state.preset),
      value: state.r,
      onChange: (r) => commit({ r }),
      language,
    }),
    selectMenu: menu(
      'select',
      METHOD_IDS,
      (id) => language.text(`method.${id}`),
      (event) => commit({ select: event.target.value }),
    ),
    middleMenu: menu(
      'middle',
      MIDDLES,
      (id) => language.text(`middle.${id}`),
      (event) => commit({ middle: event.target.value }),
    ),
    seedField: createIntegerField({
      id: 'seed',
      name: 'seed',
      label: language.text('controls.seed'),
      min: 0,
      max: MAX_SEED,
      value: state.seed,
      onChange: (seed) => commit({ seed }),
      language,
    }),
    resample: el(
      'button',
      { type: 'button', class: 'primary', onclick: () => commit({ seed: (widget.state.seed + 1) % (MAX_SEED + 1) }) },
      language.text('controls.resample'),
    ),
  };
  // The controls show choice `s` (the newest asked for, or the last one kept after a refusal).
  let shown = null;
  c.show = (s, { force = false } = {}) => {
    if (s.preset !== shown?.preset) {
      c.presetSelect.value = s.preset.id;
      c.rSlider.setRange(1, sizeOf(s.preset));
    }
    if (force || s.r !== shown?.r || s.preset !== shown?.preset) c.rSlider.setValue(s.r);
    c.selectMenu.value = s.select;
    c.middleMenu.value = s.middle;
    if (force || s.seed !== shown?.seed) c.seedField.setValue(s.seed);
    shown = s;
  };
  c.show(state);
  return c;
}

function createReadouts(language) {
  const chips = { error: sym(''), floor: sym(''), ratio: sym(''), kappa: sym(''), det: sym(''), picked: sym('') };
  chips.picked.classList.add('picked');
  const heatmap = (key) => createHeatmap({ title: language.t(`map.${key}.title`), maxCell: 30, language });
  return {
    chips,
    pendingLine: el('p', { class: 'computing', role: 'status', hidden: true }, language.text('controls.computing')),
    computing: el('p', { class: 'computing', role: 'status', hidden: true }, language.text('error.computing')),
    errorPlot: createCurErrorPlot({ methods: METHODS, language }),
    maps: { M: heatmap('M'), approx: heatmap('approx'), error: heatmap('error') },
  };
}

function headline(language, chips) {
  return el(
    'div',
    { class: 'headline' },
    language.rich('headline', { M: v('M'), r: v('r'), r2: v('r') }, 'h2'),
    el(
      'div',
      { class: 'chips' },
      el('span', { class: 'chip current' }, math('‖', v('M'), ' − ', v('C'), v('U'), v('R'), '‖²', el('sub', {}, 'F'), ' = '), chips.error),
      el('span', { class: 'chip' }, language.rich('chip.floor', { value: chips.floor })),
      el('span', { class: 'chip' }, language.rich('chip.ratio', { value: chips.ratio })),
      el('span', { class: 'chip' }, math('κ(', v('W'), ') = '), chips.kappa),
      el('span', { class: 'chip' }, math('|det ', v('W'), '| = '), chips.det),
    ),
  );
}

function controlsPanel(widget, c, r) {
  const { language } = widget;
  const control = (id, key, input) => el('div', { class: 'control' }, el('label', { for: id }, language.text(key)), input);
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'cur-controls-heading' },
    el('h3', { id: 'cur-controls-heading' }, language.text('controls.heading')),
    control('preset', 'controls.matrix', c.presetSelect),
    c.rSlider.element,
    control('select', 'controls.select', c.selectMenu),
    control('middle', 'controls.middle', c.middleMenu),
    el('div', { class: 'seed-row' }, c.seedField.element, c.resample),
    el('p', { class: 'hint' }, language.rich('controls.hint', { limit: math('2 · 10⁵') })),
    el('p', { class: 'picked-line' }, language.rich('controls.chosen', { picked: r.chips.picked })),
    r.pendingLine,
    el('div', { class: 'buttons' }, ...widget.copyControls),
  );
}

function layout(widget, c, r) {
  const { language } = widget;
  return language.mark(
    el(
      'div',
      { class: 'widget' },
      headline(language, r.chips),
      widget.statusElement,
      el(
        'div',
        { class: 'grid side' },
        controlsPanel(widget, c, r),
        el(
          'section',
          { class: 'panel', 'aria-labelledby': 'cur-error-heading' },
          Object.assign(language.rich('error.heading', { r: v('r') }, 'h3'), { id: 'cur-error-heading' }),
          r.computing,
          r.errorPlot.element,
          el(
            'ul',
            { class: 'legend' },
            ...METHODS.map(([key, color]) =>
              el('li', { class: color }, el('span', { class: 'swatch' }), el('span', {}, language.text(`short.${key}`))),
            ),
            el('li', {}, el('span', { class: 'swatch area' }), el('span', {}, language.text('legend.floor'))),
          ),
        ),
        el(
          'section',
          { class: 'panel wide', 'aria-labelledby': 'cur-maps-heading' },
          el('h3', { id: 'cur-maps-heading' }, language.text('maps.heading')),
          el('p', { class: 'hint' }, language.rich('maps.hint', { W: v('W'), M: v('M') })),
          el('div', { class: 'cur-maps' }, r.maps.M.element, r.maps.approx.element, r.maps.error.element),
        ),
      ),
    ),
  );
}

function renderChips(t, chips, { result: c }, chosen) {
  const floor = c.errors.floorSquared;
  chips.error.textContent = formatNumber(c.error, 4);
  chips.floor.textContent = formatNumber(floor, 4);
  chips.ratio.textContent = floor > 1e-12 * Math.max(1, c.error) ? `${formatNumber(c.error / floor, 2)}×` : '—';
  chips.kappa.textContent = Number.isFinite(c.intersectionCondition) ? formatNumber(c.intersectionCondition, 3) : '∞';
  chips.det.textContent = formatNumber(Math.abs(c.intersectionDet), 3);
  chips.picked.textContent = t('controls.picked', { rows: chosen.rows.join(', '), cols: chosen.cols.join(', ') });
}

// The three heatmaps, each outlining the chosen rows and columns: M, CUR and the error.
function renderMaps(t, maps, { shown, M, result }, chosen) {
  const scale = robustScale(M.data);
  const error = { rows: M.rows, cols: M.cols, data: M.data.map((x, k) => x - result.approx.data[k]) };
  const errorScale = robustScale(error.data);
  const view = (key, matrix, extra) => ({ matrix, ...chosen, title: t(`map.${key}.title`), label: t(`map.${key}.label`), ...extra });
  maps.M.draw(view('M', M, { scale, note: t('map.size', { rows: M.rows, cols: M.cols }) }));
  maps.approx.draw(view('approx', result.approx, { scale, note: t('map.approx.note', { r: shown.r }) }));
  maps.error.draw(view('error', error, { scale: errorScale, note: t('map.error.note', { value: formatNumber(errorScale, 3) }) }));
}

// What the tests and the host page can read off the element: the decomposition on screen.
function describeOnHost(host, { shown, result }, chosen) {
  Object.assign(host.dataset, {
    error: String(result.error),
    floor: String(result.errors.floorSquared),
    rows: chosen.rows.join(','),
    cols: chosen.cols.join(','),
    r: String(shown.r),
    select: shown.select,
    middle: shown.middle,
    seed: String(shown.seed),
    preset: shown.preset.id,
  });
}

// The error-versus-r curves of the matrix, seed and middle matrix on screen, through the
// framework's scheduler: a new one abandons the run after its current rank.
function createCurves(widget) {
  const { host } = widget;
  const job = widget.background({
    run: curveSweep(widget.resources.background),
    onAnswer: (outcome, _input, { latest }) => {
      if (!latest) return;
      if (outcome === 'done') host.dataset.curves = 'done';
      widget.render('curves');
    },
    onError: (error, _input, { latest }) => {
      if (!latest) return;
      host.dataset.curves = 'failed';
      widget.status(() => widget.language.t('core.rejected', { message: errorText(error) }));
      widget.render('curves');
    },
  });
  let rows = [];
  let computedFor = null; // the choice whose curves are shown or being computed
  return {
    get rows() {
      return rows;
    },
    // The SVD floor at once, every method's error from the worker rank by rank.
    update() {
      const { shown, M, result } = widget.derived;
      if (!curvesStale(shown, computedFor)) return;
      computedFor = shown;
      rows = curveRows(result.singularValues, Math.min(M.rows, M.cols));
      host.dataset.curves = 'pending';
      job.request({ M, choice: shown, rows, onRow: () => widget.render('curves') });
    },
  };
}

// The max-volume choice, asked of the worker while the last decomposition stays on screen. An
// answer is shown only if it is still the choice asked for; a failure puts back the choice on screen.
function createMaxVolume(widget, pendingLine) {
  const { host } = widget;
  let asked = null; // the key of the request in flight or waiting
  const current = (input) => widget.state.select === BRUTE_FORCE && maxVolumeKey(widget.state) === maxVolumeKey(input);
  const job = widget.background({
    run: maxVolumeRun(widget.resources.background),
    onAnswer: (result, input, { latest }) => {
      if (!latest) return;
      asked = null;
      if (!current(input)) return; // overtaken by a newer choice
      widget.resources.remember(input, result);
      widget.commit({});
    },
    onError: (error, input, { latest }) => {
      if (!latest) return;
      asked = null;
      if (!current(input)) return;
      widget.commit(widget.derived.shown);
      widget.status(() => widget.language.t('status.kept', { problem: widget.language.t('core.rejected', { message: errorText(error) }) }));
    },
  });
  return {
    update() {
      const { pending } = widget.derived;
      pendingLine.hidden = !pending;
      if (pending) host.dataset.pending = BRUTE_FORCE;
      else delete host.dataset.pending;
      if (!pending || asked === maxVolumeKey(widget.state)) return;
      asked = maxVolumeKey(widget.state);
      job.request(widget.state);
    },
  };
}

/** The view of the framework (framework/create-widget.js). */
export function curView(widget) {
  const { host, language } = widget;
  const { t } = language;
  const c = createControls(widget);
  const r = createReadouts(language);
  const curves = createCurves(widget);
  const maxVolume = createMaxVolume(widget, r.pendingLine);

  function renderCurves() {
    const { shown, M, result } = widget.derived;
    r.computing.hidden = host.dataset.curves !== 'pending';
    const normSquared = result.singularValues.reduce((sum, x) => sum + x * x, 0);
    const maxR = Math.min(M.rows, M.cols);
    r.errorPlot.draw({ rows: curves.rows, r: shown.r, maxR, current: { r: shown.r, value: result.error }, normSquared });
  }

  function render(parts) {
    if (!parts.has('all')) return renderCurves();
    const { derived } = widget;
    const chosen = { rows: Array.from(derived.result.rows), cols: Array.from(derived.result.cols) };
    renderChips(t, r.chips, derived, chosen);
    renderCurves();
    renderMaps(t, r.maps, derived, chosen);
    describeOnHost(host, derived, chosen);
  }

  // After a change: the controls show the new choice; max volume is asked of the worker; another
  // matrix, seed or middle matrix on screen restarts the curves.
  function sync() {
    c.show(widget.state);
    maxVolume.update();
    curves.update();
  }

  curves.update();
  maxVolume.update();
  return { element: layout(widget, c, r), render, sync, revert: () => c.show(widget.state, { force: true }) };
}
