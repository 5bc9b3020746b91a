// What <mathlet-cur-retrieval> shows: the readouts (recall@k at the k_r on screen, CE calls per
// query and the saving against scoring every item, κ(W) and the rank rtol keeps), the CE-call
// meter, X2 (recall against CE calls per query, one curve per k_i, baselines), the spectrum of R
// and W with k_i marked, X1 (one test query: exact score against s-hat) and the anchor-rule panel.
// Built once; render(parts) redraws at most once per frame: the readouts and X1 ('all'), the plots
// as the worker's answers arrive ('evaluation', 'curves').
//
// Main-thread work per change: the state's checks; a new k_r or query is answered from what the
// page has (positions, the index E): recall from the true items' positions, and for a new query its
// exact row (n_i scorer calls) and s-hat = c E, timed as 'mathlet-cur-retrieval main-thread core'.
import { busyJobs } from '../framework/busy-jobs.js';
import { el, sym } from '../parts/create-element.js';
import { formatNumber } from '../parts/number-text.js';
import { timed } from '../parts/timed-measure.js';
import { approxScores, callMeter, energy, queryBase, queryPicture, recallFromPositions, topIds } from './cur-retrieval-compute.js';
import { createControls } from './cur-retrieval-controls.js';
import { createEvaluation } from './cur-retrieval-jobs.js';
import { layout } from './cur-retrieval-layout.js';
import { createRetrievalPanels } from './cur-retrieval-panels.js';
import { createRecallPlot, createScatter, createSpectrumPlot } from './cur-retrieval-plots.js';
import { evaluationKey, generatorKey } from './cur-retrieval-state.js';

const CHIPS = ['ki', 'k', 'recall', 'calls', 'saving', 'kappa', 'rank'];
const TEST_QUERY_BASE = 2 ** 31;
/** A number of calls: whole numbers as they are, means to one decimal. */
export const callCount = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const finiteOr = (x, digits, otherwise = '∞') => (Number.isFinite(x) ? formatNumber(x, digits) : otherwise);

// Slot nodes (numbers, kept from translators) filled at each render; the sentences around them are
// bound once (language.rich), so a render only sets text.
const slots = (...names) => Object.fromEntries(names.map((name) => [name, sym('')]));

function createReadouts(language) {
  const chips = slots(...CHIPS);
  const offline = slots('kq', 'items', 'value');
  const perQuery = slots('ki', 'rest', 'value', 'nominal', 'items');
  const pending = slots('ki', 'kr', 'nominal', 'items');
  const energy = slots('ki', 'value');
  const ill = slots('value', 'limit');
  const wide = slots('ki', 'kq');
  const query = slots('recall', 'inside', 'kr');
  ill.limit.textContent = '10³';
  const line = (key, s) => language.rich(key, s, 'p');
  const meterBar = el('span', { class: 'meter-fill' });
  const readouts = {
    chips,
    slots: { offline, perQuery, pending, energy, ill, wide, query },
    lines: {
      perQuery: line('meter.perQuery', perQuery),
      pending: line('meter.pending', pending),
      energy: language.rich('spectrum.energy', energy, 'p'),
      ill: language.rich('spectrum.ill', ill, 'p'),
      wide: language.rich('spectrum.wide', wide, 'p'),
      query: language.rich('scatter.readout', query, 'p'),
      waiting: el('p', {}, language.text('scatter.waiting')),
    },
    meterBar,
    recallPlot: createRecallPlot(language),
    spectrumPlot: createSpectrumPlot(language),
    scatter: createScatter(language),
    computing: el('p', { class: 'computing', role: 'status', hidden: true }, language.text('recall.computing')),
    legend: el('ul', { class: 'legend curves' }),
    // Legend words, bound once (the legend's items are rebuilt with the curves).
    words: Object.fromEntries(
      ['baseline.random', 'baseline.de4', 'baseline.de6', 'recall.exhaustive'].map((key) => [key, language.text(key)]),
    ),
  };
  const { lines } = readouts;
  for (const [name, node] of Object.entries(lines)) node.classList.add(name === 'ill' || name === 'wide' ? 'warning' : 'hint');
  lines.perQuery.classList.add('meter-line');
  lines.pending.classList.add('meter-line');
  readouts.meter = el(
    'div',
    { class: 'meter', role: 'group', 'aria-labelledby': 'cr-meter-heading' },
    el('h4', { id: 'cr-meter-heading' }, language.text('meter.heading')),
    Object.assign(line('meter.offline', offline), { className: 'meter-line' }),
    language.attr(el('div', { class: 'meter-bar', 'aria-hidden': 'true' }, meterBar), 'title', 'meter.bar'),
    lines.perQuery,
    lines.pending,
  );
  readouts.energy = lines.energy;
  readouts.notes = el('div', {}, lines.ill, lines.wide);
  readouts.queryReadout = el('div', { class: 'readout' }, lines.query, lines.waiting);
  return readouts;
}

