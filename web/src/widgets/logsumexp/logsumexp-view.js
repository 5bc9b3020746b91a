// What <mathlet-logsumexp> shows: the readouts, the vector x (bars or fields) with the
// temperature, the tau plot, the lower-bound ladder with the KL line, the weights p with the
// Hölder order, then the pair views: the second vector y with R7 (lipschitz-view.js), the segment
// from y to x with R8 (convexity-view.js), the 2-D smooth maximum (smooth-max-surface.js) and the
// naive-against-stable numerics (numerics-panel.js). Built once; render() redraws from the widget's
// state (at most once per frame); the pair views redraw only when their own inputs changed.
import { el, sym } from '../parts/create-element.js';
import { createLogSlider } from '../parts/log-slider.js';
import { formatNumber } from '../parts/number-text.js';
import { createVectorEditor } from '../parts/vector-editor.js';
import { createBoundLadder } from './bound-ladder.js';
import { createConvexityView } from './convexity-view.js';
import { createLipschitzView } from './lipschitz-view.js';
import { createNumericsPanel } from './numerics-panel.js';
import { createSurfaceView } from './smooth-max-surface.js';
import { createTauCurve } from './logsumexp-compute.js';
import { weights } from './logsumexp-state.js';
import { createReadouts } from './readouts.js';
import { createTauPlot, TAU_MAX, TAU_MIN } from './tau-plot.js';
import { MAX_COMPONENTS } from './widget-attributes.js';

const v = (name) => el('var', { translate: 'no' }, name);
const formula = (...parts) => el('span', { class: 'notranslate', translate: 'no' }, ...parts);
const softmaxOfX = () => formula('softmax(', v('x'), '/', v('τ'), ')');
const round = (value, digits = 4) => Number(value.toFixed(digits));
const mean = (x) => x.reduce((s, a) => s + a / x.length, 0); // no overflow near ±1e308

// The editors and sliders; each change goes to the widget as a commit from that control.
function createControls(widget) {
  const { language, state } = widget;
  return {
    x: createVectorEditor({
      id: 'x',
      name: 'x',
      values: state.x,
      height: 200,
      language,
      onChange: (x) => widget.commit({ x }, 'x'),
    }),
    tau: createLogSlider({
      id: 'tau',
      name: 'τ',
      min: TAU_MIN,
      max: TAU_MAX,
      value: state.tau,
      ticks: [TAU_MIN, 1, TAU_MAX],
      label: language.rich('tau.label', { tau: v('τ') }),
      language,
      onChange: (tau) => widget.commit({ tau }, 'tau'),
    }),
    p: createVectorEditor({
      id: 'p',
      name: 'p',
      values: weights(state),
      simplex: true,
      height: 150,
      ghostName: 'softmax(x/τ)',
      language,
      onChange: (p) => widget.commit({ p }, 'p'),
    }),
    t: createLogSlider({
      id: 't',
      name: 't',
      min: 1,
      max: 10,
      value: state.t,
      steps: 300,
      ticks: [1, 10],
      label: language.rich('t.label', { t: v('t') }),
      language,
      onChange: (t) => widget.commit({ t }, 't'),
    }),
  };
}

// Add a tie at the maximum; when x is full, raise the largest entry below the maximum instead.
function addTie(widget) {
  const { x } = widget.state;
  const top = Math.max(...x);
  if (x.length < MAX_COMPONENTS) return widget.commit({ x: [...x, top] });
  const below = x
    .map((a, i) => [a, i])
    .filter(([a]) => a < top)
    .sort((a, b) => b[0] - a[0])[0];
  if (below) widget.commit({ x: x.map((a, i) => (i === below[1] ? top : a)) });
}

