// <mathlet-logsumexp>: the implementation, loaded when the element nears the viewport.
// The reader edits x (bars or fields), the temperature tau (log slider), the weights p and the
// Hölder order t; every change goes through one lseBounds call of the wasm core, and the readouts,
// the tau plot and the lower-bound ladder are redrawn in the next animation frame.
// A change the core refuses leaves the last valid state on screen and says why.
// It speaks English or Chinese (logsumexp-text.js), following the nearest lang attribute live.
//
// What runs where: everything on the main thread, no worker. Measured in Chromium (SIMD build, the
// 2-core test machine) at the widget's own limits: 12 entries (MAX_COMPONENTS), near ±1e300 or all
// tied, tau anywhere in [1e-3, 1e3]:
// - lseBounds, once per change: 0.02 ms median (0.1 ms at the 90th percentile) in a bare loop;
//   inside the widget, with about 25 other busy processes on the machine, 0.3 ms median and 1.6 ms
//   at the 90th percentile;
// - the tau curve, 145 logsumexp calls, only when a frame is drawn for a new x: 0.3 ms median
//   (0.16 ms at best) in a bare loop; 0.7 to 1.6 ms median inside the widget under that load
//   (its rare samples of tens of ms were the scheduler's, not the work's).
// Both stay well inside a frame, so a worker's round trip would only make the curve trail the
// bars. The cost of an update is drawing the four plots, which has to happen here anyway.
// The core work is recorded as performance measures ("mathlet-logsumexp core", detail { call, n })
// that the tests check (no worker, the curve only for a new x) and report.
import { load } from '../../core/index.js';
import { el, sym } from '../parts/create-element.js';
import { adoptStyles } from '../parts/shadow-styles.js';
import { createLogSlider } from '../parts/log-slider.js';
import { createPermalink, permalinkStyles } from '../parts/permalink.js';
import { formatNumber, subscript } from '../parts/number-text.js';
import { createVectorEditor } from '../parts/vector-editor.js';
import { createWidgetLanguage } from '../parts/widget-language.js';
import { createBoundLadder } from './bound-ladder.js';
import { logsumexpStyles } from './logsumexp-styles.js';
import { logsumexpText } from './logsumexp-text.js';
import { createReadouts } from './readouts.js';
import { createTauPlot, TAU_MAX, TAU_MIN, tauSamples } from './tau-plot.js';
import { MAX_COMPONENTS, readOrder, readTau, readValues, withAttributeNames } from './widget-attributes.js';

const TAUS = tauSamples();
const v = (name) => el('var', { translate: 'no' }, name);
const formula = (...parts) => el('span', { class: 'notranslate', translate: 'no' }, ...parts);
const softmaxOfX = () => formula('softmax(', v('x'), '/', v('τ'), ')');
const uniform = (n) => Array.from({ length: n }, () => 1 / n);
const round = (value, digits = 4) => Number(value.toFixed(digits));

