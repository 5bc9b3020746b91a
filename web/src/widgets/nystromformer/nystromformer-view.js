// What <mathlet-nystromformer> shows: the readouts of the approximation on screen (its errors
// against exact attention beside the Eckart–Young floor, κ(A), the interpolation gain, the largest
// logit); the controls; the error against m of every landmark rule and middle matrix (from the
// worker); heatmaps of S, S-hat and their difference with the landmarks marked; and the pseudo-inverse
// panel: rho_k and ||Z_k − A+|| for three iterations and the filter f_k(t) with A's singular values.
// Built once; render(parts) redraws at most once per frame: the readouts and heatmaps ('all', then
// the plots in the next frames), or only the sweep plot ('sweep', as its rows arrive) or the
// pseudo-inverse panel ('study', then 'filter').
import { el, sym } from '../parts/create-element.js';
import { formatNumber } from '../parts/number-text.js';
import { DRIFT_WARNING } from './nystromformer-attributes.js';
import { METHODS } from './nystromformer-background.js';
import { OVERFLOW_LOGIT, floorAt } from './nystromformer-compute.js';
import { createControls } from './nystromformer-controls.js';
import { busyJobs } from '../framework/busy-jobs.js';
import { createEvaluation, createSweep, createStudy } from './nystromformer-jobs.js';
import { createMaps } from './nystromformer-maps.js';
import { createFilterPlot, createStudyPlots, createSweepPlot } from './nystromformer-plots.js';
import { layout } from './nystromformer-layout.js';
import { attentionKey, scaleOf } from './nystromformer-state.js';
import { createNystromPanels } from './nystromformer-panels.js';

const CHIPS = ['error', 'floor', 'output', 'maxAbs', 'rowSums', 'negative', 'kappa', 'gain', 'logit', 'scale', 't1', 'kappaA'];

function createReadouts(language, core) {
  const chips = Object.fromEntries(CHIPS.map((key) => [key, sym('')]));
  const line = (key, slots) => el('p', { class: 'warning', hidden: true }, language.rich(key, slots));
  return {
    chips,
    maps: createMaps(language),
    sweepPlot: createSweepPlot(language),
    studyPlots: createStudyPlots(language),
    filterPlot: createFilterPlot(language, (t0, k) => core.pinvFilter(t0, { iters: k, method: 'razavi' })),
    sweepComputing: el('p', { class: 'computing', role: 'status', hidden: true }, language.text('sweep.computing')),
    studyComputing: el('p', { class: 'computing', role: 'status', hidden: true }, language.text('study.computing')),
    centres: el('p', { class: 'hint', hidden: true }, language.text('map.centres')),
    evaluating: el('p', { class: 'computing', role: 'status', hidden: true }, language.text('map.computing')),
    overflow: line('controls.overflow', { limit: sym('709.78') }),
    drift: line('controls.kDrift', { twenty: sym(String(DRIFT_WARNING)), rate: sym('3.25×'), A: el('var', { translate: 'no' }, 'A') }),
    pastThree: line('study.pastThree', { t0: sym('t₀'), three: sym('3'), one: sym('1'), three2: sym('3'), edge: sym('4.13') }),
    diverged: el('p', { class: 'warning', hidden: true, translate: 'no' }),
  };
}

const finiteOr = (x, digits, otherwise = '∞') => (Number.isFinite(x) ? formatNumber(x, digits) : otherwise);

function renderChips(t, r, { state, errors, nys, logit, singularValues }) {
  const c = r.chips;
  c.error.textContent = formatNumber(errors.relative, 4);
  c.floor.textContent = singularValues ? formatNumber(floorAt(singularValues, state.m), 4) : t('floor.pending');
  c.output.textContent = formatNumber(errors.output, 4);
  c.maxAbs.textContent = formatNumber(errors.maxAbs, 3);
  c.rowSums.textContent = formatNumber(errors.rowSumDev, 3);
  c.negative.textContent = formatNumber(errors.negativeMass, 3);
  c.kappa.textContent = finiteOr(nys.kappaA, 3);
  c.gain.textContent = finiteOr(nys.gain, 3);
  c.logit.textContent = formatNumber(logit, 2);
  c.scale.textContent = formatNumber(scaleOf(state), 4);
  r.overflow.hidden = !(logit > OVERFLOW_LOGIT);
  r.drift.hidden = !(state.pinv === 'iterative' && state.k > DRIFT_WARNING);
}