function createButtons(widget) {
  const { language } = widget;
  const button = (onclick, caption) => el('button', { type: 'button', onclick }, caption);
  const x = () => widget.state.x;
  return {
    add: button(() => widget.commit({ x: [...x(), round(mean(x()), 2)] }), language.text('button.add')),
    remove: button(() => widget.commit({ x: x().slice(0, -1) }), language.text('button.remove')),
    equal: button(() => widget.commit({ x: x().map(() => round(mean(x()))) }), language.text('button.equal')),
    tie: button(() => addTie(widget), language.text('button.tie')),
    reset: button(() => widget.commit(widget.attributeState()), language.text('button.reset')),
    uniform: button(() => widget.commit({ p: null }), language.rich('button.uniform', { p: v('p') })),
    snap: button(
      () => widget.commit({ p: Array.from(widget.derived.result.softmax) }),
      language.rich('button.snap', { p: v('p'), softmax: softmaxOfX() }),
    ),
  };
}

// The plain / shifted switch of the tau plot: a view setting, not part of the state or the link.
function createViewSwitch(language, onShift) {
  const choices = [
    ['plain', language.text('view.plain')],
    ['shifted', language.rich('view.shifted', { tauLogN: formula(v('τ'), ' log ', v('n')) })],
  ];
  return el(
    'fieldset',
    { class: 'view-switch' },
    el('legend', {}, language.text('view.legend')),
    ...choices.map(([value, caption]) =>
      el(
        'label',
        {},
        el('input', {
          type: 'radio',
          name: 'view',
          value,
          checked: value === 'plain',
          onchange: (event) => onShift(event.target.value === 'shifted'),
        }),
        caption,
      ),
    ),
  );
}

function createLegend(language) {
  const item = (kind, swatch, ...label) => el('li', { class: kind }, el('span', { class: `swatch${swatch}` }), ...label);
  const symbols = (...parts) => el('span', { translate: 'no' }, ...parts);
  return el(
    'ul',
    { class: 'legend' },
    item('lse', '', symbols(v('τ'), ' lse(', v('x'), '/', v('τ'), ')')),
    item('upper', ' dashed', symbols(v('x'), el('sub', {}, 'max'), ' + ', v('τ'), ' log ', v('n'))),
    item('lower', '', symbols(v('x'), el('sub', {}, 'max'))),
    item('mean', ' dotted', symbols(v('x̄'), ' + ', v('τ'), ' log ', v('n'))),
    el('li', {}, el('span', { class: 'swatch band' }), language.rich('legend.band', { lse: v('lse') })),
  );
}

// The line under the ladder: the entropy bound's gap, tau KL(p || softmax(x/tau)).
function createKlLine(language) {
  const value = sym('');
  const line = language.rich(
    'kl',
    {
      lse: v('lse'),
      formula: el(
        'span',
        { class: 'notranslate nowrap', translate: 'no' },
        v('τ'),
        ' · KL(',
        v('p'),
        ' ‖ softmax(',
        v('x'),
        '/',
        v('τ'),
        ')) = ',
        value,
      ),
    },
    'p',
  );
  line.className = 'kl';
  return { line, value };
}

function panel(className, headingId, heading, ...children) {
  heading.id = headingId;
  return el('section', { class: className, 'aria-labelledby': headingId }, heading, ...children);
}

function layout(widget, parts) {
  const { language } = widget;
  const { controls, buttons, readouts, tauPlot, ladder, kl, viewSwitch, pairViews } = parts;
  const h3 = (key, slots) => el('h3', {}, language.rich(key, slots));
  return language.mark(
    el(
      'div',
      { class: 'widget' },
      readouts.element,
      widget.statusElement,
      el(
        'div',
        { class: 'grid' },
        panel(
          'panel',
          'x-heading',
          h3('x.heading', { x: v('x') }),
          el('p', { class: 'hint' }, language.text('x.hint')),
          controls.x.element,
          el('div', { class: 'buttons' }, buttons.add, buttons.remove, buttons.equal, buttons.tie, buttons.reset, ...widget.copyControls),
          controls.tau.element,
        ),
        panel('panel', 'curve-heading', h3('curve.heading', { tau: v('τ') }), viewSwitch, tauPlot.element, createLegend(language)),
        panel(
          'panel ladder',
          'ladder-heading',
          el('h3', {}, language.text('ladder.heading')),
          el('p', { class: 'hint' }, language.text('ladder.hint')),
          ladder.element,
          kl.line,
        ),
        panel(
          'panel weights',
          'p-heading',
          h3('p.heading', { p: v('p') }),
          el('p', { class: 'hint' }, language.rich('p.hint', { softmax: softmaxOfX() })),
          controls.p.element,
          el('div', { class: 'buttons' }, buttons.uniform, buttons.snap),
          controls.t.element,
        ),
        pairViews.lipschitz.element,
        pairViews.convexity.element,
        pairViews.surface.element,
        pairViews.numerics.element,
      ),
    ),
  );
}

