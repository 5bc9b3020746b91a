// <mathlet-cur>: the implementation, loaded when the element nears the viewport.
// The reader picks a matrix M, the rank r, a selection method, the middle matrix and a seed. The
// decomposition for the current choice is one wasm call, drawn in the next animation frame as
// heatmaps of M (chosen rows and columns outlined), of CUR and of the error; the error-versus-r
// curves of every method fill in over the following frames, so dragging r never waits for them.
import { load } from '../../core/index.js';
import { el, sym } from '../parts/create-element.js';
import { createFrameBudgetWork } from '../parts/frame-budget-work.js';
import { createHeatmap, robustScale } from '../parts/heatmap.js';
import { createIntegerField } from '../parts/integer-field.js';
import { createIntegerSlider } from '../parts/integer-slider.js';
import { matrixWidgetStyles } from '../parts/matrix-widget-styles.js';
import { formatNumber } from '../parts/number-text.js';
import { adoptStyles } from '../parts/shadow-styles.js';
import { createCurErrorPlot } from './cur-error-plot.js';
import { DEFAULTS, MAX_SEED, METHODS, MIDDLES, PRESETS, RANDOM_METHODS, maxVolumeFeasible, readChoice, readPreset, readWhole } from './cur-presets.js';
import { curStyles } from './cur-styles.js';

const v = (name) => el('var', { translate: 'no' }, name);
const math = (...parts) => el('span', { class: 'notranslate nowrap', translate: 'no' }, ...parts);
const asMatrix = (rows) => ({ rows: rows.length, cols: rows[0].length, data: Float64Array.from(rows.flat()) });
const sizeOf = (preset) => Math.min(preset.matrix.length, preset.matrix[0].length);

