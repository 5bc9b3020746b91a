// What <mathlet-grad-clip> shows: the readouts of the clip; the plane (drag g) and the bars of g
// with tau, the law to draw g from and the reset; the training run with the same tau; the R4
// panel (warmup-panel.js); the sweep over N. Built once; render() redraws at most once per frame,
// and a plot only when its data changed (a new clip, or a worker's answer).
import { busyJobs } from '../framework/busy-jobs.js';
import { el, sym } from '../parts/create-element.js';
import { createLogSlider } from '../parts/log-slider.js';
import { formatNumber } from '../parts/number-text.js';
import { createVectorEditor } from '../parts/vector-editor.js';
import { createAdamSweepPlot } from './adam-sweep-plot.js';
import { TAU_MAX, TAU_MIN } from './clip-attributes.js';
import { createClipPlane } from './clip-plane.js';
import { clipReadout, runJob, sweepReadout } from './grad-clip-compute.js';
import { jobStale, withDefaultLr } from './grad-clip-state.js';
import { createLossChangeTrace } from './loss-change-trace.js';
import { createNormTrace } from './norm-trace.js';
import { drawGradient, LAWS } from './random-gradient.js';
import { OPTIMIZERS, PROBLEMS, STEPS, SWEEP_LAWS } from './training-setup.js';
import { createWarmupPanel } from './warmup-panel.js';

const KINDS = ['run', 'warmup', 'sweep'];
const v = (name) => el('var', { translate: 'no' }, name);
const formula = (...parts) => el('span', { class: 'notranslate', translate: 'no' }, ...parts);
const norm = (...inner) => formula('‖', ...inner, '‖');
const pair = (a) => `(${a.map((x) => formatNumber(x, 3)).join(', ')})`;

// Small builders shared by the panels.
function pieces(language) {
  const hint = (key, slots) => Object.assign(language.rich(key, slots, 'p'), { className: 'hint' });
  return {
    hint,
    summary: (key, slots) => Object.assign(language.rich(key, slots, 'p'), { className: 'summary' }),
    label: (id, key) => el('label', { for: id }, language.text(key)),
    legend: (...items) =>
      el('ul', { class: 'legend' }, ...items.map(([swatch, text]) => el('li', {}, el('span', { class: `swatch ${swatch}` }), text))),
    busyMark: () => el('span', { class: 'busy', 'aria-hidden': 'true' }, language.text('computing')),
    select: (id, options, value, onchange) =>
      el(
        'select',
        { id, onchange: (event) => onchange(event.target.value) },
        ...options.map((o) => el('option', { value: o.id, selected: o.id === value }, language.text(o.key))),
      ),
  };
}

// The gradient, tau and the law to draw g from; each change goes to the widget as a commit from that control.
function createClipControls(widget, p) {
  const { language, state } = widget;
  return {
    plane: createClipPlane({ onMove: (g) => widget.commit({ g }, 'plane'), language }),
    gEditor: createVectorEditor({
      id: 'g',
      name: 'g',
      values: state.g,
      height: 150,
      ghostName: 'clip(g, τ)',
      language,
      onChange: (g) => widget.commit({ g }, 'g'),
    }),
    tauSlider: createLogSlider({
      id: 'tau',
      name: 'τ',
      min: TAU_MIN,
      max: TAU_MAX,
      value: state.tau,
      ticks: [TAU_MIN, 1, TAU_MAX],
      language,
      label: language.rich('tau.label', { tau: v('τ') }),
      onChange: (tau) => widget.commit({ tau }, 'tau'),
    }),
    lawSelect: p.select('law', LAWS, state.law, (law) => widget.commit({ law })),
    drawButton: el(
      'button',
      {
        type: 'button',
        onclick: () => widget.commit({ g: drawGradient(widget.state.law, widget.state.draw + 1), draw: widget.state.draw + 1 }),
      },
      language.rich('draw', { g: v('g') }),
    ),
    // Back to the attributes' g and tau; the reader's settings below stay.
    resetButton: el(
      'button',
      {
        type: 'button',
        onclick: () => {
          const { g, tau } = widget.attributeState();
          widget.commit({ g, tau });
        },
      },
      language.text('reset'),
    ),
  };
}

