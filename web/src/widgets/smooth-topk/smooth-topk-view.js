// What <mathlet-smooth-topk> shows: the readouts of the method in focus (chips and a verdict);
// the scores x (bars or fields, plus ±∞ scores) with the presets; k, tau, the method in focus and
// its temperature fan (computed in the worker); its threshold equation F(λ) = k and its Jacobian
// (threshold-plot.js, jacobian-table.js); every method's output (method-grid.js) and the scoreboard. Built once; render() redraws at most once per frame (the framework batches).
import { el, sym } from '../parts/create-element.js';
import { createLogSlider } from '../parts/log-slider.js';
import { formatNumber } from '../parts/number-text.js';
import { createVectorEditor } from '../parts/vector-editor.js';
import { createInfiniteScores } from './infinite-scores.js';
import { createJacobianTable } from './jacobian-table.js';
import { createKControl } from './k-stepper.js';
import { message, sayList, sayNodes } from './message-nodes.js';
import { createMethodGrid } from './method-grid.js';
import { createScoreboard } from './method-scoreboard.js';
import { formatShare } from './share-format.js';
import { fanInput, fanKey, thresholdMessage } from './smooth-topk-compute.js';
import { failing, sizeOf, unavailable } from './smooth-topk-state.js';
import { createTemperatureFan } from './temperature-fan.js';
import { createThresholdPlot } from './threshold-plot.js';
import { MAX_COMPONENTS, MIN_COMPONENTS, TAU_MAX, TAU_MIN } from './topk-attributes.js';
import { METHODS, methodInfo, methodName } from './topk-methods.js';

const v = (name) => el('var', { translate: 'no' }, name);
const pi = () => el('span', {}, v('p'), el('sub', {}, v('i')));
const round = (value, digits = 4) => Number(value.toFixed(digits));
const kText = (k) => String(Number(k.toPrecision(6)));

// The scores, k, tau, the method in focus and I2's complement; each change goes to the widget as
// a commit from that control.
function createControls(widget) {
  const { language, state, commit } = widget;
  const methodSelect = el(
    'select',
    { id: 'method', onchange: (event) => commit({ method: event.target.value }, 'method') },
    ...METHODS.map((m) => el('option', { value: m.id, selected: m.id === state.method }, language.text(`method.${m.id}`))),
  );
  return {
    xEditor: createVectorEditor({ id: 'x', name: 'x', values: state.x, height: 210, language, onChange: (x) => commit({ x }, 'x') }),
    infinite: createInfiniteScores({
      language,
      onRemove: (i) => commit({ extras: widget.state.extras.filter((_, j) => j !== i) }),
    }),
    kControl: createKControl({ language, value: state.k, n: sizeOf(state), onChange: (k) => commit({ k }, 'k') }),
    tauSlider: createLogSlider({
      id: 'tau',
      name: 'τ',
      min: TAU_MIN,
      max: TAU_MAX,
      value: state.tau,
      ticks: [TAU_MIN, 0.1, TAU_MAX],
      label: language.rich('tau.label', { tau: v('τ') }),
      language,
      onChange: (tau) => commit({ tau }, 'tau'),
    }),
    methodSelect,
    naiveToggle: el('input', {
      type: 'checkbox',
      id: 'naive-complement',
      onchange: (event) => commit({ complement: event.target.checked ? 'naive' : 'exact' }),
    }),
  };
}

// The buttons under the scores: add or remove a score (finite or infinite) and the presets.
function createButtons(widget) {
  const { language, commit } = widget;
  const button = (key, onclick) => el('button', { type: 'button', onclick }, language.text(key));
  const preset = (key, change) => button(key, () => commit(change(widget.state)));
  const mean = (x) => x.reduce((s, a) => s + a, 0) / x.length;
  return {
    add: button('button.add', () => commit({ x: [...widget.state.x, round(mean(widget.state.x), 2)] })),
    remove: button('button.remove', () => {
      const { x, extras } = widget.state;
      commit(extras.length ? { extras: extras.slice(0, -1) } : { x: x.slice(0, -1) });
    }),
    plusInf: button('button.addPlusInf', () => commit({ extras: [...widget.state.extras, Infinity] })),
    minusInf: button('button.addMinusInf', () => commit({ extras: [...widget.state.extras, -Infinity] })),
    presets: [
      preset('button.tie', () => ({ x: [2, 1, 1, 0], extras: [], k: 2 })),
      preset('button.spread', (s) => ({ x: s.x.map((a) => round(a * 10, 6)) })),
      preset('button.i1', () => ({ x: [0, 1, 10], extras: [], k: 2, tau: 1, method: 'iterative-su' })),
      preset('button.i2', () => ({ x: [3, 2, 1, 4], extras: [], k: 2, tau: 0.05, method: 'iterative-weighted' })),
      preset('button.recursion', () => ({ x: [0, 50, 100], extras: [], k: 2, tau: 1, method: 'gradtopk-recursion' })),
      preset('button.reset', () => widget.attributeState()),
    ],
  };
}

