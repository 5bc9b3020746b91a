// <mathlet-pinv>: the implementation, loaded when the element nears the viewport.
// The reader edits a matrix A (fields, whole-matrix text, presets), the rank tolerance and the
// route; every change runs the wasm core once (pinv, Penrose residuals, singular values, the
// ridge curve) and the pictures are redrawn in the next animation frame. A change the core refuses
// leaves the last valid state on screen and says why.
import { load } from '../../core/index.js';
import { el, protectNumbers, sym } from '../parts/create-element.js';
import { createLogSlider } from '../parts/log-slider.js';
import { createMatrixEditor } from '../parts/matrix-editor.js';
import { createMatrixTable } from '../parts/matrix-table.js';
import { matrixWidgetStyles } from '../parts/matrix-widget-styles.js';
import { formatNumber } from '../parts/number-text.js';
import { adoptStyles } from '../parts/shadow-styles.js';
import { DEFAULT_PRESET, MAX_SIZE, PRESETS, readMatrix, readPreset, readRtol } from './pinv-presets.js';
import { breakdownEps, createRidgePathPlot, EPS_MAX, EPS_MIN, epsSamples } from './ridge-path-plot.js';
import { createSingularValuePlot } from './singular-value-plot.js';
import { pinvStyles } from './pinv-styles.js';

const EPS = epsSamples();
const MACHINE_EPS = 2 ** -52;
const v = (name) => el('var', { translate: 'no' }, name);
const math = (...parts) => el('span', { class: 'notranslate nowrap', translate: 'no' }, ...parts);
const ROUTES = [
  ['bdcsvd', 'SVD (the default)'],
  ['jacobi', 'Jacobi SVD'],
  ['cod', 'Complete orthogonal decomposition'],
  ['eig', 'Part 1’s eigen route through AᵀA'],
];
// A Penrose residual this small (relative) counts as satisfied to rounding.
const SATISFIED = 1e-8;

/** ‖X − Y‖_F / ‖Y‖_F (0 when both are 0): how far another route lands from the SVD's A⁺. */
function relativeDifference(x, y) {
  let diff = 0;
  let norm = 0;
  for (let k = 0; k < y.length; k++) {
    diff += (x[k] - y[k]) ** 2;
    norm += y[k] ** 2;
  }
  return norm > 0 ? Math.sqrt(diff / norm) : Math.sqrt(diff);
}

