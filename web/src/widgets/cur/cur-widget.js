// <mathlet-cur>: the implementation, loaded when the element nears the viewport.
// The reader picks a matrix M, the rank r, a selection method, the middle matrix and a seed; the
// state lives in the URL too (a permalink), and the widget speaks English or Chinese (cur-text.js),
// following the nearest lang attribute. Heatmaps of M, of CUR and of the error outline the chosen
// rows and columns; the plot compares every method's error with the SVD floor as r grows.
//
// What runs where (Chromium on the 2-core test machine, at the widget's limits: the 28 × 28 picture,
// r up to 28; medians with the machine lightly loaded):
//   main thread  the decomposition for the current choice with leverage scores, pivoted QR, DEIM or
//                uniform selection: one cur() call, 0.1-0.6 ms up to r = 14 and 1.0-1.9 ms at r = 28
//                (the worst case), so dragging r redraws in the next frame. The calls are timed as
//                performance measures 'mathlet-cur main-thread core' (lowrank-worker.test.js reports
//                them: median 3 ms over 21 calls at the limits, load 4).
//   worker       anything brute force or repeated: the max-volume choice (it enumerates every pair of
//                row and column sets: 0.5-1 ms at r = 1 but 28-65 ms at r = 2 on the 20-28 row
//                presets, 300 ms when loaded; timed as 'mathlet-cur max-volume round trip'), and the
//                error-versus-r curves (every method at every r, about 120 cur() calls: about 1 s
//                until drawn at load 4). They go to the shared worker of parts/background-core.js.
//                While the max-volume choice is computed the last decomposition (on first load,
//                DEIM's) stays on screen with a "computing…" line; an answer overtaken by a newer
//                choice is dropped. The curves fill in rank by rank, and a new matrix, seed or middle
//                matrix abandons a run after its current rank.
import { load } from '../../core/index.js';
import { openMountScope } from '../framework/mount-scope.js';
import { createTeardown } from '../framework/teardown.js';
import { backgroundCore } from '../parts/background-core.js';
import { el, sym } from '../parts/create-element.js';
import { createHeatmap, robustScale } from '../parts/heatmap.js';
import { createIntegerField } from '../parts/integer-field.js';
import { createIntegerSlider } from '../parts/integer-slider.js';
import { matrixWidgetStyles } from '../parts/matrix-widget-styles.js';
import { formatNumber } from '../parts/number-text.js';
import { createPermalink, permalinkStyles } from '../parts/permalink.js';
import { adoptStyles } from '../parts/shadow-styles.js';
import { createWidgetLanguage } from '../parts/widget-language.js';
import { createCurErrorPlot } from './cur-error-plot.js';
import {
  DEFAULTS,
  LEVERAGE_METHODS,
  MAX_SEED,
  METHODS,
  METHOD_IDS,
  MIDDLES,
  PRESETS,
  RANDOM_METHODS,
  maxVolumeFeasible,
  readChoice,
  readPreset,
  readWhole,
} from './cur-presets.js';
import { curStyles } from './cur-styles.js';
import { curText } from './cur-text.js';

const v = (name) => el('var', { translate: 'no' }, name);
const math = (...parts) => el('span', { class: 'notranslate nowrap', translate: 'no' }, ...parts);
const asMatrix = (rows) => ({ rows: rows.length, cols: rows[0].length, data: Float64Array.from(rows.flat()) });
const sizeOf = (preset) => Math.min(preset.matrix.length, preset.matrix[0].length);
const BRUTE_FORCE = 'max-volume';

