// What <mathlet-performer> shows: the controls; the mean TV against m for every kind (worker); the
// maps of S, P̂ and P̂ − S with the TV of each row; for the studied pair, the histograms of K̂/SM over
// feature draws (worker) and the relative sd against the angle (closed form). Built once;
// render(parts) redraws at most once per frame: everything, or only the part whose worker answer
// arrived ('sweep', 'spread').
import { matrixDifference } from '../parts/canvas-heatmap.js';
import { el, sym } from '../parts/create-element.js';
import { formatNumber } from '../parts/number-text.js';
import { createAnglePlot } from './performer-angle-plot.js';
import { createControls, createPairControls } from './performer-controls.js';
import { busyJobs } from '../framework/busy-jobs.js';
import { createMatrixJob, createSpreadJob, createSweepJob } from './performer-jobs.js';
import { layout } from './performer-layout.js';
import { createAttentionMap } from './performer-maps.js';
import { createSpreadPlots } from './performer-spread-plots.js';
import { createPerformerPanels } from './performer-panels.js';
import { createTvPlot } from './performer-tv-plot.js';

const largest = (data, f = (x) => x) => data.reduce((best, x) => Math.max(best, f(x)), 0);

/**
 * The colour scale of a map: the 99th percentile of |entries| (from at most 4096 of them, evenly
 * spaced), so that the few large weights of sharp rows do not wash out the many small ones (most
 * weights of a row of n are near 1/n); larger entries saturate.
 */
export function colourScale(data) {
  const step = Math.max(1, Math.floor(data.length / 4096));
  const sample = new Float64Array(Math.ceil(data.length / step));
  for (let k = 0; k < sample.length; k++) sample[k] = Math.abs(data[k * step]);
  sample.sort(); // a typed array sorts numerically, natively: a tenth of Array#sort with a comparator
  return sample[Math.floor(0.99 * (sample.length - 1))] || largest(data, Math.abs) || 1;
}
const count = (x) => String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const flops = (x) => (x >= 1e9 ? `${formatNumber(x / 1e9, 2)} G` : x >= 1e6 ? `${formatNumber(x / 1e6, 2)} M` : count(x));

function createReadouts(widget) {
  const { language } = widget;
  const { t } = language;
  const pick = (row, key) => widget.commit({ row, key });
  return {
    chips: {
      tv: sym(''),
      worst: sym(''),
      negatives: sym(''),
      scale: sym(''),
      softmax: sym(''),
      performer: sym(''),
      logit: sym(''),
      kernel: sym(''),
      angle: sym(''),
      sum: sym(''),
      difference: sym(''),
    },
    mapData: createMapData(),
    maps: {
      S: createAttentionMap({ title: t('map.S'), onPick: pick }),
      P: createAttentionMap({ title: t('map.P'), onPick: pick }),
      diff: createAttentionMap({ title: t('map.diff'), bars: true, onPick: pick }),
    },
    tvPlot: createTvPlot(language),
    anglePlot: createAnglePlot(language),
    spreadPlots: createSpreadPlots(language),
    // Filled by showLine (computing, or why a computation failed).
    lines: {
      matrices: el('p', { class: 'computing', role: 'status', hidden: true, 'data-line': 'matrices' }, t('computing.matrices')),
      sweep: el('p', { class: 'computing', role: 'status', hidden: true, 'data-line': 'sweep' }),
      spread: el('p', { class: 'computing', role: 'status', hidden: true, 'data-line': 'spread' }),
    },
  };
}

function renderChips(chips, { matrices, state, scale, cost, pair }) {
  chips.tv.textContent = matrices ? formatNumber(matrices.meanTv, 4) : '…';
  chips.worst.textContent = matrices ? formatNumber(matrices.maxTv, 3) : '…';
  chips.negatives.textContent = matrices ? count(matrices.negatives) : '…';
  chips.negatives.closest('.chip').classList.toggle('bad', Boolean(matrices?.negatives));
  chips.scale.textContent = `${formatNumber(state.sharpness, 2)} → s = ${formatNumber(scale, 4)}`;
  chips.softmax.textContent = flops(cost.softmaxFlops);
  chips.performer.textContent = flops(cost.performerFlops);
  chips.logit.textContent = formatNumber(pair.logit, 3);
  chips.kernel.textContent = formatNumber(Math.exp(pair.logit), 4);
  chips.angle.textContent = `${formatNumber((pair.angle * 180) / Math.PI, 1)}°`;
  chips.sum.textContent = formatNumber(Math.hypot(...pair.q.map((x, c) => x + pair.k[c])), 3);
  chips.difference.textContent = formatNumber(Math.hypot(...pair.q.map((x, c) => x - pair.k[c])), 3);
}

// P̂ − S and the colour scales of the matrices on screen, kept while S and P̂ stay (a change of the
// pair or of anything the maps do not show); a new difference is written over the last one's entries.
function createMapData() {
  let kept = { S: null, P: null, diff: null };
  return (S, P) => {
    if (kept.S !== S || kept.P !== P) {
      const diff = matrixDifference(P, S, kept.diff?.data);
      kept = { S, P, diff, scale: colourScale(S.data), diffScale: colourScale(diff.data) };
    }
    return kept;
  };
}

