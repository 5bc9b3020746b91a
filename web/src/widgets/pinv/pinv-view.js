// What <mathlet-pinv> shows: the matrix A with its example menu, route and tolerance; X = A⁺ with
// the four Penrose conditions; the singular values against the cutoff; the ridge path R_ε → A⁺
// (its curve computed in the worker) with ε and the naive R_ε. Built once; render() redraws it
// from the widget's state (at most once per frame).
import { el } from '../parts/create-element.js';
import { createLogSlider } from '../parts/log-slider.js';
import { createMatrixEditor } from '../parts/matrix-editor.js';
import { createMatrixTable } from '../parts/matrix-table.js';
import { formatNumber } from '../parts/number-text.js';
import { ridgeSweep } from './pinv-compute.js';
import { compose, math, num, v } from './pinv-nodes.js';
import { MAX_SIZE, PRESETS, ROUTES, RTOL_MAX, RTOL_MIN } from './pinv-presets.js';
import { breakdownEps, createRidgePathPlot, EPS_MAX, EPS_MIN } from './ridge-path-plot.js';
import { createSingularValuePlot } from './singular-value-plot.js';

const MACHINE_EPS = 2 ** -52;
// A Penrose residual this small (relative) counts as satisfied to rounding.
const SATISFIED = 1e-8;
export const defaultRtol = (A) => Math.max(A.length, A[0].length) * MACHINE_EPS;
const gram = () => math(v('A'), 'ᵀ', v('A'));
const shifted = () => math(v('A'), 'ᵀ', v('A'), ' + ', v('ε'), v('I'));
const hint = (node) => Object.assign(node, { className: 'hint' });
const routeKind = (route) => (route === 'eig' || route === 'cod' ? route : 'svd');

/** The core's own message (kept as it is, untranslated) and what the widget did about it. */
export function rejected(error, language, what = 'status.kept') {
  const message = el('span', { class: 'notranslate', translate: 'no' }, error instanceof Error ? error.message : String(error));
  return compose(language.t(what), { rejected: compose(language.t('core.rejected'), { message }) });
}

// The menus, the matrix editor and the sliders; each change goes to the widget as a commit.
function createControls(widget) {
  const { language, state } = widget;
  const presetSelect = el(
    'select',
    {
      id: 'preset',
      onchange: (event) => {
        const preset = PRESETS.find((p) => p.id === event.target.value);
        if (preset) widget.commit({ A: preset.matrix, preset: preset.id, rtol: null });
      },
    },
    ...PRESETS.map((p) => el('option', { value: p.id }, language.text(`preset.${p.id}`))),
    el('option', { value: 'custom' }, language.text('preset.custom')),
  );
  presetSelect.value = state.preset;
  const routeSelect = el(
    'select',
    { id: 'route', onchange: (event) => widget.commit({ route: event.target.value }) },
    ...ROUTES.map((route) => el('option', { value: route }, language.text(`route.${route}`))),
  );
  routeSelect.value = state.route;
  return {
    presetSelect,
    routeSelect,
    editor: createMatrixEditor({
      id: 'A',
      name: 'A',
      matrix: state.A,
      maxRows: MAX_SIZE,
      maxCols: MAX_SIZE,
      language,
      onChange: (A) => widget.commit({ A, preset: 'custom' }, 'editor'),
    }),
    rtolSlider: createLogSlider({
      id: 'rtol',
      name: 'rtol',
      min: RTOL_MIN,
      max: RTOL_MAX,
      value: state.rtol ?? defaultRtol(state.A),
      steps: 340,
      ticks: [RTOL_MIN, 1e-8, RTOL_MAX],
      label: language.rich('a.rtol', { rtol: v('rtol') }),
      language,
      onChange: (rtol) => widget.commit({ rtol }, 'rtol'),
    }),
    rtolDefault: el('button', { type: 'button', onclick: () => widget.commit({ rtol: null }) }, language.text('a.defaultTolerance')),
    epsSlider: createLogSlider({
      id: 'eps',
      name: 'ε',
      min: EPS_MIN,
      max: EPS_MAX,
      value: state.eps,
      steps: 440,
      ticks: [EPS_MIN, 1e-9, EPS_MAX],
      label: language.rich('ridge.eps', { eps: v('ε') }),
      language,
      onChange: (eps) => widget.commit({ eps }, 'eps'),
    }),
  };
}