export async function mount(host, root) {
  const core = await load({ include: ['matrix'] });

  // ---- state ------------------------------------------------------------------------------
  const fromAttributes = () => {
    const preset = readPreset(host.getAttribute('preset'));
    const matrix = readMatrix(host.getAttribute('matrix'));
    const rtol = readRtol(host.getAttribute('rtol'));
    const chosen = matrix.value ? { A: matrix.value, preset: 'custom' } : { A: (preset.value ?? DEFAULT_PRESET).matrix, preset: (preset.value ?? DEFAULT_PRESET).id };
    return { state: { ...chosen, rtol: rtol.value, route: 'bdcsvd', eps: 1e-6 }, problems: [preset, matrix, rtol].map((r) => r.problem).filter(Boolean) };
  };
  const initial = fromAttributes();
  let state = initial.state;
  let view = null;
  let frameRequested = false;

  const defaultRtol = (A) => Math.max(A.length, A[0].length) * MACHINE_EPS;

  function evaluate(next) {
    const { A, rtol, route, eps } = next;
    const options = rtol === null ? {} : { rtol };
    const svd = core.pinv(A, options);
    let shown = svd;
    if (route === 'eig') shown = core.pinvEig(A, options);
    else if (route !== 'bdcsvd') shown = core.pinv(A, { ...options, method: route });
    const residuals = core.penroseResiduals(A, shown.pinv);
    const difference = shown === svd ? 0 : relativeDifference(shown.pinv.data, svd.pinv.data);
    const curve = view && next.A === state.A ? view.curve : core.ridgeCurve(A, EPS);
    const at = core.ridgeCurve(A, [eps]);
    const naive = core.ridge(A, eps, { form: 'naive' });
    return {
      svd, shown, residuals, difference, curve, breakdown: breakdownEps(curve), naive,
      at: { stableError: at.stableError[0], naiveError: at.naiveError[0], exactError: at.exactError[0], inverseNorm: at.inverseNorm[0] },
    };
  }

  function commit(change, source = null) {
    const next = { ...state, ...change };
    let evaluated;
    try {
      evaluated = evaluate(next);
    } catch (error) {
      showStatus(`${error instanceof Error ? error.message : String(error)}. Kept the last matrix that worked.`);
      if (source !== 'editor' && change.A) editor.setMatrix(state.A);
      return false;
    }
    const previous = state;
    state = next;
    view = evaluated;
    showStatus(null);
    if (source !== 'editor' && next.A !== previous.A) editor.setMatrix(next.A);
    if (next.preset !== previous.preset) presetSelect.value = next.preset;
    if (source !== 'rtol' && (next.rtol !== previous.rtol || next.A !== previous.A)) rtolSlider.setValue(next.rtol ?? defaultRtol(next.A));
    requestRender();
    return true;
  }

  // ---- controls ---------------------------------------------------------------------------
  const presetSelect = el('select', { id: 'preset', onchange: (event) => {
    const preset = PRESETS.find((p) => p.id === event.target.value);
    if (preset) commit({ A: preset.matrix, preset: preset.id, rtol: null });
  } },
  ...PRESETS.map((p) => el('option', { value: p.id }, p.label)),
  el('option', { value: 'custom' }, 'Your own matrix'));
  presetSelect.value = state.preset;

  const editor = createMatrixEditor({
    id: 'A', name: 'A', matrix: state.A, maxRows: MAX_SIZE, maxCols: MAX_SIZE,
    onChange: (A) => commit({ A, preset: 'custom' }, 'editor'),
  });

  const routeSelect = el('select', { id: 'route', onchange: (event) => commit({ route: event.target.value }) },
    ...ROUTES.map(([value, text]) => el('option', { value }, text)));

  const rtolSlider = createLogSlider({
    id: 'rtol', name: 'rtol', min: 1e-17, max: 1, value: state.rtol ?? defaultRtol(state.A), steps: 340, ticks: [1e-17, 1e-8, 1],
    label: el('span', {}, 'Relative tolerance ', v('rtol')),
    onChange: (rtol) => commit({ rtol }, 'rtol'),
  });
  const rtolDefault = el('button', { type: 'button', onclick: () => commit({ rtol: null }) }, 'Default tolerance');

  const epsSlider = createLogSlider({
    id: 'eps', name: 'ε', min: EPS_MIN, max: EPS_MAX, value: state.eps, steps: 440, ticks: [EPS_MIN, 1e-9, EPS_MAX],
    label: el('span', {}, 'Ridge weight ', v('ε')),
    onChange: (eps) => commit({ eps }, 'eps'),
  });

  // ---- readouts ---------------------------------------------------------------------------
  const chips = { rank: sym(''), sigma: sym(''), tolerance: sym(''), cond: sym('') };
  const pinvTable = createMatrixTable({ caption: 'A⁺, to 4 decimals' });
  const naiveTable = createMatrixTable({ caption: 'R_ε from the naive form at the current ε' });
  const penrose = [
    ['axa', 'P1', math(v('A'), v('X'), v('A'), ' = ', v('A'))],
    ['xax', 'P2', math(v('X'), v('A'), v('X'), ' = ', v('X'))],
    ['axSymmetric', 'P3', math('(', v('A'), v('X'), ')ᵀ = ', v('A'), v('X'))],
    ['xaSymmetric', 'P4', math('(', v('X'), v('A'), ')ᵀ = ', v('X'), v('A'))],
  ].map(([key, tag, formula]) => {
    const value = sym('');
    const chip = el('span', { class: 'chip penrose' }, el('b', { class: 'tag' }, tag), formula, el('span', { class: 'residual-caption' }, 'residual'), value);
    return { key, chip, value };
  });
  const penroseNote = el('p', { class: 'hint penrose-note' });
  const differenceValue = sym('');
  const differenceChip = el('span', { class: 'chip difference', hidden: true },
    'distance from the SVD’s answer ', math('‖', v('X'), ' − ', v('A'), '⁺_SVD‖ / ‖', v('A'), '⁺_SVD‖ = '), differenceValue);
  const ridgeChips = { stable: sym(''), naive: sym(''), inverse: sym('') };
  const ridgeNote = el('p', { class: 'hint' });
  const status = el('p', { class: 'status', role: 'alert', hidden: true });

  const svPlot = createSingularValuePlot();
  const ridgePlot = createRidgePathPlot();

  const widget = el('div', { class: 'widget' },
    el('div', { class: 'headline' },
      el('h2', {}, 'The pseudo-inverse of your matrix'),
      el('div', { class: 'chips' },
        el('span', { class: 'chip' }, 'numerical rank ', math(v('k'), ' = '), chips.rank),
        el('span', { class: 'chip' }, math(v('σ'), '₁ = '), chips.sigma),
        el('span', { class: 'chip' }, 'tolerance ', chips.tolerance),
        el('span', { class: 'chip' }, math('σ₁ / σ', v('k'), ' = '), chips.cond))),
    status,
    el('div', { class: 'grid two' },
      el('section', { class: 'panel', 'aria-labelledby': 'a-heading' },
        el('h3', { id: 'a-heading' }, 'Your matrix ', v('A')),
        el('div', { class: 'control' }, el('label', { for: 'preset' }, 'Example'), presetSelect),
        el('p', { class: 'hint' }, ...protectNumbers('Type in a cell (arrow keys step it by 1, with Shift by 0.1), change the shape, or paste a whole matrix.')),
        editor.element,
        el('div', { class: 'control route' }, el('label', { for: 'route' }, 'Route to ', math(v('A'), '⁺')), routeSelect),
        rtolSlider.element,
        el('div', { class: 'buttons' }, rtolDefault)),
      el('section', { class: 'panel', 'aria-labelledby': 'x-heading' },
        el('h3', { id: 'x-heading' }, 'The pseudo-inverse ', math(v('X'), ' = ', v('A'), '⁺')),
        el('p', { class: 'hint' }, 'Entries below 10⁻¹³ times the largest one are rounding noise and show as 0.'),
        pinvTable.element,
        el('h4', {}, 'The four Penrose conditions'),
        el('p', { class: 'hint' }, 'Relative residuals: green when the condition holds to rounding. Together they pin down ', math(v('A'), '⁺'), ' uniquely.'),
        el('div', { class: 'penrose-list' }, ...penrose.map((p) => p.chip)),
        penroseNote,
        differenceChip),
      el('section', { class: 'panel', 'aria-labelledby': 'sv-heading' },
        el('h3', { id: 'sv-heading' }, 'Singular values and the rank tolerance'),
        el('p', { class: 'hint' }, 'On a log scale. Filled stems are inverted; hollow ones fall under the dashed line and count as zero. Slide the tolerance past a stem to change the rank.'),
        svPlot.element),
      el('section', { class: 'panel', 'aria-labelledby': 'ridge-heading' },
        el('h3', { id: 'ridge-heading' }, 'The ridge limit ', math(v('R'), '_', v('ε'), ' = (', v('A'), 'ᵀ', v('A'), ' + ', v('ε'), v('I'), ')⁻¹', v('A'), 'ᵀ → ', v('A'), '⁺')),
        ridgePlot.element,
        el('ul', { class: 'legend' },
          el('li', { class: 'c1' }, el('span', { class: 'swatch' }), el('span', {}, 'stable: from one SVD')),
          el('li', { class: 'c2' }, el('span', { class: 'swatch' }), el('span', {}, 'naive: form ', math(v('A'), 'ᵀ', v('A'), ' + ', v('ε'), v('I')), ' and solve')),
          el('li', { class: 'floor' }, el('span', { class: 'swatch dashed' }), el('span', {}, 'exact error (R10)'))),
        epsSlider.element,
        el('div', { class: 'chips' },
          el('span', { class: 'chip' }, 'stable error ', ridgeChips.stable),
          el('span', { class: 'chip' }, 'naive error ', ridgeChips.naive),
          el('span', { class: 'chip' }, math('‖(', v('A'), 'ᵀ', v('A'), ' + ', v('ε'), v('I'), ')⁻¹‖ = '), ridgeChips.inverse)),
        ridgeNote,
        naiveTable.element)));

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
    const { svd, shown, residuals, difference, curve, breakdown, at, naive } = view;
    const sigmas = Array.from(svd.singularValues);
    const k = shown.rank;
    chips.rank.textContent = String(k);
    chips.sigma.textContent = formatNumber(sigmas[0] ?? 0, 4);
    chips.tolerance.textContent = formatNumber(svd.tolerance, 2);
    chips.cond.textContent = k > 0 ? formatNumber(sigmas[0] / sigmas[k - 1], 3) : '—';
    pinvTable.show(shown.pinv);
    let worst = 0;
    for (const p of penrose) {
      const r = residuals[p.key];
      worst = Math.max(worst, r);
      p.value.textContent = formatNumber(r, 1);
      p.chip.classList.toggle('good', r <= SATISFIED);
      p.chip.classList.toggle('bad', !(r <= SATISFIED));
    }
    const far = difference > 1e-6;
    differenceChip.hidden = state.route === 'bdcsvd';
    differenceValue.textContent = formatNumber(difference, 1);
    differenceChip.classList.toggle('bad', far);
    differenceChip.classList.toggle('good', !far);
    if (worst > SATISFIED) {
      penroseNote.replaceChildren(...protectNumbers(state.route === 'eig'
        ? 'The eigen route squares the singular values, so those below about 10⁻⁸ σ₁ are lost or garbled: the conditions fail. Switch back to the SVD.'
        : 'Some conditions fail beyond rounding: the matrix is so ill-conditioned that the inverted singular values amplify rounding errors.'));
    } else if (far && state.route === 'eig') {
      penroseNote.replaceChildren(...protectNumbers(`The conditions only just hold, because the lost singular value is tiny, yet this X is far from the SVD’s answer: AᵀA has eigenvalues σ², and σ² below about 10⁻¹⁶ σ₁² is rounding noise, so the eigen route sees rank ${shown.rank} where the SVD sees ${svd.rank}.`));
    } else {
      penroseNote.replaceChildren(...protectNumbers('All four hold: this X is the Moore–Penrose inverse.'));
    }
    svPlot.draw({ singularValues: sigmas, tolerance: svd.tolerance });
    ridgePlot.draw({ curve, eps: state.eps, breakdown, at });
    ridgeChips.stable.textContent = formatNumber(at.stableError, 2);
    ridgeChips.naive.textContent = formatNumber(at.naiveError, 2);
    ridgeChips.inverse.textContent = formatNumber(at.inverseNorm, 2);
    ridgeNote.replaceChildren(...protectNumbers(breakdown
      ? `Below ε ≈ ${formatNumber(breakdown, 0)} the naive form drifts away from the exact error: AᵀA + εI is too close to singular for double precision. The stable curve keeps falling like ε.`
      : 'Here the naive form stays within a factor of 10 of the exact error over the whole range.'));
    naiveTable.show(naive, { digits: 4, chop: 0 });
    host.dataset.rank = String(k);
    host.dataset.pinv = Array.from(shown.pinv.data, (x) => x.toPrecision(12)).join(',');
    host.dataset.residual = String(worst);
    host.dataset.routeDifference = String(difference);
    host.dataset.breakdown = breakdown === null ? '' : String(breakdown);
    host.dataset.naiveError = String(at.naiveError);
    performance.measure('mathlet-pinv render', { start: started });
  }

  view = evaluate(state);
  adoptStyles(root, matrixWidgetStyles, pinvStyles);
  root.replaceChildren(widget);
  render();
  if (initial.problems.length) showStatus(`Ignored: ${initial.problems.join('; ')}.`);

  return {
    attributeChanged(name, text) {
      if (name === 'rtol') {
        const read = readRtol(text);
        if (read.problem) return showStatus(`Ignored: ${read.problem}.`);
        return commit({ rtol: read.value });
      }
      const read = name === 'matrix' ? readMatrix(text) : readPreset(text);
      if (read.problem) return showStatus(`Ignored: ${read.problem}.`);
      if (!read.value) return;
      commit(name === 'matrix' ? { A: read.value, preset: 'custom' } : { A: read.value.matrix, preset: read.value.id, rtol: null });
    },
  };
}
