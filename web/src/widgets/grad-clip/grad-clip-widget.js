// <mathlet-grad-clip>: the implementation, loaded when the element nears the viewport.
// Top: the reader drags a 2-D gradient g (in the plane or as bars), or draws one from a law, and
// slides the threshold tau; the core clips it by global norm (direction kept, norm capped) and by
// value (direction turned). Below: a small seeded training run with the same tau (norm trace, clip
// fraction, first-order loss change), the same run with warmup against learning-rate clipping (R4,
// a disclosure, closed at first), and the N^(-1/2) learning-rate sweep for sign-type optimizers.
// It speaks English or Chinese (grad-clip-text.js), following the nearest lang attribute live.
//
// What runs where (measured in Chromium at the widget's limits, SIMD build, 2-core machine; the
// widget test reports the figures again as diagnostics):
// - main thread: clipByGlobalNorm and clipByValue of the 2-vector g, about 0.1 ms per update, so
//   dragging g or tau stays immediate;
// - the shared background worker (parts/background-core.js), never the page's main thread:
//   simulateTraining, 300 steps, 0.6 to 23 ms per run depending on problem, optimizer, eta, c and
//   tau (the softmax problem at eta = 1, tau = 0.01, c = 100 was the slowest), three of them per
//   update of the R4 panel; adamScaleSweep over 20 sizes up to N = 10^5.5, 4 to 95 ms (Gaussian
//   quantiles, the default law, is the slowest). With other builds loading the machine these grew
//   to about 120 and 400 ms.
// While a panel waits for the worker it keeps its previous result, dimmed, with a "computing…" mark;
// at most one request per kind is in flight (framework/newest-wins.js), so a dragged tau never queues stale
// runs. The widget is ready only once its first runs and sweep are drawn, so it never shows an empty
// plot. Updates are drawn once per animation frame.
import { load } from '../../core/index.js';
import { openMountScope } from '../framework/mount-scope.js';
import { createNewestWins } from '../framework/newest-wins.js';
import { createTeardown } from '../framework/teardown.js';
import { backgroundCore } from '../parts/background-core.js';
import { el, sym } from '../parts/create-element.js';
import { adoptStyles } from '../parts/shadow-styles.js';
import { createLogSlider } from '../parts/log-slider.js';
import { createPermalink, permalinkStyles } from '../parts/permalink.js';
import { formatNumber } from '../parts/number-text.js';
import { createVectorEditor } from '../parts/vector-editor.js';
import { createWidgetLanguage } from '../parts/widget-language.js';
import { createAdamSweepPlot } from './adam-sweep-plot.js';
import { readGradient, readTau, TAU_MAX, TAU_MIN } from './clip-attributes.js';
import { createClipPlane } from './clip-plane.js';
import { gradClipStyles } from './grad-clip-styles.js';
import { gradClipText } from './grad-clip-text.js';
import { createLossChangeTrace } from './loss-change-trace.js';
import { createNormTrace } from './norm-trace.js';
import { drawGradient, LAWS } from './random-gradient.js';
import {
  runSweep,
  runTraining,
  runWarmupComparison,
  STEPS,
  TRAINING_DEFAULTS,
  OPTIMIZERS,
  PROBLEMS,
  SWEEP_LAWS,
  WARMUP_DEFAULTS,
} from './training-setup.js';
import { createWarmupPanel } from './warmup-panel.js';

const TAG = 'mathlet-grad-clip';
const RUN_KEYS = ['tau', 'optimizer', 'problem', 'lr', 'lossScale', 'seed'];
const WARMUP_KEYS = ['optimizer', 'problem', 'lr', 'lossScale', 'seed', 'warmup', 'lrCap'];
const v = (name) => el('var', { translate: 'no' }, name);
const formula = (...parts) => el('span', { class: 'notranslate', translate: 'no' }, ...parts);
const norm = (...inner) => formula('‖', ...inner, '‖');

// Times a piece of work as a performance measure (tests read them; see the top comment).
function timed(name, work) {
  const start = performance.now();
  const done = () => performance.measure(`${TAG} ${name}`, { start });
  const result = work();
  if (result instanceof Promise) return result.finally(done);
  done();
  return result;
}