// One chip per Penrose condition: its tag, its equation and the residual.
function createPenroseChips(language) {
  return [
    ['axa', 'P1', math(v('A'), v('X'), v('A'), ' = ', v('A'))],
    ['xax', 'P2', math(v('X'), v('A'), v('X'), ' = ', v('X'))],
    ['axSymmetric', 'P3', math('(', v('A'), v('X'), ')ᵀ = ', v('A'), v('X'))],
    ['xaSymmetric', 'P4', math('(', v('X'), v('A'), ')ᵀ = ', v('X'), v('A'))],
  ].map(([key, tag, formula]) => {
    const value = num('');
    const chip = el(
      'span',
      { class: 'chip penrose' },
      el('b', { class: 'tag', translate: 'no' }, tag),
      formula,
      el('span', { class: 'residual-caption' }, language.text('penrose.residual')),
      value,
    );
    return { key, chip, value };
  });
}

// The numbers and notes render() fills in.
function createReadouts(language) {
  const differenceValue = num('');
  return {
    chips: { rank: num(''), sigma: num(''), tolerance: num(''), cond: num('') },
    toleranceChip: el('span', { class: 'chip tolerance' }),
    pinvTable: createMatrixTable({ caption: language.text('x.caption') }),
    naiveTable: createMatrixTable({ caption: language.text('ridge.caption') }),
    penrose: createPenroseChips(language),
    penroseNote: el('p', { class: 'hint penrose-note' }),
    differenceValue,
    // One inline span per long chip, so a narrow panel wraps it between words, not around the number.
    differenceChip: el(
      'span',
      { class: 'chip difference', hidden: true },
      language.rich('chip.difference', { formula: math('‖', v('X'), ' − ', v('A'), '⁺_SVD‖ / ‖', v('A'), '⁺_SVD‖ = ', differenceValue) }),
    ),
    svHint: el('p', { class: 'hint' }),
    ridgeChips: { stable: num(''), naive: num(''), inverse: num('') },
    ridgeNote: el('p', { class: 'hint' }),
    computing: el('span', { class: 'computing', role: 'status', hidden: true }, language.text('ridge.computingShort')),
    svPlot: createSingularValuePlot({ language }),
    ridgePlot: createRidgePathPlot({ language }),
  };
}

function headline(language, r) {
  return el(
    'div',
    { class: 'headline' },
    el('h2', {}, language.text('headline')),
    el(
      'div',
      { class: 'chips' },
      el('span', { class: 'chip' }, language.rich('chip.rank', { formula: math(v('k'), ' = ') }), r.chips.rank),
      el('span', { class: 'chip' }, math(v('σ'), '₁ = '), r.chips.sigma),
      r.toleranceChip,
      el('span', { class: 'chip' }, math('σ₁ / σ', v('k'), ' = '), r.chips.cond),
    ),
  );
}

function matrixPanel(widget, c) {
  const { language } = widget;
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'a-heading' },
    Object.assign(language.rich('a.heading', { A: v('A') }, 'h3'), { id: 'a-heading' }),
    el('div', { class: 'control' }, el('label', { for: 'preset' }, language.text('a.example')), c.presetSelect),
    hint(language.rich('a.hint', { one: num('1'), shift: el('kbd', { translate: 'no' }, 'Shift'), tenth: num('0.1') }, 'p')),
    c.editor.element,
    el(
      'div',
      { class: 'control route' },
      el('label', { for: 'route' }, language.rich('a.route', { pinv: math(v('A'), '⁺') })),
      c.routeSelect,
    ),
    c.rtolSlider.element,
    el('div', { class: 'buttons' }, c.rtolDefault, ...widget.copyControls),
  );
}

function pinvPanel(language, r) {
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'x-heading' },
    Object.assign(language.rich('x.heading', { formula: math(v('X'), ' = ', v('A'), '⁺') }, 'h3'), { id: 'x-heading' }),
    hint(language.rich('x.hint', { tiny: num('10⁻¹³'), zero: num('0') }, 'p')),
    r.pinvTable.element,
    el('h4', {}, language.text('penrose.heading')),
    hint(language.rich('penrose.hint', { pinv: math(v('A'), '⁺') }, 'p')),
    el('div', { class: 'penrose-list' }, ...r.penrose.map((p) => p.chip)),
    r.penroseNote,
    r.differenceChip,
  );
}

function ridgePanel(language, r, c) {
  const heading = math(v('R'), '_', v('ε'), ' = (', v('A'), 'ᵀ', v('A'), ' + ', v('ε'), v('I'), ')⁻¹', v('A'), 'ᵀ → ', v('A'), '⁺');
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'ridge-heading' },
    Object.assign(language.rich('ridge.heading', { formula: heading }, 'h3'), { id: 'ridge-heading' }),
    el('div', { class: 'plot-holder' }, r.ridgePlot.element, r.computing),
    el(
      'ul',
      { class: 'legend' },
      el('li', { class: 'c1' }, el('span', { class: 'swatch' }), el('span', {}, language.text('ridge.stable'))),
      el('li', { class: 'c2' }, el('span', { class: 'swatch' }), language.rich('ridge.naive', { formula: shifted() })),
      el('li', { class: 'floor' }, el('span', { class: 'swatch dashed' }), el('span', {}, language.text('ridge.exact'))),
    ),
    c.epsSlider.element,
    el(
      'div',
      { class: 'chips' },
      el('span', { class: 'chip' }, language.text('ridge.stableError'), r.ridgeChips.stable),
      el('span', { class: 'chip' }, language.text('ridge.naiveError'), r.ridgeChips.naive),
      el('span', { class: 'chip' }, math('‖(', v('A'), 'ᵀ', v('A'), ' + ', v('ε'), v('I'), ')⁻¹‖ = '), r.ridgeChips.inverse),
    ),
    r.ridgeNote,
    r.naiveTable.element,
  );
}

