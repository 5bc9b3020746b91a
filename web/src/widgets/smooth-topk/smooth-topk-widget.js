// <mathlet-smooth-topk>: the implementation, loaded when the element nears the viewport.
// The reader edits the scores x (bars or fields), k (stepper) and the temperature tau (log slider).
// Every change runs all eight methods through the wasm core; the readouts of the method in focus,
// its threshold line over x, its temperature fan, the small multiples of all methods and the
// scoreboard are redrawn in the next animation frame. A change the core refuses leaves the last
// valid state on screen and says why.
import { load } from '../../core/index.js';
import { el, protectNumbers, sym } from '../parts/create-element.js';
import { adoptStyles } from '../parts/shadow-styles.js';
import { createLogSlider } from '../parts/log-slider.js';
import { createPermalink, permalinkStyles } from '../parts/permalink.js';
import { formatNumber } from '../parts/number-text.js';
import { createVectorEditor } from '../parts/vector-editor.js';
import { createStepper } from './k-stepper.js';
import { createMethodGrid } from './method-grid.js';
import { createScoreboard } from './method-scoreboard.js';
import { formatShare } from './share-format.js';
import { smoothTopkStyles } from './smooth-topk-styles.js';
import { createTemperatureFan, fanTaus } from './temperature-fan.js';
import {
  checkK, MAX_COMPONENTS, MIN_COMPONENTS, readK, readMethod, readTau, readValues, TAU_MAX, TAU_MIN,
} from './topk-attributes.js';
import { evaluateAll, METHODS, methodInfo } from './topk-methods.js';

const TAUS = fanTaus();
const v = (name) => el('var', { translate: 'no' }, name);
const round = (value, digits = 4) => Number(value.toFixed(digits));