export async function mount(host, root) {
  const language = createWidgetLanguage(host, gradClipText);
  const { t } = language;
  const [core, background] = await Promise.all([load({ include: ['vector'] }), backgroundCore(['vector'])]);
  // Everything set up from here on is undone when the element leaves the page (lazy-element.js).
  const teardown = createTeardown();
  teardown.add(language.stop);
  const closeScope = openMountScope(teardown);
  const worker = background.api;
  const select = (id, options, value, onchange) =>
    el(
      'select',
      { id, onchange: (event) => onchange(event.target.value) },
      ...options.map((o) => el('option', { value: o.id, selected: o.id === value }, language.text(o.key))),
    );

  // ---- state ------------------------------------------------------------------------------
  // `attribute(name)` gives the text of an attribute (or of the same field in a permalink).
  const fromAttributes = (attribute = (name) => host.getAttribute(name)) => {
    const read = { g: readGradient(attribute('g')), tau: readTau(attribute('tau')) };
    return {
      values: { g: read.g.value, tau: read.tau.value },
      problems: Object.values(read)
        .map((r) => r.problem)
        .filter(Boolean),
    };
  };
  const link = createPermalink(host, {
    fields: () => ({ g: state.g, tau: state.tau }),
    onRestore: (fields) => commit(fromAttributes((name) => fields[name] ?? host.getAttribute(name)).values),
    language,
  });
  const initial = fromAttributes((name) => link.get(name) ?? host.getAttribute(name));
  let state = { ...initial.values, law: 'gaussian', draw: 0, ...TRAINING_DEFAULTS, ...WARMUP_DEFAULTS, sweepLaw: 'gaussian-quantiles' };
  // What is drawn: the clip of state.g (computed here), and the latest run and sweep from the
  // worker, each with the state it was computed for (which lags `state` while one is computing).
  let view = null; // { clip, run, warmup, sweep }, the last three as { value, input }
  let frameRequested = false;

  const clipOf = (s) =>
    timed('clip (main thread)', () => {
      const g = Float64Array.from(s.g);
      return { norm: core.clipByGlobalNorm([g], s.tau), value: Array.from(core.clipByValue([g], s.tau)[0]) };
    });

  /** Applies a change if the core accepts it; otherwise shows why and keeps the last valid state. */
  function commit(change, source = null) {
    const next = { ...state, ...change };
    let clip = view.clip;
    if (next.g !== state.g || next.tau !== state.tau) {
      try {
        clip = clipOf(next);
      } catch (error) {
        showCoreError(error);
        return false;
      }
    }
    const previous = state;
    state = next;
    view = { ...view, clip };
    showStatus(null);
    if (RUN_KEYS.some((key) => next[key] !== previous[key])) runJob.request(next);
    if (WARMUP_KEYS.some((key) => next[key] !== previous[key])) refreshWarmup();
    if (next.sweepLaw !== previous.sweepLaw) sweepJob.request(next);
    if (source !== 'g' && next.g !== previous.g) gEditor.setValues(next.g);
    if (source !== 'tau' && next.tau !== previous.tau) tauSlider.setValue(next.tau);
    if (source !== 'lr' && next.lr !== previous.lr) lrSlider.setValue(next.lr);
    link.update();
    requestRender();
    return true;
  }

  // ---- background work --------------------------------------------------------------------
  const busy = new Set(); // 'run' | 'warmup' | 'sweep' while computing
  function setBusy(kind, on) {
    if (on) busy.add(kind);
    else busy.delete(kind);
    panels[kind].setAttribute('aria-busy', String(on));
    if (busy.size) host.dataset.busy = [...busy].join(' ');
    else delete host.dataset.busy;
  }
  // One scheduler per kind (framework/newest-wins.js): one request in flight, the newest input
  // waiting; an answer overtaken by a newer input is not shown.
  const backgroundJob = (kind, compute) =>
    createNewestWins({
      run: (input) => timed(`${kind} (worker round trip)`, () => compute(worker, input)),
      onStart: () => setBusy(kind, true),
      onAnswer(value, input, { latest }) {
        if (!latest) return;
        view = { ...view, [kind]: { value, input } };
        setBusy(kind, false);
        requestRender();
      },
      onError(error, _input, { latest }) {
        if (!latest) return;
        setBusy(kind, false);
        showCoreError(error);
      },
    });
  const runJob = backgroundJob('run', runTraining);
  const warmupJob = backgroundJob('warmup', runWarmupComparison);
  const sweepJob = backgroundJob('sweep', runSweep);

  // ---- controls ---------------------------------------------------------------------------
  const plane = createClipPlane({ onMove: (g) => commit({ g }, 'plane'), language });
  const gEditor = createVectorEditor({
    id: 'g',
    name: 'g',
    values: state.g,
    height: 150,
    ghostName: 'clip(g, τ)',
    language,
    onChange: (g) => commit({ g }, 'g'),
  });
  const tauSlider = createLogSlider({
    id: 'tau',
    name: 'τ',
    min: TAU_MIN,
    max: TAU_MAX,
    value: state.tau,
    ticks: [TAU_MIN, 1, TAU_MAX],
    language,
    label: language.rich('tau.label', { tau: v('τ') }),
    onChange: (tau) => commit({ tau }, 'tau'),
  });
  const lawSelect = select('law', LAWS, state.law, (law) => commit({ law }));
  const drawButton = el(
    'button',
    { type: 'button', onclick: () => commit({ g: drawGradient(state.law, state.draw + 1), draw: state.draw + 1 }) },
    language.rich('draw', { g: v('g') }),
  );
  const resetButton = el('button', { type: 'button', onclick: () => commit(fromAttributes().values) }, language.text('reset'));

  const lrSlider = createLogSlider({
    id: 'lr',
    name: 'η',
    min: 1e-3,
    max: 1,
    value: state.lr,
    ticks: [1e-3, 0.03, 1],
    language,
    label: language.rich('lr.label', { eta: v('η') }),
    onChange: (lr) => commit({ lr }, 'lr'),
  });
  const scaleSlider = createLogSlider({
    id: 'scale',
    name: 'c',
    min: 1e-2,
    max: 1e2,
    value: state.lossScale,
    ticks: [1e-2, 1, 1e2],
    language,
    label: language.rich('scale.label', { c: v('c') }),
    onChange: (lossScale) => commit({ lossScale }, 'scale'),
  });
  const optimizerSelect = select('optimizer', OPTIMIZERS, state.optimizer, (optimizer) => {
    const lr = OPTIMIZERS.find((o) => o.id === optimizer).lr[state.problem];
    commit({ optimizer, lr });
  });
  const problemSelect = select('problem', PROBLEMS, state.problem, (problem) => {
    const lr = OPTIMIZERS.find((o) => o.id === state.optimizer).lr[problem];
    commit({ problem, lr });
  });
  const reseed = el('button', { type: 'button', onclick: () => commit({ seed: state.seed + 1 }) }, language.text('newNoise'));
  const sweepSelect = select('sweep-law', SWEEP_LAWS, state.sweepLaw, (sweepLaw) => commit({ sweepLaw }));

  // ---- readouts ---------------------------------------------------------------------------
  const out = {
    norm: sym(''),
    clipped: sym(''),
    scale: sym(''),
    turn: sym(''),
    fraction: sym(''),
    median: sym(''),
    below: sym(''),
    changeOverLr: sym(''),
    cosine: sym(''),
    ratio: sym(''),
  };
  const chip = (kind, value, label) => el('span', { class: `chip ${kind}` }, el('span', {}, label, kind === 'value' ? '' : ' ='), value);
  const clipReadouts = el(
    'div',
    { class: 'readouts' },
    chip('', out.norm, norm(v('g'))),
    chip('norm', out.clipped, formula(norm('clip(', v('g'), ', ', v('τ'), ')'), ' = min(', norm(v('g')), ', ', v('τ'), ')')),
    chip('norm', out.scale, language.rich('chip.scale', { formula: formula('min(1, ', v('τ'), '/', norm(v('g')), ')') })),
    chip('value', out.turn, language.rich('chip.turn', { g: v('g') })),
  );
  const runSummary = language.rich(
    'summary.run',
    {
      fraction: out.fraction,
      norm: norm(v('g')),
      median: out.median,
      below: out.below,
      norm2: norm(v('g')),
      ratio: formula('|ΔL|/η'),
      change: out.changeOverLr,
    },
    'p',
  );
  runSummary.className = 'summary';
  const sweepSummary = language.rich(
    'summary.sweep',
    {
      signG: formula('sign(', v('g'), ')'),
      g: v('g'),
      N: v('N'),
      cosine: out.cosine,
      N2: v('N'),
      ratio: out.ratio,
    },
    'p',
  );
  sweepSummary.className = 'summary';

  const vectors = { g: sym(''), norm: sym(''), value: sym(''), cosineNorm: sym(''), cosineValue: sym('') };
  const pair = (a) => `(${a.map((x) => formatNumber(x, 3)).join(', ')})`;

  // ---- layout -----------------------------------------------------------------------------
  const normTrace = createNormTrace({ language });
  const lossTrace = createLossChangeTrace({ language });
  const sweepPlot = createAdamSweepPlot({ language });
  const status = el('p', { class: 'status', role: 'alert', hidden: true });
  const busyMark = () => el('span', { class: 'busy', 'aria-hidden': 'true' }, language.text('computing'));
  const hint = (key, slots) => {
    const p = language.rich(key, slots, 'p');
    p.className = 'hint';
    return p;
  };
  const label = (id, key) => el('label', { for: id }, language.text(key));
  const legend = (...items) =>
    el('ul', { class: 'legend' }, ...items.map(([swatch, text]) => el('li', {}, el('span', { class: `swatch ${swatch}` }), text)));

  const warmupPanel = createWarmupPanel({ language, state, busyMark, onChange: (change) => commit(change), onOpen: () => refreshWarmup() });
  // The R4 panel's three runs are computed while it is open (and once at the start, so it opens
  // full); a change made while it is closed is computed when it opens.
  function refreshWarmup() {
    const drawnFor = view.warmup.input;
    if (warmupPanel.open && WARMUP_KEYS.some((key) => drawnFor[key] !== state[key])) warmupJob.request(state);
  }
  const panels = {
    run: el(
      'section',
      { class: 'panel wide', 'aria-labelledby': 'run-heading', 'aria-busy': 'false' },
      el('h3', { id: 'run-heading' }, language.rich('run.heading', { tau: v('τ') }), busyMark()),
      hint('run.hint', { steps: formula(String(STEPS)), tau: v('τ'), eta: v('η') }),
      el(
        'div',
        { class: 'row' },
        label('problem', 'problem.label'),
        problemSelect,
        label('optimizer', 'optimizer.label'),
        optimizerSelect,
        reseed,
      ),
      el('div', { class: 'pair controls' }, lrSlider.element, scaleSlider.element),
      runSummary,
      el(
        'div',
        { class: 'pair' },
        el(
          'div',
          {},
          el('h4', {}, language.text('run.normHeading')),
          normTrace.element,
          legend(['dot', language.text('legend.fired')], ['band', language.text('legend.late')]),
        ),
        el(
          'div',
          {},
          el('h4', {}, language.text('run.lossHeading')),
          lossTrace.element,
          legend(
            ['early', formula('|ΔL|')],
            ['norm', language.rich('legend.firstOrder', { formula: formula('ηₜ uₜ·gₜ') })],
            ['box', language.rich('legend.lr', { eta: v('η') })],
          ),
        ),
      ),
    ),
    warmup: warmupPanel.element,
    sweep: el(
      'section',
      { class: 'panel wide', 'aria-labelledby': 'sweep-heading', 'aria-busy': 'false' },
      el('h3', { id: 'sweep-heading' }, language.rich('sweep.heading', { law: formula('1/√', v('N')) }), busyMark()),
      hint('sweep.hint', {
        step: formula('η‖', v('g'), '‖₁ = η √', v('N'), ' ‖', v('g'), '‖ cos(sign ', v('g'), ', ', v('g'), ')'),
        law: formula('η ∝ 1/√', v('N')),
      }),
      el('div', { class: 'row' }, label('sweep-law', 'sweepLaw.label'), sweepSelect),
      sweepPlot.element,
      sweepSummary,
    ),
  };
  const widget = el(
    'div',
    { class: 'widget' },
    clipReadouts,
    status,
    el(
      'div',
      { class: 'grid' },
      el(
        'section',
        { class: 'panel', 'aria-labelledby': 'plane-heading' },
        el('h3', { id: 'plane-heading' }, language.text('plane.heading')),
        hint('plane.hint', { g: v('g'), g2: v('g') }),
        plane.element,
        legend(
          ['g', formula('g')],
          ['norm', language.text('legend.norm')],
          ['value', language.text('legend.value')],
          ['disk', language.rich('legend.disk', { tau: v('τ') })],
        ),
      ),
      el(
        'section',
        { class: 'panel', 'aria-labelledby': 'g-heading' },
        el('h3', { id: 'g-heading' }, language.rich('g.heading', { g: v('g'), tau: v('τ') })),
        hint('g.hint', { g: v('g') }),
        gEditor.element,
        el('div', { class: 'controls' }, tauSlider.element),
        el('div', { class: 'buttons' }, label('law', 'drawFrom'), lawSelect, drawButton, resetButton, link.element),
        el(
          'dl',
          { class: 'vectors' },
          el('dt', {}, v('g')),
          el('dd', {}, vectors.g),
          el('dt', {}, language.text('vectors.norm')),
          el('dd', {}, vectors.norm),
          el('dt', {}, language.text('vectors.value')),
          el('dd', {}, vectors.value),
          el('dt', {}, language.rich('vectors.cosine', { g: v('g') })),
          el('dd', {}, language.rich('vectors.cosines', { norm: vectors.cosineNorm, value: vectors.cosineValue })),
        ),
      ),
      panels.run,
      panels.warmup,
      panels.sweep,
    ),
  );
  language.mark(widget);

  // ---- rendering --------------------------------------------------------------------------
  // The status line holds a function of the language, so it is reworded when that changes.
  let statusText = null;
  function showStatus(text) {
    statusText = text;
    status.hidden = !text;
    status.textContent = text ? text() : '';
  }
  const showCoreError = (error) => {
    const message = error instanceof Error ? error.message : String(error);
    showStatus(() => t('core.rejected', { message }));
  };
  const showIgnored = (problems) =>
    showStatus(() => t('problems.ignored', { problems: problems.map((p) => p(language)).join(t('list.problems')) }));
  language.onChange(() => showStatus(statusText));

  function requestRender() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      render();
    });
  }

  let drawn = {};
  function render() {
    const started = performance.now();
    const { clip, run, warmup, sweep } = view;
    const byNorm = Array.from(clip.norm.tensors[0]);
    const g = state.g;
    const dot = g[0] * clip.value[0] + g[1] * clip.value[1];
    const lengths = Math.hypot(...g) * Math.hypot(...clip.value);
    const turn = lengths > 0 ? (Math.acos(Math.min(1, Math.max(-1, dot / lengths))) * 180) / Math.PI : 0;
    out.norm.textContent = formatNumber(clip.norm.norm, 4);
    out.clipped.textContent = formatNumber(Math.hypot(...byNorm), 4);
    out.scale.textContent = formatNumber(clip.norm.scale, 4);
    out.turn.textContent = `${formatNumber(turn, 1)}°`;
    vectors.g.textContent = pair(g);
    vectors.norm.textContent = pair(byNorm);
    vectors.value.textContent = pair(clip.value);
    vectors.cosineNorm.textContent = clip.norm.norm > 0 ? '1.000' : '—';
    vectors.cosineValue.textContent = lengths > 0 ? formatNumber(dot / lengths, 3) : '—';
    if (drawn.clip !== clip) {
      plane.draw({ g, tau: state.tau, byNorm, byValue: clip.value });
      gEditor.setGhost(byNorm);
    }
    if (drawn.run !== run) {
      const { value: trace, input } = run;
      out.fraction.textContent = `${formatNumber(100 * trace.clipFraction, 1)}%`;
      out.median.textContent = formatNumber(trace.lateMedianGradNorm, 3);
      out.below.textContent = `${formatNumber(100 * trace.lateFractionBelowOne, 0)}%`;
      out.changeOverLr.textContent = formatNumber(trace.lateMeanAbsChangeOverLr, 3);
      const colors = getComputedStyle(host);
      normTrace.draw({ run: trace, tau: input.tau, error: colors.getPropertyValue('--mlt-error').trim() || '#c0392b' });
      lossTrace.draw({ run: trace, lr: input.lr });
      host.dataset.clipFraction = String(trace.clipFraction);
    }
    if (drawn.sweep !== sweep) {
      const { value: rows } = sweep;
      out.cosine.textContent = formatNumber(rows.at(-1).cosine, 4);
      const at = (n) => rows.find((r) => r.n === n);
      out.ratio.textContent = at(1000) && at(4000) ? formatNumber(at(1000).lr / at(4000).lr, 3) : '—';
      sweepPlot.draw({ rows });
    }
    if (drawn.warmup !== warmup) warmupPanel.draw(warmup.value, warmup.input);
    drawn = { clip, run, warmup, sweep };
    host.dataset.norm = String(clip.norm.norm);
    host.dataset.clipped = byNorm.join(',');
    host.dataset.byValue = clip.value.join(',');
    performance.measure(`${TAG} render`, { start: started });
  }

  teardown.add(link.disconnect);
  for (const job of [runJob, warmupJob, sweepJob]) teardown.add(job.dispose);
  closeScope();
  // The first runs and sweep are awaited, so the widget appears whole.
  const first = (kind, compute) =>
    timed(`${kind} (worker round trip)`, () => compute(worker, state)).then((value) => ({ value, input: state }));
  const [run, warmup, sweep] = await Promise.all([
    first('run', runTraining),
    first('warmup', runWarmupComparison),
    first('sweep', runSweep),
  ]);
  view = { clip: clipOf(state), run, warmup, sweep };
  adoptStyles(root, gradClipStyles, permalinkStyles);
  root.replaceChildren(widget);
  render();
  if (initial.problems.length) showIgnored(initial.problems);

  const attributeReaders = { g: readGradient, tau: readTau };
  return {
    // A changed attribute replaces that part of the state; a bad one is reported and ignored.
    attributeChanged(name, text) {
      const read = attributeReaders[name](text);
      if (read.problem) return showIgnored([read.problem]);
      commit({ [name]: read.value });
    },
    teardown: () => teardown.run(),
  };
}