export async function mount(host, root) {
  const core = await load({ include: ['matrix'] });

  // ---- state ------------------------------------------------------------------------------
  const fromAttributes = () => {
    const preset = readPreset(host.getAttribute('preset'));
    const r = readWhole('r', host.getAttribute('r'), 1, sizeOf(preset.value), Math.min(DEFAULTS.r, sizeOf(preset.value)));
    const select = readChoice('select', host.getAttribute('select'), METHODS, DEFAULTS.select);
    const middle = readChoice('middle', host.getAttribute('middle'), MIDDLES, DEFAULTS.middle);
    const seed = readWhole('seed', host.getAttribute('seed'), 0, MAX_SEED, DEFAULTS.seed);
    return {
      state: { preset: preset.value, r: r.value, select: select.value, middle: middle.value, seed: seed.value },
      problems: [preset, r, select, middle, seed].map((x) => x.problem).filter(Boolean),
    };
  };
  const initial = fromAttributes();
  let state = initial.state;
  let M = asMatrix(state.preset.matrix);
  let current = null;
  let rows = [];
  let frameRequested = false;
  const work = createFrameBudgetWork();

  const options = (s, select = s.select) => ({ select, middle: s.middle, ...(RANDOM_METHODS.has(select) ? { seed: s.seed } : {}) });

  function commit(change, source = null) {
    const next = { ...state, ...change };
    const nextM = next.preset === state.preset && M ? M : asMatrix(next.preset.matrix);
    let result;
    try {
      if (next.select === 'max-volume' && !maxVolumeFeasible(nextM.rows, nextM.cols, next.r)) {
        throw new RangeError(`max volume: trying every choice of ${next.r} rows and ${next.r} columns of a ${nextM.rows} × ${nextM.cols} matrix is too slow here; pick a smaller r or another method`);
      }
      result = core.cur(nextM, next.r, options(next));
    } catch (error) {
      showStatus(`${error instanceof Error ? error.message : String(error)}. Kept the last decomposition.`);
      if (source !== 'r-typed') rSlider.setValue(state.r);
      selectMenu.value = state.select;
      return false;
    }
    const previous = state;
    state = next;
    const curvesStale = !current || next.preset !== previous.preset || next.seed !== previous.seed || next.middle !== previous.middle;
    M = nextM;
    current = result;
    showStatus(null);
    if (next.preset !== previous.preset) {
      presetSelect.value = next.preset.id;
      rSlider.setRange(1, sizeOf(next.preset));
    }
    if (next.r !== previous.r || next.preset !== previous.preset) rSlider.setValue(next.r);
    if (next.select !== previous.select) selectMenu.value = next.select;
    if (next.middle !== previous.middle) middleMenu.value = next.middle;
    if (next.seed !== previous.seed) seedField.setValue(next.seed);
    if (curvesStale) startCurves();
    requestRender();
    return true;
  }

  function startCurves() {
    const matrix = M;
    const s = { ...state };
    const maxR = Math.min(matrix.rows, matrix.cols);
    rows = Array.from({ length: maxR }, (_, k) => ({ r: k + 1 }));
    host.dataset.curves = 'pending';
    work.run((function* fill() {
      // Cheap methods first at every r, then the brute-force one where it is allowed.
      for (const row of rows) {
        for (const [key] of METHODS) {
          if (key === 'max-volume') continue;
          const result = core.cur(matrix, row.r, options(s, key));
          row[key] = result.error;
          row.floor = result.errors.floorSquared;
          yield;
        }
      }
      for (const row of rows) {
        if (!maxVolumeFeasible(matrix.rows, matrix.cols, row.r)) break;
        row['max-volume'] = core.cur(matrix, row.r, options(s, 'max-volume')).error;
        yield;
      }
    })(), { onProgress: requestRender, onDone: () => { host.dataset.curves = 'done'; } });
  }

  // ---- controls ---------------------------------------------------------------------------
  const presetSelect = el('select', { id: 'preset', onchange: (event) => {
    const preset = PRESETS.find((p) => p.id === event.target.value);
    if (!preset) return;
    const r = Math.min(state.r, sizeOf(preset));
    // Max volume only fits small sizes: fall back to DEIM rather than refuse the matrix.
    const select = state.select === 'max-volume' && !maxVolumeFeasible(preset.matrix.length, preset.matrix[0].length, r) ? 'deim' : state.select;
    commit({ preset, r, select });
  } }, ...PRESETS.map((p) => el('option', { value: p.id }, p.label)));
  presetSelect.value = state.preset.id;

  const rSlider = createIntegerSlider({
    id: 'r', name: 'r', label: el('span', {}, 'Rank ', v('r')), min: 1, max: sizeOf(state.preset), value: state.r,
    onChange: (r) => commit({ r }),
  });
  const selectMenu = el('select', { id: 'select', onchange: (event) => commit({ select: event.target.value }) },
    ...METHODS.map(([value, text]) => el('option', { value }, text)));
  selectMenu.value = state.select;
  const middleMenu = el('select', { id: 'middle', onchange: (event) => commit({ middle: event.target.value }) },
    ...MIDDLES.map(([value, text]) => el('option', { value }, text)));
  middleMenu.value = state.middle;
  const seedField = createIntegerField({
    id: 'seed', name: 'seed', label: 'Seed', min: 0, max: MAX_SEED, value: state.seed,
    onChange: (seed) => commit({ seed }),
  });
  const resample = el('button', { type: 'button', class: 'primary', onclick: () => commit({ seed: (state.seed + 1) % (MAX_SEED + 1) }) }, 'Resample (next seed)');

  // ---- readouts and pictures ----------------------------------------------------------------
  const chips = { error: sym(''), floor: sym(''), ratio: sym(''), kappa: sym(''), det: sym(''), picked: sym('') };
  const status = el('p', { class: 'status', role: 'alert', hidden: true });
  const errorPlot = createCurErrorPlot({ methods: METHODS });
  const maps = {
    M: createHeatmap({ title: 'M, with the chosen rows and columns', maxCell: 30 }),
    approx: createHeatmap({ title: 'CUR', maxCell: 30 }),
    error: createHeatmap({ title: 'The error M − CUR', maxCell: 30 }),
  };

  const widget = el('div', { class: 'widget' },
    el('div', { class: 'headline' },
      el('h2', {}, 'CUR: ', v('M'), ' rebuilt from ', v('r'), ' of its own columns and rows'),
      el('div', { class: 'chips' },
        el('span', { class: 'chip current' }, math('‖', v('M'), ' − ', v('C'), v('U'), v('R'), '‖²_F = '), chips.error),
        el('span', { class: 'chip' }, 'SVD floor ', chips.floor),
        el('span', { class: 'chip' }, 'error / floor ', chips.ratio),
        el('span', { class: 'chip' }, math('κ(', v('W'), ') = '), chips.kappa),
        el('span', { class: 'chip' }, math('|det ', v('W'), '| = '), chips.det))),
    status,
    el('div', { class: 'grid side' },
      el('section', { class: 'panel', 'aria-labelledby': 'cur-controls-heading' },
        el('h3', { id: 'cur-controls-heading' }, 'Choose'),
        el('div', { class: 'control' }, el('label', { for: 'preset' }, 'Matrix'), presetSelect),
        rSlider.element,
        el('div', { class: 'control' }, el('label', { for: 'select' }, 'How rows and columns are selected'), selectMenu),
        el('div', { class: 'control' }, el('label', { for: 'middle' }, 'Middle matrix'), middleMenu),
        el('div', { class: 'seed-row' }, seedField.element, resample),
        el('p', { class: 'hint' }, 'The seed drives uniform selection (and its curve). Max volume tries every choice, so it only runs where that is at most 2 · 10⁵ choices.'),
        el('p', { class: 'picked-line' }, 'Chosen ', picked())),
      el('section', { class: 'panel', 'aria-labelledby': 'cur-error-heading' },
        el('h3', { id: 'cur-error-heading' }, 'Error against ', v('r'), ' for every method'),
        errorPlot.element,
        el('ul', { class: 'legend' },
          ...METHODS.map(([, caption, color]) => el('li', { class: color }, el('span', { class: 'swatch' }), el('span', {}, caption.replace(' (brute force, small sizes)', '').replace(' (top r)', '')))),
          el('li', {}, el('span', { class: 'swatch area' }), el('span', {}, 'below the SVD floor')))),
      el('section', { class: 'panel wide', 'aria-labelledby': 'cur-maps-heading' },
        el('h3', { id: 'cur-maps-heading' }, 'The matrix, its CUR approximation and the error'),
        el('p', { class: 'hint' }, 'Outlined stripes are the chosen columns (▼) and rows (▶); boxed cells are their intersection ',
          v('W'), '. Red is negative, blue positive; ', v('M'), ' and CUR share a colour scale, the error has its own.'),
        el('div', { class: 'cur-maps' }, maps.M.element, maps.approx.element, maps.error.element))));

  function picked() {
    chips.picked.classList.add('picked');
    return chips.picked;
  }

  // ---- rendering --------------------------------------------------------------------------
  function showStatus(message) {
    status.hidden = !message;
    status.textContent = message ?? '';
  }

  function requestRender() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      render();
    });
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
    chips.picked.textContent = `rows ${chosenRows.join(', ')} · columns ${chosenCols.join(', ')}`;

    errorPlot.draw({ rows, r: state.r, maxR: Math.min(M.rows, M.cols), current: { r: state.r, value: c.error }, relativeTo: floor });
    const scale = robustScale(M.data);
    const error = { rows: M.rows, cols: M.cols, data: M.data.map((x, k) => x - c.approx.data[k]) };
    const errorScale = robustScale(error.data);
    maps.M.draw({ matrix: M, scale, rows: chosenRows, cols: chosenCols, label: 'M with the chosen rows and columns outlined', note: `${M.rows} × ${M.cols}` });
    maps.approx.draw({ matrix: c.approx, scale, rows: chosenRows, cols: chosenCols, label: 'the CUR approximation', note: `rank ≤ ${state.r}` });
    maps.error.draw({ matrix: error, scale: errorScale, label: 'the error M − CUR', note: `colour scale ±${formatNumber(errorScale, 3)}` });

    host.dataset.error = String(c.error);
    host.dataset.floor = String(floor);
    host.dataset.rows = chosenRows.join(',');
    host.dataset.cols = chosenCols.join(',');
    host.dataset.r = String(state.r);
    performance.measure('mathlet-cur render', { start: started });
  }

  commit({});
  adoptStyles(root, matrixWidgetStyles, curStyles);
  root.replaceChildren(widget);
  render();
  if (initial.problems.length) showStatus(`Ignored: ${initial.problems.join('; ')}.`);

  const readers = {
    preset: (text) => readPreset(text),
    r: (text) => readWhole('r', text, 1, Math.min(M.rows, M.cols), state.r),
    select: (text) => readChoice('select', text, METHODS, state.select),
    middle: (text) => readChoice('middle', text, MIDDLES, state.middle),
    seed: (text) => readWhole('seed', text, 0, MAX_SEED, state.seed),
  };
  return {
    attributeChanged(name, text) {
      const read = readers[name](text);
      if (read.problem) return showStatus(`Ignored: ${read.problem}.`);
      const change = { [name]: read.value };
      if (name === 'preset') change.r = Math.min(state.r, sizeOf(read.value));
      commit(change);
    },
    disconnect() { work.cancel(); },
  };
}