// The training run's and the sweep's controls.
function createRunControls(widget, p) {
  const { language, state } = widget;
  const slider = (id, name, min, max, value, key, slot, onChange) =>
    createLogSlider({
      id,
      name,
      min,
      max,
      value,
      ticks: [min, id === 'lr' ? 0.03 : 1, max],
      language,
      label: language.rich(key, slot),
      onChange,
    });
  return {
    lrSlider: slider('lr', 'η', 1e-3, 1, state.lr, 'lr.label', { eta: v('η') }, (lr) => widget.commit({ lr }, 'lr')),
    scaleSlider: slider('scale', 'c', 1e-2, 1e2, state.lossScale, 'scale.label', { c: v('c') }, (lossScale) =>
      widget.commit({ lossScale }, 'scale'),
    ),
    optimizerSelect: p.select('optimizer', OPTIMIZERS, state.optimizer, (optimizer) =>
      widget.commit(withDefaultLr(optimizer, widget.state.problem)),
    ),
    problemSelect: p.select('problem', PROBLEMS, state.problem, (problem) => widget.commit(withDefaultLr(widget.state.optimizer, problem))),
    reseed: el('button', { type: 'button', onclick: () => widget.commit({ seed: widget.state.seed + 1 }) }, language.text('newNoise')),
    sweepSelect: p.select('sweep-law', SWEEP_LAWS, state.sweepLaw, (sweepLaw) => widget.commit({ sweepLaw })),
  };
}

// The numbers the readouts and summaries show (filled by render), and the plots.
function createReadouts(language) {
  const slots = (names) => Object.fromEntries(names.map((name) => [name, sym('')]));
  return {
    out: slots(['norm', 'clipped', 'scale', 'turn', 'fraction', 'median', 'below', 'changeOverLr', 'cosine', 'ratio']),
    vectors: slots(['g', 'norm', 'value', 'cosineNorm', 'cosineValue']),
    normTrace: createNormTrace({ language }),
    lossTrace: createLossChangeTrace({ language }),
    sweepPlot: createAdamSweepPlot({ language }),
  };
}

// The chips above the panels: |g|, the clipped norm, the scale and the turn of clip by value.
function clipChips(language, out) {
  const chip = (kind, value, label) => el('span', { class: `chip ${kind}` }, el('span', {}, label, kind === 'value' ? '' : ' ='), value);
  return el(
    'div',
    { class: 'readouts' },
    chip('', out.norm, norm(v('g'))),
    chip('norm', out.clipped, formula(norm('clip(', v('g'), ', ', v('τ'), ')'), ' = min(', norm(v('g')), ', ', v('τ'), ')')),
    chip('norm', out.scale, language.rich('chip.scale', { formula: formula('min(1, ', v('τ'), '/', norm(v('g')), ')') })),
    chip('value', out.turn, language.rich('chip.turn', { g: v('g') })),
  );
}

function planePanel(language, c, p) {
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'plane-heading' },
    el('h3', { id: 'plane-heading' }, language.text('plane.heading')),
    p.hint('plane.hint', { g: v('g'), g2: v('g') }),
    c.plane.element,
    p.legend(
      ['g', formula('g')],
      ['norm', language.text('legend.norm')],
      ['value', language.text('legend.value')],
      ['disk', language.rich('legend.disk', { tau: v('τ') })],
    ),
  );
}

function gradientPanel(widget, c, r, p) {
  const { language } = widget;
  const { vectors } = r;
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'g-heading' },
    el('h3', { id: 'g-heading' }, language.rich('g.heading', { g: v('g'), tau: v('τ') })),
    p.hint('g.hint', { g: v('g') }),
    c.gEditor.element,
    el('div', { class: 'controls' }, c.tauSlider.element),
    el('div', { class: 'buttons' }, p.label('law', 'drawFrom'), c.lawSelect, c.drawButton, c.resetButton, ...widget.copyControls),
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
  );
}

