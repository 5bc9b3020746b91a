// <mathlet-grad-clip>: the implementation, loaded when the element nears the viewport.
// Top: the reader drags a 2-D gradient g (in the plane or as bars), or draws one from a law, and
// slides the threshold tau; the core clips it by global norm (direction kept, norm capped) and by
// value (direction turned). Below: a small seeded training run with the same tau (norm trace, clip
// fraction, first-order loss change) and the N^(-1/2) learning-rate sweep for sign-type optimizers.
// Work is split so a drag only recomputes what it changes; updates are drawn once per animation frame.
import { load } from '../../core/index.js';
import { el, sym } from '../parts/create-element.js';
import { adoptStyles } from '../parts/shadow-styles.js';
import { createLogSlider } from '../parts/log-slider.js';
import { createPermalink, permalinkStyles } from '../parts/permalink.js';
import { formatNumber } from '../parts/number-text.js';
import { createVectorEditor } from '../parts/vector-editor.js';
import { createAdamSweepPlot } from './adam-sweep-plot.js';
import { readGradient, readTau, TAU_MAX, TAU_MIN } from './clip-attributes.js';
import { createClipPlane } from './clip-plane.js';
import { gradClipStyles } from './grad-clip-styles.js';
import { createLossChangeTrace } from './loss-change-trace.js';
import { createNormTrace } from './norm-trace.js';
import { drawGradient, LAWS } from './random-gradient.js';
import { runTraining, TRAINING_DEFAULTS, OPTIMIZERS, PROBLEMS, SWEEP_LAWS, SWEEP_SIZES } from './training-setup.js';

const v = (name) => el('var', { translate: 'no' }, name);
const select = (id, options, value, onchange) => el('select', { id, onchange: (event) => onchange(event.target.value) },
  ...options.map((o) => el('option', { value: o.id, selected: o.id === value }, o.name)));

