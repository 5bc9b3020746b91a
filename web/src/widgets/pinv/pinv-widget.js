// <mathlet-pinv>: the implementation, loaded when the element nears the viewport.
// The reader edits a matrix A (fields, whole-matrix text, presets), the rank tolerance, the route
// and the ridge weight ε; the state lives in the URL (permalink) and the widget speaks English or
// Chinese (the nearest lang attribute, live). A change the core refuses leaves the last valid
// state on screen and says why.
//
// What runs where (pinv-compute.js). Measured in Chromium at the widget's limit, a 6 x 6 matrix
// (random, Hilbert, graded from 1e-15 to 1e3, entries up to 1e150), on the project's 2-core test
// machine while parallel test runs kept its load average near 25:
// - main thread, every change: pinv by SVD, the chosen route (Jacobi, COD or the eigen route), the
//   four Penrose residuals, the ridge point and the naive R_ε at the current ε. Each call takes
//   0.006-0.04 ms (fastest batch of 50) and 0.02-0.3 ms median inside the widget; single samples
//   of 25-50 ms happened only when the page was preempted. Typing and dragging stay immediate.
// - worker (parts/background-core.js), when A changes: the ridge curve, 89 values of ε in one
//   call. 0.6-1.0 ms at best but 1.3-10 ms median under that load (up to 90 times a single call),
//   past the 4 ms budget; the page's round trip: 7 ms at best, 150 ms median under load. Until the
//   answer comes the previous curve stays, faded, with a "computing…" badge; an answer for an
//   older matrix is dropped (createLatest). The first curve is awaited before the widget shows.
// - one render (DOM and the Observable Plot charts): 7 ms at best, 43 ms median under load; the
//   singular-value chart is redrawn only when it changes (not while ε is dragged).
import { load } from '../../core/index.js';
import { backgroundCore } from '../parts/background-core.js';
import { el } from '../parts/create-element.js';
import { createLogSlider } from '../parts/log-slider.js';
import { createMatrixEditor } from '../parts/matrix-editor.js';
import { createMatrixTable } from '../parts/matrix-table.js';
import { matrixWidgetStyles } from '../parts/matrix-widget-styles.js';
import { formatNumber } from '../parts/number-text.js';
import { createPermalink, permalinkStyles } from '../parts/permalink.js';
import { adoptStyles } from '../parts/shadow-styles.js';
import { createWidgetLanguage } from '../parts/widget-language.js';
import { createRidgeSweep, evaluateNow } from './pinv-compute.js';
import { compose, math, num, v } from './pinv-nodes.js';
import { MAX_SIZE, PRESETS, readEps, readMatrix, readPreset, readRoute, readRtol, ROUTES, RTOL_MAX, RTOL_MIN } from './pinv-presets.js';
import { fieldsOrAttribute, linkOrAttribute, permalinkFields, readState } from './pinv-state.js';
import { pinvStyles } from './pinv-styles.js';
import { pinvText } from './pinv-text.js';
import { breakdownEps, createRidgePathPlot, EPS_MAX, EPS_MIN } from './ridge-path-plot.js';
import { createSingularValuePlot } from './singular-value-plot.js';

const MACHINE_EPS = 2 ** -52;
// A Penrose residual this small (relative) counts as satisfied to rounding.
const SATISFIED = 1e-8;
const defaultRtol = (A) => Math.max(A.length, A[0].length) * MACHINE_EPS;
const gram = () => math(v('A'), 'ᵀ', v('A'));
const shifted = () => math(v('A'), 'ᵀ', v('A'), ' + ', v('ε'), v('I'));
const hint = (node) => Object.assign(node, { className: 'hint' });
const routeKind = (route) => (route === 'eig' || route === 'cod' ? route : 'svd');