function layout(widget, c, r) {
  const { language } = widget;
  return language.mark(
    el(
      'div',
      { class: 'widget' },
      headline(language, r),
      widget.statusElement,
      el(
        'div',
        { class: 'grid two' },
        matrixPanel(widget, c),
        pinvPanel(language, r),
        el(
          'section',
          { class: 'panel', 'aria-labelledby': 'sv-heading' },
          el('h3', { id: 'sv-heading' }, language.text('sv.heading')),
          r.svHint,
          r.svPlot.element,
        ),
        ridgePanel(language, r, c),
      ),
    ),
  );
}

// The rank, σ₁, tolerance and condition chips, and X = A⁺.
function renderHeadline(widget, r) {
  const { t } = widget.language;
  const { svd, shown } = widget.derived;
  const sigmas = svd.singularValues;
  const k = shown.rank;
  r.chips.rank.textContent = String(k);
  r.chips.sigma.textContent = formatNumber(sigmas[0] ?? 0, 4);
  r.chips.tolerance.textContent = formatNumber(shown.tolerance, 2);
  r.toleranceChip.replaceChildren(
    compose(t(`chip.tolerance.${routeKind(widget.state.route)}`), { gram: gram(), formula: math(v('τ'), ' = ', r.chips.tolerance) }),
  );
  r.chips.cond.textContent = k > 0 ? formatNumber(sigmas[0] / sigmas[k - 1], 3) : '—';
  r.pinvTable.show(shown.pinv);
}

// The Penrose residuals, the distance to the SVD's A⁺ and the note saying what they mean; returns the worst residual.
function renderPenrose(widget, r) {
  const { t } = widget.language;
  const { state } = widget;
  const { svd, shown, residuals, difference } = widget.derived;
  let worst = 0;
  for (const p of r.penrose) {
    const residual = residuals[p.key];
    worst = Math.max(worst, residual);
    p.value.textContent = formatNumber(residual, 1);
    p.chip.classList.toggle('good', residual <= SATISFIED);
    p.chip.classList.toggle('bad', !(residual <= SATISFIED));
  }
  const far = difference > 1e-6;
  r.differenceChip.hidden = state.route === 'bdcsvd';
  r.differenceValue.textContent = formatNumber(difference, 1);
  r.differenceChip.classList.toggle('bad', far);
  r.differenceChip.classList.toggle('good', !far);
  let note;
  if (worst > SATISFIED) {
    note = state.route === 'eig' ? compose(t('penrose.eigFails'), { bound: math('10⁻⁸ ', v('σ'), '₁') }) : compose(t('penrose.illFails'));
  } else if (far && state.route === 'eig') {
    note = compose(t('penrose.eigFar'), {
      X: v('X'),
      gram: gram(),
      squares: math(v('σ'), '²'),
      squaresAgain: math(v('σ'), '²'),
      noise: math('10⁻¹⁶ ', v('σ'), '₁²'),
      eigRank: String(shown.rank),
      svdRank: String(svd.rank),
    });
  } else {
    note = compose(t('penrose.allHold'), { X: v('X') });
  }
  r.penroseNote.replaceChildren(note);
  return worst;
}

// The singular values and the cutoff; the chart is redrawn only when it changes (dragging ε
// leaves it alone: a chart costs a few ms to draw). Returns the key of what it shows.
function renderSingularValues(widget, r, lastKey) {
  const { t, lang } = widget.language;
  const { svd, shown } = widget.derived;
  const kind = routeKind(widget.state.route);
  // The eigen route's tolerance is on λ = σ²: on the singular values it cuts at its square root.
  const cut = kind === 'eig' && shown.tolerance > 0 ? Math.sqrt(shown.tolerance) : null;
  r.svHint.replaceChildren(
    cut !== null
      ? compose(t('sv.hintEig'), { squares: math(v('σ'), '²'), gram: gram(), cut: math('√', v('τ'), ' = ', formatNumber(cut, 1)) })
      : compose(t(kind === 'cod' ? 'sv.hintCod' : 'sv.hint')),
  );
  const svView = {
    singularValues: Array.from(svd.singularValues),
    tolerance: svd.tolerance,
    rank: shown.rank,
    svdOnly: kind !== 'svd',
    cut,
  };
  const key = JSON.stringify([svView, lang]);
  if (key !== lastKey) r.svPlot.draw(svView);
  return key;
}