export async function mount(host, root) {
  const core = await load({ include: ['vector'] });

  // ---- state ------------------------------------------------------------------------------
  // `attribute(name)` gives the text of an attribute (or of the same field in a permalink).
  const fromAttributes = (attribute = (name) => host.getAttribute(name)) => {
    const x = readValues(attribute('values'));
    const read = { x, k: readK(attribute('k'), x.value.length), tau: readTau(attribute('tau')), method: readMethod(attribute('method')) };
    return {
      state: { x: x.value, k: read.k.value, tau: read.tau.value, method: read.method.value, complement: 'exact' },
      problems: Object.values(read).map((r) => r.problem).filter(Boolean),
    };
  };
  const link = createPermalink(host, {
    fields: () => ({ values: state.x, k: state.k, tau: state.tau, method: state.method }),
    onRestore: (fields) => commit(fromAttributes((name) => fields[name] ?? host.getAttribute(name)).state),
  });
  const initial = fromAttributes((name) => link.get(name) ?? host.getAttribute(name));
  let state = initial.state;
  let view = null; // { results, focus, fan } for `state`
  let frameRequested = false;

  const fanOptions = (s) => (s.method === 'iterative-weighted' ? { complement: s.complement } : {});
  function evaluate(next) {
    const results = evaluateAll(core, next.x, next.k, next.tau, { complement: next.complement });
    const focus = results.find((r) => r.id === next.method);
    const sameFan = view && next.x === state.x && next.k === state.k && next.method === state.method && next.complement === state.complement;
    const fan = sameFan ? view.fan : TAUS.map((tau) => ({
      tau, values: Array.from(core.smoothTopK(next.x, next.k, { tau, method: next.method, ...fanOptions(next) }).values),
    }));
    return { results, focus, fan };
  }

  /** Applies a change if the core accepts it; otherwise shows why and keeps the last valid state. */
  function commit(change, source = null) {
    const next = { ...state, ...change };
    if (next.k > next.x.length - 1) next.k = next.x.length - 1;
    let evaluated;
    try {
      evaluated = evaluate(next);
    } catch (error) {
      showStatus(error instanceof Error ? error.message : String(error));
      return false;
    }
    const previous = state;
    state = next;
    view = evaluated;
    showStatus(null);
    if (source !== 'x' && next.x !== previous.x) xEditor.setValues(next.x);
    if (source !== 'k' && next.k !== previous.k) kStepper.setValue(next.k);
    if (next.x.length !== previous.x.length) kStepper.setValue(next.k); // the limits moved
    if (source !== 'tau' && next.tau !== previous.tau) tauSlider.setValue(next.tau);
    if (source !== 'method' && next.method !== previous.method) methodSelect.value = next.method;
    link.update();
    requestRender();
    return true;
  }

  // ---- controls ---------------------------------------------------------------------------
  const xEditor = createVectorEditor({
    id: 'x', name: 'x', values: state.x, height: 210,
    onChange: (x) => commit({ x }, 'x'),
  });
  const kStepper = createStepper({
    id: 'k', name: 'k', value: state.k, label: el('span', {}, 'Keep the top ', v('k')),
    check: (k) => checkK(k, state.x.length),
    onChange: (k) => commit({ k }, 'k'),
  });
  const tauSlider = createLogSlider({
    id: 'tau', name: 'τ', min: TAU_MIN, max: TAU_MAX, value: state.tau, ticks: [TAU_MIN, 0.1, TAU_MAX],
    label: el('span', {}, 'Temperature ', v('τ')),
    onChange: (tau) => commit({ tau }, 'tau'),
  });
  const methodSelect = el('select', { id: 'method', onchange: (event) => commit({ method: event.target.value }, 'method') },
    ...METHODS.map((m) => el('option', { value: m.id, selected: m.id === state.method }, m.name)));
  const naiveToggle = el('input', {
    type: 'checkbox', id: 'naive-complement',
    onchange: (event) => commit({ complement: event.target.checked ? 'naive' : 'exact' }),
  });

  const preset = (caption, change) => el('button', { type: 'button', onclick: () => commit(change()) }, caption);
  const mean = () => state.x.reduce((s, a) => s + a, 0) / state.x.length;
  const buttons = {
    add: el('button', { type: 'button', onclick: () => commit({ x: [...state.x, round(mean(), 2)] }) }, 'Add a score'),
    remove: el('button', { type: 'button', onclick: () => commit({ x: state.x.slice(0, -1) }) }, 'Remove the last'),
  };
  const presets = [
    preset('Tie at the boundary', () => ({ x: [2, 1, 1, 0], k: 2 })),
    preset('Spread ×10', () => ({ x: state.x.map((a) => round(a * 10, 6)) })),
    preset('I1 exceeds 1', () => ({ x: [0, 1, 10], k: 2, tau: 1, method: 'iterative-su' })),
    preset('I2 as τ → 0', () => ({ x: [3, 2, 1, 4], k: 2, tau: 0.05, method: 'iterative-weighted' })),
    preset('Recursion breaks', () => ({ x: [0, 50, 100], k: 2, tau: 1, method: 'gradtopk-recursion' })),
    preset('Reset', () => fromAttributes().state),
  ];

  // ---- readouts of the method in focus ------------------------------------------------------
  const chips = { sum: sym(''), lambda: sym(''), max: sym(''), distance: sym('') };
  const chip = (key, ...label) => el('span', { class: `chip ${key}` }, el('span', { class: 'notranslate', translate: 'no' }, ...label, ' ='), chips[key]);
  const chipElements = {
    sum: chip('sum', 'Σ ', v('p'), el('sub', {}, v('i'))),
    lambda: chip('lambda', 'threshold ', v('λ')),
    max: chip('max', 'max ', v('p'), el('sub', {}, v('i'))),
    distance: chip('distance', 'max |', v('p'), ' − T', el('sub', {}, v('k')), '(', v('x'), ')|'),
  };
  const focusName = el('span', {});
  const verdict = el('p', { class: 'verdict', role: 'status' });
  const readouts = el('div', { class: 'readouts' },
    el('h2', {}, 'In focus: ', focusName),
    ...Object.values(chipElements), verdict);

  // ---- layout -----------------------------------------------------------------------------
  const grid = createMethodGrid();
  const fan = createTemperatureFan();
  const scoreboard = createScoreboard();
  const status = el('p', { class: 'status', role: 'alert', hidden: true });
  const thresholdHint = el('p', { class: 'hint' });

  const widget = el('div', { class: 'widget' },
    readouts,
    status,
    el('div', { class: 'grid' },
      el('section', { class: 'panel', 'aria-labelledby': 'x-heading' },
        el('h3', { id: 'x-heading' }, 'The scores ', v('x')),
        el('p', { class: 'hint' }, 'Drag a bar up or down, or type a value (arrow keys step it).'),
        xEditor.element,
        thresholdHint,
        el('div', { class: 'buttons' }, buttons.add, buttons.remove, ...presets, link.element)),
      el('section', { class: 'panel', 'aria-labelledby': 'fan-heading' },
        el('h3', { id: 'fan-heading' }, 'Cooling and heating: ', v('p'), el('sub', {}, v('i')), ' against ', v('τ')),
        el('div', { class: 'controls' }, kStepper.element, tauSlider.element,
          el('div', { class: 'focus-select' }, el('label', { for: 'method' }, 'Method in focus'), methodSelect)),
        el('p', { class: 'hint' }, 'A sound method runs from the hard top-k on the left to ', v('k'), '/', v('n'), ' on the right.'),
        fan.element,
        el('label', { class: 'toggle' }, naiveToggle,
          el('span', {}, 'I2: compute 1 − ', v('p'), ' naively (rounding then hides the wrong limit)'))),
      el('section', { class: 'panel methods', 'aria-labelledby': 'methods-heading' },
        el('h3', { id: 'methods-heading' }, 'Every method side by side'),
        el('ul', { class: 'legend' },
          el('li', {}, el('span', { class: 'swatch bar' }), el('span', {}, 'output ', v('p'), el('sub', {}, v('i')))),
          el('li', {}, el('span', { class: 'swatch focus' }), el('span', {}, 'method in focus')),
          el('li', {}, el('span', { class: 'swatch over' }), el('span', {}, 'above 1: not a top-k mask')),
          el('li', {}, el('span', { class: 'swatch hard' }), el('span', {}, 'hard top-k')),
          el('li', {}, el('span', { class: 'swatch cap' }), el('span', {}, 'the cap at 1'))),
        grid.element,
        scoreboard.element)));


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
    const { results, focus } = view;
    const info = methodInfo(focus.id);
    focusName.textContent = info.name;
    const sumOk = !focus.problems.some((p) => p.startsWith('Σp'));
    chips.sum.textContent = formatNumber(focus.sum, 6);
    chipElements.sum.className = `chip sum ${sumOk ? 'good' : 'bad'}`;
    chipElements.lambda.hidden = focus.threshold === null;
    chips.lambda.textContent = focus.threshold === null ? '' : formatNumber(focus.threshold, 4);
    const max = Math.max(...focus.values);
    chips.max.textContent = formatShare(max);
    chipElements.max.className = `chip max ${max > 1 + 1e-9 ? 'bad' : ''}`;
    chips.distance.textContent = formatNumber(focus.distance, 4);
    verdict.className = `verdict ${focus.problems.length ? 'bad' : ''}`;
    verdict.replaceChildren(...protectNumbers(focus.problems.length
      ? `Not a valid soft top-k here: ${focus.problems.join('; ')}.`
      : `Sums to k = ${state.k}, stays in [0, 1] and keeps the order of x.`));

    xEditor.setRule(focus.threshold === null ? null : { value: focus.threshold, label: 'λ' });
    thresholdHint.textContent = focus.threshold === null
      ? `${info.name} has no threshold; pick a ThreTopK method to see the line λ that splits kept from dropped scores.`
      : 'The dashed line is the threshold λ: scores above it get pᵢ above ½ (for the symmetric f).';
    naiveToggle.disabled = state.method !== 'iterative-weighted';
    naiveToggle.checked = state.complement === 'naive';

    grid.draw({ results, focus: focus.id, k: state.k });
    fan.draw({ curves: view.fan, current: { tau: state.tau, values: focus.values }, k: state.k, n: state.x.length, name: info.name });
    scoreboard.update(results, focus.id);
    buttons.add.disabled = state.x.length >= MAX_COMPONENTS;
    buttons.remove.disabled = state.x.length <= MIN_COMPONENTS;
    host.dataset.output = focus.values.join(',');
    host.dataset.sum = String(focus.sum);
    host.dataset.threshold = focus.threshold === null ? '' : String(focus.threshold);
    host.dataset.failing = results.filter((r) => r.problems.length).map((r) => r.id).join(' ');
    performance.measure('mathlet-smooth-topk render', { start: started });
  }

  view = evaluate(state);
  adoptStyles(root, smoothTopkStyles, permalinkStyles);
  root.replaceChildren(widget);
  render();
  if (initial.problems.length) showStatus(`Ignored: ${initial.problems.join('; ')}.`);

  const attributeReaders = {
    values: (text) => ({ x: readValues(text) }),
    k: (text) => ({ k: readK(text, state.x.length) }),
    tau: (text) => ({ tau: readTau(text) }),
    method: (text) => ({ method: readMethod(text) }),
  };
  return {
    // A changed attribute replaces that part of the state; a bad one is reported and ignored.
    attributeChanged(name, text) {
      const [[key, read]] = Object.entries(attributeReaders[name](text));
      if (read.problem) return showStatus(`Ignored: ${read.problem}.`);
      commit({ [key]: read.value });
    },
  };
}