function runPanel(language, c, r, p) {
  const { out } = r;
  const summary = p.summary('summary.run', {
    fraction: out.fraction,
    norm: norm(v('g')),
    median: out.median,
    below: out.below,
    norm2: norm(v('g')),
    ratio: formula('|ΔL|/η'),
    change: out.changeOverLr,
  });
  const legends = {
    norm: p.legend(['dot', language.text('legend.fired')], ['band', language.text('legend.late')]),
    loss: p.legend(
      ['early', formula('|ΔL|')],
      ['norm', language.rich('legend.firstOrder', { formula: formula('ηₜ uₜ·gₜ') })],
      ['box', language.rich('legend.lr', { eta: v('η') })],
    ),
  };
  return el(
    'section',
    { class: 'panel wide', 'aria-labelledby': 'run-heading', 'aria-busy': 'false' },
    el('h3', { id: 'run-heading' }, language.rich('run.heading', { tau: v('τ') }), p.busyMark()),
    p.hint('run.hint', { steps: formula(String(STEPS)), tau: v('τ'), eta: v('η') }),
    el(
      'div',
      { class: 'row' },
      p.label('problem', 'problem.label'),
      c.problemSelect,
      p.label('optimizer', 'optimizer.label'),
      c.optimizerSelect,
      c.reseed,
    ),
    el('div', { class: 'pair controls' }, c.lrSlider.element, c.scaleSlider.element),
    summary,
    el(
      'div',
      { class: 'pair' },
      el('div', {}, el('h4', {}, language.text('run.normHeading')), r.normTrace.element, legends.norm),
      el('div', {}, el('h4', {}, language.text('run.lossHeading')), r.lossTrace.element, legends.loss),
    ),
  );
}

function sweepPanel(language, c, r, p) {
  const { out } = r;
  return el(
    'section',
    { class: 'panel wide', 'aria-labelledby': 'sweep-heading', 'aria-busy': 'false' },
    el('h3', { id: 'sweep-heading' }, language.rich('sweep.heading', { law: formula('1/√', v('N')) }), p.busyMark()),
    p.hint('sweep.hint', {
      step: formula('η‖', v('g'), '‖₁ = η √', v('N'), ' ‖', v('g'), '‖ cos(sign ', v('g'), ', ', v('g'), ')'),
      law: formula('η ∝ 1/√', v('N')),
    }),
    el('div', { class: 'row' }, p.label('sweep-law', 'sweepLaw.label'), c.sweepSelect),
    r.sweepPlot.element,
    p.summary('summary.sweep', {
      signG: formula('sign(', v('g'), ')'),
      g: v('g'),
      N: v('N'),
      cosine: out.cosine,
      N2: v('N'),
      ratio: out.ratio,
    }),
  );
}

// The numbers and pictures of the clip of g (main thread).
function renderClip(widget, c, r, changed) {
  const { g, tau } = widget.state;
  const { clip } = widget.derived;
  const { byNorm, clippedNorm, cosine, turn } = clipReadout(g, clip);
  const { out, vectors } = r;
  out.norm.textContent = formatNumber(clip.norm.norm, 4);
  out.clipped.textContent = formatNumber(clippedNorm, 4);
  out.scale.textContent = formatNumber(clip.norm.scale, 4);
  out.turn.textContent = `${formatNumber(turn, 1)}°`;
  vectors.g.textContent = pair(g);
  vectors.norm.textContent = pair(byNorm);
  vectors.value.textContent = pair(clip.value);
  vectors.cosineNorm.textContent = clip.norm.norm > 0 ? '1.000' : '—';
  vectors.cosineValue.textContent = cosine === null ? '—' : formatNumber(cosine, 3);
  if (changed) {
    c.plane.draw({ g, tau, byNorm, byValue: clip.value });
    c.gEditor.setGhost(byNorm);
  }
  // What the tests and the host page can read off the element.
  Object.assign(widget.host.dataset, { norm: String(clip.norm.norm), clipped: byNorm.join(','), byValue: clip.value.join(',') });
}

// The training run's summary and traces (the run's input is the state it was computed for).
function renderRun(widget, r, { value: trace, input }) {
  const { out } = r;
  out.fraction.textContent = `${formatNumber(100 * trace.clipFraction, 1)}%`;
  out.median.textContent = formatNumber(trace.lateMedianGradNorm, 3);
  out.below.textContent = `${formatNumber(100 * trace.lateFractionBelowOne, 0)}%`;
  out.changeOverLr.textContent = formatNumber(trace.lateMeanAbsChangeOverLr, 3);
  r.normTrace.draw({ run: trace, tau: input.tau });
  r.lossTrace.draw({ run: trace, lr: input.lr });
  widget.host.dataset.clipFraction = String(trace.clipFraction);
}

