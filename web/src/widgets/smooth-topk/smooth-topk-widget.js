// <mathlet-smooth-topk>: the implementation, loaded when the element nears the viewport.
// The reader edits the scores x (bars or fields, plus optional ±∞ scores), k (any real from 0 to
// n: field, buttons, slider) and the temperature tau (log slider). It speaks English or Chinese,
// following the nearest lang attribute (smooth-topk-text.js), and switches live.
//
// What runs where (measured in Chromium at the widget's limits: 10 scores spread over ±5e3,
// tau = 0.001, k = 5, each method in focus; the e2e test smooth-topk-language prints the figures.
// They were taken on a 2-core machine shared with other test runs, so the minimum is the cost and
// the median includes waiting):
//  - main thread, on every change: the hard top-k outline and all eight methods once (9 or 10 core
//    calls). One call: 0.01 to 0.09 ms at best, medians up to 0.15 ms (ThreTopK piecewise); all of
//    them 0.54 ms at best, median 1.6 ms; so the bars and readouts follow a drag at once;
//  - worker (fan-sweep.js, the shared core worker of parts/background-core.js): the temperature
//    fan, 61 calls of the method in focus. At the medians per call that is 2.5 to 8 ms of wasm per
//    sweep (ThreTopK sigmoid's Newton iteration and the piecewise scan the dearest), over the 4 ms a
//    frame can spare, so it moved. Until it arrives the fan shows the current outputs as dots and
//    "computing…"; older curves stay, dimmed, never a blank chart. The worker instantiates its
//    own copy of the vector wasm (a second request for the same file).
// Updates of the DOM and the plots are batched into the next animation frame. A change the core
// refuses leaves the last valid state on screen and says why.
import { load } from '../../core/index.js';
import { openMountScope } from '../framework/mount-scope.js';
import { createNewestWins } from '../framework/newest-wins.js';
import { createTeardown } from '../framework/teardown.js';
import { el, sym } from '../parts/create-element.js';
import { adoptStyles } from '../parts/shadow-styles.js';
import { createLogSlider } from '../parts/log-slider.js';
import { createPermalink, permalinkStyles } from '../parts/permalink.js';
import { formatNumber } from '../parts/number-text.js';
import { createVectorEditor } from '../parts/vector-editor.js';
import { createWidgetLanguage } from '../parts/widget-language.js';
import { fanSweep } from './fan-sweep.js';
import { createInfiniteScores } from './infinite-scores.js';
import { createKControl } from './k-stepper.js';
import { message, sayList, sayNodes } from './message-nodes.js';
import { createMethodGrid } from './method-grid.js';
import { createScoreboard } from './method-scoreboard.js';
import { formatShare } from './share-format.js';
import { smoothTopkStyles } from './smooth-topk-styles.js';
import { smoothTopkText } from './smooth-topk-text.js';
import { createTemperatureFan } from './temperature-fan.js';
import {
  MAX_COMPONENTS,
  MIN_COMPONENTS,
  readK,
  readMethod,
  readTau,
  readValues,
  splitScores,
  TAU_MAX,
  TAU_MIN,
} from './topk-attributes.js';
import { evaluateAll, METHODS, methodInfo, methodName, unavailableReason } from './topk-methods.js';

const v = (name) => el('var', { translate: 'no' }, name);
const round = (value, digits = 4) => Number(value.toFixed(digits));
const kText = (k) => String(Number(k.toPrecision(6)));
const scores = (s) => [...s.x, ...s.extras];
const sizeOf = (s) => s.x.length + s.extras.length;
const fanKey = (s) => JSON.stringify([scores(s).map(String), s.k, s.method, s.method === 'iterative-weighted' ? s.complement : '']);