// The readouts of the method in focus: its name, the chips (filled by render) and the verdict.
function createReadouts(language) {
  const chips = { sum: sym(''), lambda: sym(''), max: sym(''), distance: sym('') };
  const symbols = (...label) => el('span', { class: 'notranslate', translate: 'no' }, ...label, ' =');
  const chip = (key, ...label) => el('span', { class: `chip ${key}` }, ...label, chips[key]);
  const chipElements = {
    sum: chip('sum', symbols('Σ ', v('p'), el('sub', {}, v('i')))),
    lambda: chip('lambda', language.text('chip.threshold'), symbols(v('λ'))),
    max: chip('max', symbols('max ', v('p'), el('sub', {}, v('i')))),
    distance: chip('distance', symbols('max |', v('p'), ' − T', el('sub', {}, v('k')), '(', v('x'), ')|')),
  };
  const focusName = el('span', {});
  const verdict = el('p', { class: 'verdict', role: 'status' });
  const element = el(
    'div',
    { class: 'readouts' },
    el('h2', {}, language.rich('focus.heading', { name: focusName })),
    ...Object.values(chipElements),
    verdict,
  );
  return { chips, chipElements, focusName, verdict, element };
}

function scoresPanel(widget, c, b, thresholdHint) {
  const { language } = widget;
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'x-heading' },
    el('h3', { id: 'x-heading' }, language.rich('x.heading', { x: v('x') })),
    el('p', { class: 'hint' }, language.text('x.hint')),
    c.xEditor.element,
    c.infinite.element,
    thresholdHint,
    el('div', { class: 'buttons' }, b.add, b.remove, b.plusInf, b.minusInf, ...b.presets, ...widget.copyControls),
  );
}

function fanPanel(language, c, fanChart) {
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'fan-heading' },
    el('h3', { id: 'fan-heading' }, language.rich('fan.heading', { p: pi(), tau: v('τ') })),
    el(
      'div',
      { class: 'controls' },
      c.kControl.element,
      c.tauSlider.element,
      el('div', { class: 'focus-select' }, el('label', { for: 'method' }, language.text('method.label')), c.methodSelect),
    ),
    el('p', { class: 'hint' }, language.rich('fan.hint', { k: v('k'), n: v('n') })),
    fanChart.element,
    el('label', { class: 'toggle' }, c.naiveToggle, language.rich('naive.label', { p: v('p') })),
  );
}

// The threshold equation F(λ) = k of the method in focus beside its Jacobian ∂p/∂x.
function equationPanel(language, { equationChart, jacobianTable }) {
  const symbols = (...parts) => el('span', { class: 'notranslate', translate: 'no' }, ...parts);
  const F = symbols(v('F'), '(', v('λ'), ')');
  const J = symbols('∂', v('p'), '/∂', v('x'));
  return el(
    'section',
    { class: 'panel equation-panel', 'aria-labelledby': 'equation-heading' },
    el('h3', { id: 'equation-heading' }, language.text('equation.heading')),
    el(
      'div',
      { class: 'equation-grid' },
      el(
        'div',
        {},
        el('h4', {}, language.rich('equation.title', { equation: symbols(v('F'), '(', v('λ'), ') = ', v('k')) })),
        el('p', { class: 'hint' }, language.rich('equation.hint', { F, lambda: v('λ'), k: v('k'), n: v('n') })),
        equationChart.element,
      ),
      el(
        'div',
        {},
        el('h4', {}, language.rich('jacobian.title', { J })),
        el('p', { class: 'hint' }, language.rich('jacobian.hint', { p: pi(), x: symbols(v('x'), el('sub', {}, v('j'))), k: v('k') })),
        jacobianTable.element,
      ),
    ),
  );
}