/** The view of the framework (framework/create-widget.js). */
export function logsumexpView(widget) {
  const { language, host } = widget;
  const curveFor = createTauCurve(widget.resources.core);
  let shifted = false;
  const parts = {
    controls: createControls(widget),
    buttons: createButtons(widget),
    readouts: createReadouts(language),
    tauPlot: createTauPlot({ language }),
    ladder: createBoundLadder(language),
    kl: createKlLine(language),
    viewSwitch: createViewSwitch(language, (value) => {
      shifted = value;
      widget.render();
    }),
    pairViews: {
      lipschitz: createLipschitzView(widget),
      convexity: createConvexityView(widget),
      surface: createSurfaceView(widget),
      numerics: createNumericsPanel(widget),
    },
  };
  const { controls, buttons, kl, pairViews } = parts;

  let drawn = null; // the inputs of the last drawing of the readouts, tau plot and ladder
  function render() {
    const { state } = widget;
    const r = widget.derived.result;
    // y and the mixing weight move only the pair views: the rest is drawn again only for its own inputs.
    const inputs = { x: state.x, tau: state.tau, t: state.t, p: state.p, shifted };
    if (!drawn || Object.keys(inputs).some((key) => inputs[key] !== drawn[key])) {
      drawn = inputs;
      drawMain(state, r);
    }
    for (const [name, view] of Object.entries(pairViews)) {
      const start = performance.now();
      if (view.render(r) !== false) performance.measure('mathlet-logsumexp view', { start, detail: { view: name } });
    }
  }

  function drawMain(state, r) {
    parts.readouts.update(r);
    parts.tauPlot.draw({ curve: curveFor(state.x), n: r.n, xMax: r.xMax, xMean: r.xMean, tau: state.tau, lse: r.lse, shifted });
    parts.ladder.draw(r);
    controls.p.setGhost(r.softmax);
    // Below rounding level (relative to lse) the gap is shown as the zero it is.
    const gap = r.bounds.entropyLower.slack;
    const tight = gap < 1e-12 * Math.max(1, Math.abs(r.lse));
    kl.value.textContent = formatNumber(tight ? 0 : gap, 6);
    kl.line.classList.toggle('tight', tight);
    buttons.add.disabled = state.x.length >= MAX_COMPONENTS;
    buttons.remove.disabled = state.x.length <= 1;
    host.dataset.lse = String(r.lse);
  }

  // After a change: every control but the one it came from shows the new state.
  function sync(previous, origin) {
    const next = widget.state;
    if (origin !== 'x' && next.x !== previous.x) controls.x.setValues(next.x);
    if (origin !== 'p' && (next.p !== previous.p || next.x.length !== previous.x.length)) controls.p.setValues(weights(next));
    if (origin !== 'tau' && next.tau !== previous.tau) controls.tau.setValue(next.tau);
    if (origin !== 't' && next.t !== previous.t) controls.t.setValue(next.t);
    pairViews.lipschitz.sync(previous, origin);
    pairViews.convexity.sync(previous, origin);
  }

  // A refused vector: the fields go back to the vector still shown.
  function revert(change, origin) {
    if (origin === 'x') controls.x.setValues(widget.state.x);
    pairViews.lipschitz.revert(change, origin);
  }

  return { element: layout(widget, parts), render, sync, revert };
}