function renderSweep(r, { value: rows }) {
  const { cosine, ratio } = sweepReadout(rows);
  r.out.cosine.textContent = formatNumber(cosine, 4);
  r.out.ratio.textContent = ratio === null ? '—' : formatNumber(ratio, 3);
  r.sweepPlot.draw({ rows });
}

// The three background jobs through the framework's scheduler (one in flight per kind, the newest
// input waiting). A panel keeps its last answer ({ value, input }), dimmed while it computes.
function createJobs(widget, panels) {
  const { host } = widget;
  const answers = {};
  const setBusy = busyJobs(host, (kind, on) => panels[kind].setAttribute('aria-busy', String(on)));
  const job = (kind) =>
    widget.background({
      run: (input) => runJob(widget.resources.worker, kind, input),
      onStart: () => setBusy(kind, true),
      onAnswer(value, input, { latest }) {
        if (!latest) return;
        answers[kind] = { value, input };
        setBusy(kind, false);
        widget.render();
      },
      onError(error, _input, { latest }) {
        if (!latest) return;
        setBusy(kind, false);
        const message = error instanceof Error ? error.message : String(error);
        widget.status(() => widget.language.t('core.rejected', { message }));
      },
    });
  const jobs = Object.fromEntries(KINDS.map((kind) => [kind, job(kind)]));
  return {
    answers,
    request: (kind, state) => jobs[kind].request(state),
    // The first answers, awaited before the widget shows, so it never shows an empty plot.
    first: (state) =>
      Promise.all(
        KINDS.map(async (kind) => {
          answers[kind] = { value: await runJob(widget.resources.worker, kind, state), input: state };
        }),
      ),
  };
}

/** The view of the framework (framework/create-widget.js). */
export function gradClipView(widget) {
  const { language } = widget;
  const p = pieces(language);
  const c = { ...createClipControls(widget, p), ...createRunControls(widget, p) };
  const r = createReadouts(language);
  // The R4 panel's three runs are computed while it is open (and once at the start, so it opens
  // full); a change made while it is closed is computed when it opens.
  const refreshWarmup = () => {
    const drawnFor = jobs.answers.warmup?.input ?? {};
    if (warmup.open && jobStale('warmup', widget.state, drawnFor)) jobs.request('warmup', widget.state);
  };
  const warmup = createWarmupPanel({ language, state: widget.state, busyMark: p.busyMark, onChange: widget.commit, onOpen: refreshWarmup });
  const panels = { run: runPanel(language, c, r, p), warmup: warmup.element, sweep: sweepPanel(language, c, r, p) };
  const jobs = createJobs(widget, panels);
  const element = el(
    'div',
    { class: 'widget' },
    clipChips(language, r.out),
    widget.statusElement,
    el('div', { class: 'grid' }, planePanel(language, c, p), gradientPanel(widget, c, r, p), panels.run, panels.warmup, panels.sweep),
  );

  let drawn = {};
  function render() {
    const { answers } = jobs;
    if (KINDS.some((kind) => !answers[kind])) return; // not ready yet (the framework draws once it is)
    const { clip } = widget.derived;
    renderClip(widget, c, r, drawn.clip !== clip);
    if (drawn.run !== answers.run) renderRun(widget, r, answers.run);
    if (drawn.sweep !== answers.sweep) renderSweep(r, answers.sweep);
    if (drawn.warmup !== answers.warmup) warmup.draw(answers.warmup.value, answers.warmup.input);
    drawn = { clip, ...answers };
  }

  // After a change: the jobs whose inputs changed run again; the controls other than the one the
  // change came from show the new state.
  function sync(previous, origin) {
    const next = widget.state;
    if (jobStale('run', next, previous)) jobs.request('run', next);
    if (jobStale('warmup', next, previous)) refreshWarmup();
    if (jobStale('sweep', next, previous)) jobs.request('sweep', next);
    if (origin !== 'g' && next.g !== previous.g) c.gEditor.setValues(next.g);
    if (origin !== 'tau' && next.tau !== previous.tau) c.tauSlider.setValue(next.tau);
    if (origin !== 'lr' && next.lr !== previous.lr) c.lrSlider.setValue(next.lr);
  }

  return { element: language.mark(element), render, sync, ready: jobs.first(widget.state) };
}