// The numbers as the page reads them (tests, host pages): the state on screen and its results.
function describeOnHost(host, state, main, recall, picture) {
  Object.assign(host.dataset, {
    kind: state.kind,
    ki: String(state.ki),
    kr: String(state.kr),
    k: String(state.k),
    kq: String(state.kq),
    items: String(state.items),
    anchors: state.anchors,
    rtol: String(state.rtol),
    query: String(state.query),
    transform: String(state.transform),
    recall: main ? String(recall) : '',
    kappa: main ? String(main.kappa) : '',
    rank: main ? String(main.rank) : '',
    queryRecall: picture ? String(picture.recall) : '',
    threshold: picture ? String(picture.threshold) : '',
  });
}

// The meter (R6): offline k_q n_i calls, per query k_i + |C \ A_I| against n_i, and its bar (log scale).
function renderMeter(r, state, main) {
  const m = callMeter(state, main);
  const put = (group, values) => {
    for (const [name, value] of Object.entries(values)) r.slots[group][name].textContent = callCount(value);
  };
  put('offline', { kq: state.kq, items: state.items, value: m.offline });
  const known = m.perQuery !== null;
  r.lines.perQuery.hidden = !known;
  r.lines.pending.hidden = known;
  if (known) put('perQuery', { ki: state.ki, rest: m.perQuery - state.ki, value: m.perQuery, nominal: m.nominal, items: state.items });
  // Always, though hidden once the count is known: its text must not depend on whether a frame drew
  // the state while the worker was still at it (the translator test read a stale k_i from it).
  put('pending', { ki: state.ki, kr: state.kr, nominal: m.nominal, items: state.items });
  const calls = m.perQuery ?? m.nominal;
  r.meterBar.style.width = `${Math.min(100, (100 * Math.log(Math.max(1, calls))) / Math.log(state.items))}%`;
  return m;
}

function renderChips(t, r, state, main, m, recall) {
  const ch = r.chips;
  ch.ki.textContent = String(state.ki);
  ch.k.textContent = String(state.k);
  ch.recall.textContent = main ? formatNumber(recall, 4) : t('chip.pending');
  ch.calls.textContent = m.perQuery === null ? `≤ ${m.nominal}` : callCount(m.perQuery);
  ch.saving.textContent = m.saving.toFixed(1);
  ch.kappa.textContent = main ? finiteOr(main.kappa, 3) : t('chip.pending');
  ch.rank.textContent = main ? String(main.rank) : t('chip.pending');
}

// X2 and its legend: the curves so far, the baselines, the state on screen ringed.
function renderRecall(r, state, evaluation) {
  const { main } = evaluation;
  const curves = evaluation.curves();
  r.recallPlot.update({
    curves,
    baselines: evaluation.baselines,
    items: state.items,
    ki: state.ki,
    current: main
      ? { x: callMeter(state, main).perQuery ?? state.ki + state.kr, y: recallFromPositions(main.perQueryPositions.data, state.kr) }
      : null,
    version: `${evaluation.version}|${generatorKey(state)}|${curves.length}|${!!evaluation.baselines}`,
  });
  const swatch = (className, color, text, dashed = false) =>
    el('li', { class: `${color}${className}` }, el('span', { class: `swatch${dashed ? ' dashed' : ''}` }), text);
  r.legend.replaceChildren(
    ...curves.map(([ki], j) => swatch(ki === state.ki ? ' current' : '', `c${(j % 6) + 1}`, el('span', { translate: 'no' }, `kᵢ = ${ki}`))),
    ...Object.keys(evaluation.baselines?.values ?? {}).map((name) =>
      swatch('', `b-${name}`, el('span', {}, r.words[`baseline.${name}`]), true),
    ),
    el('li', { class: 'exhaustive' }, el('span', { class: 'swatch dot' }), el('span', {}, r.words['recall.exhaustive'])),
  );
}

// The spectrum of R and W, the energy before k_i, and what κ(W) or a wide W mean.
function renderSpectrum(r, state, evaluation) {
  const { main, spectrum } = evaluation;
  r.spectrumPlot.update({
    spectrum,
    wValues: main?.singularValues ?? null,
    ki: state.ki,
    kq: state.kq,
    rtol: state.rtol,
    version: `${generatorKey(state)}|${!!spectrum}|${evaluationKey(state)}|${!!main}`,
  });
  r.lines.energy.hidden = !spectrum;
  if (spectrum) {
    r.slots.energy.ki.textContent = String(state.ki);
    r.slots.energy.value.textContent = formatNumber(energy(spectrum, state.ki), 4);
  }
  const ill = !!main && main.kappa > 1e3;
  r.lines.ill.hidden = !ill;
  if (ill) r.slots.ill.value.textContent = finiteOr(main.kappa, 3);
  r.lines.wide.hidden = !(state.ki > state.kq);
  r.slots.wide.ki.textContent = String(state.ki);
  r.slots.wide.kq.textContent = String(state.kq);
}