export async function mount(host, root) {
  const language = createWidgetLanguage(host, logsumexpText);
  const core = await load({ include: ['vector'] });

  // ---- state ------------------------------------------------------------------------------
  // `attribute(name)` gives the text of an attribute (or of the same field in a permalink).
  const fromAttributes = (attribute = (name) => host.getAttribute(name)) => {
    const read = { x: readValues(attribute('values')), tau: readTau(attribute('tau')), t: readOrder(attribute('t')) };
    return {
      state: { x: read.x.value, tau: read.tau.value, t: read.t.value, p: null },
      problems: Object.values(read)
        .map((r) => r.problem)
        .filter(Boolean),
    };
  };
  const link = createPermalink(host, {
    fields: () => ({ values: state.x, tau: state.tau, t: state.t }),
    onRestore: (fields) => commit(fromAttributes((name) => fields[name] ?? host.getAttribute(name)).state),
    language,
  });
  const initial = fromAttributes((name) => link.get(name) ?? host.getAttribute(name));
  let state = initial.state;
  let view = null; // { result: lseBounds(...) } for `state`
  let curve = { x: null, points: [] }; // [{ tau, lse }] over TAUS, for the vector `x`
  let shifted = false;
  let frameRequested = false;

  const weights = (s) => s.p ?? uniform(s.x.length);
  // Every change: one lseBounds call, which also tells whether the core accepts the input.
  function evaluate(next) {
    const start = performance.now();
    const result = core.lseBounds(next.x, { tau: next.tau, t: next.t, p: weights(next) });
    performance.measure('mathlet-logsumexp core', { start, detail: { call: 'lseBounds', n: next.x.length } });
    return { result };
  }

  // The curve over tau depends on x alone: computed when a frame is drawn for a new x (so several
  // changes within one frame cost one curve), reused while tau, p or t move.
  function curveFor(x) {
    if (curve.x === x) return curve.points;
    const start = performance.now();
    curve = { x, points: TAUS.map((tau) => ({ tau, lse: core.logsumexp(x, { tau }) })) };
    performance.measure('mathlet-logsumexp core', { start, detail: { call: 'curve', n: x.length, samples: TAUS.length } });
    return curve.points;
  }

  /** Applies a change if the core accepts it; otherwise shows why and keeps the last valid state. */
  function commit(change, source = null) {
    const next = { ...state, ...change };
    const overflowed = next.x.findIndex((a) => !Number.isFinite(a));
    if (overflowed >= 0) {
      showStatus(() => language.t('status.notFinite', { name: `x${subscript(overflowed + 1)}` }));
      if (source === 'x') xEditor.setValues(state.x);
      return false;
    }
    if (change.x && change.x.length !== state.x.length) next.p = null;
    let evaluated;
    try {
      evaluated = evaluate(next);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      showStatus(() => language.t('core.rejected', { message }));
      return false;
    }
    const previous = state;
    state = next;
    view = evaluated;
    showStatus(null);
    if (source !== 'x' && next.x !== previous.x) xEditor.setValues(next.x);
    if (source !== 'p' && (next.p !== previous.p || next.x.length !== previous.x.length)) pEditor.setValues(weights(next));
    if (source !== 'tau' && next.tau !== previous.tau) tauSlider.setValue(next.tau);
    if (source !== 't' && next.t !== previous.t) orderSlider.setValue(next.t);
    link.update();
    requestRender();
    return true;
  }

  // ---- controls ---------------------------------------------------------------------------
  const xEditor = createVectorEditor({
    id: 'x',
    name: 'x',
    values: state.x,
    height: 200,
    language,
    onChange: (x) => commit({ x }, 'x'),
  });
  const tauSlider = createLogSlider({
    id: 'tau',
    name: 'τ',
    min: TAU_MIN,
    max: TAU_MAX,
    value: state.tau,
    ticks: [TAU_MIN, 1, TAU_MAX],
    label: language.rich('tau.label', { tau: v('τ') }),
    language,
    onChange: (tau) => commit({ tau }, 'tau'),
  });
  const pEditor = createVectorEditor({
    id: 'p',
    name: 'p',
    values: weights(state),
    simplex: true,
    height: 150,
    ghostName: 'softmax(x/τ)',
    language,
    onChange: (p) => commit({ p }, 'p'),
  });
  const orderSlider = createLogSlider({
    id: 't',
    name: 't',
    min: 1,
    max: 10,
    value: state.t,
    steps: 300,
    ticks: [1, 10],
    label: language.rich('t.label', { t: v('t') }),
    language,
    onChange: (t) => commit({ t }, 't'),
  });

  const xMax = () => Math.max(...state.x);
  const mean = () => state.x.reduce((s, a) => s + a / state.x.length, 0); // no overflow near ±1e308
  const buttons = {
    add: el('button', { type: 'button', onclick: () => commit({ x: [...state.x, round(mean(), 2)] }) }, language.text('button.add')),
    remove: el('button', { type: 'button', onclick: () => commit({ x: state.x.slice(0, -1) }) }, language.text('button.remove')),
    equal: el('button', { type: 'button', onclick: () => commit({ x: state.x.map(() => round(mean())) }) }, language.text('button.equal')),
    tie: el('button', { type: 'button', onclick: addTie }, language.text('button.tie')),
    reset: el('button', { type: 'button', onclick: () => commit(fromAttributes().state) }, language.text('button.reset')),
    uniform: el('button', { type: 'button', onclick: () => commit({ p: null }) }, language.rich('button.uniform', { p: v('p') })),
    snap: el(
      'button',
      { type: 'button', onclick: () => commit({ p: Array.from(view.result.softmax) }) },
      language.rich('button.snap', { p: v('p'), softmax: softmaxOfX() }),
    ),
  };
  function addTie() {
    const top = xMax();
    if (state.x.length < MAX_COMPONENTS) return commit({ x: [...state.x, top] });
    // Full: raise the largest entry below the maximum instead.
    const below = state.x
      .map((a, i) => [a, i])
      .filter(([a]) => a < top)
      .sort((a, b) => b[0] - a[0])[0];
    if (below) commit({ x: state.x.map((a, i) => (i === below[1] ? top : a)) });
  }

  const viewSwitch = el(
    'fieldset',
    { class: 'view-switch' },
    el('legend', {}, language.text('view.legend')),
    ...[
      ['plain', language.text('view.plain')],
      ['shifted', language.rich('view.shifted', { tauLogN: formula(v('τ'), ' log ', v('n')) })],
    ].map(([value, caption]) =>
      el(
        'label',
        {},
        el('input', {
          type: 'radio',
          name: 'view',
          value,
          checked: value === 'plain',
          onchange: (event) => {
            shifted = event.target.value === 'shifted';
            requestRender();
          },
        }),
        caption,
      ),
    ),
  );

  // ---- layout -----------------------------------------------------------------------------
  const readouts = createReadouts(language);
  const tauPlot = createTauPlot({ language });
  const ladder = createBoundLadder(language);
  const status = el('p', { class: 'status', role: 'alert', hidden: true });
  const klValue = sym('');
  const klLine = language.rich(
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
        klValue,
      ),
    },
    'p',
  );
  klLine.className = 'kl';

  const legend = el(
    'ul',
    { class: 'legend' },
    el('li', { class: 'lse' }, el('span', { class: 'swatch' }), el('span', { translate: 'no' }, v('τ'), ' lse(', v('x'), '/', v('τ'), ')')),
    el(
      'li',
      { class: 'upper' },
      el('span', { class: 'swatch dashed' }),
      el('span', { translate: 'no' }, v('x'), el('sub', {}, 'max'), ' + ', v('τ'), ' log ', v('n')),
    ),
    el('li', { class: 'lower' }, el('span', { class: 'swatch' }), el('span', { translate: 'no' }, v('x'), el('sub', {}, 'max'))),
    el(
      'li',
      { class: 'mean' },
      el('span', { class: 'swatch dotted' }),
      el('span', { translate: 'no' }, v('x̄'), ' + ', v('τ'), ' log ', v('n')),
    ),
    el('li', {}, el('span', { class: 'swatch band' }), language.rich('legend.band', { lse: v('lse') })),
  );

  const widget = language.mark(
    el(
      'div',
      { class: 'widget' },
      readouts.element,
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
          el('div', { class: 'buttons' }, buttons.add, buttons.remove, buttons.equal, buttons.tie, buttons.reset, link.element),
          tauSlider.element,
        ),
        el(
          'section',
          { class: 'panel', 'aria-labelledby': 'curve-heading' },
          el('h3', { id: 'curve-heading' }, language.rich('curve.heading', { tau: v('τ') })),
          viewSwitch,
          tauPlot.element,
          legend,
        ),
        el(
          'section',
          { class: 'panel ladder', 'aria-labelledby': 'ladder-heading' },
          el('h3', { id: 'ladder-heading' }, language.text('ladder.heading')),
          el('p', { class: 'hint' }, language.text('ladder.hint')),
          ladder.element,
          klLine,
        ),
        el(
          'section',
          { class: 'panel weights', 'aria-labelledby': 'p-heading' },
          el('h3', { id: 'p-heading' }, language.rich('p.heading', { p: v('p') })),
          el('p', { class: 'hint' }, language.rich('p.hint', { softmax: softmaxOfX() })),
          pEditor.element,
          el('div', { class: 'buttons' }, buttons.uniform, buttons.snap),
          orderSlider.element,
        ),
      ),
    ),
  );

  // ---- rendering --------------------------------------------------------------------------
  // `message` is a function of nothing, worded in the current language (again after a switch).
  let statusMessage = null;
  function showStatus(message) {
    statusMessage = message;
    status.hidden = !message;
    status.replaceChildren(...(message ? withAttributeNames(message()) : []));
  }
  language.onChange(() => showStatus(statusMessage));

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
    const r = view.result;
    readouts.update(r);
    tauPlot.draw({ curve: curveFor(state.x), n: r.n, xMax: r.xMax, xMean: r.xMean, tau: state.tau, lse: r.lse, shifted });
    ladder.draw(r);
    pEditor.setGhost(r.softmax);
    // Below rounding level (relative to lse) the gap is shown as the zero it is.
    const gap = r.bounds.entropyLower.slack;
    const tight = gap < 1e-12 * Math.max(1, Math.abs(r.lse));
    klValue.textContent = formatNumber(tight ? 0 : gap, 6);
    klLine.classList.toggle('tight', tight);
    buttons.add.disabled = state.x.length >= MAX_COMPONENTS;
    buttons.remove.disabled = state.x.length <= 1;
    host.dataset.lse = String(r.lse);
    performance.measure('mathlet-logsumexp render', { start: started });
  }

  view = evaluate(state);
  adoptStyles(root, logsumexpStyles, permalinkStyles);
  root.replaceChildren(widget);
  render();
  const ignored = (problems) => () =>
    language.t('problems.ignored', {
      problems: problems.map((problem) => problem(language)).join(language.t('problems.separator')),
    });
  if (initial.problems.length) showStatus(ignored(initial.problems));

  const attributeReaders = {
    values: (text) => ({ x: readValues(text) }),
    tau: (text) => ({ tau: readTau(text) }),
    t: (text) => ({ t: readOrder(text) }),
  };
  return {
    // A changed attribute replaces that part of the state; a bad one is reported and ignored.
    attributeChanged(name, text) {
      const [[key, read]] = Object.entries(attributeReaders[name](text));
      if (read.problem) return showStatus(ignored([read.problem]));
      commit({ [key]: read.value });
    },
    disconnect() {
      link.disconnect();
      language.stop();
    },
  };
}