// The pseudo-inverse panel: its plots, the largest t0 and κ(A) of the matrix it iterates on, and what diverged.
function renderStudy(widget, r, job) {
  const { state, language } = widget;
  const { t } = language;
  const { study, version } = job;
  r.studyComputing.hidden = widget.host.dataset.study !== 'pending';
  if (!study) return;
  const sv = Array.from(study.singularValues);
  const alpha = study.runs.razavi.alpha;
  const t1 = alpha * sv[0] ** 2;
  r.chips.t1.textContent = formatNumber(t1, 4);
  r.chips.kappaA.textContent = finiteOr(sv[0] / sv.at(-1), 3);
  r.pastThree.hidden = !(t1 > 3);
  const diverged = METHODS.filter(([m]) => study.runs[m].diverged).map(([m]) =>
    t('study.diverged', { method: t(`method.${m}`), k: study.runs[m].history.at(-1)?.iter ?? 0 }),
  );
  r.diverged.hidden = diverged.length === 0;
  r.diverged.textContent = diverged.join(t('problems.separator'));
  const showK = state.pinv === 'iterative' && state.amatrix === 'landmarks';
  r.studyPlots.update({ study, k: state.k, showK, version });
}

// The filter plot: f_k for the k on screen, with the singular values of the study's A as dots.
function renderFilter(widget, r, { study, version }) {
  if (!study) return;
  const { k } = widget.state;
  r.filterPlot.update({ k, alpha: study.runs.razavi.alpha, singularValues: Array.from(study.singularValues), version });
}

// What tests and the host page can read off the element: the approximation on screen.
function describeOnHost(host, { state, errors, nys, singularValues }) {
  Object.assign(host.dataset, {
    preset: state.preset,
    n: String(state.n),
    d: String(state.d),
    tau: String(state.tau),
    m: String(state.m),
    landmarks: state.landmarks,
    pinv: state.pinv,
    k: String(state.k),
    seed: String(state.seed),
    error: String(errors.relative),
    output: String(errors.output),
    rowSumDev: String(errors.rowSumDev),
    negativeMass: String(errors.negativeMass),
    floor: singularValues ? String(floorAt(singularValues, state.m)) : '',
    kappa: String(nys.kappaA),
    gain: String(nys.gain),
  });
}

/** The view of the framework (framework/create-widget.js). */
export function nystromformerView(widget) {
  const { host, language } = widget;
  const { t } = language;
  const c = createControls(widget);
  const r = createReadouts(language, widget.resources.core);
  const busy = busyJobs(widget.host);
  const evaluation = createEvaluation(widget, busy);
  const sweep = createSweep(widget, busy);
  const study = createStudy(widget, busy);
  const panels = createNystromPanels(widget);

  function renderSweep() {
    const { state, errors } = widget.derived;
    r.sweepComputing.hidden = host.dataset.sweep !== 'pending';
    const values = widget.resources.spectrum(attentionKey(state));
    const floor = values ? (m) => floorAt(values, m) : null;
    r.sweepPlot.update({
      rows: sweep.rows,
      floor,
      n: state.n,
      current: { m: state.m, error: errors.relative },
      version: `${sweep.version}|${!!values}`,
    });
  }

  // A change draws the readouts and the heatmaps in its frame, the sweep and iteration plots in the
  // next one ('plots') and the filter plot in the one after ('filter'): a chart costs a few
  // milliseconds, and a change of inputs or a new answer of the worker redraws up to four of them.
  function render(parts) {
    panels.render(parts);
    if (parts.has('all')) {
      const { derived } = widget;
      renderChips(t, r, derived);
      r.evaluating.hidden = !derived.pending;
      r.centres.hidden = r.maps.draw(derived).marked;
      describeOnHost(host, derived);
      widget.render('plots');
      return;
    }
    if (parts.has('sweep') || parts.has('plots')) renderSweep();
    if (parts.has('study') || parts.has('plots')) {
      renderStudy(widget, r, study);
      widget.render('filter');
    }
    if (parts.has('filter')) renderFilter(widget, r, study);
  }

  // After a change: the controls show it; a large one is evaluated in the worker; new inputs or
  // scale restart the sweep, a new A the study (of the evaluation on screen).
  function sync(_previous, origin) {
    c.show(widget.state, { origin });
    evaluation.update();
    sweep.update();
    study.update();
  }

  sweep.update();
  study.update();
  return {
    element: layout(widget, c, r, panels.elements),
    render,
    sync,
    revert: () => c.show(widget.state, { force: true }),
  };
}
