// <mathlet-cr>: the implementation, loaded when the element nears the viewport.
// The reader picks a pair of factors (X, Y), the number r of sampled terms, how they are chosen
// and the seed. The current estimate CR ≈ XY is one wasm call and is drawn in the next animation
// frame (heatmaps of X and Y with the sampled column-row pairs outlined, XY, the estimate and the
// residual); the error-versus-r curves fill in over the following frames without blocking a drag.
import { load } from '../../core/index.js';
import { el, sym } from '../parts/create-element.js';
import { createFrameBudgetWork } from '../parts/frame-budget-work.js';
import { createHeatmap } from '../parts/heatmap.js';
import { createIntegerField } from '../parts/integer-field.js';
import { createIntegerSlider } from '../parts/integer-slider.js';
import { matrixWidgetStyles } from '../parts/matrix-widget-styles.js';
import { formatNumber } from '../parts/number-text.js';
import { adoptStyles } from '../parts/shadow-styles.js';
import { createCrErrorPlot } from './cr-error-plot.js';
import { DEFAULTS, MAX_SEED, PRESETS, SAMPLINGS, readPreset, readSampling, readWhole } from './cr-presets.js';
import { crStyles } from './cr-styles.js';
import { createTermWeightPlot } from './term-weight-plot.js';

const v = (name) => el('var', { translate: 'no' }, name);
const math = (...parts) => el('span', { class: 'notranslate nowrap', translate: 'no' }, ...parts);
const maxAbs = (m) => Math.max(0, ...Array.from(m.data, Math.abs));
const asMatrix = (rows) => ({ rows: rows.length, cols: rows[0].length, data: Float64Array.from(rows.flat()) });

