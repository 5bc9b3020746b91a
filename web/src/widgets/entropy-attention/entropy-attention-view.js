// What <mathlet-entropy-attention> shows: the headline (how much the entropy rises from n = 64 to
// 4096 under the standard and log n scales, λ at the calibration length); the controls beside the
// main picture E2 (entropy against length for five scale rules, from the worker); the JL picture E7
// (the histogram of ρ with χ²_k/k, the k each bound asks for, d_n against n); and entropy
// normalization E6 (the bars of p, H(γ) with both roots, the solver against the article's loop).
// Below them, closed until opened, the panels E1 (one row), E3 (restoring factors) and E5 (the floor).
// Built once; render(parts) redraws at most once per frame: the readouts ('all', then the plots in
// the next frames), or the sweep plot alone ('sweep', when the worker answers).
import { busyJobs } from '../framework/busy-jobs.js';
import { sym } from '../parts/create-element.js';
import { formatNumber } from '../parts/number-text.js';
import { createControls } from './entropy-attention-controls.js';
import { createSweep } from './entropy-attention-jobs.js';
import { createEntropyPanels } from './entropy-attention-panels.js';
import { layout } from './entropy-attention-layout.js';
import { createBarsPlot, createGammaPlot, createHeadPlot, createRhoPlot, createSweepPlot, loopEnd } from './entropy-attention-plots.js';

const CHIPS = [
  'standard',
  'logn',
  'scale',
  'within',
  'simple',
  'chernoff',
  'exact',
  'rule8',
  'solverGamma',
  'solverH',
  'loopGamma',
  'loopH',
];

/** The rise of a curve's mean entropy from n = 64 to n = 4096 (the headline's numbers). */
export function rise(curve) {
  const at = (n) => curve.find((p) => p.n === n)?.mean ?? Number.NaN;
  return at(4096) - at(64);
}

function createReadouts(language) {
  return {
    chips: Object.fromEntries(CHIPS.map((key) => [key, sym('')])),
    sweepPlot: createSweepPlot(language),
    rhoPlot: createRhoPlot(language),
    headPlot: createHeadPlot(language),
    barsPlot: createBarsPlot(language),
    gammaPlot: createGammaPlot(language),
  };
}

const finiteOr = (x, digits, otherwise = '—') => (Number.isFinite(x) ? formatNumber(x, digits) : otherwise);

function renderJl(r, { jl }) {
  const c = r.chips;
  const { distortion, bounds } = jl;
  c.within.textContent = `${formatNumber(100 * distortion.withinEps, 3)}%`;
  c.simple.textContent = String(bounds.kSimple);
  c.chernoff.textContent = String(bounds.kChernoff);
  c.exact.textContent = String(bounds.kExact);
  c.rule8.textContent = formatNumber(bounds.rule8, 3);
}

function renderNormal(r, warnings, { normal }) {
  const c = r.chips;
  const { solver, loop } = normal;
  const ok = solver.status === 'ok';
  c.solverGamma.textContent = ok ? formatNumber(solver.gamma, 6) : '—';
  c.solverH.textContent = ok ? formatNumber(solver.H, 6) : '—';
  c.loopGamma.textContent = finiteOr(loopEnd(loop), 6, 'NaN');
  c.loopH.textContent = finiteOr(loop.steps.at(-1)?.entropy, 6, 'NaN');
  warnings.status.hidden = ok;
  if (!ok) warnings.status.replaceChildren(warnings.statusText(solver.status));
  warnings.reversed.hidden = !loop.reversed;
  warnings.overflow.hidden = !loop.overflow;
  warnings.nan.hidden = !loop.nan;
}

// What tests and the host page can read off the element: the state and what the panels show.
function describeOnHost(host, { state, jl, normal }) {
  Object.assign(host.dataset, {
    d: String(state.d),
    gain: String(state.gain),
    keys: state.keys,
    rows: String(state.rows),
    seed: String(state.seed),
    base: String(state.base),
    k: String(state.k),
    eps: String(state.eps),
    dist: state.dist,
    target: String(state.target),
    withinEps: String(jl.distortion.withinEps),
    kExact: String(jl.bounds.kExact),
    kChernoff: String(jl.bounds.kChernoff),
    kSimple: String(jl.bounds.kSimple),
    solverStatus: normal.solver.status,
    solverGamma: String(normal.solver.gamma),
    solverH: String(normal.solver.H),
    loopGamma: String(loopEnd(normal.loop)),
    loopReversed: String(normal.loop.reversed),
    loopBroken: String(normal.loop.overflow || normal.loop.nan),
  });
}

/** The view of the framework (framework/create-widget.js). */
export function entropyAttentionView(widget) {
  const { host, language } = widget;
  const c = createControls(widget);
  const r = createReadouts(language);
  const busy = busyJobs(host);
  const sweep = createSweep(widget, busy);
  const panels = createEntropyPanels(widget, sweep);
  const { element, warnings, computing } = layout(widget, c, r, panels.elements);

  function renderSweep() {
    computing.hidden = host.dataset.sweep !== 'pending';
    const { curves } = sweep;
    const s = widget.state;
    r.chips.scale.textContent = formatNumber(s.gain / Math.sqrt(s.d), 4);
    if (!curves) return;
    const standard = rise(curves.standard);
    const logn = rise(curves.logn);
    r.chips.standard.textContent = formatNumber(standard, 3);
    r.chips.logn.textContent = formatNumber(logn, 3);
    host.dataset.riseStandard = String(standard);
    host.dataset.riseLogn = String(logn);
    host.dataset.riseChiang = String(rise(curves.chiang));
    host.dataset.sweepKey = sweep.key;
    r.sweepPlot.update({ curves, base: Number(sweep.key.split('|').at(-1)), version: sweep.version });
    widget.render('floor'); // the floor panel's points are this sweep's (drawn only while it is open)
  }

  // A change draws the readouts (and the sweep, when the worker's curves are new) in its frame, the
  // JL plots and the bars of p in the next one ('plots') and H(γ) in the one after ('gamma'): a chart
  // costs a few milliseconds, and each is drawn again only when what it shows changed.
  function render(parts) {
    const { derived } = widget;
    panels.render(parts);
    if (parts.has('request')) sweep.update();
    if (parts.has('all')) {
      renderJl(r, derived);
      renderNormal(r, warnings, derived);
      describeOnHost(host, derived);
      renderSweep();
      widget.render('plots');
      return;
    }
    if (parts.has('sweep')) renderSweep();
    if (parts.has('plots')) {
      r.rhoPlot.update(derived);
      r.headPlot.update(derived.state);
      r.barsPlot.update(derived);
      widget.render('gamma');
    }
    if (parts.has('gamma')) r.gammaPlot.update(derived);
  }

  // After a change: the controls show it; a new draw, gain or base restarts the sweep.
  function sync(_previous, origin) {
    c.show(widget.state, { origin });
    sweep.schedule();
  }

  sweep.schedule();
  return {
    element,
    render,
    sync,
    revert: () => c.show(widget.state, { force: true }),
  };
}