// The maps of the matrices on screen (those of the state, or the last ones while the worker computes).
function renderMaps(t, maps, mapData, { matrices, state }) {
  if (!matrices) return;
  const { S, P, tv, negatives } = matrices;
  const n = S.rows;
  const pair = { row: Math.min(state.row, n - 1), key: Math.min(state.key, n - 1) };
  const { diff, scale, diffScale } = mapData(S, P);
  const what = (key, extra) => t(`map.${key}.label`, { n, row: pair.row, key: pair.key, ...extra });
  maps.S.draw({ title: t('map.S'), matrix: S, scale, pair, note: t('map.S.note', { n, max: formatNumber(scale, 3) }), label: what('S') });
  maps.P.draw({
    title: t('map.P'),
    matrix: P,
    scale,
    pair,
    note: negatives ? t('map.P.negative', { count: count(negatives) }) : t('map.P.note'),
    label: what('P', { negatives: count(negatives) }),
  });
  maps.diff.draw({
    title: t('map.diff'),
    matrix: diff,
    scale: diffScale,
    pair,
    tv,
    note: t('map.diff.note', { max: formatNumber(diffScale, 3) }),
    label: what('diff', { max: formatNumber(diffScale, 3), tv: formatNumber(matrices.meanTv, 3) }),
  });
}

// A part's line: "computing…" while its job runs (its panel marked aria-busy, dimmed), the reason
// when the job failed, else nothing.
function showLine(line, on, failure, computing) {
  line.hidden = !on && !failure;
  line.classList.toggle('failed', Boolean(failure));
  line.textContent = failure ?? computing;
  line.closest('[data-panel]')?.setAttribute('aria-busy', String(on));
}

// What tests and the host page can read off the element.
function describeOnHost(host, { state, matrices, scale }) {
  Object.assign(host.dataset, {
    n: String(state.n),
    m: String(state.m),
    kind: state.kind,
    row: String(state.row),
    key: String(state.key),
    scale: String(scale),
    meanTv: matrices ? String(matrices.meanTv) : '',
    negatives: matrices ? String(matrices.negatives) : '',
  });
}

/** The view of the framework (framework/create-widget.js). */
export function performerView(widget) {
  const { host, language } = widget;
  const { t } = language;
  const c = createControls(widget);
  const p = createPairControls(widget);
  const r = createReadouts(widget);
  const busy = busyJobs(host, (name, on, failure) => showLine(r.lines[name], on, failure, t(`computing.${name}`)));
  const matrixJob = createMatrixJob(widget, busy);
  const sweep = createSweepJob(widget, busy);
  const spread = createSpreadJob(widget, busy);
  const panels = createPerformerPanels(widget);

  // Each plot is drawn again only when what it shows changed (a Plot render is a few ms): the curves
  // when a point arrived (m and the draw on screen only move a marker over them: performer-tv-plot.js),
  // the angle plot when its curves did.
  const drawn = { sweep: null, angle: null };
  const drawSweep = () => {
    const current = widget.derived.pending ? null : widget.derived.matrices?.meanTv;
    const key = `${sweep.version}|${widget.state.m}|${current}|${language.lang}`;
    if (key === drawn.sweep) return;
    drawn.sweep = key;
    r.tvPlot.draw({ rows: sweep.rows, version: sweep.version, m: widget.state.m, current });
  };
  const drawAngle = ({ angle, pair }) => {
    if (drawn.angle?.angle === angle && drawn.angle.lang === language.lang) return;
    drawn.angle = { angle, lang: language.lang };
    r.anglePlot.draw({ angle, pair });
  };
  // A change draws the readouts and the maps in its own frame and the angle plot (a Plot render of
  // 3 to 5 ms, new whenever m, d or the pair change) in the next ('angle'), so the frame of a change
  // stays within 16 ms at the defaults.
  function render(parts) {
    const { derived } = widget;
    if (parts.has('all') || parts.has('sweep')) drawSweep();
    // The histograms change only when the worker answers (and redraw themselves on a language switch).
    if (parts.has('spread')) r.spreadPlots.draw(spread.panels);
    if (parts.has('angle')) drawAngle(derived);
    panels.render(parts);
    if (!parts.has('all')) return;
    if (!r.lines.matrices.classList.contains('failed')) r.lines.matrices.hidden = !derived.pending;
    renderChips(r.chips, derived);
    renderMaps(t, r.maps, r.mapData, derived);
    widget.render('angle');
    describeOnHost(host, derived);
  }
  function sync() {
    c.show(widget.state);
    p.show(widget.state);
    matrixJob.update();
    sweep.update();
    spread.update();
  }

  const element = layout(widget, { c, p, r, panels: panels.elements });
  sync();
  return {
    element,
    render,
    sync,
    revert: () => {
      c.show(widget.state, { force: true });
      p.show(widget.state, { force: true });
    },
  };
}