export async function mount(host, root) {
  const core = await load({ include: ['matrix'] });
  // Everything set up from here on is undone when the element leaves the page (lazy-element.js).
  const teardown = createTeardown();
  const closeScope = openMountScope(teardown);
  const background = backgroundCore(['matrix']); // started now, awaited when brute force or curves are needed
  const language = createWidgetLanguage(host, curText);
  const { t } = language;

  const timed = (name, f) => {
    const start = performance.now();
    const done = () => performance.measure(name, { start });
    const value = f();
    if (value instanceof Promise) return value.finally(done);
    done();
    return value;
  };

  // ---- state ------------------------------------------------------------------------------
  // `attribute(name)` gives the text of an attribute, or of the same field in a permalink.
  const fromAttributes = (attribute) => {
    const preset = readPreset(attribute('preset'));
    const r = readWhole('r', attribute('r'), 1, sizeOf(preset.value), Math.min(DEFAULTS.r, sizeOf(preset.value)));
    const select = readChoice('select', attribute('select'), METHOD_IDS, DEFAULTS.select);
    const middle = readChoice('middle', attribute('middle'), MIDDLES, DEFAULTS.middle);
    const seed = readWhole('seed', attribute('seed'), 0, MAX_SEED, DEFAULTS.seed);
    return {
      state: { preset: preset.value, r: r.value, select: select.value, middle: middle.value, seed: seed.value },
      problems: [preset, r, select, middle, seed].map((x) => x.problem).filter(Boolean),
    };
  };
  const link = createPermalink(host, {
    // The reader's newest choice (a max-volume choice still computing included), so a reload asks for it again.
    fields: () => ({ preset: wanted.preset.id, r: wanted.r, select: wanted.select, middle: wanted.middle, seed: wanted.seed }),
    onRestore: (fields) => {
      const restored = fromAttributes((name) => fields[name] ?? host.getAttribute(name));
      commit(restored.state);
      reportIgnored(restored.problems);
    },
    language,
  });
  const initial = fromAttributes((name) => link.get(name) ?? host.getAttribute(name));
  let state = initial.state; // what is on screen
  let wanted = state; // the newest choice asked for (ahead of `state` while max volume is computed)
  let M = asMatrix(state.preset.matrix);
  let current = null;
  let rows = [];
  let decomposition = 0; // the newest decomposition asked for; a slower, older answer is dropped
  let curveRun = 0; // the newest curve computation; older ones stop at their next rank
  let status = null; // () => message in the current language, or null
  let firstTicket = Infinity; // the decompositions asked for at mount (attributes or a link) are not written into the URL

  // The core's options for one selection at rank r: leverage scores from the dominant r singular vectors.
  const options = (s, select, r) => ({
    select,
    middle: s.middle,
    ...(RANDOM_METHODS.has(select) ? { seed: s.seed } : {}),
    ...(LEVERAGE_METHODS.has(select) ? { gamma: r } : {}),
  });

  /** Asks for a new choice; the decomposition is computed here, or in the worker for max volume. */
  function commit(change) {
    const next = { ...wanted, ...change };
    const nextM = next.preset === state.preset ? M : asMatrix(next.preset.matrix);
    const ticket = ++decomposition;
    const refuse = (problem) => {
      if (ticket !== decomposition) return false;
      wanted = state;
      if (ticket > firstTicket) link.update();
      showStatus(() => t('status.kept', { problem: problem() }));
      showPending(false);
      showControls(state);
      return false;
    };
    const rejected = (error) => {
      const message = error instanceof Error ? error.message : String(error);
      return refuse(() => t('core.rejected', { message }));
    };
    if (next.select === BRUTE_FORCE && !maxVolumeFeasible(nextM.rows, nextM.cols, next.r)) {
      return refuse(() => t('status.maxVolume', { r: next.r, rows: nextM.rows, cols: nextM.cols }));
    }
    wanted = next;
    if (next.select === BRUTE_FORCE) {
      showPending(true);
      showControls(next);
      if (ticket > firstTicket) link.update();
      background
        .then(({ api }) => timed('mathlet-cur max-volume round trip', () => api.cur(nextM, next.r, options(next, next.select, next.r))))
        .then((result) => ticket === decomposition && apply(next, nextM, result, ticket), rejected);
      return true;
    }
    let result;
    try {
      result = timed('mathlet-cur main-thread core', () => core.cur(nextM, next.r, options(next, next.select, next.r)));
    } catch (error) {
      return rejected(error);
    }
    return apply(next, nextM, result, ticket);
  }

  function apply(next, nextM, result, ticket) {
    const previous = state;
    state = next;
    const curvesStale = !current || next.preset !== previous.preset || next.seed !== previous.seed || next.middle !== previous.middle;
    M = nextM;
    current = result;
    showStatus(null);
    showPending(false);
    showControls(next);
    if (ticket > firstTicket) link.update();
    if (curvesStale) startCurves();
    requestRender();
    return true;
  }

  // The error-versus-r curves, from the worker rank by rank: the quick methods first, then max volume
  // where it is allowed (it takes far longer).
  async function startCurves() {
    const run = ++curveRun;
    const matrix = M;
    const s = { ...state };
    const maxR = Math.min(matrix.rows, matrix.cols);
    const quick = METHOD_IDS.filter((key) => key !== BRUTE_FORCE);
    // The SVD floor at every r from M's singular values, at once; the methods' errors from the worker.
    const sigma = current.singularValues;
    rows = Array.from({ length: maxR }, (_, k) => ({ r: k + 1, floor: sigma.slice(k + 1).reduce((sum, x) => sum + x * x, 0) }));
    host.dataset.curves = 'pending';
    requestRender('curves');
    try {
      const { api } = await background;
      for (const row of rows) {
        if (run !== curveRun) return;
        const results = await Promise.all(quick.map((key) => api.cur(matrix, row.r, options(s, key, row.r))));
        if (run !== curveRun) return;
        quick.forEach((key, k) => {
          row[key] = results[k].error;
        });
        requestRender('curves');
      }
      for (const row of rows) {
        if (!maxVolumeFeasible(matrix.rows, matrix.cols, row.r)) break;
        const result = await api.cur(matrix, row.r, options(s, BRUTE_FORCE, row.r));
        if (run !== curveRun) return;
        row[BRUTE_FORCE] = result.error;
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
        if (!preset) return;
        const r = Math.min(wanted.r, sizeOf(preset));
        // Max volume only fits small sizes: fall back to DEIM rather than refuse the matrix.
        const select =
          wanted.select === BRUTE_FORCE && !maxVolumeFeasible(preset.matrix.length, preset.matrix[0].length, r) ? 'deim' : wanted.select;
        commit({ preset, r, select });
      },
    },
    ...PRESETS.map((p) => el('option', { value: p.id }, language.text(`preset.${p.id}`))),
  );

  const rSlider = createIntegerSlider({
    id: 'r',
    name: 'r',
    label: language.rich('controls.rank', { r: v('r') }),
    min: 1,
    max: sizeOf(state.preset),
    value: state.r,
    onChange: (r) => commit({ r }),
    language,
  });
  const selectMenu = el(
    'select',
    { id: 'select', onchange: (event) => commit({ select: event.target.value }) },
    ...METHOD_IDS.map((id) => el('option', { value: id }, language.text(`method.${id}`))),
  );
  const middleMenu = el(
    'select',
    { id: 'middle', onchange: (event) => commit({ middle: event.target.value }) },
    ...MIDDLES.map((id) => el('option', { value: id }, language.text(`middle.${id}`))),
  );
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
    { type: 'button', class: 'primary', onclick: () => commit({ seed: (wanted.seed + 1) % (MAX_SEED + 1) }) },
    language.text('controls.resample'),
  );

  // The controls show choice `s` (the newest asked for, or the last one kept after a refusal).
  let shown = null;
  function showControls(s) {
    if (s.preset !== shown?.preset) {
      presetSelect.value = s.preset.id;
      rSlider.setRange(1, sizeOf(s.preset));
    }
    if (s.r !== shown?.r || s.preset !== shown?.preset) rSlider.setValue(s.r);
    selectMenu.value = s.select;
    middleMenu.value = s.middle;
    if (s.seed !== shown?.seed) seedField.setValue(s.seed);
    shown = s;
  }

  // ---- readouts and pictures ----------------------------------------------------------------
  const chips = { error: sym(''), floor: sym(''), ratio: sym(''), kappa: sym(''), det: sym(''), picked: sym('') };
  chips.picked.classList.add('picked');
  const statusLine = el('p', { class: 'status', role: 'alert', hidden: true });
  const pendingLine = el('p', { class: 'computing', role: 'status', hidden: true }, language.text('controls.computing'));
  const computing = el('p', { class: 'computing', role: 'status', hidden: true }, language.text('error.computing'));
  const errorPlot = createCurErrorPlot({ methods: METHODS, language });
  const heatmap = (key) => createHeatmap({ title: t(`map.${key}.title`), maxCell: 30, language });
  const maps = { M: heatmap('M'), approx: heatmap('approx'), error: heatmap('error') };
  const heading = (key, slots, id) => Object.assign(language.rich(key, slots, 'h3'), { id });

  const widget = el(
    'div',
    { class: 'widget' },
    el(
      'div',
      { class: 'headline' },
      language.rich('headline', { M: v('M'), r: v('r'), r2: v('r') }, 'h2'),
      el(
        'div',
        { class: 'chips' },
        el(
          'span',
          { class: 'chip current' },
          math('‖', v('M'), ' − ', v('C'), v('U'), v('R'), '‖²', el('sub', {}, 'F'), ' = '),
          chips.error,
        ),
        el('span', { class: 'chip' }, language.rich('chip.floor', { value: chips.floor })),
        el('span', { class: 'chip' }, language.rich('chip.ratio', { value: chips.ratio })),
        el('span', { class: 'chip' }, math('κ(', v('W'), ') = '), chips.kappa),
        el('span', { class: 'chip' }, math('|det ', v('W'), '| = '), chips.det),
      ),
    ),
    statusLine,
    el(
      'div',
      { class: 'grid side' },
      el(
        'section',
        { class: 'panel', 'aria-labelledby': 'cur-controls-heading' },
        el('h3', { id: 'cur-controls-heading' }, language.text('controls.heading')),
        el('div', { class: 'control' }, el('label', { for: 'preset' }, language.text('controls.matrix')), presetSelect),
        rSlider.element,
        el('div', { class: 'control' }, el('label', { for: 'select' }, language.text('controls.select')), selectMenu),
        el('div', { class: 'control' }, el('label', { for: 'middle' }, language.text('controls.middle')), middleMenu),
        el('div', { class: 'seed-row' }, seedField.element, resample),
        el('p', { class: 'hint' }, language.rich('controls.hint', { limit: math('2 · 10⁵') })),
        el('p', { class: 'picked-line' }, language.rich('controls.chosen', { picked: chips.picked })),
        pendingLine,
        el('div', { class: 'buttons' }, link.element),
      ),
      el(
        'section',
        { class: 'panel', 'aria-labelledby': 'cur-error-heading' },
        heading('error.heading', { r: v('r') }, 'cur-error-heading'),
        computing,
        errorPlot.element,
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
        el('div', { class: 'cur-maps' }, maps.M.element, maps.approx.element, maps.error.element),
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
  function showPending(pending) {
    pendingLine.hidden = !pending;
    if (pending) host.dataset.pending = BRUTE_FORCE;
    else delete host.dataset.pending;
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
    computing.hidden = host.dataset.curves !== 'pending';
    const normSquared = current.singularValues.reduce((sum, x) => sum + x * x, 0);
    errorPlot.draw({ rows, r: state.r, maxR: Math.min(M.rows, M.cols), current: { r: state.r, value: current.error }, normSquared });
  }

  function render() {
    const started = performance.now();
    const c = current;
    const chosenRows = Array.from(c.rows);
    const chosenCols = Array.from(c.cols);
    const floor = c.errors.floorSquared;
    chips.error.textContent = formatNumber(c.error, 4);
    chips.floor.textContent = formatNumber(floor, 4);
    chips.ratio.textContent = floor > 1e-12 * Math.max(1, c.error) ? `${formatNumber(c.error / floor, 2)}×` : '—';
    chips.kappa.textContent = Number.isFinite(c.intersectionCondition) ? formatNumber(c.intersectionCondition, 3) : '∞';
    chips.det.textContent = formatNumber(Math.abs(c.intersectionDet), 3);
    chips.picked.textContent = t('controls.picked', { rows: chosenRows.join(', '), cols: chosenCols.join(', ') });

    renderCurves();
    const scale = robustScale(M.data);
    const error = { rows: M.rows, cols: M.cols, data: M.data.map((x, k) => x - c.approx.data[k]) };
    const errorScale = robustScale(error.data);
    const view = (key, matrix, extra) => ({
      matrix,
      rows: chosenRows,
      cols: chosenCols,
      title: t(`map.${key}.title`),
      label: t(`map.${key}.label`),
      ...extra,
    });
    maps.M.draw(view('M', M, { scale, note: t('map.size', { rows: M.rows, cols: M.cols }) }));
    maps.approx.draw(view('approx', c.approx, { scale, note: t('map.approx.note', { r: state.r }) }));
    maps.error.draw(view('error', error, { scale: errorScale, note: t('map.error.note', { value: formatNumber(errorScale, 3) }) }));

    host.dataset.error = String(c.error);
    host.dataset.floor = String(floor);
    host.dataset.rows = chosenRows.join(',');
    host.dataset.cols = chosenCols.join(',');
    host.dataset.r = String(state.r);
    host.dataset.select = state.select;
    host.dataset.middle = state.middle;
    host.dataset.seed = String(state.seed);
    host.dataset.preset = state.preset.id;
    performance.measure('mathlet-cur render', { start: started });
  }

  language.mark(widget);
  language.onChange(() => {
    if (status) showStatus(status);
    render();
  });

  showControls(state);
  adoptStyles(root, matrixWidgetStyles, permalinkStyles, curStyles);
  root.replaceChildren(widget);
  firstDecomposition();
  firstTicket = decomposition; // from now on changes are the reader's: the URL follows them
  render();
  reportIgnored(initial.problems);

  // The first choice (from the attributes or a link) may be max volume: DEIM goes on screen at once
  // and max volume is asked of the worker (or refused with a message, DEIM staying).
  function firstDecomposition() {
    if (state.select !== BRUTE_FORCE) return commit({});
    commit({ select: 'deim' });
    return commit({ select: BRUTE_FORCE });
  }

  const readers = {
    preset: (text) => readPreset(text),
    r: (text) => readWhole('r', text, 1, Math.min(M.rows, M.cols), wanted.r),
    select: (text) => readChoice('select', text, METHOD_IDS, wanted.select),
    middle: (text) => readChoice('middle', text, MIDDLES, wanted.middle),
    seed: (text) => readWhole('seed', text, 0, MAX_SEED, wanted.seed),
  };
  closeScope();
  return {
    attributeChanged(name, text) {
      const read = readers[name](text);
      if (read.problem) return reportIgnored([read.problem]);
      const change = { [name]: read.value };
      if (name === 'preset') change.r = Math.min(wanted.r, sizeOf(read.value));
      commit(change);
    },
    disconnect() {
      curveRun++;
      decomposition++;
      link.disconnect();
      language.stop();
      teardown.run();
    },
  };
}