export async function mount(host, root) {
  const core = await load({ include: ['vector'] });

  // ---- state ------------------------------------------------------------------------------
  // `attribute(name)` gives the text of an attribute (or of the same field in a permalink).
  const fromAttributes = (attribute = (name) => host.getAttribute(name)) => {
    const read = { g: readGradient(attribute('g')), tau: readTau(attribute('tau')) };
    return { values: { g: read.g.value, tau: read.tau.value }, problems: Object.values(read).map((r) => r.problem).filter(Boolean) };
  };
  const link = createPermalink(host, {
    fields: () => ({ g: state.g, tau: state.tau }),
    onRestore: (fields) => commit(fromAttributes((name) => fields[name] ?? host.getAttribute(name)).values),
  });
  const initial = fromAttributes((name) => link.get(name) ?? host.getAttribute(name));
  let state = { ...initial.values, law: 'gaussian', draw: 0, ...TRAINING_DEFAULTS, sweepLaw: 'gaussian-quantiles' };
  let view = null; // { clip, run, sweep } for `state`
  let frameRequested = false;

  function evaluate(next, previous) {
    const clipChanged = !previous || next.g !== previous.g || next.tau !== previous.tau;
    const runKeys = ['tau', 'optimizer', 'problem', 'lr', 'lossScale', 'seed'];
    const runChanged = !previous || runKeys.some((key) => next[key] !== previous[key]);
    const g = Float64Array.from(next.g);
    const clip = clipChanged ? {
      norm: core.clipByGlobalNorm([g], next.tau),
      value: Array.from(core.clipByValue([g], next.tau)[0]),
    } : view.clip;
    const run = runChanged ? runTraining(core, next) : view.run;
    const sweep = !previous || next.sweepLaw !== previous.sweepLaw ? core.adamScaleSweep(SWEEP_SIZES, { law: next.sweepLaw }) : view.sweep;
    return { clip, run, sweep };
  }

  /** Applies a change if the core accepts it; otherwise shows why and keeps the last valid state. */
  function commit(change, source = null) {
    const next = { ...state, ...change };
    let evaluated;
    try {
      evaluated = evaluate(next, view ? state : null);
    } catch (error) {
      showStatus(error instanceof Error ? error.message : String(error));
      return false;
    }
    const previous = state;
    state = next;
    view = evaluated;
    showStatus(null);
    if (source !== 'g' && next.g !== previous.g) gEditor.setValues(next.g);
    if (source !== 'tau' && next.tau !== previous.tau) tauSlider.setValue(next.tau);
    if (source !== 'lr' && next.lr !== previous.lr) lrSlider.setValue(next.lr);
    link.update();
    requestRender();
    return true;
  }

  // ---- controls ---------------------------------------------------------------------------
  const plane = createClipPlane({ onMove: (g) => commit({ g }, 'plane') });
  const gEditor = createVectorEditor({
    id: 'g', name: 'g', values: state.g, height: 150, ghostName: 'clip(g, τ)',
    onChange: (g) => commit({ g }, 'g'),
  });
  const tauSlider = createLogSlider({
    id: 'tau', name: 'τ', min: TAU_MIN, max: TAU_MAX, value: state.tau, ticks: [TAU_MIN, 1, TAU_MAX],
    label: el('span', {}, 'Threshold ', v('τ')),
    onChange: (tau) => commit({ tau }, 'tau'),
  });
  const lawSelect = select('law', LAWS, state.law, (law) => commit({ law }));
  const drawButton = el('button', { type: 'button', onclick: () => commit({ g: drawGradient(state.law, state.draw + 1), draw: state.draw + 1 }) }, 'Draw ', v('g'));
  const resetButton = el('button', { type: 'button', onclick: () => commit(fromAttributes().values) }, 'Reset');

  const lrSlider = createLogSlider({
    id: 'lr', name: 'η', min: 1e-3, max: 1, value: state.lr, ticks: [1e-3, 0.03, 1],
    label: el('span', {}, 'Learning rate ', v('η')),
    onChange: (lr) => commit({ lr }, 'lr'),
  });
  const scaleSlider = createLogSlider({
    id: 'scale', name: 'c', min: 1e-2, max: 1e2, value: state.lossScale, ticks: [1e-2, 1, 1e2],
    label: el('span', {}, 'Loss scale ', v('c')),
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
  const reseed = el('button', { type: 'button', onclick: () => commit({ seed: state.seed + 1 }) }, 'New noise');
  const sweepSelect = select('sweep-law', SWEEP_LAWS, state.sweepLaw, (sweepLaw) => commit({ sweepLaw }));

  // ---- readouts ---------------------------------------------------------------------------
  const out = {
    norm: sym(''), clipped: sym(''), scale: sym(''), turn: sym(''),
    fraction: sym(''), median: sym(''), below: sym(''), changeOverLr: sym(''), cosine: sym(''), ratio: sym(''),
  };
  const norm = (...inner) => el('span', { class: 'notranslate', translate: 'no' }, '‖', ...inner, '‖');
  const chip = (kind, value, ...label) => el('span', { class: `chip ${kind}` }, el('span', {}, ...label, kind === 'value' ? '' : ' ='), value);
  const clipReadouts = el('div', { class: 'readouts' },
    chip('', out.norm, norm(v('g'))),
    chip('norm', out.clipped, norm('clip(', v('g'), ', ', v('τ'), ')'), ' = min(', norm(v('g')), ', ', v('τ'), ')'),
    chip('norm', out.scale, 'scale ', el('span', { translate: 'no' }, 'min(1, ', v('τ'), '/', norm(v('g')), ')')),
    chip('value', out.turn, 'clip by value turns ', v('g'), ' by'));
  const runSummary = el('p', { class: 'summary' },
    'Clipping fired on ', out.fraction, ' of the steps. In the late half, the median ', norm(v('g')), ' is ', out.median,
    ', ', out.below, ' of the steps have ', norm(v('g')), ' < 1, and the mean ', el('span', { translate: 'no' }, '|ΔL|/η'), ' is ', out.changeOverLr, '.');
  const sweepSummary = el('p', { class: 'summary' },
    'The cosine between sign(', v('g'), ') and ', v('g'), ' at the largest ', v('N'), ' is ', out.cosine,
    '; going from ', v('N'), ' = 1000 to 4000 divides the learning rate by ', out.ratio, '.');

  const vectors = { g: sym(''), norm: sym(''), value: sym(''), cosines: sym('') };
  const pair = (a) => `(${a.map((x) => formatNumber(x, 3)).join(', ')})`;

  // ---- layout -----------------------------------------------------------------------------
  const normTrace = createNormTrace();
  const lossTrace = createLossChangeTrace();
  const sweepPlot = createAdamSweepPlot();
  const status = el('p', { class: 'status', role: 'alert', hidden: true });
  const widget = el('div', { class: 'widget' },
    clipReadouts,
    status,
    el('div', { class: 'grid' },
      el('section', { class: 'panel', 'aria-labelledby': 'plane-heading' },
        el('h3', { id: 'plane-heading' }, 'Clipping keeps the direction'),
        el('p', { class: 'hint' }, 'Drag the tip of ', v('g'), ' (or focus the picture and use the arrow keys). Outside the disk, clipping pulls ',
          v('g'), ' straight back to the circle; clipping each component to the dashed box turns it instead.'),
        plane.element,
        el('ul', { class: 'legend' },
          el('li', {}, el('span', { class: 'swatch g' }), el('span', { translate: 'no' }, 'g')),
          el('li', {}, el('span', { class: 'swatch norm' }), el('span', {}, 'clip by norm')),
          el('li', {}, el('span', { class: 'swatch value' }), el('span', {}, 'clip by value')),
          el('li', {}, el('span', { class: 'swatch disk' }), el('span', {}, 'norm at most ', v('τ'))))),
      el('section', { class: 'panel', 'aria-labelledby': 'g-heading' },
        el('h3', { id: 'g-heading' }, 'The gradient ', v('g'), ' and the threshold ', v('τ')),
        el('p', { class: 'hint' }, 'Bars are the components of ', v('g'), '; dashed marks are the components after clipping by norm (both shrink by the same factor).'),
        gEditor.element,
        el('div', { class: 'controls' }, tauSlider.element),
        el('div', { class: 'buttons' }, el('label', { for: 'law' }, 'Draw from'), lawSelect, drawButton, resetButton, link.element),
        el('dl', { class: 'vectors' },
          el('dt', {}, v('g')), el('dd', {}, vectors.g),
          el('dt', {}, 'clipped by norm'), el('dd', {}, vectors.norm),
          el('dt', {}, 'clipped by value'), el('dd', {}, vectors.value),
          el('dt', {}, 'cosine to ', v('g')), el('dd', {}, vectors.cosines))),
      el('section', { class: 'panel wide', 'aria-labelledby': 'run-heading' },
        el('h3', { id: 'run-heading' }, 'A small training run with the same ', v('τ')),
        el('p', { class: 'hint' }, '300 seeded steps on a toy problem; the gradient is clipped at ', v('τ'), ' before each step. ',
          'The prediction uses the noisy minibatch gradient, so it overstates the true decrease; late in training both stay below ', v('η'), '.'),
        el('div', { class: 'row' },
          el('label', { for: 'problem' }, 'Problem'), problemSelect,
          el('label', { for: 'optimizer' }, 'Optimizer'), optimizerSelect, reseed),
        el('div', { class: 'pair controls' }, lrSlider.element, scaleSlider.element),
        runSummary,
        el('div', { class: 'pair' },
          el('div', {},
            el('h4', {}, 'Gradient norm per step'),
            normTrace.element,
            el('ul', { class: 'legend' },
              el('li', {}, el('span', { class: 'swatch dot' }), el('span', {}, 'clipping fired')),
              el('li', {}, el('span', { class: 'swatch band' }), el('span', {}, 'late training')))),
          el('div', {},
            el('h4', {}, 'Loss change per step and its first-order prediction'),
            lossTrace.element,
            el('ul', { class: 'legend' },
              el('li', {}, el('span', { class: 'swatch early' }), el('span', { translate: 'no' }, '|ΔL|')),
              el('li', {}, el('span', { class: 'swatch norm' }), el('span', {}, 'first order ', el('span', { translate: 'no' }, 'ηₜ uₜ·gₜ'))),
              el('li', {}, el('span', { class: 'swatch box' }), el('span', {}, 'learning rate ', v('η'))))))),
      el('section', { class: 'panel wide', 'aria-labelledby': 'sweep-heading' },
        el('h3', { id: 'sweep-heading' }, 'Adam-type updates: the learning rate falls like ', el('span', { translate: 'no' }, '1/√', v('N'))),
        el('p', { class: 'hint' }, 'For sign updates the first-order step is ', el('span', { translate: 'no' }, 'η‖', v('g'), '‖₁ = η √', v('N'), ' ‖', v('g'), '‖ cos(sign ', v('g'), ', ', v('g'), ')'),
          '. With the norm and the cosine fixed, keeping the step fixed needs ', el('span', { translate: 'no' }, 'η ∝ 1/√', v('N')), ': four times the parameters, half the learning rate.'),
        el('div', { class: 'row' }, el('label', { for: 'sweep-law' }, 'Components drawn from'), sweepSelect),
        sweepPlot.element,
        sweepSummary)));


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

  let drawn = {};
  function render() {
    const started = performance.now();
    const { clip, run, sweep } = view;
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
    vectors.cosines.textContent = `${clip.norm.norm > 0 ? '1.000' : '—'} by norm, ${lengths > 0 ? formatNumber(dot / lengths, 3) : '—'} by value`;
    if (drawn.clip !== clip) {
      plane.draw({ g, tau: state.tau, byNorm, byValue: clip.value });
      gEditor.setGhost(byNorm);
    }
    if (drawn.run !== run) {
      out.fraction.textContent = `${formatNumber(100 * run.clipFraction, 1)}%`;
      out.median.textContent = formatNumber(run.lateMedianGradNorm, 3);
      out.below.textContent = `${formatNumber(100 * run.lateFractionBelowOne, 0)}%`;
      out.changeOverLr.textContent = formatNumber(run.lateMeanAbsChangeOverLr, 3);
      const colors = getComputedStyle(host);
      normTrace.draw({ run, tau: state.tau, error: colors.getPropertyValue('--mlt-error').trim() || '#c0392b' });
      lossTrace.draw({ run, lr: state.lr });
    }
    if (drawn.sweep !== sweep) {
      out.cosine.textContent = formatNumber(sweep.at(-1).cosine, 4);
      const at = (n) => sweep.find((r) => r.n === n);
      out.ratio.textContent = at(1000) && at(4000) ? formatNumber(at(1000).lr / at(4000).lr, 3) : '—';
      sweepPlot.draw({ rows: sweep });
    }
    drawn = { clip, run, sweep };
    host.dataset.norm = String(clip.norm.norm);
    host.dataset.clipped = byNorm.join(',');
    host.dataset.byValue = clip.value.join(',');
    host.dataset.clipFraction = String(run.clipFraction);
    performance.measure('mathlet-grad-clip render', { start: started });
  }

  view = evaluate(state, null);
  adoptStyles(root, gradClipStyles, permalinkStyles);
  root.replaceChildren(widget);
  render();
  if (initial.problems.length) showStatus(`Ignored: ${initial.problems.join('; ')}.`);

  const attributeReaders = { g: (text) => ({ g: readGradient(text) }), tau: (text) => ({ tau: readTau(text) }) };
  return {
    // A changed attribute replaces that part of the state; a bad one is reported and ignored.
    attributeChanged(name, text) {
      const [[key, read]] = Object.entries(attributeReaders[name](text));
      if (read.problem) return showStatus(`Ignored: ${read.problem}.`);
      commit({ [key]: read.value });
    },
  };
}