export async function mount(host, root) {
  const core = await load({ include: ['matrix'] });

  // ---- state ------------------------------------------------------------------------------
  const fromAttributes = () => {
    const preset = readPreset(host.getAttribute('preset'));
    const l = preset.value.X[0].length;
    const r = readWhole('r', host.getAttribute('r'), 1, l, Math.min(DEFAULTS.r, l));
    const seed = readWhole('seed', host.getAttribute('seed'), 0, MAX_SEED, DEFAULTS.seed);
    const sampling = readSampling(host.getAttribute('sampling'));
    return {
      state: { preset: preset.value, r: r.value, seed: seed.value, sampling: sampling.value },
      problems: [preset, r, seed, sampling].map((x) => x.problem).filter(Boolean),
    };
  };
  const initial = fromAttributes();
  let state = initial.state;
  let base = null; // per preset: { X, Y, product, probabilities, expOpt1, expUni1 }
  let current = null; // the estimate for the current r, sampling and seed
  let rows = []; // per r: { r, expOpt, expUni, opt, uni, top, floor }
  let frameRequested = false;
  const work = createFrameBudgetWork();

  function baseFor(preset) {
    const { X, Y } = preset;
    const l = X[0].length;
    const exact = core.crMatmul(X, Y, l, { sampling: 'top' });
    const opt1 = core.crMatmul(X, Y, 1, { sampling: 'optimal', seed: 0 });
    const uni1 = core.crMatmul(X, Y, 1, { sampling: 'uniform', seed: 0 });
    return { X: asMatrix(X), Y: asMatrix(Y), Yt: asMatrix(Y[0].map((_, b) => Y.map((row) => row[b]))), l, product: exact.approx, probabilities: opt1.probabilities, expOpt1: opt1.expectedError, expUni1: uni1.expectedError };
  }

  const estimate = (b, s) => core.crMatmul(s.preset.X, s.preset.Y, s.r, s.sampling === 'top' ? { sampling: 'top' } : { sampling: s.sampling, seed: s.seed });

  function commit(change) {
    const next = { ...state, ...change };
    let nextBase = base;
    let nextCurrent;
    try {
      if (!base || next.preset !== state.preset) nextBase = baseFor(next.preset);
      nextCurrent = estimate(nextBase, next);
    } catch (error) {
      showStatus(`${error instanceof Error ? error.message : String(error)}. Kept the last estimate.`);
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
    if (curvesStale) startCurves();
    requestRender();
    return true;
  }

  // The error-versus-r curves: the exact expectations at once, the realisations over a few frames.
  function startCurves() {
    const { l, expOpt1, expUni1 } = base;
    const { X, Y } = state.preset;
    const seed = state.seed;
    rows = Array.from({ length: l }, (_, k) => ({ r: k + 1, expOpt: expOpt1 / (k + 1), expUni: expUni1 / (k + 1) }));
    host.dataset.curves = 'pending';
    work.run((function* fill() {
      for (const row of rows) {
        const top = core.crMatmul(X, Y, row.r, { sampling: 'top' });
        row.top = top.error;
        row.floor = top.floor;
        yield;
        row.opt = core.crMatmul(X, Y, row.r, { sampling: 'optimal', seed }).error;
        yield;
        row.uni = core.crMatmul(X, Y, row.r, { sampling: 'uniform', seed }).error;
        yield;
      }
    })(), { onProgress: requestRender, onDone: () => { host.dataset.curves = 'done'; } });
  }

  // ---- controls ---------------------------------------------------------------------------
  const presetSelect = el('select', { id: 'preset', onchange: (event) => {
    const preset = PRESETS.find((p) => p.id === event.target.value);
    if (preset) commit({ preset, r: Math.min(state.r, preset.X[0].length) });
  } }, ...PRESETS.map((p) => el('option', { value: p.id }, p.label)));
  presetSelect.value = state.preset.id;

  const rSlider = createIntegerSlider({
    id: 'r', name: 'r', label: el('span', {}, 'Terms kept ', v('r')), min: 1, max: state.preset.X[0].length, value: state.r,
    onChange: (r) => commit({ r }),
  });
  const samplingSelect = el('select', { id: 'sampling', onchange: (event) => commit({ sampling: event.target.value }) },
    ...SAMPLINGS.map(([value, text]) => el('option', { value }, text)));
  samplingSelect.value = state.sampling;
  const seedField = createIntegerField({
    id: 'seed', name: 'seed', label: 'Seed', min: 0, max: MAX_SEED, value: state.seed,
    onChange: (seed) => commit({ seed }),
  });
  const resample = el('button', { type: 'button', class: 'primary', onclick: () => commit({ seed: (state.seed + 1) % (MAX_SEED + 1) }) }, 'Resample (next seed)');

  // ---- readouts and pictures ----------------------------------------------------------------
  const chips = { error: sym(''), expected: sym(''), floor: sym(''), norm: sym(''), distinct: sym('') };
  const status = el('p', { class: 'status', role: 'alert', hidden: true });
  const errorPlot = createCrErrorPlot();
  const weightPlot = createTermWeightPlot();
  const maps = {
    X: createHeatmap({ title: 'X: its sampled columns outlined', maxCell: 22 }),
    Y: createHeatmap({ title: 'Yᵀ: row i of Y is column i here, under column i of X', maxCell: 22 }),
    product: createHeatmap({ title: 'The product XY' }),
    estimate: createHeatmap({ title: 'The estimate CR' }),
    residual: createHeatmap({ title: 'The residual CR − XY' }),
  };

  const widget = el('div', { class: 'widget' },
    el('div', { class: 'headline' },
      el('h2', {}, 'Approximating ', math(v('X'), v('Y')), ' from ', v('r'), ' of its column–row terms'),
      el('div', { class: 'chips' },
        el('span', { class: 'chip current' }, 'this estimate ', math('‖', v('C'), v('R'), ' − ', v('X'), v('Y'), '‖²_F = '), chips.error),
        el('span', { class: 'chip' }, 'expected ', chips.expected),
        el('span', { class: 'chip' }, 'SVD floor ', chips.floor),
        el('span', { class: 'chip' }, math('‖', v('X'), v('Y'), '‖²_F = '), chips.norm),
        el('span', { class: 'chip' }, 'distinct terms ', chips.distinct))),
    status,
    el('div', { class: 'grid side' },
      el('section', { class: 'panel', 'aria-labelledby': 'cr-controls-heading' },
        el('h3', { id: 'cr-controls-heading' }, 'Choose'),
        el('div', { class: 'control' }, el('label', { for: 'preset' }, 'Factors'), presetSelect),
        rSlider.element,
        el('div', { class: 'control' }, el('label', { for: 'sampling' }, 'How the terms are chosen'), samplingSelect),
        el('div', { class: 'seed-row' }, seedField.element, resample),
        el('p', { class: 'hint' }, 'Sampling draws ', v('r'), ' terms with replacement and weights each by ',
          math('1/(', v('r'), v('p'), '_', v('i'), ')'), ', so the estimate is unbiased. The seed fixes the draws; the same seed gives the same picture.'),
        el('h4', {}, 'Sampling probabilities of the terms'),
        weightPlot.element,
        el('ul', { class: 'legend' },
          el('li', { class: 'bar' }, el('span', { class: 'swatch area' }), el('span', {}, 'optimal ', math(v('p'), '_', v('i')))),
          el('li', { class: 'c2' }, el('span', { class: 'swatch dashed' }), el('span', {}, 'uniform ', math('1/', v('l')))),
          el('li', { class: 'pick' }, el('span', { class: 'swatch area pick' }), el('span', {}, 'in this estimate')))),
      el('section', { class: 'panel', 'aria-labelledby': 'cr-error-heading' },
        el('h3', { id: 'cr-error-heading' }, 'Error against ', v('r')),
        errorPlot.element,
        el('ul', { class: 'legend' },
          el('li', { class: 'c1' }, el('span', { class: 'swatch' }), el('span', {}, 'optimal ', v('p'), ', expected')),
          el('li', { class: 'c2' }, el('span', { class: 'swatch' }), el('span', {}, 'uniform ', v('p'), ', expected')),
          el('li', { class: 'c1' }, el('span', { class: 'swatch dot' }), el('span', {}, 'one draw each (this seed)')),
          el('li', { class: 'c3' }, el('span', { class: 'swatch dashed' }), el('span', {}, 'deterministic top-', v('r'))),
          el('li', {}, el('span', { class: 'swatch area' }), el('span', {}, 'below the SVD floor')))),
      el('section', { class: 'panel wide maps', 'aria-labelledby': 'cr-maps-heading' },
        el('h3', { id: 'cr-maps-heading' }, 'Which terms, and what they give'),
        el('p', { class: 'hint' }, 'Column ', v('i'), ' of ', v('X'), ' pairs with row ', v('i'), ' of ', v('Y'),
          ' (drawn here as column ', v('i'), ' of ', math(v('Y'), 'ᵀ'), '); ▼ marks the pairs in use, ×2 when drawn twice. Red is negative, blue positive; the last three maps share one colour scale.'),
        el('div', { class: 'factor-maps' }, maps.X.element, maps.Y.element),
        el('div', { class: 'product-maps' }, maps.product.element, maps.estimate.element, maps.residual.element))));

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
    const { l, product } = base;
    const used = state.sampling === 'top' ? Array.from(current.indices) : Array.from(current.draws);
    const counts = new Map();
    for (const i of used) counts.set(i, (counts.get(i) ?? 0) + 1);
    const picked = [...counts.keys()];
    const expected = state.sampling === 'top' ? null : current.expectedError;
    chips.error.textContent = formatNumber(current.error, 3);
    chips.expected.textContent = expected === null ? '— (no randomness)' : formatNumber(expected, 3);
    chips.floor.textContent = formatNumber(current.floor, 3);
    chips.norm.textContent = formatNumber(current.productNormSquared, 3);
    chips.distinct.textContent = `${counts.size} of ${l}`;

    const row = rows[state.r - 1];
    const currentPoint = { r: state.r, value: current.error };
    errorPlot.draw({ rows, r: state.r, l, current: currentPoint });
    weightPlot.draw({ probabilities: base.probabilities, counts });

    const scale = maxAbs(product);
    const residual = { rows: product.rows, cols: product.cols, data: current.approx.data.map((x, k) => x - product.data[k]) };
    maps.X.draw({ matrix: base.X, scale: maxAbs(base.X), maxCell: l <= 12 ? 34 : 22, cols: picked, colCounts: counts, label: 'X with the sampled columns outlined',
      note: `${base.X.rows} × ${l}; columns ${[...picked].sort((a, b) => a - b).join(', ')}` });
    maps.Y.draw({ matrix: base.Yt, scale: maxAbs(base.Y), maxCell: l <= 12 ? 34 : 22, cols: picked, colCounts: counts, label: 'Y transposed, with the matching rows of Y outlined as columns',
      note: `Y is ${l} × ${base.Y.cols}` });
    maps.product.draw({ matrix: product, scale, label: 'the exact product XY', note: `${product.rows} × ${product.cols}` });
    maps.estimate.draw({ matrix: current.approx, scale, label: 'the estimate CR', note: `from ${counts.size} term${counts.size === 1 ? '' : 's'}` });
    maps.residual.draw({ matrix: residual, scale, label: 'the residual CR − XY', note: `‖·‖²_F = ${formatNumber(current.error, 3)}` });

    host.dataset.error = String(current.error);
    host.dataset.draws = used.join(',');
    host.dataset.seed = String(state.seed);
    host.dataset.r = String(state.r);
    host.dataset.expected = expected === null ? '' : String(expected);
    host.dataset.topError = row?.top === undefined ? '' : String(row.top);
    performance.measure('mathlet-cr render', { start: started });
  }

  commit({});
  adoptStyles(root, matrixWidgetStyles, crStyles);
  root.replaceChildren(widget);
  render();
  if (initial.problems.length) showStatus(`Ignored: ${initial.problems.join('; ')}.`);

  const readers = {
    preset: (text) => ({ key: 'preset', read: readPreset(text) }),
    r: (text) => ({ key: 'r', read: readWhole('r', text, 1, base.l, state.r) }),
    seed: (text) => ({ key: 'seed', read: readWhole('seed', text, 0, MAX_SEED, state.seed) }),
    sampling: (text) => ({ key: 'sampling', read: readSampling(text) }),
  };
  return {
    attributeChanged(name, text) {
      const { key, read } = readers[name](text);
      if (read.problem) return showStatus(`Ignored: ${read.problem}.`);
      const change = { [key]: read.value };
      if (key === 'preset') change.r = Math.min(state.r, read.value.X[0].length);
      commit(change);
    },
    disconnect() { work.cancel(); },
  };
}