export async function mount(host, root) {
  const language = createWidgetLanguage(host, pinvText);
  const { t } = language;
  const [core, background] = await Promise.all([load({ include: ['matrix'] }), backgroundCore(['matrix'])]);
  const sweep = createRidgeSweep(background);

  // ---- state ------------------------------------------------------------------------------
  let state = null;
  let view = null; // evaluateNow(state)
  let curve = null; // { A, value: ridgeCurve | null, breakdown } of the newest matrix swept
  let statusContent = null; // () => message nodes, re-run when the language changes
  let frameRequested = false;
  let lastSvKey = null; // what the singular-value plot shows

  const link = createPermalink(host, {
    fields: () => permalinkFields(state),
    onRestore: (fields) => restore(fieldsOrAttribute(fields, host)),
    language,
  });
  const source = linkOrAttribute(link, host);
  let initialStatus = null; // shown once the widget is built
  state = readState(source, language).state;
  try {
    view = evaluateNow(core, state);
    if (readState(source, language).problems.length) initialStatus = () => ignored(readState(source, language).problems);
  } catch (error) {
    // An attribute or link the core refuses (say the eigen route on entries near 1e300): defaults.
    initialStatus = () => rejected(error, 'status.defaults');
    state = readState(() => null, language).state;
    view = evaluateNow(core, state);
  }

  function commit(change, origin = null) {
    const next = { ...state, ...change };
    let evaluated;
    try {
      evaluated = evaluateNow(core, next);
    } catch (error) {
      showStatus(() => rejected(error));
      if (origin !== 'editor' && change.A) editor.setMatrix(state.A);
      presetSelect.value = state.preset; // the menus go back to what is shown
      routeSelect.value = state.route;
      return false;
    }
    const previous = state;
    state = next;
    view = evaluated;
    showStatus(null);
    if (origin !== 'editor' && next.A !== previous.A) editor.setMatrix(next.A);
    if (next.preset !== previous.preset) presetSelect.value = next.preset;
    if (next.route !== previous.route) routeSelect.value = next.route;
    if (origin !== 'rtol' && (next.rtol !== previous.rtol || next.A !== previous.A)) rtolSlider.setValue(next.rtol ?? defaultRtol(next.A));
    if (origin !== 'eps' && next.eps !== previous.eps) epsSlider.setValue(next.eps);
    if (next.A !== previous.A) {
      host.dataset.curve = 'computing'; // at once, so a reader of the data never sees a stale 'ready'
      refreshCurve();
    }
    link.update();
    requestRender();
    return true;
  }

  /** A whole state from attribute-like text (a link pasted in place); its problems are reported. */
  function restore(attribute) {
    const read = readState(attribute, language);
    if (commit(read.state) && read.problems.length) showStatus(() => ignored(readState(attribute, language).problems));
  }

  // The ridge curve of the current matrix, from the worker. The answer for an older matrix is
  // dropped (createLatest), so the curve drawn is always the newest one asked for.
  async function refreshCurve() {
    const A = state.A;
    try {
      const value = await sweep(A);
      if (value !== null) curve = { A, value, breakdown: breakdownEps(value) };
    } catch (error) {
      if (A !== state.A) return;
      curve = { A, value: null, breakdown: null };
      showStatus(() => rejected(error));
    }
    requestRender();
  }

  // ---- controls ---------------------------------------------------------------------------
  const presetSelect = el(
    'select',
    {
      id: 'preset',
      onchange: (event) => {
        const preset = PRESETS.find((p) => p.id === event.target.value);
        if (preset) commit({ A: preset.matrix, preset: preset.id, rtol: null });
      },
    },
    ...PRESETS.map((p) => el('option', { value: p.id }, language.text(`preset.${p.id}`))),
    el('option', { value: 'custom' }, language.text('preset.custom')),
  );
  presetSelect.value = state.preset;

  const editor = createMatrixEditor({
    id: 'A',
    name: 'A',
    matrix: state.A,
    maxRows: MAX_SIZE,
    maxCols: MAX_SIZE,
    language,
    onChange: (A) => commit({ A, preset: 'custom' }, 'editor'),
  });

  const routeSelect = el(
    'select',
    { id: 'route', onchange: (event) => commit({ route: event.target.value }) },
    ...ROUTES.map((route) => el('option', { value: route }, language.text(`route.${route}`))),
  );
  routeSelect.value = state.route;

  const rtolSlider = createLogSlider({
    id: 'rtol',
    name: 'rtol',
    min: RTOL_MIN,
    max: RTOL_MAX,
    value: state.rtol ?? defaultRtol(state.A),
    steps: 340,
    ticks: [RTOL_MIN, 1e-8, RTOL_MAX],
    label: language.rich('a.rtol', { rtol: v('rtol') }),
    language,
    onChange: (rtol) => commit({ rtol }, 'rtol'),
  });
  const rtolDefault = el('button', { type: 'button', onclick: () => commit({ rtol: null }) }, language.text('a.defaultTolerance'));

  const epsSlider = createLogSlider({
    id: 'eps',
    name: 'ε',
    min: EPS_MIN,
    max: EPS_MAX,
    value: state.eps,
    steps: 440,
    ticks: [EPS_MIN, 1e-9, EPS_MAX],
    label: language.rich('ridge.eps', { eps: v('ε') }),
    language,
    onChange: (eps) => commit({ eps }, 'eps'),
  });

  // ---- readouts ---------------------------------------------------------------------------
  const chips = { rank: num(''), sigma: num(''), tolerance: num(''), cond: num('') };
  const toleranceChip = el('span', { class: 'chip tolerance' });
  const pinvTable = createMatrixTable({ caption: language.text('x.caption') });
  const naiveTable = createMatrixTable({ caption: language.text('ridge.caption') });
  const penrose = [
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
  const penroseNote = el('p', { class: 'hint penrose-note' });
  const differenceValue = num('');
  // One inline span per long chip, so a narrow panel wraps it between words, not around the number.
  const differenceChip = el(
    'span',
    { class: 'chip difference', hidden: true },
    language.rich('chip.difference', { formula: math('‖', v('X'), ' − ', v('A'), '⁺_SVD‖ / ‖', v('A'), '⁺_SVD‖ = ', differenceValue) }),
  );
  const svHint = el('p', { class: 'hint' });
  const ridgeChips = { stable: num(''), naive: num(''), inverse: num('') };
  const ridgeNote = el('p', { class: 'hint' });
  const computing = el('span', { class: 'computing', role: 'status', hidden: true }, language.text('ridge.computingShort'));
  const status = el('p', { class: 'status', role: 'alert', hidden: true });

  const svPlot = createSingularValuePlot({ language });
  const ridgePlot = createRidgePathPlot({ language });

  const widget = el(
    'div',
    { class: 'widget' },
    el(
      'div',
      { class: 'headline' },
      el('h2', {}, language.text('headline')),
      el(
        'div',
        { class: 'chips' },
        el('span', { class: 'chip' }, language.rich('chip.rank', { formula: math(v('k'), ' = ') }), chips.rank),
        el('span', { class: 'chip' }, math(v('σ'), '₁ = '), chips.sigma),
        toleranceChip,
        el('span', { class: 'chip' }, math('σ₁ / σ', v('k'), ' = '), chips.cond),
      ),
    ),
    status,
    el(
      'div',
      { class: 'grid two' },
      el(
        'section',
        { class: 'panel', 'aria-labelledby': 'a-heading' },
        Object.assign(language.rich('a.heading', { A: v('A') }, 'h3'), { id: 'a-heading' }),
        el('div', { class: 'control' }, el('label', { for: 'preset' }, language.text('a.example')), presetSelect),
        hint(language.rich('a.hint', { one: num('1'), shift: el('kbd', { translate: 'no' }, 'Shift'), tenth: num('0.1') }, 'p')),
        editor.element,
        el(
          'div',
          { class: 'control route' },
          el('label', { for: 'route' }, language.rich('a.route', { pinv: math(v('A'), '⁺') })),
          routeSelect,
        ),
        rtolSlider.element,
        el('div', { class: 'buttons' }, rtolDefault, link.element),
      ),
      el(
        'section',
        { class: 'panel', 'aria-labelledby': 'x-heading' },
        Object.assign(language.rich('x.heading', { formula: math(v('X'), ' = ', v('A'), '⁺') }, 'h3'), { id: 'x-heading' }),
        hint(language.rich('x.hint', { tiny: num('10⁻¹³'), zero: num('0') }, 'p')),
        pinvTable.element,
        el('h4', {}, language.text('penrose.heading')),
        hint(language.rich('penrose.hint', { pinv: math(v('A'), '⁺') }, 'p')),
        el('div', { class: 'penrose-list' }, ...penrose.map((p) => p.chip)),
        penroseNote,
        differenceChip,
      ),
      el(
        'section',
        { class: 'panel', 'aria-labelledby': 'sv-heading' },
        el('h3', { id: 'sv-heading' }, language.text('sv.heading')),
        svHint,
        svPlot.element,
      ),
      el(
        'section',
        { class: 'panel', 'aria-labelledby': 'ridge-heading' },
        Object.assign(
          language.rich(
            'ridge.heading',
            { formula: math(v('R'), '_', v('ε'), ' = (', v('A'), 'ᵀ', v('A'), ' + ', v('ε'), v('I'), ')⁻¹', v('A'), 'ᵀ → ', v('A'), '⁺') },
            'h3',
          ),
          { id: 'ridge-heading' },
        ),
        el('div', { class: 'plot-holder' }, ridgePlot.element, computing),
        el(
          'ul',
          { class: 'legend' },
          el('li', { class: 'c1' }, el('span', { class: 'swatch' }), el('span', {}, language.text('ridge.stable'))),
          el('li', { class: 'c2' }, el('span', { class: 'swatch' }), language.rich('ridge.naive', { formula: shifted() })),
          el('li', { class: 'floor' }, el('span', { class: 'swatch dashed' }), el('span', {}, language.text('ridge.exact'))),
        ),
        epsSlider.element,
        el(
          'div',
          { class: 'chips' },
          el('span', { class: 'chip' }, language.text('ridge.stableError'), ridgeChips.stable),
          el('span', { class: 'chip' }, language.text('ridge.naiveError'), ridgeChips.naive),
          el('span', { class: 'chip' }, math('‖(', v('A'), 'ᵀ', v('A'), ' + ', v('ε'), v('I'), ')⁻¹‖ = '), ridgeChips.inverse),
        ),
        ridgeNote,
        naiveTable.element,
      ),
    ),
  );
  language.mark(widget);

  // ---- messages ---------------------------------------------------------------------------
  function showStatus(content) {
    statusContent = content;
    status.hidden = !content;
    status.replaceChildren(...(content ? [content()] : []));
  }

  /** The core's own message (kept as it is, untranslated) and what the widget did about it. */
  function rejected(error, what = 'status.kept') {
    const message = el('span', { class: 'notranslate', translate: 'no' }, error instanceof Error ? error.message : String(error));
    return compose(t(what), { rejected: compose(t('core.rejected'), { message }) });
  }

  function ignored(problems) {
    return compose(t('problems.ignored', { problems: problems.join(t('problems.joiner')) }));
  }

  // ---- rendering --------------------------------------------------------------------------
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
    const { svd, shown, residuals, difference, at, naive } = view;
    const sigmas = Array.from(svd.singularValues);
    const k = shown.rank;
    const kind = routeKind(state.route);
    chips.rank.textContent = String(k);
    chips.sigma.textContent = formatNumber(sigmas[0] ?? 0, 4);
    chips.tolerance.textContent = formatNumber(shown.tolerance, 2);
    toleranceChip.replaceChildren(compose(t(`chip.tolerance.${kind}`), { gram: gram(), formula: math(v('τ'), ' = ', chips.tolerance) }));
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
    penroseNote.replaceChildren(note);

    // The eigen route's tolerance is on λ = σ²: on the singular values it cuts at its square root.
    const cut = kind === 'eig' && shown.tolerance > 0 ? Math.sqrt(shown.tolerance) : null;
    svHint.replaceChildren(
      cut !== null
        ? compose(t('sv.hintEig'), { squares: math(v('σ'), '²'), gram: gram(), cut: math('√', v('τ'), ' = ', formatNumber(cut, 1)) })
        : compose(t(kind === 'cod' ? 'sv.hintCod' : 'sv.hint')),
    );
    // Redrawn only when it changes (dragging ε leaves it alone: a chart costs a few ms to draw).
    const svView = { singularValues: sigmas, tolerance: svd.tolerance, rank: k, svdOnly: kind !== 'svd', cut };
    const svKey = JSON.stringify([svView, language.lang]);
    if (svKey !== lastSvKey) svPlot.draw(svView);
    lastSvKey = svKey;

    const pending = !curve || curve.A !== state.A;
    const breakdown = pending ? null : curve.breakdown;
    ridgePlot.draw({ curve: curve?.value ?? null, stale: pending, eps: state.eps, breakdown, at });
    computing.hidden = !pending;
    ridgeChips.stable.textContent = formatNumber(at.stableError, 2);
    ridgeChips.naive.textContent = formatNumber(at.naiveError, 2);
    ridgeChips.inverse.textContent = formatNumber(at.inverseNorm, 2);
    ridgeNote.replaceChildren(
      pending
        ? compose(t('ridge.computing'))
        : breakdown
          ? compose(t('ridge.breaks'), { eps: math(v('ε'), ' ≈ ', formatNumber(breakdown, 0)), formula: shifted(), e: v('ε') })
          : compose(t('ridge.holds'), { ten: num('10') }),
    );
    naiveTable.show(naive, { digits: 4, chop: 0 });

    host.dataset.rank = String(k);
    host.dataset.route = state.route;
    host.dataset.tolerance = String(shown.tolerance);
    host.dataset.pinv = Array.from(shown.pinv.data, (x) => x.toPrecision(12)).join(',');
    host.dataset.residual = String(worst);
    host.dataset.routeDifference = String(difference);
    host.dataset.naiveError = String(at.naiveError);
    host.dataset.sweep = background.inWorker ? 'worker' : 'main';
    host.dataset.curve = pending ? 'computing' : 'ready';
    if (!pending) host.dataset.breakdown = breakdown === null ? '' : String(breakdown);
    performance.measure('mathlet-pinv render', { start: started });
  }

  language.onChange(() => {
    if (statusContent) showStatus(statusContent);
    render();
  });

  if (initialStatus) showStatus(initialStatus);
  await refreshCurve(); // the first curve before the first paint: never an empty plot
  adoptStyles(root, matrixWidgetStyles, pinvStyles, permalinkStyles);
  root.replaceChildren(widget);
  render();

  return {
    // A changed attribute replaces that part of the state; a bad one is reported and ignored.
    attributeChanged(name, text) {
      const simple = {
        rtol: () => readRtol(text, language),
        route: () => readRoute(text, language),
        eps: () => readEps(text, language, EPS_MIN, EPS_MAX),
      }[name];
      if (simple) {
        const read = simple();
        if (read.problem) return showStatus(() => ignored([simple().problem]));
        return commit({ [name]: read.value });
      }
      const reader = name === 'matrix' ? readMatrix : readPreset;
      const read = reader(text, language);
      if (read.problem) return showStatus(() => ignored([reader(text, language).problem]));
      if (!read.value) return;
      commit(name === 'matrix' ? { A: read.value, preset: 'custom' } : { A: read.value.matrix, preset: read.value.id, rtol: null });
    },
  };
}