// The ridge path (faded, with "computing…", while the curve of a new A is on its way) and the chips at ε.
function renderRidge(widget, r, curve) {
  const { t } = widget.language;
  const { state } = widget;
  const { at, naive } = widget.derived;
  const pending = !curve || curve.A !== state.A;
  const breakdown = pending ? null : curve.breakdown;
  r.ridgePlot.draw({ curve: curve?.value ?? null, stale: pending, eps: state.eps, breakdown, at });
  r.computing.hidden = !pending;
  r.ridgeChips.stable.textContent = formatNumber(at.stableError, 2);
  r.ridgeChips.naive.textContent = formatNumber(at.naiveError, 2);
  r.ridgeChips.inverse.textContent = formatNumber(at.inverseNorm, 2);
  r.ridgeNote.replaceChildren(
    pending
      ? compose(t('ridge.computing'))
      : breakdown
        ? compose(t('ridge.breaks'), { eps: math(v('ε'), ' ≈ ', formatNumber(breakdown, 0)), formula: shifted(), e: v('ε') })
        : compose(t('ridge.holds'), { ten: num('10') }),
  );
  r.naiveTable.show(naive, { digits: 4, chop: 0 });
  return { pending, breakdown };
}

// What the tests and the host page can read off the element.
function describeOnHost(widget, { worst, pending, breakdown }) {
  const { host, state } = widget;
  const { shown, difference, at } = widget.derived;
  Object.assign(host.dataset, {
    rank: String(shown.rank),
    route: state.route,
    tolerance: String(shown.tolerance),
    pinv: Array.from(shown.pinv.data, (x) => x.toPrecision(12)).join(','),
    residual: String(worst),
    routeDifference: String(difference),
    naiveError: String(at.naiveError),
    sweep: widget.resources.background.inWorker ? 'worker' : 'main',
    curve: pending ? 'computing' : 'ready',
  });
  if (!pending) host.dataset.breakdown = breakdown === null ? '' : String(breakdown);
}

// The ridge curve of the current matrix, from the worker through the newest-wins scheduler:
// an answer for a matrix that is no longer the newest asked for is dropped.
function createCurve(widget) {
  let curve = null; // { A, value: ridgeCurve | null, breakdown } of the newest matrix swept
  const job = widget.background({
    run: ridgeSweep(widget.resources.background),
    onAnswer: (value, A, { latest }) => {
      if (!latest) return;
      curve = { A, value, breakdown: breakdownEps(value) };
      widget.render();
    },
    onError: (error, A) => {
      if (A !== widget.state.A) return;
      curve = { A, value: null, breakdown: null };
      widget.status(() => rejected(error, widget.language));
      widget.render();
    },
  });
  return {
    request: (A) => job.request(A),
    get current() {
      return curve;
    },
  };
}

/** The view of the framework (framework/create-widget.js). */
export function pinvView(widget) {
  const c = createControls(widget);
  const r = createReadouts(widget.language);
  const curve = createCurve(widget);
  let lastSvKey = null;

  function render() {
    renderHeadline(widget, r);
    const worst = renderPenrose(widget, r);
    lastSvKey = renderSingularValues(widget, r, lastSvKey);
    const ridge = renderRidge(widget, r, curve.current);
    describeOnHost(widget, { worst, ...ridge });
  }

  // After a change: every control but the one it came from shows the new state; a new A asks for its curve.
  function sync(previous, origin) {
    const next = widget.state;
    if (origin !== 'editor' && next.A !== previous.A) c.editor.setMatrix(next.A);
    if (next.preset !== previous.preset) c.presetSelect.value = next.preset;
    if (next.route !== previous.route) c.routeSelect.value = next.route;
    if (origin !== 'rtol' && (next.rtol !== previous.rtol || next.A !== previous.A))
      c.rtolSlider.setValue(next.rtol ?? defaultRtol(next.A));
    if (origin !== 'eps' && next.eps !== previous.eps) c.epsSlider.setValue(next.eps);
    if (next.A !== previous.A) {
      widget.host.dataset.curve = 'computing'; // at once, so a reader of the data never sees a stale 'ready'
      curve.request(next.A);
    }
  }

  // A refused change: the editor and the menus go back to what is shown.
  function revert(change, origin) {
    if (origin !== 'editor' && change.A) c.editor.setMatrix(widget.state.A);
    c.presetSelect.value = widget.state.preset;
    c.routeSelect.value = widget.state.route;
  }

  // The first curve before the first paint: never an empty plot.
  return { element: layout(widget, c, r), render, sync, revert, ready: curve.request(widget.state.A) };
}