function methodsPanel(language, { fractionNote, grid, scoreboard }) {
  const item = (swatch, text) => el('li', {}, el('span', { class: `swatch ${swatch}` }), text);
  return el(
    'section',
    { class: 'panel methods', 'aria-labelledby': 'methods-heading' },
    el('h3', { id: 'methods-heading' }, language.text('methods.heading')),
    el(
      'ul',
      { class: 'legend' },
      item('bar', language.rich('legend.output', { p: pi() })),
      item('focus', language.rich('legend.focus')),
      item('over', language.rich('legend.over')),
      item('hard', language.rich('legend.hard')),
      item('cap', language.rich('legend.cap')),
    ),
    fractionNote,
    grid.element,
    scoreboard.element,
  );
}

// The temperature fan: the newest curves that arrived (maybe for an older input), and what is
// wanted now. Sweeps go to the worker through the framework's scheduler (one in flight, the
// newest input waiting); until the wanted one arrives the chart shows dots and "computing…".
function createFan(widget) {
  const fan = { curves: null, n: 0, of: '', wanted: null, computing: false, error: null };
  const jobs = widget.background({
    run: widget.resources.sweep,
    onAnswer(curves, input) {
      Object.assign(fan, { curves, n: input.x.length, of: input.method });
      if (input.key === fan.wanted) Object.assign(fan, { computing: false, error: null });
      widget.render('fan');
    },
    onError(error, input) {
      if (input.key !== fan.wanted) return;
      Object.assign(fan, { computing: false, error: message('core.rejected', { message: error?.message ?? String(error) }) });
      widget.render('fan');
    },
  });
  function request(state) {
    const key = fanKey(state);
    if (key === fan.wanted) return;
    fan.wanted = key;
    fan.error = null;
    const input = fanInput(state);
    fan.computing = input !== null;
    if (input) jobs.request(input);
  }
  return { fan, request };
}

// The verdict on the method in focus, with a way out where it is not defined on this input.
function verdictNodes(widget, focus, name) {
  const { language, state, commit } = widget;
  const inline = (onclick, ...content) => el('button', { type: 'button', class: 'inline', onclick }, ...content);
  if (focus.unavailable === 'wholeK') {
    const whole = Math.min(Math.round(state.k), sizeOf(state));
    return [
      ...sayNodes(language, message('verdict.wholeK', { name, k: kText(state.k) })),
      ' ',
      inline(() => commit({ k: whole }), ...sayNodes(language, message('verdict.roundK', { k: whole }))),
    ];
  }
  if (focus.unavailable === 'finite') {
    return [
      ...sayNodes(language, message('verdict.finite', { name })),
      ' ',
      inline(() => commit({ extras: [] }), language.t('verdict.removeInfinite')),
    ];
  }
  return focus.problems.length
    ? sayNodes(language, message('verdict.bad', { problems: el('span', {}, ...sayList(language, focus.problems)) }))
    : sayNodes(language, message('verdict.sound', { k: kText(state.k) }));
}

// The name, chips and verdict of the method in focus.
function renderReadouts(widget, r, focus, name) {
  const { chips, chipElements } = r;
  r.focusName.textContent = widget.language.t(name.key);
  const available = !focus.unavailable;
  for (const key of ['sum', 'max', 'distance']) chipElements[key].hidden = !available;
  chipElements.lambda.hidden = focus.threshold === null;
  if (available) {
    chips.sum.textContent = formatNumber(focus.sum, 6);
    chipElements.sum.className = `chip sum ${focus.problems.some((p) => p.key === 'problem.sum') ? 'bad' : 'good'}`;
    const max = Math.max(...focus.values);
    chips.max.textContent = formatShare(max);
    chipElements.max.className = `chip max ${max > 1 + 1e-9 ? 'bad' : ''}`;
    chips.distance.textContent = formatNumber(focus.distance, 4);
  }
  chips.lambda.textContent = focus.threshold === Infinity ? '+∞' : focus.threshold === null ? '' : formatNumber(focus.threshold, 4);
  r.verdict.className = `verdict ${focus.problems.length ? 'bad' : ''} ${focus.unavailable ? 'unavailable' : ''}`;
  r.verdict.replaceChildren(...verdictNodes(widget, focus, name));
}