// X1: one query's exact row (kept while the generator, the query and k stay) and s-hat = c E (again
// when the index changed), at the k_r on screen. compute() is the main thread's core work, done in
// a frame of its own ('query'); readout() and mark() only read what it made.
function createQueryView(widget, r, evaluation) {
  let base = { index: null, query: null, k: null, value: null };
  let row = { key: null, exact: null, truth: null };
  const current = (state) =>
    base.value !== null &&
    base.index === evaluation.index &&
    base.query === state.query &&
    base.k === state.k &&
    base.transform === state.transform;
  function compute(state) {
    const { index } = evaluation;
    timed('mathlet-cur-retrieval main-thread core', () => {
      const key = `${generatorKey(state)}|${state.query}|${state.k}|${state.transform}`;
      if (row.key !== key) {
        // Indexing f⁻¹(scores) (X5): the query's scores in that space too, so anchors stay on the diagonal.
        const scores = widget.resources.row(state, TEST_QUERY_BASE + state.query);
        const exact = state.transform ? widget.resources.core.inverseScores(scores, { kind: state.kind, beta: state.beta }).values : scores;
        row = { key, exact, truth: topIds(exact, state.k) };
      }
      const c = Float64Array.from(index.anchors, (a) => row.exact[a]);
      const value = queryBase({ exact: row.exact, approx: approxScores(c, index.E), anchors: index.anchors, k: state.k, truth: row.truth });
      base = { index, query: state.query, k: state.k, transform: state.transform, value };
    });
  }
  return {
    /** Whether the picture on screen is not the state's (an index and a query it has not drawn). */
    stale: (state) => evaluation.index !== null && !current(state),
    /** The picture of the state at its k_r, or null; sets the readout and moves the k_r line. */
    readout(state) {
      const picture = current(state) ? queryPicture(base.value, state.kr) : null;
      r.lines.waiting.hidden = !!picture;
      r.lines.query.hidden = !picture;
      if (!picture) return null;
      r.slots.query.recall.textContent = formatNumber(picture.recall, 3);
      r.slots.query.inside.textContent = String(picture.anchorsInside);
      r.slots.query.kr.textContent = String(picture.kr);
      r.scatter.mark(picture.threshold);
      return picture;
    },
    /** Computes the picture if it is stale and draws it. */
    draw(state) {
      if (evaluation.index === null) return;
      if (!current(state)) compute(state);
      r.scatter.update({ picture: queryPicture(base.value, state.kr) });
    },
  };
}

/** The view of the framework (framework/create-widget.js). */
export function curRetrievalView(widget) {
  const { host, language } = widget;
  const c = createControls(widget);
  const r = createReadouts(language);
  const busy = busyJobs(host);
  const evaluation = createEvaluation(widget, busy);
  const panels = createRetrievalPanels(widget, evaluation);
  const query = createQueryView(widget, r, evaluation);

  // The cheap readouts in every frame; the charts one per frame, in a chain after a change or an
  // answer of the worker ('recall', then 'spectrum', then 'query', the one-query picture with its
  // core work), so that no frame draws more than one chart.
  function render(parts) {
    panels.render(parts);
    const state = widget.state;
    const { main } = evaluation;
    if (parts.has('query')) query.draw(state);
    if (parts.has('recall') || parts.has('curves')) renderRecall(r, state, evaluation);
    if (parts.has('spectrum')) renderSpectrum(r, state, evaluation);
    r.computing.hidden = host.dataset.evaluation !== 'pending';
    const recall = main ? recallFromPositions(main.perQueryPositions.data, state.kr) : NaN;
    const m = renderMeter(r, state, main);
    renderChips(language.t, r, state, main, m, recall);
    const picture = query.readout(state);
    describeOnHost(host, state, main, recall, picture);
    Object.assign(widget.resources.live, {
      recall: main ? recall : null,
      callsPerQuery: m.perQuery,
      kappa: main ? main.kappa : null,
      rank: main ? main.rank : null,
      pending: host.dataset.evaluation === 'pending',
    });
    const stale = query.stale(state);
    busy('picture', stale);
    if (parts.has('all') || parts.has('evaluation')) widget.render('recall');
    else if (parts.has('recall')) widget.render('spectrum');
    else if (parts.has('spectrum') && stale) widget.render('query');
    else if (stale && !parts.has('query') && !parts.has('curves')) widget.render('query');
  }

  evaluation.update();
  return {
    element: layout(widget, c, r, panels.elements),
    render,
    sync: (_previous, origin) => {
      c.show(widget.state, { origin });
      evaluation.update();
    },
    revert: () => c.show(widget.state, { force: true }),
  };
}