export async function mount(host, root) {
  const core = await load({ include: ['vector'] });
  // Everything set up from here on is undone when the element leaves the page (lazy-element.js).
  const teardown = createTeardown();
  const closeScope = openMountScope(teardown);
  const language = createWidgetLanguage(host, smoothTopkText);

  // ---- state ------------------------------------------------------------------------------
  // `attribute(name)` gives the text of an attribute (or of the same field in a permalink).
  const fromAttributes = (attribute = (name) => host.getAttribute(name)) => {
    const values = readValues(attribute('values'));
    const { x, extras } = splitScores(values.value);
    const read = {
      values,
      k: readK(attribute('k'), x.length + extras.length),
      tau: readTau(attribute('tau')),
      method: readMethod(attribute('method')),
    };
    return {
      state: { x, extras, k: read.k.value, tau: read.tau.value, method: read.method.value, complement: 'exact' },
      problems: Object.values(read)
        .map((r) => r.problem)
        .filter(Boolean),
    };
  };
  const link = createPermalink(host, {
    fields: () => ({ values: scores(state), k: state.k, tau: state.tau, method: state.method }),
    onRestore: (fields) => commit(fromAttributes((name) => fields[name] ?? host.getAttribute(name)).state),
    language,
  });
  const initial = fromAttributes((name) => link.get(name) ?? host.getAttribute(name));
  let state = initial.state;
  let view = null; // evaluateAll(...) for `state`, plus focus
  let frameRequested = false;
  let statusMessage = null; // () => nodes, said again when the language changes

  // The fan: the newest curves that arrived (maybe for an older input), and what is wanted now.
  const fan = { curves: null, n: 0, of: '', wanted: null, computing: false, error: null };
  const fanJobs = createNewestWins({
    run: fanSweep(),
    onAnswer(curves, input) {
      Object.assign(fan, { curves, n: input.x.length, of: input.method });
      if (input.key === fan.wanted) Object.assign(fan, { computing: false, error: null });
      requestRender();
    },
    onError(error, input) {
      if (input.key !== fan.wanted) return;
      Object.assign(fan, { computing: false, error: message('core.rejected', { message: error?.message ?? String(error) }) });
      requestRender();
    },
  });
  function requestFan(s) {
    const key = fanKey(s);
    if (key === fan.wanted) return;
    fan.wanted = key;
    fan.error = null;
    if (unavailableReason(s.method, scores(s), s.k)) {
      fan.computing = false;
      return;
    }
    fan.computing = true;
    const options = s.method === 'iterative-weighted' ? { complement: s.complement } : {};
    fanJobs.request({ key, x: scores(s), k: s.k, method: s.method, options });
  }

  function evaluate(next) {
    const started = performance.now();
    const evaluated = evaluateAll(core, scores(next), next.k, next.tau, { complement: next.complement });
    performance.measure('mathlet-smooth-topk main-thread core', { start: started, detail: evaluated.timings });
    return { ...evaluated, focus: evaluated.results.find((r) => r.id === next.method) };
  }

  /** Applies a change if the core accepts it; otherwise shows why and keeps the last valid state. */
  function commit(change, source = null) {
    const next = { ...state, ...change };
    if (next.k > sizeOf(next)) next.k = sizeOf(next);
    let evaluated;
    try {
      evaluated = evaluate(next);
    } catch (error) {
      showStatus(() => sayNodes(language, message('core.rejected', { message: error instanceof Error ? error.message : String(error) })));
      return false;
    }
    const previous = state;
    state = next;
    view = evaluated;
    showStatus(null);
    if (source !== 'x' && next.x !== previous.x) xEditor.setValues(next.x);
    if (sizeOf(next) !== sizeOf(previous)) kControl.setLimit(sizeOf(next));
    if (source !== 'k' && next.k !== previous.k) kControl.setValue(next.k);
    if (source !== 'tau' && next.tau !== previous.tau) tauSlider.setValue(next.tau);
    if (source !== 'method' && next.method !== previous.method) methodSelect.value = next.method;
    requestFan(next);
    link.update();
    requestRender();
    return true;
  }

  // ---- controls ---------------------------------------------------------------------------
  const xEditor = createVectorEditor({
    id: 'x',
    name: 'x',
    values: state.x,
    height: 210,
    language,
    onChange: (x) => commit({ x }, 'x'),
  });
  const infinite = createInfiniteScores({
    language,
    onRemove: (i) => commit({ extras: state.extras.filter((_, j) => j !== i) }),
  });
  const kControl = createKControl({ language, value: state.k, n: sizeOf(state), onChange: (k) => commit({ k }, 'k') });
  const tauSlider = createLogSlider({
    id: 'tau',
    name: 'τ',
    min: TAU_MIN,
    max: TAU_MAX,
    value: state.tau,
    ticks: [TAU_MIN, 0.1, TAU_MAX],
    label: language.rich('tau.label', { tau: v('τ') }),
    language,
    onChange: (tau) => commit({ tau }, 'tau'),
  });
  const methodOptions = METHODS.map((m) => el('option', { value: m.id, selected: m.id === state.method }, language.text(`method.${m.id}`)));
  const methodSelect = el(
    'select',
    { id: 'method', onchange: (event) => commit({ method: event.target.value }, 'method') },
    ...methodOptions,
  );
  const naiveToggle = el('input', {
    type: 'checkbox',
    id: 'naive-complement',
    onchange: (event) => commit({ complement: event.target.checked ? 'naive' : 'exact' }),
  });

  const button = (key, onclick) => el('button', { type: 'button', onclick }, language.text(key));
  const preset = (key, change) => button(key, () => commit(change()));
  const mean = () => state.x.reduce((s, a) => s + a, 0) / state.x.length;
  const buttons = {
    add: button('button.add', () => commit({ x: [...state.x, round(mean(), 2)] })),
    remove: button('button.remove', () =>
      commit(state.extras.length ? { extras: state.extras.slice(0, -1) } : { x: state.x.slice(0, -1) }),
    ),
    plusInf: button('button.addPlusInf', () => commit({ extras: [...state.extras, Infinity] })),
    minusInf: button('button.addMinusInf', () => commit({ extras: [...state.extras, -Infinity] })),
  };
  const presets = [
    preset('button.tie', () => ({ x: [2, 1, 1, 0], extras: [], k: 2 })),
    preset('button.spread', () => ({ x: state.x.map((a) => round(a * 10, 6)) })),
    preset('button.i1', () => ({ x: [0, 1, 10], extras: [], k: 2, tau: 1, method: 'iterative-su' })),
    preset('button.i2', () => ({ x: [3, 2, 1, 4], extras: [], k: 2, tau: 0.05, method: 'iterative-weighted' })),
    preset('button.recursion', () => ({ x: [0, 50, 100], extras: [], k: 2, tau: 1, method: 'gradtopk-recursion' })),
    preset('button.reset', () => fromAttributes().state),
  ];

  // ---- readouts of the method in focus ------------------------------------------------------
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
  const readouts = el(
    'div',
    { class: 'readouts' },
    el('h2', {}, language.rich('focus.heading', { name: focusName })),
    ...Object.values(chipElements),
    verdict,
  );

  // ---- layout -----------------------------------------------------------------------------
  const grid = createMethodGrid({ language });
  const fanChart = createTemperatureFan({ language });
  const scoreboard = createScoreboard({ language });
  const status = el('p', { class: 'status', role: 'alert', hidden: true });
  const thresholdHint = el('p', { class: 'hint' });
  const fractionNote = el('p', { class: 'hint fraction-note', hidden: true }, language.text('legend.fractional'));

  const widget = language.mark(
    el(
      'div',
      { class: 'widget' },
      readouts,
      status,
      el(
        'div',
        { class: 'grid' },
        el(
          'section',
          { class: 'panel', 'aria-labelledby': 'x-heading' },
          el('h3', { id: 'x-heading' }, language.rich('x.heading', { x: v('x') })),
          el('p', { class: 'hint' }, language.text('x.hint')),
          xEditor.element,
          infinite.element,
          thresholdHint,
          el('div', { class: 'buttons' }, buttons.add, buttons.remove, buttons.plusInf, buttons.minusInf, ...presets, link.element),
        ),
        el(
          'section',
          { class: 'panel', 'aria-labelledby': 'fan-heading' },
          el('h3', { id: 'fan-heading' }, language.rich('fan.heading', { p: el('span', {}, v('p'), el('sub', {}, v('i'))), tau: v('τ') })),
          el(
            'div',
            { class: 'controls' },
            kControl.element,
            tauSlider.element,
            el('div', { class: 'focus-select' }, el('label', { for: 'method' }, language.text('method.label')), methodSelect),
          ),
          el('p', { class: 'hint' }, language.rich('fan.hint', { k: v('k'), n: v('n') })),
          fanChart.element,
          el('label', { class: 'toggle' }, naiveToggle, language.rich('naive.label', { p: v('p') })),
        ),
        el(
          'section',
          { class: 'panel methods', 'aria-labelledby': 'methods-heading' },
          el('h3', { id: 'methods-heading' }, language.text('methods.heading')),
          el(
            'ul',
            { class: 'legend' },
            el(
              'li',
              {},
              el('span', { class: 'swatch bar' }),
              language.rich('legend.output', { p: el('span', {}, v('p'), el('sub', {}, v('i'))) }),
            ),
            el('li', {}, el('span', { class: 'swatch focus' }), language.rich('legend.focus')),
            el('li', {}, el('span', { class: 'swatch over' }), language.rich('legend.over')),
            el('li', {}, el('span', { class: 'swatch hard' }), language.rich('legend.hard')),
            el('li', {}, el('span', { class: 'swatch cap' }), language.rich('legend.cap')),
          ),
          fractionNote,
          grid.element,
          scoreboard.element,
        ),
      ),
    ),
  );

  // ---- rendering --------------------------------------------------------------------------
  function showStatus(describe) {
    statusMessage = describe;
    status.hidden = !describe;
    status.replaceChildren(...(describe ? describe() : []));
  }

  function requestRender() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      render();
    });
  }

  // The verdict on the method in focus, with a way out where it is not defined on this input.
  function verdictNodes(focus, name) {
    if (focus.unavailable === 'wholeK') {
      const whole = Math.min(Math.round(state.k), sizeOf(state));
      return [
        ...sayNodes(language, message('verdict.wholeK', { name, k: kText(state.k) })),
        ' ',
        el(
          'button',
          { type: 'button', class: 'inline', onclick: () => commit({ k: whole }) },
          ...sayNodes(language, message('verdict.roundK', { k: whole })),
        ),
      ];
    }
    if (focus.unavailable === 'finite') {
      return [
        ...sayNodes(language, message('verdict.finite', { name })),
        ' ',
        el('button', { type: 'button', class: 'inline', onclick: () => commit({ extras: [] }) }, language.t('verdict.removeInfinite')),
      ];
    }
    return focus.problems.length
      ? sayNodes(language, message('verdict.bad', { problems: el('span', {}, ...sayList(language, focus.problems)) }))
      : sayNodes(language, message('verdict.sound', { k: kText(state.k) }));
  }

  function thresholdMessage(focus, name) {
    const lambda = focus.threshold;
    if (focus.unavailable) return null; // the verdict says why, and what to do
    if (lambda === null) return message('threshold.none', { name });
    if (Number.isFinite(lambda)) return message('threshold.line');
    if (state.k === 0) return message('threshold.zero');
    if (state.k === sizeOf(state)) return message('threshold.all');
    return message('threshold.infinite');
  }

  function render() {
    const started = performance.now();
    const { results, focus } = view;
    const name = methodName(focus.id);
    const n = sizeOf(state);
    focusName.textContent = language.t(name.key);
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
    verdict.className = `verdict ${focus.problems.length ? 'bad' : ''} ${focus.unavailable ? 'unavailable' : ''}`;
    verdict.replaceChildren(...verdictNodes(focus, name));

    xEditor.setRule(focus.threshold === null ? null : { value: focus.threshold, label: 'λ' });
    const hint = thresholdMessage(focus, name);
    thresholdHint.hidden = !hint;
    thresholdHint.replaceChildren(...(hint ? sayNodes(language, hint) : []));
    naiveToggle.disabled = state.method !== 'iterative-weighted';
    naiveToggle.checked = state.complement === 'naive';
    kControl.setWholeOnly(Boolean(methodInfo(state.method).wholeK));
    infinite.update(state.extras, state.x.length);
    fractionNote.hidden = Number.isInteger(state.k);

    grid.draw({ results, focus: focus.id, k: state.k });
    const unavailable = focus.unavailable ? message(`unavailable.${focus.unavailable}`) : fan.error;
    fanChart.draw({
      curves: fan.n === n ? fan.curves : null,
      computing: fan.computing,
      unavailable,
      current: { tau: state.tau, values: focus.values ?? [] },
      k: state.k,
      n,
      name,
      of: fan.of,
    });
    scoreboard.update(results, focus.id);
    buttons.add.disabled = n >= MAX_COMPONENTS;
    buttons.plusInf.disabled = n >= MAX_COMPONENTS;
    buttons.minusInf.disabled = n >= MAX_COMPONENTS;
    buttons.remove.disabled = state.extras.length === 0 && state.x.length <= MIN_COMPONENTS;
    host.dataset.output = focus.values ? focus.values.join(',') : '';
    host.dataset.sum = focus.values ? String(focus.sum) : '';
    host.dataset.threshold = focus.threshold === null ? '' : String(focus.threshold);
    host.dataset.failing = results
      .filter((r) => r.problems.length)
      .map((r) => r.id)
      .join(' ');
    host.dataset.unavailable = results
      .filter((r) => r.unavailable)
      .map((r) => r.id)
      .join(' ');
    host.dataset.mainCalls = String(view.calls);
    performance.measure('mathlet-smooth-topk render', { start: started });
  }

  view = evaluate(state);
  requestFan(state);
  adoptStyles(root, smoothTopkStyles, permalinkStyles);
  root.replaceChildren(widget);
  render();
  const ignored = (problems) => () =>
    sayNodes(language, message('problems.ignored', { problems: el('span', {}, ...sayList(language, problems)) }));
  if (initial.problems.length) showStatus(ignored(initial.problems));
  language.onChange(() => {
    if (statusMessage) showStatus(statusMessage);
    render();
  });

  const attributeReaders = {
    values: (text) => {
      const read = readValues(text);
      return { ...read, value: splitScores(read.value) };
    },
    k: (text) => readK(text, sizeOf(state)),
    tau: readTau,
    method: readMethod,
  };
  teardown.add(link.disconnect);
  teardown.add(language.stop);
  teardown.add(fanJobs.dispose);
  closeScope();
  return {
    // A changed attribute replaces that part of the state; a bad one is reported and ignored.
    attributeChanged(name, text) {
      const read = attributeReaders[name](text);
      if (read.problem) return showStatus(ignored([read.problem]));
      commit(name === 'values' ? read.value : { [name]: read.value });
    },
    teardown: () => teardown.run(),
  };
}