// The threshold line and hint, the toggles and the buttons that depend on the state.
function renderControls(widget, c, b, p, focus, name) {
  const { language, state } = widget;
  const n = sizeOf(state);
  c.xEditor.setRule(focus.threshold === null ? null : { value: focus.threshold, label: 'λ' });
  const hint = thresholdMessage(state, focus, name);
  p.thresholdHint.hidden = !hint;
  p.thresholdHint.replaceChildren(...(hint ? sayNodes(language, hint) : []));
  c.naiveToggle.disabled = state.method !== 'iterative-weighted';
  c.naiveToggle.checked = state.complement === 'naive';
  c.kControl.setWholeOnly(Boolean(methodInfo(state.method).wholeK));
  c.infinite.update(state.extras, state.x.length);
  p.fractionNote.hidden = Number.isInteger(state.k);
  b.add.disabled = n >= MAX_COMPONENTS;
  b.plusInf.disabled = n >= MAX_COMPONENTS;
  b.minusInf.disabled = n >= MAX_COMPONENTS;
  b.remove.disabled = state.extras.length === 0 && state.x.length <= MIN_COMPONENTS;
}

// The method grid, the fan and the scoreboard.
function renderPlots(widget, p, fan, name) {
  const { state } = widget;
  const { results, focus } = widget.derived;
  const n = sizeOf(state);
  p.grid.draw({ results, focus: focus.id, k: state.k });
  p.fanChart.draw({
    curves: fan.n === n ? fan.curves : null,
    computing: fan.computing,
    unavailable: focus.unavailable ? message(`unavailable.${focus.unavailable}`) : fan.error,
    current: { tau: state.tau, values: focus.values ?? [] },
    k: state.k,
    n,
    name,
    of: fan.of,
  });
  p.scoreboard.update(results, focus.id);
  renderEquation(widget, p, name);
}

// The threshold equation and the Jacobian of the method in focus, or why there are none.
function renderEquation(widget, p, name) {
  const { focus, equation, jacobian } = widget.derived;
  const reason = focus.unavailable ? message(`unavailable.${focus.unavailable}`) : null;
  p.equationChart.draw({
    equation,
    name,
    notice: reason ? message('equation.unavailable', { reason }) : message('equation.none', { name }),
  });
  p.jacobianTable.draw({
    check: jacobian,
    notice: reason ? message('jacobian.unavailable', { reason }) : message('jacobian.none', { name }),
  });
}

// What the tests and the host page can read off the element.
function renderDataset(host, { results, focus, calls }) {
  Object.assign(host.dataset, {
    output: focus.values ? focus.values.join(',') : '',
    sum: focus.values ? String(focus.sum) : '',
    threshold: focus.threshold === null ? '' : String(focus.threshold),
    failing: failing(results).join(' '),
    unavailable: unavailable(results).join(' '),
    mainCalls: String(calls),
  });
}

/** The view of the framework (framework/create-widget.js). */
export function smoothTopkView(widget) {
  const { language } = widget;
  const c = createControls(widget);
  const b = createButtons(widget);
  const r = createReadouts(language);
  const p = {
    grid: createMethodGrid({ language }),
    fanChart: createTemperatureFan({ language }),
    scoreboard: createScoreboard({ language }),
    equationChart: createThresholdPlot({ language }),
    jacobianTable: createJacobianTable({ language }),
    thresholdHint: el('p', { class: 'hint' }),
    fractionNote: el('p', { class: 'hint fraction-note', hidden: true }, language.text('legend.fractional')),
  };
  const fan = createFan(widget);
  const element = el(
    'div',
    { class: 'widget' },
    r.element,
    widget.statusElement,
    el(
      'div',
      { class: 'grid' },
      scoresPanel(widget, c, b, p.thresholdHint),
      fanPanel(language, c, p.fanChart),
      equationPanel(language, p),
      methodsPanel(language, p),
    ),
  );

  function render() {
    const { focus } = widget.derived;
    const name = methodName(focus.id);
    renderReadouts(widget, r, focus, name);
    renderControls(widget, c, b, p, focus, name);
    renderPlots(widget, p, fan.fan, name);
    renderDataset(widget.host, widget.derived);
  }

  // After a change: the controls other than the one the change came from show the new state, and
  // the fan is asked for again if its inputs changed.
  function sync(previous, origin) {
    const next = widget.state;
    if (origin !== 'x' && next.x !== previous.x) c.xEditor.setValues(next.x);
    if (sizeOf(next) !== sizeOf(previous)) c.kControl.setLimit(sizeOf(next));
    if (origin !== 'k' && next.k !== previous.k) c.kControl.setValue(next.k);
    if (origin !== 'tau' && next.tau !== previous.tau) c.tauSlider.setValue(next.tau);
    if (origin !== 'method' && next.method !== previous.method) c.methodSelect.value = next.method;
    fan.request(next);
  }

  fan.request(widget.state);
  return { element: language.mark(element), render, sync };
}
